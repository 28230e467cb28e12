// Mutants of a compiled library (include/parley/mutate.hpp): a copy of the program with one small
// change, wrapped in a Library; and running test cases against each to see which ones they notice.
#include "parley/mutate.hpp"

#include <algorithm>
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

class Maker {
public:
    explicit Maker(const Program& p) : p_(p) {}

    std::vector<Mutant> all(std::vector<std::string>* equivalent) {
        for (Id id = 0; id < p_.nodes.size(); ++id) node(id, equivalent);
        policies(equivalent);
        return std::move(out_);
    }

private:
    std::string name(const Node& n) const { return p_.scripts[n.script].name + "." + n.name; }
    std::string target(const Branch& b) const { return b.target < p_.nodes.size() ? p_.nodes[b.target].name : "?"; }

    template <class Change>
    void add(Mutant::Kind kind, const Node& n, std::string description, const SourceRegion& region, Change change) {
        auto copy = std::make_shared<Program>(p_);
        change(*copy);
        out_.push_back(Mutant{kind, p_.scripts[n.script].name, n.name, name(n) + ": " + std::move(description), region,
                              LibraryAccess::make(std::move(copy))});
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
                add(Mutant::Kind::swap_targets, n, what, n.next[i].region, [&](Program& q) {
                    std::swap(q.nodes[id].next[i].target, q.nodes[id].next[j].target);
                });
            }
        // A branch's condition is negated (a copy of it, in case conditions are ever shared).
        for (std::size_t i = 0; i < n.next.size(); ++i) {
            Id c = n.next[i].condition;
            if (c == no_id) continue;
            const Condition& cond = p_.conditions[c];
            SourceRegion at = cond.region.line > 0 ? cond.region : n.next[i].region;
            add(Mutant::Kind::negate_condition, n,
                "branch " + std::to_string(i + 1) + " taken when its condition does not hold: not (" + cond.source + ")",
                at, [&](Program& q) {
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
            add(Mutant::Kind::drop_forget, n, "forgets nothing (instead of " + was + ")", n.region,
                [&](Program& q) { q.nodes[id].forget.clear(); });
        }
        if (!n.set.empty()) {
            std::string was;
            for (const Assignment& a : n.set)
                was += (was.empty() ? "" : ", ") + p_.slots[a.slot].name + " = " + render_value(a.value, p_.slots[a.slot]);
            add(Mutant::Kind::drop_set, n, "sets nothing (instead of " + was + ")", n.region,
                [&](Program& q) { q.nodes[id].set.clear(); });
        }
        if (n.kind == NodeKind::offer) {
            OfferKind other = n.offer_kind == OfferKind::retention ? OfferKind::upsell : OfferKind::retention;
            auto a = [](OfferKind k) { return k == OfferKind::upsell ? "an " : "a "; };
            add(Mutant::Kind::flip_offer_kind, n,
                a(n.offer_kind) + std::string(parley::to_string(n.offer_kind)) + " offer becomes " + a(other) +
                    parley::to_string(other) + " offer",
                n.region, [&](Program& q) { q.nodes[id].offer_kind = other; });
        }
        if (n.repeat) {
            add(Mutant::Kind::drop_repeat, n, "an instruction to repeat is skipped when its action is done (repeat: false)",
                n.region, [&](Program& q) { q.nodes[id].repeat = false; });
        }
        if (n.kind == NodeKind::end && !n.is_return && other(n.outcome) != Outcome::none) {
            Outcome changed = other(n.outcome);
            add(Mutant::Kind::change_outcome, n,
                std::string("ends ") + parley::to_string(changed) + " instead of " + parley::to_string(n.outcome), n.region,
                [&](Program& q) { q.nodes[id].outcome = changed; });
        }
        if (n.on_fail != no_id) {
            add(Mutant::Kind::drop_on_fail, n,
                "gives up without on_fail (instead of going to " + p_.nodes[n.on_fail].name + ")", n.region,
                [&](Program& q) { q.nodes[id].on_fail = no_id; });
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
        auto copy = std::make_shared<Program>(p_);
        copy->policies.max_offers += 1;
        out_.push_back(Mutant{Mutant::Kind::raise_max_offers, "", "", what, at, LibraryAccess::make(std::move(copy))});
    }

    const Program& p_;
    std::vector<Mutant> out_;
};

}  // namespace

std::vector<Mutant> mutants(const Library& library, std::vector<std::string>* equivalent) {
    return Maker(LibraryAccess::program(library)).all(equivalent);
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
    std::vector<Mutant> all = mutants(library, &equivalent);
    for (std::string& e : equivalent) {  // "script.node: ..." or "policies: ..."
        std::string script = e.substr(0, e.find_first_of(".:"));
        if (e.rfind("policies:", 0) == 0 || entered.count(script)) report.equivalent.push_back(std::move(e));
    }
    for (Mutant& m : all) {
        if (!m.script.empty() && entered.count(m.script) == 0) continue;  // no case goes there
        MutantResult result{std::move(m), false, {}};
        for (const TestCase& c : cases) {
            if (run_case(result.mutant.library, c).passed()) continue;
            result.killed = true;
            result.killed_by = c.name;
            break;
        }
        report.results.push_back(std::move(result));
    }
    return report;
}

}  // namespace parley::testing
