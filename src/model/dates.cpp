// Dates: the day arithmetic, the forms a reply may take, and the written form per locale. ICU gives
// the words once, at load (build_date_book); reading a reply folds it with ICU and matches plain strings.
#include "model/dates.hpp"

#include <unicode/dtfmtsym.h>
#include <unicode/datefmt.h>
#include <unicode/smpdtfmt.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/reldatefmt.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "common/locale.hpp"

namespace parley::detail {

namespace {

// Lower case, without accents ("Mañana" -> "manana"), so a customer who types without them is read.
std::string fold(std::string_view text) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
    u.toLower(icu::Locale::getRoot());
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    if (U_SUCCESS(status)) {
        icu::UnicodeString decomposed = nfd->normalize(u, status);
        if (U_SUCCESS(status)) {
            u.remove();
            for (std::int32_t i = 0; i < decomposed.length();) {
                UChar32 c = decomposed.char32At(i);
                if (u_charType(c) != U_NON_SPACING_MARK) u.append(c);
                i += U16_LENGTH(c);
            }
        }
    }
    std::string out;
    u.toUTF8String(out);
    return out;
}

std::string utf8(const icu::UnicodeString& u) {
    std::string out;
    u.toUTF8String(out);
    return out;
}

// The ICU locale whose date forms a tag gets: English without a region writes the day first, as
// parley reads numeric dates ("30 June 2027"); en-US keeps its own ("June 30, 2027").
icu::Locale icu_locale(const std::string& tag) {
    std::string id = tag == "en" ? "en-GB" : tag;
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(id, status);
    return U_SUCCESS(status) ? locale : icu::Locale::getRoot();
}

void add_word(std::vector<std::pair<std::string, int>>& list, std::string word, int value) {
    while (!word.empty() && (word.back() == '.' || word.back() == ' ')) word.pop_back();
    if (word.empty()) return;
    for (const auto& [w, v] : list)
        if (w == word) return;
    list.emplace_back(std::move(word), value);
}

// ICU's pattern ("d MMMM y", "d 'de' MMMM 'de' y", "MMMM d, y") as parts.
std::vector<DateFormat::Part> parts_of(const std::string& pattern) {
    std::vector<DateFormat::Part> parts;
    auto literal = [&](std::string_view s) {
        if (parts.empty() || parts.back().kind != DateFormat::Part::literal) parts.push_back({DateFormat::Part::literal, {}});
        parts.back().text += s;
    };
    for (std::size_t i = 0; i < pattern.size();) {
        char c = pattern[i];
        if (c == '\'') {
            std::size_t j = i + 1;
            if (j < pattern.size() && pattern[j] == '\'') {  // '' is a quote
                literal("'");
                i = j + 1;
                continue;
            }
            while (j < pattern.size() && pattern[j] != '\'') ++j;
            literal(std::string_view(pattern).substr(i + 1, j - i - 1));
            i = j + 1;
        } else if (std::isalpha(static_cast<unsigned char>(c))) {
            std::size_t j = i;
            while (j < pattern.size() && pattern[j] == c) ++j;
            std::size_t n = j - i;
            using K = DateFormat::Part::Kind;
            if (c == 'd') parts.push_back({n >= 2 ? K::day2 : K::day, {}});
            else if (c == 'M' || c == 'L') parts.push_back({n >= 3 ? K::month_name : n == 2 ? K::month_number2 : K::month_number, {}});
            else if (c == 'y' || c == 'Y' || c == 'u') parts.push_back({K::year, {}});
            else return {};  // a field parley does not write: ISO instead
            i = j;
        } else {
            literal(std::string_view(pattern).substr(i, 1));
            ++i;
        }
    }
    return parts;
}

void two_digits(std::string& out, int n) {
    out += static_cast<char>('0' + n / 10 % 10);
    out += static_cast<char>('0' + n % 10);
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
    int n = 0;
    for (char c : s) n = n * 10 + (c - '0');
    return n;
}

// The next day-month on or after `today` (a date said without its year).
bool next_occurrence(int month, int day, std::int32_t today, std::int32_t& out) {
    if (today == no_day) return false;
    int y = 0, m = 0, d = 0;
    civil_of(today, y, m, d);
    for (int year = y; year <= y + 4; ++year)  // 29 February: within four years
        if (day_of(year, month, day, out) && out >= today) return true;
    return false;
}

// Numeric forms: 30/06/2027, 30-6-27, 30.06.2027, 30/06 (the next such day); month first only when the
// first number cannot be the day's month and the second can't be a month (06/30/2027).
bool read_numeric(std::string_view s, std::int32_t today, std::int32_t& out) {
    std::string_view fields[3];
    int count = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == '/' || s[i] == '-' || s[i] == '.') {
            if (count == 3) return false;
            fields[count++] = s.substr(start, i - start);
            start = i + 1;
        }
    }
    if (count < 2) return false;
    for (int i = 0; i < count; ++i)
        if (!all_digits(fields[i]) || fields[i].size() > 4) return false;
    if (count == 3 && fields[0].size() == 4)  // 2027-06-30, 2027/6/30
        return fields[1].size() <= 2 && fields[2].size() <= 2 &&
               day_of(to_int(fields[0]), to_int(fields[1]), to_int(fields[2]), out);
    if (fields[0].size() > 2 || fields[1].size() > 2) return false;
    int a = to_int(fields[0]), b = to_int(fields[1]);
    int day = a, month = b;
    if (month > 12 && day <= 12) std::swap(day, month);
    if (count == 2) return next_occurrence(month, day, today, out);
    if (fields[2].size() != 2 && fields[2].size() != 4) return false;
    int year = to_int(fields[2]);
    if (fields[2].size() == 2) year += 2000;
    return day_of(year, month, day, out);
}

