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
        {P::node, "tone", S::scalar, false, "apology: the node apologises (lint checks a remedy follows)"},
        {P::node, "promise", S::scalar, false, "a commitment this node makes; must be a declared capability"},
        {P::node, "next", S::next, false, "the node that follows, or a list of branches"},

        {P::branch, "if", S::scalar, false, "condition; the branch is taken when it is true"},
        {P::branch, "goto", S::scalar, true, "the node this branch leads to"},

        {P::library, "version", S::scalar, false, "settings format version; must be 1"},
        {P::library, "policies", S::map, false, "conduct policies the engine enforces"},
        {P::library, "capabilities", S::scalar_list, false, "commitments the library can keep (promise: ids)"},
        {P::library, "locales", S::scalar_list, false, "locales every prompt should be translated into"},
        {P::library, "events", S::map, false, "events the host may signal, and the node each leads to"},

        {P::policies, "honor_cancellation", S::map, false, "a cancel request ends in a cancellation"},
        {P::policies, "no_upsell_after_cancel", S::scalar, false, "no upsell offer after a cancel request"},
        {P::policies, "escalate_on_request", S::map, false, "supervisor/agent requests escalate at once"},
        {P::policies, "max_attempts", S::scalar, false, "unclear replies to one question before on_fail"},
        {P::policies, "no_repeat_instructions", S::scalar, false, "always on: a done action is not instructed again"},
        {P::policies, "max_turns", S::scalar, false, "customer turns before escalation"},
        {P::policies, "repeat_contact", S::map, false, "escalate at once on the Nth contact"},
        {P::policies, "closing_courtesy", S::map, false, "no pleasantries when the problem is not solved"},

        {P::honor_cancellation, "max_offers", S::scalar, false, "retention offers allowed after a cancel request"},
        {P::honor_cancellation, "start", S::scalar, false, "script a cancel request leads to (offers allowed there)"},
        {P::honor_cancellation, "then", S::scalar, false, "the cancellation node, script.node"},
        {P::escalate_on_request, "then", S::scalar, false, "the escalation node, script.node"},
        {P::repeat_contact, "slot", S::scalar, false, "number slot counting contacts about the problem"},
        {P::repeat_contact, "at_least", S::scalar, false, "the contact count that escalates"},
        {P::closing_courtesy, "phrases", S::scalar_list, false, "pleasantries not said when unresolved"},
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
