// `parley graph` through its documented contract (docs/cli.md, "parley graph"): DOT that Graphviz
// reads, Mermaid, SVG, one self-contained HTML page, coverage highlighting, and bad arguments.
#include <doctest/doctest.h>

#include <unistd.h>

#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"

using namespace cli_test;

namespace {

const std::string data = std::string(PARLEY_TEST_DATA) + "/graph";
const std::vector<std::string> shipped = {"account_status",     "billing_complaint", "cancel_service", "device_replacement",
                                           "escalation",         "internet_down",     "plan_review"};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

bool have_dot() { return ::access("/usr/bin/dot", X_OK) == 0; }

// A scratch file that removes itself.
struct TempFile {
    std::string path;
    TempFile() {
        char name[] = "/tmp/parley-graph-test-XXXXXX";
        int fd = ::mkstemp(name);
        ::close(fd);
        path = name;
    }
    ~TempFile() { ::unlink(path.c_str()); }
};

// Graphviz's verdict on DOT text: dot's exit code, with what it said.
Output dot_reads(const std::string& dot_text) {
    TempFile f;
    std::ofstream(f.path, std::ios::binary) << dot_text;
    Output o;
    std::string command = "dot -Tsvg " + f.path + " >/dev/null 2>" + f.path + ".err";
    int status = std::system(command.c_str());
    o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.err = slurp(f.path + ".err");
    ::unlink((f.path + ".err").c_str());
    return o;
}

}  // namespace

// ---- DOT --------------------------------------------------------------------------------------

TEST_CASE("parley graph: DOT by default, one cluster per script, nodes shaped by kind, conditions on the edges") {
    Output o = run("graph " + scripts + " --script cancel_service");
    INFO(o.out << o.err);
    CHECK(o.exit_code == 0);
    CHECK(o.err.empty());
    CHECK(o.out.rfind("digraph parley {\n", 0) == 0);
    CHECK(count(o.out, "subgraph cluster_") == 1);
    CHECK(contains(o.out, "[shape=box, fillcolor=\"#dbeafe\", label=\"reason (ask)\\nBefore I do"));
    CHECK(contains(o.out, "[shape=hexagon, fillcolor=\"#fde68a\", label=\"discount (retention offer)"));
    CHECK(contains(o.out, "[shape=doubleoctagon, fillcolor=\"#d1d5db\", label=\"cancelled (end: cancelled)"));
    CHECK(contains(o.out, "label=\"account.tenure_years >= 2\"]"));
    CHECK(contains(o.out, "label=\"otherwise\"]"));
    CHECK(contains(o.out, "label=\"after 2 unclear replies\", style=dotted]"));
    // Policy routes, dashed, from any prompt; the escalation node of another script stands outside.
    CHECK(contains(o.out, "label=\"any prompt\""));
    CHECK(contains(o.out, "[label=\"cancel request\", style=dashed"));
    CHECK(contains(o.out, "[label=\"supervisor or agent\", style=dashed"));
    CHECK(contains(o.out, "label=\"escalation.handoff\", style=\"filled,dashed\""));
    CHECK_FALSE(contains(o.out, "NOT TESTED"));  // no --coverage, no highlighting
}

TEST_CASE("parley graph: the whole library has every script as a cluster, with calls and returns between them") {
    Output o = run("graph " + scripts);
    INFO(o.err);
    CHECK(o.exit_code == 0);
    CHECK(count(o.out, "subgraph cluster_") == shipped.size());
    CHECK(contains(o.out, "[label=\"call\", color=\"#6d28d9\""));
    CHECK(contains(o.out, "[label=\"return\", color=\"#6d28d9\""));
    CHECK(count(o.out, "style=\"filled,dashed\"") == 1);  // only "any prompt": every route leads inside
    CHECK_FALSE(contains(o.out, "shape=box3d"));  // every called script is in the picture
}

