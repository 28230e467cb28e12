// Test files per locale (docs/testing.md): `!locale` steps, the `hint` assertion, a run in a locale
// (`parley test --locale`), and coverage per locale.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <parley/parley.hpp>
#include <parley/test_suite.hpp>

#include "support.hpp"

using namespace parley::testing;
namespace fs = std::filesystem;

namespace {

const char* const script = R"(script: plan
version: 1
locale: en
slots:
  plan.ok: {type: boolean}
  plan.size: {type: choice, choices: [small, large]}
start: ok
nodes:
  ok:
    ask:
      en: Is the plan fine?
      es: ¿Le sirve el plan?
    slot: plan.ok
    next:
      - if: plan.ok
        goto: fin
      - goto: size
  size:
    ask:
      en: Which size?
      es: ¿Qué tamaño?
    slot: plan.size
    next:
      - if: conversation.locale == es
        goto: spanish
      - goto: fin
  spanish:
    end: transferred
    say: Le paso con el equipo en español.
  fin:
    end: resolved
    say:
      en: Good.
      es: Bien.
)";

parley::Library library() { return parley::Library::parse(script, "plan.yaml").value(); }

TestCase only_case(const std::string& yaml) {
    auto suite = parse_tests(yaml, "plan.test.yaml");
    for (const auto& d : suite.diagnostics()) MESSAGE(parley::format(d));
    REQUIRE(suite);
    REQUIRE(suite->cases.size() == 1);
    return suite->cases.front();
}

std::string cases(const std::string& turns) {
    return "tests:\n  - name: c\n    script: plan\n    turns:\n" + turns;
}

using test_support::TempDir;

}  // namespace

