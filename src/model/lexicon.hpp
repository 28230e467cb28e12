#pragma once
// The words and texts of one locale, indexed at load: the reply words a customer may say (yes, no,
// none, ...), the labels and synonyms of choices and actions, and the engine's own texts (hints, the
// plain cancellation, the handoff). A session selects one Lexicon for its locale (lexicon_for) when it
// starts; a turn folds the reply once (common/fold.hpp) and looks it up here, and never builds a table.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/vocabulary.hpp"

namespace parley::detail {

struct Program;
using Id = std::uint32_t;  // as in model/program.hpp

/// The classes of reply words (policies.yaml `words:`, docs/policies.md).
enum class WordClass : std::uint8_t { yes, no, accept, decline, none, done, couldnt };
inline constexpr Words<WordClass, 7> word_class_words = {{
    {WordClass::yes, "yes"}, {WordClass::no, "no"}, {WordClass::accept, "accept"}, {WordClass::decline, "decline"},
    {WordClass::none, "none"}, {WordClass::done, "done"}, {WordClass::couldnt, "couldnt"},
}};

/// The texts the engine says itself (policies.yaml `texts:`). One entry more is one line here and one
/// in each shipped locale's table (model/lexicon.cpp).
enum class BuiltinText : std::uint8_t {
    hint_yes_no, hint_choice, hint_number, hint_number_range, hint_number_min, hint_number_max, hint_text,
    hint_offer, hint_actions, cancellation, handoff, hint_date, hint_date_from, hint_date_until, hint_date_between
};
inline constexpr std::size_t builtin_text_count = 15;
inline constexpr Words<BuiltinText, builtin_text_count> builtin_text_words = {{
    {BuiltinText::hint_yes_no, "hint.yes_no"}, {BuiltinText::hint_choice, "hint.choice"},
    {BuiltinText::hint_number, "hint.number"}, {BuiltinText::hint_number_range, "hint.number_range"},
    {BuiltinText::hint_number_min, "hint.number_min"}, {BuiltinText::hint_number_max, "hint.number_max"},
    {BuiltinText::hint_text, "hint.text"}, {BuiltinText::hint_offer, "hint.offer"},
    {BuiltinText::hint_actions, "hint.actions"}, {BuiltinText::cancellation, "cancellation"},
    {BuiltinText::handoff, "handoff"}, {BuiltinText::hint_date, "hint.date"},
    {BuiltinText::hint_date_from, "hint.date_from"}, {BuiltinText::hint_date_until, "hint.date_until"},
    {BuiltinText::hint_date_between, "hint.date_between"},
}};

/// The locales parley ships words and texts for.
inline constexpr std::array<std::string_view, 2> shipped_locales = {"en", "es"};

/// A built-in text as shipped for `locale` (exactly "en" or "es"), or empty.
std::string_view shipped_text(std::string_view locale, BuiltinText text);
/// The built-in words of `locale` (exactly) and `cls`, as written (not folded); empty for others.
const std::vector<std::string_view>& shipped_words(std::string_view locale, WordClass cls);

struct Lexicon {
    std::string locale;  // canonical tag
    /// Folded word -> the classes it belongs to (one bit per WordClass: "no" is both no and none).
    std::unordered_map<std::string, std::uint8_t> classes;
    std::vector<std::string> couldnt;  // folded phrases a "could not do it" reply starts with
    /// By slot id: folded choice id, label or synonym -> the choice's index (empty for other slots).
    std::vector<std::unordered_map<std::string, Id>> choices;
    /// Folded action id, label or synonym -> the action (several: actions that share a word).
    std::unordered_multimap<std::string, Id> actions;
    std::array<std::string, builtin_text_count> texts;         // resolved through the fallback chain
    std::array<std::string, builtin_text_count> text_locales;  // the locale each text is written in
    std::vector<std::vector<std::string>> choice_labels;       // by slot, by choice: what prompts show
    std::vector<std::string> action_labels;                    // by action

    bool is(const std::string& folded, WordClass c) const;
    /// Whether `folded` starts with a could-not phrase, as whole words.
    bool says_couldnt(std::string_view folded) const;
    const std::string& text(BuiltinText t) const { return texts[static_cast<std::size_t>(t)]; }
    const std::string& text_locale(BuiltinText t) const { return text_locales[static_cast<std::size_t>(t)]; }
};

/// The lexicon a session in locale `tag` uses: `tag`'s, or its nearest parent's (es-MX -> es), or else
/// the library default's. Only the session's own chain: a Spanish session does not take English words.
const Lexicon& lexicon_for(const Program& p, std::string_view tag) noexcept;

/// The library's default locale: the first of policies.yaml's `locales:`, or en.
std::string_view default_locale(const Program& p) noexcept;

/// The folded words that name choice `choice` of slot `slot` in locale `tag` (its id, its labels in the
/// tag's chain, its synonyms), each once; and the same for an action.
std::vector<std::string> choice_words(const Program& p, std::string_view tag, Id slot, Id choice);
std::vector<std::string> action_words(const Program& p, std::string_view tag, Id action);

/// Builds Program::lexicons (English first, always) from the built-in tables, the scripts' labels and policies.yaml's
/// `words:` and `texts:`. Called once by the compiler.
void build_lexicons(Program& p);

/// Replaces {name} in `text` with `value` (the placeholders of the built-in texts).
void fill_placeholder(std::string& text, std::string_view name, std::string_view value);

}  // namespace parley::detail