TEST_CASE("parley graph: Graphviz reads the DOT of every shipped script and of the whole library") {
    if (!have_dot()) {
        MESSAGE("skipped: Graphviz's dot is not installed");
        return;
    }
    std::vector<std::string> args = {"graph " + scripts};
    for (const std::string& id : shipped) args.push_back("graph " + scripts + " --script " + id);
    for (const std::string& a : args) {
        Output o = run(a);
        REQUIRE(o.exit_code == 0);
        Output verdict = dot_reads(o.out);
        INFO(a << "\n" << verdict.err);
        CHECK(verdict.exit_code == 0);
        CHECK(verdict.err.empty());
    }
}

// (A script with bytes that are not UTF-8 does not load: bad-encoding, tests/unit/test_load_limits.cpp.)
TEST_CASE("parley graph: labels are escaped in DOT: quotes, backslashes, entities, and UTF-8 kept as is") {
    Output o = run("graph " + data + "/tricky.yaml");
    INFO(o.out << o.err);
    REQUIRE(o.exit_code == 0);
    CHECK(contains(o.out, "Say \\\"yes\\\" or C:\\\\\\\\path | a]b [x]"));  // \"yes\" and C:\\\\path in DOT
    CHECK(contains(o.out, "&amp;lt; <b> second line"));                     // an entity stays as written
    CHECK(contains(o.out, "caf\xC3\xA9 end"));
    if (have_dot()) {
        Output verdict = dot_reads(o.out);
        INFO(verdict.err);
        CHECK(verdict.exit_code == 0);
        CHECK(verdict.err.empty());
    }
}

// ---- Mermaid ----------------------------------------------------------------------------------

TEST_CASE("parley graph --format mermaid: a flowchart with a subgraph per script, declared nodes, and dashed policy routes") {
    Output o = run("graph " + scripts + " --script cancel_service --format mermaid");
    INFO(o.out << o.err);
    REQUIRE(o.exit_code == 0);
    auto lines = lines_of(o.out);
    REQUIRE_FALSE(lines.empty());
    CHECK(lines[0] == "flowchart TD");
    CHECK(count(o.out, "  subgraph s") == 1);
    CHECK(count(o.out, "\n  end\n") == 1);
    const std::regex node(R"(^ +(n\d+)[\[\(\{>].*$)");
    const std::regex edge(R"(^  (n\d+) (-->|-\.->)(\|"[^"|]*"\|)? (n\d+)$)");
    std::set<std::string> declared, used;
    int dashed = 0;
    for (const std::string& line : lines) {
        std::smatch m;
        if (std::regex_match(line, m, edge)) {
            used.insert(m[1]);
            used.insert(m[4]);
            dashed += m[2] == "-.->";
        } else if (std::regex_match(line, m, node)) {
            CHECK_MESSAGE(declared.insert(m[1]).second, m[1] << " is declared twice");
        }
    }
    CHECK(declared.size() == 10);  // the 8 nodes, any prompt, and escalation.handoff
    for (const std::string& n : used) CHECK_MESSAGE(declared.count(n) == 1, n << " is used but not declared");
    CHECK(dashed == 4);  // 3 policy routes and 1 on_fail
    CHECK(contains(o.out, "|\"cancel request\"| n"));
    CHECK(contains(o.out, "classDef fillfde68a fill:#fde68a"));
}

