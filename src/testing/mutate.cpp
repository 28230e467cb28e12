// Mutants of a compiled library (include/parley/mutate.hpp): small changes to the program, planned
// first and made one at a time; and running test cases against each to see which ones they notice.
// mutation_test makes each change on one working copy of the program and undoes it after, so its
// memory does not grow with the number of mutants.
#include "parley/mutate.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "model/values.hpp"
#include "testing/library_access.hpp"

namespace parley::testing {

using namespace detail;

const char* to_string(Mutant::Kind k) noexcept {
    switch (k) {
    case Mutant::Kind::swap_targets: return "swap-targets";
    case Mutant::Kind::negate_condition: return "negate-condition";
    case Mutant::Kind::drop_forget: return "drop-forget";
    case Mutant::Kind::drop_set: return "drop-set";
    case Mutant::Kind::flip_offer_kind: return "flip-offer-kind";
    case Mutant::Kind::drop_repeat: return "drop-repeat";
    case Mutant::Kind::drop_on_fail: return "drop-on-fail";
    case Mutant::Kind::change_outcome: return "change-outcome";
    case Mutant::Kind::raise_max_offers: return "raise-max-offers";
    }
    return "?";
}

namespace {

/// One planned change: what its Mutant says, and how to make it on a copy of the program.
struct Change {
    Mutant::Kind kind;
    std::string script, node, description;
    SourceRegion region;
    Id node_id = no_id;  // the node it changes; no_id: the policies
    std::function<void(Program&)> make;
};

/// Puts back what a Change may touch (its node, the conditions it appended, the policies'
/// max_offers) as they were when this was made.
class Undo {
public:
    Undo(Program& p, Id node) : p_(p), node_id_(node), conditions_(p.conditions.size()), max_offers_(p.policies.max_offers) {
        if (node != no_id) node_ = p.nodes[node];
    }
    ~Undo() {
        if (node_id_ != no_id) p_.nodes[node_id_] = std::move(node_);
        p_.conditions.resize(conditions_);
        p_.policies.max_offers = max_offers_;
    }
    Undo(const Undo&) = delete;
    Undo& operator=(const Undo&) = delete;

private:
    Program& p_;
    Id node_id_;
    Node node_;
    std::size_t conditions_;
    int max_offers_;
};

class Planner {
public:
    explicit Planner(const Program& p) : p_(p) {}

    std::vector<Change> all(std::vector<std::string>* equivalent) {
        for (Id id = 0; id < p_.nodes.size(); ++id) node(id, equivalent);
        policies(equivalent);
        return std::move(out_);
    }

private:
    std::string name(const Node& n) const { return p_.scripts[n.script].name + "." + n.name; }
    std::string target(const Branch& b) const { return b.target < p_.nodes.size() ? p_.nodes[b.target].name : "?"; }

    // `change` is kept and run later, once per mutant: it captures by value.
    template <class Make>
    void add(Mutant::Kind kind, Id id, std::string description, const SourceRegion& region, Make change) {
        const Node& n = p_.nodes[id];
        out_.push_back(Change{kind, p_.scripts[n.script].name, n.name, name(n) + ": " + std::move(description), region,
                              id, std::move(change)});
    }

    // Taking branch i and passing it over lead to the same node: every later branch goes where it
    // goes, and one of them is always taken. Then negating its condition changes nothing.
    static bool falls_through_to_own_target(const Node& n, std::size_t i) {
        bool always_taken = false;
        for (std::size_t k = i + 1; k < n.next.size() && !always_taken; ++k) {
            if (n.next[k].target != n.next[i].target) return false;
            always_taken = n.next[k].condition == no_id;
        }
        return always_taken;
    }

