// The few words of the vocabulary that are derived from a table rather than listed in one.
#include "model/vocabulary.hpp"

namespace parley::detail {

std::optional<std::string_view> locale_event_tag(std::string_view event) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
    while (!event.empty() && space(event.front())) event.remove_prefix(1);
    while (!event.empty() && space(event.back())) event.remove_suffix(1);
    constexpr std::string_view word = locale_event_word;
    if (event.size() < word.size()) return std::nullopt;
    for (std::size_t i = 0; i < word.size(); ++i) {
        char c = event[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != word[i]) return std::nullopt;
    }
    std::string_view rest = event.substr(word.size());
    if (!rest.empty() && !space(rest.front())) return std::nullopt;  // "localex" is another word
    while (!rest.empty() && space(rest.front())) rest.remove_prefix(1);
    return rest;
}

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

namespace {
constexpr std::string_view typographic_apostrophe = "\u2019";

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool letter_or_digit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
}

// Whether `reply` starts with `phrase` followed by the end or a character that ends a word. Compares
// in place (this runs on every reply to an instruction): no copy, no allocation.
bool starts_with_phrase(std::string_view reply, std::string_view phrase) {
    std::size_t r = 0;
    for (char c : phrase) {
        if (c == '\'') {
            if (reply.substr(r, 1) == "'") ++r;
            else if (reply.substr(r, typographic_apostrophe.size()) == typographic_apostrophe) r += typographic_apostrophe.size();
            continue;  // or none at all
        }
        if (r >= reply.size() || lower(reply[r]) != c) return false;
        ++r;
    }
    return r == reply.size() || !letter_or_digit(reply[r]);
}
}  // namespace

bool says_couldnt(std::string_view reply) {
    while (!reply.empty() && (reply.front() == ' ' || reply.front() == '\t' || reply.front() == '\n' || reply.front() == '\r'))
        reply.remove_prefix(1);
    for (std::string_view phrase : couldnt_words)
        if (starts_with_phrase(reply, phrase)) return true;
    return false;
}

const char* to_string(PolicyId p) noexcept { return word_for(policy_words, p).data(); }

}  // namespace parley::detail
