// Lint's findings against the library's `# parley-lint: ignore RULE: reason` comments
// (suppressions.hpp).
#include "analysis/suppressions.hpp"

#include "common/diagnostics.hpp"
#include "common/suggest.hpp"

namespace parley::detail {

namespace {

bool is_rule(std::string_view id) {
    for (const RuleRow& row : rule_table)
        if (row.id == id) return true;
    return false;
}

std::string nearest_rule(std::string_view id) {
    std::vector<std::string_view> ids;
    for (const RuleRow& row : rule_table) ids.push_back(row.id);
    return did_you_mean(id, ids);
}

}  // namespace

void apply_suppressions(const std::vector<Suppression>& suppressions, std::vector<Diagnostic>& findings,
                        bool report_unused) {
    std::vector<Diagnostic> added;
    for (const Suppression& s : suppressions) {
        if (!s.malformed.empty()) {
            added.push_back(make_diagnostic(Rule::bad_suppression, s.region, s.malformed));
            continue;
        }
        if (!is_rule(s.rule)) {
            added.push_back(make_diagnostic(Rule::bad_suppression, s.region, "parley has no rule '" + s.rule + "'",
                                            nearest_rule(s.rule)));
            continue;
        }
        bool used = false;
        for (Diagnostic& d : findings)
            if (!d.suppressed() && d.rule == s.rule && d.region.line == s.target_line && d.region.file == s.region.file) {
                d.suppressed_because = s.reason;
                used = true;
            }
        if (!used && report_unused)
            added.push_back(make_diagnostic(
                Rule::unused_suppression, s.region,
                s.target_line == 0 ? "this suppression of " + s.rule + " has no line after it to apply to"
                                   : "no " + s.rule + " finding on line " + std::to_string(s.target_line) + " to suppress",
                "a suppression applies to the finding on its own line, or, alone on its line, on the next line"));
    }
    findings.insert(findings.end(), added.begin(), added.end());
}

}  // namespace parley::detail