    void node(Id id, std::vector<std::string>* equivalent) {
        const Node& n = p_.nodes[id];
        // Two branches of the node exchange their targets.
        for (std::size_t i = 0; i < n.next.size(); ++i)
            for (std::size_t j = i + 1; j < n.next.size(); ++j) {
                std::string what = "branches " + std::to_string(i + 1) + " and " + std::to_string(j + 1) +
                                   " swap targets (" + target(n.next[i]) + ", " + target(n.next[j]) + ")";
                if (n.next[i].target == n.next[j].target) {
                    if (equivalent) equivalent->push_back(name(n) + ": " + what + ": the same target");
                    continue;
                }
                add(Mutant::Kind::swap_targets, id, what, n.next[i].region, [=](Program& q) {
                    std::swap(q.nodes[id].next[i].target, q.nodes[id].next[j].target);
                });
            }
        // A branch's condition is negated (a copy of it, in case conditions are ever shared).
        for (std::size_t i = 0; i < n.next.size(); ++i) {
            Id c = n.next[i].condition;
            if (c == no_id) continue;
            const Condition& cond = p_.conditions[c];
            SourceRegion at = cond.region.line > 0 ? cond.region : n.next[i].region;
            if (falls_through_to_own_target(n, i)) {
                if (equivalent)
                    equivalent->push_back(name(n) + ": branch " + std::to_string(i + 1) + " negated: the branches after it lead to " +
                                          target(n.next[i]) + " too");
                continue;
            }
            add(Mutant::Kind::negate_condition, id,
                "branch " + std::to_string(i + 1) + " taken when its condition does not hold: not (" + cond.source + ")",
                at, [=](Program& q) {
                    Condition negated = q.conditions[c];
                    negated.code.push_back(Instr{Op::logical_not, 0});
                    negated.source = "not (" + negated.source + ")";
                    q.conditions.push_back(std::move(negated));
                    q.nodes[id].next[i].condition = static_cast<Id>(q.conditions.size() - 1);
                });
        }
        if (!n.forget.empty()) {
            std::string was;
            for (Id slot : n.forget) was += (was.empty() ? "" : ", ") + p_.slots[slot].name;
            add(Mutant::Kind::drop_forget, id, "forgets nothing (instead of " + was + ")", n.region,
                [=](Program& q) { q.nodes[id].forget.clear(); });
        }
        if (!n.set.empty()) {
            std::string was;
            for (const Assignment& a : n.set)
                was += (was.empty() ? "" : ", ") + p_.slots[a.slot].name + " = " + render_value(a.value, p_.slots[a.slot]);
            add(Mutant::Kind::drop_set, id, "sets nothing (instead of " + was + ")", n.region,
                [=](Program& q) { q.nodes[id].set.clear(); });
        }
        if (n.kind == NodeKind::offer) {
            OfferKind other = n.offer_kind == OfferKind::retention ? OfferKind::upsell : OfferKind::retention;
            auto a = [](OfferKind k) { return k == OfferKind::upsell ? "an " : "a "; };
            add(Mutant::Kind::flip_offer_kind, id,
                a(n.offer_kind) + std::string(parley::to_string(n.offer_kind)) + " offer becomes " + a(other) +
                    parley::to_string(other) + " offer",
                n.region, [=](Program& q) { q.nodes[id].offer_kind = other; });
        }
        if (n.repeat) {
            add(Mutant::Kind::drop_repeat, id, "an instruction to repeat is skipped when its action is done (repeat: false)",
                n.region, [=](Program& q) { q.nodes[id].repeat = false; });
        }
        if (n.kind == NodeKind::end && !n.is_return && other(n.outcome) != Outcome::none) {
            Outcome changed = other(n.outcome);
            add(Mutant::Kind::change_outcome, id,
                std::string("ends ") + parley::to_string(changed) + " instead of " + parley::to_string(n.outcome), n.region,
                [=](Program& q) { q.nodes[id].outcome = changed; });
        }
        if (n.on_fail != no_id) {
            add(Mutant::Kind::drop_on_fail, id,
                "gives up without on_fail (instead of going to " + p_.nodes[n.on_fail].name + ")", n.region,
                [=](Program& q) { q.nodes[id].on_fail = no_id; });
        }
    }

    static Outcome other(Outcome o) {
        switch (o) {
        case Outcome::resolved: return Outcome::unresolved;
        case Outcome::unresolved: return Outcome::resolved;
        case Outcome::cancelled: return Outcome::retained;
        case Outcome::retained: return Outcome::cancelled;
        case Outcome::escalated: return Outcome::transferred;
        case Outcome::transferred: return Outcome::escalated;
        case Outcome::completed: return Outcome::resolved;
        case Outcome::none: break;
        }
        return Outcome::none;
    }

