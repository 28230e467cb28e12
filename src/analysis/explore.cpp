// Conduct checks: a breadth-first walk over every conversation state a library allows, taking the
// engine's own steps (Stepper) for every kind of reply and every event, memoised on the state.
// Breadth first means the first path that reaches a finding is a shortest counterexample.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "analysis/analysis.hpp"
#include "analysis/replies.hpp"
#include "common/diagnostics.hpp"
#include "model/values.hpp"
#include "engine/render.hpp"
#include "engine/evaluate.hpp"
#include "engine/step.hpp"

namespace parley::detail {

namespace {

struct Input {
    bool is_signal = false;
    Id event = no_id;
    std::string text;  // the reply, or "!event": the line a customer types into `parley run`
};

struct Visit {
    State state;
    std::size_t parent;  // index of the visit this one was reached from (itself for an entry)
    std::string line;    // what the customer typed to get here (nothing for an entry)
    Id entry_script;
};

class Explorer {
public:
    Explorer(const Program& p, int max_turns, std::size_t max_states, std::vector<Diagnostic>& out)
        : p_(p), max_states_(max_states), out_(out), candidates_(p), max_turns_(max_turns) {
        find_liveness();
    }

    ExploreResult run() {
        for (Id s = 0; s < p_.scripts.size(); ++s) enter(s);
        for (std::size_t v = 0; v < visits_.size(); ++v) {
            if (visits_.size() >= max_states_) {
                complete_ = false;
                break;
            }
            if (visits_[v].state.outcome != Outcome::none || !visits_[v].state.waiting) continue;
            for (const Input& in : inputs_at(visits_[v].state.at)) step(v, in);
        }
        check_paths_to_outcomes();
        check_loops();
        return {visits_.size(), complete_};
    }

private:
    // A bit set per node, one bit per slot or action.
    struct Bits {
        std::vector<std::uint64_t> words;
        explicit Bits(std::size_t n = 0) : words((n + 63) / 64, 0) {}
        void set(Id i) { words[i / 64] |= std::uint64_t{1} << (i % 64); }
        bool test(Id i) const { return (words[i / 64] >> (i % 64)) & 1; }
        bool merge(const Bits& o) {  // true when it grew
            bool grew = false;
            for (std::size_t w = 0; w < words.size(); ++w) {
                std::uint64_t before = words[w];
                words[w] |= o.words[w];
                grew = grew || words[w] != before;
            }
            return grew;
        }
    };

