#pragma once
// A session's state: small, sparse, made of ids. Everything a step reads or writes is here; a step
// changes it in place, and its undo log (undo.hpp) takes back what it changed if it throws.
#include <algorithm>
#include <cassert>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/program.hpp"
#include "parley/session.hpp"

namespace parley::detail {

/// What a session knows of one slot, in 24 bytes: the ids, a type byte and the value packed in 8
/// bytes. A text value lives in its State's text buffer (State::texts), by offset and length. Made
/// by State::make_fact, read by State::value (a ValView: nothing is copied).
struct Fact {
    // (The ids first, then the bytes, then the packed value: 24 bytes with no padding.)
    Id slot = no_id;
    Id node = no_id;         // where it was learned (no_id: pre-filled at the start)
    std::uint32_t turn = 0;  // customer turn when it was learned (0: before the first reply)
    Source source = Source::answer;
    /// The value's type: a SlotType code (a date is kept as its number of days, in `bits` as a number is).
    std::uint8_t type = 0;
    std::uint16_t spare = 0;  // (padding, kept zero)
    /// By type: boolean 0 or 1; choice, its index; number and date, the double's bits; text, its offset in
    /// State::texts in the high 32 bits and its length in the low 32.
    std::uint64_t bits = 0;

    SlotType slot_type() const noexcept { return static_cast<SlotType>(type); }
    bool is_text() const noexcept { return slot_type() == SlotType::text; }
    std::uint32_t text_offset() const noexcept { return static_cast<std::uint32_t>(bits >> 32); }
    std::uint32_t text_size() const noexcept { return static_cast<std::uint32_t>(bits); }
};

struct DoneAction {
    Id action;
    Source source;
    Id node;
    std::uint32_t turn;
};

/// An action the customer said they could not do, and has not done since (docs/format.md, 6.3).
struct FailedAction {
    Id action;
    Id node;  // the instruction they could not follow
    std::uint32_t turn;
};

/// A value a slot no longer holds, for the handoff's history (Summary::answers).
struct PastFact {
    Fact fact;
    std::uint32_t ended_turn;
    Summary::AnswerStatus how;  // superseded, forgotten or cleared
};

/// A step the customer was given or did, for the handoff's history (Summary::steps).
struct StepRecord {
    Id action;
    Id node;  // the instruction or actions question; no_id: done before the session
    std::uint32_t turn;
    Source source;
    Summary::StepStatus status;
};

/// The customer's language changed mid-call (Session::set_locale, the `locale` event): for the
/// handoff (Summary::locale_switches) and the trace (a locale_switched event names it by its index).
struct LocaleSwitch {
    std::string from, to;  // canonical tags
    std::uint32_t turn;    // the customer turn it happened at (a switch is not a turn)
    Id node;               // where the conversation was
};

struct OfferMade {
    Id node;
    std::int8_t accepted = -1;  // -1: no answer yet
    std::uint32_t turn;
};

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

/// Why a prompt was passed over without being asked (a `skipped` event).
enum class SkipReason : std::uint8_t {
    slot_known,        // the slot it asks for is known (subject: the slot; ref_*: where it was learned)
    action_done,       // the instruction's action is done (subject: the action; ref_*: where); no_repeat_instructions
    already_answered,  // an actions question answered earlier in this conversation
    all_actions_done,  // an actions question whose every action is done
    action_failed      // the instruction's action is one the customer could not do (subject: the action; ref_*: where)
};

/// Why the engine could not go on with a script (a `fault` event); it hands the conversation to a person.
enum class Fault : std::uint8_t { no_branch, call_depth, no_progress };

/// One trace event, stored as ids; rendered into words only when the host asks for the trace.
/// Five kinds carry one more fact (why it skipped, which attempt, how it ended, which fault, what a
/// policy did): it is built by that kind's named constructor and read by its typed accessor, and
/// shares one byte, so the event stays small (it is kept per trace entry).
struct Event {
    // (The ids first, then the bytes: 24 bytes with no padding; a session keeps up to its trace capacity.)
    std::uint32_t turn;
    Id node;
    Id subject = no_id;    // slot, action, script, node, event or policy, by kind
    Id ref_node = no_id;   // skipped: where the fact was learned; returned: the call node; policy: where it leads
    std::uint32_t ref_turn = 0;
    TraceKind kind;
    Source ref_source = Source::answer;

