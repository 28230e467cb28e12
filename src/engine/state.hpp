#pragma once
// A session's state: small, sparse, made of ids. Everything a step reads or writes is here, so a
// step can run on a copy and be committed with a swap (the strong exception guarantee).
#include <cstdint>
#include <vector>

#include "compile/program.hpp"

namespace parley::detail {

struct Fact {
    Id slot;
    Val value;
    Source source;
    Id node;             // where it was learned (no_id: pre-filled at the start)
    std::uint32_t turn;  // customer turn when it was learned (0: before the first reply)
};

struct DoneAction {
    Id action;
    Source source;
    Id node;
    std::uint32_t turn;
};

struct OfferMade {
    Id node;
    std::int8_t accepted = -1;  // -1: no answer yet
    std::uint32_t turn;
};

/// Why the engine (not an end node) ended a conversation.
enum class EngineEnd : std::uint8_t { none, gave_up, fault };

struct State {
    Id at = no_id;         // the node awaiting a reply, the node that ended, or the node to enter
    bool waiting = false;  // `at` awaits a reply
    std::vector<Id> call_stack;  // the call nodes to come back to
    std::vector<Fact> facts;     // sorted by slot
    std::vector<DoneAction> done;  // sorted by action
    std::vector<Id> answered_action_questions;
    std::vector<OfferMade> offers;
    std::vector<Id> says;  // say nodes passed since the last reply, shown before the next prompt
    std::uint32_t turn = 0;
    std::uint16_t attempts = 0;  // unclear replies to the current prompt
    Outcome outcome = Outcome::none;
    EngineEnd engine_end = EngineEnd::none;

    const Fact* fact(Id slot) const;
    const DoneAction* done_action(Id action) const;
};

/// One trace event, stored as ids; rendered into words only when the host asks for the trace.
struct Event {
    TraceKind kind;
    std::uint32_t turn;
    Id node;
    Id subject = no_id;    // slot, action, script or condition, by kind
    Id ref_node = no_id;   // skipped: where the fact was learned; returned: the call node
    std::uint32_t ref_turn = 0;
    Source ref_source = Source::answer;
    std::uint8_t detail = 0;  // kind-specific: skipped 0 slot / 1 action; fault reason; attempt
};

enum class Fault : std::uint8_t { no_branch, call_depth, no_progress };

}  // namespace parley::detail
