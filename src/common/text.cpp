// UTF-8 checked on the way out: terminal lines, JSON strings and XML text that stay valid whatever
// bytes a script, a host or a customer supplied.
#include "common/text.hpp"

namespace parley::detail {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";
constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

void append_hex_byte(std::string& out, unsigned char byte) {
    out += "\\x";
    out += hex_digits[byte >> 4];
    out += hex_digits[byte & 0xF];
}

void append_code_point_escape(std::string& out, char32_t c) {  // \u{202e}
    out += "\\u{";
    bool started = false;
    for (int shift = 20; shift >= 0; shift -= 4) {
        unsigned digit = (c >> shift) & 0xF;
        if (digit != 0 || started || shift == 0) {
            out += hex_digits[digit];
            started = true;
        }
    }
    out += '}';
}

// Code points that move text around a line or start a new one without being a control character.
bool reorders_lines(char32_t c) {
    return c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

CodePoint decode_utf8(std::string_view text, std::size_t at) {
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    unsigned char lead = byte(at);
    if (lead < 0x80) return {lead, 1};
    std::size_t length = 0;
    char32_t value = 0;
    char32_t min = 0;
    if (lead >= 0xC2 && lead <= 0xDF) length = 2, value = lead & 0x1F, min = 0x80;
    else if (lead >= 0xE0 && lead <= 0xEF) length = 3, value = lead & 0x0F, min = 0x800;
    else if (lead >= 0xF0 && lead <= 0xF4) length = 4, value = lead & 0x07, min = 0x10000;
    else return {CodePoint::invalid, 1};
    if (text.size() - at < length) return {CodePoint::invalid, 1};
    for (std::size_t i = 1; i < length; ++i) {
        unsigned char next = byte(at + i);
        if ((next & 0xC0) != 0x80) return {CodePoint::invalid, 1};
        value = (value << 6) | (next & 0x3F);
    }
    if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {CodePoint::invalid, 1};
    return {value, length};
}

bool is_valid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        CodePoint c = decode_utf8(text, i);
        if (c.value == CodePoint::invalid) return false;
        i += c.length;
    }
    return true;
}

void append_valid_utf8(std::string& out, std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        CodePoint c = decode_utf8(text, i);
        if (c.value == CodePoint::invalid) out += replacement;
        else out.append(text.data() + i, c.length);
        i += c.length;
    }
}

void append_printable(std::string& out, std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        CodePoint c = decode_utf8(text, i);
        if (c.value == CodePoint::invalid || c.value < 0x20 || c.value == 0x7F) {
            unsigned char b = static_cast<unsigned char>(text[i]);
            if (b == '\n') out += "\\n";
            else if (b == '\t') out += "\\t";
            else if (b == '\r') out += "\\r";
            else append_hex_byte(out, b);
        } else if ((c.value >= 0x80 && c.value <= 0x9F) || reorders_lines(c.value)) {
            append_code_point_escape(out, c.value);
        } else {
            out.append(text.data() + i, c.length);
        }
        i += c.length;
    }
}

void append_json_string(std::string& out, std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        CodePoint c = decode_utf8(text, i);
        if (c.value == CodePoint::invalid) {
            out += replacement;
        } else if (c.value == '"' || c.value == '\\') {
            out += '\\';
            out += static_cast<char>(c.value);
        } else if (c.value < 0x20) {
            switch (c.value) {
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                out += "\\u00";
                out += hex_digits[c.value >> 4];
                out += hex_digits[c.value & 0xF];
            }
        } else {
            out.append(text.data() + i, c.length);
        }
        i += c.length;
    }
}

void append_xml_text(std::string& out, std::string_view text, bool attribute) {
    for (std::size_t i = 0; i < text.size();) {
        CodePoint c = decode_utf8(text, i);
        switch (c.value) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        case '\r': out += "&#13;"; break;  // a parser would read a raw one as a line break
        case '\n': out += attribute ? "&#10;" : "\n"; break;
        case '\t': out += attribute ? "&#9;" : "\t"; break;
        default:
            // XML 1.0 has no way to write these at all, not even as a character reference.
            if (c.value == CodePoint::invalid || c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF)
                out += replacement;
            else out.append(text.data() + i, c.length);
        }
        i += c.length;
    }
}

}  // namespace parley::detail

namespace parley {

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    detail::append_printable(out, text);
    return out;
}

}  // namespace parley
