// parley::lint: the loader's warnings, then structure checks, then conduct checks over every path, then
// the in-source suppressions; and parley::rules(), the rule table (common/rules.hpp) as the public API gives it.
#include "parley/lint.hpp"

#include <algorithm>
#include <tuple>

#include "analysis/analysis.hpp"
#include "analysis/suppressions.hpp"
#include "common/rules.hpp"

namespace parley {

LintReport lint(const Library& library, const LintOptions& options) {
    const detail::Program& program = *library.program_;
    LintReport report;
    report.diagnostics = program.warnings;
    detail::check_structure(program, report.diagnostics);
    detail::ExploreResult explored = detail::explore(program, {options.max_states, options.max_memory}, report.diagnostics);
    report.states = explored.states;
    report.complete = explored.complete;
    detail::apply_suppressions(program.suppressions, report.diagnostics, explored.complete);
    std::stable_sort(report.diagnostics.begin(), report.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.region.file, a.region.line, a.region.column) < std::tie(b.region.file, b.region.line, b.region.column);
    });
    return report;
}

const std::vector<RuleInfo>& rules() {
    static const std::vector<RuleInfo> list = [] {
        std::vector<RuleInfo> out;
        for (const detail::RuleRow& row : detail::rule_table) out.push_back({row.id, row.severity, row.summary});
        return out;
    }();
    return list;
}

}  // namespace parley