// Words: "june 30", "30 june 2027", "30th of june", "30 de junio de 2027", "jun. 30, 2027".
bool read_words(const std::string& s, const DateBook& book, std::int32_t today, std::int32_t& out) {
    static const std::string_view filler[] = {"de", "del", "of", "the", "el", "on"};
    int day = 0, month = 0, year = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == ',' || s[i] == '.')) ++i;
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ' && s[j] != ',' && s[j] != '.') ++j;
        if (j == i) break;
        std::string_view word(s.data() + i, j - i);
        i = j;
        if (std::find(std::begin(filler), std::end(filler), word) != std::end(filler)) continue;
        std::size_t digits = 0;
        while (digits < word.size() && word[digits] >= '0' && word[digits] <= '9') ++digits;
        if (digits > 0) {
            std::string_view suffix = word.substr(digits);
            if (!suffix.empty() && suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th" && suffix != "o" &&
                suffix != "º")
                return false;
            std::string_view number = word.substr(0, digits);
            if (number.size() <= 2 && day == 0) day = to_int(number);
            else if (number.size() == 4 && suffix.empty() && year == 0) year = to_int(number);
            else return false;
            continue;
        }
        auto m = std::find_if(book.months.begin(), book.months.end(), [&](const auto& w) { return w.first == word; });
        if (m == book.months.end() || month != 0) return false;
        month = m->second;
    }
    if (day == 0 || month == 0) return false;
    if (year == 0) return next_occurrence(month, day, today, out);
    return day_of(year, month, day, out);
}

std::string trimmed(std::string_view text) {
    std::string_view s = trim_spaces(text);
    while (!s.empty() && (s.back() == '.' || s.back() == '!' || s.back() == '?' || s.back() == ' ')) s.remove_suffix(1);
    return std::string(s);
}

const DateFormat* format_for(const DateBook& book, std::string_view locale) {
    for (std::string_view tag = locale; !tag.empty(); tag = parent_locale(tag))
        for (const DateFormat& f : book.formats)
            if (f.locale == tag) return &f;
    return nullptr;
}

}  // namespace

