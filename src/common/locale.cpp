// ICU does the parsing: uloc_forLanguageTag reads a BCP 47 tag (and says how much of it it read), and
// the ISO 639 / ISO 3166 lookups tell a known language and region from a well-formed but unknown one.
#include "common/locale.hpp"

#include <unicode/uloc.h>

#include <algorithm>

namespace parley::detail {

namespace {
constexpr std::size_t max_tag = 64;  // longer than any tag a script needs; ICU's buffers are fixed

// ICU's locale id for a whole, well-formed tag ("es-MX" -> "es_MX"), or nullopt.
std::optional<std::string> icu_id(std::string_view tag) {
    if (tag.empty() || tag.size() > max_tag) return std::nullopt;
    for (char c : tag)  // letters, digits and '-' only: ICU would also read '_' and '@' forms
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
            return std::nullopt;
    std::string in(tag);
    char id[ULOC_FULLNAME_CAPACITY];
    int32_t parsed = 0;
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = uloc_forLanguageTag(in.c_str(), id, sizeof id, &parsed, &status);
    if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING || parsed != static_cast<int32_t>(in.size()) || n <= 0)
        return std::nullopt;
    return std::string(id, static_cast<std::size_t>(n));
}

bool known(const std::string& id) {
    char language[ULOC_LANG_CAPACITY];
    UErrorCode status = U_ZERO_ERROR;
    uloc_getLanguage(id.c_str(), language, sizeof language, &status);
    if (U_FAILURE(status) || language[0] == '\0') return false;
    if (uloc_getISO3Language(id.c_str())[0] == '\0') return false;
    char region[ULOC_COUNTRY_CAPACITY];
    status = U_ZERO_ERROR;
    int32_t n = uloc_getCountry(id.c_str(), region, sizeof region, &status);
    if (U_FAILURE(status)) return false;
    return n == 0 || uloc_getISO3Country(id.c_str())[0] != '\0' || (region[0] >= '0' && region[0] <= '9');
}
}  // namespace

std::optional<std::string> canonical_locale(std::string_view tag) {
    std::optional<std::string> id = icu_id(tag);
    if (!id || !known(*id)) return std::nullopt;
    char out[ULOC_FULLNAME_CAPACITY];
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = uloc_toLanguageTag(id->c_str(), out, sizeof out, /*strict=*/true, &status);
    if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING || n <= 0) return std::nullopt;
    return std::string(out, static_cast<std::size_t>(n));
}

LocaleProblem locale_problem(std::string_view tag) {
    LocaleProblem problem{"'" + std::string(tag) + "' is not a locale tag: write a BCP 47 tag such as en, es or es-MX", {}};
    std::string dashed(tag);
    std::replace(dashed.begin(), dashed.end(), '_', '-');
    while (!dashed.empty() && (dashed.back() == ' ' || dashed.back() == '.')) dashed.pop_back();
    while (!dashed.empty() && dashed.front() == ' ') dashed.erase(dashed.begin());
    if (dashed != tag)
        if (std::optional<std::string> fixed = canonical_locale(dashed)) problem.note = "did you mean '" + *fixed + "'?";
    return problem;
}

std::string_view parent_locale(std::string_view tag) noexcept {
    std::size_t dash = tag.rfind('-');
    if (dash == std::string_view::npos) return {};
    tag = tag.substr(0, dash);
    // A one-letter subtag ("u" of an extension, "x" of private use) belongs to what followed it.
    std::size_t prev = tag.rfind('-');
    std::size_t start = prev == std::string_view::npos ? 0 : prev + 1;
    if (tag.size() - start == 1) return prev == std::string_view::npos ? std::string_view() : tag.substr(0, prev);
    return tag;
}

bool serves_locale(std::string_view text_locale, std::string_view tag) noexcept {
    for (; !tag.empty(); tag = parent_locale(tag))
        if (tag == text_locale) return true;
    return false;
}

}  // namespace parley::detail