    /// An event of a kind that carries nothing more than its subject.
    Event(TraceKind kind, std::uint32_t turn, Id node, Id subject = no_id)
        : turn(turn), node(node), subject(subject), kind(kind) {
        assert(kind != TraceKind::skipped && kind != TraceKind::not_understood && kind != TraceKind::ended &&
               kind != TraceKind::fault && kind != TraceKind::policy);
    }

    static Event skipped(std::uint32_t turn, Id node, SkipReason why, Id subject = no_id) {
        return Event(TraceKind::skipped, turn, node, subject, static_cast<std::uint8_t>(why));
    }
    static Event not_understood(std::uint32_t turn, Id node, unsigned attempt) {
        return Event(TraceKind::not_understood, turn, node, no_id, static_cast<std::uint8_t>(std::min(attempt, 255u)));
    }
    static Event ended(std::uint32_t turn, Id node, Outcome outcome) {
        return Event(TraceKind::ended, turn, node, no_id, static_cast<std::uint8_t>(outcome));
    }
    static Event fault(std::uint32_t turn, Id node, Fault why) {
        return Event(TraceKind::fault, turn, node, no_id, static_cast<std::uint8_t>(why));
    }
    /// A policy's intervention: subject = the policy.
    static Event policy(std::uint32_t turn, Id node, PolicyId policy, PolicyStep step, Id ref_node = no_id) {
        Event e(TraceKind::policy, turn, node, static_cast<Id>(policy), static_cast<std::uint8_t>(step));
        e.ref_node = ref_node;
        return e;
    }

    SkipReason skip_reason() const { return read<SkipReason>(TraceKind::skipped); }
    unsigned attempt() const { return read<std::uint8_t>(TraceKind::not_understood); }  // 255 stands for 255 or more
    Outcome outcome() const { return read<Outcome>(TraceKind::ended); }
    Fault fault_reason() const { return read<Fault>(TraceKind::fault); }
    PolicyStep policy_step() const { return read<PolicyStep>(TraceKind::policy); }
    PolicyId policy_id() const {
        assert(kind == TraceKind::policy);
        return static_cast<PolicyId>(subject);
    }

    /// For the snapshot codec only (snapshot.cpp, restore.cpp): the byte as stored, and an event from
    /// it. restore.cpp checks the byte against the kind (event_is_valid) before the event is used.
    std::uint8_t stored_detail() const { return detail_; }
    static Event from_stored(TraceKind kind, std::uint32_t turn, Id node, Id subject, std::uint8_t detail) {
        return Event(kind, turn, node, subject, detail);
    }

private:
    Event(TraceKind kind, std::uint32_t turn, Id node, Id subject, std::uint8_t detail)
        : turn(turn), node(node), subject(subject), kind(kind), detail_(detail) {}
    template <class T>
    T read(TraceKind expected) const {
        assert(kind == expected);
        (void)expected;
        return static_cast<T>(detail_);
    }

    std::uint8_t detail_ = 0;  // by kind: SkipReason, attempt, Outcome, Fault or PolicyStep
};

/// A list most sessions never fill (the offers made, the failed actions, the handoff's history...):
/// 8 bytes, and no allocation at all while it has never held anything; then a std::vector of its own.
/// It reads and changes like one (the part of its interface the engine uses), with pointers for
/// iterators. Copies are deep. Once made, the vector stays until the list is assigned or destroyed:
/// clearing or erasing keeps its room, so an undo log can put elements back without allocating.
template <class T>
class RareList {
public:
    using value_type = T;
    using iterator = T*;
    using const_iterator = const T*;

    RareList() = default;
    RareList(const RareList& o) : v_(o.v_ ? std::make_unique<std::vector<T>>(*o.v_) : nullptr) {}
    RareList(RareList&&) noexcept = default;
    RareList& operator=(const RareList& o) {
        if (this != &o) v_ = o.v_ ? std::make_unique<std::vector<T>>(*o.v_) : nullptr;
        return *this;
    }
    RareList& operator=(RareList&&) noexcept = default;

