// Test files (include/parley/test_suite.hpp, docs/testing.md): loading them, every diagnostic a
// bad one gives, and running cases with each assertion, passing and failing.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <parley/parley.hpp>
#include <parley/test_suite.hpp>

namespace fs = std::filesystem;
using parley::Diagnostic;
using namespace parley::testing;

namespace {

// "line:col rule" for each diagnostic, in order, so a failing check shows them all.
std::string summary(const std::vector<Diagnostic>& ds) {
    std::string out;
    for (const auto& d : ds)
        out += (out.empty() ? "" : "; ") + std::to_string(d.region.line) + ":" + std::to_string(d.region.column) + " " + d.rule;
    return out;
}

std::string all(const std::vector<Diagnostic>& ds) {
    std::string out;
    for (const auto& d : ds) out += parley::format(d) + "\n";
    return out;
}

std::vector<Diagnostic> diagnose(const std::string& yaml) {
    auto r = parse_tests(yaml, "t.test.yaml");
    CHECK_FALSE(r.has_value());
    return r.diagnostics();
}

TestSuite load(const std::string& yaml, const std::string& file = "dir/t.test.yaml") {
    auto r = parse_tests(yaml, file);
    INFO(all(r.diagnostics()));
    REQUIRE(r.has_value());
    CHECK(r.diagnostics().empty());
    return std::move(r).value();
}

// A small library with a question, an offer, an instruction, a lookup and a say.
const char* script = R"(script: shop
version: 1
slots:
  colour: {type: choice, choices: [red, blue]}
  size: {type: number, min: 1, max: 10}
  happy: {type: boolean}
  found: {type: boolean}
  note: {type: text}
start: colour_q
nodes:
  colour_q:
    ask: Which colour?
    slot: colour
    next:
      - if: colour == "red"
        goto: size_q
      - goto: stock
  size_q:
    ask: Which size?
    slot: size
    max_attempts: 1
    on_fail: stock
    next: stock
  stock:
    lookup: stock.check
    slot: found
    next:
      - if: found
        goto: pack
      - goto: sorry
  pack:
    instruct: Please hold the bag open.
    action: bag.open
    next: extra
  extra:
    offer: Would you like gift wrapping?
    kind: upsell
    slot: happy
    next: thanks
  thanks:
    say: Thank you for shopping with us.
    next: done_end
  done_end:
    end: resolved
    say: Your order is on its way.
  sorry:
    end: unresolved
    say: That is out of stock.
)";

const parley::Library& shop() {
    static const parley::Library lib = parley::Library::parse(script, "shop.yaml").value();
    return lib;
}

CaseResult run_one(const std::string& yaml) {
    TestSuite s = load(yaml, "t.test.yaml");
    REQUIRE(s.cases.size() == 1);
    return run_case(shop(), s.cases.front());
}

std::string failures(const CaseResult& r) {
    std::string out;
    for (const auto& f : r.failures) {
        out += std::to_string(f.region.line) + ":" + std::to_string(f.region.column) + " " + f.assertion + " | expected " +
               f.expected + " | actual " + f.actual;
        for (const auto& n : f.notes) out += " | note " + n;
        out += "\n";
    }
    return out;
}

std::string transcript(const CaseResult& r) {
    std::string out;
    for (const auto& l : r.transcript) out += l + "\n";
    return out;
}

}  // namespace

// ================================================================================================
// loading

