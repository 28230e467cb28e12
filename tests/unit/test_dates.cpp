// The `date` slot type (docs/format.md, "Dates"): the forms a customer may write in en and es, words
// relative to the host's today, the written form per locale, conditions, bounds, bad-date, snapshots
// and JSON.
#include <doctest/doctest.h>
#include <parley/parley.hpp>
#include <parley/test_suite.hpp>

#include "support.hpp"

#include <string>
#include <vector>

using parley::Library;
using parley::ReplyStatus;
using parley::Session;
using parley::StartOptions;
using parley::Value;

using test_support::load_one;

namespace {

// One question about a date; the ending says it back and tells which branch the date took.
const char* date_script = R"(script: callback
version: 1
locale: en
slots:
  callback.day: {type: date}
start: when
nodes:
  when:
    ask:
      en: Which day should we call you back?
      es: ¿Qué día le llamamos?
    slot: callback.day
    next:
      - if: callback.day < 2027-07-01
        goto: june
      - if: callback.day <= today + 30
        goto: soon
      - goto: later
  june:
    say:
      en: "We will call you on {callback.day}."
      es: "Le llamaremos el {callback.day}."
    end: resolved
  soon:
    say:
      en: "Soon: {callback.day}."
      es: "Pronto: {callback.day}."
    end: resolved
  later:
    say:
      en: "Later: {callback.day}."
      es: "Más adelante: {callback.day}."
    end: resolved
)";

Session start(const Library& lib, const std::string& locale = "en", const std::string& today = "2027-06-01") {
    StartOptions o;
    o.locale = locale;
    o.today = today;
    return lib.start("callback", {}, {}, o);
}

// The date a reply is read as ("" when not understood).
std::string read_as(const Library& lib, const std::string& reply, const std::string& locale = "en",
                    const std::string& today = "2027-06-01") {
    Session s = start(lib, locale, today);
    if (s.reply(reply) != ReplyStatus::accepted) return "";
    auto v = s.get("callback.day");
    REQUIRE(v);
    CHECK(v->is_text());
    return v->as_text();
}

std::string said(const Session& s) {
    std::string out;
    for (const auto& m : s.next().messages) out += m.text;
    return out + s.next().prompt.text;
}

}  // namespace

TEST_CASE("dates: the written forms of en and es, each read as the same day") {
    Library lib = load_one(date_script);
    for (const char* locale : {"en", "es"}) {
        INFO(locale);
        CHECK(read_as(lib, "30/06/2027", locale) == "2027-06-30");
        CHECK(read_as(lib, "30-6-27", locale) == "2027-06-30");
        CHECK(read_as(lib, "30.06.2027", locale) == "2027-06-30");
        CHECK(read_as(lib, "2027-06-30", locale) == "2027-06-30");
        CHECK(read_as(lib, "06/30/2027", locale) == "2027-06-30");  // month first only when it can't be day first
        CHECK(read_as(lib, "05/06/2027", locale) == "2027-06-05");  // day first otherwise
        // Words of either language are understood whatever the session's locale.
        CHECK(read_as(lib, "June 30", locale) == "2027-06-30");
        CHECK(read_as(lib, "june 30th, 2028", locale) == "2028-06-30");
        CHECK(read_as(lib, "30 June", locale) == "2027-06-30");
        CHECK(read_as(lib, "the 30th of June", locale) == "2027-06-30");
        CHECK(read_as(lib, "Jun. 30, 2027", locale) == "2027-06-30");
        CHECK(read_as(lib, "30 de junio", locale) == "2027-06-30");
        CHECK(read_as(lib, "30 de junio de 2027", locale) == "2027-06-30");
        CHECK(read_as(lib, "30 DE JUNIO DE 2028.", locale) == "2028-06-30");
        CHECK(read_as(lib, "1 de septiembre", locale) == "2027-09-01");
        CHECK(read_as(lib, "1 de setiembre", locale) == "2027-09-01");
    }
    // A date without its year is the next such day from today on.
    CHECK(read_as(lib, "30 de mayo", "es", "2027-06-01") == "2028-05-30");
    CHECK(read_as(lib, "1 June", "en", "2027-06-01") == "2027-06-01");
    CHECK(read_as(lib, "29 February", "en", "2027-06-01") == "2028-02-29");
}

