// parley::Session: the public face of a SessionCore. Name lookups happen here, at the API's edge;
// the step itself works on ids.
#include <algorithm>

#include "common/diagnostics.hpp"
#include "common/locale.hpp"
#include "common/text.hpp"
#include "model/dates.hpp"
#include "model/values.hpp"
#include "model/vocabulary.hpp"
#include "engine/render.hpp"
#include "engine/session_core.hpp"
#include "engine/snapshot.hpp"
#include "parley/diagnostic.hpp"
#include "parley/session.hpp"
#include "parley/text.hpp"

namespace parley {

using namespace detail;

namespace {

Value public_value(ValView v, const SlotDecl& slot) {
    switch (v.type) {
    case SlotType::boolean: return Value(v.boolean);
    case SlotType::number: return Value(v.number);
    case SlotType::choice: return Value(slot.choices[v.choice]);
    case SlotType::text: return Value(std::string(v.text));
    case SlotType::date: return Value(iso_date(static_cast<std::int32_t>(v.number)));  // a host reads 2027-06-30
    }
    return Value(false);
}

// A host's value for `slot`, checked: its id and the value as the session would hold it, or why not.
std::optional<Diagnostic> check_host_value(const Program& p, std::string_view slot, const Value& value, Id& id, Val& v) {
    id = p.find_slot(slot);
    if (id == no_id) return make_diagnostic(Rule::unknown_slot, {}, "slot '" + std::string(slot) + "' is not declared in the library");
    if (!from_host(value, p.slots[id], v))
        return make_diagnostic(Rule::wrong_type, {},
                               "'" + value.to_string() + "' does not fit slot '" + std::string(slot) + "': " + expectation(p.slots[id]));
    return std::nullopt;
}

TraceEntry entry_of(const Program& p, const State& s, const Event& e) {
    std::string_view script, node;
    if (e.node != no_id) {
        script = p.scripts[p.nodes[e.node].script].name;
        node = p.nodes[e.node].name;
    }
    std::string_view policy;
    if (e.kind == TraceKind::policy) policy = to_string(e.policy_id());
    if (e.kind == TraceKind::skipped &&
        (e.skip_reason() == SkipReason::action_done || e.skip_reason() == SkipReason::action_failed))
        policy = to_string(PolicyId::no_repeat_instructions);
    std::string message = describe(p, e);
    // The tags of a switch are in the session's list, not in the event (which holds only ids).
    if (e.kind == TraceKind::locale_switched && e.subject < s.locale_switches.size()) {
        const LocaleSwitch& sw = s.locale_switches[e.subject];
        message = "the customer's language changed from " + sw.from + " to " + sw.to + " at '" + std::string(node) + "'";
    }
    return TraceEntry{e.kind, e.turn, script, node, printable(message), policy};
}
}  // namespace

void SessionCore::notify(const std::vector<Event>& events) noexcept {
    try {
        // Rendered first, so an observer that steps another session on this thread (which reuses the
        // thread's step buffers) cannot change what it is being told.
        std::vector<TraceEntry> entries;
        entries.reserve(events.size());
        for (const Event& e : events) entries.push_back(entry_of(*program, state, e));
        HostExtras& host = *extras.get();  // (there is an observer: see transact)
        Observer call = host.observer;  // an observer that replaces itself is still called for this step
        for (const TraceEntry& entry : entries) {
            try {
                call(entry, host.correlation_id);
            } catch (...) {
                ++host.observer_errors;
            }
        }
    } catch (...) {  // no memory to render the events: the step stands, the observer missed them
        ++extras.get()->observer_errors;
    }
}

Session::Session(std::unique_ptr<SessionCore> core) : core_(std::move(core)) {}
Session::Session(const Session& other) : core_(std::make_unique<SessionCore>(*other.core_)) {}
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(const Session& other) {
    if (this != &other) core_ = std::make_unique<SessionCore>(*other.core_);
    return *this;
}
Session& Session::operator=(Session&&) noexcept = default;
Session::~Session() = default;

Turn Session::next() const {
    const Program& p = *core_->program;
    const State& s = core_->state;
    const Lexicon& lex = core_->lexicon ? *core_->lexicon : lexicon_for(p, core_->locale);
    Turn turn;
    auto utterance = [&](Utterance::Kind kind, Id node_id) {
        const Node& n = p.nodes[node_id];
        Utterance u;
        u.kind = kind;
        u.script = p.scripts[n.script].name;
        u.node = n.name;
        // A message from an instruction is its `say`, said once it was done.
        Id text = kind == Utterance::Kind::say && n.kind == NodeKind::instruct ? n.step_say : n.text;
        u.locale = render_text(u.text, p, text, core_->locale, n.script, s);
        u.fell_back = !u.locale.empty() && !serves_locale(u.locale, core_->locale);
        return u;
    };
    for (Id say : s.says) turn.messages.push_back(utterance(Utterance::Kind::say, say));

    const Node& n = p.nodes[s.at];
    if (s.outcome != Outcome::none) {
        Utterance& u = turn.prompt = utterance(Utterance::Kind::end, s.at);
        u.outcome = s.outcome;
        if (n.kind != NodeKind::end)  // the engine ended it, not an end node
        {
            BuiltinText said = s.outcome == Outcome::cancelled ? BuiltinText::cancellation : BuiltinText::handoff;
            u.text = lex.text(said);
            u.locale = lex.text_locale(said);
            u.fell_back = !serves_locale(u.locale, core_->locale);
        }
        return turn;
    }
    Utterance::Kind kind = n.kind == NodeKind::instruct ? Utterance::Kind::instruct
                           : n.kind == NodeKind::offer  ? Utterance::Kind::offer
                           : n.kind == NodeKind::lookup ? Utterance::Kind::lookup
                                                        : Utterance::Kind::ask;
    Utterance& u = turn.prompt = utterance(kind, s.at);
    if (n.slot != no_id) {
        const SlotDecl& slot = p.slots[n.slot];
        u.slot = slot.name;
        u.expects = &p.catalog[n.slot];
        if (slot.type == SlotType::choice && n.kind != NodeKind::offer)
            for (std::size_t c = 0; c < slot.choices.size(); ++c) {
                u.choices.push_back(slot.choices[c]);
                u.labels.push_back(lex.choice_labels[n.slot][c]);
            }
    }
    if (n.kind == NodeKind::ask_actions) {
        u.multi_select = true;
        for (Id a : n.action_choices) {
            u.choices.push_back(p.actions[a]);
            u.labels.push_back(lex.action_labels[a]);
        }
    }
    if (n.kind == NodeKind::offer) u.offer_kind = n.offer_kind;
    if (n.kind == NodeKind::lookup) u.lookup = n.lookup_key;
    u.attempt = s.attempts + 1;
    if (s.attempts > 0) {
        if (n.hint != no_id) render_text(u.hint, p, n.hint, core_->locale, n.script, s);
        else if (n.kind == NodeKind::offer) u.hint = lex.text(BuiltinText::hint_offer);
        else if (n.kind == NodeKind::ask_actions) u.hint = expectation_for_actions(n.action_choices, lex);
        else if (p.slots[n.slot].type == SlotType::date) u.hint = date_hint(p.slots[n.slot], s.today, p.dates, core_->locale, lex);
        else u.hint = expectation(p.slots[n.slot], n.slot, lex);
    }
    return turn;
}

ReplyStatus Session::reply(std::string_view text) {
    return core_->transact([&](Stepper& step) { return step.reply(text); });
}

SignalStatus Session::signal(std::string_view event) {
    const Program& p = *core_->program;
    if (std::optional<std::string_view> tag = locale_event_tag(event)) {  // "locale es": set_locale
        if (tag->empty()) return SignalStatus::unknown_event;
        if (ended()) return SignalStatus::no_question;
        set_locale(*tag);
        return SignalStatus::handled;
    }
    // Read as a reply is: white space around it and case do not matter ("Cancel ", "CANCEL").
    std::string_view name = trim_spaces(event);
    Id id = no_id;
    for (Id i = 0; i < builtin_events + p.policies.events.size() && id == no_id; ++i)
        if (same_word(event_name(p, i), name)) id = i;
    if (id == no_id) return SignalStatus::unknown_event;
    if (ended()) return SignalStatus::no_question;
    core_->transact([&](Stepper& step) {
        step.signal(id);
        return 0;
    });
    return SignalStatus::handled;
}

void Session::set_locale(std::string_view tag) {
    Result<std::string> now = try_set_locale(tag);
    if (!now) throw Error(now.diagnostics());
}

Result<std::string> Session::try_set_locale(std::string_view tag) {
    std::optional<std::string> canonical = canonical_locale(tag);
    if (!canonical) {
        LocaleProblem words = locale_problem(tag);
        return Result<std::string>(std::vector<Diagnostic>{make_diagnostic(Rule::bad_locale, {}, std::move(words.message), std::move(words.note))});
    }
    if (*canonical == core_->locale) return Result<std::string>(std::move(*canonical));
    Result<std::string> now(*canonical);  // made first: nothing may throw once the locale is swapped in
    std::string other = std::move(*canonical);
    bool swapped = false;
    try {
        core_->transact([&](Stepper& step) {
            step.switch_locale(core_->locale, other);
            core_->use_locale(other);  // last, and never throws
            swapped = true;
            return 0;
        });
    } catch (...) {  // the undo log has put the state back; the locale goes back with it
        if (swapped) core_->use_locale(other);
        throw;
    }
    return now;
}

void Session::fill(std::string_view slot, const Value& value) {
    Result<Value> filled = try_fill(slot, value);
    if (!filled) throw Error(filled.diagnostics());
}

Result<Value> Session::try_fill(std::string_view slot, const Value& value) {
    const Program& p = *core_->program;
    Id id;
    Val v;
    if (auto problem = check_host_value(p, slot, value, id, v)) return Result<Value>(std::vector<Diagnostic>{std::move(*problem)});
    Result<Value> held(public_value(v, p.slots[id]));  // made first: nothing may throw once the step is taken
    core_->transact([&](Stepper& step) {
        step.fill(id, v);
        return 0;
    });
    return held;
}

ReplyStatus Session::fill_unknown(std::string_view slot) {
    Id id = core_->program->find_slot(slot);
    if (id == no_id)
        throw Error({make_diagnostic(Rule::unknown_slot, {}, "slot '" + std::string(slot) + "' is not declared in the library")});
    bool answered = core_->transact([&](Stepper& step) { return step.fill_unknown(id); });
    return answered ? ReplyStatus::accepted : ReplyStatus::no_question;
}

bool Session::clear(std::string_view slot) { return try_clear(slot).value(); }

Result<bool> Session::try_clear(std::string_view slot) {
    const Program& p = *core_->program;
    auto refuse = [](Rule rule, std::string message) {
        return Result<bool>(std::vector<Diagnostic>{make_diagnostic(rule, {}, std::move(message))});
    };
    Id id = p.find_slot(slot);
    if (id == no_id) return refuse(Rule::unknown_slot, "slot '" + std::string(slot) + "' is not declared in the library");
    const Fact* f = core_->state.fact(id);
    if (!f) return false;
    // The conversation took its course on what the customer said or a script decided; the record of
    // it stays. The host corrects only its own mistakes.
    if (f->source != Source::host && f->source != Source::prefill)
        return refuse(Rule::not_host_fact, "slot '" + std::string(slot) + "' holds " +
                                               (f->source == Source::answer ? "the customer's answer" : "a value the script set") +
                                               ", not one the host gave: only the host's own facts can be cleared");
    return core_->transact([&](Stepper& step) { return step.clear(id); });
}

void Session::set_observer(Observer observer) {
    if (observer || core_->extras.get()) core_->extras.made().observer = std::move(observer);
}
unsigned Session::observer_errors() const noexcept {
    const HostExtras* host = core_->extras.get();
    return host ? host->observer_errors : 0;
}

bool Session::ended() const noexcept { return core_->state.outcome != Outcome::none; }
Outcome Session::outcome() const noexcept { return core_->state.outcome; }
unsigned Session::turn() const noexcept { return core_->state.turn; }
const std::string& Session::locale() const noexcept { return core_->locale; }

void Session::set_today(std::string_view date) {
    std::int32_t day = no_day;
    if (!date.empty() && !read_iso_date(date, day))
        throw Error({make_diagnostic(Rule::bad_date, {}, "today's date '" + printable(date) + "' is not a date: write YYYY-MM-DD")});
    core_->state.today = day;
}

std::string Session::today() const { return core_->state.today == no_day ? std::string() : iso_date(core_->state.today); }

bool Session::known(std::string_view slot) const {
    Id id = core_->program->find_slot(slot);
    return id != no_id && core_->state.fact(id);
}

std::optional<Value> Session::get(std::string_view slot) const {
    const Program& p = *core_->program;
    Id id = p.find_slot(slot);
    const Fact* f = id == no_id ? nullptr : core_->state.fact(id);
    if (!f) return std::nullopt;
    return public_value(core_->state.value(*f), p.slots[id]);
}

bool Session::done(std::string_view action) const {
    Id id = core_->program->find_action(action);
    return id != no_id && core_->state.done_action(id);
}

bool Session::failed(std::string_view action) const {
    Id id = core_->program->find_action(action);
    return id != no_id && core_->state.failed_action(id);
}

std::string Session::why(std::string_view slot) const {
    const Program& p = *core_->program;
    Id id = p.find_slot(slot);
    if (id == no_id) return std::string(slot) + " is not a slot of this library";
    const Fact* f = core_->state.fact(id);
    if (!f) return std::string(slot) + " is not known";
    return std::string(slot) + " = " + printable(render_value(core_->state.value(*f), p.slots[id])) + ": " +
           provenance(p, f->source, f->node, f->turn);
}

std::string Session::snapshot(const SnapshotOptions& options) const {
    return encode_snapshot(*core_, options.include_trace);
}

void Session::set_correlation_id(std::string id) {
    if (!id.empty() || core_->extras.get()) core_->extras.made().correlation_id = std::move(id);
}
const std::string& Session::correlation_id() const noexcept { return core_->correlation_id(); }

std::vector<TraceEntry> Session::trace() const {
    const Program& p = *core_->program;
    const auto& ring = core_->trace;
    std::vector<TraceEntry> out;
    out.reserve(ring.size());
    for (std::size_t i = 0; i < ring.size(); ++i) out.push_back(entry_of(p, core_->state, ring[(core_->trace_next + i) % ring.size()]));
    return out;
}

std::vector<Session::PathStep> Session::path() const {
    const Program& p = *core_->program;
    std::vector<PathStep> out;
    for (const State::Step& step : core_->state.path)
        out.push_back({p.scripts[p.nodes[step.node].script].name, p.nodes[step.node].name, step.branch});
    return out;
}

unsigned Session::path_dropped() const noexcept { return core_->state.path_dropped; }

Summary Session::summary() const {
    const Program& p = *core_->program;
    const State& s = core_->state;
    auto script_of = [&](Id node) { return node == no_id ? std::string() : p.scripts[p.nodes[node].script].name; };
    auto name_of = [&](Id node) { return node == no_id ? std::string() : p.nodes[node].name; };
    Summary out;
    for (const Fact& f : s.facts)
        out.facts.push_back({p.slots[f.slot].name, public_value(s.value(f), p.slots[f.slot]), f.source, script_of(f.node),
                             name_of(f.node), f.turn});
    for (const DoneAction& d : s.done)
        out.actions_done.push_back({p.actions[d.action], d.source, script_of(d.node), name_of(d.node), d.turn});
    for (const FailedAction& f : s.failed)
        out.actions_failed.push_back({p.actions[f.action], Source::answer, script_of(f.node), name_of(f.node), f.turn});
    for (const OfferMade& o : s.offers) {
        std::optional<bool> accepted;
        if (o.accepted >= 0) accepted = o.accepted == 1;
        out.offers.push_back({script_of(o.node), name_of(o.node), p.nodes[o.node].offer_kind, accepted, o.turn});
    }
    for (Id e : s.signals) out.signals.emplace_back(event_name(p, e));
    out.signals_received = s.signals_dropped + static_cast<unsigned>(s.signals.size());
    // Exact, as the JSON gives them; operator<< makes them printable.
    for (const Event& e : s.interventions) out.interventions.push_back({to_string(e.policy_id()), describe(p, e), e.turn});
    out.interventions_made = s.interventions_dropped + static_cast<unsigned>(s.interventions.size());
    // The history: every value a slot held, in the order learned (past before current within a turn).
    auto answer = [&](const Fact& f, Summary::AnswerStatus status, unsigned ended) {
        out.answers.push_back({p.slots[f.slot].name, public_value(s.value(f), p.slots[f.slot]), f.source, script_of(f.node),
                               name_of(f.node), f.turn, status, ended});
    };
    for (const PastFact& past : s.past) answer(past.fact, past.how, past.ended_turn);
    for (const Fact& f : s.facts) answer(f, Summary::AnswerStatus::current, 0);
    std::stable_sort(out.answers.begin(), out.answers.end(), [](const auto& a, const auto& b) { return a.turn < b.turn; });
    out.answers_dropped = s.past_dropped;
    for (const StepRecord& r : s.steps)
        out.steps.push_back({p.actions[r.action], r.status, r.source, script_of(r.node), name_of(r.node), r.turn});
    out.steps_dropped = s.steps_dropped;
    out.cancel_requested = s.cancel_requested;
    out.outcome = s.outcome;
    out.script = script_of(s.at);
    out.node = name_of(s.at);
    out.turns = s.turn;
    out.locale = core_->locale;
    for (const LocaleSwitch& sw : s.locale_switches)
        out.locale_switches.push_back({sw.from, sw.to, sw.turn, script_of(sw.node), name_of(sw.node)});
    out.locale_switches_made = s.locale_switches_dropped + static_cast<unsigned>(s.locale_switches.size());
    return out;
}

}  // namespace parley
