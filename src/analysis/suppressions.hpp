#pragma once
// Applying the in-source suppressions (model/suppression.hpp) to lint's findings.
#include <vector>

#include "model/suppression.hpp"

namespace parley::detail {

/// Marks each finding a suppression names (same file, rule and line) as suppressed, with the reason;
/// adds bad-suppression for a malformed one or an unknown rule, and, when `report_unused` (the
/// exploration was complete, so a missing finding is truly absent), unused-suppression for one that
/// silences nothing.
void apply_suppressions(const std::vector<Suppression>& suppressions, std::vector<Diagnostic>& findings,
                        bool report_unused);

}  // namespace parley::detail
