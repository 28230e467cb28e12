// `parley test --mutate` and `parley test --generate` (docs/testing.md sections 8 and 9): the shipped
// suites' mutation score, survivors reported at their place with a failing exit below --min-score,
// a suite that fails on its own scripts; generated files for each shipped script that pass and kill
// mutants, written beside the scripts or elsewhere with a library key; usage errors.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <regex>

#include "cli.hpp"

using namespace cli_test;
namespace fs = std::filesystem;

namespace {

/// A scratch directory, removed when the test ends.
struct Scratch {
    fs::path path;
    explicit Scratch(const std::string& name) : path(fs::temp_directory_path() / ("parley-e2e-mutate-" + name)) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~Scratch() { fs::remove_all(path); }
    std::string write(const std::string& name, const std::string& text) const {
        fs::path p = path / name;
        fs::create_directories(p.parent_path());
        std::ofstream(p) << text;
        return p.string();
    }
    std::string operator/(const std::string& name) const { return (path / name).string(); }
};

std::string last_line(const std::string& text) {
    std::string t = text;
    while (!t.empty() && t.back() == '\n') t.pop_back();
    auto nl = t.rfind('\n');
    return nl == std::string::npos ? t : t.substr(nl + 1);
}

struct Score {
    int killed = -1, total = -1;
    double percent = -1;
};

Score score(const std::string& out) {
    std::smatch m;
    Score s;
    static const std::regex line(R"(\nmutation score: (\d+)/(\d+) killed \((\d+\.\d)%\)\n)");
    if (std::regex_search(out, m, line)) {
        s.killed = std::stoi(m[1]);
        s.total = std::stoi(m[2]);
        s.percent = std::stod(m[3]);
    }
    return s;
}

const char* weak_script = R"(script: door
version: 1
slots:
  open: {type: boolean}
start: ask
nodes:
  ask:
    ask: Is the door open?
    slot: open
    next:
      - if: open
        goto: close_it
      - goto: fine
  close_it:
    instruct: Please close it.
    action: door.close
    next: fine
  fine:
    end: resolved
)";

const char* weak_tests = R"(tests:
  - name: the door is asked about
    script: door
    start: {prompt: ask}
  - name: an open door is closed
    script: door
    turns:
      - reply: "yes"
        expect: {prompt: close_it}
)";

}  // namespace

TEST_CASE("parley test --mutate: the shipped suites kill at least 90% of their mutants") {
    Output o = run("test " + scripts + " --mutate");
    INFO(o.out << o.err);
    CHECK(o.exit_code == 0);
    Score s = score(o.out);
    CHECK(s.total >= 50);
    CHECK(s.percent >= 90.0);
    CHECK(std::abs(s.percent - 100.0 * s.killed / s.total) < 0.051);  // the percent is K/N, to one decimal
    CHECK(o.out.find("mutants of " + scripts + ": ") != std::string::npos);
    CHECK(last_line(o.out) == "101 passed, 0 failed");  // still the last line
}

TEST_CASE("parley test --mutate: survivors at their place in the script, and exit 1 below --min-score") {
    Scratch dir("weak");
    dir.write("door.yaml", weak_script);
    std::string tests = dir.write("door.test.yaml", weak_tests);
    Output o = run("test " + tests + " --mutate");
    INFO(o.out << o.err);
    CHECK(o.exit_code == 1);
    // Mutants: ask's swap and negation, and fine's outcome; only the swap and the negation change a prompt.
    CHECK(o.out.find("mutants of " + dir.path.string() + ": 2 of 3 killed (1 left out as equivalent)\n") != std::string::npos);
    CHECK(o.out.find("  SURVIVED " + (dir / "door.yaml") + ":18:3: door.fine: ends unresolved instead of resolved [change-outcome]\n") !=
          std::string::npos);
    CHECK(o.out.find("  equivalent: policies: ") != std::string::npos);
    CHECK(o.out.find("\nmutation score: 2/3 killed (66.7%)\n2 passed, 0 failed\n") != std::string::npos);
    CHECK(o.err == "parley: the mutation score 66.7% is below --min-score 90\n");
    CHECK(last_line(o.out) == "2 passed, 0 failed");

    Output low = run("test " + tests + " --mutate --min-score 60");
    CHECK(low.exit_code == 0);
    CHECK(low.err.empty());

    // With another format on standard output, the mutation report goes to standard error.
    Output json = run("test " + tests + " --mutate --min-score 60 --format json");
    CHECK(json.exit_code == 0);
    CHECK(json_lines(json.out).size() == 2);
    CHECK(json.err.find("mutation score: 2/3 killed (66.7%)") != std::string::npos);
}

