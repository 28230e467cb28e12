// The shipped library (scripts/) as its users meet it: the scripts it has, and that a customer served in
// Spanish hears Spanish on every path its test cases walk.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <parley/parley.hpp>
#include <parley/test_suite.hpp>

namespace {

const parley::Library& shipped() {
    static const parley::Library lib = parley::Library::load(PARLEY_SOURCE_DIR "/scripts").value();
    return lib;
}

std::vector<parley::testing::TestCase> shipped_cases() {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(PARLEY_SOURCE_DIR "/scripts"))
        if (parley::testing::is_test_file(e.path().string())) files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    std::vector<parley::testing::TestCase> cases;
    for (const std::string& file : files) {
        auto suite = parley::testing::load_tests(file);
        REQUIRE(suite.has_value());
        cases.insert(cases.end(), suite->cases.begin(), suite->cases.end());
    }
    return cases;
}

// Each utterance of the turn whose text is not in the session's language, as "script.node: text".
void fell_back(const parley::Turn& t, std::vector<std::string>& out) {
    auto check = [&](const parley::Utterance& u) {
        if (u.fell_back) out.push_back(std::string(u.script) + "." + std::string(u.node) + ": " + u.text);
    };
    for (const auto& m : t.messages) check(m);
    check(t.prompt);
}

// The case's step, whatever it leads to: the replies are the English ones, and what matters here is what
// the agent says on the way, not where the case expects to end.
void take(parley::Session& s, const parley::testing::TestTurn& step) {
    using Kind = parley::testing::TestTurn::Kind;
    if (s.ended()) return;
    if (step.kind == Kind::signal) {
        (void)s.signal(step.text);
    } else if (step.kind == Kind::fill) {
        (void)s.try_fill(step.slot, parley::Value(step.text));
    } else if (step.text == "!unknown") {
        const parley::Turn t = s.next();
        if (t.prompt.kind == parley::Utterance::Kind::lookup) (void)s.fill_unknown(t.prompt.slot);
    } else {
        (void)s.reply(step.text);
    }
}

}  // namespace

TEST_CASE("shipped library: seven scripts, each with its own test cases") {
    std::vector<std::string> scripts;
    for (std::string_view id : shipped().scripts()) scripts.emplace_back(id);
    std::sort(scripts.begin(), scripts.end());
    CHECK(scripts == std::vector<std::string>{"account_status", "billing_complaint", "cancel_service",
                                              "device_replacement", "escalation", "internet_down", "plan_review"});
    for (const std::string& id : scripts) {
        CAPTURE(id);
        CHECK(std::filesystem::exists(PARLEY_SOURCE_DIR "/scripts/" + id + ".test.yaml"));
    }
}

TEST_CASE("shipped library: every case of its test files, walked in Spanish, says nothing in English") {
    int walked = 0;
    std::vector<std::string> english;
    for (const parley::testing::TestCase& c : shipped_cases()) {
        parley::testing::CaseStart start = parley::testing::case_start(c);
        start.options.locale = "es";
        auto session = shipped().try_start(c.script.value, start.prefill, start.done, start.options);
        REQUIRE_MESSAGE(session.has_value(), c.name);
        std::vector<std::string> said;
        fell_back(session->next(), said);
        for (const auto& step : c.turns) {
            take(*session, step);
            fell_back(session->next(), said);
        }
        for (const std::string& s : said) english.push_back(c.name + " -> " + s);
        ++walked;
    }
    CHECK(walked >= 50);
    std::string list;
    for (const std::string& e : english) list += "\n  " + e;
    INFO("texts that fell back to English:" << list);
    CHECK(english.empty());
}
