#pragma once
// Proving a script library safe before it meets a customer: structure checks over the graph, and
// conduct checks over every path, explored with the engine's own step rules (docs/lint.md).
#include <cstddef>
#include <string_view>
#include <vector>

#include "parley/diagnostic.hpp"
#include "parley/export.hpp"
#include "parley/library.hpp"

namespace parley {

struct LintOptions {
    std::size_t max_states = 2'000'000;  ///< exploration stops (with a note) past this many states
    std::size_t max_memory = std::size_t{1} << 30;  ///< ... or when the states it keeps take this many bytes
};

struct LintReport {
    std::vector<Diagnostic> diagnostics;  ///< sorted by file, line, column
    std::size_t states = 0;               ///< distinct conversation states explored
    bool complete = true;                 ///< false when max_states or max_memory stopped the exploration
};

/// Every finding about `library` (the loader's warnings included), those its `# parley-lint: ignore`
/// comments silence marked Diagnostic::suppressed(), and a finding about each comment that is
/// malformed or silences nothing (docs/lint.md, section 4).
PARLEY_API LintReport lint(const Library& library, const LintOptions& options = {});

/// A rule id the loader or the linter reports, with its usual severity and what it means.
struct RuleInfo {
    std::string_view id;
    Severity severity;
    std::string_view summary;
};
/// Every rule: the loader's, the linter's (docs/lint.md documents each with an example), the
/// snapshot restorer's, and the test-file reader's (docs/testing.md, "Errors in test files").
PARLEY_API const std::vector<RuleInfo>& rules();

}  // namespace parley