    std::size_t size() const noexcept { return v_ ? v_->size() : 0; }
    bool empty() const noexcept { return size() == 0; }
    std::size_t capacity() const noexcept { return v_ ? v_->capacity() : 0; }
    T* begin() noexcept { return v_ ? v_->data() : nullptr; }
    T* end() noexcept { return begin() + size(); }
    const T* begin() const noexcept { return v_ ? v_->data() : nullptr; }
    const T* end() const noexcept { return begin() + size(); }
    std::reverse_iterator<const T*> rbegin() const noexcept { return std::reverse_iterator<const T*>(end()); }
    std::reverse_iterator<const T*> rend() const noexcept { return std::reverse_iterator<const T*>(begin()); }
    T& operator[](std::size_t i) noexcept { return (*v_)[i]; }
    const T& operator[](std::size_t i) const noexcept { return (*v_)[i]; }
    T& back() noexcept { return v_->back(); }
    const T& back() const noexcept { return v_->back(); }

    void reserve(std::size_t n) {
        if (n > capacity()) made().reserve(n);
    }
    void push_back(const T& x) { made().push_back(x); }
    template <class... A>
    T& emplace_back(A&&... a) { return made().emplace_back(std::forward<A>(a)...); }
    T* insert(T* at, const T& x) {
        std::size_t i = index(at);
        made().insert(v_->begin() + static_cast<std::ptrdiff_t>(i), x);
        return v_->data() + i;
    }
    void pop_back() noexcept { v_->pop_back(); }
    T* erase(T* at) noexcept { return erase(at, at + 1); }
    T* erase(T* first, T* last) noexcept {
        if (first == last) return first;
        std::size_t i = index(first);
        v_->erase(v_->begin() + static_cast<std::ptrdiff_t>(i), v_->begin() + static_cast<std::ptrdiff_t>(index(last)));
        return v_->data() + i;
    }
    void clear() noexcept {
        if (v_) v_->clear();
    }
    /// Frees the room not used (all of it, vector included, when empty). Not within a step.
    void shrink_to_fit() {
        if (empty()) v_.reset();
        else v_->shrink_to_fit();
    }
    /// Swaps the elements with `other`'s (an undo log's copy). Allocates nothing when this list has
    /// its vector or `other` is empty (the case of a rollback: the list had it when the copy was made).
    void swap(std::vector<T>& other) {
        if (v_ || !other.empty()) made().swap(other);
    }
    /// Copies the elements into `out`, reusing its room.
    void copy_to(std::vector<T>& out) const { out.assign(begin(), end()); }

private:
    std::size_t index(const T* at) const noexcept { return static_cast<std::size_t>(at - begin()); }
    std::vector<T>& made() {
        if (!v_) v_ = std::make_unique<std::vector<T>>();
        return *v_;
    }
    std::unique_ptr<std::vector<T>> v_;
};

/// Makes room for one more element in `v`, `step` elements at a time: a session's lists stay close to
/// their size (a vector's doubling leaves up to half of its room unused, per session).
template <class List>
void room_for_one(List& v, std::size_t step) {
    if (v.size() == v.capacity()) v.reserve(v.capacity() + step);
}

/// The part of a State made of single values: a step's undo log keeps a copy of it whole.
struct StateScalars {
    Id at = no_id;         // the node awaiting a reply, the node that ended, or the node to enter
    bool waiting = false;  // `at` awaits a reply
    bool record_path = false;  // for coverage: every node entered and branch taken
    std::uint32_t turn = 0;
    std::uint16_t attempts = 0;  // unclear replies to the current prompt
    std::uint16_t repeats = 0;   // "repeat" signals since the current prompt was given
    Outcome outcome = Outcome::none;
    bool cancel_requested = false;
    bool cancelling = false;   // at or past the cancellation node: only what the cancellation needs
    bool escalating = false;   // on the way to a person
    std::uint16_t offers_after_cancel = 0;  // retention offers presented after the cancel request
    std::uint32_t signals_dropped = 0;      // events received before the ones `signals` keeps
    std::uint32_t interventions_dropped = 0;  // policy events before the ones `interventions` keeps
    std::uint32_t path_dropped = 0;         // steps after the ones `path` keeps
    std::uint32_t past_dropped = 0;         // values retired after the ones `past` keeps
    std::uint32_t steps_dropped = 0;        // steps after the ones `steps` keeps
    std::uint64_t locale_bits = 0;  // which of Program::condition_locales the session's locale is (evaluate.hpp)
    std::uint32_t locale_switches_dropped = 0;  // switches after the ones `locale_switches` keeps
    std::uint32_t texts_dead = 0;   // bytes of State::texts no fact or past fact refers to any more
    std::int32_t today = INT32_MIN;  // the host's date, days since 1970-01-01 (StartOptions::today); INT32_MIN: not given (model/dates.hpp no_day)
};

/// A new list here needs its line in UndoLog (undo.hpp), which says how a step's change to each is undone.
struct State : StateScalars {
    static constexpr std::size_t signals_kept = Summary::signals_kept;
    /// "Say that again" at one prompt is not a turn this many times; later ones are, so max_turns bounds them.
    static constexpr std::uint16_t free_repeats = 3;
    static constexpr std::size_t interventions_kept = Summary::interventions_kept;
    static constexpr std::size_t path_kept = Session::path_kept;
    static constexpr std::size_t past_kept = Summary::past_answers_kept;
    static constexpr std::size_t steps_kept = Summary::steps_kept;
    static constexpr std::size_t locale_switches_kept = Summary::locale_switches_kept;