TEST_CASE("test files: a complete file loads into cases, turns and assertions with their places") {
    TestSuite s = load(R"(tests:
  - name: red, size 3, found
    script: shop
    locale: es
    prefill: {note: hello, happy: "no"}
    done: [bag.open]
    start: {prompt: colour_q, said: Which}
    turns:
      - reply: red
        expect: {prompt: size_q, slots: {colour: red, size: ~}}
      - signal: repeat
      - fill: {found: "yes"}
        expect:
          outcome: resolved
          text: Your order is on its way.
          text_contains: order
          not_asked: [pack, found]
          actions_done: [bag.open]
          offers: {upsell: 0, retention: 0}
          policy: [honor_cancellation]
          trace: [skipped, started]
      - reply: x
        expect: {understood: false}
)");
    CHECK(s.file == "dir/t.test.yaml");
    CHECK(s.library == "dir");
    REQUIRE(s.cases.size() == 1);
    const TestCase& c = s.cases[0];
    CHECK(c.name == "red, size 3, found");
    CHECK(c.region.line == 2);
    CHECK(c.region.column == 5);
    CHECK(c.script.value == "shop");
    CHECK(c.script.region.line == 3);
    CHECK(c.locale == "es");
    REQUIRE(c.prefill.size() == 2);
    CHECK(c.prefill[1].first.value == "happy");
    CHECK(c.prefill[1].second.value == "no");
    REQUIRE(c.done.size() == 1);
    CHECK(c.done[0].value == "bag.open");
    REQUIRE(c.start.assertions.size() == 2);
    CHECK(c.start.assertions[0].kind == Assertion::Kind::prompt);
    REQUIRE(c.turns.size() == 4);
    CHECK(c.turns[0].kind == TestTurn::Kind::reply);
    CHECK(c.turns[0].text == "red");
    CHECK(c.turns[0].region.line == 9);
    CHECK(c.turns[0].region.column == 9);
    REQUIRE(c.turns[0].expect.assertions.size() == 3);
    const Assertion& size = c.turns[0].expect.assertions[2];
    CHECK(size.kind == Assertion::Kind::slot);
    CHECK(size.key == "size");
    CHECK(size.unknown);
    CHECK(size.region.line == 10);
    CHECK(c.turns[1].kind == TestTurn::Kind::signal);
    CHECK(c.turns[1].expect.assertions.empty());
    CHECK(c.turns[2].kind == TestTurn::Kind::fill);
    CHECK(c.turns[2].slot == "found");
    CHECK(c.turns[2].text == "yes");
    const auto& a = c.turns[2].expect.assertions;
    std::vector<std::string> kinds;
    for (const auto& x : a) kinds.push_back(to_string(x.kind));
    CHECK(kinds == std::vector<std::string>{"outcome", "text", "text_contains", "not_asked", "not_asked", "actions_done",
                                            "offers", "offers", "policy", "trace", "trace"});
    CHECK(a[5].values == std::vector<std::string>{"bag.open"});
    CHECK(a[6].key == "upsell");
    CHECK(a[6].value == "0");
    CHECK(a[4].region.line == 17);
    CHECK(c.turns[3].expect.assertions[0].kind == Assertion::Kind::understood);
    CHECK(c.turns[3].expect.assertions[0].value == "false");
}

TEST_CASE("test files: the library is the file's folder, or library: relative to it") {
    CHECK(load("tests: [{name: a, script: s}]\n", "t.test.yaml").library == ".");
    CHECK(load("tests: [{name: a, script: s}]\n", "a/b/t.test.yaml").library == "a/b");
    CHECK(load("library: ..\ntests: [{name: a, script: s}]\n", "a/b/t.test.yaml").library == "a");
    CHECK(load("library: ../scripts\ntests: [{name: a, script: s}]\n", "a/tests/t.test.yaml").library == "a/scripts");
    CHECK(load("library: /opt/lib\ntests: [{name: a, script: s}]\n", "a/t.test.yaml").library == "/opt/lib");
}

TEST_CASE("case_start: a case's pre-filled facts, done actions and locale, as run_case starts it") {
    TestSuite suite = load(R"(tests:
  - name: a
    script: shop
    locale: es
    prefill: {note: hello, happy: "no"}
    done: [bag.open, bag.closed]
)", "t.test.yaml");
    REQUIRE(suite.cases.size() == 1);
    CaseStart start = case_start(suite.cases[0]);
    REQUIRE(start.prefill.size() == 2);
    CHECK(start.prefill[0].first == "note");
    CHECK(start.prefill[0].second.as_text() == "hello");
    CHECK(start.prefill[1].first == "happy");
    CHECK(start.prefill[1].second.as_text() == "no");  // read as a reply would be, by the slot's type
    CHECK(start.done == std::vector<std::string>{"bag.open", "bag.closed"});
    CHECK(start.options.locale == "es");
    CHECK_FALSE(start.options.record_path);
    CHECK(start.options.trace_capacity == parley::default_trace_capacity);
}

TEST_CASE("test files: is_test_file") {
    CHECK(is_test_file("scripts/a.test.yaml"));
    CHECK(is_test_file("a.test.yml"));
    CHECK_FALSE(is_test_file("a.yaml"));
    CHECK_FALSE(is_test_file(".test.yaml"));
    CHECK_FALSE(is_test_file("test.yaml"));
}

TEST_CASE("test files: load_tests reads a file, and says when it can't") {
    fs::path dir = fs::temp_directory_path() / "parley-test-suite-load";
    fs::create_directories(dir);
    std::ofstream(dir / "a.test.yaml") << "tests:\n  - name: one\n    script: shop\n";
    auto ok = load_tests((dir / "a.test.yaml").string());
    REQUIRE(ok.has_value());
    CHECK(ok->cases.size() == 1);
    CHECK(ok->library == dir.string());

    auto missing = load_tests((dir / "none.test.yaml").string());
    REQUIRE_FALSE(missing.has_value());
    CHECK(summary(missing.diagnostics()) == "0:0 io-error");
    auto directory = load_tests(dir.string());
    REQUIRE_FALSE(directory.has_value());
    CHECK(summary(directory.diagnostics()) == "0:0 io-error");
    fs::remove_all(dir);
}

TEST_CASE("test file diagnostics: yaml-syntax") {
    auto ds = diagnose("tests:\n  - name: [unclosed\n");
    CHECK(summary(ds).find("yaml-syntax") != std::string::npos);
    CHECK(ds[0].region.file == "t.test.yaml");
    CHECK(ds[0].region.line > 0);
}

