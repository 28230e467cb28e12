// `parley lint` with in-source suppressions (docs/lint.md, section 4): suppressed findings left out of
// the text and the totals, marked in JSON and SARIF, and not failing `--werror`; a suppression that
// silences nothing is a warning. The scripts are in tests/data/lint/suppressions/.
#include <doctest/doctest.h>

#include <string>

#include "cli.hpp"

using namespace cli_test;

namespace {

const std::string data = std::string(PARLEY_TEST_DATA) + "/lint/suppressions";
const std::string reason = "the restart may have fixed it, so we ask again";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("parley lint suppressions: text leaves the suppressed finding out and counts it in the closing line") {
    Output o = run("lint " + data + "/asks_again.yaml");
    INFO(o.out << o.err);
    CHECK(o.exit_code == 0);
    CHECK_FALSE(contains(o.out, "repeated-question"));
    CHECK(contains(o.out, "0 errors, 0 warnings in 1 script ("));
    CHECK(contains(o.out, " conversation states explored; 1 finding suppressed)\n"));
}

TEST_CASE("parley lint suppressions: a suppressed warning does not fail --werror") {
    Output o = run("lint --werror " + data + "/asks_again.yaml");
    INFO(o.out << o.err);
    CHECK(o.exit_code == 0);
}

TEST_CASE("parley lint suppressions: JSON marks the finding suppressed, with the justification") {
    Output o = run("lint --format json " + data + "/asks_again.yaml");
    INFO(o.out << o.err);
    CHECK(o.exit_code == 0);
    auto findings = nlohmann::json::parse(o.out);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0]["rule"] == "repeated-question");
    CHECK(findings[0]["line"] == 22);
    CHECK(findings[0]["suppressed"] == true);
    CHECK(findings[0]["justification"] == reason);
}

TEST_CASE("parley lint suppressions: SARIF gives the result an inSource suppression with the justification") {
    Output o = run("lint --format sarif " + data + "/asks_again.yaml");
    INFO(o.out << o.err);
    CHECK(o.exit_code == 0);
    auto results = nlohmann::json::parse(o.out)["runs"][0]["results"];
    REQUIRE(results.size() == 1);
    CHECK(results[0]["ruleId"] == "repeated-question");
    REQUIRE(results[0]["suppressions"].size() == 1);
    CHECK(results[0]["suppressions"][0]["kind"] == "inSource");
    CHECK(results[0]["suppressions"][0]["status"] == "accepted");
    CHECK(results[0]["suppressions"][0]["justification"] == reason);
}

TEST_CASE("parley lint suppressions: a suppression that silences nothing is a warning, which fails --werror") {
    const std::string file = data + "/unused.yaml";
    Output plain = run("lint " + file);
    INFO(plain.out << plain.err);
    CHECK(plain.exit_code == 0);
    CHECK(contains(plain.out, file + ":22:3: warning: no endless-loop finding on line 23 to suppress [unused-suppression]\n"));
    CHECK(contains(plain.out, "0 errors, 1 warning in 1 script ("));

    Output strict = run("lint --werror " + file);
    CHECK(strict.exit_code == 1);

    Output json = run("lint --format json " + file);
    auto findings = nlohmann::json::parse(json.out);
    REQUIRE(findings.size() == 2);
    CHECK(findings[0]["rule"] == "unused-suppression");
    CHECK_FALSE(findings[0].contains("suppressed"));
    CHECK(findings[1]["rule"] == "repeated-question");
    CHECK(findings[1]["suppressed"] == true);

    auto sarif = nlohmann::json::parse(run("lint --format sarif " + file).out)["runs"][0]["results"];
    REQUIRE(sarif.size() == 2);
    CHECK_FALSE(sarif[0].contains("suppressions"));
    CHECK(sarif[0]["level"] == "warning");
}
