// Conduct checks: lint's findings over every conversation state a library allows, explored by the
// one state explorer (state_space.hpp) with every kind of reply and every event at each prompt.
// Breadth first means the first path that reaches a finding is a shortest counterexample.
#include <algorithm>
#include <deque>
#include <string>
#include <tuple>
#include <unordered_set>

#include "analysis/analysis.hpp"
#include "analysis/state_space.hpp"
#include "common/diagnostics.hpp"
#include "engine/evaluate.hpp"

namespace parley::detail {

namespace {

class ConductChecks : public StateSpace::Observer {
public:
    ConductChecks(const Program& p, ExploreLimits limits, std::vector<Diagnostic>& out)
        : p_(p), out_(out), explorer_(p, explore_options()), space_(explorer_, limits.max_states, StateSpace::npos, limits.max_bytes) {}

    ExploreResult run() {
        // Where conversations begin: each script a host may start. A script with `entry: false` is
        // explored from its call sites, and a policy's or event's target from the signals that lead
        // there: starting those as conversations would invent paths no customer can take.
        std::vector<Id> scripts;
        for (Id s = 0; s < p_.scripts.size(); ++s)
            if (p_.scripts[s].entry) scripts.push_back(s);
        space_.enter(scripts, *this);
        bool complete = space_.run(*this);
        check_paths_to_outcomes(complete);
        check_loops();
        return {space_.size(), complete, space_.out_of_memory()};
    }

private:
    // Every event at every prompt. The turn budget depends on the turn count, which the states
    // leave out on purpose: the checks apply it to the counterexamples instead (report()).
    static ExploreOptions explore_options() {
        ExploreOptions o;
        o.events = true;
        o.turn_budget = false;
        return o;
    }

    // Where a finding was met: the visit it came from (npos: a start), the line said there, if
    // any, the script the conversation was entered at, and what the host supplied.
    struct Where {
        std::size_t from;
        const std::string* last;
        Id entry;
        const HostSupply& host;
    };

    // The lines said from the start to the visit, then `last` when the finding came with one more.
    std::vector<std::string> path_to(const Where& at) const {
        std::vector<std::string> lines;
        if (at.from != StateSpace::npos)
            for (const Input* in : space_.inputs_to(at.from)) lines.push_back(in->text);
        if (at.last) lines.push_back(*at.last);
        return lines;
    }

    void report(Rule rule, Id node, std::string message, const Where& at) {
        std::string dedupe = std::string(id_of(rule)) + '/' + std::to_string(node);
        if (!reported_.insert(dedupe).second) return;
        std::vector<std::string> path = path_to(at);
        // With a turn budget, the engine escalates before a longer path gets there.
        int max_turns = p_.policies.max_turns;
        if (max_turns > 0 && path.size() > static_cast<std::size_t>(max_turns)) return;
        Diagnostic d = make_diagnostic(rule, p_.nodes[node].region, std::move(message));
        d.script = p_.scripts[at.entry].name;
        d.path = std::move(path);
        for (const HostFact& f : at.host.facts) d.set.push_back(p_.slots[f.slot].name + "=" + f.value);
        for (Id action : at.host.done) d.done.push_back(p_.actions[action]);
        d.locale = at.host.locale;
        out_.push_back(std::move(d));
    }

    Where where(std::size_t visit) const {
        return {visit, nullptr, space_.starts()[space_[visit].start].script, space_[visit].host};
    }

    // The events of one step say what the engine had to do about the script.
    void reached(const StateSpace::Step& step, std::size_t, bool) override {
        const Where at{step.from, step.input ? &step.input->text : nullptr, space_.starts()[step.start].script, step.host};
        // After "I couldn't", nothing the instruction would have changed has changed: the question its
        // `forget` would have reopened is rightly passed over, which is no repetition by the script.
        const bool couldnt = std::any_of(step.events.begin(), step.events.end(), [](const Event& e) { return e.kind == TraceKind::failed; });
        for (const Event& e : step.events) {
            if (e.kind == TraceKind::policy) policy_finding(e, step.after, at);
            else if (e.kind == TraceKind::skipped && e.ref_source == Source::answer && e.ref_node != no_id && !couldnt)
                repetition_finding(e, at);
            else if (e.kind == TraceKind::fault && step.input && step.input->host_unknown) unknown_route_finding(e, at);
            else if (e.kind == TraceKind::fault) fault_finding(e, at);
        }
    }

