// The rules of a conversation: entering nodes, taking replies, fills and signals, and the policies
// the engine enforces whatever a script says. Each step leaves a trace of ids (state.hpp's Event),
// and logs each fact and done action it changes in the caller's undo log, if any (undo.hpp).
#include "engine/step.hpp"

#include "common/fold.hpp"

#include <algorithm>

#include "model/dates.hpp"
#include "model/values.hpp"
#include "engine/evaluate.hpp"

namespace parley::detail {

namespace {
// Where `id` is in `v`, sorted by the member `key`, or where it would go.
template <class Vector, class Key>
auto sorted_position(Vector& v, Id id, Key key) {
    return std::lower_bound(v.begin(), v.end(), id, [key](const auto& e, Id k) { return e.*key < k; });
}
}  // namespace

std::vector<Fact>::iterator State::fact_position(Id slot) { return sorted_position(facts, slot, &Fact::slot); }

std::vector<DoneAction>::iterator State::done_position(Id action) {
    return sorted_position(done, action, &DoneAction::action);
}

FailedAction* State::failed_position(Id action) {
    return sorted_position(failed, action, &FailedAction::action);
}

const Fact* State::fact(Id slot) const {
    auto it = sorted_position(facts, slot, &Fact::slot);
    return it != facts.end() && it->slot == slot ? &*it : nullptr;
}

const DoneAction* State::done_action(Id action) const {
    auto it = sorted_position(done, action, &DoneAction::action);
    return it != done.end() && it->action == action ? &*it : nullptr;
}

const FailedAction* State::failed_action(Id action) const {
    auto it = sorted_position(failed, action, &FailedAction::action);
    return it != failed.end() && it->action == action ? &*it : nullptr;
}

// The handoff's history keeps the first State::past_kept values a slot no longer holds. Moved
// there, not copied (a long text costs nothing more); logged first, so a rollback takes it back.
void Stepper::retire(Fact& old, Summary::AnswerStatus how) {
    if (s_.past.size() >= State::past_kept) {
        if (undo_) undo_->take_fact(old);
        ++s_.past_dropped;
        s_.text_died(old);  // (counted in the scalars, which a rollback puts back)
        return;
    }
    room_for_one(s_.past, 4);
    if (undo_) undo_->fact_to_past(old);
    s_.past.push_back(PastFact{old, s_.turn, how});  // within the room made above: cannot throw
}

void Stepper::set_fact(Id slot, ValView value, Source source, Id node) {
    // First what may throw (the text's room, the list's room), then the changes, each logged first.
    Fact f = s_.make_fact(slot, value, source, node, s_.turn);
    auto it = s_.fact_position(slot);
    bool known = it != s_.facts.end() && it->slot == slot;
    if (!known) {
        std::ptrdiff_t at = it - s_.facts.begin();
        room_for_one(s_.facts, 8);  // a session's facts grow 8 at a time
        it = s_.facts.begin() + at;
    }
    if (known) retire(*it, Summary::AnswerStatus::superseded);
    else if (undo_) undo_->fact_added(slot);
    if (known) *it = f;
    else s_.facts.insert(it, f);  // within the room made above: cannot throw
}

void Stepper::forget(Id slot) {
    auto it = s_.fact_position(slot);
    if (it == s_.facts.end() || it->slot != slot) return;
    retire(*it, Summary::AnswerStatus::forgotten);
    s_.facts.erase(it);
    event(TraceKind::forgot, slot);
}

bool Stepper::clear(Id slot) {
    auto it = s_.fact_position(slot);
    if (it == s_.facts.end() || it->slot != slot) return false;
    retire(*it, Summary::AnswerStatus::cleared);
    s_.facts.erase(it);
    event(TraceKind::cleared, slot);
    return true;
}

// The first State::steps_kept steps, and a count of the others. A step's outcome (done, failed)
// completes the record of its attempt when that is the last one, else it is a record of its own.
void Stepper::note_step(Id action, Id node, Source source, Summary::StepStatus status) {
    if (status != Summary::StepStatus::attempted && !s_.steps.empty()) {
        StepRecord& last = s_.steps.back();
        if (last.action == action && last.node == node && last.status == Summary::StepStatus::attempted) {
            last.status = status;
            last.turn = s_.turn;
            return;
        }
        // An instruction's attempt was noted when it was given: if it was not kept, it was counted.
        if (s_.steps.size() >= State::steps_kept && node != no_id && p_.nodes[node].kind == NodeKind::instruct) return;
    }
    if (s_.steps.size() < State::steps_kept) s_.steps.push_back(StepRecord{action, node, s_.turn, source, status});
    else ++s_.steps_dropped;
}

void Stepper::mark_done(Id action, Source source, Id node) {
    // Done now: no longer one the customer could not do.
    if (auto f = s_.failed_position(action); f != s_.failed.end() && f->action == action) {
        if (undo_) undo_->take_failed(*f);
        s_.failed.erase(f);
    }
    note_step(action, node, source, Summary::StepStatus::done);
    auto it = s_.done_position(action);
    if (it != s_.done.end() && it->action == action) return;  // keep when it was first done
    if (undo_) undo_->action_added(action);
    s_.done.insert(it, DoneAction{action, source, node, s_.turn});
}

void Stepper::mark_failed(Id action, Id node) {
    auto it = s_.failed_position(action);
    bool known = it != s_.failed.end() && it->action == action;
    if (undo_ && known) undo_->take_failed(*it);
    else if (undo_) undo_->failed_added(action);
    FailedAction f{action, node, s_.turn};
    if (known) *it = f;  // the latest time they could not
    else s_.failed.insert(it, f);
}

void Stepper::start(Id script) {
    s_.at = p_.scripts[script].start;
    event(TraceKind::started, script);
    const Policies& pol = p_.policies;
    if (pol.contact_slot != no_id) {  // repeat_contact: don't make the customer go through it all again
        const Fact* f = s_.fact(pol.contact_slot);
        if (f && s_.value(*f).number >= pol.contact_threshold) escalate(PolicyId::repeat_contact, PolicyStep::repeat_contact);
    }
    run();
}

void Stepper::policy(PolicyId id, PolicyStep step, Id ref_node) {
    Event e = Event::policy(s_.turn, s_.at, id, step, ref_node);
    record(e);
    if (s_.interventions.size() >= State::interventions_kept) {  // the most recent, as for signals
        std::size_t dropped = s_.interventions.size() - State::interventions_kept + 1;
        s_.interventions.erase(s_.interventions.begin(), s_.interventions.begin() + static_cast<std::ptrdiff_t>(dropped));
        s_.interventions_dropped += static_cast<std::uint32_t>(dropped);
    }
    s_.interventions.push_back(e);
}

// The first State::path_kept steps, and a count of the others: appending stays O(1), and the
// explorer's indexes into the path stay valid.
void Stepper::record_step(Id node, int branch) {
    if (!s_.record_path) return;
    if (s_.path.size() < State::path_kept) s_.path.push_back({node, branch});
    else ++s_.path_dropped;
}

// Leaves whatever the conversation was doing (the memory stays) and goes to the cancellation.
void Stepper::go_to_cancellation(PolicyStep why, PolicyId by) {
    const Policies& pol = p_.policies;
    s_.waiting = false;
    s_.escalating = false;  // the later request wins
    s_.call_stack.clear();
    s_.says.clear();
    if (pol.cancel_node == no_id) {
        if (by != PolicyId::honor_cancellation) policy(by, why);  // another policy led here: say which
        policy(PolicyId::honor_cancellation, PolicyStep::cancel_plain);
        finish(Outcome::cancelled);
        return;
    }
    policy(by, why, pol.cancel_node);
    s_.at = pol.cancel_node;
    s_.cancelling = true;
}

void Stepper::request_cancel() {
    const Policies& pol = p_.policies;
    bool repeated = s_.cancel_requested;
    s_.cancel_requested = true;
    if (!pol.honor_cancellation || s_.cancelling) return;
    if (repeated) return go_to_cancellation(PolicyStep::cancel_repeated);
    if (pol.max_offers == 0) return go_to_cancellation(PolicyStep::cancel_no_offers);
    if (pol.cancel_script == no_id) return go_to_cancellation(PolicyStep::cancel_to_node);
    // (Inside the cancellation script a cancel request is always a repeated one: entering it was the first.)
    s_.waiting = false;
    s_.escalating = false;
    s_.call_stack.clear();
    s_.says.clear();
    policy(PolicyId::honor_cancellation, PolicyStep::cancel_to_start, p_.scripts[pol.cancel_script].start);
    s_.at = p_.scripts[pol.cancel_script].start;
}

// Hands the conversation to a person: at the library's escalation node, or by ending `escalated`.
void Stepper::escalate(PolicyId id, PolicyStep why) {
    const Policies& pol = p_.policies;
    s_.waiting = false;
    s_.call_stack.clear();
    s_.escalating = true;
    s_.cancelling = false;  // the later request wins; a new cancel request goes back to the cancellation
    policy(id, why, pol.escalation_node);
    if (pol.escalation_node == no_id) return finish(Outcome::escalated);
    s_.at = pol.escalation_node;
}

// The retention offers presented after the cancel request are the last offers_after_cancel ones.
bool retention_accepted_since_cancel(const Program& p, const State& s) {
    if (!s.cancel_requested) return false;
    std::size_t left = s.offers_after_cancel;
    for (auto it = s.offers.rbegin(); it != s.offers.rend() && left > 0; ++it) {
        if (p.nodes[it->node].offer_kind != OfferKind::retention) continue;
        if (it->accepted == 1) return true;
        --left;
    }
    return false;
}

bool Stepper::offer_allowed(const Node& n) {
    const Policies& pol = p_.policies;
    if (!s_.cancel_requested) return true;
    if (n.offer_kind == OfferKind::upsell && pol.no_upsell_after_cancel) {
        // Never sell to a customer who asked to leave; but one who has since accepted a retention
        // offer chose to stay, and the conversation goes on without the upsell.
        if (pol.honor_cancellation && !s_.cancelling && !retention_accepted_since_cancel(p_, s_)) {
            go_to_cancellation(PolicyStep::upsell_skipped, PolicyId::no_upsell_after_cancel);
        } else {
            policy(PolicyId::no_upsell_after_cancel, PolicyStep::upsell_skipped);
            follow(n);
        }
        return false;
    }
    if (n.offer_kind != OfferKind::retention || !pol.honor_cancellation) return true;
    if (s_.cancelling) {
        policy(PolicyId::honor_cancellation, PolicyStep::offer_in_cancellation);
        follow(n);
        return false;
    }
    if (s_.offers_after_cancel >= pol.max_offers) {
        go_to_cancellation(PolicyStep::offer_over_budget);
        return false;
    }
    ++s_.offers_after_cancel;
    return true;
}

void Stepper::check_turn_budget() {
    const Policies& pol = p_.policies;
    if (!turn_budget_ || pol.max_turns == 0 || s_.outcome != Outcome::none || s_.turn < static_cast<std::uint32_t>(pol.max_turns)) return;
    if (s_.escalating) return;  // already on the way to a person
    // Honoring a cancellation wins over the budget: it completes rather than being escalated.
    if (s_.cancel_requested && pol.honor_cancellation) {
        if (!s_.cancelling) {
            go_to_cancellation(PolicyStep::turns_cancel, PolicyId::max_turns);
            run();
        }
        return;
    }
    escalate(PolicyId::max_turns, PolicyStep::turns_escalate);
    run();
}

void Stepper::signal(Id event) {
    if (s_.outcome != Outcome::none) return;
    bool repeat = event == static_cast<Id>(BuiltinEvent::repeat);
    // Hearing a prompt again costs the customer no turn, a few times per prompt; past that a repeat
    // counts like any signal, so an endless run of them still meets max_turns.
    if (repeat && s_.repeats < State::free_repeats) ++s_.repeats;
    else ++s_.turn;
    if (!repeat) s_.says.clear();  // "say that again" keeps them
    keep_signal(event);
    record(Event(TraceKind::signalled, s_.turn, s_.at, event));
    const Policies& pol = p_.policies;
    switch (event) {
    case static_cast<Id>(BuiltinEvent::cancel): request_cancel(); break;
    case static_cast<Id>(BuiltinEvent::supervisor):
    case static_cast<Id>(BuiltinEvent::agent):
        if (pol.escalate_on_request && !s_.escalating) escalate(PolicyId::escalate_on_request, PolicyStep::escalate_request);
        break;
    case static_cast<Id>(BuiltinEvent::repeat): break;  // the host shows the same turn again
    default: {
        Id target = pol.events[event - builtin_events].target;
        s_.waiting = false;
        s_.call_stack.clear();
        s_.at = target;
        break;
    }
    }
    if (!s_.waiting) run();
    check_turn_budget();
}

void Stepper::switch_locale(std::string_view from, std::string_view to) {
    Id kept = no_id;  // the trace names the tags of a kept switch; a later one's are not stored
    if (s_.locale_switches.size() < State::locale_switches_kept) {
        s_.locale_switches.push_back(LocaleSwitch{std::string(from), std::string(to), s_.turn, s_.at});
        kept = static_cast<Id>(s_.locale_switches.size() - 1);
    } else {
        ++s_.locale_switches_dropped;
    }
    record(Event(TraceKind::locale_switched, s_.turn, s_.at, kept));
}

// Only the most recent signals are kept, so a long run of "say that again" costs the same each time.
void Stepper::keep_signal(Id event) {
    if (s_.signals.size() >= State::signals_kept) {
        std::size_t dropped = s_.signals.size() - State::signals_kept + 1;
        s_.signals.erase(s_.signals.begin(), s_.signals.begin() + static_cast<std::ptrdiff_t>(dropped));
        s_.signals_dropped += static_cast<std::uint32_t>(dropped);
    }
    s_.signals.push_back(event);
}

void Stepper::complete(const Node& n) {
    for (const Assignment& a : n.set) {
        set_fact(a.slot, a.value, Source::set, s_.at);
        event(TraceKind::set, a.slot);
    }
    for (Id slot : n.forget) forget(slot);
}

void Stepper::follow(const Node& n) {
    for (std::size_t i = 0; i < n.next.size(); ++i) {
        const Branch& b = n.next[i];
        if (b.condition == no_id || evaluate(p_.conditions[b.condition], s_) == Truth::yes) {
            record_step(s_.at, static_cast<int>(i));
            s_.at = b.target;
            return;
        }
    }
    fault(Fault::no_branch);
}

void Stepper::finish(Outcome outcome) {
    s_.outcome = outcome;
    s_.waiting = false;
    record(Event::ended(s_.turn, s_.at, outcome));
}

// A script that cannot go on is handed to a person, never left hanging.
void Stepper::fault(Fault why) {
    record(Event::fault(s_.turn, s_.at, why));
    if (why == Fault::no_progress) s_.says.clear();  // the loop's messages, said over and over
    finish(Outcome::escalated);
}

void Stepper::await(TraceKind kind, Id subject) {
    s_.waiting = true;
    s_.attempts = 0;
    s_.repeats = 0;
    event(kind, subject);
}

// Passes over `n` because of something already known, saying where and when it was learned.
void Stepper::skip_because(const Node& n, SkipReason why, Id subject, Id learned_at, std::uint32_t turn, Source source) {
    Event e = Event::skipped(s_.turn, s_.at, why, subject);
    e.ref_node = learned_at;
    e.ref_turn = turn;
    e.ref_source = source;
    record(e);
    follow(n);
}

// A question (or offer) whose slot is known is not asked again.
bool Stepper::skip_if_known(const Node& n) {
    const Fact* f = s_.fact(n.slot);
    if (!f) return false;
    skip_because(n, SkipReason::slot_known, n.slot, f->node, f->turn, f->source);
    return true;
}

// no_repeat_instructions: an instruction whose action is done is not given again, unless it says
// `repeat`; nor one the customer said they could not do (asking again would get the same answer).
bool Stepper::skip_if_done(const Node& n) {
    if (n.repeat) return false;
    if (const DoneAction* d = s_.done_action(n.action)) {
        skip_because(n, SkipReason::action_done, n.action, d->node, d->turn, d->source);
        return true;
    }
    if (const FailedAction* f = s_.failed_action(n.action)) {
        skip_because(n, SkipReason::action_failed, n.action, f->node, f->turn, Source::answer);
        return true;
    }
    return false;
}

// An actions question is asked once, and not at all when every action it lists is done.
bool Stepper::skip_if_answered(const Node& n) {
    const auto& answered = s_.answered_action_questions;
    auto done = [&](Id action) { return s_.done_action(action) != nullptr; };
    if (std::find(answered.begin(), answered.end(), s_.at) != answered.end()) {
        record(Event::skipped(s_.turn, s_.at, SkipReason::already_answered));
    } else if (std::all_of(n.action_choices.begin(), n.action_choices.end(), done)) {
        record(Event::skipped(s_.turn, s_.at, SkipReason::all_actions_done));
    } else {
        return false;
    }
    follow(n);
    return true;
}

// Walks from `at` until a prompt awaits a reply or the conversation ends.
void Stepper::run() {
    // Each node is entered at most a bounded number of times between two customer turns;
    // a script that loops without asking anything is a fault, not a hang.
    std::size_t budget = 4 * p_.nodes.size() + 16;
    const Policies& pol = p_.policies;
    while (s_.outcome == Outcome::none) {
        if (budget-- == 0) return fault(Fault::no_progress);
        const Node& n = p_.nodes[s_.at];
        record_step(s_.at, -1);
        // Reaching the cancellation script is a cancel request, whoever routed it there.
        if (n.script == pol.cancel_script && !s_.cancel_requested) {
            s_.cancel_requested = true;
            policy(PolicyId::honor_cancellation, PolicyStep::cancel_entered);
        }
        if (s_.at == pol.cancel_node) s_.cancelling = true;
        if (!enter(n)) return;
    }
}

// Enters node `n` (at `at`): asks, skips, says, goes on or ends. False when the walk stops here.
bool Stepper::enter(const Node& n) {
    switch (n.kind) {
    case NodeKind::ask:
    case NodeKind::lookup:
        if (skip_if_known(n)) return true;
        await(TraceKind::asked, n.slot);
        return false;
    case NodeKind::offer:
        if (skip_if_known(n) || !offer_allowed(n)) return true;
        s_.offers.push_back(OfferMade{s_.at, -1, s_.turn});
        await(TraceKind::offered, n.slot);
        return false;
    case NodeKind::ask_actions:
        if (skip_if_answered(n)) return true;
        await(TraceKind::asked);
        return false;
    case NodeKind::instruct:
        if (skip_if_done(n)) return true;
        note_step(n.action, s_.at, Source::answer, Summary::StepStatus::attempted);
        await(TraceKind::asked, n.action);
        return false;
    case NodeKind::say:
        s_.says.push_back(s_.at);
        event(TraceKind::said);
        complete(n);
        follow(n);
        return true;
    case NodeKind::branch:
        complete(n);
        follow(n);
        return true;
    case NodeKind::jump:
        complete(n);
        event(TraceKind::jumped, n.next.front().target);
        follow(n);
        return true;
    case NodeKind::call:
        if (s_.call_stack.size() >= static_cast<std::size_t>(p_.max_call_depth)) {
            fault(Fault::call_depth);
            return false;
        }
        complete(n);
        event(TraceKind::called, n.callee);
        s_.call_stack.push_back(s_.at);
        s_.at = p_.scripts[n.callee].start;
        return true;
    case NodeKind::end: return end_or_return(n);
    }
    return false;
}

// An end node inside a called script returns to the caller; any other ends the conversation.
bool Stepper::end_or_return(const Node& n) {
    complete(n);
    if (n.is_return && !s_.call_stack.empty()) {
        if (n.text != no_id) s_.says.push_back(s_.at);  // its closing words are said on the way back
        Id caller = s_.call_stack.back();
        s_.call_stack.pop_back();
        Event e(TraceKind::returned, s_.turn, s_.at, n.script);
        e.ref_node = caller;
        record(e);
        s_.at = caller;
        follow(p_.nodes[caller]);
        return true;
    }
    if (n.dropped_pleasantry != no_id) policy(PolicyId::closing_courtesy, PolicyStep::courtesy_dropped);
    finish(n.outcome);
    return false;
}

// A host's new value for a fact that branches read: the conversation may be where the old value led.
// It stays there (re-routing would undo what the customer was told); the trace says so.
void Stepper::note_correction(Id slot, ValView value) {
    const Fact* old = s_.fact(slot);
    if (!old || !p_.slots[slot].branched_on || s_.outcome != Outcome::none || s_.value(*old) == value) return;
    Event e(TraceKind::corrected, s_.turn, s_.at, slot);
    e.ref_node = old->node;
    e.ref_turn = old->turn;
    e.ref_source = old->source;
    record(e);
}

ReplyStatus Stepper::reply(std::string_view text) {
    if (s_.outcome != Outcome::none || !s_.waiting) return ReplyStatus::no_question;
    const Node& n = p_.nodes[s_.at];
    ++s_.turn;
    s_.says.clear();
    bool declined = false;
    // A reply longer than any answer is not read (docs/robustness.md, "Limits"): folding it would cost
    // its size, and a text slot, with its history, would keep it.
    const bool too_long = text.size() > max_reply_bytes;
    static thread_local std::string folded;  // the reply folded once (common/fold.hpp), in a reused buffer
    fold_into(folded, too_long ? std::string_view() : text);
    if (folded.empty() && trim_spaces(text) == "-") folded = "-";  // "none", as a form or a keypad sends it
    const Lexicon& lex = words();
    if (!too_long && n.kind == NodeKind::instruct && !lex.is(folded, WordClass::done) && lex.says_couldnt(folded)) return couldnt(n);
    if (too_long || !understand(n, text, folded, declined)) {
        ++s_.attempts;
        record(Event::not_understood(s_.turn, s_.at, s_.attempts));
        if (s_.attempts >= max_attempts(n)) give_up(n);
        check_turn_budget();
        return ReplyStatus::not_understood;
    }
    event(n.kind == NodeKind::instruct ? TraceKind::acknowledged : TraceKind::answered, n.kind == NodeKind::instruct ? n.action : n.slot);
    s_.waiting = false;
    if (n.step_say != no_id) s_.says.push_back(s_.at);  // an instruction's own message, now that it is done
    complete(n);
    // A declined retention offer after a cancel request, with the offers allowed used up, leads to the
    // cancellation whatever the script says (within the budget the script may make its next offer).
    if (declined && n.offer_kind == OfferKind::retention && s_.cancel_requested && p_.policies.honor_cancellation &&
        s_.offers_after_cancel >= p_.policies.max_offers) go_to_cancellation(PolicyStep::offer_declined);
    else follow(n);
    run();
    check_turn_budget();
    return ReplyStatus::accepted;
}

// Reads the reply to prompt `n` and keeps what it says. False: not understood (nothing kept).
bool Stepper::understand(const Node& n, std::string_view text, const std::string& folded, bool& declined) {
    switch (n.kind) {
    case NodeKind::ask:
    case NodeKind::lookup: {
        const SlotDecl& slot = p_.slots[n.slot];
        ParsedReply r = slot.type == SlotType::date ? parse_date_reply(text, slot, &p_.dates, s_.today)
                        : n.kind == NodeKind::ask ? parse_reply(text, folded, n.slot, slot, words())
                                                  : parse_reply(text, slot);
        if (!r.ok) return false;
        set_fact(n.slot, r.value, n.kind == NodeKind::ask ? Source::answer : Source::host, s_.at);
        return true;
    }
    case NodeKind::offer: {
        int accept = parse_accept(folded, words());
        if (accept < 0) return false;
        Val v;
        v.type = SlotType::boolean;
        v.boolean = accept == 1;
        set_fact(n.slot, v, Source::answer, s_.at);
        s_.offers.back().accepted = static_cast<std::int8_t>(accept);
        declined = accept == 0;
        return true;
    }
    case NodeKind::ask_actions:
        if (!parse_action_list(folded, n.action_choices, words(), picked_)) return false;
        for (Id a : picked_) mark_done(a, Source::answer, s_.at);
        s_.answered_action_questions.push_back(s_.at);
        return true;
    case NodeKind::instruct:
        mark_done(n.action, Source::answer, s_.at);
        return true;  // any reply acknowledges an instruction
    default: return false;  // not reached: `waiting` is set only at the kinds above
    }
}

// The customer could not do what the instruction asked: the action is failed, not done, and the node
// has not completed (no set/forget); its on_fail, or else its `next`, where `failed(action)` can branch.
ReplyStatus Stepper::couldnt(const Node& n) {
    note_step(n.action, s_.at, Source::answer, Summary::StepStatus::failed);
    mark_failed(n.action, s_.at);
    event(TraceKind::failed, n.action);
    s_.waiting = false;
    leave(n, n.on_fail);
    check_turn_budget();
    return ReplyStatus::accepted;
}

// Goes on from the prompt at `n` without completing it: to `target`, or else by its `next`.
void Stepper::leave(const Node& n, Id target) {
    if (target != no_id) s_.at = target;
    else follow(n);
    run();
}

// Too many unclear replies: the node's on_fail, or else a person (or the cancellation, if asked for).
void Stepper::give_up(const Node& n) {
    event(TraceKind::gave_up, n.on_fail);
    s_.waiting = false;
    // Unclear replies after a cancel request still end in the cancellation: honoring it wins.
    if (n.on_fail != no_id) s_.at = n.on_fail;
    else if (s_.cancel_requested && p_.policies.honor_cancellation && !s_.cancelling)
        go_to_cancellation(PolicyStep::gave_up_cancel, PolicyId::max_attempts);
    else escalate(PolicyId::max_attempts, PolicyStep::gave_up_escalate);
    run();
}

bool Stepper::fill_unknown(Id slot) {
    if (s_.outcome != Outcome::none || !s_.waiting) return false;
    const Node& n = p_.nodes[s_.at];
    if (n.kind != NodeKind::lookup || n.slot != slot) return false;
    // Not a customer turn: the turn count, the attempts and max_turns are untouched.
    event(TraceKind::unknown, slot);
    s_.waiting = false;
    s_.says.clear();
    leave(n, n.on_unknown);
    return true;
}

void Stepper::fill(Id slot, ValView value) {
    note_correction(slot, value);
    set_fact(slot, value, Source::host, s_.at);
    if (s_.outcome != Outcome::none || !s_.waiting) return;
    const Node& n = p_.nodes[s_.at];
    bool answers_prompt = (n.kind == NodeKind::ask || n.kind == NodeKind::lookup) && n.slot == slot;
    if (!answers_prompt) return;
    event(TraceKind::answered, slot);
    s_.waiting = false;
    s_.says.clear();
    complete(n);
    follow(n);
    run();
}

}  // namespace parley::detail
