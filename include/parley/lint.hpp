#pragma once
// Proving a script library safe before it meets a customer: structure checks over the graph, and
// conduct checks over every path, explored with the engine's own step rules (docs/lint.md).
#include <cstddef>
#include <vector>

#include "parley/diagnostic.hpp"
#include "parley/library.hpp"

namespace parley {

struct LintOptions {
    std::size_t max_states = 2'000'000;  ///< exploration stops (with a note) past this many states
};

struct LintReport {
    std::vector<Diagnostic> diagnostics;  ///< sorted by file, line, column
    std::size_t states = 0;               ///< distinct conversation states explored
    bool complete = true;                 ///< false when max_states stopped the exploration
};

/// Every finding about `library` (the loader's warnings included).
LintReport lint(const Library& library, const LintOptions& options = {});

}  // namespace parley
