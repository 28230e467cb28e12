// `parley lint` through its documented contract (docs/lint.md): the text format with the source line
// and a caret, JSON, SARIF 2.1.0, and the exit codes. The bad scripts are in tests/data/lint/.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"

using namespace cli_test;

namespace {

const std::string data = std::string(PARLEY_TEST_DATA) + "/lint";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The closing line: "N errors, M warnings in K scripts (S conversation states explored)".
const std::regex closing(R"(^(\d+) errors?, (\d+) warnings? in (\d+) scripts? \((\d+) conversation states? explored\)$)");

}  // namespace

// ---- text ------------------------------------------------------------------------------------------

TEST_CASE("parley lint text: file:line:col: severity: message [rule], the source line, a caret, then the totals") {
    const std::string file = data + "/dead_end.yaml";
    Output o = run("lint " + file);
    INFO(o.out << o.err);
    CHECK(o.exit_code == 1);
    CHECK(o.err.empty());
    CHECK_FALSE(contains(o.out, "\033["));  // no colour when stdout is not a terminal
    auto lines = lines_of(o.out);
    REQUIRE(lines.size() >= 7);
    CHECK(lines[0] == file + ":10:3: error: no branch of 'lights' matches on this path; the engine would have to escalate [dead-end]");
    CHECK(lines[1] == "    lights:");  // the source line, indented by two
    CHECK(lines[2] == "    ^");        // the caret under column 3
    // The counterexample, replayed as a conversation.
    CHECK(lines[3] == "    counterexample: parley run " + file + " --script dead_end, then type:");
    CHECK(lines[4] == "      agent: What colour are the lights on the modem?");
    CHECK(lines[5] == "      customer: off");
    // It ends at the node the finding is about, marked, not at the prompt after it.
    CHECK(lines[6] == "      --> dead_end.lights: no branch of 'lights' matched; escalating to a person   <- the finding");
    CHECK_FALSE(contains(o.out, "passing you to a colleague"));
    // The warning, with its caret under the `if` of the last entry (column 9).
    auto warning = std::find(lines.begin(), lines.end(),
                             file + ":16:9: warning: no branch of 'lights' is taken when every condition is false or unknown; "
                                    "end the list with a `goto` without `if` [no-default-branch]");
    REQUIRE(warning != lines.end());
    REQUIRE(warning + 2 < lines.end());
    CHECK(*(warning + 1) == "        - if: modem.lights == \"orange\"");
    CHECK(*(warning + 2) == "          ^");
    std::smatch m;
    REQUIRE(std::regex_match(lines.back(), m, closing));
    CHECK(m[1] == "1");
    CHECK(m[2] == "1");
    CHECK(m[3] == "1");
    CHECK(std::stoi(m[4]) > 0);
    CHECK(contains(lines.back(), "1 error, 1 warning in 1 script ("));
}

TEST_CASE("parley lint text: a long source line is cut around the caret") {
    // Found by review: 20,000 findings on one 40 KB line printed the line 20,000 times (1.2 GB).
    const std::string file = (std::filesystem::temp_directory_path() / "parley-e2e-long-line.yaml").string();
    std::string value(5000, 'x');
    std::ofstream(file) << "script: s\nversion: 1\nstart: a\nnodes:\n  a: {end: resolved, say: " + value + ", bogus: 1}\n";
    Output o = run("lint " + file);
    INFO(o.out << o.err);
    CHECK(o.exit_code == 1);
    auto lines = lines_of(o.out);
    REQUIRE(lines.size() >= 3);
    CHECK(contains(lines[0], "error: unknown key 'bogus'"));
    CHECK(lines[1].size() <= 2 + 3 + 120 + 3);
    CHECK(lines[1].rfind("  ...", 0) == 0);
    CHECK(lines[1].substr(lines[1].size() - 2) == "1}");  // the end of the line, where the finding is
    // The caret is under the key.
    REQUIRE(lines[2].size() <= lines[1].size());
    CHECK(lines[1].substr(lines[2].size() - 1, 5) == "bogus");
    std::filesystem::remove(file);
}