TEST_CASE("parley test --mutate: a suite that fails on its own scripts tries no mutant") {
    Scratch dir("failing");
    dir.write("door.yaml", weak_script);
    std::string tests = dir.write("door.test.yaml", "tests:\n  - name: wrong\n    script: door\n    start: {prompt: fine}\n");
    Output o = run("test " + tests + " --mutate");
    INFO(o.out << o.err);
    CHECK(o.exit_code == 1);
    CHECK(o.out.find("mutants of " + dir.path.string() + ": not tried, 1 case(s) fail on the scripts themselves\n") !=
          std::string::npos);
    CHECK(o.out.find("mutation score: 0/0 killed (100.0%)") != std::string::npos);
    CHECK(last_line(o.out) == "0 passed, 1 failed");
}

TEST_CASE("parley test --generate: for each shipped script, a file that passes and kills mutants") {
    Scratch dir("generated");
    for (const char* script : {"account_status", "billing_complaint", "cancel_service", "device_replacement", "escalation",
                               "internet_down", "plan_review"}) {
        INFO(script);
        const std::string file = dir / (std::string(script) + ".test.yaml");
        Output g = run(std::string("test --generate ") + script + " " + scripts + " --output " + file);
        INFO(g.out << g.err);
        REQUIRE(g.exit_code == 0);
        CHECK(g.out.empty());
        CHECK(std::regex_search(g.err, std::regex("^generated \\d+ cases for " + std::string(script) + ": \\d+ paths, \\d+ cancel and supervisor cases \\(\\d+ states explored\\) in ")));
        CHECK(g.err.find("not covered") == std::string::npos);
        std::string text = slurp(file);
        CHECK(text.rfind(std::string("# Generated by `parley test --generate ") + script + "`", 0) == 0);
        // The scripts are elsewhere: the file says where, relative to itself.
        std::smatch library;
        REQUIRE(std::regex_search(text, library, std::regex("\nlibrary: (\\S+)\n")));
        CHECK(fs::equivalent(dir.path / library[1].str(), scripts));

        Output t = run("test " + file + " --mutate --min-score 0");
        INFO(t.out << t.err);
        CHECK(t.exit_code == 0);
        CHECK(t.out.find("FAIL") == std::string::npos);
        CHECK(score(t.out).killed >= 1);
    }
    // Together they kill every mutant the hand-written suites do.
    Output all = run("test " + dir.path.string() + " --mutate");
    INFO(all.out);
    CHECK(all.exit_code == 0);
    CHECK(score(all.out).percent >= 90.0);
}

TEST_CASE("parley test --generate: to standard output, saved beside the scripts, it needs no library key") {
    Scratch dir("beside");
    for (const char* f : {"internet_down.yaml", "account_status.yaml", "device_replacement.yaml", "escalation.yaml",
                          "cancel_service.yaml", "policies.yaml"})
        fs::copy_file(fs::path(scripts) / f, dir.path / f);
    Output g = run("test --generate internet_down " + dir.path.string());
    INFO(g.err);
    REQUIRE(g.exit_code == 0);
    CHECK(g.out.find("\nlibrary:") == std::string::npos);
    CHECK(g.out.find("\ntests:\n  - name: ") != std::string::npos);
    dir.write("internet_down.generated.test.yaml", g.out);
    Output t = run("test " + dir.path.string());
    INFO(t.out);
    CHECK(t.exit_code == 0);
    CHECK(std::regex_search(t.out, std::regex("\n(\\d+) passed, 0 failed\n$")));
}

TEST_CASE("parley test --generate: usage errors") {
    Output unknown = run("test --generate internet_dwn " + scripts);
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("no script 'internet_dwn' in the library") != std::string::npos);
    CHECK(unknown.err.find("internet_down") != std::string::npos);
    CHECK(unknown.out.empty());

    Output missing = run("test --generate internet_down /no/such/dir");
    CHECK(missing.exit_code == 2);
    CHECK(missing.err == "parley: no such file or directory: /no/such/dir\n");

    Output two = run("test --generate internet_down " + scripts + " " + scripts);
    CHECK(two.exit_code == 2);

    Output both = run("test --generate internet_down " + scripts + " --mutate");
    CHECK(both.exit_code == 2);

    Output nothing = run("test");
    CHECK(nothing.exit_code == 2);
    CHECK(nothing.err == "parley: test needs test files or directories (or --generate SCRIPT)\n");

    Output score_alone = run("test " + scripts + " --min-score 50");
    CHECK(score_alone.exit_code == 2);  // --min-score needs --mutate
}
