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

bool operator==(const Val& a, const Val& b) noexcept { return ValView(a) == ValView(b); }

bool operator==(const ValView& a, const ValView& b) noexcept {
    if (a.type != b.type) return false;
    switch (a.type) {
    case SlotType::boolean: return a.boolean == b.boolean;
    case SlotType::number:
    case SlotType::date: return a.number == b.number;
    case SlotType::choice: return a.choice == b.choice;
    case SlotType::text: return a.text == b.text;
    }
    return false;
}

namespace {
Id find(const std::unordered_map<std::string, Id>& map, std::string_view name) {
    // Load-time and API-edge lookups only (restoring a snapshot looks up every fact's slot); the
    // per-turn path uses ids. The key's buffer is kept per thread, so a long name does not allocate.
    thread_local std::string key;
    key.assign(name.data(), name.size());
    auto it = map.find(key);
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

namespace {
std::uint64_t asker_key(Id script, Id slot) { return std::uint64_t(script) << 32 | slot; }
}  // namespace

Id Program::sole_asker(Id script, Id slot) const {
    auto it = sole_askers.find(asker_key(script, slot));
    return it == sole_askers.end() ? no_id : it->second;
}

void index_catalog(Program& p) {
    p.catalog.clear();
    p.catalog.reserve(p.slots.size());
    for (const SlotDecl& d : p.slots) {
        SlotInfo info;
        info.name = d.name;
        info.type = d.type;
        for (std::size_t i = 0; i < d.choices.size(); ++i) {
            bool labelled = i < d.labels.size() && !d.labels[i].empty();
            info.choices.push_back({d.choices[i], labelled ? d.labels[i] : d.choices[i]});
        }
        if (d.has_min && !d.min_today) info.min = d.min;
        if (d.has_max && !d.max_today) info.max = d.max;
        info.description = d.description;
        info.prefill = d.prefill;
        p.catalog.push_back(std::move(info));
    }
}

void index_sole_askers(Program& p) {
    p.sole_askers.clear();
    for (Id n = 0; n < p.nodes.size(); ++n) {
        const Node& node = p.nodes[n];
        if (node.slot == no_id) continue;
        auto [it, fresh] = p.sole_askers.emplace(asker_key(node.script, node.slot), n);
        if (!fresh) it->second = no_id;
    }
}

}  // namespace parley::detail
