// parley::lint: the loader's warnings, then structure checks, then conduct checks over every path.
#include "parley/lint.hpp"

#include <algorithm>
#include <tuple>

#include "analysis/analysis.hpp"

namespace parley {

LintReport lint(const Library& library, const LintOptions& options) {
    const detail::Program& program = *library.program_;
    LintReport report;
    report.diagnostics = program.warnings;
    detail::check_structure(program, report.diagnostics);
    detail::ExploreResult explored = detail::explore(program, options.max_states, report.diagnostics);
    report.states = explored.states;
    report.complete = explored.complete;
    std::stable_sort(report.diagnostics.begin(), report.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.region.file, a.region.line, a.region.column) < std::tie(b.region.file, b.region.line, b.region.column);
    });
    return report;
}

}  // namespace parley

namespace parley {

const std::vector<RuleInfo>& rules() {
    using S = Severity;
    static const std::vector<RuleInfo> table = {
        // Loading: the file and its format.
        {"yaml-syntax", S::error, "the file is not valid YAML"},
        {"io-error", S::error, "a file or directory cannot be read"},
        {"unknown-key", S::error, "a key the format does not have (with a did-you-mean)"},
        {"duplicate-key", S::error, "the same key twice in one map"},
        {"duplicate-id", S::error, "two scripts, nodes or choices with the same id"},
        {"missing-key", S::error, "a key the node or script needs is missing"},
        {"missing-next", S::error, "a node that is not an end has no next"},
        {"misplaced-key", S::error, "a key that does not belong on this kind of node or slot"},
        {"conflicting-keys", S::error, "a node with two kinds (e.g. ask and instruct)"},
        {"unknown-node", S::error, "a reference to a node that does not exist"},
        {"unknown-script", S::error, "a reference to a script that does not exist"},
        {"unknown-slot", S::error, "a slot used but declared in no script"},
        {"unknown-action", S::error, "an action used in done() that no script performs"},
        {"bad-condition", S::error, "a condition that does not parse"},
        {"bad-choice", S::error, "a condition compares a choice slot with a value outside its choices"},
        {"wrong-type", S::error, "a value of the wrong type"},
        {"conflicting-slot", S::error, "one slot declared differently in two scripts"},
        {"unsupported-version", S::error, "a format version this library does not read"},
        {"repeat-without-reason", S::error, "repeat: true without a reason"},
        {"bad-template", S::error, "a text with an unclosed {"},
        {"bad-id", S::error, "an id with characters ids may not use"},
        {"undeclared-promise", S::error, "a promise of a capability the library does not declare"},
        {"internal-error", S::error, "a bug in parley; please report it"},
        // Restoring a session snapshot (Library::restore).
        {"snapshot-foreign", S::error, "bytes that are not a parley session snapshot"},
        {"snapshot-version", S::error, "a snapshot format this build does not read"},
        {"snapshot-corrupt", S::error, "a snapshot that was truncated or changed"},
        {"stranded-position", S::error, "a position the conversation continues from is gone or means something else"},
        {"snapshot-fact-dropped", S::warning, "a remembered fact, action, offer or signal that no longer fits the library"},
        {"snapshot-trace-dropped", S::warning, "a snapshot's trace from another version of the library"},
        {"no-cancellation-node", S::warning, "retention offers, but no cancellation node in policies.yaml"},
        // Structure.
        {"unreachable-node", S::warning, "a node no path reaches"},
        {"no-default-branch", S::warning, "branches whose conditions can all be false or unknown"},
        {"call-cycle", S::warning, "scripts that call each other in a cycle"},
        {"slot-never-set", S::warning, "a condition reads a slot that nothing fills and the host does not pre-fill"},
        {"unused-slot", S::warning, "a slot declared but never used"},
        {"missing-translation", S::warning, "a text without a locale the library declares"},
        {"template-slot-maybe-unknown", S::warning, "a text shows a slot that may be unknown there"},
        {"pleasantry-on-unresolved", S::warning, "a closing pleasantry when the problem is not solved"},
        {"apology-without-remedy", S::warning, "an apology not followed by an offer, instruction or resolution"},
        // Conduct, proved over every path.
        {"offer-after-cancel", S::error, "more retention offers after a cancel request than honor_cancellation allows"},
        {"upsell-after-cancel", S::error, "an upsell after a cancel request"},
        {"offer-during-cancellation", S::error, "an offer after the cancellation has begun"},
        {"repeated-question", S::warning, "a question asked again for a slot nothing forgot"},
        {"repeated-instruction", S::warning, "an instruction given again without repeat: true"},
        {"dead-end", S::error, "a path on which no branch of a node matches"},
        {"loop-without-turn", S::error, "a loop that never asks the customer anything"},
        {"call-depth", S::error, "calls that nest without end"},
        {"endless-loop", S::warning, "a conversation that can come back to the same state forever"},
        {"no-cancel-path", S::warning, "a prompt from which the customer cannot cancel"},
        {"no-escalation-path", S::warning, "a prompt from which the customer cannot reach a person"},
        {"exploration-incomplete", S::note, "the state exploration stopped at max_states"},
    };
    return table;
}

}  // namespace parley
