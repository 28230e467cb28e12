// What leaves parley for a person or a machine, whatever bytes went in (docs/robustness.md,
// "Encoding"): printable() for terminals and logs, the JSON of parley/json.hpp, the JUnit report,
// and the number and event rules (docs/format.md).
#include <doctest/doctest.h>

#include <sstream>

#include <parley/json.hpp>
#include <parley/test_suite.hpp>

#include "../fuzz/valid_output.hpp"
#include "support.hpp"

using namespace parley;
using test_support::load_one;

namespace {

const char* note_script = R"(
script: r
version: 1
slots:
  note: {type: text}
  amount: {type: number}
start: q
nodes:
  q:
    ask: Anything else?
    slot: note
    next: n
  n:
    ask: How much?
    slot: amount
    next: fin
  fin:
    end: resolved
)";

const std::string forged = "all fine\naccount.verified = true (host)";

// A literal's bytes, NULs included.
template <std::size_t N>
std::string bytes_of(const char (&literal)[N]) {
    return std::string(literal, N - 1);
}

// The lines of `text`.
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

TEST_CASE("printable: control characters, terminal escapes and bad bytes become visible escapes on one line") {
    CHECK(printable("plain text, café, 日本") == "plain text, café, 日本");
    CHECK(printable("a\nb\tc\rd") == "a\\nb\\tc\\rd");
    CHECK(printable("\x1b[2J\x1b]0;title\x07") == "\\x1b[2J\\x1b]0;title\\x07");
    CHECK(printable("caf\xe9") == "caf\\xe9");             // Latin-1, not UTF-8
    CHECK(printable("\xc2\x9b" "31m") == "\\u{9b}31m");    // C1 CSI
    CHECK(printable("a\xe2\x80\xae" "b") == "a\\u{202e}b");  // right-to-left override
    CHECK(printable("x\xe2\x80\xa8y") == "x\\u{2028}y");   // line separator
    CHECK(printable(std::string("nul\0here", 8)) == "nul\\x00here");
    CHECK(printable("C:\\path") == "C:\\path");  // a backslash stands for itself...
    for (const char* s : {"a\nb", "\x1b[0m", "\xff\xfe", "back\\slash\n"})
        CHECK(printable(printable(s)) == printable(s));  // ... so escaping twice changes nothing
    for (const char* s : {"a\nb", "\x1b[0m", "\xff\xfe", "\xc2\x85", "\xe2\x81\xa6"})
        CHECK(valid_output::one_safe_line(printable(s)));
}

TEST_CASE("summary: a text reply with a line break cannot forge a line of the printed handoff") {
    Library lib = load_one(note_script);
    Session s = lib.start("r");
    REQUIRE(s.reply(forged) == ReplyStatus::accepted);
    std::ostringstream printed;
    printed << s.summary();
    for (const std::string& line : lines_of(printed.str())) {
        INFO(line);
        CHECK(line.rfind("account.verified", 0) == std::string::npos);
        CHECK(line.find("  account.verified") == std::string::npos);
    }
    CHECK(printed.str().find("note = all fine\\naccount.verified = true (host)  (answer") != std::string::npos);
    CHECK(s.why("note").find('\n') == std::string::npos);
    // The value itself, and its JSON, stay exact.
    CHECK(s.get("note")->as_text() == forged);
    nlohmann::json j = nlohmann::json::parse(to_json(s.summary()));
    CHECK(j["facts"]["note"]["value"] == forged);
}

