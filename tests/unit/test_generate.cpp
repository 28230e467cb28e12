// Generated tests (parley::testing::generate_tests, docs/testing.md section 8): for each shipped
// script the file reads back, passes, takes every branch and fails on a mutant; what a case asserts;
// replies that need quoting; pre-filled facts; bounds; loops; determinism.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <parley/mutate.hpp>
#include <parley/parley.hpp>
#include <parley/test_suite.hpp>

using namespace parley::testing;
using parley::Library;

namespace {

Library load(const std::string& yaml, const std::string& name = "g.yaml") {
    auto lib = Library::parse(yaml, name);
    std::string problems;
    for (const auto& d : lib.diagnostics()) problems += parley::format(d) + "\n";
    INFO(problems);
    REQUIRE(lib.has_value());
    return std::move(lib).value();
}

GeneratedTests generate(const Library& lib, const std::string& script, const GenerateOptions& o = {}) {
    auto g = generate_tests(lib, script, o);
    std::string problems;
    for (const auto& d : g.diagnostics()) problems += parley::format(d) + "\n";
    INFO(problems);
    REQUIRE(g.has_value());
    return std::move(g).value();
}

std::string failures(const CaseResult& r) {
    std::string out;
    for (const auto& f : r.failures) out += f.assertion + ": expected " + f.expected + ", actual " + f.actual + "\n";
    for (const auto& t : r.transcript) out += "  " + t + "\n";
    return out;
}

bool has(const Expectations& e, Assertion::Kind kind) {
    return std::any_of(e.assertions.begin(), e.assertions.end(), [&](const Assertion& a) { return a.kind == kind; });
}

const char* const shipped[] = {"account_status", "billing_complaint", "cancel_service", "device_replacement",
                               "escalation",     "internet_down",     "plan_review"};

}  // namespace

TEST_CASE("generate_tests: for each shipped script, a file that reads back, passes, takes every branch, and fails on a mutant") {
    const Library lib = Library::load(PARLEY_SOURCE_DIR "/scripts").value();
    for (const char* script : shipped) {
        INFO(script);
        GeneratedTests g = generate(lib, script);
        CHECK(g.complete);
        CHECK(g.not_covered.empty());
        CHECK(g.suite.cases.size() == g.paths + g.signal_cases + g.locale_cases);
        CHECK(g.paths >= 1);
        // The library declares en and es, and the scripts are written in en: each path again in es.
        CHECK(g.locales == std::vector<std::string>{"es"});
        CHECK(g.locale_cases >= 1);
        CHECK(g.text.find("take those paths again in the other locales the library declares (es)") != std::string::npos);

        // The text is what parse_tests reads, and every case passes on the scripts it came from.
        auto again = parse_tests(g.text, "again.test.yaml");
        REQUIRE(again.has_value());
        CHECK(again->cases.size() == g.suite.cases.size());
        for (const TestCase& c : again->cases) {
            CaseResult r = run_case(lib, c);
            INFO(c.name << "\n" << failures(r));
            CHECK(r.passed());
            CHECK(c.script.value == script);
        }

        // A mutant of the script makes at least one case fail.
        MutationReport m = mutation_test(lib, g.suite.cases);
        CHECK(m.failing.empty());
        std::size_t own = 0, own_killed = 0;
        for (const auto& r : m.results)
            if (r.mutant.script == script) {
                ++own;
                own_killed += r.killed;
            }
        CHECK(own >= 1);
        CHECK(own_killed >= 1);
    }
}

TEST_CASE("generate_tests: every turn asserts its prompt, and the last the outcome") {
    const Library lib = Library::load(PARLEY_SOURCE_DIR "/scripts").value();
    GeneratedTests g = generate(lib, "internet_down");
    std::set<std::string> signals;
    bool unclear = false;
    for (const TestCase& c : g.suite.cases) {
        INFO(c.name);
        CHECK(has(c.start, Assertion::Kind::prompt));
        const Expectations& last = c.turns.empty() ? c.start : c.turns.back().expect;
        CHECK(has(last, Assertion::Kind::outcome));
        for (const TestTurn& t : c.turns) {
            CHECK(has(t.expect, Assertion::Kind::prompt));
            if (t.kind == TestTurn::Kind::signal) signals.insert(t.text);
            if (has(t.expect, Assertion::Kind::understood)) unclear = true;
            CHECK(t.kind != TestTurn::Kind::fill);
        }
    }
    CHECK(signals == std::set<std::string>{"cancel", "supervisor"});
    CHECK(unclear);  // replies that are not understood are part of the paths (three at lights escalate)
    // A cancel and a supervisor case at each prompt node of the paths, the first prompt included.
    CHECK(g.text.find("name: outage=!cancel; reason=moving -> cancelled at cancel_service.cancelled") != std::string::npos);
    CHECK(g.text.find("name: outage=!supervisor -> escalated at escalation.callback") != std::string::npos);
    CHECK(g.text.find("- said 'on_hold'") != std::string::npos);  // a say node passed, by its trace entry
    CHECK(g.text.rfind("# Generated by `parley test --generate internet_down`", 0) == 0);
    CHECK(g.text.find("\nlibrary:") == std::string::npos);
}

TEST_CASE("generate_tests: facts a host pre-fills, and memory, open the branches replies can't") {
    const Library lib = Library::load(PARLEY_SOURCE_DIR "/scripts").value();
    GeneratedTests g = generate(lib, "cancel_service");
    // tenure >= 2 is a pre-fillable fact; the discount's second branch is only taken when the
    // customer declined it on an earlier call (a declined offer after a cancel request is the policy's).
    CHECK(g.text.find("prefill: {account.tenure_years: 2}") != std::string::npos);
    CHECK(g.text.find("prefill: {offer.discount_accepted: \"no\"}") != std::string::npos);
    CHECK(g.text.find("prefill: {contact.count: 3}") != std::string::npos);  // repeat_contact
    CHECK(g.not_covered.empty());
}

