#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace parley::detail {

/// The closest candidate to `word` by edit distance, or "" when none is close enough to be a typo.
std::string closest(std::string_view word, const std::vector<std::string_view>& candidates);

/// "did you mean 'x'?" or "" — the note attached to unknown-name diagnostics.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace parley::detail