TEST_CASE("dates: today, tomorrow, hoy, mañana and pasado mañana read the host's today") {
    Library lib = load_one(date_script);
    CHECK(read_as(lib, "today") == "2027-06-01");
    CHECK(read_as(lib, "Tomorrow!") == "2027-06-02");
    CHECK(read_as(lib, "the day after tomorrow") == "2027-06-03");
    CHECK(read_as(lib, "hoy", "es") == "2027-06-01");
    CHECK(read_as(lib, "mañana", "es") == "2027-06-02");
    CHECK(read_as(lib, "Mañana", "en") == "2027-06-02");
    CHECK(read_as(lib, "manana", "es") == "2027-06-02");  // typed without the accent
    CHECK(read_as(lib, "pasado mañana", "es") == "2027-06-03");
    CHECK(read_as(lib, "tomorrow", "en", "2027-12-31") == "2028-01-01");
    // Without a today from the host, words relative to it are not understood; dates still are.
    CHECK(read_as(lib, "tomorrow", "en", "") == "");
    CHECK(read_as(lib, "mañana", "es", "") == "");
    CHECK(read_as(lib, "30 June", "en", "") == "");  // no year, and no today to find the next one from
    CHECK(read_as(lib, "30/06/2027", "en", "") == "2027-06-30");
    // A day before the year 1 or after 9999 is no date (found by review: "0000-01-02" was kept).
    CHECK(read_as(lib, "tomorrow", "en", "9999-12-31") == "");
    CHECK(read_as(lib, "pasado mañana", "es", "9999-12-31") == "");
    CHECK(read_as(lib, "day before yesterday", "en", "0001-01-01") == "");
    CHECK(read_as(lib, "today", "en", "9999-12-31") == "9999-12-31");
}

TEST_CASE("dates: what is not a date is asked again with the hint in the customer's language") {
    Library lib = load_one(date_script);
    for (const char* bad : {"next week", "31/02/2027", "30 de juniembre", "32 June 2027", "June", "2027", "13/13/2027",
                            "30/06/27/1", "someday soon"}) {
        INFO(bad);
        Session en = start(lib, "en");
        CHECK(en.reply(bad) == ReplyStatus::not_understood);
        CHECK_FALSE(en.known("callback.day"));
        CHECK(en.next().prompt.hint == "Please give a date, like 30/06/2027.");
        Session es = start(lib, "es");
        CHECK(es.reply(bad) == ReplyStatus::not_understood);
        CHECK(es.next().prompt.hint == "Indíquenos una fecha, por ejemplo 30/06/2027.");
        CHECK(es.next().prompt.text == "¿Qué día le llamamos?");
    }
}

TEST_CASE("dates: a date in a text is written in the session's locale") {
    Library lib = load_one(date_script);
    Session en = start(lib, "en");
    REQUIRE(en.reply("30/06/2027") == ReplyStatus::accepted);
    CHECK(said(en) == "We will call you on 30 June 2027.");
    Session es = start(lib, "es");
    REQUIRE(es.reply("30/06/2027") == ReplyStatus::accepted);
    CHECK(said(es) == "Le llamaremos el 30 de junio de 2027.");
    Session es_mx = start(lib, "es-MX");  // the written form of its parent
    REQUIRE(es_mx.reply("1 de enero de 2027") == ReplyStatus::accepted);
    CHECK(said(es_mx) == "Le llamaremos el 1 de enero de 2027.");
}

TEST_CASE("dates: conditions compare with dates and with today") {
    Library lib = load_one(date_script);
    auto ending = [&](const std::string& reply, const std::string& today) {
        Session s = start(lib, "en", today);
        REQUIRE(s.reply(reply) == ReplyStatus::accepted);
        return std::string(s.next().prompt.node);
    };
    CHECK(ending("2027-06-30", "2027-06-01") == "june");
    CHECK(ending("2027-07-01", "2027-06-01") == "soon");   // within today + 30
    CHECK(ending("2027-07-02", "2027-06-01") == "later");  // the 31st day
    CHECK(ending("2027-07-02", "2027-06-02") == "soon");   // the same day is soon a day later
    // Without a today, `today + 30` is unknown: that branch is not taken.
    Session s = start(lib, "en", "");
    REQUIRE(s.reply("2027-07-01") == ReplyStatus::accepted);
    CHECK(s.next().prompt.node == "later");
}