TEST_CASE("parley graph --format mermaid: labels keep only plain characters; the rest are entity codes") {
    Output o = run("graph " + data + "/tricky.yaml --format mermaid");
    INFO(o.out << o.err);
    REQUIRE(o.exit_code == 0);
    CHECK(contains(o.out, "Say #34;yes#34; or C:#92;#92;path #124; a#93;b #91;x#93;"));
    CHECK(contains(o.out, "#35;1 #38;lt; #60;b#62; second line"));
    CHECK(contains(o.out, "caf#233; end"));
    // Inside each quoted label, nothing Mermaid reads as syntax.
    const std::regex quoted(R"q("([^"]*)")q");
    for (auto it = std::sregex_iterator(o.out.begin(), o.out.end(), quoted); it != std::sregex_iterator(); ++it) {
        // Line breaks and entity codes taken out, nothing is left that Mermaid could read as syntax.
        std::string label = std::regex_replace((*it)[1].str(), std::regex("<br>|#[0-9]+;"), "");
        CHECK_MESSAGE(label.find_first_of("[](){}|<>\\`#&") == std::string::npos, (*it)[1].str());
    }
}

// ---- SVG and HTML -----------------------------------------------------------------------------

TEST_CASE("parley graph --format svg: Graphviz's picture, without the line that names Graphviz's version") {
    if (!have_dot()) {
        MESSAGE("skipped: Graphviz's dot is not installed");
        return;
    }
    Output o = run("graph " + scripts + " --script plan_review --format svg");
    INFO(o.err);
    CHECK(o.exit_code == 0);
    CHECK(contains(o.out, "<svg "));
    CHECK(contains(o.out, "</svg>"));
    CHECK(contains(o.out, "plan_review"));
    CHECK_FALSE(contains(o.out, "Generated by graphviz"));
}

TEST_CASE("parley graph --format svg and html without dot on PATH: a clear error, exit 2") {
    for (const char* format : {"svg", "html"}) {
        Output missing;  // a PATH without dot
        {
            std::string command = "PATH=/nonexistent " + std::string(PARLEY_CLI) + " graph " + scripts + " --format " + format +
                                  " >/dev/null 2>/tmp/parley-graph-nodot.err";
            int status = std::system(command.c_str());
            missing.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            missing.err = slurp("/tmp/parley-graph-nodot.err");
            ::unlink("/tmp/parley-graph-nodot.err");
        }
        INFO(format << ": " << missing.err);
        CHECK(missing.exit_code == 2);
        CHECK(contains(missing.err, "need Graphviz's `dot` on PATH (Debian: apt-get install graphviz)"));
    }
}

TEST_CASE("parley graph --format html: one page that works offline, the SVG inline") {
    if (!have_dot()) {
        MESSAGE("skipped: Graphviz's dot is not installed");
        return;
    }
    Output o = run("graph " + scripts + " --format html");
    INFO(o.err);
    REQUIRE(o.exit_code == 0);
    CHECK(o.out.rfind("<!DOCTYPE html>\n", 0) == 0);
    CHECK(count(o.out, "<svg") == 1);
    CHECK_FALSE(contains(o.out, "<?xml"));
    CHECK_FALSE(contains(o.out, "<!DOCTYPE svg"));
    CHECK_FALSE(contains(o.out, "<script"));
    CHECK_FALSE(contains(o.out, "<link"));
    CHECK_FALSE(contains(o.out, "<img"));
    CHECK_FALSE(contains(o.out, "@import"));
    CHECK_FALSE(contains(o.out, "url("));
    // Nothing to fetch: the only URLs are the SVG's namespace names, which are never loaded.
    const std::regex url(R"((\S*)="?https?://[^"\s]*)");
    for (auto it = std::sregex_iterator(o.out.begin(), o.out.end(), url); it != std::sregex_iterator(); ++it)
        CHECK_MESSAGE((*it)[1].str().rfind("xmlns", 0) == 0, (*it)[0].str());
}

// ---- coverage ---------------------------------------------------------------------------------

TEST_CASE("parley graph --coverage: what the tests did not reach or take is marked, the rest is not") {
    TempFile lcov;
    Output tested = run("test " + scripts + " --filter \"speed takes\" --coverage-format lcov --coverage-output " + lcov.path);
    INFO(tested.out << tested.err);
    REQUIRE(tested.exit_code == 0);

    Output o = run("graph " + scripts + " --script plan_review --coverage " + lcov.path);
    INFO(o.out << o.err);
    REQUIRE(o.exit_code == 0);
    // The test takes plan_review 3 of its 7 nodes and 2 of its 9 branches (docs/testing.md, section 5).
    CHECK(count(o.out, "\\nNOT TESTED\"") == 4);
    CHECK(count(o.out, "(not taken)\"") + count(o.out, "label=\"not taken\"") == 7);
    CHECK(count(o.out, "penwidth=3") == 4);
    // plan_review's start node was reached: not marked.
    auto lines = lines_of(o.out);
    for (const std::string& line : lines)
        if (contains(line, "penwidth=2,") && contains(line, "tooltip=\"plan_review.")) CHECK_FALSE(contains(line, "NOT TESTED"));

    Output mermaid = run("graph " + scripts + " --script plan_review --format mermaid --coverage " + lcov.path);
    CHECK(count(mermaid.out, " untested\n") == 4);
    CHECK(contains(mermaid.out, "classDef untested stroke:#dc2626"));
    CHECK(count(mermaid.out, "stroke:#dc2626,stroke-width:3px\n") == 7);  // the linkStyle of each branch not taken
}

TEST_CASE("parley graph --coverage: with the whole suite, the shipped scripts have nothing untested") {
    TempFile lcov;
    REQUIRE(run("test " + scripts + " --coverage-format lcov --coverage-output " + lcov.path).exit_code == 0);
    Output o = run("graph " + scripts + " --coverage " + lcov.path);
    INFO(o.err);
    CHECK(o.exit_code == 0);
    CHECK_FALSE(contains(o.out, "NOT TESTED"));
    CHECK_FALSE(contains(o.out, "not taken"));
}

// ---- bad arguments ----------------------------------------------------------------------------

TEST_CASE("parley graph: bad arguments are refused with a clear message") {
    Output unknown = run("graph " + scripts + " --script cancel_servic");
    CHECK(unknown.exit_code == 2);
    CHECK(contains(unknown.err, "no script 'cancel_servic' in the library"));
    CHECK(contains(unknown.err, "did you mean 'cancel_service'?"));

    Output format = run("graph " + scripts + " --format png");
    CHECK(format.exit_code == 2);
    CHECK(contains(format.err, "png"));

    Output no_path = run("graph");
    CHECK(no_path.exit_code == 2);

    Output no_file = run("graph " + scripts + " --coverage /nonexistent/coverage.info");
    CHECK(no_file.exit_code == 2);
    CHECK(contains(no_file.err, "parley: cannot read /nonexistent/coverage.info"));

    TempFile not_lcov;
    std::ofstream(not_lcov.path) << "SF:scripts/plan_review.yaml\nDA:twelve,1\n";
    Output bad_lcov = run("graph " + scripts + " --coverage " + not_lcov.path);
    CHECK(bad_lcov.exit_code == 2);
    CHECK(contains(bad_lcov.err, not_lcov.path + ":2: not an lcov line parley wrote: DA:twelve,1"));

    std::ofstream(not_lcov.path) << "nothing here\n";
    Output empty_lcov = run("graph " + scripts + " --coverage " + not_lcov.path);
    CHECK(empty_lcov.exit_code == 2);
    CHECK(contains(empty_lcov.err, "has no coverage of any node"));

    Output broken = run("graph " + std::string(PARLEY_TEST_DATA) + "/lint/does_not_load.yaml");
    CHECK(broken.exit_code == 1);
    CHECK(contains(broken.err, "error:"));
}

TEST_CASE("parley graph -o FILE writes the picture there and nothing to standard output") {
    TempFile out;
    Output o = run("graph " + scripts + " --script escalation --format mermaid -o " + out.path);
    CHECK(o.exit_code == 0);
    CHECK(o.out.empty());
    CHECK(slurp(out.path).rfind("flowchart TD\n", 0) == 0);
}