TEST_CASE("test file diagnostics: test-wrong-type for the shape of the file") {
    CHECK(summary(diagnose("")) == "1:1 test-wrong-type");
    CHECK(summary(diagnose("- a\n- b\n")) == "1:1 test-wrong-type");
    CHECK(summary(diagnose("tests: 3\n")) == "1:8 test-wrong-type");
    CHECK(summary(diagnose("tests:\n  - just a name\n")) == "2:5 test-wrong-type");
    CHECK(summary(diagnose("tests:\n  - name: a\n    script: s\n    turns: {reply: x}\n")) == "4:12 test-wrong-type");
    CHECK(summary(diagnose("tests:\n  - name: a\n    script: s\n    turns:\n      - hello\n")) == "5:9 test-wrong-type");
    CHECK(summary(diagnose("tests:\n  - name: a\n    script: s\n    prefill: [a, b]\n")) == "4:14 test-wrong-type");
    CHECK(summary(diagnose("tests:\n  - name: [a]\n    script: s\n")) == "2:11 test-wrong-type; 2:5 test-missing-key");
    CHECK(summary(diagnose("tests:\n  - name: ''\n    script: s\n")) == "2:11 test-wrong-type; 2:5 test-missing-key");
    CHECK(summary(diagnose("library: ''\ntests: [{name: a, script: s}]\n")) == "1:10 test-wrong-type");
}

TEST_CASE("test file diagnostics: test-wrong-type for values the format does not allow") {
    auto one = [](const std::string& turn) {
        return summary(diagnose("tests:\n  - name: a\n    script: s\n    turns:\n      - " + turn + "\n"));
    };
    CHECK(one("{reply: x, expect: {outcome: finished}}") == "5:38 test-wrong-type");
    auto ds = diagnose("tests:\n  - name: a\n    script: s\n    turns:\n      - {reply: x, expect: {outcome: resolve}}\n");
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].notes == std::vector<std::string>{"did you mean 'resolved'?"});
    CHECK(one("{reply: x, expect: {offers: {retention: two}}}") == "5:49 test-wrong-type");
    CHECK(one("{reply: x, expect: {offers: {retention: -1}}}") == "5:49 test-wrong-type");
    CHECK(one("{reply: x, expect: {offers: {retension: 1}}}") == "5:38 test-wrong-type");
    CHECK(one("{reply: x, expect: {policy: honour_cancellation}}") == "5:37 test-wrong-type");
    CHECK(one("{reply: x, expect: {understood: maybe}}") == "5:41 test-wrong-type");
    CHECK(one("{reply: x, expect: {prompt: ''}}") == "5:37 test-wrong-type");
    CHECK(one("{reply: x, expect: {prompt: [a, b]}}") == "5:37 test-wrong-type");
    CHECK(one("{reply: x, expect: {actions_done: }}") == "5:29 test-wrong-type");
    CHECK(one("{reply: x, expect: [prompt]}") == "5:28 test-wrong-type");
    CHECK(one("{signal: ''}") == "5:18 test-wrong-type");
    CHECK(one("{reply: }") == "5:10 test-wrong-type");
    CHECK(one("{fill: {a: 1, b: 2}}") == "5:23 test-wrong-type");
    CHECK(one("{fill: {}}") == "5:10 test-wrong-type");
    CHECK(one("{fill: x}") == "5:16 test-wrong-type");
}

TEST_CASE("test file diagnostics: test-unknown-key at every level, with did-you-mean") {
    auto ds = diagnose("test:\n  - name: a\n");
    REQUIRE(ds.size() == 2);
    CHECK(summary(ds) == "1:1 test-unknown-key; 1:1 test-missing-key");
    CHECK(ds[0].notes == std::vector<std::string>{"did you mean 'tests'?"});
    CHECK(ds[0].message == "unknown key 'test' in a test file");

    ds = diagnose("tests:\n  - name: a\n    scirpt: s\n");
    CHECK(summary(ds) == "3:5 test-unknown-key; 2:5 test-missing-key");
    CHECK(ds[0].notes == std::vector<std::string>{"did you mean 'script'?"});

    ds = diagnose("tests:\n  - name: a\n    script: s\n    turns:\n      - reply: x\n        expects: {}\n");
    CHECK(summary(ds) == "6:9 test-unknown-key");
    CHECK(ds[0].notes == std::vector<std::string>{"did you mean 'expect'?"});

    ds = diagnose("tests:\n  - name: a\n    script: s\n    turns:\n      - reply: x\n        expect: {promt: q}\n");
    CHECK(summary(ds) == "6:18 test-unknown-key");
    CHECK(ds[0].notes == std::vector<std::string>{"did you mean 'prompt'?"});
    CHECK(ds[0].message == "unknown key 'promt' in expect");

    ds = diagnose("tests:\n  - name: a\n    script: s\n    start: {slot: {a: 1}}\n");
    CHECK(summary(ds) == "4:13 test-unknown-key");
    CHECK(ds[0].notes == std::vector<std::string>{"did you mean 'slots'?"});
}

