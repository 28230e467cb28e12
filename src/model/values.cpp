// The value grammar: replies and host values read into typed slot values, and values written back as text.
#include "model/values.hpp"

#include "common/text.hpp"
#include "model/dates.hpp"

#include <algorithm>
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

namespace {
// "Sí, ya funciona", "no, sigue igual": a reply whose first clause (up to its first comma) is a word of
// one class, and whose whole is no word, answers as that word. The clause is copied into a reused
// buffer (the lexicon is keyed by std::string): no allocation once it has grown.
bool first_clause_is(const std::string& folded, WordClass cls, const Lexicon& lex) {
    std::size_t comma = folded.find(',');
    if (comma == std::string::npos) return false;
    static thread_local std::string clause;
    clause.assign(trim_spaces(std::string_view(folded).substr(0, comma)));
    return lex.is(clause, cls);
}

// Whether `folded` says yes (1), no (0) or neither clearly (-1), by whole reply, else by first clause;
// `also_yes` and `also_no` are classes that count too (an offer's accept and decline).
int yes_or_no(const std::string& folded, const Lexicon& lex, WordClass also_yes, WordClass also_no) {
    auto judge = [&](auto&& is) {
        bool yes = is(WordClass::yes) || is(also_yes), no = is(WordClass::no) || is(also_no);
        return yes == no ? (yes ? -2 : -1) : yes ? 1 : 0;  // -2: both, which a clause can't settle
    };
    int whole = judge([&](WordClass c) { return lex.is(folded, c); });
    if (whole != -1) return whole < 0 ? -1 : whole;
    int clause = judge([&](WordClass c) { return first_clause_is(folded, c, lex); });
    return clause < 0 ? -1 : clause;
}
}  // namespace

ParsedReply parse_reply(std::string_view text, const std::string& folded, Id slot_id, const SlotDecl& slot, const Lexicon& lex) {
    ParsedReply r;
    r.value.type = slot.type;
    if (slot.type == SlotType::boolean) {
        int answer = yes_or_no(folded, lex, WordClass::yes, WordClass::no);
        r.ok = answer >= 0;
        r.value.boolean = answer == 1;
        return r;
    }
    if (slot.type == SlotType::choice && slot_id < lex.choices.size()) {
        auto it = lex.choices[slot_id].find(folded);
        if (it != lex.choices[slot_id].end()) {
            r.ok = true;
            r.value.choice = it->second;
            return r;
        }
    }
    return parse_reply(text, slot);  // a choice's number; numbers and text
}

int parse_accept(const std::string& folded, const Lexicon& lex) {
    return yes_or_no(folded, lex, WordClass::accept, WordClass::decline);
}

bool parse_action_list(const std::string& folded, const std::vector<Id>& choices, const Lexicon& lex, std::vector<Id>& picked) {
    picked.clear();
    if (lex.is(folded, WordClass::none)) return true;
    if (folded.empty()) return false;
    static thread_local std::string item;  // reused: no allocation per item once grown
    std::string_view rest = folded;
    while (!rest.empty()) {
        std::size_t comma = rest.find(',');
        item.assign(trim_spaces(rest.substr(0, comma)));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        if (item.empty()) continue;
        Id found = no_id;
        auto [first, last] = lex.actions.equal_range(item);
        for (auto it = first; it != last && found == no_id; ++it)
            if (std::find(choices.begin(), choices.end(), it->second) != choices.end()) found = it->second;
        double n = 0;
        if (found == no_id && read_number(item, n) && n >= 1 && n <= static_cast<double>(choices.size()) && n == std::floor(n))
            found = choices[static_cast<std::size_t>(n) - 1];
        if (found == no_id) return false;
        if (std::find(picked.begin(), picked.end(), found) == picked.end()) picked.push_back(found);
    }
    return true;
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

namespace {
// A hint for `slot` from the built-in texts `text` gives, with the choices shown as `names`.
template <class TextOf>
std::string hint(const SlotDecl& slot, TextOf&& text, const std::vector<std::string>& names) {
    std::string out;
    std::string bound;
    switch (slot.type) {
    case SlotType::boolean: return std::string(text(BuiltinText::hint_yes_no));
    case SlotType::choice: {
        out = text(BuiltinText::hint_choice);
        std::string list;
        for (std::size_t i = 0; i < names.size(); ++i) list += (i ? ", " : "") + names[i];
        fill_placeholder(out, "choices", list);
        return out;
    }
    case SlotType::number:
        out = text(slot.has_min && slot.has_max ? BuiltinText::hint_number_range
                   : slot.has_min               ? BuiltinText::hint_number_min
                   : slot.has_max               ? BuiltinText::hint_number_max
                                                : BuiltinText::hint_number);
        if (slot.has_min) {
            append_number(bound, slot.min);
            fill_placeholder(out, "min", bound);
        }
        if (slot.has_max) {
            bound.clear();
            append_number(bound, slot.max);
            fill_placeholder(out, "max", bound);
        }
        return out;
    case SlotType::text: return std::string(text(BuiltinText::hint_text));
    case SlotType::date: return std::string(text(BuiltinText::hint_date));
    }
    return out;
}
}  // namespace

std::string expectation(const SlotDecl& slot) {
    return hint(slot, [](BuiltinText t) { return shipped_text("en", t); }, slot.choices);
}

std::string expectation(const SlotDecl& slot, Id slot_id, const Lexicon& lex) {
    static const std::vector<std::string> no_names;
    const std::vector<std::string>& names = slot_id < lex.choice_labels.size() ? lex.choice_labels[slot_id] : no_names;
    return hint(slot, [&](BuiltinText t) -> std::string_view { return lex.text(t); }, names.empty() ? slot.choices : names);
}

std::string expectation_for_actions(const std::vector<Id>& choices, const Program& program) {
    std::string out(shipped_text("en", BuiltinText::hint_actions));
    std::string list;
    for (std::size_t i = 0; i < choices.size(); ++i) list += (i ? ", " : "") + program.actions[choices[i]];
    fill_placeholder(out, "actions", list);
    return out;
}

std::string expectation_for_actions(const std::vector<Id>& choices, const Lexicon& lex) {
    std::string out = lex.text(BuiltinText::hint_actions);
    std::string list;
    for (std::size_t i = 0; i < choices.size(); ++i) list += (i ? ", " : "") + lex.action_labels[choices[i]];
    fill_placeholder(out, "actions", list);
    return out;
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