TEST_CASE("parley lint text: a clean script prints only the totals") {
    Output o = run("lint " + data + "/clean.yaml");
    CHECK(o.exit_code == 0);
    auto lines = lines_of(o.out);
    REQUIRE(lines.size() == 1);
    CHECK(std::regex_match(lines[0], closing));
    CHECK(lines[0].rfind("0 errors, 0 warnings in 1 script (", 0) == 0);
}

TEST_CASE("parley lint text: several paths are checked together and counted together") {
    Output o = run("lint " + data + "/clean.yaml " + data + "/unused_slot.yaml " + data + "/dead_end.yaml");
    CHECK(o.exit_code == 1);
    auto lines = lines_of(o.out);
    REQUIRE_FALSE(lines.empty());
    CHECK(lines.back().rfind("1 error, 2 warnings in 3 scripts (", 0) == 0);
    CHECK(contains(o.out, data + "/unused_slot.yaml:7:3: warning: slot 'customer.notes' is declared but never used [unused-slot]\n"
                          "    customer.notes:\n"
                          "    ^\n"));
}

TEST_CASE("parley lint text: a script that does not load is reported with the loader's diagnostics") {
    const std::string file = data + "/does_not_load.yaml";
    Output o = run("lint " + file);
    CHECK(o.exit_code == 1);
    auto lines = lines_of(o.out);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == file + ":8:11: error: no node 'goodbye' in script does_not_load [unknown-node]");
    CHECK(lines[1] == "      next: goodbye");
    CHECK(lines[2] == "            ^");
    CHECK(lines[3] == "1 error, 0 warnings; the library did not load, so no conversation was explored");
}

TEST_CASE("parley lint text: a directory with policies.yaml; the counterexample shows what the engine does") {
    const std::string dir = data + "/retention";
    Output o = run("lint " + dir);
    CHECK(o.exit_code == 1);
    CHECK(contains(o.out, dir + "/cancel.yaml:19:3: error: after a cancel request this path reaches offer 'free_month' "
                                "beyond max_offers (1); the engine skips it and cancels [offer-after-cancel]\n"
                                "    free_month:\n"
                                "    ^\n"
                                "    counterexample: parley run " + dir + " --script cancel, then type:\n"
                                "      agent: Would 25% off for a year keep you with us?\n"
                                "      customer: yes\n"
                                "      --> cancel.free_month: skipped offer 'free_month': 1 retention offer already made after "
                                "the cancel request; going to cancel.confirm [honor_cancellation]   <- the finding\n"));
}

TEST_CASE("parley lint: the shipped scripts are clean, even with --werror") {
    Output o = run("lint " + scripts + " --werror");
    INFO(o.out << o.err);
    CHECK(o.exit_code == 0);
    auto lines = lines_of(o.out);
    REQUIRE(lines.size() == 1);
    std::smatch m;
    REQUIRE(std::regex_match(lines[0], m, closing));
    CHECK(m[1] == "0");
    CHECK(m[2] == "0");
    CHECK(std::stoi(m[3]) >= 5);
}

// ---- exit codes ------------------------------------------------------------------------------------

TEST_CASE("parley lint exit codes: 0 clean, 0 for warnings, 1 for errors, 1 for warnings with --werror") {
    CHECK(run("lint " + data + "/clean.yaml").exit_code == 0);
    CHECK(run("lint " + data + "/clean.yaml --werror").exit_code == 0);
    CHECK(run("lint " + data + "/unused_slot.yaml").exit_code == 0);
    CHECK(run("lint " + data + "/unused_slot.yaml --werror").exit_code == 1);
    CHECK(run("lint " + data + "/dead_end.yaml").exit_code == 1);
    CHECK(run("lint " + data + "/dead_end.yaml --werror").exit_code == 1);
    CHECK(run("lint " + data + "/does_not_load.yaml").exit_code == 1);
    // The exit code does not depend on the format.
    for (const char* format : {"text", "json", "sarif"}) {
        CAPTURE(format);
        CHECK(run("lint " + data + "/clean.yaml --format " + format).exit_code == 0);
        CHECK(run("lint " + data + "/unused_slot.yaml --format " + format).exit_code == 0);
        CHECK(run("lint " + data + "/unused_slot.yaml --werror --format " + format).exit_code == 1);
        CHECK(run("lint " + data + "/dead_end.yaml --format " + format).exit_code == 1);
    }
}

