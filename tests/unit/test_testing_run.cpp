// Running suites through the public API (include/parley/test_suite.hpp), as `parley test` does:
// finding test files, a run's counts, coverage, the text, JUnit, coverage-table, lcov and mutation
// reports; and the C++ examples of docs/testing.md, compiled here and run.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <parley/parley.hpp>

#include "support.hpp"

// ---------------------------------------------------------------------------------------------
// docs/testing.md, section 7: each ```cpp block there is copied, line for line, between these
// markers (a test below checks it), so the examples are compiled and run.
// docs-example-begin
#include <parley/test_suite.hpp>

// Runs the cases of one test file; writes each failed assertion to `err`, and returns how many cases failed.
int run_file(const std::string& test_file, std::ostream& err) {
    auto suite = parley::testing::load_tests(test_file);  // Result<TestSuite>
    if (!suite) {
        for (const auto& d : suite.diagnostics()) err << d << "\n";
        return 1;
    }
    auto lib = parley::Library::load(suite->library);
    if (!lib) return 1;
    int failed = 0;
    for (const parley::testing::TestCase& c : suite->cases) {
        parley::testing::CaseResult r = parley::testing::run_case(*lib, c);
        failed += !r.passed();
        for (const auto& f : r.failures)
            err << f.region.file << ":" << f.region.line << ": " << f.assertion << ": expected " << f.expected
                << ", actual " << f.actual << "\n";
    }
    return failed;
}
// docs-example-end

// docs-example-begin
// What `parley test FOLDER --coverage` prints, into `out`; true when every case passed.
bool test_folder(const std::string& folder, std::ostream& out) {
    namespace pt = parley::testing;
    pt::TestFiles found = pt::find_test_files({folder});
    if (!found.missing.empty() || found.files.empty()) return false;
    pt::TestRun run = pt::run_tests(found.files);  // or {"filter text"}
    for (const parley::Diagnostic& d : run.diagnostics) std::cerr << d << "\n";
    pt::write_text_report(out, run);  // or write_junit_report
    for (const pt::Coverage& c : pt::coverage(run)) pt::write_coverage_table(out, c);  // or write_lcov
    out << run.passed << " passed, " << run.failed << " failed\n";
    return run.failed == 0;
}
// docs-example-end
// ---------------------------------------------------------------------------------------------

namespace fs = std::filesystem;
using namespace parley::testing;

