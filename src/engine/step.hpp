#pragma once
// The step rules: how a session moves from node to node. A pure function of (program, state,
// input); it never does I/O and never builds text (text is rendered on demand, see render.hpp).
#include <string_view>
#include <vector>

#include "model/program.hpp"
#include "parley/session.hpp"
#include "engine/state.hpp"
#include "engine/undo.hpp"

namespace parley::detail {

/// The longest reply read, in bytes (8 KiB, some 1,300 words): a longer one is not understood.
inline constexpr std::size_t max_reply_bytes = 8 * 1024;

/// Whether the customer, after asking to cancel, accepted a retention offer: they chose to stay, so
/// an upsell met later is skipped without turning into the cancellation (docs/policies.md).
bool retention_accepted_since_cancel(const Program& program, const State& state);

class Stepper {
public:
    /// `ids` is a scratch buffer the caller keeps, so parsing an action list does not allocate.
    /// With `undo`, every change to a fact or a done action is logged there before it is made, so
    /// the caller can take the step back (undo.hpp); an explorer stepping its own copies needs none.
    Stepper(const Program& program, State& state, std::vector<Event>& events, std::vector<Id>& ids,
            UndoLog* undo = nullptr)
        : p_(program), s_(state), events_(events), picked_(ids), undo_(undo) {}

    /// Enters `script` at its start node and runs to the first prompt.
    void start(Id script);
    /// The customer's reply to the prompt `s.at` awaits.
    ReplyStatus reply(std::string_view text);
    /// A fact from the host; answers the awaiting prompt when it asks for this slot.
    void fill(Id slot, ValView value);
    /// The host could not tell `slot`: when the prompt is a lookup for it, goes to its on_unknown
    /// (or its `next`, the slot unknown) and returns true; otherwise changes nothing and returns false.
    bool fill_unknown(Id slot);
    /// An event the customer expressed (cancel, supervisor, agent, repeat, or the library's own).
    void signal(Id event);

    /// The customer's language changes from `from` to `to` (canonical tags; the caller has made the
    /// session's locale and State::locale_bits `to`'s): kept for the handoff (the first
    /// State::locale_switches_kept) and in the trace. Not a turn; the prompt, its attempts and memory stay.
    void switch_locale(std::string_view from, std::string_view to);

    /// `slot` holds `value` now (a view of anything but this state's text buffer would do; copied).
    void set_fact(Id slot, ValView value, Source source, Id node);
    void mark_done(Id action, Source source, Id node);
    void mark_failed(Id action, Id node);
    /// The host takes back the fact about `slot` (the caller has checked it is the host's). False: not known.
    bool clear(Id slot);

    /// The words replies are read in (the session's locale). Without, English: an explorer's replies
    /// are English words and ids (analysis/replies.cpp), whatever the library's default locale.
    void use_lexicon(const Lexicon* lexicon) { lexicon_ = lexicon; }

    /// For an explorer whose states leave the turn count out: max_turns is never applied.
    void ignore_turn_budget() { turn_budget_ = false; }

private:
    void run();
    // Policies (docs/policies.md). Each records why it changed the course of the conversation.
    void policy(PolicyId id, PolicyStep step, Id ref_node = no_id);
    void request_cancel();
    void go_to_cancellation(PolicyStep why, PolicyId by = PolicyId::honor_cancellation);
    void escalate(PolicyId id, PolicyStep why);
    bool offer_allowed(const Node& n);  // false: the offer was skipped, and `at` already moved on
    void check_turn_budget();
    // Walking the nodes (run() until a prompt awaits a reply or the conversation ends).
    bool enter(const Node& n);  // false: the walk stops here
    bool end_or_return(const Node& n);
    void await(TraceKind kind, Id subject = no_id);  // the prompt at `at` waits for a reply
    void skip_because(const Node& n, SkipReason why, Id subject, Id learned_at, std::uint32_t turn, Source source);
    bool skip_if_known(const Node& n);
    bool skip_if_done(const Node& n);
    bool skip_if_answered(const Node& n);
    void complete(const Node& n);  // a node's set/forget, applied when it completes
    void follow(const Node& n);    // chooses the next node, or ends with a fault
    void finish(Outcome outcome);
    void fault(Fault why);
    void forget(Id slot);
    void retire(Fact& old, Summary::AnswerStatus how);  // before `old` is overwritten or erased
    void note_step(Id action, Id node, Source source, Summary::StepStatus status);  // the history's steps
    void record_step(Id node, int branch);  // the path, when recorded: the first State::path_kept steps
    void keep_signal(Id event);  // the most recent State::signals_kept, and a count of the others
    // Replies.
    bool understand(const Node& n, std::string_view text, const std::string& folded, bool& declined);
    const Lexicon& words() const { return lexicon_ ? *lexicon_ : p_.lexicons.front(); }
    void give_up(const Node& n);
    ReplyStatus couldnt(const Node& n);
    void leave(const Node& n, Id target);
    void note_correction(Id slot, ValView value);
    // The trace.
    void record(const Event& e) { events_.push_back(e); }
    void event(TraceKind kind, Id subject = no_id) { record(Event(kind, s_.turn, s_.at, subject)); }
    int max_attempts(const Node& n) const { return n.max_attempts ? n.max_attempts : p_.default_max_attempts; }

    const Program& p_;
    State& s_;
    std::vector<Event>& events_;
    std::vector<Id>& picked_;
    UndoLog* undo_;
    const Lexicon* lexicon_ = nullptr;
    bool turn_budget_ = true;
};

}  // namespace parley::detail