TEST_CASE("parley lint exit codes: 2 for a usage or I/O error") {
    Output missing = run("lint " + data + "/no_such_file.yaml");
    CHECK(missing.exit_code == 2);
    CHECK(contains(missing.out, data + "/no_such_file.yaml: error: "));
    CHECK(contains(missing.out, "[io-error]"));
    // An I/O error wins over findings in the other paths.
    CHECK(run("lint " + data + "/dead_end.yaml " + data + "/no_such_file.yaml").exit_code == 2);
    CHECK(run("lint").exit_code == 2);                                            // no path
    CHECK(run("lint " + data + "/clean.yaml --format xml").exit_code == 2);      // unknown format
    CHECK(run("lint " + data + "/clean.yaml --no-such-option").exit_code == 2);  // unknown option
}

// ---- JSON ------------------------------------------------------------------------------------------

TEST_CASE("parley lint --format json: an array of findings with file, line, column, severity, rule, message and path") {
    Output o = run("lint " + data + "/dead_end.yaml " + data + "/unused_slot.yaml --format json");
    INFO(o.out << o.err);
    CHECK(o.exit_code == 1);
    nlohmann::json all = nlohmann::json::parse(o.out);
    REQUIRE(all.is_array());
    REQUIRE(all.size() == 3);
    for (const auto& f : all) {
        CHECK(f["file"].is_string());
        CHECK(f["line"].is_number_integer());
        CHECK(f["column"].is_number_integer());
        CHECK((f["severity"] == "error" || f["severity"] == "warning" || f["severity"] == "note"));
        CHECK(f["rule"].is_string());
        CHECK(f["message"].is_string());
        if (f.contains("path")) {
            CHECK(f["path"].is_array());
            CHECK(f["script"].is_string());
        }
    }
    CHECK(all[0]["file"] == data + "/dead_end.yaml");
    CHECK(all[0]["line"] == 10);
    CHECK(all[0]["column"] == 3);
    CHECK(all[0]["severity"] == "error");
    CHECK(all[0]["rule"] == "dead-end");
    CHECK(all[0]["message"] == "no branch of 'lights' matches on this path; the engine would have to escalate");
    CHECK(all[0]["path"] == nlohmann::json::array({"off"}));
    CHECK(all[0]["script"] == "dead_end");
    CHECK(all[1]["rule"] == "no-default-branch");
    CHECK(all[1]["line"] == 16);
    CHECK(all[1]["column"] == 9);
    CHECK_FALSE(all[1].contains("path"));  // a structure finding has no counterexample
    CHECK(all[2]["file"] == data + "/unused_slot.yaml");
    CHECK(all[2]["rule"] == "unused-slot");
    CHECK(all[2]["severity"] == "warning");
    CHECK(all[2]["line"] == 7);
    CHECK(all[2]["column"] == 3);
}

TEST_CASE("parley lint --format json: a clean library is an empty array") {
    Output o = run("lint " + data + "/clean.yaml --format json");
    CHECK(o.exit_code == 0);
    CHECK(nlohmann::json::parse(o.out) == nlohmann::json::array());
}

