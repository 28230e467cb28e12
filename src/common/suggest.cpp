#include "common/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace parley::detail {

namespace {
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}
}  // namespace

std::string closest(std::string_view word, const std::vector<std::string_view>& candidates) {
    // A typo is at most a third of the word (and at least one edit) away.
    std::size_t best = std::max<std::size_t>(1, word.size() / 3) + 1;
    std::string_view found;
    for (std::string_view c : candidates) {
        std::size_t d = edit_distance(word, c);
        if (d < best) {
            best = d;
            found = c;
        }
    }
    return std::string(found);
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
    std::string c = closest(word, candidates);
    return c.empty() ? std::string() : "did you mean '" + c + "'?";
}

}  // namespace parley::detail
