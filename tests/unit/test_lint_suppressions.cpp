// In-source suppressions of lint findings (docs/lint.md, section 4): `# parley-lint: ignore RULE: reason`
// on the finding's line or alone on the line above it. Public API only: Library::parse, then parley::lint.
#include <doctest/doctest.h>
#include <parley/parley.hpp>

#include <string>
#include <utility>
#include <vector>

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

std::string show(const std::vector<parley::Diagnostic>& ds) {
    std::string out;
    for (const parley::Diagnostic& d : ds) out += "\n  " + parley::format(d) + (d.suppressed() ? " (suppressed)" : "");
    return out;
}

parley::LintReport lint(const std::string& yaml, parley::LintOptions options = {}) {
    auto lib = parley::Library::parse(yaml, "a.yaml");
    REQUIRE(lib.has_value());
    return parley::lint(*lib, options);
}

std::vector<parley::Diagnostic> with_rule(const parley::LintReport& r, const std::string& rule) {
    std::vector<parley::Diagnostic> out;
    for (const parley::Diagnostic& d : r.diagnostics)
        if (d.rule == rule) out.push_back(d);
    return out;
}

// The script of docs/format.md section 11.3's pattern: a question asked again after an instruction.
// `above` goes on its own line(s) above check_again's (line 19 without it), `on` after it on its line.
std::string asks_again(const std::string& above, const std::string& on) {
    std::string text =
        "script: a\n"                                // 1
        "version: 1\n"                               // 2
        "slots:\n"                                   // 3
        "  a.ok:\n"                                  // 4
        "    type: boolean\n"                        // 5
        "start: check\n"                             // 6
        "nodes:\n"                                   // 7
        "  check:\n"                                 // 8
        "    ask: Is the internet working?\n"        // 9
        "    slot: a.ok\n"                           // 10
        "    next:\n"                                // 11
        "      - if: a.ok\n"                         // 12
        "        goto: fixed\n"                      // 13
        "      - goto: restart\n";                   // 14
    text +=
        "  restart:\n"                               // 15
        "    instruct: Please restart the modem.\n"  // 16
        "    action: modem.restart\n"                // 17
        "    next: check_again\n";                   // 18
    if (!above.empty()) text += "  " + above + "\n";
    text += "  check_again:" + (on.empty() ? std::string() : "  " + on) + "\n" +
            "    ask: Is it working now?\n"
            "    slot: a.ok\n"
            "    next:\n"
            "      - if: a.ok\n"
            "        goto: fixed\n"
            "      - goto: handover\n"
            "  fixed:\n"
            "    end: resolved\n"
            "  handover:\n"
            "    end: escalated\n";
    return text;
}

}  // namespace

TEST_CASE("lint suppressions: without one, the pattern is reported as repeated-question") {
    parley::LintReport r = lint(asks_again("", ""));
    INFO(show(r.diagnostics));
    auto found = with_rule(r, "repeated-question");
    REQUIRE(found.size() == 1);
    CHECK(found[0].region.line == 19);
    CHECK_FALSE(found[0].suppressed());
    CHECK(parley::has_errors(r.diagnostics) == false);
}

TEST_CASE("lint suppressions: a comment alone on the line above the node silences its finding, with the reason") {
    parley::LintReport r = lint(asks_again("# parley-lint: ignore repeated-question: the customer restarted the modem since", ""));
    INFO(show(r.diagnostics));
    auto found = with_rule(r, "repeated-question");
    REQUIRE(found.size() == 1);
    CHECK(found[0].region.line == 20);
    CHECK(found[0].suppressed());
    CHECK(found[0].suppressed_because == "the customer restarted the modem since");
    CHECK(with_rule(r, "unused-suppression").empty());
    CHECK(with_rule(r, "bad-suppression").empty());
}

TEST_CASE("lint suppressions: a comment at the end of the node's line silences its finding") {
    parley::LintReport r = lint(asks_again("", "# parley-lint: ignore repeated-question:   asked again on purpose  "));
    INFO(show(r.diagnostics));
    auto found = with_rule(r, "repeated-question");
    REQUIRE(found.size() == 1);
    CHECK(found[0].suppressed_because == "asked again on purpose");
    CHECK(r.diagnostics.size() == 1);
}

