#pragma once
// An in-source lint suppression, `# parley-lint: ignore RULE: reason` (docs/lint.md, section 4):
// read from a file's comments by the reader (load/suppressions.hpp), kept by the compiled program,
// applied by lint (analysis/suppressions.hpp). Comments change nothing a conversation can observe,
// so suppressions are not part of any fingerprint.
#include <string>

#include "parley/diagnostic.hpp"

namespace parley::detail {

struct Suppression {
    std::string rule;      // the rule id as written; lint checks it against the rule table
    std::string reason;    // the justification; empty when none was given (lint reports it)
    SourceRegion region;   // the comment's `#`
    int target_line = 0;   // the line whose findings it silences; 0 when no line follows it
    std::string malformed; // why the comment is not a suppression lint can apply; empty when it is
};

}  // namespace parley::detail
