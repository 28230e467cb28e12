#pragma once
// The words of the format and the enums they mean, one table for each: the compiler reads words through
// them, the format table lists them as a key's allowed values, and to_string() names the enums with them.
// A word is written here and nowhere else.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "parley/outcome.hpp"
#include "parley/slot.hpp"

namespace parley::detail {

using SlotType = parley::SlotType;  // public (parley/slot.hpp): a host reads it in Library::slots()

/// The conduct policies (docs/policies.md), resolved to ids at load.
enum class PolicyId : std::uint8_t {
    honor_cancellation, no_upsell_after_cancel, escalate_on_request, max_attempts, no_repeat_instructions,
    max_turns, repeat_contact, closing_courtesy
};

/// How a node speaks (`tone:`); lint checks that an apology is followed by a remedy.
enum class Tone : std::uint8_t { neutral, apology };

/// One word of a table and what it means.
template <class E>
struct Word {
    E meaning;
    std::string_view word;  // a literal: data() is null-terminated
};

template <class E, std::size_t N>
using Words = std::array<Word<E>, N>;

/// What `word` means in `table` (exactly as written), or nullopt.
template <class E, std::size_t N>
constexpr std::optional<E> meaning_of(const Words<E, N>& table, std::string_view word) {
    for (const Word<E>& w : table)
        if (w.word == word) return w.meaning;
    return std::nullopt;
}

/// The word `table` has for `meaning`, or "?".
template <class E, std::size_t N>
constexpr std::string_view word_for(const Words<E, N>& table, E meaning) {
    for (const Word<E>& w : table)
        if (w.meaning == meaning) return w.word;
    return "?";
}

/// Every word of `table`, in its order (the allowed values of a key, did-you-mean candidates).
template <class E, std::size_t N>
std::vector<std::string_view> words_of(const Words<E, N>& table) {
    std::vector<std::string_view> out;
    for (const Word<E>& w : table) out.push_back(w.word);
    return out;
}

inline constexpr Words<SlotType, 5> slot_type_words = {{
    {SlotType::boolean, "boolean"}, {SlotType::choice, "choice"}, {SlotType::number, "number"}, {SlotType::text, "text"},
    {SlotType::date, "date"},
}};

inline constexpr Words<OfferKind, 2> offer_kind_words = {{{OfferKind::retention, "retention"}, {OfferKind::upsell, "upsell"}}};

/// `type: actions` makes a question a multi-select of the actions already done.
inline constexpr std::string_view actions_type_word = "actions";

inline constexpr Words<Tone, 2> tone_words = {{{Tone::apology, "apology"}, {Tone::neutral, "neutral"}}};

/// The policy names of policies.yaml, of trace events and summaries, and of test files (`policy:`).
inline constexpr Words<PolicyId, 8> policy_words = {{
    {PolicyId::honor_cancellation, "honor_cancellation"}, {PolicyId::no_upsell_after_cancel, "no_upsell_after_cancel"},
    {PolicyId::escalate_on_request, "escalate_on_request"}, {PolicyId::max_attempts, "max_attempts"},
    {PolicyId::no_repeat_instructions, "no_repeat_instructions"}, {PolicyId::max_turns, "max_turns"},
    {PolicyId::repeat_contact, "repeat_contact"}, {PolicyId::closing_courtesy, "closing_courtesy"},
}};

/// The outcome names of the public API (to_string) and of test files (`outcome:`).
inline constexpr Words<Outcome, 8> outcome_words = {{
    {Outcome::none, "none"}, {Outcome::resolved, "resolved"}, {Outcome::cancelled, "cancelled"},
    {Outcome::retained, "retained"}, {Outcome::escalated, "escalated"}, {Outcome::transferred, "transferred"},
    {Outcome::unresolved, "unresolved"}, {Outcome::completed, "completed"},
}};

/// The outcomes a conversation can end with (every outcome but `none`), as a test file names them.
std::vector<std::string_view> ended_outcome_words();

/// `end: return` goes back to the calling script; on the outermost script it completes the conversation.
inline constexpr std::string_view return_word = "return";

/// What `end: <word>` means: an outcome a script ends the conversation with (resolved to unresolved),
/// or `return`, which means Outcome::completed. nullopt for any other word.
std::optional<Outcome> end_outcome(std::string_view word);

/// The words `end:` takes, in the order of the outcomes, `return` last.
std::vector<std::string_view> end_words();

/// The events every library has, in the order of the engine's BuiltinEvent; policies.yaml's `events:`
/// declares only others.
inline constexpr std::array<std::string_view, 4> builtin_event_words = {"cancel", "supervisor", "agent", "repeat"};

/// `!unknown`, the line that answers a lookup with "the system could not tell" in `parley run` and in
/// test files (Session::fill_unknown); no event may take the name.
inline constexpr std::string_view unknown_answer_word = "unknown";

/// `!locale TAG` (`parley run`, test files) and Session::signal("locale TAG"): the customer asks to go
/// on in another language (Session::set_locale); no declared event may take the name.
inline constexpr std::string_view locale_event_word = "locale";

/// The tag of a `locale TAG` event, as written ("Locale  es-MX " -> "es-MX"; "locale" alone -> ""), or
/// nullopt when `event` is not the locale event. The word matches in any case, white space aside.
std::optional<std::string_view> locale_event_tag(std::string_view event);

/// The starts of a reply to an `instruct` that mean the customer could not do it (docs/format.md, 6.3):
/// "I can't find a reset button", "Couldn't.", "It didn't work". Longer phrases first, for the docs'
/// sake; an apostrophe matches ', the typographic one or none ("cant").
inline constexpr std::array<std::string_view, 20> couldnt_words = {
    "i can't",    "i cannot",      "i can not",         "can't",           "cannot",
    "can not",    "i couldn't",    "i could not",       "couldn't",        "could not",
    "i wasn't able", "wasn't able", "i'm unable",       "i am unable",     "unable",
    "it didn't work", "that didn't work", "didn't work", "did not work",   "no luck",
};

/// Whether `reply` begins with one of couldnt_words as whole words, in any case, after any white space.
bool says_couldnt(std::string_view reply);

const char* to_string(PolicyId p) noexcept;

}  // namespace parley::detail
