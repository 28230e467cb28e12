// `parley test` (docs/testing.md): the shipped suite, a failing case's exact report, JUnit XML that
// is well-formed, JSON lines, --filter, the coverage table, and lcov output that genhtml reads.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "cli.hpp"

using namespace cli_test;
namespace fs = std::filesystem;

namespace {

const std::string data = std::string(PARLEY_TEST_DATA) + "/testing";
const std::string failing = data + "/failing.test.yaml";

std::string last_line(const std::string& text) {
    std::string t = text;
    while (!t.empty() && t.back() == '\n') t.pop_back();
    auto nl = t.rfind('\n');
    return nl == std::string::npos ? t : t.substr(nl + 1);
}

/// A scratch directory, removed when the test ends.
struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name) : path(fs::temp_directory_path() / ("parley-e2e-" + name)) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    std::string write(const std::string& name, const std::string& text) const {
        fs::path p = path / name;
        fs::create_directories(p.parent_path());
        std::ofstream(p) << text;
        return p.string();
    }
};

// A small XML well-formedness check: one root element, balanced and properly nested tags, quoted
// attributes without '<' and without repeats, only the five predefined entities or character
// references, no stray text outside the root, no control characters XML 1.0 forbids.
// Returns "" when the document is well-formed, else what is wrong and where.
std::string xml_problem(const std::string& x) {
    auto at = [&](std::size_t i) { return " at offset " + std::to_string(i); };
    auto name_start = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':'; };
    auto name_char = [&](char c) { return name_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.'; };
    auto check_chars = [&](std::size_t from, std::size_t to) -> std::string {
        for (std::size_t i = from; i < to; ++i) {
            unsigned char c = static_cast<unsigned char>(x[i]);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return "control character" + at(i);
            if (c == '<') return "'<' in text or attribute" + at(i);
            if (c != '&') continue;
            std::size_t semi = x.find(';', i);
            if (semi == std::string::npos || semi > to) return "unterminated entity" + at(i);
            std::string entity = x.substr(i + 1, semi - i - 1);
            static const std::set<std::string> predefined = {"amp", "lt", "gt", "quot", "apos"};
            bool numeric = entity.size() > 1 && entity[0] == '#' &&
                           std::regex_match(entity, std::regex("#([0-9]+|x[0-9a-fA-F]+)"));
            if (!predefined.count(entity) && !numeric) return "unknown entity &" + entity + ";" + at(i);
        }
        return "";
    };
    std::size_t i = 0;
    if (x.compare(0, 5, "<?xml") == 0) {
        i = x.find("?>");
        if (i == std::string::npos) return "unterminated XML declaration";
        i += 2;
    }
    std::vector<std::string> open;
    bool root_done = false;
    while (i < x.size()) {
        std::size_t lt = x.find('<', i);
        std::size_t text_end = lt == std::string::npos ? x.size() : lt;
        if (open.empty()) {
            for (std::size_t k = i; k < text_end; ++k)
                if (!std::isspace(static_cast<unsigned char>(x[k]))) return "text outside the root element" + at(k);
        } else if (auto p = check_chars(i, text_end); !p.empty()) {
            return p;
        }
        if (lt == std::string::npos) break;
        if (x.compare(lt, 4, "<!--") == 0) {
            std::size_t end = x.find("-->", lt);
            if (end == std::string::npos) return "unterminated comment" + at(lt);
            i = end + 3;
            continue;
        }
        bool closing = x.compare(lt, 2, "</") == 0;
        std::size_t j = lt + (closing ? 2 : 1);
        if (j >= x.size() || !name_start(x[j])) return "bad tag name" + at(j);
        std::size_t name_begin = j;
        while (j < x.size() && name_char(x[j])) ++j;
        std::string name = x.substr(name_begin, j - name_begin);
        if (closing) {
            while (j < x.size() && std::isspace(static_cast<unsigned char>(x[j]))) ++j;
            if (j >= x.size() || x[j] != '>') return "bad closing tag" + at(lt);
            if (open.empty() || open.back() != name) return "</" + name + "> does not close the open element" + at(lt);
            open.pop_back();
            if (open.empty()) root_done = true;
            i = j + 1;
            continue;
        }
        if (open.empty() && root_done) return "a second root element" + at(lt);
        std::set<std::string> attributes;
        for (;;) {
            std::size_t before = j;
            while (j < x.size() && std::isspace(static_cast<unsigned char>(x[j]))) ++j;
            if (j >= x.size()) return "unterminated tag" + at(lt);
            if (x[j] == '>' || x.compare(j, 2, "/>") == 0) break;
            if (j == before) return "attributes must be separated by spaces" + at(j);
            if (!name_start(x[j])) return "bad attribute name" + at(j);
            std::size_t a = j;
            while (j < x.size() && name_char(x[j])) ++j;
            std::string attribute = x.substr(a, j - a);
            if (!attributes.insert(attribute).second) return "attribute " + attribute + " given twice" + at(a);
            if (j >= x.size() || x[j] != '=') return "attribute without a value" + at(j);
            ++j;
            if (j >= x.size() || (x[j] != '"' && x[j] != '\'')) return "unquoted attribute value" + at(j);
            char quote = x[j++];
            std::size_t end = x.find(quote, j);
            if (end == std::string::npos) return "unterminated attribute value" + at(j);
            if (auto p = check_chars(j, end); !p.empty()) return p;
            j = end + 1;
        }
        if (x[j] == '/') {
            if (open.empty()) root_done = true;
            i = j + 2;
        } else {
            open.push_back(name);
            i = j + 1;
        }
    }
    if (!open.empty()) return "<" + open.back() + "> is never closed";
    if (!root_done) return "no root element";
    return "";
}

