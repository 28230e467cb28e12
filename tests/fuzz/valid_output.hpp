#pragma once
// Is a writer's output valid? JSON by nlohmann's strict parser (which refuses ill-formed UTF-8), XML
// 1.0 by the small well-formedness check below (enough for the JUnit reports parley writes: a
// declaration, elements, attributes, text and references; no DTD, comment, CDATA or PI). Shared by
// the writers fuzz target and the unit tests, so neither needs xmllint.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace valid_output {

inline bool json(std::string_view text) { return nlohmann::json::accept(text); }

/// Every line of `text` is one JSON value.
inline bool json_lines(std::string_view text) {
    while (!text.empty()) {
        std::size_t end = text.find('\n');
        if (end == std::string_view::npos) return false;  // each line ends with a newline
        if (!json(text.substr(0, end))) return false;
        text.remove_prefix(end + 1);
    }
    return true;
}

/// The next code point of well-formed UTF-8 at `i` (advancing it), or -1.
inline long next_code_point(std::string_view s, std::size_t& i) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char lead = b(i);
    int len = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
    if (len == 0 || s.size() - i < static_cast<std::size_t>(len)) return -1;
    long c = len == 1 ? lead : lead & (0xFF >> (len + 1));
    for (int k = 1; k < len; ++k) {
        if ((b(i + k) & 0xC0) != 0x80) return -1;
        c = (c << 6) | (b(i + k) & 0x3F);
    }
    static const long min_for[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min_for[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return -1;
    i += static_cast<std::size_t>(len);
    return c;
}

/// XML 1.0's Char production.
inline bool xml_char(long c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

class XmlChecker {
public:
    explicit XmlChecker(std::string_view s) : s_(s) {}

    bool well_formed() {
        for (std::size_t i = 0; i < s_.size();)
            if (!xml_char(next_code_point(s_, i))) return false;
        if (s_.compare(0, 5, "<?xml") == 0) {
            std::size_t end = s_.find("?>");
            if (end == std::string_view::npos) return false;
            at_ = end + 2;
        }
        skip_space();
        if (!element()) return false;
        skip_space();
        return at_ == s_.size();
    }

private:
    bool element() {  // at '<'
        if (!eat('<')) return false;
        std::string name = read_name();
        if (name.empty()) return false;
        for (;;) {
            bool spaced = skip_space();
            if (eat('/')) return eat('>');
            if (eat('>')) break;
            if (!spaced) return false;
            std::string attribute = read_name();
            if (attribute.empty() || !eat('=')) return false;
            char quote = peek();
            if (quote != '"' && quote != '\'') return false;
            ++at_;
            while (at_ < s_.size() && s_[at_] != quote) {
                if (s_[at_] == '<') return false;
                if (s_[at_] == '&' ? !reference() : (++at_, false)) return false;
            }
            if (!eat(quote)) return false;
        }
        for (;;) {  // content
            if (at_ >= s_.size()) return false;
            if (s_.compare(at_, 2, "</") == 0) {
                at_ += 2;
                if (read_name() != name) return false;
                skip_space();
                return eat('>');
            }
            if (s_[at_] == '<') {
                if (!element()) return false;
            } else if (s_[at_] == '&') {
                if (!reference()) return false;
            } else {
                if (s_.compare(at_, 3, "]]>") == 0) return false;
                ++at_;
            }
        }
    }

    bool reference() {  // at '&'
        std::size_t end = s_.find(';', at_);
        if (end == std::string_view::npos) return false;
        std::string_view ref = s_.substr(at_ + 1, end - at_ - 1);
        at_ = end + 1;
        if (ref == "amp" || ref == "lt" || ref == "gt" || ref == "quot" || ref == "apos") return true;
        if (ref.size() < 2 || ref[0] != '#') return false;
        bool hex = ref[1] == 'x';
        std::string_view digits = ref.substr(hex ? 2 : 1);
        if (digits.empty() || digits.size() > 8) return false;
        long c = 0;
        for (char d : digits) {
            int v = d >= '0' && d <= '9' ? d - '0' : hex && d >= 'a' && d <= 'f' ? d - 'a' + 10 : hex && d >= 'A' && d <= 'F' ? d - 'A' + 10 : -1;
            if (v < 0) return false;
            c = c * (hex ? 16 : 10) + v;
        }
        return xml_char(c);
    }

    std::string read_name() {
        std::size_t start = at_;
        while (at_ < s_.size()) {
            char c = s_[at_];
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
                      (at_ > start && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
            if (!ok) break;
            ++at_;
        }
        return std::string(s_.substr(start, at_ - start));
    }

    bool skip_space() {
        std::size_t start = at_;
        while (at_ < s_.size() && (s_[at_] == ' ' || s_[at_] == '\n' || s_[at_] == '\t' || s_[at_] == '\r')) ++at_;
        return at_ > start;
    }
    char peek() const { return at_ < s_.size() ? s_[at_] : '\0'; }
    bool eat(char c) {
        if (peek() != c) return false;
        ++at_;
        return true;
    }

    std::string_view s_;
    std::size_t at_ = 0;
};

inline bool xml(std::string_view text) { return XmlChecker(text).well_formed(); }

/// printable()'s promise: valid UTF-8 and no control character at all (so one line, no escapes).
inline bool one_safe_line(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        long c = next_code_point(text, i);
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) ||
            (c >= 0x2066 && c <= 0x2069))
            return false;
    }
    return true;
}

}  // namespace valid_output
