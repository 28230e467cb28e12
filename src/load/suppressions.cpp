// Suppression comments (suppressions.hpp): `# parley-lint: ignore RULE: reason`, found in the text
// because the YAML reader does not keep comments.
#include "load/suppressions.hpp"

namespace parley::detail {

namespace {

constexpr std::string_view marker = "parley-lint:";
constexpr std::string_view expected_form = "a suppression reads `# parley-lint: ignore RULE: reason`";

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && blank(s.back())) s.remove_suffix(1);
    return s;
}

// Where the comment of `line` starts: a `#` at its start or after a blank, outside quotes; npos if none.
std::size_t comment_start(std::string_view line) {
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quote == '"' && c == '\\') ++i;  // an escaped character inside double quotes
        else if (quote != 0 && c == quote) quote = 0;
        else if (quote == 0 && (c == '"' || c == '\'') && (i == 0 || blank(line[i - 1]) || line[i - 1] == ':' ||
                                                           line[i - 1] == '[' || line[i - 1] == '{' || line[i - 1] == ','))
            quote = c;
        else if (quote == 0 && c == '#' && (i == 0 || blank(line[i - 1]))) return i;
    }
    return std::string_view::npos;
}

// A column as an editor counts it: characters, not bytes.
int column_of(std::string_view line, std::size_t byte) {
    int column = 1;
    for (std::size_t i = 0; i < byte; ++i)
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++column;
    return column;
}

bool rule_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// Reads "ignore RULE: reason" into `s`; says what is wrong in `s.malformed` when it does not read so.
void parse_directive(std::string_view rest, Suppression& s) {
    rest = trim(rest);
    constexpr std::string_view verb = "ignore";
    if (rest.substr(0, verb.size()) != verb || (rest.size() > verb.size() && !blank(rest[verb.size()]))) {
        s.malformed = std::string(expected_form);
        return;
    }
    rest = trim(rest.substr(verb.size()));
    std::size_t end = 0;
    while (end < rest.size() && rule_char(rest[end])) ++end;
    s.rule = std::string(rest.substr(0, end));
    rest = trim(rest.substr(end));
    if (s.rule.empty() || (!rest.empty() && rest.front() != ':')) {
        s.malformed = std::string(expected_form);
        return;
    }
    if (!rest.empty()) s.reason = std::string(trim(rest.substr(1)));
    if (s.reason.empty())
        s.malformed = "the suppression of " + s.rule + " gives no reason; say why the finding does not apply after a colon";
}

}  // namespace

std::vector<Suppression> scan_suppressions(std::string_view text, const std::string& file) {
    std::vector<Suppression> found;
    std::vector<std::size_t> waiting;  // comments alone on their line, until a line with content comes
    int number = 0;
    for (std::size_t start = 0; start <= text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        ++number;
        std::size_t hash = comment_start(line);
        std::string_view before = trim(line.substr(0, hash == std::string_view::npos ? line.size() : hash));
        if (!before.empty()) {  // a line with content: the target of the comments waiting above it
            for (std::size_t i : waiting) found[i].target_line = number;
            waiting.clear();
        }
        if (hash != std::string_view::npos) {
            std::string_view comment = trim(line.substr(hash + 1));
            if (comment.substr(0, marker.size()) == marker) {
                Suppression s;
                s.region = {file, number, column_of(line, hash)};
                parse_directive(comment.substr(marker.size()), s);
                if (before.empty()) waiting.push_back(found.size());
                else s.target_line = number;
                found.push_back(std::move(s));
            }
        }
        start = end + 1;
    }
    return found;
}

}  // namespace parley::detail
