#pragma once
// A session's state: small, sparse, made of ids. Everything a step reads or writes is here, so a
// step can run on a copy and be committed with a swap (the strong exception guarantee).
#include <cstdint>
#include <vector>

#include "model/program.hpp"
#include "parley/session.hpp"

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
enum class EngineEnd : std::uint8_t { none, gave_up, fault, policy };

/// What a policy did, recorded in the trace with the policy's id (see describe()).
enum class PolicyStep : std::uint8_t {
    cancel_to_start,     // a cancel request took the conversation to the cancellation script
    cancel_to_node,      // ... straight to the cancellation node
    cancel_repeated,     // the customer asked again: the cancellation, now
    cancel_no_offers,    // max_offers 0: the cancellation, now
    cancel_plain,        // no cancellation node declared: ended cancelled with a plain confirmation
    cancel_entered,      // the conversation entered the cancellation script: a cancel request
    offer_over_budget,   // a retention offer beyond max_offers was skipped
    offer_declined,      // a retention offer was declined after the cancel request
    offer_in_cancellation,  // an offer inside the cancellation itself was skipped
    upsell_skipped,      // an upsell after a cancel request was skipped
    escalate_request,    // supervisor/agent requested
    turns_escalate,      // max_turns reached
    turns_cancel,        // max_turns reached while a cancellation was in progress: it completes
    repeat_contact,      // the Nth contact about the same problem
    courtesy_dropped,    // a pleasantry was cut from a closing that does not solve the problem
    gave_up_escalate,    // unclear replies with no on_fail: escalation
    gave_up_cancel       // unclear replies with no on_fail after a cancel request: the cancellation
};

/// The events the engine knows by name; a library's own events follow (builtin_events + index).
enum class BuiltinEvent : std::uint8_t { cancel, supervisor, agent, repeat };
inline constexpr Id builtin_events = 4;

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

struct State {
    Id at = no_id;         // the node awaiting a reply, the node that ended, or the node to enter
    bool waiting = false;  // `at` awaits a reply
    std::vector<Id> call_stack;  // the call nodes to come back to
    std::vector<Fact> facts;     // sorted by slot
    std::vector<DoneAction> done;  // sorted by action
    std::vector<Id> answered_action_questions;
    std::vector<OfferMade> offers;
    std::vector<Id> says;  // say nodes passed since the last reply, shown before the next prompt
    std::vector<Event> interventions;  // every policy event, kept whole for the summary
    bool record_path = false;          // for coverage: every node entered and branch taken
    struct Step {
        Id node;
        int branch;  // index in node.next, or -1 for entering the node
    };
    std::vector<Step> path;
    std::uint32_t turn = 0;
    std::uint16_t attempts = 0;  // unclear replies to the current prompt
    Outcome outcome = Outcome::none;
    EngineEnd engine_end = EngineEnd::none;
    bool cancel_requested = false;
    bool cancelling = false;   // at or past the cancellation node: only what the cancellation needs
    bool escalating = false;   // on the way to a person
    std::uint16_t offers_after_cancel = 0;  // retention offers presented after the cancel request
    std::vector<Id> signals;   // events received, in order

    const Fact* fact(Id slot) const;
    const DoneAction* done_action(Id action) const;
};

enum class Fault : std::uint8_t { no_branch, call_depth, no_progress };

/// Builds the trace event of a policy's intervention: subject = the policy, detail = the step.
inline Event policy_event(std::uint32_t turn, Id node, PolicyId policy, PolicyStep step, Id ref_node = no_id) {
    Event e{TraceKind::policy, turn, node, static_cast<Id>(policy)};
    e.detail = static_cast<std::uint8_t>(step);
    e.ref_node = ref_node;
    return e;
}

}  // namespace parley::detail