int count(const std::string& text, const std::string& what) {
    int n = 0;
    for (std::size_t i = text.find(what); i != std::string::npos; i = text.find(what, i + what.size())) ++n;
    return n;
}

}  // namespace

TEST_CASE("parley test: the shipped suite passes, with 100% node and branch coverage") {
    Output o = run("test " + scripts + " --coverage");
    INFO(o.out << o.err);
    CHECK(o.exit_code == 0);
    CHECK(o.err.empty());
    CHECK(std::regex_match(last_line(o.out), std::regex("[1-9][0-9]* passed, 0 failed")));
    CHECK(o.out.find("FAIL") == std::string::npos);
    CHECK(o.out.find("PASS " + scripts + "/cancel_service.test.yaml:4: a long-standing customer hears one offer") !=
          std::string::npos);
    CHECK(std::regex_search(o.out, std::regex("\n  total +65/65 +100\\.0% +74/74 +100\\.0%\n")));
    CHECK(o.out.find("not reached") == std::string::npos);
    CHECK(o.out.find("branch not taken") == std::string::npos);
}

TEST_CASE("parley test: a failing case is reported with its turn, each assertion's place, and the transcript") {
    Output o = run("test " + failing);
    CHECK(o.exit_code == 1);
    CHECK(o.err.empty());
    const std::string f = failing;
    CHECK(o.out ==
          "PASS " + f + ":4: speed leads to the faster plan\n"
          "FAIL " + f + ":10: the discount keeps a long-standing customer\n"
          "  turn 2, reply \"no\" (" + f + ":16:9)\n"
          "  " + f + ":18:20: outcome\n"
          "    expected: retained\n"
          "    actual:   cancelled at cancel_service.cancelled\n"
          "  " + f + ":19:19: slots: offer.discount_accepted\n"
          "    expected: true\n"
          "    actual:   false\n"
          "    note: offer.discount_accepted = false: answered at turn 2 to 'discount' in script cancel_service\n"
          "  transcript:\n"
          "    agent: I can cancel your service for you on this call.\n"
          "    agent [ask cancel_service.reason]: Before I do, could you tell me the main reason: the price, the service "
          "itself, moving home, or something else?\n"
          "    customer: price\n"
          "    agent: You've been with us for 4 years, and I'd like to make one offer before I cancel.\n"
          "    agent [offer cancel_service.discount]: I can take 25% off your monthly bill for the next 12 months. Would "
          "you like that instead of cancelling? If not, I'll go ahead with the cancellation straight away.\n"
          "    customer: no\n"
          "    agent: That's done: your service is cancelled. The confirmation, with your reference number and the date "
          "the service stops, goes to the email address on your account.\n"
          "    agent [end: cancelled, cancel_service.cancelled]: Thank you for having been with us. If you ever want to "
          "come back, we'll be glad to set you up again.\n"
          "1 passed, 1 failed\n");

    // docs/testing.md shows this very report, run from the repository's root.
    std::string report = o.out;
    const std::string root = std::string(PARLEY_SOURCE_DIR) + "/";
    for (std::size_t i = report.find(root); i != std::string::npos; i = report.find(root, i)) report.erase(i, root.size());
    std::string doc = slurp(std::string(PARLEY_SOURCE_DIR) + "/docs/testing.md");
    CHECK(doc.find("$ parley test tests/data/testing/failing.test.yaml\n" + report) != std::string::npos);
}

