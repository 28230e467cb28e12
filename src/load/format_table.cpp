#include "load/format_table.hpp"

namespace parley::detail {

const std::vector<KeyInfo>& format_keys() {
    using P = KeyPlace;
    using S = KeyShape;
    static const std::vector<KeyInfo> table = {
        {P::script, "script", S::scalar, true, "script id, unique in the library"},
        {P::script, "version", S::scalar, true, "script format version; must be 1"},
        {P::script, "title", S::text, false, "human-readable title"},
        {P::script, "locale", S::scalar, false, "locale of the script's text (default en)"},
        {P::script, "slots", S::map, false, "typed session memory, shared by name across scripts"},
        {P::script, "start", S::scalar, true, "id of the first node"},
        {P::script, "nodes", S::map, true, "the script's nodes by id"},

        {P::slot, "type", S::scalar, true, "boolean, choice, number or text"},
        {P::slot, "choices", S::scalar_list, false, "the allowed values of a choice slot"},
        {P::slot, "min", S::scalar, false, "smallest allowed number"},
        {P::slot, "max", S::scalar, false, "largest allowed number"},
        {P::slot, "prefill", S::scalar, false, "true when the host usually knows it at start"},
        {P::slot, "description", S::scalar, false, "what the slot means"},

        {P::node, "ask", S::text, false, "a question to the customer"},
        {P::node, "instruct", S::text, false, "an instruction the customer carries out"},
        {P::node, "say", S::text, false, "a message that needs no reply, or an end's closing text"},
        {P::node, "offer", S::text, false, "a retention or upsell offer"},
        {P::node, "call", S::scalar, false, "run another script, then continue at next"},
        {P::node, "lookup", S::scalar, false, "a question for the host system"},
        {P::node, "goto", S::scalar, false, "jump to a node, or script.node"},
        {P::node, "end", S::scalar, false, "end with an outcome, or return to the caller"},
        {P::node, "slot", S::scalar, false, "the slot an ask, offer or lookup fills"},
        {P::node, "type", S::scalar, false, "actions: a multi-select of actions already done"},
        {P::node, "choices", S::scalar_list, false, "the action ids of a type: actions question"},
        {P::node, "action", S::scalar, false, "the action an instruct carries out"},
        {P::node, "kind", S::scalar, false, "offer kind: retention or upsell"},
        {P::node, "hint", S::text, false, "said when a reply is not understood"},
        {P::node, "max_attempts", S::scalar, false, "unclear replies before on_fail"},
        {P::node, "on_fail", S::scalar, false, "node to go to after max_attempts unclear replies"},
        {P::node, "repeat", S::scalar, false, "instruct again even when the action is done"},
        {P::node, "reason", S::scalar, false, "why repeat: true is needed"},
        {P::node, "set", S::map, false, "slots assigned when the node completes"},
        {P::node, "forget", S::scalar_list, false, "slots cleared when the node completes"},
        {P::node, "next", S::next, false, "the node that follows, or a list of branches"},

        {P::branch, "if", S::scalar, false, "condition; the branch is taken when it is true"},
        {P::branch, "goto", S::scalar, true, "the node this branch leads to"},
    };
    return table;
}

const KeyInfo* find_key(KeyPlace place, std::string_view key) {
    for (const KeyInfo& k : format_keys())
        if (k.place == place && k.key == key) return &k;
    return nullptr;
}

std::vector<std::string_view> keys_of(KeyPlace place) {
    std::vector<std::string_view> out;
    for (const KeyInfo& k : format_keys())
        if (k.place == place) out.push_back(k.key);
    return out;
}

}  // namespace parley::detail