TEST_CASE("test file diagnostics: test-duplicate-key") {
    CHECK(summary(diagnose("tests:\n  - name: a\n    script: s\n    script: t\n")) == "4:5 test-duplicate-key");
    CHECK(summary(diagnose("tests:\n  - name: a\n    script: s\n    prefill: {x: 1, x: 2}\n")) == "4:21 test-duplicate-key");
    CHECK(summary(diagnose("tests:\n  - name: a\n    script: s\n    start: {slots: {x: 1, x: 2}}\n")) ==
          "4:27 test-duplicate-key");
}

TEST_CASE("test file diagnostics: test-missing-key") {
    CHECK(summary(diagnose("library: .\n")) == "1:1 test-missing-key");
    CHECK(summary(diagnose("tests: []\n")) == "1:8 test-missing-key");
    CHECK(summary(diagnose("tests:\n")) == "1:1 test-missing-key");
    auto ds = diagnose("tests:\n  - script: s\n");
    CHECK(summary(ds) == "2:5 test-missing-key");
    CHECK(ds[0].message == "this test has no 'name'");
    ds = diagnose("tests:\n  - name: a\n    turns: []\n");
    CHECK(summary(ds) == "2:5 test-missing-key");
    CHECK(ds[0].message == "test 'a' has no 'script' to run");
    ds = diagnose("tests:\n  - name: a\n    script: s\n    turns:\n      - expect: {prompt: q}\n");
    CHECK(summary(ds) == "5:9 test-missing-key");
}

TEST_CASE("test file diagnostics: test-conflicting-keys, test-duplicate-name, test-misplaced-key") {
    auto ds = diagnose("tests:\n  - name: a\n    script: s\n    turns:\n      - {reply: x, signal: cancel}\n");
    CHECK(summary(ds) == "5:20 test-conflicting-keys");
    CHECK(ds[0].message == "a turn has one step, but this one has both 'reply' and 'signal'");

    ds = diagnose("tests:\n  - name: same\n    script: s\n  - name: other\n    script: s\n  - name: same\n    script: s\n");
    CHECK(summary(ds) == "6:5 test-duplicate-name");
    CHECK(ds[0].notes == std::vector<std::string>{"the first is at line 2"});

    CHECK(summary(diagnose("tests:\n  - name: a\n    script: s\n    start: {understood: true}\n")) == "4:13 test-misplaced-key");
    CHECK(summary(diagnose("tests:\n  - name: a\n    script: s\n    turns:\n      - {signal: cancel, expect: {understood: true}}\n")) ==
          "5:47 test-misplaced-key");
}

TEST_CASE("test file diagnostics: every problem is reported, not only the first") {
    auto ds = diagnose(R"(tests:
  - name: a
    scrpt: s
  - name: b
    script: s
    turns:
      - {reply: x, expect: {outcome: nope, offers: {upsell: many}}}
      - {}
)");
    CHECK(summary(ds) == "3:5 test-unknown-key; 2:5 test-missing-key; 7:38 test-wrong-type; 7:61 test-wrong-type; 8:9 test-missing-key");
    for (const auto& d : ds) CHECK(d.region.file == "t.test.yaml");
}

// ================================================================================================
// running: each assertion, passing and failing

TEST_CASE("run_case: a passing case records its transcript, path, outcome and turns") {
    CaseResult r = run_one(R"(tests:
  - name: red, size 3, found
    script: shop
    start: {prompt: colour_q}
    turns:
      - {reply: red, expect: {prompt: size_q}}
      - {reply: "3", expect: {prompt: stock}}
      - {fill: {found: "yes"}, expect: {prompt: pack}}
      - {reply: ok, expect: {prompt: extra}}
      - {reply: "no", expect: {outcome: resolved}}
)");
    INFO(failures(r));
    CHECK(r.passed());
    CHECK(r.failed_turn == -1);
    CHECK(r.name == "red, size 3, found");
    CHECK(r.outcome == parley::Outcome::resolved);
    CHECK(r.turns == 4);  // a fill is not a customer turn
    CHECK(transcript(r) == "agent [ask shop.colour_q]: Which colour?\n"
                           "customer: red\n"
                           "agent [ask shop.size_q]: Which size?\n"
                           "customer: 3\n"
                           "host lookup [lookup shop.stock]: stock.check -> found\n"
                           "host: found = yes\n"
                           "agent [instruct shop.pack]: Please hold the bag open.\n"
                           "customer: ok\n"
                           "agent [offer shop.extra]: Would you like gift wrapping?\n"
                           "customer: no\n"
                           "agent: Thank you for shopping with us.\n"
                           "agent [end: resolved, shop.done_end]: Your order is on its way.\n");
    REQUIRE_FALSE(r.path.empty());
    CHECK(r.path.front().node == "colour_q");
    CHECK(r.path.front().branch == -1);
    CHECK(r.path[1].node == "colour_q");
    CHECK(r.path[1].branch == 0);
    CHECK(r.path.back().node == "done_end");
}