TEST_CASE("parley test --format junit: well-formed JUnit XML with a failure per failing case") {
    Output o = run("test " + failing + " " + scripts + " --format junit");
    CHECK(o.exit_code == 1);
    INFO(o.out);
    CHECK(xml_problem(o.out) == "");
    CHECK(o.out.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"parley test\"", 0) == 0);
    CHECK(count(o.out, "<testsuite ") == 15);  // the failing file and the fourteen shipped ones (en, es)
    CHECK(count(o.out, "<failure ") == 1);
    CHECK(o.out.find("failures=\"1\" errors=\"0\"") != std::string::npos);
    CHECK(o.out.find("<testcase name=\"the discount keeps a long-standing customer\" classname=\"failing\" file=\"" +
                     failing + "\" line=\"10\"") != std::string::npos);
    CHECK(o.out.find("<failure message=\"" + failing + ":18:20: outcome: expected retained, actual cancelled at "
                     "cancel_service.cancelled\" type=\"outcome\">") != std::string::npos);
    // Apostrophes and quotes of the transcript are escaped.
    CHECK(o.out.find("You&apos;ve been with us for 4 years") != std::string::npos);
    // The closing line goes to stderr, so stdout stays one XML document.
    CHECK(std::regex_match(last_line(o.err), std::regex("[1-9][0-9]* passed, 1 failed")));

    // The checker itself catches what it should.
    CHECK(xml_problem("<a><b></a></b>") != "");
    CHECK(xml_problem("<a x=\"1\" x=\"2\"/>") != "");
    CHECK(xml_problem("<a>&nbsp;</a>") != "");
    CHECK(xml_problem("<a>x < y</a>") != "");
    CHECK(xml_problem("<a/><b/>") != "");
    CHECK(xml_problem("<a>") != "");
    CHECK(xml_problem("<a x=1/>") != "");
    CHECK(xml_problem("<?xml version=\"1.0\"?>\n<a t='&quot;&#39;'>ok &amp; <b/></a>\n") == "");
}

TEST_CASE("parley test --format junit: a test file that does not load is an error element") {
    TempDir dir("junit-broken");
    std::string file = dir.write("bad.test.yaml", "tests:\n  - name: <odd> & \"quoted\"\n    scrpt: x\n");
    Output o = run("test " + file + " --format junit");
    CHECK(o.exit_code == 1);
    INFO(o.out);
    CHECK(xml_problem(o.out) == "");
    CHECK(count(o.out, "<error ") == 1);
    CHECK(o.out.find("[test-unknown-key]") != std::string::npos);
    CHECK(last_line(o.err) == "0 passed, 1 failed");
}

TEST_CASE("parley test --format json: one object per case") {
    Output o = run("test " + failing + " --format json");
    CHECK(o.exit_code == 1);
    auto lines = json_lines(o.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["name"] == "speed leads to the faster plan");
    CHECK(lines[0]["passed"] == true);
    CHECK(lines[0]["failures"].empty());
    CHECK(lines[0]["file"] == failing);
    CHECK(lines[0]["line"] == 4);
    CHECK(lines[1]["passed"] == false);
    CHECK(lines[1]["failed_turn"] == 2);
    CHECK(lines[1]["step"] == "reply \"no\"");
    CHECK(lines[1]["step_line"] == 16);
    CHECK(lines[1]["outcome"] == "cancelled");
    CHECK(lines[1]["turns"] == 2);
    REQUIRE(lines[1]["failures"].size() == 2);
    const auto& f = lines[1]["failures"][0];
    CHECK(f["assertion"] == "outcome");
    CHECK(f["expected"] == "retained");
    CHECK(f["actual"] == "cancelled at cancel_service.cancelled");
    CHECK(f["line"] == 18);
    CHECK(f["column"] == 20);
    CHECK(lines[1]["failures"][1]["notes"].size() == 1);
    CHECK(lines[1]["transcript"].back() ==
          "agent [end: cancelled, cancel_service.cancelled]: Thank you for having been with us. If you ever want to come "
          "back, we'll be glad to set you up again.");
    CHECK(last_line(o.err) == "1 passed, 1 failed");
}

TEST_CASE("parley test --filter runs only the cases whose name contains the text") {
    Output o = run("test " + failing + " --filter speed");
    CHECK(o.exit_code == 0);
    CHECK(o.out == "PASS " + failing + ":4: speed leads to the faster plan\n1 passed, 0 failed\n");

    o = run("test " + scripts + " --filter 'asks to cancel' --format json");
    CHECK(o.exit_code == 0);
    auto lines = json_lines(o.out);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["name"] == "a customer who asks to cancel gets one retention offer, then the cancellation");

    o = run("test " + scripts + " --filter 'no such case'");
    CHECK(o.exit_code == 2);
    CHECK(o.out == "0 passed, 0 failed\n");
    CHECK(o.err.find("no test case matches --filter 'no such case'") != std::string::npos);
}

