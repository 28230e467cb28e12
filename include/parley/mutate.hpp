#pragma once
// Mutation testing of script tests (docs/testing.md, section 8): small changes to a compiled library,
// one at a time, and whether a set of test cases notices each. A test suite that lets a change
// through ("the mutant survives") does not pin down that part of the script.
//
//   auto lib = parley::Library::load("scripts");
//   auto suite = parley::testing::load_tests("scripts/cancel_service.test.yaml");
//   parley::testing::MutationReport r = parley::testing::mutation_test(*lib, suite->cases);
//   std::cout << r.killed() << "/" << r.results.size() << "\n";
#include <string>
#include <vector>

#include "parley/diagnostic.hpp"
#include "parley/export.hpp"
#include "parley/library.hpp"
#include "parley/test_suite.hpp"

namespace parley::testing {

/// One small change to a library, made on the compiled program (not on the YAML text).
struct Mutant {
    enum class Kind {
        swap_targets,      ///< two branches of one node lead to each other's target
        negate_condition,  ///< a branch's `if:` is negated (an unknown stays unknown)
        drop_forget,       ///< a node forgets nothing
        drop_set,          ///< a node sets nothing
        flip_offer_kind,   ///< a retention offer becomes an upsell, or the other way round
        drop_repeat,       ///< an instruction with `repeat: true` is skipped once its action is done
        drop_on_fail,      ///< a question gives up without its `on_fail` (the policies decide)
        change_outcome,    ///< an `end` ends with another outcome (resolved and unresolved, cancelled and
                           ///< retained, escalated and transferred trade places)
        raise_max_offers   ///< policies: honor_cancellation allows one more retention offer
    };
    Kind kind = Kind::swap_targets;
    std::string script;       ///< the script changed; empty for a change to the library's policies
    std::string node;         ///< the node changed; empty for policies
    std::string description;  ///< "internet_down.lights: branches 1 and 2 swap targets (power, cables)"
    SourceRegion region;      ///< where the change is: the branch, the node, or policies.yaml
    /// The library with this one change (from mutants()). In a MutationReport, the library as it was:
    /// mutation_test makes each change in turn on one copy and undoes it, so it keeps no mutant.
    Library library;
};

PARLEY_API const char* to_string(Mutant::Kind k) noexcept;

/// Every mutant of the library, in file order, except those equivalent by construction (swapping
/// two branches with the same target; negating a branch's condition when the branches after it lead
/// to the same node; raising max_offers when it can't matter). Each holds a copy of the program:
/// mutation_test does not call this, and makes one change at a time instead. `equivalent`, when
/// given, receives a line for each mutant left out and why.
PARLEY_API std::vector<Mutant> mutants(const Library& library, std::vector<std::string>* equivalent = nullptr);

/// What a set of cases made of one mutant.
struct MutantResult {
    Mutant mutant;
    bool killed = false;
    std::string killed_by;  ///< the first case that failed on the mutant
};

struct PARLEY_API MutationReport {
    /// Each mutant of the scripts the cases enter (and each change to the policies), in file order.
    std::vector<MutantResult> results;
    std::vector<std::string> equivalent;  ///< mutants left out as equivalent by construction
    /// Cases that fail on the library itself: mutation testing needs a passing suite, so when any
    /// does, no mutant is tried and `results` is empty.
    std::vector<std::string> failing;

    std::size_t killed() const noexcept;
    /// Killed mutants in percent of those tried; 100 when none was tried.
    double score() const noexcept;
};

/// Runs `cases` on the library, then on each mutant of the scripts they enter; a mutant is
/// killed when some case fails on it.
PARLEY_API MutationReport mutation_test(const Library& library, const std::vector<TestCase>& cases);

}  // namespace parley::testing