TEST_CASE("run_case: prompt, by node or SCRIPT.NODE; a wrong one names what was asked, with did-you-mean") {
    CHECK(run_one("tests: [{name: a, script: shop, start: {prompt: shop.colour_q}}]\n").passed());
    CaseResult r = run_one(R"(tests:
  - name: a
    script: shop
    turns:
      - reply: blue
        expect: {prompt: size_q}
      - reply: "no"
)");
    CHECK(r.failed_turn == 1);
    CHECK(r.step == "reply \"blue\"");
    CHECK(r.step_region.line == 5);
    CHECK(failures(r) == "6:26 prompt | expected size_q | actual lookup 'shop.stock' for slot found\n");
    CHECK(transcript(r) == "agent [ask shop.colour_q]: Which colour?\ncustomer: blue\nhost lookup [lookup shop.stock]: stock.check -> found\n");

    r = run_one("tests: [{name: a, script: shop, start: {prompt: colour}}]\n");
    CHECK(r.failed_turn == 0);
    CHECK(r.step == "start");
    CHECK(failures(r) == "1:49 prompt | expected colour | actual ask 'shop.colour_q' for slot colour | note there is no node 'colour' in the "
                         "library; did you mean 'colour_q'?\n");
    r = run_one("tests: [{name: a, script: shop, start: {prompt: colour_g}}]\n");
    CHECK(failures(r).find("note there is no node 'colour_g' in the library; did you mean 'colour_q'?") != std::string::npos);
}

TEST_CASE("run_case: text (exact) and text_contains, of a prompt or the closing text") {
    const char* pass = R"(tests:
  - name: a
    script: shop
    start: {text: "Which colour?", text_contains: colour}
    turns:
      - {reply: blue}
      - {fill: {found: "no"}, expect: {text: That is out of stock., text_contains: stock}}
)";
    CHECK(run_one(pass).passed());
    CaseResult r = run_one("tests: [{name: a, script: shop, start: {text: Which colour, text_contains: size}}]\n");
    CHECK(failures(r) == "1:47 text | expected \"Which colour\" | actual \"Which colour?\" (ask 'shop.colour_q' for slot colour)\n"
                         "1:76 text_contains | expected the prompt's text contains \"size\" | actual \"Which colour?\" (ask "
                         "'shop.colour_q' for slot colour)\n");
}

TEST_CASE("run_case: said looks at this turn's messages and the prompt") {
    const char* yaml = R"(tests:
  - name: a
    script: shop
    prefill: {colour: blue, found: "yes"}
    turns:
      - {reply: ok, expect: {prompt: extra}}
      - {reply: "no", expect: {said: Thank you for shopping, outcome: resolved}}
)";
    CHECK(run_one(yaml).passed());
    CaseResult r = run_one(R"(tests:
  - name: a
    script: shop
    prefill: {colour: blue, found: "yes"}
    turns:
      - {reply: ok}
      - {reply: "no", expect: {said: goodbye}}
)");
    CHECK(failures(r) == "7:38 said | expected a message or the prompt contains \"goodbye\" | actual \"Thank you for shopping "
                         "with us.\"; \"Your order is on its way.\" (end 'shop.done_end' with outcome resolved)\n");
}

TEST_CASE("run_case: understood, and a reply not understood without it fails the case") {
    const char* pass = R"(tests:
  - name: a
    script: shop
    turns:
      - {reply: green, expect: {understood: false, prompt: colour_q}}
      - {reply: red, expect: {understood: true, prompt: size_q}}
      - {reply: "99", expect: {understood: false, prompt: stock}}
)";
    CaseResult ok = run_one(pass);
    INFO(failures(ok));
    CHECK(ok.passed());

    CaseResult r = run_one("tests: [{name: a, script: shop, turns: [{reply: green}]}]\n");
    CHECK(r.failed_turn == 1);
    CHECK(failures(r) == "1:42 reply | expected the reply is understood | actual not understood by ask 'shop.colour_q' for slot colour | note "
                         "to test a reply that is not understood, add 'understood: false' to the turn's expect\n");
    CHECK(transcript(r) == "agent [ask shop.colour_q]: Which colour?\ncustomer: green  (not understood)\n"
                           "agent [ask shop.colour_q, attempt 2]: Please answer with one of: red, blue. Which colour?\n");

    r = run_one("tests: [{name: a, script: shop, turns: [{reply: red, expect: {understood: false}}]}]\n");
    CHECK(failures(r) == "1:75 understood | expected the reply is not understood | actual understood\n");
}

