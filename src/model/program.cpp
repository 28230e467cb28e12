#include "model/program.hpp"

namespace parley::detail {

const char* to_string(SlotType t) noexcept {
    switch (t) {
    case SlotType::boolean: return "boolean";
    case SlotType::choice: return "choice";
    case SlotType::number: return "number";
    case SlotType::text: return "text";
    }
    return "?";
}

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

const char* to_string(PolicyId p) noexcept {
    switch (p) {
    case PolicyId::honor_cancellation: return "honor_cancellation";
    case PolicyId::no_upsell_after_cancel: return "no_upsell_after_cancel";
    case PolicyId::escalate_on_request: return "escalate_on_request";
    case PolicyId::max_attempts: return "max_attempts";
    case PolicyId::no_repeat_instructions: return "no_repeat_instructions";
    case PolicyId::max_turns: return "max_turns";
    case PolicyId::repeat_contact: return "repeat_contact";
    case PolicyId::closing_courtesy: return "closing_courtesy";
    case PolicyId::promises: return "promises";
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

Id Program::find_node(Id script, std::string_view name) const {
    const Script& s = scripts[script];
    for (Id i = s.first_node; i < s.first_node + s.node_count; ++i)
        if (nodes[i].name == name) return i;
    return no_id;
}

}  // namespace parley::detail
