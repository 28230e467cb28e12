#pragma once
// Did-you-mean notes for unknown names: the closest known name by edit distance, when it is close
// enough to be a typo.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::detail {

/// The closest candidate to `word` by edit distance, or "" when none is close enough to be a typo
/// (or `word` is too long to be a typed id: over 96 characters). Bounded: three rows of the table per
/// candidate, and candidates whose length alone rules them out are skipped.
std::string closest(std::string_view word, const std::vector<std::string_view>& candidates);

/// "did you mean 'x'?" or "" — the note attached to unknown-name diagnostics.
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

/// The same over any range of candidates, each named by `name_of` (a member such as &SlotDecl::name,
/// or a function): `did_you_mean(word, program.slots, &SlotDecl::name)`.
template <class Range, class NameOf>
std::string did_you_mean(std::string_view word, const Range& candidates, NameOf name_of) {
    std::vector<std::string_view> names;
    for (const auto& c : candidates) names.push_back(std::invoke(name_of, c));
    return did_you_mean(word, names);
}

/// The name of a candidate that is a name already (a std::string, a string_view).
inline constexpr auto as_name = [](std::string_view name) { return name; };

}  // namespace parley::detail