TEST_CASE("run_case: not_asked, by node or slot; a name that is neither fails") {
    const char* pass = R"(tests:
  - name: a
    script: shop
    turns:
      - {reply: blue, expect: {not_asked: [size_q, size, shop.size_q, pack, bag.open_is_no_slot_but]}}
)";
    CaseResult r = run_one(pass);
    CHECK(failures(r) == "5:77 not_asked | expected bag.open_is_no_slot_but never asked | actual no such node or slot | "
                         "note there is no node or slot 'bag.open_is_no_slot_but' in the library\n");
    CHECK(run_one("tests: [{name: a, script: shop, turns: [{reply: blue, expect: {not_asked: [size_q, size, pack, happy]}}]}]\n")
              .passed());
    r = run_one("tests: [{name: a, script: shop, turns: [{reply: red, expect: {not_asked: [colour]}}]}]\n");
    CHECK(failures(r) == "1:75 not_asked | expected colour never asked | actual asked at shop.colour_q (slot colour), after "
                         "customer turn 0\n");
    r = run_one("tests: [{name: a, script: shop, turns: [{reply: red, expect: {not_asked: size_q}}]}]\n");
    CHECK(failures(r) == "1:74 not_asked | expected size_q never asked | actual asked at shop.size_q (slot size), after "
                         "customer turn 1\n");
}

TEST_CASE("run_case: slots, by value or ~ for unknown") {
    const char* pass = R"(tests:
  - name: a
    script: shop
    prefill: {note: "hello there"}
    turns:
      - reply: red
      - reply: "3"
        expect: {slots: {colour: red, size: 3.0, found: ~, note: hello there}}
      - fill: {found: "yes"}
        expect: {slots: {found: true}}
      - reply: ok
      - reply: "no"
        expect: {slots: {happy: "no"}}
)";
    CaseResult ok = run_one(pass);
    INFO(failures(ok));
    CHECK(ok.passed());
    CaseResult r = run_one(R"(tests:
  - name: a
    script: shop
    turns:
      - reply: red
        expect: {slots: {colour: blue, size: 3, colour_x: red, happy: ~}}
)");
    CHECK(failures(r) == "6:26 slots: colour | expected blue | actual red | note colour = red: answered at turn 1 to "
                         "'colour_q' in script shop\n"
                         "6:40 slots: size | expected 3 | actual not known\n"
                         "6:49 slots: colour_x | expected red | actual no such slot | note there is no node or slot "
                         "'colour_x' in the library; did you mean 'colour_q'?\n");
    r = run_one("tests: [{name: a, script: shop, turns: [{reply: red, expect: {slots: {colour: ~}}}]}]\n");
    CHECK(failures(r) == "1:71 slots: colour | expected unknown | actual red | note colour = red: answered at turn 1 to "
                         "'colour_q' in script shop\n");
}

TEST_CASE("run_case: an expected slot value is read the way the engine reads a reply to that slot") {
    // The shop's conversation up to the offer, declined with "nope"; then `slots:` with `expect`.
    auto run_with = [](const std::string& expect) {
        return run_one("tests:\n  - name: a\n    script: shop\n    turns:\n      - reply: red\n      - reply: \"3\"\n"
                       "      - fill: {found: \"yes\"}\n      - reply: ok\n      - reply: nope\n"
                       "        expect: {slots: " + expect + "}\n");
    };
    for (const char* no : {"false", "\"no\"", "nope", "n", "No", "negative"}) {
        CaseResult r = run_with(std::string("{happy: ") + no + "}");
        INFO(no << "\n" << failures(r));
        CHECK(r.passed());
    }
    for (const char* yes : {"true", "\"yes\"", "yeah", "maybe"}) {
        CaseResult r = run_with(std::string("{happy: ") + yes + "}");
        INFO(yes);
        CHECK(failures(r) == std::string("10:26 slots: happy | expected ") + (yes[0] == '"' ? "yes" : yes) +
                                 " | actual false | note happy = false: answered at turn 4 to 'extra' in script shop\n");
    }
    CHECK(run_with("{found: Yes, colour: RED, size: \"+3\"}").passed());
    CHECK(run_with("{colour: 1, size: 3.0, note: ~}").passed());  // a choice by its number, as a keypad sends it
    CHECK_FALSE(run_with("{colour: blue}").passed());
    CHECK_FALSE(run_with("{size: 4}").passed());
}

TEST_CASE("run_case: actions_done is the whole set, in any order") {
    const char* yaml = R"(tests:
  - name: a
    script: shop
    prefill: {colour: blue, found: "yes"}
    done: [bag.open]
    start: {actions_done: [bag.open], prompt: extra}
)";
    CHECK(run_one(yaml).passed());
    CaseResult r = run_one("tests: [{name: a, script: shop, start: {actions_done: [bag.open]}}]\n");
    CHECK(failures(r) == "1:41 actions_done | expected [bag.open] | actual []\n");
    r = run_one("tests: [{name: a, script: shop, done: [bag.open], start: {actions_done: []}}]\n");
    CHECK(failures(r) == "1:59 actions_done | expected [] | actual [bag.open]\n");
}