TEST_CASE("parley lint --format json: the counterexample replays with parley run") {
    for (const std::string& target : {data + "/dead_end.yaml", data + "/retention"}) {
        CAPTURE(target);
        Output o = run("lint " + target + " --format json");
        nlohmann::json all = nlohmann::json::parse(o.out);
        REQUIRE(all.size() >= 1);
        const auto& f = all[0];
        REQUIRE(f.contains("path"));
        std::string input;
        for (const auto& line : f["path"]) input += line.get<std::string>() + "\n";
        Output replay = run("run " + target + " --script " + f["script"].get<std::string>() + " --json", input);
        INFO(replay.out << replay.err);
        CHECK(replay.exit_code == 0);
        auto lines = json_lines(replay.out);
        REQUIRE_FALSE(lines.empty());
        const auto& end = lines.back();
        CHECK(end["type"] == "end");
        if (f["rule"] == "dead-end") {
            CHECK(end["outcome"] == "escalated");
        } else {
            CHECK(f["rule"] == "offer-after-cancel");
            REQUIRE(end["summary"]["policies"].is_array());
            bool skipped = false;
            for (const auto& p : end["summary"]["policies"])
                skipped = skipped || contains(p["message"].get<std::string>(), "skipped offer 'free_month'");
            CHECK(skipped);
        }
    }
}

// Issue 12's first story: the upsell is behind a condition on a slot the host pre-fills. The text
// output prints the command with the --set it needs; running that command, with the customer's
// lines, reaches the skipped upsell the finding is about.
TEST_CASE("parley lint text: the printed counterexample command, with its --set, reproduces the finding") {
    const std::string dir = data + "/host_upsell";
    Output o = run("lint " + dir);
    INFO(o.out << o.err);
    CHECK(o.exit_code == 1);
    auto lines = lines_of(o.out);
    auto header = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return contains(l, "counterexample: parley run"); });
    REQUIRE(header != lines.end());
    const std::string prefix = "    counterexample: parley ", suffix = ", then type:";
    REQUIRE(header->rfind(prefix, 0) == 0);
    REQUIRE(header->size() > prefix.size() + suffix.size());
    const std::string command = header->substr(prefix.size(), header->size() - prefix.size() - suffix.size());
    CHECK(command == "run " + dir + " --script support --set account.plan=basic");
    std::string input;
    bool marked = false;
    for (auto it = header + 1; it != lines.end() && it->rfind("      ", 0) == 0; ++it) {
        if (it->rfind("      customer: ", 0) == 0) input += it->substr(16) + "\n";
        marked = marked || (contains(*it, "--> troubleshoot.faster: skipped upsell 'faster'") && contains(*it, "<- the finding"));
    }
    CHECK(marked);
    CHECK(input == "!cancel\nyes\ndone\n");
    Output replay = run(command + " --json", input);
    INFO(replay.out << replay.err);
    CHECK(replay.exit_code == 0);
    auto turns = json_lines(replay.out);
    REQUIRE_FALSE(turns.empty());
    const auto& end = turns.back();
    CHECK(end["type"] == "end");
    CHECK(end["outcome"] == "retained");  // docs/policies.md: the customer accepted the fix, and stays
    bool skipped = false;
    for (const auto& p : end["summary"]["policies"])
        skipped = skipped || contains(p["message"].get<std::string>(), "skipped upsell 'faster'");
    CHECK(skipped);
}

TEST_CASE("parley lint --format json: a counterexample that needs the host says so in set and done") {
    Output o = run("lint " + data + "/host_upsell --format json");
    nlohmann::json all = nlohmann::json::parse(o.out);
    bool found = false;
    for (const auto& f : all)
        if (f["rule"] == "upsell-after-cancel") {
            found = true;
            CHECK(f["set"] == nlohmann::json::array({"account.plan=basic"}));
            CHECK_FALSE(f.contains("done"));
        }
    CHECK(found);
}

TEST_CASE("parley lint --max-states and --max-memory: a stopped exploration is a note, and exit 0") {
    Output o = run("lint " + data + "/host_upsell --max-states 3");
    INFO(o.out << o.err);
    CHECK(contains(o.out, "note: the exploration stopped after"));
    CHECK(contains(o.out, "(max_states)"));
    Output m = run("lint " + data + "/clean.yaml --max-memory 1K");
    INFO(m.out << m.err);
    CHECK(m.exit_code == 0);
    CHECK(contains(m.out, "(max_memory)"));
    Output bad = run("lint " + data + "/clean.yaml --max-memory lots");
    CHECK(bad.exit_code == 2);
    CHECK(contains(bad.err, "--max-memory takes a size"));
}