    // What the rest of a conversation can still look at, from each node: slot values (conditions),
    // slot knownness (questions skip on it), actions (instructions skip on them). The state key keeps
    // only those, so states that differ in what no later step reads are one state. Without this the
    // state count would grow with every combination of past answers.
    void find_liveness() {
        const std::size_t n = p_.nodes.size(), slots = p_.slots.size(), actions = p_.actions.size();
        live_value_.assign(n, Bits(slots));
        live_known_.assign(n, Bits(slots));
        live_action_.assign(n, Bits(actions));
        std::vector<std::vector<Id>> preds(n);
        auto edge = [&](Id from, Id to) {
            if (to != no_id) preds[to].push_back(from);
        };
        for (Id id = 0; id < n; ++id) {
            const Node& node = p_.nodes[id];
            for (const Branch& b : node.next) {
                edge(id, b.target);
                if (b.condition == no_id) continue;
                for (const Instr& in : p_.conditions[b.condition].code) {
                    if (in.op == Op::push_slot) live_value_[id].set(in.arg), live_known_[id].set(in.arg);
                    if (in.op == Op::known) live_known_[id].set(in.arg);
                    if (in.op == Op::done) live_action_[id].set(in.arg);
                }
            }
            edge(id, node.on_fail);
            if (node.slot != no_id) live_known_[id].set(node.slot);
            if (node.action != no_id) live_action_[id].set(node.action);
            for (Id a : node.action_choices) live_action_[id].set(a);
            if (node.kind == NodeKind::call && node.callee != no_id) edge(id, p_.scripts[node.callee].start);
            if (node.is_return)
                for (const Node& caller : p_.nodes)
                    if (caller.kind == NodeKind::call && caller.callee == node.script)
                        for (const Branch& b : caller.next) edge(id, b.target);
        }
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
        global_value_ = Bits(slots);
        global_known_ = Bits(slots);
        global_action_ = Bits(actions);
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

    // The inputs depend on the node only, so each node's list is made once.
    const std::vector<Input>& inputs_at(Id node) {
        if (inputs_.empty()) inputs_.resize(p_.nodes.size());
        if (inputs_[node].empty()) inputs_[node] = inputs_for(node);
        return inputs_[node];
    }

    std::vector<Input> inputs_for(Id node) const {
        std::vector<Input> out;
        auto reply = [&](std::string text) { out.push_back(Input{false, no_id, std::move(text)}); };
        const Node& n = p_.nodes[node];
        switch (n.kind) {
        case NodeKind::ask:
        case NodeKind::lookup:
            for (auto& r : candidates_.for_slot(n.slot)) reply(r);
            reply(p_.slots[n.slot].type == SlotType::text ? "" : "???");  // not understood
            break;
        case NodeKind::offer:
            reply("yes");
            reply("no");
            reply("???");
            break;
        case NodeKind::ask_actions: {
            reply("none");
            std::string all;
            for (Id a : n.action_choices) {
                reply(p_.actions[a]);
                all += (all.empty() ? "" : ", ") + p_.actions[a];
            }
            if (n.action_choices.size() > 1) reply(all);
            reply("???");
            break;
        }
        case NodeKind::instruct: reply("done"); break;
        default: break;
        }
        // What the customer may say at any point.
        for (Id e = 0; e < builtin_events + p_.policies.events.size(); ++e)
            if (e != static_cast<Id>(BuiltinEvent::agent) && e != static_cast<Id>(BuiltinEvent::repeat))
                out.push_back(Input{true, e, "!" + std::string(event_name(p_, e))});
        return out;
    }

    // The parts of a state that can change what happens next; the turn count and trace cannot.
    std::string key_of(const State& s) const {
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

    // Returns the index of the state, new or already seen. `parent` is npos_ for an entry.
    std::size_t add(State state, std::size_t parent, std::string line, Id entry, bool by_reply = false) {
        std::string key = key_of(state);
        auto [it, inserted] = index_.emplace(std::move(key), visits_.size());
        if (parent != npos_) {
            edges_.emplace_back(parent, it->second);
            // A reply that leaves everything as it was is a loop; a signal that changes nothing is not.
            if (parent == it->second && by_reply) self_loops_.push_back(parent);
        }
        if (inserted)
            visits_.push_back(Visit{std::move(state), parent == npos_ ? visits_.size() : parent, std::move(line), entry});
        return it->second;
    }

    void enter(Id script) {
        State s;
        events_.clear();
        Stepper(p_, s, events_, ids_).start(script);
        std::size_t at = add(std::move(s), npos_, "", script);
        look_at_events(at, nullptr, script, visits_[at].state);
    }

    void step(std::size_t from, const Input& in) {
        State s = visits_[from].state;
        events_.clear();
        Stepper stepper(p_, s, events_, ids_);
        if (in.is_signal) stepper.signal(in.event);
        else (void)stepper.reply(in.text);  // what it made of the reply is in the events
        look_at_events(from, &in.text, visits_[from].entry_script, s);
        add(std::move(s), from, in.text, visits_[from].entry_script, !in.is_signal);
    }

    // The lines that reach visit `v` from its entry, then `last` when the finding came with one more.
    std::vector<std::string> path_to(std::size_t v, const std::string* last) const {
        std::vector<std::string> lines;
        for (std::size_t at = v; visits_[at].parent != at; at = visits_[at].parent) lines.push_back(visits_[at].line);
        std::reverse(lines.begin(), lines.end());
        if (last) lines.push_back(*last);
        return lines;
    }

    void report(const char* rule, Severity severity, Id node, std::string message, std::size_t from,
                const std::string* last, Id entry) {
        std::string dedupe = std::string(rule) + '/' + std::to_string(node);
        if (!reported_.insert(dedupe).second) return;
        std::vector<std::string> path = path_to(from, last);
        // With a turn budget, the engine escalates before a longer path gets there.
        if (max_turns_ > 0 && path.size() > static_cast<std::size_t>(max_turns_)) return;
        Diagnostic d = make_diagnostic(rule, severity, p_.nodes[node].region, std::move(message));
        d.script = p_.scripts[entry].name;
        d.path = std::move(path);
        out_.push_back(std::move(d));
    }

    // The events of one step say what the engine had to do about the script.
    void look_at_events(std::size_t origin, const std::string* line, Id entry, const State& after) {
        for (const Event& e : events_) {
            auto node_name = [&](Id n) { return "'" + p_.nodes[n].name + "'"; };
            if (e.kind == TraceKind::policy) {
                switch (e.policy_step()) {
                case PolicyStep::offer_over_budget:
                    report("offer-after-cancel", Severity::error, e.node,
                           "after a cancel request this path reaches offer " + node_name(e.node) + " beyond max_offers (" +
                               std::to_string(p_.policies.max_offers) + "); the engine skips it and cancels",
                           origin, line, entry);
                    break;
                case PolicyStep::upsell_skipped:
                    report("upsell-after-cancel", Severity::error, e.node,
                           "after a cancel request this path reaches upsell " + node_name(e.node) + "; the engine skips it",
                           origin, line, entry);
                    break;
                case PolicyStep::offer_declined:
                    // The engine cancels here; the script meant to go on. Does its own way lead to another offer?
                    if (Id offer = offer_after_decline(e.node, after); offer != no_id)
                        report("offer-after-cancel", Severity::error, offer,
                               "after a cancel request and a declined offer " + node_name(e.node) + ", the script goes on to offer " +
                                   node_name(offer) + ", beyond max_offers (" + std::to_string(p_.policies.max_offers) +
                                   "); the engine goes to the cancellation instead",
                               origin, line, entry);
                    break;
                case PolicyStep::offer_in_cancellation:
                    report("offer-during-cancellation", Severity::error, e.node,
                           "offer " + node_name(e.node) + " is reached while the cancellation is under way; the engine skips it",
                           origin, line, entry);
                    break;
                default: break;
                }
            } else if (e.kind == TraceKind::skipped && e.ref_source == Source::answer && e.ref_node != no_id) {
                const Node& skipped = p_.nodes[e.node];
                const Node& first = p_.nodes[e.ref_node];
                if (e.skip_reason() == SkipReason::slot_known && skipped.kind == NodeKind::ask && first.kind == NodeKind::ask)
                    report("repeated-question", Severity::warning, e.node,
                           "question " + node_name(e.node) + " asks for " + p_.slots[e.subject].name + " again after " +
                               node_name(e.ref_node) + " got the answer, and nothing forgot it in between; the engine skips it",
                           origin, line, entry);
                if (e.skip_reason() == SkipReason::action_done && skipped.kind == NodeKind::instruct &&
                    first.kind == NodeKind::instruct)
                    report("repeated-instruction", Severity::warning, e.node,
                           "instruction " + node_name(e.node) + " repeats " + p_.actions[e.subject] + ", already done at " +
                               node_name(e.ref_node) + "; the engine skips it (say `repeat: true` with a `reason` if it must be repeated)",
                           origin, line, entry);
            } else if (e.kind == TraceKind::fault) {
                switch (e.fault_reason()) {
                case Fault::no_branch:
                    report("dead-end", Severity::error, e.node,
                           "no branch of " + node_name(e.node) + " matches on this path; the engine would have to escalate",
                           origin, line, entry);
                    break;
                case Fault::no_progress:
                    report("loop-without-turn", Severity::error, e.node,
                           "this path goes round through " + node_name(e.node) + " forever without asking the customer anything",
                           origin, line, entry);
                    break;
                case Fault::call_depth:
                    report("call-depth", Severity::error, e.node,
                           "calls nest without end through " + node_name(e.node) + " (a call cycle)", origin, line, entry);
                    break;
                }
            }
        }
    }

    // Where the script's own `next` would go after the declined offer, and the first offer reachable
    // from there before any end or the cancellation node.
    Id offer_after_decline(Id offer_node, const State& after) const {
        Id start = no_id;
        for (const Branch& b : p_.nodes[offer_node].next)
            if (b.condition == no_id || evaluate(p_.conditions[b.condition], after) == Truth::yes) {
                start = b.target;
                break;
            }
        if (start == no_id) return no_id;
        std::vector<bool> seen(p_.nodes.size(), false);
        std::deque<Id> queue{start};
        seen[start] = true;
        while (!queue.empty()) {
            Id n = queue.front();
            queue.pop_front();
            const Node& node = p_.nodes[n];
            if (n == p_.policies.cancel_node || node.kind == NodeKind::end) continue;
            if (node.kind == NodeKind::offer) return n;
            for (const Branch& b : node.next)
                if (!seen[b.target]) {
                    seen[b.target] = true;
                    queue.push_back(b.target);
                }
        }
        return no_id;
    }

    // A prompt from which no path ends cancelled (or escalated) holds a customer who cannot leave.
    void check_paths_to_outcomes() {
        std::vector<std::vector<std::size_t>> back(visits_.size());
        for (auto [from, to] : edges_) back[to].push_back(from);
        for (auto [outcome, rule, what] : {std::tuple{Outcome::cancelled, "no-cancel-path", "cancel"},
                                          std::tuple{Outcome::escalated, "no-escalation-path", "reach a person"}}) {
            std::vector<bool> reaches(visits_.size(), false);
            std::deque<std::size_t> queue;
            for (std::size_t v = 0; v < visits_.size(); ++v)
                if (visits_[v].state.outcome == outcome) {
                    reaches[v] = true;
                    queue.push_back(v);
                }
            while (!queue.empty()) {
                std::size_t v = queue.front();
                queue.pop_front();
                for (std::size_t u : back[v])
                    if (!reaches[u]) {
                        reaches[u] = true;
                        queue.push_back(u);
                    }
            }
            std::unordered_set<Id> scripts_reported;
            for (std::size_t v = 0; v < visits_.size(); ++v) {
                const State& s = visits_[v].state;
                if (reaches[v] || !s.waiting || s.outcome != Outcome::none) continue;
                Id script = p_.nodes[s.at].script;
                if (!scripts_reported.insert(script).second) continue;
                report(rule, Severity::warning, s.at,
                       std::string("from '") + p_.nodes[s.at].name + "' no path lets the customer " + what +
                           " (is the policy turned off, or does the flow never end?)",
                       v, nullptr, visits_[v].entry_script);
            }
        }
    }

    // States that can come back to themselves: a conversation that can go on forever.
    void check_loops() {
        const std::size_t n = visits_.size();
        std::vector<std::vector<std::size_t>> next(n);
        for (auto [from, to] : edges_)
            if (from != to) next[from].push_back(to);
        // Tarjan's strongly connected components, iteratively (state graphs can be deep).
        std::vector<std::size_t> index(n, npos_), low(n, 0), stack;
        std::vector<bool> on_stack(n, false);
        std::size_t counter = 0;
        for (std::size_t root = 0; root < n; ++root) {
            if (index[root] != npos_) continue;
            std::vector<std::pair<std::size_t, std::size_t>> work{{root, 0}};
            while (!work.empty()) {
                auto& [v, child] = work.back();
                if (child == 0 && index[v] == npos_) {
                    index[v] = low[v] = counter++;
                    stack.push_back(v);
                    on_stack[v] = true;
                }
                if (child < next[v].size()) {
                    std::size_t w = next[v][child++];
                    if (index[w] == npos_) work.push_back({w, 0});
                    else if (on_stack[w]) low[v] = std::min(low[v], index[w]);
                    continue;
                }
                if (low[v] == index[v]) {
                    std::vector<std::size_t> component;
                    std::size_t w;
                    do {
                        w = stack.back();
                        stack.pop_back();
                        on_stack[w] = false;
                        component.push_back(w);
                    } while (w != v);
                    if (component.size() > 1 || std::count(self_loops_.begin(), self_loops_.end(), v) > 0)
                        report_loop(component);
                }
                std::size_t finished = v;
                work.pop_back();
                if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[finished]);
            }
        }
    }

    void report_loop(const std::vector<std::size_t>& component) {
        std::size_t first = *std::min_element(component.begin(), component.end());
        std::vector<std::string> names;
        for (std::size_t v : component) {
            const std::string& name = p_.nodes[visits_[v].state.at].name;
            if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
        }
        std::string through;
        for (const auto& name : names) through += (through.empty() ? "'" : ", '") + name + "'";
        Id at = visits_[first].state.at;
        std::size_t before = out_.size();
        report("endless-loop", Severity::warning, at,
               "the conversation can come back to the same state here forever, through " + through +
                   " (forget a slot that nothing asks again, or count attempts)",
               first, nullptr, visits_[first].entry_script);
        if (out_.size() > before) out_.back().notes.push_back("max_turns in policies.yaml bounds it at run time");
    }

    const Program& p_;
    std::size_t max_states_;
    std::vector<Diagnostic>& out_;
    ReplyCandidates candidates_;
    std::vector<Visit> visits_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<std::pair<std::size_t, std::size_t>> edges_;
    std::vector<std::size_t> self_loops_;
    int max_turns_ = 0;
    std::unordered_set<std::string> reported_;
    std::vector<Bits> live_value_, live_known_, live_action_;
    Bits global_value_, global_known_, global_action_;
    std::vector<Event> events_;
    std::vector<Id> ids_;
    std::vector<std::vector<Input>> inputs_;
    bool complete_ = true;
    static constexpr std::size_t npos_ = static_cast<std::size_t>(-1);
};

}  // namespace

ExploreResult explore(const Program& program, std::size_t max_states, std::vector<Diagnostic>& out) {
    // The turn budget depends on the turn count, which the states leave out on purpose: the explorer
    // applies it to the counterexamples instead.
    Program local = program;
    local.policies.max_turns = 0;
    ExploreResult r = Explorer(local, program.policies.max_turns, max_states, out).run();
    if (!r.complete)
        out.push_back(make_diagnostic("exploration-incomplete", Severity::note, program.policies.region,
                                      "the exploration stopped after " + std::to_string(r.states) +
                                          " conversation states (max_states); findings about longer paths may be missing"));
    return r;
}

}  // namespace parley::detail