TEST_CASE("run_case: offers, counted by kind") {
    const char* yaml = R"(tests:
  - name: a
    script: shop
    prefill: {colour: blue, found: "yes"}
    start: {offers: {upsell: 0}}
    turns:
      - {reply: ok, expect: {offers: {upsell: 1, retention: 0}}}
)";
    CHECK(run_one(yaml).passed());
    CaseResult r = run_one(R"(tests:
  - name: a
    script: shop
    prefill: {colour: blue, found: "yes"}
    turns:
      - {reply: ok, expect: {offers: {upsell: 2, retention: 1}}}
)");
    CHECK(failures(r) == "6:39 offers: upsell | expected 2 upsell offer(s) | actual 1: shop.extra\n"
                         "6:50 offers: retention | expected 1 retention offer(s) | actual 0\n");
}

TEST_CASE("run_case: policy and trace") {
    const char* yaml = R"(tests:
  - name: a
    script: shop
    turns:
      - signal: supervisor
        expect:
          outcome: escalated
          policy: escalate_on_request
          trace: [the customer asked for a person, "signalled 'supervisor'"]
)";
    CaseResult ok = run_one(yaml);
    INFO(failures(ok));
    CHECK(ok.passed());
    CaseResult r = run_one(R"(tests:
  - name: a
    script: shop
    turns:
      - signal: supervisor
        expect: {policy: honor_cancellation, trace: cancel}
)");
    CHECK(failures(r).find("6:26 policy | expected honor_cancellation changed the conversation's course | actual only "
                           "escalate_on_request did\n"
                           "6:53 trace | expected a trace entry contains \"cancel\" | actual none does | note trace: ") == 0);
    r = run_one("tests: [{name: a, script: shop, start: {policy: max_turns}}]\n");
    CHECK(failures(r) == "1:49 policy | expected max_turns changed the conversation's course | actual no policy did\n");
}

TEST_CASE("run_case: outcome") {
    CaseResult r = run_one("tests: [{name: a, script: shop, start: {outcome: resolved}}]\n");
    CHECK(failures(r) == "1:50 outcome | expected resolved | actual the conversation goes on: ask 'shop.colour_q' for slot colour\n");
    r = run_one("tests: [{name: a, script: shop, turns: [{reply: blue}, {fill: {found: 'no'}, expect: {outcome: resolved}}]}]\n");
    CHECK(failures(r) == "1:96 outcome | expected resolved | actual unresolved at shop.sorry\n");
}

TEST_CASE("run_case: steps that can't be taken fail the case at the step") {
    CaseResult r = run_one("tests: [{name: a, script: shop, turns: [{signal: dance}]}]\n");
    CHECK(failures(r) == "1:42 signal | expected an event the library knows | actual unknown event 'dance' | note built in: "
                         "cancel, supervisor, agent, repeat; others are declared in policies.yaml\n");
    r = run_one("tests: [{name: a, script: shop, turns: [{fill: {colour: purple}}]}]\n");
    CHECK(failures(r).find("1:42 fill | expected the value is taken | actual 'purple' does not fit slot 'colour'") == 0);
    r = run_one("tests: [{name: a, script: shop, turns: [{fill: {colours: red}}]}]\n");
    CHECK(failures(r).find("[unknown-slot]") != std::string::npos);
    r = run_one("tests: [{name: a, script: shop, turns: [{signal: agent}, {reply: hello}]}]\n");
    CHECK(r.failed_turn == 2);
    CHECK(failures(r) == "1:59 reply | expected a prompt awaiting a reply | actual the conversation has ended (escalated)\n");
    CHECK(transcript(r).find("customer: hello\n") != std::string::npos);
}

TEST_CASE("run_case: a start the library refuses points at the script, prefill or done entry") {
    CaseResult r = run_one("tests: [{name: a, script: shops}]\n");
    CHECK(r.failed_turn == 0);
    CHECK(failures(r) == "1:27 start | expected the session starts | actual no script 'shops' in the library [unknown-script] "
                         "| note did you mean 'shop'?\n");
    r = run_one(R"(tests:
  - name: a
    script: shop
    prefill: {colour: red, sizes: 3}
    done: [bag.close]
)");
    CHECK(failures(r) == "4:28 start | expected the session starts | actual pre-filled slot 'sizes' is not declared in the "
                         "library [unknown-slot] | note did you mean 'size'?\n"
                         "5:12 start | expected the session starts | actual action 'bag.close' is not an action of any "
                         "script in the library [unknown-action]\n");
    CHECK(r.transcript.empty());
    CHECK(r.path.empty());
}

TEST_CASE("run_case: stops at the first failing turn, and reports every failed assertion of it") {
    CaseResult r = run_one(R"(tests:
  - name: a
    script: shop
    turns:
      - {reply: red, expect: {prompt: size_q}}
      - {reply: "4", expect: {prompt: pack, outcome: resolved, slots: {size: 4}}}
      - {reply: never reached}
)");
    CHECK(r.failed_turn == 2);
    CHECK(r.step == "reply \"4\"");
    CHECK(failures(r) == "6:39 prompt | expected pack | actual lookup 'shop.stock' for slot found\n"
                         "6:54 outcome | expected resolved | actual the conversation goes on: lookup 'shop.stock' for slot found\n");
    CHECK(r.turns == 2);
    CHECK(transcript(r).find("never reached") == std::string::npos);
}

