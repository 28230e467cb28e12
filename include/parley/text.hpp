#pragma once
// Printing what scripts, hosts and customers supply: any of them can put a line break, a terminal
// escape or bytes that are not UTF-8 in a text, a reply or a name.
#include "parley/export.hpp"
#include <string>
#include <string_view>

namespace parley {

/// `text` as one line a person can read without being misled, for a terminal or a log: newline,
/// tab and carriage return as \n \t \r; other control characters and bytes that are not UTF-8 as
/// \xHH; C1 controls, line and paragraph separators and bidirectional overrides as \u{HHHH}.
/// A backslash stands for itself, so printable(printable(t)) == printable(t). `operator<<` for a
/// Summary, the trace's messages and `parley run`'s transcript use it (docs/embedding.md).
PARLEY_API std::string printable(std::string_view text);

}  // namespace parley