TEST_CASE("dates: min and max, as dates or from today, re-ask out of range with the bounds") {
    const char* const lib_text = R"(script: end
version: 1
slots:
  end.day: {type: date, min: today + 1, max: 2027-12-31}
start: q
nodes:
  q:
    ask:
      en: When should it end?
      es: ¿Cuándo termina?
    slot: end.day
    next: fin
  fin:
    end: resolved
)";
    Library lib = load_one(lib_text);
    auto status = [&](const std::string& reply) {
        Session s = lib.start("end", {}, {}, StartOptions{"en", false, parley::default_trace_capacity, "2027-06-01"});
        return s.reply(reply);
    };
    CHECK(status("2027-06-01") == ReplyStatus::not_understood);  // today: before today + 1
    CHECK(status("today") == ReplyStatus::not_understood);
    CHECK(status("tomorrow") == ReplyStatus::accepted);
    CHECK(status("31/12/2027") == ReplyStatus::accepted);
    CHECK(status("1/1/2028") == ReplyStatus::not_understood);
    Session en = lib.start("end", {}, {}, StartOptions{"en", false, parley::default_trace_capacity, "2027-06-01"});
    CHECK(en.reply("2028-01-01") == ReplyStatus::not_understood);
    CHECK(en.next().prompt.hint == "Please give a date from 2 June 2027 to 31 December 2027, like 30/06/2027.");
    Session es = lib.start("end", {}, {}, StartOptions{"es", false, parley::default_trace_capacity, "2027-06-01"});
    CHECK(es.reply("2028-01-01") == ReplyStatus::not_understood);
    CHECK(es.next().prompt.hint ==
          "Indíquenos una fecha entre el 2 de junio de 2027 y el 31 de diciembre de 2027, por ejemplo 30/06/2027.");
    // A library says it its own way (policies.yaml `texts:`), per locale; the bounds are still filled in.
    auto own = Library::parse({{"policies.yaml", "version: 1\ntexts:\n  hint.date_between:\n    es: \"Una fecha del {min} al {max}, por favor.\"\n"},
                               {"end.yaml", std::string(lib_text)}});
    REQUIRE(own.has_value());
    Session es_own = own->start("end", {}, {}, StartOptions{"es", false, parley::default_trace_capacity, "2027-06-01"});
    CHECK(es_own.reply("2028-01-01") == ReplyStatus::not_understood);
    CHECK(es_own.next().prompt.hint == "Una fecha del 2 de junio de 2027 al 31 de diciembre de 2027, por favor.");
    // Without a today, the bound from today is not enforced; the written one is.
    Session none = lib.start("end", {}, {}, StartOptions{"en"});
    CHECK(none.reply("2020-01-01") == ReplyStatus::accepted);
    Session none2 = lib.start("end", {}, {}, StartOptions{"en"});
    CHECK(none2.reply("2028-01-01") == ReplyStatus::not_understood);
    CHECK(none2.next().prompt.hint == "Please give a date no later than 31 December 2027, like 30/06/2027.");
    // The catalog shows the written bound, as a date in JSON.
    const parley::SlotInfo* info = lib.slot("end.day");
    REQUIRE(info);
    CHECK(info->type == parley::SlotType::date);
    CHECK_FALSE(info->min);
    CHECK(parley::to_json(*info) == R"({"max":"2027-12-31","name":"end.day","prefill":false,"type":"date"})");
}

