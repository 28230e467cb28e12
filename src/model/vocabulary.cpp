// The few words of the vocabulary that are derived from a table rather than listed in one.
#include "model/vocabulary.hpp"

namespace parley::detail {

std::vector<std::string_view> ended_outcome_words() {
    std::vector<std::string_view> out;
    for (const Word<Outcome>& w : outcome_words)
        if (w.meaning != Outcome::none) out.push_back(w.word);
    return out;
}

// An end names how the conversation went; `completed` is what returning from the outermost script means,
// so an end says `return` instead.
static bool named_by_end(Outcome o) { return o != Outcome::none && o != Outcome::completed; }

std::optional<Outcome> end_outcome(std::string_view word) {
    if (word == return_word) return Outcome::completed;
    std::optional<Outcome> o = meaning_of(outcome_words, word);
    if (o && named_by_end(*o)) return o;
    return std::nullopt;
}

std::vector<std::string_view> end_words() {
    std::vector<std::string_view> out;
    for (const Word<Outcome>& w : outcome_words)
        if (named_by_end(w.meaning)) out.push_back(w.word);
    out.push_back(return_word);
    return out;
}

const char* to_string(PolicyId p) noexcept { return word_for(policy_words, p).data(); }

}  // namespace parley::detail
