// The 20-fact sessions whose heap issue 9 bounds (at most 1 KB live, trace off), shared by the heap
// benchmark (bench_heap.cpp) and the fault tests (tests/faults/test_session_heap.cpp): a script of
// 20 questions of every type (yes/no, choice, number, text) and a last one that keeps the session
// live, started with the 20 facts pre-filled by the host, or answered one per turn.
#pragma once

#include <cstddef>
#include <string>
#include <utility>

#include <parley/parley.hpp>

namespace parley_heap {

inline constexpr int session_facts = 20;

/// What slot i is: 0 yes/no, 1 choice, 2 number, 3 text (five of each).
inline int slot_kind(int i) { return i % 4; }
inline std::string slot_name(int i) { return "case" + std::to_string(i) + ".detail"; }

/// 20 questions, one per slot, then "anything else?", which the sessions below wait at.
inline std::string heap_script() {
    static const char* const types[] = {"{type: boolean}", "{type: choice, choices: [green, orange, blinking]}",
                                        "{type: number, min: 0, max: 100000}", "{type: text}"};
    std::string slots, nodes;
    for (int i = 0; i < session_facts; ++i) {
        std::string next = i + 1 < session_facts ? "ask" + std::to_string(i + 1) : "anything_else";
        slots += "  " + slot_name(i) + ": " + types[slot_kind(i)] + "\n";
        nodes += "  ask" + std::to_string(i) + ": {ask: \"Question " + std::to_string(i) + "?\", slot: " + slot_name(i) +
                 ", next: " + next + "}\n";
    }
    return "script: heap\nversion: 1\nslots:\n" + slots + "  more.help: {type: boolean}\nstart: ask0\nnodes:\n" + nodes +
           "  anything_else: {ask: \"Anything else?\", slot: more.help, next: done}\n"
           "  done: {end: resolved, say: \"Thanks.\"}\n";
}

/// The customer's answer to question i (a text answer is an account number, as long as real ones).
inline std::string answer(int i) {
    switch (slot_kind(i)) {
    case 0: return i % 8 ? "yes" : "no";
    case 1: return "orange";
    case 2: return std::to_string(1200 + 37 * i);
    default: return "ACC-" + std::to_string(40213377 + i);
    }
}

/// The 20 facts as a host knows them.
inline parley::Facts heap_facts() {
    parley::Facts facts;
    for (int i = 0; i < session_facts; ++i) {
        switch (slot_kind(i)) {
        case 0: facts.emplace_back(slot_name(i), parley::Value(i % 8 != 0)); break;
        case 2: facts.emplace_back(slot_name(i), parley::Value(1200 + 37 * i)); break;
        default: facts.emplace_back(slot_name(i), parley::Value(answer(i))); break;
        }
    }
    return facts;
}

/// Start options with a trace of `capacity` events (issue 9's bound is for the trace off: the ring
/// then allocates nothing).
inline parley::StartOptions with_trace(std::size_t capacity) {
    parley::StartOptions options;
    options.trace_capacity = capacity;
    return options;
}

/// Started with the 20 facts pre-filled (`facts`: heap_facts(), made before counting starts).
inline parley::Session prefilled_session(const parley::Library& lib, const parley::Facts& facts, std::size_t trace = 0) {
    return lib.start("heap", facts, {}, with_trace(trace));
}

/// Started empty, then the 20 questions answered one per turn.
inline parley::Session answered_session(const parley::Library& lib, std::size_t trace = 0) {
    parley::Session s = lib.start("heap", {}, {}, with_trace(trace));
    for (int i = 0; i < session_facts; ++i) (void)s.reply(answer(i));
    return s;
}

}  // namespace parley_heap