TEST_CASE("dates: bad-date names the line and column of a date no calendar has") {
    auto diagnose = [](const std::string& yaml) {
        auto r = Library::parse(yaml, "d.yaml");
        CHECK_FALSE(r.has_value());
        for (const auto& d : r.diagnostics())
            if (d.rule == "bad-date") return d;
        FAIL("no bad-date");
        return parley::Diagnostic{};
    };
    const std::string head = "script: s\nversion: 1\nslots:\n  d: {type: date";
    const std::string rest = "start: q\nnodes:\n  q:\n    ask: When?\n    slot: d\n    next:\n";
    parley::Diagnostic in_condition = diagnose(head + "}\n" + rest + "      - if: d < 2027-02-30\n        goto: fin\n      - goto: fin\n  fin:\n    end: resolved\n");
    CHECK(in_condition.region.line == 11);
    CHECK(in_condition.region.column == 17);
    CHECK(in_condition.message.find("2027-02-30") != std::string::npos);
    parley::Diagnostic in_min = diagnose(head + ", min: 2027-02-29}\n" + rest + "      - goto: fin\n  fin:\n    end: resolved\n");
    CHECK(in_min.region.line == 4);
    CHECK(in_min.region.column == 24);
    parley::Diagnostic in_set =
        diagnose(head + "}\nstart: q\nnodes:\n  q:\n    set: {d: 2027-04-31}\n    next: fin\n  fin:\n    end: resolved\n");
    CHECK(in_set.region.line == 8);
    CHECK(in_set.region.column == 14);
    parley::Diagnostic not_a_bound = diagnose(head + ", max: soon}\n" + rest + "      - goto: fin\n  fin:\n    end: resolved\n");
    CHECK(not_a_bound.region.line == 4);
    // A date where the slot is a number is the wrong type, not a bad date.
    auto wrong = Library::parse("script: s\nversion: 1\nslots:\n  n: {type: number}\nstart: q\nnodes:\n  q:\n    ask: N?\n"
                                "    slot: n\n    next:\n      - if: n < 2027-06-30\n        goto: fin\n      - goto: fin\n"
                                "  fin:\n    end: resolved\n", "n.yaml");
    REQUIRE_FALSE(wrong.has_value());
    CHECK(wrong.diagnostics().front().rule == "wrong-type");
    // A test file's today and its values.
    auto tests = parley::testing::parse_tests("library: s.yaml\ntests:\n  - name: t\n    script: s\n    today: 2027-02-29\n"
                                              "    prefill: {d: 2027-06-31}\n",
                                              "t.test.yaml");
    REQUIRE_FALSE(tests.has_value());
    std::vector<std::pair<int, int>> places;
    for (const auto& d : tests.diagnostics())
        if (d.rule == "bad-date") places.emplace_back(d.region.line, d.region.column);
    CHECK(places == std::vector<std::pair<int, int>>{{5, 12}, {6, 18}});
    // And the host's.
    auto started = load_one(date_script).try_start("callback", {}, {}, StartOptions{"en", false, 24, "2027-02-30"});
    REQUIRE_FALSE(started.has_value());
    CHECK(started.diagnostics().front().rule == "bad-date");
}

TEST_CASE("dates: a snapshot gives the date back as a date; today is the host's again") {
    Library lib = load_one(date_script);
    Session s = start(lib, "es");
    REQUIRE(s.reply("hoy") == ReplyStatus::accepted);  // 2027-06-01: june
    Session restored = lib.restore(s.snapshot()).value();
    CHECK(restored.get("callback.day") == Value("2027-06-01"));
    CHECK(said(restored) == "Le llamaremos el 1 de junio de 2027.");
    CHECK(restored.today().empty());  // not in the snapshot
    restored.set_today("2027-06-05");
    CHECK(restored.today() == "2027-06-05");
    CHECK_THROWS_AS(restored.set_today("tomorrow"), parley::Error);
    CHECK(restored.today() == "2027-06-05");

    // Mid-question, then resumed on another day: "mañana" is that day's tomorrow.
    Session asking = start(lib, "es");
    Session later = lib.restore(asking.snapshot()).value();
    later.set_today("2027-08-01");
    REQUIRE(later.reply("mañana") == ReplyStatus::accepted);
    CHECK(later.get("callback.day") == Value("2027-08-02"));
    CHECK(later.next().prompt.node == "soon");
}

TEST_CASE("dates: a host fills a date as YYYY-MM-DD; JSON and the summary write it so") {
    Library lib = load_one(date_script);
    Session s = start(lib);
    CHECK(s.try_fill("callback.day", "2027-06-30").has_value());
    CHECK(s.get("callback.day") == Value("2027-06-30"));
    CHECK_FALSE(s.try_fill("callback.day", 5).has_value());
    CHECK_FALSE(s.try_fill("callback.day", "2027-02-30").has_value());
    auto prefilled = lib.start("callback", {{"callback.day", "30/06/2027"}}, {}, StartOptions{"en"});
    CHECK(prefilled.get("callback.day") == Value("2027-06-30"));
    std::string json = parley::to_json(prefilled.summary());
    CHECK(json.find(R"("value":"2027-06-30")") != std::string::npos);
    CHECK(lib.slot("callback.day")->type == parley::SlotType::date);
    CHECK(std::string(parley::to_string(parley::SlotType::date)) == "date");
}

TEST_CASE("dates: a test case's today makes relative replies reproducible") {
    Library lib = load_one(date_script, "callback.yaml");
    auto suite = parley::testing::parse_tests(R"(library: callback.yaml
tests:
  - name: tomorrow in June
    script: callback
    today: 2027-06-01
    turns:
      - reply: tomorrow
        expect: {prompt: june, slots: {callback.day: 2027-06-02}}
  - name: mañana a month later
    script: callback
    locale: es
    today: 2027-07-10
    turns:
      - reply: mañana
        expect: {prompt: soon, slots: {callback.day: 11/07/2027}}
)", "t.test.yaml");
    REQUIRE(suite.has_value());
    for (const auto& c : suite->cases) {
        INFO(c.name);
        CHECK(parley::testing::run_case(lib, c).passed());
    }
    CHECK(suite->cases[0].today == "2027-06-01");
}