    // The text values of `facts` and of `past`, one after the other (a Fact holds an offset and a
    // length). Appended to only, within a step (so the undo log takes a step's text back by
    // truncating it); compacted between steps when more than half of it is dead (compact_texts).
    std::vector<char> texts;
    RareList<Id> call_stack;  // the call nodes to come back to
    std::vector<Fact> facts;     // sorted by slot
    std::vector<DoneAction> done;  // sorted by action
    RareList<FailedAction> failed;  // sorted by action; never also in `done` with a later turn (mark_done removes it)
    RareList<Id> answered_action_questions;
    RareList<OfferMade> offers;
    RareList<Id> says;  // say nodes passed since the last reply, shown before the next prompt
    RareList<Event> interventions;  // the most recent policy events (at most interventions_kept), oldest first
    struct Step {
        Id node;
        int branch;  // index in node.next, or -1 for entering the node
    };
    RareList<Step> path;    // filled when record_path is set: the first path_kept steps
    RareList<Id> signals;   // the most recent events received (at most signals_kept), oldest first
    // The handoff's history (the explorer drops it: no step reads it).
    RareList<PastFact> past;     // the first past_kept values superseded, forgotten or cleared, in order
    RareList<StepRecord> steps;  // the first steps_kept steps attempted, done or failed, in order
    RareList<LocaleSwitch> locale_switches;  // the first locale_switches_kept changes of language, in order

    /// The value `f` holds, viewed where it is kept (valid until `texts` changes).
    ValView value(const Fact& f) const noexcept;
    /// A fact of `slot` holding `value`: a text value is appended to `texts` (which grows by a quarter
    /// at a time, not doubling). Throws only while `texts` grows, before it changes.
    Fact make_fact(Id slot, ValView value, Source source, Id node, std::uint32_t turn);
    /// `f` is gone from `facts` and `past`: its text is dead (reclaimed by compact_texts()).
    void text_died(const Fact& f) noexcept {
        if (f.is_text()) texts_dead += f.text_size();
    }
    /// Copies the live text (of `facts` and `past`) into a buffer of its size, and points the facts at
    /// it. Between steps only (the undo log counts on `texts` only growing within one). Never throws:
    /// when the new buffer cannot be had, the old one stays. Returns whether it compacted.
    bool compact_texts() noexcept;
    /// compact_texts() when more than half of `texts` is dead (after a step, for instance).
    void compact_texts_if_worth_it() noexcept {
        if (texts_dead > 0 && std::size_t(texts_dead) * 2 > texts.size()) compact_texts();
    }

    const Fact* fact(Id slot) const;
    const DoneAction* done_action(Id action) const;
    const FailedAction* failed_action(Id action) const;
    /// Where the fact about `slot` is, or where it would go to keep `facts` sorted.
    std::vector<Fact>::iterator fact_position(Id slot);
    /// Where `action` is in `done`, or where it would go to keep `done` sorted.
    std::vector<DoneAction>::iterator done_position(Id action);
    /// Where `action` is in `failed`, or where it would go to keep `failed` sorted.
    FailedAction* failed_position(Id action);
};

// A session holds one Fact per fact and up to its trace capacity of Events: keep them small.
static_assert(sizeof(Fact) <= 24, "Fact grew: see the member order");
static_assert(sizeof(Event) <= 24, "Event grew: see the member order");

}  // namespace parley::detail
