// The compiled program's small helpers: node kind names, equality of values, lookups by name.
#include "model/program.hpp"

#include <algorithm>
#include <functional>

namespace parley::detail {

const char* to_string(NodeKind k) noexcept {
    switch (k) {
    case NodeKind::ask: return "ask";
    case NodeKind::ask_actions: return "ask";
    case NodeKind::instruct: return "instruct";
    case NodeKind::say: return "say";
    case NodeKind::offer: return "offer";
    case NodeKind::call: return "call";
    case NodeKind::lookup: return "lookup";
    case NodeKind::jump: return "goto";
    case NodeKind::branch: return "branch";
    case NodeKind::end: return "end";
    }
    return "?";
}

bool operator==(const Val& a, const Val& b) noexcept {
    if (a.type != b.type) return false;
    switch (a.type) {
    case SlotType::boolean: return a.boolean == b.boolean;
    case SlotType::number: return a.number == b.number;
    case SlotType::choice: return a.choice == b.choice;
    case SlotType::text: return a.text == b.text;
    }
    return false;
}

namespace {
Id find(const std::unordered_map<std::string, Id>& map, std::string_view name) {
    // Load-time and API-edge lookups only; the per-turn path uses ids.
    auto it = map.find(std::string(name));
    return it == map.end() ? no_id : it->second;
}
}  // namespace

Id Program::find_script(std::string_view name) const { return find(script_ids, name); }
Id Program::find_slot(std::string_view name) const { return find(slot_ids, name); }
Id Program::find_action(std::string_view name) const { return find(action_ids, name); }

Slice<const Node> Program::nodes_of(Id script) const {
    const Script& s = scripts[script];
    return {nodes.data() + s.first_node, nodes.data() + s.first_node + s.node_count};
}

namespace {
std::size_t node_key(Id script, std::string_view name) {
    return std::hash<std::string_view>{}(name) ^ (std::size_t{script} * 0x9E3779B97F4A7C15ull);
}
}  // namespace

Id Program::find_node(Id script, std::string_view name) const {
    Id found = no_id;  // the first of equal names, should a script ever hold two
    auto [first, last] = node_index.equal_range(node_key(script, name));
    for (auto it = first; it != last; ++it) {
        const Node& n = nodes[it->second];
        if (n.script == script && n.name == name) found = std::min(found, it->second);
    }
    return found;
}

Id Program::add_node(Node node) {
    Id id = static_cast<Id>(nodes.size());
    node_index.emplace(node_key(node.script, node.name), id);
    nodes.push_back(std::move(node));
    return id;
}

}  // namespace parley::detail
