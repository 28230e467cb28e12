#pragma once
// Text that leaves parley for a person or a machine: UTF-8 checked and made valid, written safely into
// a terminal line, a JSON string or XML 1.0. Every writer uses these, so none depends on its input
// being well-formed (docs/robustness.md, "Encoding").
#include <cstddef>
#include <string>
#include <string_view>

#include "parley/text.hpp"

namespace parley::detail {

/// A code point read from UTF-8, or `invalid` for a byte that does not start a well-formed sequence
/// (overlong forms, surrogates and values past U+10FFFF are not well-formed).
struct CodePoint {
    static constexpr char32_t invalid = 0xFFFFFFFF;
    char32_t value;
    std::size_t length;  ///< bytes read: 1 for an invalid byte, which is skipped alone
};
CodePoint decode_utf8(std::string_view text, std::size_t at);

bool is_valid_utf8(std::string_view text);

/// `text` with each byte that is not well-formed UTF-8 replaced by U+FFFD.
void append_valid_utf8(std::string& out, std::string_view text);

/// `text` as one line a person can read without being misled: newline, tab and carriage return as
/// \n \t \r, other control characters (C0, DEL, C1) and bytes that are not UTF-8 as \xHH, and the
/// line and paragraph separators and the bidirectional overrides as \u{HHHH}. A backslash stands
/// for itself, so escaping twice changes nothing. (parley::printable, public, returns it.)
void append_printable(std::string& out, std::string_view text);

/// `text` as the inside of a JSON string (no quotes): valid UTF-8, with invalid bytes as U+FFFD.
void append_json_string(std::string& out, std::string_view text);

/// `text` as XML 1.0 character data, or an attribute value (where line breaks and tabs are written
/// as character references, so a reader gets them back): markup escaped, invalid bytes as U+FFFD,
/// and the characters XML 1.0 cannot hold at all (most C0 controls, U+FFFE, U+FFFF) as U+FFFD.
void append_xml_text(std::string& out, std::string_view text, bool attribute = false);

}  // namespace parley::detail
