#pragma once
// Finds the `# parley-lint: ignore RULE: reason` comments of a file. yaml-cpp drops comments, so
// this reads the file's text itself, line by line.
#include <string>
#include <string_view>
#include <vector>

#include "model/suppression.hpp"

namespace parley::detail {

/// The suppression comments of `text` (a script or policies.yaml), malformed ones included. A comment
/// after something on its line silences that line; a comment alone on its line silences the next
/// line that is neither blank nor only a comment.
std::vector<Suppression> scan_suppressions(std::string_view text, const std::string& file);

}  // namespace parley::detail