// Days from civil (proleptic Gregorian): eras of 400 years, March-based years so February comes last.
bool day_of(int year, int month, int day, std::int32_t& out) {
    static const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > lengths[month - 1] + (month == 2 && leap ? 1 : 0)) return false;
    int y = month <= 2 ? year - 1 : year;
    int era = y / 400;  // y >= 0 here
    int yoe = y - era * 400;
    int mp = (month + 9) % 12;  // March = 0
    int doy = (153 * mp + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    out = era * 146097 + doe - 719468;
    return true;
}

void civil_of(std::int32_t days, int& year, int& month, int& day) {
    std::int64_t z = static_cast<std::int64_t>(days) + 719468;
    std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    std::int64_t doe = z - era * 146097;
    std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    std::int64_t mp = (5 * doy + 2) / 153;
    day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

bool read_iso_date(std::string_view text, std::int32_t& out, bool* valid_form) {
    bool form = text.size() == 10 && text[4] == '-' && text[7] == '-' && all_digits(text.substr(0, 4)) &&
                all_digits(text.substr(5, 2)) && all_digits(text.substr(8, 2));
    if (valid_form) *valid_form = form;
    return form && day_of(to_int(text.substr(0, 4)), to_int(text.substr(5, 2)), to_int(text.substr(8, 2)), out);
}

void append_iso_date(std::string& out, std::int32_t days) {
    int y = 0, m = 0, d = 0;
    civil_of(days, y, m, d);
    two_digits(out, y / 100);
    two_digits(out, y % 100);
    out += '-';
    two_digits(out, m);
    out += '-';
    two_digits(out, d);
}

std::string iso_date(std::int32_t days) {
    std::string out;
    append_iso_date(out, days);
    return out;
}

void build_date_book(DateBook& book, const std::vector<std::string>& locales) {
    for (const std::string& tag : locales) {
        if (format_for(book, tag) && format_for(book, tag)->locale == tag) continue;
        UErrorCode status = U_ZERO_ERROR;
        icu::Locale loc = icu_locale(tag);
        DateFormat format;
        format.locale = tag;
        icu::DateFormatSymbols symbols(loc, status);
        if (U_SUCCESS(status)) {
            using S = icu::DateFormatSymbols;
            for (auto context : {S::FORMAT, S::STANDALONE})
                for (auto width : {S::WIDE, S::ABBREVIATED}) {
                    std::int32_t count = 0;
                    const icu::UnicodeString* names = symbols.getMonths(count, context, width);
                    for (std::int32_t m = 0; m < count && m < 12; ++m) {
                        add_word(book.months, fold(utf8(names[m])), m + 1);
                        if (context == S::FORMAT && width == S::WIDE) format.months[static_cast<std::size_t>(m)] = utf8(names[m]);
                    }
                }
        }
        // The locale's long date ("d MMMM y", "d 'de' MMMM 'de' y", "MMMM d, y"): a day, a month's
        // name and a year, which is what a date slot holds.
        std::unique_ptr<icu::DateFormat> long_date(icu::DateFormat::createDateInstance(icu::DateFormat::kLong, loc));
        if (auto* simple = dynamic_cast<icu::SimpleDateFormat*>(long_date.get())) {
            icu::UnicodeString pattern;
            format.parts = parts_of(utf8(simple->toPattern(pattern)));
        }
        status = U_ZERO_ERROR;
        icu::RelativeDateTimeFormatter relative(loc, status);
        if (U_SUCCESS(status)) {
            const std::pair<UDateDirection, int> directions[] = {
                {UDAT_DIRECTION_LAST_2, -2}, {UDAT_DIRECTION_LAST, -1}, {UDAT_DIRECTION_THIS, 0},
                {UDAT_DIRECTION_NEXT, 1}, {UDAT_DIRECTION_NEXT_2, 2}};
            for (auto [direction, offset] : directions) {
                icu::UnicodeString word;
                UErrorCode s = U_ZERO_ERROR;
                relative.format(direction, UDAT_ABSOLUTE_DAY, word, s);
                if (U_SUCCESS(s) && !word.isEmpty()) add_word(book.relatives, fold(utf8(word)), offset);
            }
        }
        if (!format.parts.empty()) book.formats.push_back(std::move(format));
    }
    // English has no single CLDR word for these two.
    add_word(book.relatives, "day after tomorrow", 2);
    add_word(book.relatives, "the day after tomorrow", 2);
    add_word(book.relatives, "day before yesterday", -2);
    add_word(book.months, "sept", 9);  // "Sept. 30"
    add_word(book.months, "setiembre", 9);  // Spanish, as also written
}

void date_bounds(const SlotDecl& slot, std::int32_t today, std::int32_t& min, std::int32_t& max) {
    auto bound = [&](bool has, bool relative, double value) {
        if (!has) return no_day;
        if (!relative) return static_cast<std::int32_t>(value);
        return today == no_day ? no_day : static_cast<std::int32_t>(today + value);
    };
    min = bound(slot.has_min, slot.min_today, slot.min);
    max = bound(slot.has_max, slot.max_today, slot.max);
}

ParsedReply parse_date_reply(std::string_view text, const SlotDecl& slot, const DateBook* book, std::int32_t today) {
    ParsedReply r;
    r.value.type = SlotType::date;
    std::string s = trimmed(text);
    std::int32_t day = 0;
    bool ok = false;
    if (all_digits(s.substr(0, 1))) ok = read_numeric(s, today, day);
    if (!ok && book && !s.empty()) {
        std::string folded = fold(s);
        for (const auto& [word, offset] : book->relatives)
            if (word == folded) {
                ok = today != no_day;
                day = today + offset;
                break;
            }
        if (!ok) ok = read_words(folded, *book, today, day);
    }
    if (!ok) return r;
    // A day relative to today may fall outside the years 1 to 9999, which no date is written in.
    int year = 0, month = 0, dom = 0;
    civil_of(day, year, month, dom);
    if (year < 1 || year > 9999) return r;
    std::int32_t min = no_day, max = no_day;
    date_bounds(slot, today, min, max);
    r.ok = (min == no_day || day >= min) && (max == no_day || day <= max);
    r.value.number = day;
    return r;
}

void append_date(std::string& out, std::int32_t days, const DateBook& book, std::string_view locale) {
    const DateFormat* f = format_for(book, locale);
    if (!f && !book.formats.empty()) f = &book.formats.front();
    if (!f) return append_iso_date(out, days);
    int y = 0, m = 0, d = 0;
    civil_of(days, y, m, d);
    for (const DateFormat::Part& part : f->parts) {
        switch (part.kind) {
        case DateFormat::Part::literal: out += part.text; break;
        case DateFormat::Part::day: out += std::to_string(d); break;
        case DateFormat::Part::day2: two_digits(out, d); break;
        case DateFormat::Part::month_name: out += f->months[static_cast<std::size_t>(m - 1)]; break;
        case DateFormat::Part::month_number: out += std::to_string(m); break;
        case DateFormat::Part::month_number2: two_digits(out, m); break;
        case DateFormat::Part::year: out += std::to_string(y); break;
        }
    }
}

std::string date_hint(const SlotDecl& slot, std::int32_t today, const DateBook& book, std::string_view locale,
                      const Lexicon& lex) {
    std::int32_t min = no_day, max = no_day;
    date_bounds(slot, today, min, max);
    std::string_view pattern = lex.text(min != no_day && max != no_day ? BuiltinText::hint_date_between
                                        : min != no_day                ? BuiltinText::hint_date_from
                                        : max != no_day                ? BuiltinText::hint_date_until
                                                                       : BuiltinText::hint_date);
    std::string out;
    for (std::string_view p = pattern; !p.empty();) {
        if (p.substr(0, 5) == "{min}" || p.substr(0, 5) == "{max}") {
            append_date(out, p[1] == 'm' && p[2] == 'i' ? min : max, book, locale);
            p.remove_prefix(5);
        } else {
            out += p.front();
            p.remove_prefix(1);
        }
    }
    return out;
}

}  // namespace parley::detail