TEST_CASE("run_case: locale") {
    const char* lib_text = R"(script: hola
version: 1
start: hi
nodes:
  hi:
    end: resolved
    say: {en: Hello, es: Hola}
)";
    auto lib = parley::Library::parse(lib_text, "hola.yaml").value();
    TestSuite s = load("tests:\n  - {name: es, script: hola, locale: es, start: {text: Hola}}\n  - {name: en, script: hola, "
                       "start: {text: Hello}}\n");
    for (const auto& c : s.cases) CHECK(run_case(lib, c).passed());
}

// ================================================================================================
// the shipped suites and the documentation

TEST_CASE("the shipped test files load, and together use every assertion and every kind of step") {
    const fs::path dir = fs::path(PARLEY_SOURCE_DIR) / "scripts";
    std::set<std::string> used;
    int files = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (!is_test_file(entry.path().string())) continue;
        ++files;
        auto suite = load_tests(entry.path().string());
        INFO(all(suite.diagnostics()));
        REQUIRE(suite.has_value());
        CHECK(suite->library == dir.string());
        for (const auto& c : suite->cases) {
            for (const auto& a : c.start.assertions) used.insert(to_string(a.kind));
            if (!c.locale.empty()) used.insert("locale");
            if (!c.prefill.empty()) used.insert("prefill");
            if (!c.done.empty()) used.insert("done");
            if (!c.start.assertions.empty()) used.insert("start");
            for (const auto& t : c.turns) {
                used.insert(std::string("step ") + to_string(t.kind));
                for (const auto& a : t.expect.assertions) {
                    used.insert(to_string(a.kind));
                    if (a.unknown) used.insert("slots ~");
                }
            }
        }
    }
    CHECK(files >= 4);
    for (const char* what : {"prompt", "text", "text_contains", "said", "understood", "not_asked", "slots", "slots ~",
                             "actions_done", "actions_failed", "offers", "policy", "trace", "outcome", "locale", "prefill", "done", "start",
                             "step reply", "step signal", "step fill"}) {
        INFO(what);
        CHECK(used.count(what) == 1);
    }
}

namespace {
// ```yaml-test blocks of a Markdown file, with the line of their fence.
std::vector<std::pair<int, std::string>> test_blocks(const fs::path& file) {
    std::ifstream in(file);
    std::vector<std::pair<int, std::string>> out;
    std::string line, block;
    int number = 0, start = 0;
    bool inside = false;
    while (std::getline(in, line)) {
        ++number;
        if (!inside && line.rfind("```yaml-test", 0) == 0) {
            inside = true;
            start = number;
            block.clear();
        } else if (inside && line.rfind("```", 0) == 0) {
            inside = false;
            out.emplace_back(start, block);
        } else if (inside) {
            block += line + "\n";
        }
    }
    return out;
}
}  // namespace

TEST_CASE("docs/testing.md: every yaml-test block loads and passes against the shipped scripts") {
    const fs::path doc = fs::path(PARLEY_SOURCE_DIR) / "docs" / "testing.md";
    auto blocks = test_blocks(doc);
    CHECK(blocks.size() >= 3);
    const parley::Library lib = parley::Library::load(PARLEY_SOURCE_DIR "/scripts").value();
    for (const auto& [line, text] : blocks) {
        INFO("the ```yaml-test block at docs/testing.md line " << line);
        // Blocks that show a mistake on purpose say so in their first line.
        bool failing = text.rfind("# fails", 0) == 0;
        auto suite = parse_tests(text, "docs/testing.md#" + std::to_string(line));
        INFO(all(suite.diagnostics()));
        REQUIRE(suite.has_value());
        for (const auto& c : suite->cases) {
            CaseResult r = run_case(lib, c);
            INFO(c.name << "\n" << failures(r) << transcript(r));
            CHECK(r.passed() != failing);
        }
    }
}

TEST_CASE("test files: every prefix of a shipped test file loads or explains why, and runs without throwing") {
    const parley::Library lib = parley::Library::load(PARLEY_SOURCE_DIR "/scripts").value();
    std::ifstream in(fs::path(PARLEY_SOURCE_DIR) / "scripts" / "cancel_service.test.yaml");
    std::ostringstream text;
    text << in.rdbuf();
    const std::string full = text.str();
    int loaded = 0;
    for (std::size_t n = 0; n <= full.size(); n += 7) {
        auto r = parse_tests(full.substr(0, n), "prefix.test.yaml");
        if (!r.has_value()) {
            CHECK_FALSE(r.diagnostics().empty());
            for (const auto& d : r.diagnostics()) CHECK(d.region.file == "prefix.test.yaml");
            continue;
        }
        ++loaded;
        for (const auto& c : r->cases) CHECK_NOTHROW(run_case(lib, c));
    }
    CHECK(loaded > 10);
}
