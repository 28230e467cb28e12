#pragma once
// The date words of a library (model/dates.hpp), kept in the compiled program: plain strings, no ICU.
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace parley::detail {

/// One locale's long written form ("30 June 2027", "30 de junio de 2027"), from ICU's pattern for it.
struct DateFormat {
    struct Part {
        enum Kind : std::uint8_t { literal, day, day2, month_name, month_number, month_number2, year } kind = literal;
        std::string text;  // literal
    };
    std::string locale;  // the tag it serves (and its children)
    std::vector<Part> parts;
    std::array<std::string, 12> months;  // the month names as the pattern writes them
};

/// The date words of a library's locales (its declared ones, its scripts', and always en and es),
/// built once at load (build_date_book) and read by the engine.
struct DateBook {
    std::vector<std::pair<std::string, int>> months;     // folded month names and abbreviations -> 1..12
    std::vector<std::pair<std::string, int>> relatives;  // folded "today", "tomorrow", "mañana"... -> days from today
    std::vector<DateFormat> formats;
    /// The today the explorer takes, and generated test cases write (`today:`): model/dates.hpp.
    std::int32_t explored_today = 21915;  // 2030-01-01
};

}  // namespace parley::detail