TEST_CASE("generate_tests: the same library gives the same file") {
    const Library lib = Library::load(PARLEY_SOURCE_DIR "/scripts").value();
    CHECK(generate(lib, "plan_review").text == generate(lib, "plan_review").text);
}

TEST_CASE("generate_tests: an unknown script is a diagnostic with a did-you-mean") {
    const Library lib = Library::load(PARLEY_SOURCE_DIR "/scripts").value();
    auto g = generate_tests(lib, "internet_dwn");
    REQUIRE_FALSE(g.has_value());
    REQUIRE(g.diagnostics().size() == 1);
    CHECK(g.diagnostics()[0].rule == "unknown-script");
    CHECK(g.diagnostics()[0].message == "no script 'internet_dwn' in the library");
    REQUIRE(g.diagnostics()[0].notes.size() == 1);
    CHECK(g.diagnostics()[0].notes[0].find("internet_down") != std::string::npos);
}

TEST_CASE("generate_tests: replies and names that YAML would misread are quoted") {
    const Library lib = load(R"(script: odd
version: 1
slots:
  answer: {type: choice, choices: ["yes", "no", "off", "null", "#1", "-x"]}
  note: {type: text}
start: q
nodes:
  q:
    ask: Which?
    slot: answer
    next:
      - if: answer == "off"
        goto: say_it
      - if: answer == "#1"
        goto: say_it
      - goto: t
  t:
    ask: Tell me more.
    slot: note
    next:
      - if: 'note == "it''s, ok: yes # not a comment"'
        goto: done
      - goto: other
  say_it:
    say: "Right: noted."
    next: done
  done:
    end: resolved
  other:
    end: unresolved
)");
    GeneratedTests g = generate(lib, "odd");  // reads back and passes, or generate() fails
    CHECK(g.not_covered.empty());
    CHECK(g.text.find("reply: \"yes\"") != std::string::npos);
    CHECK(g.text.find("reply: \"off\"") != std::string::npos);
    CHECK(g.text.find("reply: \"#1\"") != std::string::npos);
    CHECK(g.text.find("reply: \"it's, ok: yes # not a comment\"") != std::string::npos);
    bool found = false;
    for (const TestCase& c : g.suite.cases)
        for (const TestTurn& t : c.turns) found = found || t.text == "it's, ok: yes # not a comment";
    CHECK(found);
}

TEST_CASE("generate_tests: numbers around the constants conditions compare with") {
    const Library lib = load(R"(script: n
version: 1
slots:
  age: {type: number, min: 0, max: 120}
start: q
nodes:
  q:
    ask: How old?
    slot: age
    next:
      - if: age >= 18
        goto: adult
      - if: age < 5
        goto: small
      - goto: child
  adult:
    end: resolved
  small:
    end: unresolved
  child:
    end: escalated
)");
    GeneratedTests g = generate(lib, "n");
    CHECK(g.not_covered.empty());
    CHECK(g.paths == 4);  // each branch, and three replies that are not numbers
    std::set<std::string> replies;
    for (const TestCase& c : g.suite.cases)
        for (const TestTurn& t : c.turns)
            if (t.kind == TestTurn::Kind::reply) replies.insert(t.text);
    CHECK(replies.count("17") + replies.count("18") + replies.count("19") >= 1);
    CHECK(replies.count("4") + replies.count("5") + replies.count("6") >= 1);
}

TEST_CASE("generate_tests: a loop that forgets its answer ends within the bounds") {
    const Library lib = load(R"(script: loop
version: 1
slots:
  ok: {type: boolean}
start: q
nodes:
  q:
    ask: Working now?
    slot: ok
    forget: [ok]
    next:
      - if: ok
        goto: q
      - goto: stop
  stop:
    end: resolved
)");
    GeneratedTests g = generate(lib, "loop");
    CHECK(g.complete);
    CHECK(g.not_covered.empty());
    for (const TestCase& c : g.suite.cases) CHECK(c.turns.size() <= 30);
}

TEST_CASE("generate_tests: options: the bound, signal cases, the library key") {
    const Library lib = Library::load(PARLEY_SOURCE_DIR "/scripts").value();
    SUBCASE("a small bound stops the search; what is kept still passes") {
        GenerateOptions o;
        o.max_states = 20;
        GeneratedTests g = generate(lib, "internet_down", o);
        CHECK_FALSE(g.complete);
        CHECK_FALSE(g.not_covered.empty());
        CHECK(g.text.find("# The search stopped at its bound (20 states)") != std::string::npos);
        CHECK(g.text.find("# not covered: ") != std::string::npos);
        for (const TestCase& c : g.suite.cases) CHECK(run_case(lib, c).passed());
    }
    SUBCASE("no signal cases") {
        GenerateOptions o;
        o.signal_cases = false;
        GeneratedTests g = generate(lib, "plan_review", o);
        CHECK(g.signal_cases == 0);
        CHECK(g.text.find("signal:") == std::string::npos);
    }
    SUBCASE("the library key, resolved against the file's folder") {
        GenerateOptions o;
        o.library = "..";
        o.file_name = PARLEY_SOURCE_DIR "/scripts/tests/plan_review.test.yaml";
        GeneratedTests g = generate(lib, "plan_review", o);
        CHECK(g.text.find("\nlibrary: ..\ntests:\n") != std::string::npos);
        CHECK(g.suite.file == o.file_name);
        CHECK(g.suite.library == PARLEY_SOURCE_DIR "/scripts");
    }
}
