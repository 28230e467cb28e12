// The format's key table (see format_table.hpp): every key of scripts, policies.yaml and test files,
// where it goes, its shape and its allowed words. Words a key allows come from model/vocabulary.hpp.
#include "load/format_table.hpp"

#include <algorithm>

#include "model/vocabulary.hpp"

namespace parley::detail {

namespace {

constexpr std::string_view policy_name(PolicyId p) { return word_for(policy_words, p); }

// What an `end: return` ends with when nothing called its script: an end's outcomes, `return` aside.
std::vector<std::string_view> outcome_words_of_return() {
    std::vector<std::string_view> out = end_words();
    out.erase(std::remove(out.begin(), out.end(), return_word), out.end());
    return out;
}

constexpr Words<KeyPlace, 14> place_words = {{
    {KeyPlace::script, "script"}, {KeyPlace::slot, "slot"}, {KeyPlace::node, "node"}, {KeyPlace::branch, "branch"},
    {KeyPlace::library, "library"}, {KeyPlace::policies, "policies"},
    {KeyPlace::honor_cancellation, policy_name(PolicyId::honor_cancellation)},
    {KeyPlace::escalate_on_request, policy_name(PolicyId::escalate_on_request)},
    {KeyPlace::repeat_contact, policy_name(PolicyId::repeat_contact)},
    {KeyPlace::closing_courtesy, policy_name(PolicyId::closing_courtesy)},
    {KeyPlace::test_file, "test_file"}, {KeyPlace::test_case, "test_case"}, {KeyPlace::test_turn, "test_turn"},
    {KeyPlace::test_expect, "test_expect"},
}};

}  // namespace

std::string_view place_name(KeyPlace place) { return word_for(place_words, place); }

const std::vector<KeyInfo>& format_keys() {
    using P = KeyPlace;
    using S = KeyShape;
    using Id = PolicyId;
    static const std::vector<KeyInfo> table = {
        // ---- a script file ----
        {P::script, "script", S::word, true, "script id, unique in the library"},
        {P::script, "version", S::integer, true, "script format version; must be 1"},
        {P::script, "title", S::text, false, "human-readable title"},
        {P::script, "locale", S::word, false, "locale of the script's text (default en)"},
        {P::script, "slots", S::map, false, "typed session memory, shared by name across scripts", {}, P::slot},
        {P::script, "start", S::word, true, "id of the first node"},
        {P::script, "entry", S::boolean, false, "false when a host never starts it (it is only called); default true"},
        {P::script, "nodes", S::map, true, "the script's nodes by id", {}, P::node},
        {P::script, "actions", S::map, false, "action id -> {LOCALE: label, also: [synonyms]}: how actions are shown and named"},
        {P::script, "migrate", S::map, false, "old node id -> node it continues at, for sessions saved on an earlier version"},

        {P::slot, "type", S::word, true, "boolean, choice, number, text or date", words_of(slot_type_words)},
        {P::slot, "choices", S::scalar_list, false, "the allowed values of a choice slot; each an id, or {id: {LOCALE: label, also: [synonyms]}}"},
        {P::slot, "labels", S::map, false, "each choice's label: choice -> label, or choice -> {LOCALE: label, also: [synonyms]}"},
        {P::slot, "min", S::word, false, "smallest allowed value: a number; a date slot's a date (2027-07-01) or today + N"},
        {P::slot, "max", S::word, false, "largest allowed value: a number; a date slot's a date (2027-12-31) or today + N"},
        {P::slot, "prefill", S::boolean, false, "true when the host usually knows it at start"},
        {P::slot, "description", S::string, false, "what the slot means"},

        {P::node, "ask", S::text, false, "a question to the customer"},
        {P::node, "instruct", S::text, false, "an instruction the customer carries out"},
        {P::node, "say", S::text, false, "a message that needs no reply, or an end's closing text"},
        {P::node, "offer", S::text, false, "a retention or upsell offer"},
        {P::node, "call", S::word, false, "run another script, then continue at next"},
        {P::node, "lookup", S::word, false, "a question for the host system"},
        {P::node, "goto", S::word, false, "jump to a node, or script.node"},
        {P::node, "end", S::word, false, "end with an outcome, or return to the caller", end_words()},
        {P::node, "outcome", S::word, false, "on an end: return, the outcome when the script was not called", outcome_words_of_return()},
        {P::node, "slot", S::word, false, "the slot an ask, offer or lookup fills"},
        {P::node, "type", S::word, false, "actions: a multi-select of actions already done", {actions_type_word}},
        {P::node, "choices", S::scalar_list, false, "the action ids of a type: actions question"},
        {P::node, "action", S::word, false, "the action an instruct carries out"},
        {P::node, "kind", S::word, false, "offer kind: retention or upsell", words_of(offer_kind_words)},
        {P::node, "hint", S::text, false, "said when a reply is not understood"},
        {P::node, "max_attempts", S::integer, false, "unclear replies before on_fail"},
        {P::node, "on_fail", S::word, false, "node to go to after max_attempts unclear replies, or when an instruct's customer couldn't"},
        {P::node, "on_unknown", S::word, false, "lookup: node to go to when the host could not tell the value"},
        {P::node, "repeat", S::boolean, false, "instruct again even when the action is done"},
        {P::node, "reason", S::string, false, "why repeat: true is needed"},
        {P::node, "set", S::map, false, "slots assigned when the node completes"},
        {P::node, "forget", S::scalar_list, false, "slots cleared when the node completes"},
        {P::node, "tone", S::word, false, "apology: the node apologises (lint checks a remedy follows)", words_of(tone_words)},
        {P::node, "promise", S::word, false, "a commitment this node makes; must be a declared capability"},
        {P::node, "next", S::next, false, "the node that follows, or a list of branches", {}, P::branch},

        {P::branch, "if", S::string, false, "condition; the branch is taken when it is true"},
        {P::branch, "goto", S::word, true, "the node this branch leads to"},

        // ---- policies.yaml ----
        {P::library, "version", S::integer, false, "settings format version; must be 1"},
        {P::library, "policies", S::map, false, "conduct policies the engine enforces", {}, P::policies},
        {P::library, "capabilities", S::scalar_list, false, "commitments the library can keep (promise: ids)"},
        {P::library, "locales", S::scalar_list, false, "locales every prompt should be translated into"},
        {P::library, "events", S::map, false, "events the host may signal, and the node each leads to"},
        {P::library, "words", S::map, false, "reply words per locale: LOCALE -> {yes|no|accept|decline|none|done|couldnt: [words]}"},
        {P::library, "texts", S::map, false, "the engine's own texts per locale: text id -> {LOCALE: text}"},

        // A policy written as a map takes the settings of the place it holds; every policy also takes a
        // single value (a switch, or the number of a max_ policy).
        {P::policies, policy_name(Id::honor_cancellation), S::map, false, "a cancel request ends in a cancellation", {},
         P::honor_cancellation},
        {P::policies, policy_name(Id::no_upsell_after_cancel), S::boolean, false, "no upsell offer after a cancel request"},
        {P::policies, policy_name(Id::escalate_on_request), S::map, false, "supervisor/agent requests escalate at once", {},
         P::escalate_on_request},
        {P::policies, policy_name(Id::max_attempts), S::integer, false, "unclear replies to one question before on_fail"},
        {P::policies, policy_name(Id::no_repeat_instructions), S::boolean, false,
         "always on: a done action is not instructed again"},
        {P::policies, policy_name(Id::max_turns), S::integer, false, "customer turns before escalation"},
        {P::policies, policy_name(Id::repeat_contact), S::map, false, "escalate at once on the Nth contact", {},
         P::repeat_contact},
        {P::policies, policy_name(Id::closing_courtesy), S::map, false, "no pleasantries when the problem is not solved", {},
         P::closing_courtesy},

        {P::honor_cancellation, "max_offers", S::integer, false, "retention offers allowed after a cancel request"},
        {P::honor_cancellation, "start", S::word, false, "script a cancel request leads to (offers allowed there)"},
        {P::honor_cancellation, "then", S::word, false, "the cancellation node, script.node"},
        {P::escalate_on_request, "then", S::word, false, "the escalation node, script.node"},
        {P::repeat_contact, "slot", S::word, false, "number slot counting contacts about the problem"},
        {P::repeat_contact, "at_least", S::integer, false, "the contact count that escalates"},
        {P::closing_courtesy, "phrases", S::scalar_list, false, "pleasantries not said when unresolved: a list for every locale, or LOCALE -> list"},

        // Test files (*.test.yaml, docs/testing.md), read by src/load/test_reader.cpp. The order of
        // each place's keys is the order did-you-mean considers them in.
        {P::test_file, "library", S::string, false, "the scripts the cases run against, relative to the test file's folder"},
        {P::test_file, "tests", S::map_list, true, "the cases", {}, P::test_case},

        {P::test_case, "name", S::string, true, "what the case shows, unique in the file"},
        {P::test_case, "script", S::word, true, "the script to start"},
        {P::test_case, "locale", S::word, false, "the customer's locale (default: the script's)"},
        {P::test_case, "today", S::word, false, "today's date, YYYY-MM-DD, for dates relative to today (default: parley test --today, or the system date)"},
        {P::test_case, "prefill", S::map, false, "slot values the host knows at the start, read as replies"},
        {P::test_case, "done", S::scalar_list, false, "actions the customer has already done"},
        {P::test_case, "start", S::map, false, "assertions checked before any turn", {}, P::test_expect},
        {P::test_case, "turns", S::map_list, false, "the turns, taken in order", {}, P::test_turn},

        {P::test_turn, "reply", S::string, false, "the customer's reply to the current prompt"},
        {P::test_turn, "signal", S::word, false, "an event the customer expresses (cancel, supervisor, ..., locale TAG)"},
        {P::test_turn, "fill", S::map, false, "the host tells the session one slot's value"},
        {P::test_turn, "expect", S::map, false, "assertions checked after the step", {}, P::test_expect},

        {P::test_expect, "prompt", S::word, false, "the node of the prompt awaiting a reply (node or script.node)"},
        {P::test_expect, "text", S::string, false, "the prompt's text, exactly"},
        {P::test_expect, "text_contains", S::string, false, "text the prompt's text contains"},
        {P::test_expect, "said", S::string, false, "text a message of the turn, or the prompt, contains"},
        {P::test_expect, "understood", S::boolean, false, "whether the turn's reply was understood"},
        {P::test_expect, "not_asked", S::scalar_list, false, "nodes or slots no prompt so far was at or for"},
        {P::test_expect, "slots", S::map, false, "slot values (~: not known)"},
        {P::test_expect, "actions_done", S::scalar_list, false, "the actions done, exactly, in any order"},
        {P::test_expect, "actions_failed", S::scalar_list, false, "the actions the customer could not do, exactly, in any order"},
        {P::test_expect, "offers", S::map, false, "{KIND: N}: offers of each kind presented so far", words_of(offer_kind_words)},
        {P::test_expect, "policy", S::scalar_list, false, "conduct policies that changed the conversation's course"},
        {P::test_expect, "trace", S::scalar_list, false, "text some trace entry contains"},
        {P::test_expect, "outcome", S::word, false, "the outcome the conversation ended with",
         ended_outcome_words()},
        {P::test_expect, "hint", S::string, false, "the hint the prompt is asked again with, exactly (\"\": none)"},
    };
    return table;
}

const char* to_string(KeyShape s) noexcept {
    switch (s) {
    case KeyShape::word: return "word";
    case KeyShape::string: return "string";
    case KeyShape::integer: return "integer";
    case KeyShape::number: return "number";
    case KeyShape::boolean: return "boolean";
    case KeyShape::text: return "text";
    case KeyShape::scalar_list: return "list";
    case KeyShape::map: return "map";
    case KeyShape::next: return "next";
    case KeyShape::map_list: return "list of maps";
    }
    return "?";
}

const KeyInfo* find_key(KeyPlace place, std::string_view key) {
    for (const KeyInfo& k : format_keys())
        if (k.place == place && k.key == key) return &k;
    return nullptr;
}

const std::vector<std::string_view>& keys_of(KeyPlace place) {
    // Built once: the readers ask for a place's keys at every map they read.
    static const std::vector<std::vector<std::string_view>> by_place = [] {
        std::vector<std::vector<std::string_view>> out;
        for (const KeyInfo& k : format_keys()) {
            auto i = static_cast<std::size_t>(k.place);
            if (out.size() <= i) out.resize(i + 1);
            out[i].push_back(k.key);
        }
        return out;
    }();
    static const std::vector<std::string_view> none;
    auto i = static_cast<std::size_t>(place);
    return i < by_place.size() ? by_place[i] : none;
}

}  // namespace parley::detail