// Regression (fixed): when the counterexample is empty (the finding is reached by just starting the script, as
// here: the script calls itself before its first prompt), the JSON object has neither "path" nor
// "script", so a tool cannot tell which script to start; the text output shows no counterexample.
// Expected: "path": [] and "script": "calls_itself".
TEST_CASE("parley lint --format json: an empty counterexample still names its script") {
    Output o = run("lint " + data + "/calls_itself.yaml --format json");
    nlohmann::json all = nlohmann::json::parse(o.out);
    bool found = false;
    for (const auto& f : all) {
        if (f["rule"] != "call-depth") continue;
        found = true;
        CHECK(f["line"] == 7);
        CHECK(f["column"] == 3);
        REQUIRE(f.contains("path"));
        CHECK(f["path"] == nlohmann::json::array());
        CHECK(f["script"] == "calls_itself");
    }
    CHECK(found);
}

// ---- SARIF -----------------------------------------------------------------------------------------

TEST_CASE("parley lint --format sarif: what SARIF 2.1.0 requires") {
    Output o = run("lint " + data + "/dead_end.yaml " + data + "/unused_slot.yaml " + data + "/retention --format sarif");
    INFO(o.out << o.err);
    CHECK(o.exit_code == 1);
    nlohmann::json log = nlohmann::json::parse(o.out);
    REQUIRE(log.is_object());
    CHECK(log["version"] == "2.1.0");
    REQUIRE(log.contains("$schema"));
    CHECK(contains(log["$schema"].get<std::string>(), "sarif"));
    CHECK(contains(log["$schema"].get<std::string>(), "2.1.0"));
    REQUIRE(log["runs"].is_array());
    REQUIRE(log["runs"].size() == 1);
    const auto& run0 = log["runs"][0];
    const auto& driver = run0["tool"]["driver"];
    CHECK(driver["name"] == "parley");
    REQUIRE(driver["rules"].is_array());
    std::set<std::string> ids;
    for (const auto& rule : driver["rules"]) {
        REQUIRE(rule["id"].is_string());
        CHECK_MESSAGE(ids.insert(rule["id"].get<std::string>()).second, "rule listed twice: " << rule["id"]);
        if (rule.contains("defaultConfiguration")) {
            const auto& level = rule["defaultConfiguration"]["level"];
            CHECK((level == "error" || level == "warning" || level == "note" || level == "none"));
        }
    }
    for (const char* id : {"dead-end", "no-default-branch", "unused-slot", "offer-after-cancel", "endless-loop", "unknown-node"})
        CHECK_MESSAGE(ids.count(id) == 1, id);
    REQUIRE(run0["results"].is_array());
    REQUIRE(run0["results"].size() == 4);
    for (const auto& r : run0["results"]) {
        CAPTURE(r.dump());
        REQUIRE(r["ruleId"].is_string());
        CHECK((r["level"] == "error" || r["level"] == "warning" || r["level"] == "note"));
        REQUIRE(r["message"]["text"].is_string());
        CHECK_FALSE(r["message"]["text"].get<std::string>().empty());
        REQUIRE(r["locations"].is_array());
        REQUIRE(r["locations"].size() >= 1);
        const auto& physical = r["locations"][0]["physicalLocation"];
        REQUIRE(physical["artifactLocation"]["uri"].is_string());
        REQUIRE(physical["region"]["startLine"].is_number_integer());
        REQUIRE(physical["region"]["startColumn"].is_number_integer());
        CHECK(physical["region"]["startLine"].get<int>() >= 1);
        CHECK(physical["region"]["startColumn"].get<int>() >= 1);
        REQUIRE(r["ruleIndex"].is_number_integer());
        int index = r["ruleIndex"];
        REQUIRE(index >= 0);
        REQUIRE(static_cast<std::size_t>(index) < driver["rules"].size());
        CHECK(driver["rules"][index]["id"] == r["ruleId"]);
    }
    const auto& first = run0["results"][0];
    CHECK(first["ruleId"] == "dead-end");
    CHECK(first["level"] == "error");
    CHECK(first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == data + "/dead_end.yaml");
    CHECK(first["locations"][0]["physicalLocation"]["region"]["startLine"] == 10);
    CHECK(first["locations"][0]["physicalLocation"]["region"]["startColumn"] == 3);
    // The counterexample is part of the message, for code review tools that show only the text.
    CHECK(contains(first["message"]["text"].get<std::string>(), "Counterexample (parley run " + data + "/dead_end.yaml --script dead_end):\n  off"));
    CHECK(run0["results"][1]["level"] == "warning");
}

