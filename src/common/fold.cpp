// Folding with ICU: canonical decomposition (NFD) splits "í" into "i" and a combining accent, the
// combining marks (general category Mn) are dropped, and each code point is case folded.
#include "common/fold.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace parley::detail {

namespace {
const icu::Normalizer2* nfd() {
    static const icu::Normalizer2* instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
        return U_SUCCESS(status) ? n : nullptr;
    }();
    return instance;
}

void append_utf8(std::string& out, UChar32 c) {
    char buf[U8_MAX_LENGTH];
    int32_t n = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, U8_MAX_LENGTH, c, error);
    if (!error) out.append(buf, static_cast<std::size_t>(n));
}
}  // namespace

// The same folding for ASCII text, without ICU: most replies are ASCII, and this runs every turn.
static void fold_ascii(std::string& out, std::string_view text) {
    bool space = false;
    for (char c : text) {
        if (c == '\'') continue;
        if (c == ',') {
            while (!out.empty() && out.back() == ' ') out.pop_back();
            out += ',';
            space = false;
            continue;
        }
        bool upper = c >= 'A' && c <= 'Z';
        if (!upper && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
            space = !out.empty();
            continue;
        }
        if (space && out.back() != ',') out += ' ';
        space = false;
        out += upper ? static_cast<char>(c - 'A' + 'a') : c;
    }
}

void fold_into(std::string& out, std::string_view text) {
    out.clear();
    bool ascii = true;
    for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
        fold_ascii(out, text);
        return;
    }
    icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    icu::UnicodeString decomposed;
    UErrorCode status = U_ZERO_ERROR;
    if (const icu::Normalizer2* n = nfd()) decomposed = n->normalize(in, status);
    if (!nfd() || U_FAILURE(status)) decomposed = in;
    bool space = false;  // a space is owed before the next letter
    for (int32_t i = 0; i < decomposed.length();) {
        UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (u_charType(c) == U_NON_SPACING_MARK) continue;
        if (c == '\'' || c == 0x2019 || c == 0x2018) continue;
        if (c == ',') {
            while (!out.empty() && out.back() == ' ') out.pop_back();
            out += ',';
            space = false;
            continue;
        }
        if (!u_isalnum(c)) {
            space = !out.empty();
            continue;
        }
        if (space && out.back() != ',') out += ' ';
        space = false;
        append_utf8(out, u_foldCase(c, U_FOLD_CASE_DEFAULT));
    }
}

std::string fold(std::string_view text) {
    std::string out;
    fold_into(out, text);
    return out;
}

}  // namespace parley::detail
