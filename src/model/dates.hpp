#pragma once
// Dates (docs/format.md, "Dates"): a `date` slot holds a day as the number of days since 1970-01-01
// (Val::number, a whole number). This header reads dates as customers, hosts and scripts write them
// and writes them back, per locale. The words it needs (month names, "tomorrow", the long written form)
// come from ICU once, at load, into a DateBook of plain strings: the per-turn path never touches ICU
// except to fold the case and accents of a customer's reply.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/dates_book.hpp"
#include "model/lexicon.hpp"
#include "model/values.hpp"

namespace parley::detail {

/// "No today": the host gave no date (StartOptions::today unset). Words relative to today ("tomorrow")
/// are then not understood, and conditions and bounds that read today are unknown / not enforced.
inline constexpr std::int32_t no_day = INT32_MIN;

/// The "today" the explorer (lint, --generate) assumes when a library writes no date: 2030-01-01.
/// One that does gets the day before its earliest date (DateBook::explored_today), so conditions and
/// bounds on both dates and today can each go either way.
inline constexpr std::int32_t default_explored_today = 21915;

/// The days since 1970-01-01 of year-month-day (proleptic Gregorian); false when the day does not
/// exist (2027-02-30) or the year is outside 1..9999.
bool day_of(int year, int month, int day, std::int32_t& out);
/// year, month, day of `days`.
void civil_of(std::int32_t days, int& year, int& month, int& day);

/// Reads exactly YYYY-MM-DD (a script's literal, a test file's `today:`, a host's text). `valid_form`
/// tells a well-formed but impossible date (2027-02-30: true, returns false) from another word.
bool read_iso_date(std::string_view text, std::int32_t& out, bool* valid_form = nullptr);
/// Appends `days` as YYYY-MM-DD.
void append_iso_date(std::string& out, std::int32_t days);
std::string iso_date(std::int32_t days);

/// Fills `book` for `locales` (canonical tags). Never throws for a locale ICU lacks: its words are
/// then simply not there, and its dates are written as those of its parent, or ISO.
void build_date_book(DateBook& book, const std::vector<std::string>& locales);

/// The bounds of a date slot on `today` ([min, max], each no_day when none or not known).
void date_bounds(const SlotDecl& slot, std::int32_t today, std::int32_t& min, std::int32_t& max);

/// Reads a customer's (or a host's) reply to date slot `slot`: 30/06/2027, 30-6-27, 2027-06-30, June 30,
/// 30 June 2027, 30 de junio (de 2027), and with `today` known also today, tomorrow, hoy, mañana,
/// pasado mañana... and dates without a year (the next such day from today on). The words of every
/// locale in `book` are understood whatever the session's locale; numbers are read day first (month
/// first only when the day cannot be a month: 06/30/2027). Refused outside the slot's bounds.
/// `book` may be null: then only the numeric and ISO forms (what a host or a file writes).
ParsedReply parse_date_reply(std::string_view text, const SlotDecl& slot, const DateBook* book, std::int32_t today);

/// Appends `days` in `locale`'s long written form (the locale, its parents, the book's first, else ISO).
void append_date(std::string& out, std::int32_t days, const DateBook& book, std::string_view locale);

/// The hint said when a reply to a date slot was not understood: the lexicon's `hint.date` text (or
/// `hint.date_from`, `_until`, `_between` for a slot with bounds), the bounds written in `locale`'s form.
std::string date_hint(const SlotDecl& slot, std::int32_t today, const DateBook& book, std::string_view locale,
                      const Lexicon& lex);

}  // namespace parley::detail