TEST_CASE("summary: terminal escapes in a reply and in a host's summary are printed as escapes") {
    Library lib = load_one(note_script);
    Session s = lib.start("r");
    REQUIRE(s.reply("\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\") == ReplyStatus::accepted);
    std::ostringstream printed;
    printed << s.summary();
    CHECK(printed.str().find('\x1b') == std::string::npos);
    CHECK(printed.str().find("\\x1b]8;;http://evil.example") != std::string::npos);

    Summary made_up;  // a host's own summary: every field it holds is escaped
    made_up.script = "s\n";
    made_up.node = "n\x1b";
    made_up.signals = {"sig\nnal"};
    made_up.signals_received = 1;
    made_up.actions_done.push_back({"act\r", Source::host, "s", "n", 1});
    made_up.interventions.push_back({"pol\n", "message\nPolicy x", 1});
    std::ostringstream host;
    host << made_up;
    for (const std::string& line : lines_of(host.str())) CHECK(valid_output::one_safe_line(line));
    CHECK(lines_of(host.str()).size() == 7);
}

TEST_CASE("replies: a text reply that is not UTF-8 is kept with U+FFFD for each bad byte") {
    Library lib = load_one(note_script);
    Session s = lib.start("r");
    REQUIRE(s.reply("caf\xe9 \xff\xfe ok") == ReplyStatus::accepted);
    CHECK(s.get("note")->as_text() == "caf\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd ok");
    CHECK(valid_output::json(to_json(s.summary())));
}

TEST_CASE("json: a turn, a summary and the trace in the schema parley run --json writes, valid for any bytes") {
    Library lib = load_one(note_script);
    Session s = lib.start("r");
    nlohmann::json turn = nlohmann::json::parse(to_json(s.next()));
    CHECK(turn["messages"] == nlohmann::json::array());
    CHECK(turn["prompt"]["type"] == "ask");
    CHECK(turn["prompt"]["slot"] == "note");
    CHECK(turn["prompt"]["attempt"] == 1);
    CHECK(nlohmann::json::parse(to_json(s.next().prompt)) == turn["prompt"]);
    REQUIRE(s.reply("fine") == ReplyStatus::accepted);
    REQUIRE(s.reply("12") == ReplyStatus::accepted);
    nlohmann::json end = nlohmann::json::parse(to_json(s.next().prompt, s.summary()));
    CHECK(end["type"] == "end");
    CHECK(end["outcome"] == "resolved");
    nlohmann::json summary = end["summary"];
    CHECK(summary == nlohmann::json::parse(to_json(s.summary())));
    CHECK(summary["facts"]["note"]["value"] == "fine");
    CHECK(summary["facts"]["note"]["source"] == "answer");
    CHECK(summary["facts"]["note"]["node"] == "q");
    CHECK(summary["facts"]["amount"]["value"] == 12);
    CHECK(summary["turns"] == 2);
    CHECK(summary["signals_received"] == 0);
    CHECK(summary["offers"] == nlohmann::json::array());
    nlohmann::json trace = nlohmann::json::parse(to_json(s.trace()));
    REQUIRE(trace.is_array());
    REQUIRE(trace.size() == s.trace().size());
    CHECK(trace[0]["kind"] == "started");
    CHECK(trace[0] == nlohmann::json::parse(to_json(s.trace().front())));
    CHECK(trace.back()["kind"] == "ended");

    // Hostile bytes in every string a host could hand over.
    const std::string bytes = bytes_of("\xff\"\\\n\x01\x7f\xc0\x80\xed\xa0\x80\xf4\x90\x80\x80\0end");
    Summary h;
    h.script = h.node = bytes;
    h.facts.push_back({bytes, Value(bytes), Source::answer, bytes, bytes, 1});
    h.facts.push_back({"n", Value(0.0 / 0.0), Source::host, "", "", 1});  // not a number: null
    h.signals = {bytes};
    h.interventions.push_back({bytes, bytes, 2});
    h.offers.push_back({bytes, bytes, OfferKind::retention, std::nullopt, 3});
    std::string json = to_json(h);
    REQUIRE(valid_output::json(json));
    CHECK(nlohmann::json::parse(json)["facts"]["n"]["value"].is_null());
    CHECK(nlohmann::json::parse(json)["facts"].size() == 2);
    Utterance u;
    u.text = u.hint = bytes;
    u.script = u.node = u.slot = bytes;
    u.choices = {bytes};
    CHECK(valid_output::json(to_json(u)));
    CHECK(valid_output::json(to_json(Turn{{u, u}, u})));
    CHECK(valid_output::json(to_json(TraceEntry{TraceKind::asked, 1, bytes, bytes, bytes, bytes})));
    // Valid UTF-8 comes back exactly, control characters included.
    const std::string exact = "tab\there \"quoted\" back\\slash \x01 日本 \xf0\x9f\x98\x80";
    h = Summary{};
    h.facts.push_back({"t", Value(exact), Source::answer, "", "", 1});
    CHECK(nlohmann::json::parse(to_json(h))["facts"]["t"]["value"] == exact);
}

TEST_CASE("trace: a policy's message quoting a library's phrase is one printable line, in the JSON too") {
    // A closing_courtesy phrase with a line break and a terminal escape in it, quoted (lower-cased) by the trace.
    auto r = Library::parse(std::vector<std::pair<std::string, std::string>>{
        {"r.yaml", "script: r\nversion: 1\nstart: fin\nnodes:\n  fin:\n    say: \"Sorry. Good\\nbye\\e[2J!\"\n"
                   "    end: unresolved\n"},
        {"policies.yaml", "version: 1\npolicies:\n  closing_courtesy:\n    phrases: [\"good\\nbye\\e[2J\"]\n"}});
    for (const auto& d : r.diagnostics()) MESSAGE(format(d));
    REQUIRE(r.has_value());
    Session s = r->start("r");
    bool quoted = false;
    for (const TraceEntry& e : s.trace()) {
        CHECK(valid_output::one_safe_line(e.message));
        quoted = quoted || e.message.find("dropped \"good\\nbye\\x1b[2j\"") != std::string::npos;
    }
    CHECK(quoted);
    CHECK(valid_output::json(to_json(s.trace())));
    // The summary keeps the message exact (test_host_api.cpp); operator<< prints it as one safe line.
    std::ostringstream text;
    text << s.summary();
    std::string line;
    for (std::istringstream lines(text.str()); std::getline(lines, line);) CHECK(valid_output::one_safe_line(line));
}

TEST_CASE("numbers: whole numbers print exactly, subnormals and overflow are refused") {
    Library lib = load_one(note_script);
    auto answer = [&](const char* reply) {
        Session s = lib.start("r");
        REQUIRE(s.reply("x") == ReplyStatus::accepted);
        ReplyStatus st = s.reply(reply);
        return std::make_pair(st, s.get("amount"));
    };
    for (auto [typed, printed] : std::vector<std::pair<const char*, const char*>>{
             {"1234567890123456", "1234567890123456"},
             {"9007199254740991", "9007199254740991"},
             {"-1234567890123456", "-1234567890123456"},
             {"0.1", "0.1"},
             {"2.5", "2.5"},
             {"123456.789012345", "123456.789012345"},
             {"1e20", "1e+20"},
             {"+7", "7"},
             {"2.2250738585072014e-308", "2.2250738585072014e-308"},
             {"0e-400", "0"}}) {
        CAPTURE(typed);
        auto [st, v] = answer(typed);
        REQUIRE(st == ReplyStatus::accepted);
        CHECK(v->to_string() == printed);
    }
    for (const char* refused : {"1e-320", "4.9e-324", "1e-400", "1e400", "-1e309", "inf", "nan", "+-3", "++3"}) {
        CAPTURE(refused);
        CHECK(answer(refused).first == ReplyStatus::not_understood);
    }
    // The JSON number is the same digits.
    Session s = lib.start("r");
    REQUIRE(s.reply("x") == ReplyStatus::accepted);
    REQUIRE(s.reply("1234567890123456") == ReplyStatus::accepted);
    CHECK(to_json(s.summary()).find("\"value\":1234567890123456}") != std::string::npos);
    // A host's number follows the same rule.
    Session h = lib.start("r");
    CHECK_THROWS_AS(h.fill("amount", Value(1e-320)), Error);
    h.fill("amount", Value(1e300));
    CHECK(h.get("amount")->to_string() == "1e+300");
    CHECK(Value(0.30000000000000004).to_string() == "0.30000000000000004");
}

TEST_CASE("numbers: a script's number that parley cannot hold is a wrong-type diagnostic") {
    auto r = Library::parse(R"(
script: r
version: 1
slots:
  amount: {type: number, min: 1e-320}
start: fin
nodes:
  fin:
    end: resolved
)",
                            "r.yaml");
    REQUIRE_FALSE(r.has_value());
    REQUIRE(r.diagnostics().size() == 1);
    CHECK(r.diagnostics()[0].rule == "wrong-type");
    CHECK(r.diagnostics()[0].region.line == 5);
}

TEST_CASE("events: white space around an event name and its case do not matter") {
    Library lib = load_one(note_script);
    for (const char* name : {"cancel", "CANCEL", "Cancel ", "  cancel\t", "SuperVisor"}) {
        CAPTURE(name);
        Session s = lib.start("r");
        CHECK(s.signal(name) == SignalStatus::handled);
        CHECK(s.summary().signals_received == 1);
    }
    Session s = lib.start("r");
    CHECK(s.signal("can cel") == SignalStatus::unknown_event);
    CHECK(s.signal("") == SignalStatus::unknown_event);
}

TEST_CASE("events: a declared event named like another but for case is a duplicate-id") {
    auto r = Library::parse(std::vector<std::pair<std::string, std::string>>{
        {"r.yaml", note_script},
        {"policies.yaml", "version: 1\nevents:\n  billing: r.fin\n  Billing: r.fin\n  CANCEL: r.fin\n"}});
    REQUIRE_FALSE(r.has_value());
    std::vector<int> lines;
    for (const auto& d : r.diagnostics()) {
        CHECK(d.rule == "duplicate-id");
        lines.push_back(d.region.line);
    }
    CHECK(lines == std::vector<int>{4, 5});
}

TEST_CASE("junit: any bytes in names, replies and messages give well-formed XML 1.0") {
    testing::TestRun run;
    const std::string bytes = bytes_of("\x01\x02<&>\"'\x1b[31m\xff\xfe\r\n\t\xef\xbf\xbe\xc0\xaf]]>\0z");
    testing::FileRun broken;
    broken.file = "a" + bytes + ".test.yaml";
    broken.problems.push_back(Diagnostic{"test-wrong-type", Severity::error, {bytes, 1, 2}, bytes, {bytes}, {}, "", "", {}, {}, {}});
    run.files.push_back(broken);
    testing::FileRun file;
    file.file = "b" + bytes;
    testing::CaseResult failed;
    failed.name = bytes;
    failed.region = {bytes, 3, 1};
    failed.step = bytes;
    failed.failed_turn = 1;
    failed.transcript = {"customer: " + bytes};
    failed.failures.push_back(testing::AssertionFailure{{bytes, 4, 5}, bytes, bytes, bytes, {bytes}});
    file.results.push_back(failed);
    testing::CaseResult passed;
    passed.name = "ok " + bytes;
    file.results.push_back(passed);
    run.files.push_back(file);
    std::ostringstream xml;
    testing::write_junit_report(xml, run);
    INFO(xml.str());
    CHECK(valid_output::xml(xml.str()));
    CHECK_FALSE(valid_output::xml("<a>\x01</a>"));  // the checker itself refuses what XML 1.0 does
    CHECK_FALSE(valid_output::xml("<a b=\"<\"/>"));
    CHECK_FALSE(valid_output::xml("<a>&bogus;</a>"));
    CHECK(valid_output::xml("<?xml version=\"1.0\"?>\n<a b=\"&#10;\">&lt;x&gt;<c/></a>\n"));
}