TEST_CASE("lint suppressions: several comments stacked above one line all apply to it") {
    parley::LintReport r = lint(asks_again(
        "# parley-lint: ignore repeated-question: asked again on purpose\n"
        "  # an ordinary comment in between\n"
        "\n"
        "  # parley-lint: ignore endless-loop: there is none here",
        ""));
    INFO(show(r.diagnostics));
    REQUIRE(with_rule(r, "repeated-question").size() == 1);
    CHECK(with_rule(r, "repeated-question")[0].suppressed());
    auto unused = with_rule(r, "unused-suppression");
    REQUIRE(unused.size() == 1);  // the endless-loop one: there is no such finding on line 23
    CHECK(unused[0].region.line == 22);
    CHECK(unused[0].region.column == 3);
    CHECK(unused[0].severity == parley::Severity::warning);
    CHECK(unused[0].message == "no endless-loop finding on line 23 to suppress");
}

TEST_CASE("lint suppressions: a suppression names one rule; another rule's finding on the line stays") {
    parley::LintReport r = lint(asks_again("# parley-lint: ignore repeated-instruction: wrong rule", ""));
    INFO(show(r.diagnostics));
    REQUIRE(with_rule(r, "repeated-question").size() == 1);
    CHECK_FALSE(with_rule(r, "repeated-question")[0].suppressed());
    CHECK(with_rule(r, "unused-suppression").size() == 1);
}

TEST_CASE("lint suppressions: a comment on a line inside the node does not reach the node's line") {
    std::string text = asks_again("", "");
    const std::string ask = "    ask: Is it working now?\n";
    text.replace(text.find(ask), ask.size(), ask + "    # parley-lint: ignore repeated-question: misplaced\n");
    parley::LintReport r = lint(text);
    INFO(show(r.diagnostics));
    REQUIRE(with_rule(r, "repeated-question").size() == 1);
    CHECK_FALSE(with_rule(r, "repeated-question")[0].suppressed());
    auto unused = with_rule(r, "unused-suppression");
    REQUIRE(unused.size() == 1);
    CHECK(unused[0].region.line == 21);
    CHECK(unused[0].region.column == 5);
    CHECK(unused[0].message == "no repeated-question finding on line 22 to suppress");
}

TEST_CASE("lint suppressions: without a reason the suppression is a bad-suppression and silences nothing") {
    for (const char* comment : {"# parley-lint: ignore repeated-question", "# parley-lint: ignore repeated-question:",
                                "# parley-lint: ignore repeated-question:    "}) {
        CAPTURE(comment);
        parley::LintReport r = lint(asks_again(comment, ""));
        INFO(show(r.diagnostics));
        REQUIRE(with_rule(r, "repeated-question").size() == 1);
        CHECK_FALSE(with_rule(r, "repeated-question")[0].suppressed());
        auto bad = with_rule(r, "bad-suppression");
        REQUIRE(bad.size() == 1);
        CHECK(bad[0].region.line == 19);
        CHECK(bad[0].message.find("gives no reason") != std::string::npos);
        CHECK(with_rule(r, "unused-suppression").empty());
    }
}

TEST_CASE("lint suppressions: a comment that does not read `ignore RULE: reason`, or names no rule, is a bad-suppression") {
    parley::LintReport r = lint(asks_again("# parley-lint: skip repeated-question: no such verb", ""));
    REQUIRE(with_rule(r, "bad-suppression").size() == 1);
    CHECK(with_rule(r, "bad-suppression")[0].message.find("# parley-lint: ignore RULE: reason") != std::string::npos);

    r = lint(asks_again("# parley-lint: ignore repeated-questions: a typo", ""));
    INFO(show(r.diagnostics));
    auto bad = with_rule(r, "bad-suppression");
    REQUIRE(bad.size() == 1);
    CHECK(bad[0].message == "parley has no rule 'repeated-questions'");
    REQUIRE(bad[0].notes.size() == 1);
    CHECK(bad[0].notes[0].find("repeated-question") != std::string::npos);
    CHECK_FALSE(with_rule(r, "repeated-question")[0].suppressed());
}