TEST_CASE("dates: lint explores a date slot's branches from the literals and today") {
    Library lib = load_one(date_script, "callback.yaml");
    auto generated = parley::testing::generate_tests(lib, "callback");
    REQUIRE(generated.has_value());
    const std::string& text = generated->text;
    // The day before the library's earliest date is the explorer's today, written in each case.
    CHECK(text.find("today: 2027-06-30") != std::string::npos);
    for (const char* node : {"prompt: june", "prompt: soon", "prompt: later"}) {
        INFO(node);
        CHECK(text.find(node) != std::string::npos);
    }
    for (const auto& c : generated->suite.cases) CHECK(parley::testing::run_case(lib, c).passed());
}

TEST_CASE("dates: diff names a date slot's raised written bound as a date; restore drops what it breaks") {
    auto version = [](const std::string& bounds) {
        return load_one("script: s\nversion: 1\nslots:\n  d: {type: date" + bounds +
                        "}\nstart: q\nnodes:\n  q:\n    ask: When?\n    slot: d\n    next: fin\n  fin:\n    end: resolved\n");
    };
    Library old_lib = version("");
    Library raised = version(", min: 2027-07-01");
    Library from_today = version(", min: today");
    parley::DiffReport report = parley::diff(old_lib, raised);
    REQUIRE(report.slots.size() == 1);
    CHECK(report.slots[0].change == "min raised to 2027-07-01");
    CHECK(parley::diff(old_lib, from_today).slots.empty());  // checked by the next reply, not on restore

    Session s = old_lib.start("s", {{"d", "2027-06-30"}}, {}, StartOptions{"en"});
    auto restored = raised.restore(s.snapshot());
    REQUIRE(restored.has_value());
    CHECK_FALSE(restored->known("d"));
    REQUIRE(restored.diagnostics().size() == 1);
    CHECK(restored.diagnostics()[0].rule == "snapshot-fact-dropped");
    Session kept = from_today.restore(s.snapshot()).value();
    CHECK(kept.get("d") == Value("2027-06-30"));
}

TEST_CASE("dates: a literal that starts like a date is read whole, and must be one") {
    auto rule_of = [](const std::string& condition) {
        auto r = Library::parse("script: s\nversion: 1\nslots:\n  d: {type: date}\n  n: {type: number}\nstart: q\nnodes:\n"
                                "  q:\n    ask: When?\n    slot: d\n    next:\n      - if: " + condition +
                                    "\n        goto: fin\n      - goto: fin\n  fin:\n    end: resolved\n",
                                "s.yaml");
        return r.has_value() ? std::string("loads") : r.diagnostics().front().rule;
    };
    CHECK(rule_of("d < 2027-07-01") == "loads");
    CHECK(rule_of("d >= today - 3 and d != 2027-07-01") == "loads");
    CHECK(rule_of("2027-07-01 <= d") == "loads");
    CHECK(rule_of("d < 2027-7-1") == "bad-date");
    CHECK(rule_of("d < 2027-07-01x") == "bad-date");
    CHECK(rule_of("d < 2027-13-01") == "bad-date");
    CHECK(rule_of("d < today + x") == "bad-condition");
    CHECK(rule_of("d < 20270701") == "wrong-type");
    CHECK(rule_of("n < today") == "wrong-type");
    CHECK(rule_of("n < 2027") == "loads");
}

TEST_CASE("dates: replies that are not text a date could be in are only not understood") {
    Library lib = load_one(date_script);
    for (const std::string& odd : {std::string("\xff\xfe 30 junio"), std::string("30\0/06/2027", 11), std::string(100000, '3'),
                                   std::string("9999-12-31"), std::string("31/12/9999"), std::string("0001-01-01"),
                                   std::string("0000-01-01"), std::string("30 junio 99999"), std::string("  "),
                                   std::string("de de de"), std::string("30th June 2027 June")}) {
        Session s = start(lib);
        ReplyStatus st = s.reply(odd);
        bool extreme = odd == "9999-12-31" || odd == "31/12/9999" || odd == "0001-01-01";
        CHECK(st == (extreme ? ReplyStatus::accepted : ReplyStatus::not_understood));
    }
    Session last = start(lib);
    REQUIRE(last.reply("31/12/9999") == ReplyStatus::accepted);
    CHECK(said(last) == "Later: 31 December 9999.");
}
