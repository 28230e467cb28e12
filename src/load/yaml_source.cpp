// What every YAML file must be before it is read (yaml_source.hpp): within the size limit, UTF-8
// text without NUL bytes, one document; and the expanded-size count that bounds YAML aliases.
#include "load/yaml_source.hpp"

#include "common/text.hpp"

namespace parley::detail {

namespace {

// The offset of the first byte that is not part of well-formed UTF-8 (as decode_utf8 reads it), or of
// the first NUL byte; npos when there is none.
std::size_t first_bad_byte(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte == 0) return i;
        if (byte < 0x80) {  // most of a script: no need to decode
            ++i;
            continue;
        }
        CodePoint c = decode_utf8(text, i);
        if (c.value == CodePoint::invalid) return i;
        i += c.length;
    }
    return std::string_view::npos;
}

// Line and column (both from 1, the column in characters) of byte `offset`, whose text before it is
// well-formed UTF-8.
std::pair<int, int> line_and_column(std::string_view text, std::size_t offset) {
    int line = 1, column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

}  // namespace

std::optional<YamlNode> YamlSource::load(std::string_view text) {
    if (text.size() > max_file_bytes) {
        error(Rule::file_too_large, {file_, 0, 0},
              "this file is " + std::to_string(text.size()) + " bytes; the limit is " + std::to_string(max_file_bytes));
        return std::nullopt;
    }
    if (std::size_t bad = first_bad_byte(text); bad != std::string_view::npos) {
        auto [line, column] = line_and_column(text, bad);
        error(Rule::bad_encoding, {file_, line, column},
              text[bad] == '\0' ? "a NUL byte; a YAML file may not hold one"
                                : "this byte is not UTF-8; save the file as UTF-8");
        return std::nullopt;
    }
    std::vector<YamlNode> documents = tree_.parse(text, max_expanded_bytes);
    if (tree_.alias_weight() > max_expanded_bytes) {
        error(Rule::aliases_too_large, at(tree_.over_budget_at()),
              "its YAML aliases repeat more than " + std::to_string(max_expanded_bytes) +
                  " bytes of keys, values and items; write the repeated part once, or split the file");
        return std::nullopt;
    }
    if (documents.empty()) return YamlNode();
    for (std::size_t i = 1; i < documents.size(); ++i)
        if (!documents[i].IsNull()) {
            error(Rule::several_documents, at(documents[i], {file_, 0, 0}),
                  "a second YAML document starts here; a file holds one, so split it into two files");
            break;
        }
    return documents.front();
}


}  // namespace parley::detail