TEST_CASE("lint suppressions: the marker inside a quoted text is not a comment") {
    std::string text = asks_again("", "");
    const std::string ask = "    ask: Is it working now?\n";
    text.replace(text.find(ask), ask.size(), "    ask: \"Is it working now? # parley-lint: ignore repeated-question: no\"\n");
    parley::LintReport r = lint(text);
    INFO(show(r.diagnostics));
    CHECK(with_rule(r, "bad-suppression").empty());
    CHECK(with_rule(r, "unused-suppression").empty());
    REQUIRE(with_rule(r, "repeated-question").size() == 1);
    CHECK_FALSE(with_rule(r, "repeated-question")[0].suppressed());
}

TEST_CASE("lint suppressions: a suppressed error is no error for has_errors") {
    const std::string dead_end =
        "script: a\n"
        "version: 1\n"
        "slots:\n"
        "  modem.lights: {type: choice, choices: [green, orange]}\n"
        "start: lights\n"
        "nodes:\n"
        "  # parley-lint: ignore dead-end: the modem has no other colour in this region\n"
        "  lights:\n"
        "    ask: What colour are the lights?\n"
        "    slot: modem.lights\n"
        "    next:\n"
        "      - if: modem.lights == \"green\"\n"
        "        goto: fine\n"
        "      - goto: fine\n"
        "  fine:\n"
        "    end: resolved\n";
    parley::LintReport clean = lint(dead_end);
    CHECK(with_rule(clean, "unused-suppression").size() == 1);  // no dead end here: the list has a default

    std::string broken = dead_end;
    broken.replace(broken.find("      - goto: fine\n  fine"), 19, "");
    parley::LintReport r = lint(broken);
    INFO(show(r.diagnostics));
    auto found = with_rule(r, "dead-end");
    REQUIRE(found.size() == 1);
    CHECK(found[0].severity == parley::Severity::error);
    CHECK(found[0].suppressed());
    CHECK_FALSE(parley::has_errors(r.diagnostics));
    CHECK(with_rule(r, "unused-suppression").empty());
}

TEST_CASE("lint suppressions: when the exploration stopped early, a suppression without its finding is not reported unused") {
    std::string text = asks_again("# parley-lint: ignore repeated-question: asked again on purpose", "");
    parley::LintOptions cut;
    cut.max_states = 2;
    parley::LintReport r = lint(text, cut);
    INFO(show(r.diagnostics));
    REQUIRE_FALSE(r.complete);
    CHECK(with_rule(r, "repeated-question").empty());
    CHECK(with_rule(r, "unused-suppression").empty());
}

TEST_CASE("lint suppressions: comments in policies.yaml apply to findings there, and change no fingerprint") {
    const std::string script = asks_again("", "");
    auto plain = parley::Library::parse({{"a.yaml", script}});
    auto commented = parley::Library::parse({{"a.yaml", asks_again("# parley-lint: ignore repeated-question: on purpose", "")}});
    REQUIRE(plain.has_value());
    REQUIRE(commented.has_value());
    // The comment shifts the node a line down, which the fingerprint does not see either.
    CHECK(plain->fingerprint() == commented->fingerprint());

    auto lib = parley::Library::parse({{"a.yaml", script},
                                       {"policies.yaml", "version: 1\n# parley-lint: ignore unused-slot: nothing here\npolicies: {}\n"}});
    REQUIRE(lib.has_value());
    parley::LintReport r = parley::lint(*lib);
    INFO(show(r.diagnostics));
    auto unused = with_rule(r, "unused-suppression");
    REQUIRE(unused.size() == 1);
    CHECK(unused[0].region.file == "policies.yaml");
    CHECK(unused[0].region.line == 2);
}
