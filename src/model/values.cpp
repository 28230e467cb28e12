// The value grammar: replies and host values read into typed slot values, and values written back as text.
#include "model/values.hpp"

#include "common/text.hpp"
#include "model/dates.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

namespace parley::detail {

namespace {

std::string_view trim(std::string_view s) {
    auto space_or_punct = [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) || c == '.' || c == '!' || c == '?';
    };
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && space_or_punct(s.back())) s.remove_suffix(1);
    return s;
}

template <class List>
bool one_of(std::string_view word, const List& list) {
    for (std::string_view w : list)
        if (same_word(word, w)) return true;
    return false;
}

// The yes/no grammar. A file writes one of the written words exactly; a customer may say any of them,
// in any case, or one of the spoken words.
const std::string_view written_yes[] = {"true", "yes"};
const std::string_view written_no[] = {"false", "no"};
const std::string_view spoken_yes[] = {
    "y", "yeah", "yep", "yup", "ya", "yes please", "sure", "correct", "right", "ok", "okay", "affirmative"};
const std::string_view spoken_no[] = {"n", "nope", "nah", "no thanks", "no thank you", "not really", "negative", "incorrect"};

// 1 yes, 0 no, -1 neither.
int yes_no(std::string_view s) {
    if (one_of(s, written_yes) || one_of(s, spoken_yes)) return 1;
    if (one_of(s, written_no) || one_of(s, spoken_no)) return 0;
    return -1;
}

}  // namespace

bool same_word(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = static_cast<char>(std::tolower(static_cast<unsigned char>(a[i])));
        char y = static_cast<char>(std::tolower(static_cast<unsigned char>(b[i])));
        if (x == '_') x = ' ';
        if (y == '_') y = ' ';
        if (x != y) return false;
    }
    return true;
}

std::string_view trim_spaces(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool fits_number_rule(double n) { return std::isfinite(n) && std::fpclassify(n) != FP_SUBNORMAL; }

// The number rule (docs/format.md, "Numbers"): a double, finite and either 0 or normal, so what
// is accepted keeps its full precision and prints back as it was read.
bool read_number(std::string_view text, double& out) {
    std::string_view s = text;
    if (!s.empty() && s.front() == '+') {  // from_chars takes '-' only
        s.remove_prefix(1);
        if (!s.empty() && (s.front() == '-' || s.front() == '+')) return false;
    }
    if (s.empty()) return false;
    double n = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), n);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return false;  // out of range included
    if (!fits_number_rule(n)) return false;
    out = n;
    return true;
}

// Whole numbers below 2^53, where every integer is exact, as plain digits; every other number in
// the shortest form that reads back as the same double ("0.1", "2.5e-07", "1e+300").
void append_number(std::string& out, double n) {
    constexpr double exact_integers = 9007199254740992.0;  // 2^53
    char buf[32];
    std::to_chars_result r{};
    if (n == std::floor(n) && std::fabs(n) < exact_integers) r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(n));
    else r = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, r.ptr);
}

std::optional<bool> written_boolean(std::string_view word) {
    for (std::string_view w : written_yes)
        if (word == w) return true;
    for (std::string_view w : written_no)
        if (word == w) return false;
    return std::nullopt;
}

ParsedReply parse_reply(std::string_view text, const SlotDecl& slot) {
    ParsedReply r;
    r.value.type = slot.type;
    std::string_view s = trim(text);
    switch (slot.type) {
    case SlotType::boolean: {
        int yn = yes_no(s);
        r.ok = yn >= 0;
        r.value.boolean = yn == 1;
        break;
    }
    case SlotType::choice: {
        for (Id i = 0; i < slot.choices.size(); ++i)
            if (same_word(s, slot.choices[i])) {
                r.ok = true;
                r.value.choice = i;
                return r;
            }
        double n = 0;  // the number of a choice in the list, as an IVR keypad would send it
        if (read_number(s, n) && n >= 1 && n <= static_cast<double>(slot.choices.size()) && n == std::floor(n)) {
            r.ok = true;
            r.value.choice = static_cast<Id>(n) - 1;
        }
        break;
    }
    case SlotType::number:
        r.ok = read_number(s, r.value.number) && (!slot.has_min || r.value.number >= slot.min) &&
               (!slot.has_max || r.value.number <= slot.max);
        break;
    case SlotType::date:  // what a host or a file writes; the engine reads a customer's words (dates.hpp)
        return parse_date_reply(text, slot, nullptr, no_day);
    case SlotType::text:  // kept as valid UTF-8: a byte that is not becomes U+FFFD (docs/format.md)
        r.ok = !s.empty();
        if (is_valid_utf8(s)) r.value.text.assign(s.data(), s.size());
        else {
            r.value.text.clear();
            append_valid_utf8(r.value.text, s);
        }
        break;
    }
    return r;
}