    void policies(std::vector<std::string>* equivalent) {
        const Policies& pol = p_.policies;
        std::string what = "policies: honor_cancellation allows " + std::to_string(pol.max_offers + 1) +
                           " retention offers after a cancel request instead of " + std::to_string(pol.max_offers);
        // max_offers is only ever compared with the retention offers made after a cancel request
        // (and tested for 0): with cancellations not honoured, or no retention offer to make and a
        // budget of at least one, a larger budget changes nothing.
        bool any_retention = std::any_of(p_.nodes.begin(), p_.nodes.end(), [](const Node& n) {
            return n.kind == NodeKind::offer && n.offer_kind == OfferKind::retention;
        });
        if (!pol.honor_cancellation || (pol.max_offers > 0 && !any_retention)) {
            if (equivalent)
                equivalent->push_back(what + ": " + (pol.honor_cancellation ? "the library makes no retention offer"
                                                                             : "honor_cancellation is off"));
            return;
        }
        SourceRegion at = pol.region;
        if (at.file.empty()) at.file = "policies";
        out_.push_back(Change{Mutant::Kind::raise_max_offers, "", "", what, at, no_id,
                              [](Program& q) { q.policies.max_offers += 1; }});
    }

    const Program& p_;
    std::vector<Change> out_;
};

}  // namespace

std::vector<Mutant> mutants(const Library& library, std::vector<std::string>* equivalent) {
    const Program& p = LibraryAccess::program(library);
    std::vector<Mutant> out;
    for (Change& c : Planner(p).all(equivalent)) {
        auto copy = std::make_shared<Program>(p);
        c.make(*copy);
        out.push_back(Mutant{c.kind, std::move(c.script), std::move(c.node), std::move(c.description), std::move(c.region),
                             LibraryAccess::make(std::move(copy))});
    }
    return out;
}

std::size_t MutationReport::killed() const noexcept {
    return static_cast<std::size_t>(std::count_if(results.begin(), results.end(), [](const MutantResult& r) { return r.killed; }));
}

double MutationReport::score() const noexcept {
    return results.empty() ? 100.0 : 100.0 * static_cast<double>(killed()) / static_cast<double>(results.size());
}

MutationReport mutation_test(const Library& library, const std::vector<TestCase>& cases) {
    MutationReport report;
    std::set<std::string, std::less<>> entered;
    for (const TestCase& c : cases) {
        CaseResult r = run_case(library, c);
        if (!r.passed()) report.failing.push_back(c.name);
        for (const auto& step : r.path) entered.emplace(step.script);
    }
    if (!report.failing.empty()) return report;
    std::vector<std::string> equivalent;
    const Program& original = LibraryAccess::program(library);
    std::vector<Change> plan = Planner(original).all(&equivalent);
    for (std::string& e : equivalent) {  // "script.node: ..." or "policies: ..."
        std::string script = e.substr(0, e.find_first_of(".:"));
        if (e.rfind("policies:", 0) == 0 || entered.count(script)) report.equivalent.push_back(std::move(e));
    }
    // One copy of the program: each change is made on it, tried, and undone.
    auto work = std::make_shared<Program>(original);
    const Library mutated = LibraryAccess::make(work);
    for (Change& c : plan) {
        if (!c.script.empty() && entered.count(c.script) == 0) continue;  // no case goes there
        MutantResult result{Mutant{c.kind, std::move(c.script), std::move(c.node), std::move(c.description),
                                   std::move(c.region), library},
                            false, {}};
        {
            Undo undo(*work, c.node_id);
            c.make(*work);
            for (const TestCase& tc : cases) {
                if (run_case(mutated, tc).passed()) continue;
                result.killed = true;
                result.killed_by = tc.name;
                break;
            }
        }
        report.results.push_back(std::move(result));
    }
    return report;
}

}  // namespace parley::testing