TEST_CASE("test files: a hint assertion passes on the hint given, and fails clearly otherwise") {
    parley::Library lib = library();
    CaseResult passed = run_case(lib, only_case(cases(R"(      - reply: perhaps
        expect: {understood: false, hint: "Please answer yes or no."}
      - reply: "no"
        expect: {prompt: size, hint: ""}
)")));
    CHECK(passed.passed());

    CaseResult wrong = run_case(lib, only_case(cases(R"(      - reply: perhaps
        expect: {understood: false, hint: "Say yes or no."}
)")));
    REQUIRE(wrong.failures.size() == 1);
    CHECK(wrong.failures[0].assertion == "hint");
    CHECK(wrong.failures[0].expected == "\"Say yes or no.\"");
    CHECK(wrong.failures[0].actual == "\"Please answer yes or no.\" (ask 'plan.ok' for slot plan.ok, attempt 2)");
    CHECK(wrong.failures[0].region.line == 6);

    CaseResult none = run_case(lib, only_case(cases(R"(      - reply: "no"
        expect: {hint: "Please answer yes or no."}
)")));
    REQUIRE(none.failures.size() == 1);
    CHECK(none.failures[0].actual == "no hint: ask 'plan.size' for slot plan.size is asked for the first time");
    CHECK(none.failures[0].notes == std::vector<std::string>{"a prompt has a hint when it is asked again after a reply it did not understand"});
}

TEST_CASE("test files: a !locale step switches the session's language") {
    parley::Library lib = library();
    TestCase c = only_case(cases(R"(      - signal: locale es
        expect: {prompt: ok, text: "¿Le sirve el plan?"}
      - reply: "!locale es-mx"
        expect: {text: "¿Le sirve el plan?", trace: "from es to es-MX"}
      - reply: "no"
      - reply: small
        expect: {outcome: transferred}
)"));
    REQUIRE(c.turns.size() == 4);
    CHECK(c.turns[0].kind == TestTurn::Kind::locale);
    CHECK(c.turns[0].text == "es");
    CHECK(c.turns[1].kind == TestTurn::Kind::locale);
    CHECK(c.turns[1].text == "es-MX");  // canonical
    CaseResult r = run_case(lib, c);
    for (const auto& f : r.failures) MESSAGE(f.assertion << ": " << f.expected << " / " << f.actual);
    CHECK(r.passed());
    CHECK(r.turns == 2);  // the switches are not customer turns
    CHECK(std::find(r.transcript.begin(), r.transcript.end(), "customer: !locale es-MX") != r.transcript.end());
    REQUIRE(r.locales.size() == 2);  // en at the start; nothing was done in es before es-MX: one span
    CHECK(r.locales[0].locale == "en");
    CHECK(r.locales[0].from == 0);
    CHECK(r.locales[1].locale == "es-MX");
    CHECK(r.locales[1].from == 1);  // after entering `ok`
}

TEST_CASE("test files: a !locale step with a bad tag is a diagnostic at its value") {
    auto suite = parse_tests(cases("      - reply: yes\n      - signal: locale es_MX\n      - reply: \"!locale\"\n"), "plan.test.yaml");
    REQUIRE_FALSE(suite);
    REQUIRE(suite.diagnostics().size() == 2);
    const parley::Diagnostic& bad = suite.diagnostics()[0];
    CHECK(bad.rule == "bad-locale");
    CHECK(bad.region.file == "plan.test.yaml");
    CHECK(bad.region.line == 6);
    CHECK(bad.region.column == 17);
    CHECK(bad.notes == std::vector<std::string>{"did you mean 'es-MX'?"});
    CHECK(suite.diagnostics()[1].rule == "test-wrong-type");
    CHECK(suite.diagnostics()[1].message.find("'locale' needs the language") != std::string::npos);
    CHECK(suite.diagnostics()[1].region.line == 7);
}

TEST_CASE("run_tests: --locale runs every case in it, unless the case sets its own; coverage per locale") {
    TempDir dir("testing-locales");
    dir.write("plan.yaml", script);
    std::string file = dir.write("plan.test.yaml", R"(tests:
  - name: small
    script: plan
    turns:
      - reply: "no"
      - reply: small
        expect: {outcome: resolved}
  - name: small, in Spanish
    script: plan
    locale: es
    turns:
      - reply: "no"
      - reply: small
        expect: {outcome: transferred}
  - name: switches at the size
    script: plan
    turns:
      - reply: "no"
      - signal: locale es
      - reply: large
        expect: {outcome: transferred}
)");
    TestRun in_en = run_tests({file});
    CHECK(in_en.failed == 0);
    CHECK(in_en.passed == 3);
    std::vector<Coverage> by_locale = coverage_by_locale(in_en);
    REQUIRE(by_locale.size() == 2);
    CHECK(by_locale[0].locale == "en");
    CHECK(by_locale[1].locale == "es");
    // en: ok, size and fin, ok's `no` branch and size's other one (the first case; the switching
    // case before its switch).
    CHECK(by_locale[0].total().nodes_hit == 3);
    CHECK(by_locale[0].total().branches_hit == 2);
    // es: ok, size and spanish, ok's `no` branch and size's es one (the Spanish case; the switching
    // case after its switch).
    CHECK(by_locale[1].total().nodes_hit == 3);
    CHECK(by_locale[1].total().branches_hit == 2);
    CHECK(coverage(in_en).front().total().nodes_hit == 4);
    CHECK(coverage(in_en).front().total().branches_hit == 3);
    std::ostringstream table;
    write_locale_coverage(table, by_locale);
    CHECK(table.str() == "coverage of " + dir.path.string() + " per locale:\n"
                         "  locale            nodes         branches\n"
                         "  en          3/4   75.0%      2/4   50.0%\n"
                         "  es          3/4   75.0%      2/4   50.0%\n");

    TestRun in_es = run_tests({file}, {"", "ES"});
    CHECK(in_es.options.locale == "es");
    CHECK(in_es.failed == 1);  // "small" goes to the Spanish desk now; the others set es themselves
    CHECK(in_es.passed == 2);
    by_locale = coverage_by_locale(in_es);
    REQUIRE(by_locale.size() == 1);
    CHECK(by_locale[0].locale == "es");

    TestRun bad = run_tests({file}, {"", "klingon!!"});
    CHECK(bad.files.empty());
    REQUIRE(bad.diagnostics.size() == 1);
    CHECK(bad.diagnostics[0].rule == "bad-locale");
}
