#pragma once
// Locale tags (BCP 47: "es", "es-MX") and the order in which texts fall back between locales.
// Validation goes through ICU, which stays behind this header.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::detail {

/// `tag` in its canonical form ("ES-mx" -> "es-MX"), or nullopt when it is not a well-formed BCP 47 tag
/// of a known language (and region, if it has one).
std::optional<std::string> canonical_locale(std::string_view tag);

/// The words of a `bad-locale` diagnostic for a tag `canonical_locale` refuses: what is wrong, and a
/// note with what the author probably meant ("es_MX": "did you mean 'es-MX'?"), or an empty note.
struct LocaleProblem {
    std::string message;
    std::string note;
};
LocaleProblem locale_problem(std::string_view tag);

/// `tag` without its last subtag ("es-MX" -> "es", "zh-Hant-TW" -> "zh-Hant", "es" -> ""), the next
/// locale to try when a text has none for `tag`. No allocation: a text is looked up on every turn.
std::string_view parent_locale(std::string_view tag) noexcept;

/// `text_locale` is `tag` or one of its parents: a text in it is no fallback for a customer of `tag`
/// (es for es-MX), where one in another language (en) is.
bool serves_locale(std::string_view text_locale, std::string_view tag) noexcept;

}  // namespace parley::detail
