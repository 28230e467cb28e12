// Offsets inside a scalar back to file positions (source_map.hpp): walks the scalar as written,
// through its quotes, escapes and folded line breaks, counting lines and columns.
#include "load/source_map.hpp"

namespace parley::detail {

namespace {
bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
}  // namespace

SourceRegion locate(std::string_view text, const ast::Str& s, std::size_t offset) {
    if (s.region.line == 0 || s.pos >= text.size()) return s.region;
    std::size_t si = s.pos;
    const char first = text[si];
    const bool double_quoted = first == '"', single_quoted = first == '\'';
    if (double_quoted || single_quoted) {
        ++si;
    } else if (first == '|' || first == '>') {  // a block scalar starts on the next line
        si = text.find('\n', si);
        if (si == std::string_view::npos) return s.region;
        while (si < text.size() && blank(text[si])) ++si;
    }
    const std::string& value = s.value;
    for (std::size_t vi = 0; vi < offset;) {
        if (si >= text.size() || vi >= value.size()) return s.region;
        char vc = value[vi], sc = text[si];
        if (double_quoted && sc == '\\') {  // one escaped character
            si += 2;
            ++vi;
        } else if (single_quoted && sc == '\'' && si + 1 < text.size() && text[si + 1] == '\'') {
            si += 2;
            ++vi;
        } else if (vc == sc && sc != '\n') {
            ++si;
            ++vi;
        } else if (blank(sc)) {  // a line break and the next line's indentation fold into one character
            while (si < text.size() && blank(text[si])) ++si;
            if (vc == ' ' || vc == '\n') ++vi;
        } else {
            return s.region;
        }
    }
    SourceRegion r = s.region;
    for (std::size_t i = s.pos; i < si; ++i)
        if (text[i] == '\n') ++r.line;
    std::size_t line_start = text.rfind('\n', si == 0 ? 0 : si - 1);
    line_start = line_start == std::string_view::npos || si == 0 ? 0 : line_start + 1;
    int column = 1;  // in characters, as an editor counts them, not bytes
    for (std::size_t i = line_start; i < si; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
    r.column = column;
    return r;
}

}  // namespace parley::detail
