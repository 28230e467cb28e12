// Did-you-mean notes: edit distance with transpositions, and the threshold of a typo. Bounded in
// time and memory whatever the input: a hostile script may misspell a 60,000-character id against
// 100,000 candidates.
#include "common/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace parley::detail {

namespace {

// Words longer than this get no suggestion: nobody types a 100-character id by hand and mistypes it,
// and the comparison costs length times candidate length.
constexpr std::size_t max_compared_length = 96;

bool same_letter(char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
}

// Edits between two words, where swapping two neighbouring letters ("slto") counts as one edit;
// `limit` or more when that many edits or more are needed (the count stops once every partial
// alignment is that far off). Three rows of the table, not the whole of it.
std::size_t edit_distance_below(std::string_view a, std::string_view b, std::size_t limit) {
    const std::size_t m = b.size();
    std::vector<std::size_t> before(m + 1), above(m + 1), row(m + 1);
    for (std::size_t j = 0; j <= m; ++j) above[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        std::size_t row_min = row[0];
        for (std::size_t j = 1; j <= m; ++j) {
            row[j] = std::min({above[j] + 1, row[j - 1] + 1, above[j - 1] + (same_letter(a[i - 1], b[j - 1]) ? 0 : 1)});
            if (i > 1 && j > 1 && same_letter(a[i - 1], b[j - 2]) && same_letter(a[i - 2], b[j - 1]))
                row[j] = std::min(row[j], before[j - 2] + 1);
            row_min = std::min(row_min, row[j]);
        }
        if (row_min >= limit) return limit;  // every later row is at least as far off
        std::swap(before, above);
        std::swap(above, row);
    }
    return std::min(above[m], limit);
}

}  // namespace

std::string closest(std::string_view word, const std::vector<std::string_view>& candidates) {
    if (word.size() > max_compared_length) return {};
    // A typo is at most a third of the word (and at least one edit) away.
    std::size_t best = std::max<std::size_t>(1, word.size() / 3) + 1;
    std::string_view found;
    for (std::string_view c : candidates) {
        // The length difference alone is that many edits: such a candidate cannot do better.
        std::size_t length_gap = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
        if (length_gap >= best) continue;
        std::size_t d = edit_distance_below(word, c, best);
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
