#pragma once
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "parley/export.hpp"

namespace parley {

/// Where something is in a script file. Lines and columns are 1-based; 0 means unknown.
struct SourceRegion {
    std::string file;
    int line = 0;
    int column = 0;
};

enum class Severity { error, warning, note };

PARLEY_API const char* to_string(Severity s) noexcept;

/// A problem found while loading (or, later, linting) a script library.
/// `rule` is a stable id (e.g. "unknown-node") that tools and tests can rely on.
struct Diagnostic {
    std::string rule;
    Severity severity = Severity::error;
    SourceRegion region;
    std::string message;
    std::vector<std::string> notes;  ///< extra lines, e.g. "did you mean 'lights'?"
    /// For findings about a path (lint): the shortest counterexample, as the lines a customer would
    /// type into `parley run --script SCRIPT` (replies, and `!event` lines); `script` is its first line's script.
    std::vector<std::string> path;
    std::string script;
    /// Lint: the reason given by the `# parley-lint: ignore RULE: reason` comment that suppresses this
    /// finding (docs/lint.md, section 4); empty when none does. A suppressed finding is still reported,
    /// marked as such, but counts as no error or warning (has_errors, `parley lint`'s exit code).
    std::string suppressed_because;
    bool suppressed() const noexcept { return !suppressed_because.empty(); }
    /// What the host supplies for the counterexample: `SLOT=VALUE` for each `parley run --set`, and
    /// each action for `--done` (empty when it needs nothing from the host).
    std::vector<std::string> set;
    std::vector<std::string> done;
    /// The session's locale for the counterexample (`parley run --locale`), when a condition reads
    /// `conversation.locale`; empty: the script's own.
    std::string locale;
};

/// `file:line:column: severity: message [rule]`, then one indented line per note.
PARLEY_API std::string format(const Diagnostic& d);
PARLEY_API std::ostream& operator<<(std::ostream& os, const Diagnostic& d);

/// True when some diagnostic is an error that no suppression silences.
PARLEY_API bool has_errors(const std::vector<Diagnostic>& diagnostics) noexcept;

/// Thrown by the throwing convenience layer; carries every diagnostic, not only the first.
class PARLEY_API Error : public std::runtime_error {
public:
    explicit Error(std::vector<Diagnostic> diagnostics);
    const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

private:
    std::vector<Diagnostic> diagnostics_;
};

}  // namespace parley