    // The host could not tell a lookup's value, and the way on from there is a dead end: the
    // lookup needs an `on_unknown`, or a `next` entry taken while its slot is unknown.
    void unknown_route_finding(const Event& e, const Where& at) {
        if (e.fault_reason() != Fault::no_branch) return fault_finding(e, at);
        const Id lookup = space_[at.from].state.at;
        std::string message = "when the host cannot tell " + p_.slots[p_.nodes[lookup].slot].name + " (!unknown), ";
        message += e.node == lookup ? "no entry of " + node_name(lookup) + "'s next is taken"
                                    : "the conversation reaches " + node_name(e.node) + ", where no branch matches";
        report(Rule::no_unknown_route, lookup,
               message + "; the engine would have to escalate (add on_unknown, or a next entry for an unknown value)", at);
    }

    std::string node_name(Id n) const { return "'" + p_.nodes[n].name + "'"; }

    // A policy kept the conversation from where the script was taking it.
    void policy_finding(const Event& e, const State& after, const Where& at) {
        const std::string name = node_name(e.node);
        const std::string max_offers = "max_offers (" + std::to_string(p_.policies.max_offers) + ")";
        switch (e.policy_step()) {
        case PolicyStep::offer_over_budget:
            return report(Rule::offer_after_cancel, e.node,
                          "after a cancel request this path reaches offer " + name + " beyond " + max_offers +
                              "; the engine skips it and cancels", at);
        case PolicyStep::upsell_skipped:  // with a target, the engine left for the cancellation
            return report(Rule::upsell_after_cancel, e.node,
                          "after a cancel request this path reaches upsell " + name +
                              (e.ref_node == no_id ? "; the engine skips it"
                                                   : "; the engine goes to the cancellation instead, " +
                                                         p_.scripts[p_.nodes[e.ref_node].script].name + "." + p_.nodes[e.ref_node].name),
                          at);
        case PolicyStep::offer_declined:
            // The engine cancels here; the script meant to go on. Does its own way lead to another offer?
            if (Id offer = offer_after_decline(e.node, after); offer != no_id)
                report(Rule::offer_after_cancel, offer,
                       "after a cancel request and a declined offer " + name + ", the script goes on to offer " +
                           node_name(offer) + ", beyond " + max_offers + "; the engine goes to the cancellation instead", at);
            return;
        case PolicyStep::offer_in_cancellation:
            return report(Rule::offer_during_cancellation, e.node,
                          "offer " + name + " is reached while the cancellation is under way; the engine skips it", at);
        default: return;
        }
    }

    // A question asked again after it was answered, or an instruction repeated: the engine skips it.
    void repetition_finding(const Event& e, const Where& at) {
        const Node& skipped = p_.nodes[e.node];
        const Node& first = p_.nodes[e.ref_node];
        if (e.skip_reason() == SkipReason::slot_known && skipped.kind == NodeKind::ask && first.kind == NodeKind::ask)
            report(Rule::repeated_question, e.node,
                   "question " + node_name(e.node) + " asks for " + p_.slots[e.subject].name + " again after " +
                       node_name(e.ref_node) + " got the answer, and nothing forgot it in between; the engine skips it", at);
        if (e.skip_reason() == SkipReason::action_done && skipped.kind == NodeKind::instruct && first.kind == NodeKind::instruct)
            report(Rule::repeated_instruction, e.node,
                   "instruction " + node_name(e.node) + " repeats " + p_.actions[e.subject] + ", already done at " +
                       node_name(e.ref_node) + "; the engine skips it (say `repeat: true` with a `reason` if it must be repeated)",
                   at);
    }