TEST_CASE("parley lint --format sarif: a clean library has a run with no results") {
    Output o = run("lint " + data + "/clean.yaml --format sarif");
    CHECK(o.exit_code == 0);
    nlohmann::json log = nlohmann::json::parse(o.out);
    CHECK(log["version"] == "2.1.0");
    REQUIRE(log["runs"].size() == 1);
    CHECK(log["runs"][0]["results"] == nlohmann::json::array());
    CHECK_FALSE(log["runs"][0]["tool"]["driver"]["rules"].empty());
}

TEST_CASE("parley lint --format sarif: a finding without a line (an I/O error) still has an artifact location") {
    Output o = run("lint " + data + "/no_such_file.yaml --format sarif");
    CHECK(o.exit_code == 2);
    nlohmann::json log = nlohmann::json::parse(o.out);
    REQUIRE(log["runs"][0]["results"].size() == 1);
    const auto& r = log["runs"][0]["results"][0];
    CHECK(r["ruleId"] == "io-error");
    CHECK(r["level"] == "error");
    CHECK(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == data + "/no_such_file.yaml");
    CHECK_FALSE(r["locations"][0]["physicalLocation"].contains("region"));  // no line 0: regions start at 1
}

// Regression (fixed): artifactLocation.uri must be a valid URI reference (SARIF 2.1.0, 3.10.3 and 3.4.3), but the
// file path is written as it is: a space stays a space instead of %20, and SARIF consumers
// (GitHub code scanning among them) reject or mis-resolve such a location.
TEST_CASE("parley lint --format sarif: artifact URIs are percent-encoded") {
    char dir_template[] = "/tmp/parley-lint-XXXXXX";
    std::string dir = mkdtemp(dir_template);
    std::ofstream(dir + "/with space.yaml") << slurp(data + "/unused_slot.yaml");
    Output o = run("lint '" + dir + "/with space.yaml' --format sarif");
    std::system(("rm -rf " + dir).c_str());
    nlohmann::json log = nlohmann::json::parse(o.out);
    REQUIRE(log["runs"][0]["results"].size() == 1);
    std::string uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    CHECK(uri.find(' ') == std::string::npos);
    CHECK(contains(uri, "with%20space.yaml"));
}

TEST_CASE("parley lint: a lookup with no route for the host's !unknown is an error; with on_unknown it is clean") {
    Output o = run("lint " + data + "/unknown_route/no_route.yaml");
    CHECK(o.exit_code == 1);
    auto lines = lines_of(o.out);
    REQUIRE(!lines.empty());
    CHECK(lines[0] == data + "/unknown_route/no_route.yaml:9:3: error: when the host cannot tell account.suspended (!unknown), "
                             "no entry of 'billing''s next is taken; the engine would have to escalate (add on_unknown, or a "
                             "next entry for an unknown value) [no-unknown-route]");
    CHECK(contains(o.out, "      host: !unknown\n"));

    Output clean = run("lint --werror " + data + "/unknown_routed/routed.yaml");
    CHECK(clean.exit_code == 0);
    CHECK(lines_of(clean.out).size() == 1);
}