namespace {

const std::string scripts = PARLEY_SOURCE_DIR "/scripts";
const std::string failing = PARLEY_TEST_DATA "/testing/failing.test.yaml";

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

using test_support::TempDir;

template <class F>
std::string written(F&& write) {
    std::ostringstream out;
    write(out);
    return out.str();
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t i = text.find(what); i != std::string::npos; i = text.find(what, i + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("find_test_files: a directory's test files sorted, files as given, the first path missing") {
    TestFiles found = find_test_files({scripts});
    CHECK(found.missing.empty());
    REQUIRE(found.files.size() == 14);  // each script's, in English and in Spanish
    CHECK(found.files.front() == scripts + "/account_status.es.test.yaml");
    CHECK(std::is_sorted(found.files.begin(), found.files.end()));
    for (const auto& f : found.files) CHECK(is_test_file(f));

    found = find_test_files({failing, scripts + "/escalation.test.yaml"});
    CHECK(found.files == std::vector<std::string>{failing, scripts + "/escalation.test.yaml"});

    found = find_test_files({failing, "/no/such/path", "/nor/this"});
    CHECK(found.missing == "/no/such/path");
}

TEST_CASE("run_tests: the shipped suite passes and covers every node and branch") {
    TestRun run = run_tests(find_test_files({scripts}).files);
    CHECK(run.failed == 0);
    CHECK(run.passed > 20);
    CHECK(run.diagnostics.empty());
    REQUIRE(run.libraries.size() == 1);  // seven test files, one library loaded once
    CHECK(run.libraries[0].path == scripts);
    int results = 0;
    for (const FileRun& f : run.files) {
        CHECK(f.loaded());
        CHECK(f.library == 0);
        results += static_cast<int>(f.results.size());
    }
    CHECK(results == run.passed);

    std::vector<Coverage> covered = coverage(run);
    REQUIRE(covered.size() == 1);
    Coverage::Counts total = covered[0].total();
    CHECK(total.nodes == 65);
    CHECK(total.nodes_hit == 65);
    CHECK(total.branches == 74);
    CHECK(total.branches_hit == 74);
    std::string table = written([&](std::ostream& o) { write_coverage_table(o, covered[0]); });
    CHECK(table.find("  total                 65/65  100.0%    74/74  100.0%\n") != std::string::npos);
    CHECK(table.find("not reached") == std::string::npos);

    std::string text = written([&](std::ostream& o) { write_text_report(o, run); });
    CHECK(count(text, "PASS ") == static_cast<std::size_t>(run.passed));
    CHECK(text.find("FAIL") == std::string::npos);

    std::ostringstream doc_example;
    CHECK(test_folder(scripts, doc_example));
    CHECK(doc_example.str().find("coverage of " + scripts + ":\n") != std::string::npos);
    CHECK(doc_example.str().find(std::to_string(run.passed) + " passed, 0 failed\n") != std::string::npos);
}

TEST_CASE("run_tests: a filter runs only the matching cases, and coverage counts only their paths") {
    TestRun run = run_tests(find_test_files({scripts}).files, {"speed takes"});
    CHECK(run.passed == 1);
    CHECK(run.failed == 0);
    std::vector<Coverage> covered = coverage(run);
    REQUIRE(covered.size() == 1);
    std::string table = written([&](std::ostream& o) { write_coverage_table(o, covered[0]); });
    CHECK(table.find("\n  plan_review             3/7   42.9%      2/9   22.2%  " + scripts + "/plan_review.yaml\n") !=
          std::string::npos);
    CHECK(table.find("  not reached: " + scripts + "/plan_review.yaml:56:3: plan_review.loyalty_credit\n") !=
          std::string::npos);
    CHECK(table.find("  branch not taken: " + scripts + "/plan_review.yaml:54:9: plan_review.faster_plan, branch 2 of 2\n") !=
          std::string::npos);

    std::string lcov = written([&](std::ostream& o) { write_lcov(o, covered[0]); });
    std::string plan = lcov.substr(lcov.find("SF:" + scripts + "/plan_review.yaml\n"));
    plan = plan.substr(0, plan.find("end_of_record\n") + 14);
    CHECK(plan == "SF:" + scripts + "/plan_review.yaml\n"
                  "DA:26,1\nBRDA:37,0,0,1\nBRDA:39,0,1,0\nBRDA:41,0,2,0\nBRDA:43,0,3,0\n"
                  "DA:45,1\nBRDA:52,1,0,1\nBRDA:54,1,1,0\n"
                  "DA:56,0\nBRDA:63,2,0,-\nBRDA:65,2,1,-\n"
                  "DA:67,0\nBRDA:71,3,0,-\n"
                  "DA:73,1\nDA:79,0\nDA:85,0\n"
                  "BRF:9\nBRH:2\nLF:7\nLH:3\nend_of_record\n");
    CHECK(count(lcov, "end_of_record\n") == 7);  // one record per shipped script
}

TEST_CASE("run_tests: a failing case is counted and reported, as text and as JUnit XML") {
    TestRun run = run_tests({failing});
    CHECK(run.passed == 1);
    CHECK(run.failed == 1);
    REQUIRE(run.files.size() == 1);
    const FileRun& f = run.files[0];
    REQUIRE(f.results.size() == 2);
    CHECK(f.results[1].failed_turn == 2);
    CHECK(f.seconds() >= f.results[1].seconds);

    std::string text = written([&](std::ostream& o) { write_text_report(o, run); });
    CHECK(text.rfind("PASS " + failing + ":4: speed leads to the faster plan\n"
                     "FAIL " + failing + ":10: the discount keeps a long-standing customer\n"
                     "  turn 2, reply \"no\" (" + failing + ":16:9)\n"
                     "  " + failing + ":18:20: outcome\n"
                     "    expected: retained\n"
                     "    actual:   cancelled at cancel_service.cancelled\n", 0) == 0);

    std::string junit = written([&](std::ostream& o) { write_junit_report(o, run); });
    CHECK(junit.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"parley test\" tests=\"2\" "
                      "failures=\"1\" errors=\"0\" time=\"", 0) == 0);
    CHECK(count(junit, "<failure ") == 1);
    CHECK(junit.find("classname=\"failing\"") != std::string::npos);

    std::ostringstream err;  // docs/testing.md's first example
    CHECK(run_file(failing, err) == 1);
    CHECK(err.str() == failing + ":18: outcome: expected retained, actual cancelled at cancel_service.cancelled\n" +
                           failing + ":19: slots: offer.discount_accepted: expected true, actual false\n");
    CHECK(run_file(scripts + "/escalation.test.yaml", err) == 0);
}

TEST_CASE("run_tests: a test file or a library that does not load is one failure, with its diagnostics") {
    TempDir dir("suite-broken");
    dir.write("lib/s.yaml", "script: s\nversion: 1\nstart: a\nnodes:\n  a:\n    end: resolved\n");
    std::string bad = dir.write("lib/bad.test.yaml", "tests:\n  - {name: a, scrpt: s}\n");
    std::string good = dir.write("lib/good.test.yaml", "tests:\n  - {name: ends, script: s, start: {outcome: resolved}}\n");
    dir.write("lib/also.test.yaml", "tests:\n  - {name: ends too, script: s}\n");
    std::string also = (dir.path / "lib" / "." / "also.test.yaml").string();  // lib/ spelt another way
    dir.write("broken_lib/s.yaml", "script: s\nversion: 1\nstart: nowhere\nnodes:\n  a:\n    end: resolved\n");
    std::string orphan = dir.write("broken_lib/t.test.yaml", "tests:\n  - {name: a, script: s}\n");

    TestRun run = run_tests({bad, good, also, orphan});
    CHECK(run.passed == 2);
    CHECK(run.failed == 2);
    CHECK(run.libraries.size() == 2);  // lib/ once for two files, however it is spelt
    REQUIRE(run.files.size() == 4);
    CHECK(run.files[0].load_error() == "the test file does not load");
    CHECK_FALSE(run.files[0].suite.has_value());
    CHECK(run.files[1].load_error().empty());
    CHECK(run.files[3].load_error() == "its library does not load");
    CHECK_FALSE(run.libraries[1].loaded.has_value());
    REQUIRE(run.diagnostics.size() >= 2);
    CHECK(run.diagnostics.front().rule == "test-unknown-key");
    CHECK(std::any_of(run.diagnostics.begin(), run.diagnostics.end(),
                      [](const parley::Diagnostic& d) { return d.rule == "unknown-node"; }));
    CHECK(coverage(run).size() == 1);  // only the library that loaded

    std::string text = written([&](std::ostream& o) { write_text_report(o, run); });
    CHECK(text.rfind("FAIL " + bad + ": the test file does not load\n  " + bad + ":2:", 0) == 0);
    CHECK(text.find("FAIL " + orphan + ": its library does not load\n") != std::string::npos);
    std::string junit = written([&](std::ostream& o) { write_junit_report(o, run); });
    CHECK(count(junit, "<error message=\"the test file does not load\" type=\"load\">") == 1);
    CHECK(count(junit, "<error message=\"its library does not load\" type=\"load\">") == 1);
}

TEST_CASE("write_mutation_report: each library's mutants against the run's cases, and the score") {
    TempDir dir("suite-mutants");
    dir.write("s.yaml", "script: s\nversion: 1\nslots:\n  ok: {type: boolean}\nstart: q\nnodes:\n"
                        "  q:\n    ask: OK?\n    slot: ok\n    next:\n      - if: ok\n        goto: yes_end\n"
                        "      - goto: no_end\n"
                        "  yes_end:\n    end: resolved\n  no_end:\n    end: unresolved\n");
    std::string file = dir.write("s.test.yaml", "tests:\n"
                                                "  - {name: yes, script: s, turns: [{reply: 'yes', expect: {outcome: resolved}}]}\n"
                                                "  - {name: no, script: s, turns: [{reply: 'no', expect: {outcome: unresolved}}]}\n");
    TestRun run = run_tests({file});
    REQUIRE(run.failed == 0);
    std::ostringstream out;
    MutationScore score = write_mutation_report(out, run);
    INFO(out.str());
    CHECK(score.tested);
    CHECK(score.tried > 0);
    CHECK(score.killed == score.tried);
    CHECK(score.percent() == 100.0);
    CHECK(out.str().rfind("mutants of " + dir.path.string() + ": ", 0) == 0);
    CHECK(out.str().find("mutation score: " + std::to_string(score.killed) + "/" + std::to_string(score.tried) +
                         " killed (100.0%)\n") != std::string::npos);

    // With a filter, only the matching case runs on the mutants: the other branch's mutants survive.
    run = run_tests({file}, {"yes"});
    std::ostringstream filtered;
    score = write_mutation_report(filtered, run);
    CHECK(score.killed < score.tried);
    CHECK(filtered.str().find("  SURVIVED ") != std::string::npos);
}

TEST_CASE("library_path_for: the `library:` a test file needs to reach its scripts") {
    TempDir dir("library-path");
    dir.write("scripts/s.yaml", "");
    std::string scripts_dir = (dir.path / "scripts").string();
    CHECK(library_path_for(scripts_dir, (dir.path / "scripts" / "s.test.yaml").string()) == "");
    CHECK(library_path_for(scripts_dir, (dir.path / "scripts" / "tests" / "s.test.yaml").string()) == "..");
    CHECK(library_path_for(scripts_dir, (dir.path / "other" / "s.test.yaml").string()) == "../scripts");
}

TEST_CASE("docs/testing.md: each ```cpp block is compiled here, line for line") {
    const std::string doc = slurp(fs::path(PARLEY_SOURCE_DIR) / "docs" / "testing.md");
    const std::string self = slurp(fs::path(PARLEY_SOURCE_DIR) / "tests" / "unit" / "test_testing_run.cpp");
    std::vector<std::string> compiled;
    const std::string begin = "// docs-example-begin\n", end = "// docs-example-end\n";
    for (std::size_t b = self.find(begin); b != std::string::npos; b = self.find(begin, b + 1)) {
        std::size_t from = b + begin.size();
        compiled.push_back(self.substr(from, self.find(end, from) - from));
    }
    REQUIRE(compiled.size() == 2);
    int blocks = 0;
    for (std::size_t b = doc.find("```cpp\n"); b != std::string::npos; b = doc.find("```cpp\n", b + 1)) {
        std::size_t from = b + 7;
        std::string block = doc.substr(from, doc.find("```\n", from) - from);
        ++blocks;
        INFO("the ```cpp block " << blocks << " of docs/testing.md:\n" << block);
        CHECK(std::find(compiled.begin(), compiled.end(), block) != compiled.end());
    }
    CHECK(blocks == 2);
}