bool from_host(const Value& value, const SlotDecl& slot, Val& out) {
    if (value.is_text()) {
        ParsedReply r = parse_reply(value.as_text(), slot);
        if (r.ok) out = std::move(r.value);
        return r.ok;
    }
    out = Val{};
    out.type = slot.type;
    if (value.is_boolean() && slot.type == SlotType::boolean) {
        out.boolean = value.as_boolean();
        return true;
    }
    if (value.is_number() && slot.type == SlotType::number) {
        out.number = value.as_number();
        return fits_number_rule(out.number) && (!slot.has_min || out.number >= slot.min) &&
               (!slot.has_max || out.number <= slot.max);
    }
    return false;
}

int parse_accept(std::string_view text) {
    std::string_view s = trim(text);
    static const std::string_view accept_words[] = {"accept", "accepted", "i accept", "i'll take it", "take it", "deal"};
    static const std::string_view decline_words[] = {"decline", "declined", "i decline", "not interested", "no deal"};
    if (one_of(s, accept_words)) return 1;
    if (one_of(s, decline_words)) return 0;
    return yes_no(s);
}

bool parse_action_list(std::string_view text, const std::vector<Id>& choices, const Program& program,
                       std::vector<Id>& picked) {
    picked.clear();
    std::string_view s = trim(text);
    static const std::string_view none_words[] = {"none", "nothing", "no", "neither", "-"};
    if (one_of(s, none_words)) return true;
    if (s.empty()) return false;
    while (!s.empty()) {
        std::size_t comma = s.find(',');
        std::string_view item = trim(s.substr(0, comma));
        s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
        if (item.empty()) continue;
        Id found = no_id;
        for (std::size_t i = 0; i < choices.size() && found == no_id; ++i) {
            double n = 0;
            if (same_word(item, program.actions[choices[i]]) ||
                (read_number(item, n) && n == static_cast<double>(i + 1)))
                found = choices[i];
        }
        if (found == no_id) return false;
        bool already = false;
        for (Id p : picked) already = already || p == found;
        if (!already) picked.push_back(found);
    }
    return true;
}

std::string expectation(const SlotDecl& slot) {
    std::string out;
    switch (slot.type) {
    case SlotType::boolean:
        return "Please answer yes or no.";
    case SlotType::choice:
        out = "Please answer with one of: ";
        for (std::size_t i = 0; i < slot.choices.size(); ++i) out += (i ? ", " : "") + slot.choices[i];
        return out + ".";
    case SlotType::number:
        out = "Please answer with a number";
        if (slot.has_min && slot.has_max) {
            out += " from ";
            append_number(out, slot.min);
            out += " to ";
            append_number(out, slot.max);
        } else if (slot.has_min) {
            out += " of at least ";
            append_number(out, slot.min);
        } else if (slot.has_max) {
            out += " of at most ";
            append_number(out, slot.max);
        }
        return out + ".";
    case SlotType::text:
        return "Please give an answer.";
    case SlotType::date:
        return date_hint_texts[0].any;
    }
    return out;
}

std::string expectation_for_actions(const std::vector<Id>& choices, const Program& program) {
    std::string out = "Please list what you have done, separated by commas (";
    for (std::size_t i = 0; i < choices.size(); ++i) out += (i ? ", " : "") + program.actions[choices[i]];
    return out + "), or say none.";
}

void append_value(std::string& out, ValView v, const SlotDecl& slot) {
    switch (v.type) {
    case SlotType::boolean: out += v.boolean ? "true" : "false"; break;
    case SlotType::number: append_number(out, v.number); break;
    case SlotType::choice: out += v.choice < slot.choices.size() ? slot.choices[v.choice] : "?"; break;
    case SlotType::text: out += v.text; break;
    case SlotType::date: append_iso_date(out, static_cast<std::int32_t>(v.number)); break;
    }
}

std::string render_value(ValView v, const SlotDecl& slot) {
    std::string out;
    append_value(out, v, slot);
    return out;
}

}  // namespace parley::detail
