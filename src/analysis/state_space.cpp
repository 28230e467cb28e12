// The one explorer of conversation states (state_space.hpp): liveness behind the state key, the
// starts with what a host may pre-fill, the engine's own step, and the breadth-first walk.
#include "analysis/state_space.hpp"

#include <algorithm>
#include <deque>
#include <string>

#include "engine/evaluate.hpp"
#include "engine/step.hpp"
#include "model/dates.hpp"
#include "model/values.hpp"

namespace parley::detail {

bool Explorer::Bits::merge(const Bits& o) {
    bool grew = false;
    for (std::size_t w = 0; w < words.size(); ++w) {
        std::uint64_t before = words[w];
        words[w] |= o.words[w];
        grew = grew || words[w] != before;
    }
    return grew;
}

Explorer::Explorer(const Program& p, ExploreOptions options)
    : p_(p), options_(options), candidates_(p), inputs_(p.nodes.size()) {
    find_host_items();
    find_liveness();
}

const std::vector<Input>& Explorer::inputs_at(Id node) {
    std::vector<Input>& inputs = inputs_[node];
    if (inputs.empty()) {
        inputs = candidates_.replies_at(node);
        if (options_.events)
            for (Input& e : candidates_.events()) inputs.push_back(std::move(e));
    }
    return inputs;
}

// The host's items: each pre-fillable slot that something reads (a condition, a question that
// skips when it is known, repeat_contact), and each action a `done()` condition reads. (An
// instruction the host says is done is skipped, which leads where acknowledging it does.)
void Explorer::find_host_items() {
    std::vector<bool> slot_read(p_.slots.size(), false), action_read(p_.actions.size(), false);
    for (const Condition& c : p_.conditions)
        for (const Instr& in : c.code) {
            if (in.op == Op::push_slot || in.op == Op::known) slot_read[in.arg] = true;
            if (in.op == Op::done) action_read[in.arg] = true;  // (failed(): only a customer says so, never the host)
        }
    for (const Node& n : p_.nodes)
        if (n.slot != no_id) slot_read[n.slot] = true;
    if (p_.policies.contact_slot != no_id) slot_read[p_.policies.contact_slot] = true;
    host_slot_item_.assign(p_.slots.size(), no_id);
    host_action_item_.assign(p_.actions.size(), no_id);
    for (Id slot = 0; slot < p_.slots.size(); ++slot)
        if (p_.slots[slot].prefill && slot_read[slot]) {
            host_slot_item_[slot] = static_cast<Id>(host_items_.size());
            host_items_.push_back(slot);
        }
    host_slots_ = host_items_.size();
    for (Id action = 0; action < p_.actions.size(); ++action)
        if (action_read[action]) {
            host_action_item_[action] = static_cast<Id>(host_items_.size());
            host_items_.push_back(action);
        }
}

namespace {
// Puts a pre-filled fact or a done action into a state, as Library::try_start does before the start.
bool supply(const Program& p, State& state, const HostFact& f) {
    ParsedReply value = parse_reply(f.value, p.slots[f.slot]);
    if (!value.ok) return false;
    auto at = state.fact_position(f.slot);
    if (at == state.facts.end() || at->slot != f.slot) {
        std::ptrdiff_t i = at - state.facts.begin();
        Fact made = state.make_fact(f.slot, value.value, Source::prefill, no_id, 0);
        state.facts.insert(state.facts.begin() + i, made);
    }
    return true;
}
void supply(State& state, Id action) {
    auto at = state.done_position(action);
    if (at == state.done.end() || at->action != action) state.done.insert(at, DoneAction{action, Source::prefill, no_id, 0});
}
}  // namespace

struct Explorer::Branching {
    Id script;           // a start: the script entered
    const Input* input;  // a step: what was said
    const Emit& emit;
};

void Explorer::start(Id script, const HostSupply& host, const Emit& emit) {
    State fresh;
    fresh.record_path = options_.record_path;
    for (const HostFact& f : host.facts)
        if (!supply(p_, fresh, f)) return;
    for (Id action : host.done) supply(fresh, action);
    Branching b{script, nullptr, emit};
    // When conditions read conversation.locale, once in the script's own locale and once in each
    // locale they name that they tell apart from those before it.
    fresh.locale_bits = locale_bits(p_, host.locale.empty() ? p_.scripts[script].locale : host.locale);
    fresh.today = p_.dates.explored_today;
    std::vector<std::uint64_t> taken{fresh.locale_bits};
    take(b, fresh, host);
    if (!host.locale.empty()) return;
    for (const std::string& tag : p_.condition_locales) {
        std::uint64_t bits = locale_bits(p_, tag);
        if (std::find(taken.begin(), taken.end(), bits) != taken.end()) continue;
        taken.push_back(bits);
        HostSupply in_locale = host;
        in_locale.locale = tag;
        fresh.locale_bits = bits;
        take(b, fresh, in_locale);
    }
}

void Explorer::step(const State& state, const HostSupply& host, const Input& input, const Emit& emit) {
    Branching b{no_id, &input, emit};
    take(b, state, host);
}

// Takes the start or step from `from`. When it read a host item still open, it is taken again
// from `from` once for each way the host could have supplied the item (not at all first, so a
// shortest counterexample needs no --set when it can), the item settled.
void Explorer::take(Branching& b, const State& from, HostSupply host) {
    State after = from;
    after.record_path = true;  // the path says what the step read
    const std::size_t path_from = after.path.size();
    events_.clear();
    Stepper stepper(p_, after, events_, ids_);
    if (!options_.turn_budget) stepper.ignore_turn_budget();
    if (b.input == nullptr) stepper.start(b.script);
    else take_input(stepper, from, *b.input);
    HostSupply settled = host;
    const Id item = first_open_read(b, from, after, path_from, settled);
    if (item == no_id) {
        after.record_path = options_.record_path;
        if (!options_.record_path) after.path.clear();
        return b.emit(std::move(after), std::move(settled), events_);
    }
    host.settle(item);
    take(b, from, host);  // not supplied
    if (item < host_slots_) {
        const Id slot = host_items_[item];
        for (std::string& value : candidates_.for_slot(slot)) {
            HostFact f{slot, std::move(value)};
            State with = from;
            if (!supply(p_, with, f)) continue;
            HostSupply h = host;
            h.facts.push_back(std::move(f));
            take(b, with, std::move(h));
        }
    } else {
        State with = from;
        supply(with, host_items_[item]);
        HostSupply h = host;
        h.done.push_back(host_items_[item]);
        take(b, with, std::move(h));
    }
}

// The first host item the step just taken read while it was open, in the order the engine read
// them; no_id when none. The open items it wrote or forgot before reading are settled in `host`.
Id Explorer::first_open_read(const Branching& b, const State& before, const State& after, std::size_t path_from,
                             HostSupply& host) const {
    auto slot_item = [&](Id slot) { return slot == no_id ? no_id : host_slot_item_[slot]; };
    auto action_item = [&](Id action) { return action == no_id ? no_id : host_action_item_[action]; };
    auto open = [&](Id item) { return item != no_id && host.open(item); };
    auto write = [&](Id item) {
        if (open(item)) host.settle(item);
    };
    auto writes = [&](const Node& n) {
        for (const Assignment& a : n.set) write(slot_item(a.slot));
        for (Id f : n.forget) write(slot_item(f));
    };
    // The conditions of n's branches up to `last`: the engine tries them in order.
    auto condition_read = [&](const Node& n, std::size_t last) -> Id {
        for (std::size_t i = 0; i <= last && i < n.next.size(); ++i) {
            if (n.next[i].condition == no_id) continue;
            for (const Instr& in : p_.conditions[n.next[i].condition].code) {
                Id item = in.op == Op::push_slot || in.op == Op::known ? slot_item(in.arg)
                          : in.op == Op::done                           ? action_item(in.arg)
                                                                        : no_id;
                if (open(item)) return item;
            }
        }
        return no_id;
    };
    if (b.input == nullptr && open(slot_item(p_.policies.contact_slot))) return slot_item(p_.policies.contact_slot);
    // A reply that completed the prompt: its slot and its set/forget come before its branches. (The
    // host's "!unknown" and a customer's "I couldn't" go on without completing it.)
    auto completed = [&] {
        return std::any_of(events_.begin(), events_.end(), [&](const Event& e) {
            return e.node == before.at && (e.kind == TraceKind::answered || e.kind == TraceKind::acknowledged);
        });
    };
    if (b.input && !b.input->is_signal && before.waiting && path_from < after.path.size() &&
        after.path[path_from].node == before.at && after.path[path_from].branch >= 0 && completed()) {
        const Node& prompt = p_.nodes[before.at];
        write(slot_item(prompt.slot));
        writes(prompt);
    }
    for (std::size_t i = path_from; i < after.path.size(); ++i) {
        const State::Step& s = after.path[i];
        const Node& n = p_.nodes[s.node];
        if (s.branch >= 0) {
            if (Id item = condition_read(n, static_cast<std::size_t>(s.branch)); item != no_id) return item;
            continue;
        }
        switch (n.kind) {
        case NodeKind::ask:
        case NodeKind::lookup:
        case NodeKind::offer:  // skipped when its slot is known
            if (open(slot_item(n.slot))) return slot_item(n.slot);
            break;
        case NodeKind::instruct:  // skipped when its action is done
            if (!n.repeat && open(action_item(n.action))) return action_item(n.action);
            break;
        case NodeKind::ask_actions:
            for (Id a : n.action_choices)
                if (open(action_item(a))) return action_item(a);
            break;
        default: writes(n); break;  // a node that completes as it is entered
        }
    }
    for (const Event& e : events_)  // no branch matched: every condition was read
        if (e.kind == TraceKind::fault && e.fault_reason() == Fault::no_branch)
            if (Id item = condition_read(p_.nodes[e.node], p_.nodes[e.node].next.size()); item != no_id) return item;
    return no_id;
}

bool Explorer::start(Id script, const HostSupply& host, State& state, std::vector<Event>& events) {
    state = State{};
    state.record_path = options_.record_path;
    for (const HostFact& f : host.facts)
        if (!supply(p_, state, f)) return false;
    for (Id action : host.done) supply(state, action);
    state.locale_bits = locale_bits(p_, host.locale.empty() ? p_.scripts[script].locale : host.locale);
    state.today = p_.dates.explored_today;
    Stepper stepper(p_, state, events, ids_);
    if (!options_.turn_budget) stepper.ignore_turn_budget();
    stepper.start(script);
    return true;
}

void Explorer::step(State& state, const Input& input, std::vector<Event>& events) {
    Stepper stepper(p_, state, events, ids_);
    if (!options_.turn_budget) stepper.ignore_turn_budget();
    take_input(stepper, state, input);
}

void Explorer::take_input(Stepper& stepper, const State& before, const Input& input) const {
    if (input.is_signal) stepper.signal(input.event);
    else if (input.host_unknown) (void)stepper.fill_unknown(p_.nodes[before.at].slot);  // offered at lookups only
    else (void)stepper.reply(input.text);  // whether it was understood shows in the events
}

bool Explorer::live_slot(Id at, Id slot) const {
    return live_value_[at].test(slot) || live_known_[at].test(slot) || global_value_.test(slot) || global_known_.test(slot);
}

bool Explorer::live_action(Id at, Id action) const { return live_action_[at].test(action) || global_action_.test(action); }

std::string Explorer::key_of(const State& s, const HostSupply& host) const {
    std::string k;
    auto put = [&k](auto value) { k.append(reinterpret_cast<const char*>(&value), sizeof value); };
    put(s.at);
    put(s.waiting);
    put(s.attempts);
    put(s.outcome);
    put(s.cancel_requested);
    put(s.cancelling);
    put(s.escalating);
    put(s.offers_after_cancel);
    put(retention_accepted_since_cancel(p_, s));
    put(conversation_fact(ConversationFact::offer_accepted, s));  // conditions may read it (cancel_requested is above)
    put(s.locale_bits);
    put(static_cast<Id>(s.call_stack.size()));
    for (Id c : s.call_stack) put(c);
    // Every node a return can reach is covered by liveness through return edges, so `at` decides.
    const Bits& value = live_value_[s.at];
    for (const Fact& f : s.facts) {
        if (!live_slot(s.at, f.slot)) continue;
        put(f.slot);
        if (!value.test(f.slot) && !global_value_.test(f.slot)) continue;
        ValView v = s.value(f);
        switch (v.type) {
        case SlotType::boolean: put(v.boolean); break;
        case SlotType::number:
        case SlotType::date: put(v.number); break;
        case SlotType::choice: put(v.choice); break;
        case SlotType::text: k += v.text; k += '\0'; break;
        }
    }
    k += '|';
    for (const DoneAction& d : s.done)
        if (live_action(s.at, d.action)) put(d.action);
    k += '|';
    for (const FailedAction& f : s.failed)
        if (live_action(s.at, f.action)) put(f.action);
    for (Id q : s.answered_action_questions) put(q);
    k += '|';
    // The host's items still open that a later step may read: they may yet go either way.
    for (Id item = 0; item < host_items_.size(); ++item) {
        bool live = item < host_slots_ ? live_slot(s.at, host_items_[item]) : live_action(s.at, host_items_[item]);
        if (live && host.open(item)) put(item);
    }
    return k;
}

void Explorer::trim(State& s) const {
    s.facts.erase(std::remove_if(s.facts.begin(), s.facts.end(), [&](const Fact& f) { return !live_slot(s.at, f.slot); }),
                  s.facts.end());
    s.done.erase(std::remove_if(s.done.begin(), s.done.end(), [&](const DoneAction& d) { return !live_action(s.at, d.action); }),
                 s.done.end());
    s.failed.erase(std::remove_if(s.failed.begin(), s.failed.end(), [&](const FailedAction& f) { return !live_action(s.at, f.action); }),
                   s.failed.end());
    s.facts.shrink_to_fit();
    s.done.shrink_to_fit();
    s.past = {};
    if (!s.compact_texts()) s.texts.shrink_to_fit();  // the text of the facts kept only
    s.failed.shrink_to_fit();
    // The trace of the way here: no step reads it.
    s.interventions = {};
    s.says = {};
    s.signals = {};
    s.steps = {};
    if (!options_.record_path) s.path = {};
}

std::size_t Explorer::bytes_of(const State& s, const HostSupply& host) {
    std::size_t bytes = sizeof(State) + sizeof(HostSupply) + s.facts.capacity() * sizeof(Fact) +
                        s.done.capacity() * sizeof(DoneAction) + s.failed.capacity() * sizeof(FailedAction) + s.call_stack.capacity() * sizeof(Id) +
                        s.answered_action_questions.capacity() * sizeof(Id) + s.offers.capacity() * sizeof(OfferMade) +
                        s.path.capacity() * sizeof(State::Step) + host.facts.capacity() * sizeof(HostFact) +
                        (host.done.capacity() + host.settled.capacity()) * sizeof(Id);
    bytes += s.texts.capacity();
    for (const HostFact& f : host.facts) bytes += f.value.capacity();
    bytes += host.locale.capacity();
    return bytes;
}

// What each node reads itself: slot values (conditions), slot knownness (questions skip on it),
// actions (instructions skip on them).
void Explorer::read_by_node() {
    const std::size_t n = p_.nodes.size(), slots = p_.slots.size(), actions = p_.actions.size();
    live_value_.assign(n, Bits(slots));
    live_known_.assign(n, Bits(slots));
    live_action_.assign(n, Bits(actions));
    for (Id id = 0; id < n; ++id) {
        const Node& node = p_.nodes[id];
        for (const Branch& b : node.next) {
            if (b.condition == no_id) continue;
            for (const Instr& in : p_.conditions[b.condition].code) {
                if (in.op == Op::push_slot) live_value_[id].set(in.arg), live_known_[id].set(in.arg);
                if (in.op == Op::known) live_known_[id].set(in.arg);
                if (in.op == Op::done || in.op == Op::failed) live_action_[id].set(in.arg);
            }
        }
        if (node.slot != no_id) live_known_[id].set(node.slot);
        if (node.action != no_id) live_action_[id].set(node.action);
        for (Id a : node.action_choices) live_action_[id].set(a);
    }
}

// The nodes a conversation can come to each node from: branches, failures, calls and returns.
std::vector<std::vector<Id>> Explorer::predecessors() const {
    std::vector<std::vector<Id>> preds(p_.nodes.size());
    auto edge = [&](Id from, Id to) {
        if (to != no_id) preds[to].push_back(from);
    };
    for (Id id = 0; id < p_.nodes.size(); ++id) {
        const Node& node = p_.nodes[id];
        for (const Branch& b : node.next) edge(id, b.target);
        edge(id, node.on_fail);
        edge(id, node.on_unknown);
        if (node.kind == NodeKind::call && node.callee != no_id) edge(id, p_.scripts[node.callee].start);
        if (node.is_return)
            for (const Node& caller : p_.nodes)
                if (caller.kind == NodeKind::call && caller.callee == node.script) {
                    edge(id, static_cast<Id>(&caller - p_.nodes.data()));  // the caller's conditions are read on return
                    for (const Branch& b : caller.next) edge(id, b.target);
                }
    }
    return preds;
}

// What the rest of a conversation can still look at, from each node, computed backwards over the
// node graph. The state key keeps only those, so states that differ in what no later step reads
// are one state. Without this the state count would grow with every combination of past answers.
void Explorer::find_liveness() {
    read_by_node();
    const std::vector<std::vector<Id>> preds = predecessors();
    const std::size_t n = p_.nodes.size();
    // Last node first: scripts mostly flow from earlier nodes to later ones, so liveness, which
    // flows backwards, settles in about one pass instead of one pass per node of a long chain.
    std::deque<Id> work;
    for (Id id = static_cast<Id>(n); id-- > 0;) work.push_back(id);
    std::vector<bool> queued(n, true);
    while (!work.empty()) {
        Id id = work.front();
        work.pop_front();
        queued[id] = false;
        for (Id pred : preds[id]) {
            bool grew = live_value_[pred].merge(live_value_[id]);
            grew = live_known_[pred].merge(live_known_[id]) || grew;
            grew = live_action_[pred].merge(live_action_[id]) || grew;
            if (grew && !queued[pred]) {
                queued[pred] = true;
                work.push_back(pred);
            }
        }
    }
    // An event can come at any prompt: what the places it leads to read is live everywhere.
    global_value_ = Bits(p_.slots.size());
    global_known_ = Bits(p_.slots.size());
    global_action_ = Bits(p_.actions.size());
    std::vector<Id> targets = {p_.policies.cancel_node, p_.policies.escalation_node};
    if (p_.policies.cancel_script != no_id) targets.push_back(p_.scripts[p_.policies.cancel_script].start);
    for (const auto& e : p_.policies.events) targets.push_back(e.target);
    for (Id t : targets)
        if (t != no_id) {
            global_value_.merge(live_value_[t]);
            global_known_.merge(live_known_[t]);
            global_action_.merge(live_action_[t]);
        }
}

// ---------------------------------------------------------------------------------------------

StateSpace::StateSpace(Explorer& explorer, std::size_t max_states, std::size_t max_depth, std::size_t max_bytes)
    : explorer_(explorer), max_states_(max_states), max_depth_(max_depth), max_bytes_(max_bytes) {}

void StateSpace::enter(const std::vector<Id>& scripts, Observer& observer) {
    for (Id script : scripts) add_start(script, {}, observer);
}

void StateSpace::add_start(Id script, std::vector<HostFact> facts, Observer& observer) {
    for (const Start& s : starts_)
        if (s.script == script && s.facts == facts) return;
    HostSupply host;
    host.facts = facts;
    for (const HostFact& f : facts)
        if (Id item = explorer_.host_item_of_slot(f.slot); item != no_id) host.settle(item);
    starts_.push_back(Start{script, std::move(facts)});
    const std::size_t start = starts_.size() - 1, before = visits_.size();
    explorer_.start(script, host, [&](State&& after, HostSupply&& h, const std::vector<Event>& events) {
        arrive(std::move(after), std::move(h), events, npos, nullptr, start, observer);
    });
    if (visits_.size() == before && start + 1 == starts_.size()) starts_.pop_back();  // a fact did not fit
}

void StateSpace::add_start(State state, HostSupply host, Observer& observer) {
    starts_.push_back(Start{});
    arrive(std::move(state), std::move(host), {}, npos, nullptr, starts_.size() - 1, observer);
}

bool StateSpace::run(Observer& observer) {
    for (; next_ < visits_.size(); ++next_) {
        if (observer.satisfied()) return true;
        if (visits_.size() >= max_states_ || bytes_ > max_bytes_) return false;
        const Visit& v = visits_[next_];  // (a deque: arrive keeps it where it is)
        if (v.state.outcome != Outcome::none || !v.state.waiting || v.depth >= max_depth_) continue;
        for (const Input& in : explorer_.inputs_at(v.state.at)) {
            explorer_.step(v.state, v.host, in, [&](State&& after, HostSupply&& h, const std::vector<Event>& events) {
                arrive(std::move(after), std::move(h), events, next_, &in, v.start, observer);
            });
            if (observer.satisfied()) return true;
        }
    }
    return true;
}

void StateSpace::arrive(State&& after, HostSupply&& host, const std::vector<Event>& events, std::size_t from,
                        const Input* input, std::size_t start, Observer& observer) {
    std::string key = explorer_.key_of(after, host);
    auto known = index_.find(key);
    bool added = known == index_.end() || observer.keep_again(Step{from, input, start, after, host, events});
    std::size_t to = added ? visits_.size() : known->second;
    if (from != npos) edges_.push_back(Edge{from, to, input && !input->is_signal});
    bytes_ += sizeof(Edge);
    if (!added) return observer.reached(Step{from, input, start, after, host, events}, to, false);
    if (known == index_.end()) {
        bytes_ += key.capacity() + sizeof(std::pair<std::string, std::size_t>) + 2 * sizeof(void*);
        index_.emplace(std::move(key), to);
    }
    std::size_t depth = from == npos ? 0 : visits_[from].depth + 1;
    visits_.push_back(Visit{std::move(after), std::move(host), from, input ? *input : Input{}, start, depth});
    Visit& v = visits_.back();
    observer.reached(Step{from, input, start, v.state, v.host, events}, to, true);
    explorer_.trim(v.state);  // after the observer saw it whole
    bytes_ += Explorer::bytes_of(v.state, v.host) + sizeof(Visit) + v.input.text.capacity();
}

std::vector<const Input*> StateSpace::inputs_to(std::size_t v) const {
    std::vector<const Input*> out;
    for (std::size_t at = v; visits_[at].parent != npos; at = visits_[at].parent) out.push_back(&visits_[at].input);
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace parley::detail