TEST_CASE("parley test --coverage: a table per script, with what was not reached") {
    Output o = run("test " + scripts + " --coverage --filter 'a customer who wants more speed takes'");
    CHECK(o.exit_code == 0);
    INFO(o.out);
    CHECK(o.out.find("coverage of " + scripts + ":\n") != std::string::npos);
    CHECK(std::regex_search(o.out, std::regex("\n  script +nodes +branches  file\n")));
    CHECK(std::regex_search(o.out, std::regex("\n  plan_review +3/7 +42\\.9% +2/9 +22\\.2%  " + scripts + "/plan_review.yaml\n")));
    CHECK(std::regex_search(o.out, std::regex("\n  escalation +0/2 +0\\.0% +0/1 +0\\.0%  ")));
    CHECK(o.out.find("  not reached: " + scripts + "/plan_review.yaml:56:3: plan_review.loyalty_credit\n") != std::string::npos);
    CHECK(o.out.find("  branch not taken: " + scripts + "/plan_review.yaml:54:9: plan_review.faster_plan, branch 2 of 2\n") !=
          std::string::npos);
    CHECK(last_line(o.out) == "1 passed, 0 failed");

    // With a machine-readable format the table goes to stderr.
    o = run("test " + scripts + " --coverage --format json --filter 'takes the faster plan'");
    CHECK(json_lines(o.out).size() == 1);
    CHECK(o.err.find("coverage of ") != std::string::npos);
}

TEST_CASE("parley test --coverage-format lcov: nodes as DA lines, branches as BRDA, read by genhtml") {
    TempDir dir("lcov");
    std::string info = (dir.path / "parley.info").string();
    Output o = run("test " + scripts + " --coverage-format lcov --coverage-output " + info +
                   " --filter 'a customer who wants more speed takes'");
    INFO(o.out << o.err);
    CHECK(o.exit_code == 0);
    CHECK(o.out.find("coverage written to " + info + " (lcov)\n") != std::string::npos);
    std::string lcov = slurp(info);
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

    std::string html = (dir.path / "html").string();
    int status = std::system(("genhtml --branch-coverage --quiet -o " + html + " " + info + " >" + dir.path.string() +
                              "/genhtml.log 2>&1").c_str());
    INFO(slurp(dir.path.string() + "/genhtml.log"));
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(fs::exists(html + "/index.html"));
    // genhtml's page for the script shows its YAML, with the untaken branch marked on its line.
    fs::path page;
    for (const auto& e : fs::recursive_directory_iterator(html))
        if (e.path().filename() == "plan_review.yaml.gcov.html") page = e.path();
    REQUIRE_FALSE(page.empty());
    std::string text = slurp(page.string());
    CHECK(text.find("en: Our 500 Mb plan costs 5 more a month than yours") != std::string::npos);
    CHECK(text.find("Branch 1 was not taken") != std::string::npos);
}

TEST_CASE("parley test: test files that do not load, and libraries that do not load, count as failures") {
    TempDir dir("broken");
    dir.write("lib/s.yaml", "script: s\nversion: 1\nstart: a\nnodes:\n  a:\n    end: resolved\n");
    std::string bad = dir.write("lib/bad.test.yaml", "tests:\n  - name: a\n    script: s\n    turns:\n      - {reply: x, signal: y}\n");
    dir.write("lib/good.test.yaml", "tests:\n  - {name: ends, script: s, start: {outcome: resolved}}\n");
    dir.write("broken_lib/s.yaml", "script: s\nversion: 1\nstart: nowhere\nnodes:\n  a:\n    end: resolved\n");
    std::string orphan = dir.write("broken_lib/t.test.yaml", "tests:\n  - {name: a, script: s}\n");
    Output o = run("test " + dir.path.string());
    CHECK(o.exit_code == 1);
    CHECK(o.err.find(bad + ":5:20: error: a turn has one step, but this one has both 'reply' and 'signal' "
                     "[test-conflicting-keys]") != std::string::npos);
    CHECK(o.err.find("[unknown-node]") != std::string::npos);
    CHECK(o.out.find("FAIL " + bad + ": the test file does not load\n") != std::string::npos);
    CHECK(o.out.find("FAIL " + orphan + ": its library does not load\n") != std::string::npos);
    CHECK(o.out.find("PASS ") != std::string::npos);
    CHECK(last_line(o.out) == "1 passed, 2 failed");
}

TEST_CASE("parley test: usage errors") {
    Output o = run("test /no/such/path");
    CHECK(o.exit_code == 2);
    CHECK(o.err.find("no such file or directory: /no/such/path") != std::string::npos);

    TempDir dir("empty");
    dir.write("s.yaml", "script: s\nversion: 1\nstart: a\nnodes:\n  a:\n    end: resolved\n");
    o = run("test " + dir.path.string());
    CHECK(o.exit_code == 2);
    CHECK(o.err.find("no test files (*.test.yaml)") != std::string::npos);

    CHECK(run("test " + failing + " --format xml").exit_code == 2);
    CHECK(run("test").exit_code == 2);
}
