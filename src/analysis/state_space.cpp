// The one explorer of conversation states (state_space.hpp): liveness behind the state key, the
// starts with what a host may pre-fill, the engine's own step, and the breadth-first walk.
#include "analysis/state_space.hpp"

#include <algorithm>
#include <deque>

#include "engine/step.hpp"
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

std::vector<HostFact> Explorer::host_facts() const {
    std::vector<bool> read(p_.slots.size(), false);
    for (const Condition& c : p_.conditions)
        for (const Instr& in : c.code)
            if (in.op == Op::push_slot || in.op == Op::known) read[in.arg] = true;
    if (p_.policies.contact_slot != no_id) read[p_.policies.contact_slot] = true;
    std::vector<HostFact> out;
    for (Id slot = 0; slot < p_.slots.size(); ++slot)
        if (p_.slots[slot].prefill && read[slot])
            for (std::string& v : candidates_.for_slot(slot)) out.push_back(HostFact{slot, std::move(v)});
    return out;
}

bool Explorer::start(Id script, const std::vector<HostFact>& facts, State& state, std::vector<Event>& events) {
    state = State{};
    state.record_path = options_.record_path;
    Stepper stepper(p_, state, events, ids_);
    if (!options_.turn_budget) stepper.ignore_turn_budget();
    for (const HostFact& f : facts) {  // as Library::try_start reads a pre-filled text
        ParsedReply value = parse_reply(f.value, p_.slots[f.slot]);
        if (!value.ok) return false;
        stepper.set_fact(f.slot, std::move(value.value), Source::prefill, no_id);
    }
    stepper.start(script);
    return true;
}

void Explorer::step(State& state, const Input& input, std::vector<Event>& events) {
    Stepper stepper(p_, state, events, ids_);
    if (!options_.turn_budget) stepper.ignore_turn_budget();
    if (input.is_signal) stepper.signal(input.event);
    else (void)stepper.reply(input.text);  // whether it was understood shows in the events
}

std::string Explorer::key_of(const State& s) const {
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
    put(static_cast<Id>(s.call_stack.size()));
    for (Id c : s.call_stack) put(c);
    // Every node a return can reach is covered by liveness through return edges, so `at` decides.
    const Bits& value = live_value_[s.at];
    const Bits& known = live_known_[s.at];
    const Bits& action = live_action_[s.at];
    for (const Fact& f : s.facts) {
        bool value_live = value.test(f.slot) || global_value_.test(f.slot);
        if (!value_live && !known.test(f.slot) && !global_known_.test(f.slot)) continue;
        put(f.slot);
        if (!value_live) continue;
        switch (f.value.type) {
        case SlotType::boolean: put(f.value.boolean); break;
        case SlotType::number: put(f.value.number); break;
        case SlotType::choice: put(f.value.choice); break;
        case SlotType::text: k += f.value.text; k += '\0'; break;
        }
    }
    k += '|';
    for (const DoneAction& d : s.done)
        if (action.test(d.action) || global_action_.test(d.action)) put(d.action);
    for (Id q : s.answered_action_questions) put(q);
    return k;
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
                if (in.op == Op::done) live_action_[id].set(in.arg);
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
        if (node.kind == NodeKind::call && node.callee != no_id) edge(id, p_.scripts[node.callee].start);
        if (node.is_return)
            for (const Node& caller : p_.nodes)
                if (caller.kind == NodeKind::call && caller.callee == node.script)
                    for (const Branch& b : caller.next) edge(id, b.target);
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
    std::deque<Id> work;
    for (Id id = 0; id < n; ++id) work.push_back(id);
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

StateSpace::StateSpace(Explorer& explorer, std::size_t max_states, std::size_t max_depth)
    : explorer_(explorer), max_states_(max_states), max_depth_(max_depth) {}

void StateSpace::enter(const std::vector<Id>& scripts, bool host_facts, Observer& observer) {
    for (Id script : scripts) add_start(script, {}, observer);
    if (!host_facts) return;
    const std::vector<HostFact> facts = explorer_.host_facts();
    for (Id script : scripts)
        for (const HostFact& f : facts) add_start(script, {f}, observer);
}

void StateSpace::add_start(Id script, std::vector<HostFact> facts, Observer& observer) {
    for (const Start& s : starts_)
        if (s.script == script && s.facts == facts) return;
    State state;
    events_.clear();
    if (!explorer_.start(script, facts, state, events_)) return;
    starts_.push_back(Start{script, std::move(facts)});
    arrive(std::move(state), npos, nullptr, starts_.size() - 1, observer);
}

void StateSpace::add_start(State state, Observer& observer) {
    starts_.push_back(Start{});
    events_.clear();
    arrive(std::move(state), npos, nullptr, starts_.size() - 1, observer);
}

bool StateSpace::run(Observer& observer) {
    for (; next_ < visits_.size(); ++next_) {
        if (observer.satisfied()) return true;
        if (visits_.size() >= max_states_) return false;
        const Visit& v = visits_[next_];
        if (v.state.outcome != Outcome::none || !v.state.waiting || v.depth >= max_depth_) continue;
        for (const Input& in : explorer_.inputs_at(v.state.at)) {
            State after = visits_[next_].state;  // (arrive may move the visits)
            events_.clear();
            explorer_.step(after, in, events_);
            arrive(std::move(after), next_, &in, visits_[next_].start, observer);
            if (observer.satisfied()) return true;
        }
    }
    return true;
}

void StateSpace::arrive(State&& after, std::size_t from, const Input* input, std::size_t start, Observer& observer) {
    std::string key = explorer_.key_of(after);
    auto known = index_.find(key);
    bool added = known == index_.end() || observer.keep_again(Step{from, input, start, after, events_});
    std::size_t to = added ? visits_.size() : known->second;
    if (added) {
        if (known == index_.end()) index_.emplace(std::move(key), to);
        std::size_t depth = from == npos ? 0 : visits_[from].depth + 1;
        visits_.push_back(Visit{std::move(after), from, input ? *input : Input{}, start, depth});
    }
    if (from != npos) edges_.push_back(Edge{from, to, input && !input->is_signal});
    observer.reached(Step{from, input, start, added ? visits_[to].state : after, events_}, to, added);
}

std::vector<const Input*> StateSpace::inputs_to(std::size_t v) const {
    std::vector<const Input*> out;
    for (std::size_t at = v; visits_[at].parent != npos; at = visits_[at].parent) out.push_back(&visits_[at].input);
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace parley::detail