    // The script could not go on: the engine had to end the conversation.
    void fault_finding(const Event& e, const Where& at) {
        const std::string name = node_name(e.node);
        switch (e.fault_reason()) {
        case Fault::no_branch:
            return report(Rule::dead_end, e.node,
                          "no branch of " + name + " matches on this path; the engine would have to escalate", at);
        case Fault::no_progress:
            return report(Rule::loop_without_turn, e.node,
                          "this path goes round through " + name + " forever without asking the customer anything", at);
        case Fault::call_depth:
            return report(Rule::call_depth, e.node, "calls nest without end through " + name + " (a call cycle)", at);
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
    // When the exploration stopped early, that is proved only at a state whose every way on was
    // explored; at the others it is unproven, said once per rule in a note.
    void check_paths_to_outcomes(bool complete) {
        const std::size_t n = space_.size();
        std::vector<std::vector<std::size_t>> back(n);
        for (const StateSpace::Edge& e : space_.edges()) back[e.to].push_back(e.from);
        auto backwards_from = [&](auto&& is_source) {
            std::vector<bool> reaches(n, false);
            std::deque<std::size_t> queue;
            for (std::size_t v = 0; v < n; ++v)
                if (is_source(v)) {
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
            return reaches;
        };
        // The states that can reach one whose inputs were never taken.
        const std::vector<bool> unfinished = backwards_from([&](std::size_t v) {
            const State& s = space_[v].state;
            return !complete && !space_.expanded(v) && s.waiting && s.outcome == Outcome::none;
        });
        for (auto [outcome, rule, what] : {std::tuple{Outcome::cancelled, Rule::no_cancel_path, "cancel"},
                                          std::tuple{Outcome::escalated, Rule::no_escalation_path, "reach a person"}}) {
            const Outcome goal = outcome;  // a structured binding can't be captured before C++20
            const std::vector<bool> reaches = backwards_from([&](std::size_t v) { return space_[v].state.outcome == goal; });
            std::unordered_set<Id> scripts_reported;
            std::size_t unproven = 0, first_unproven = n;
            for (std::size_t v = 0; v < n; ++v) {
                const State& s = space_[v].state;
                if (reaches[v] || !s.waiting || s.outcome != Outcome::none) continue;
                if (unfinished[v]) {
                    if (unproven++ == 0) first_unproven = v;
                    continue;
                }
                Id script = p_.nodes[s.at].script;
                if (!scripts_reported.insert(script).second) continue;
                report(rule, s.at,
                       std::string("from '") + p_.nodes[s.at].name + "' no path lets the customer " + what +
                           " (is the policy turned off, or does the flow never end?)",
                       where(v));
            }
            if (unproven > 0) unproven_note(rule, what, unproven, first_unproven);
        }
    }

    // What could not be proved because the exploration stopped: a note, never an error or a warning.
    void unproven_note(Rule rule, const char* what, std::size_t count, std::size_t first) {
        const Id at = space_[first].state.at;
        Diagnostic d = make_diagnostic(rule, p_.nodes[at].region,
                                       std::string("unproven: the exploration stopped before it could tell whether the customer can ") +
                                           what + " from '" + p_.nodes[at].name + "'" +
                                           (count > 1 ? " and " + std::to_string(count - 1) + " other conversation states" : std::string()));
        d.severity = Severity::note;
        d.notes.push_back("raise --max-states or --max-memory to prove it or find the path");
        out_.push_back(std::move(d));
    }

    // States that can come back to themselves: a conversation that can go on forever.
    void check_loops() {
        const std::size_t n = space_.size();
        std::vector<std::vector<std::size_t>> next(n);
        std::vector<bool> self_loop(n, false);  // a reply that leaves everything as it was (a signal is no loop)
        for (const StateSpace::Edge& e : space_.edges()) {
            if (e.from != e.to) next[e.from].push_back(e.to);
            else if (e.by_reply) self_loop[e.from] = true;
        }
        // Tarjan's strongly connected components, iteratively (state graphs can be deep).
        std::vector<std::size_t> index(n, StateSpace::npos), low(n, 0), stack;
        std::vector<bool> on_stack(n, false);
        std::size_t counter = 0;
        for (std::size_t root = 0; root < n; ++root) {
            if (index[root] != StateSpace::npos) continue;
            std::vector<std::pair<std::size_t, std::size_t>> work{{root, 0}};
            while (!work.empty()) {
                auto& [v, child] = work.back();
                if (child == 0 && index[v] == StateSpace::npos) {
                    index[v] = low[v] = counter++;
                    stack.push_back(v);
                    on_stack[v] = true;
                }
                if (child < next[v].size()) {
                    std::size_t w = next[v][child++];
                    if (index[w] == StateSpace::npos) work.push_back({w, 0});
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
                    if (component.size() > 1 || self_loop[v])
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
            const std::string& name = p_.nodes[space_[v].state.at].name;
            if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
        }
        std::string through;
        for (const auto& name : names) through += (through.empty() ? "'" : ", '") + name + "'";
        Id at = space_[first].state.at;
        std::size_t before = out_.size();
        report(Rule::endless_loop, at,
               "the conversation can come back to the same state here forever, through " + through +
                   " (forget a slot that nothing asks again, or count attempts)",
               where(first));
        if (out_.size() > before) out_.back().notes.push_back("max_turns in policies.yaml bounds it at run time");
    }

    const Program& p_;
    std::vector<Diagnostic>& out_;
    Explorer explorer_;
    StateSpace space_;
    std::unordered_set<std::string> reported_;
};

}  // namespace

ExploreResult explore(const Program& program, ExploreLimits limits, std::vector<Diagnostic>& out) {
    ExploreResult r = ConductChecks(program, limits, out).run();
    if (!r.complete)
        out.push_back(make_diagnostic(Rule::exploration_incomplete, program.policies.region,
                                      "the exploration stopped after " + std::to_string(r.states) + " conversation states (" +
                                          (r.out_of_memory ? "max_memory" : "max_states") +
                                          "); findings about longer paths may be missing"));
    return r;
}

}  // namespace parley::detail
