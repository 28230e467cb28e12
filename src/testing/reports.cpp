// The reports of a run of test files (docs/testing.md, sections 4, 5 and 9): text, JUnit XML, the
// coverage table, lcov tracefiles and the mutation score. Plain std::ostream, so the library needs
// no formatting or JSON dependency; `parley test` prints these as they are.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <ostream>

#include "common/text.hpp"
#include "parley/mutate.hpp"
#include "parley/test_suite.hpp"

namespace parley::testing {

namespace {

namespace fs = std::filesystem;

std::string where(const SourceRegion& r, bool column = true) {
    std::string out = r.file;
    if (r.line > 0) out += ":" + std::to_string(r.line);
    if (r.line > 0 && column) out += ":" + std::to_string(r.column);
    return out;
}

// printf-style formatting of one number, for the fixed decimals reports use.
std::string format_number(const char* format, double n) {
    char buf[64];
    int len = std::snprintf(buf, sizeof buf, format, n);
    return std::string(buf, static_cast<std::size_t>(std::max(len, 0)));
}

std::string seconds(double s) { return format_number("%.6f", s); }

std::string percent(int hit, int total) {
    if (total == 0) return "-";
    return format_number("%.1f%%", 100.0 * hit / total);
}

std::string pad_right(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

std::string pad_left(const std::string& s, std::size_t width) {
    return s.size() < width ? std::string(width - s.size(), ' ') + s : s;
}

// ---------------------------------------------------------------------------------------------
// text

std::string step_line(const CaseResult& r) {
    if (r.failed_turn <= 0) return "  at the start (" + where(r.step_region) + ")";
    return "  turn " + std::to_string(r.failed_turn) + ", " + printable(r.step) + " (" + where(r.step_region) + ")";
}

// The failure as people read it: the case, the turn, each failed assertion, the transcript.
// What a test file, a script or a reply supplied is printable(): one line each, no terminal escapes.
std::string failure_text(const CaseResult& r) {
    std::string out = "FAIL " + where(r.region, false) + ": " + printable(r.name) + "\n" + step_line(r) + "\n";
    for (const auto& f : r.failures) {
        out += "  " + where(f.region) + ": " + f.assertion + "\n";
        out += "    expected: " + printable(f.expected) + "\n";
        out += "    actual:   " + printable(f.actual) + "\n";
        for (const auto& n : f.notes) out += "    note: " + printable(n) + "\n";
    }
    out += "  transcript:\n";
    for (const auto& line : r.transcript) out += "    " + printable(line) + "\n";
    return out;
}

// ---------------------------------------------------------------------------------------------
// JUnit XML

// XML 1.0 character data and attribute values, valid whatever bytes a test file or a reply held.
std::string xml(std::string_view s) {
    std::string out;
    detail::append_xml_text(out, s);
    return out;
}

std::string attribute(std::string_view s) {
    std::string out;
    detail::append_xml_text(out, s, true);
    return out;
}

std::string classname(const std::string& file) {
    std::string name = fs::path(file).filename().string();
    for (std::string_view suffix : {".test.yaml", ".test.yml"})
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            return name.substr(0, name.size() - suffix.size());
    return name;
}

// A file that does not load: one test case with an <error>, its diagnostics as the text.
void write_junit_load_error(std::ostream& o, const FileRun& f) {
    std::string text;
    for (const auto& d : f.problems) text += format(d) + "\n";
    o << "    <testcase name=\"" << attribute(f.file) << "\" classname=\"" << attribute(classname(f.file)) << "\" file=\""
      << attribute(f.file) << "\" time=\"0\">\n";
    o << "      <error message=\"" << attribute(f.load_error()) << "\" type=\"load\">" << xml(text) << "</error>\n";
    o << "    </testcase>\n";
}

void write_junit_case(std::ostream& o, const FileRun& f, const CaseResult& r) {
    o << "    <testcase name=\"" << attribute(r.name) << "\" classname=\"" << attribute(classname(f.file)) << "\" file=\""
      << attribute(r.region.file) << "\" line=\"" << r.region.line << "\" time=\"" << seconds(r.seconds) << "\"";
    if (r.passed()) {
        o << "/>\n";
        return;
    }
    const auto& first = r.failures.front();
    std::string message = where(first.region) + ": " + first.assertion + ": expected " + first.expected + ", actual " +
                          first.actual;
    o << ">\n      <failure message=\"" << attribute(message) << "\" type=\"" << attribute(first.assertion) << "\">"
      << xml(failure_text(r)) << "</failure>\n    </testcase>\n";
}

void write_junit_suite(std::ostream& o, const FileRun& f) {
    int failures = 0;
    for (const auto& r : f.results) failures += !r.passed();
    bool broken = !f.loaded();
    o << "  <testsuite name=\"" << attribute(f.file) << "\" tests=\"" << (broken ? 1 : f.results.size()) << "\" failures=\""
      << failures << "\" errors=\"" << (broken ? 1 : 0) << "\" skipped=\"0\" time=\"" << seconds(f.seconds()) << "\">\n";
    if (broken) write_junit_load_error(o, f);
    for (const auto& r : f.results) write_junit_case(o, f, r);
    o << "  </testsuite>\n";
}

}  // namespace

void write_text_report(std::ostream& out, const TestRun& run) {
    for (const FileRun& f : run.files) {
        if (!f.loaded()) {
            out << "FAIL " << f.file << ": " << f.load_error() << "\n";
            for (const auto& d : f.problems) out << "  " << format(d) << "\n";
            continue;
        }
        for (const CaseResult& r : f.results) {
            if (r.passed()) out << "PASS " << where(r.region, false) << ": " << printable(r.name) << "\n";
            else out << failure_text(r);
        }
    }
}

void write_junit_report(std::ostream& out, const TestRun& run) {
    int tests = 0, failures = 0, errors = 0;
    double total = 0;
    for (const FileRun& f : run.files) {
        if (!f.loaded()) {
            ++tests;
            ++errors;
        }
        for (const auto& r : f.results) {
            ++tests;
            failures += !r.passed();
        }
        total += f.seconds();
    }
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites name=\"parley test\" tests=\"" << tests << "\" failures=\"" << failures << "\" errors=\"" << errors
        << "\" time=\"" << seconds(total) << "\">\n";
    for (const FileRun& f : run.files) write_junit_suite(out, f);
    out << "</testsuites>\n";
}

// ---------------------------------------------------------------------------------------------
// coverage

void write_coverage_table(std::ostream& o, const Coverage& c) {
    std::vector<Coverage::Counts> scripts = c.per_script();
    std::size_t width = 6;
    for (const auto& s : scripts) width = std::max(width, s.script.size());
    o << "coverage of " << c.name << ":\n";
    o << "  " << pad_right("script", width) << "  " << pad_left("nodes", 15) << "  " << pad_left("branches", 15)
      << "  file\n";
    auto row = [&](const Coverage::Counts& s) {
        std::string line = "  " + pad_right(s.script, width) + "  " +
                           pad_left(std::to_string(s.nodes_hit) + "/" + std::to_string(s.nodes), 7) + " " +
                           pad_left(percent(s.nodes_hit, s.nodes), 7) + "  " +
                           pad_left(std::to_string(s.branches_hit) + "/" + std::to_string(s.branches), 7) + " " +
                           pad_left(percent(s.branches_hit, s.branches), 7) + "  " + s.file;
        o << line.substr(0, line.find_last_not_of(' ') + 1) << "\n";
    };
    for (const auto& s : scripts) row(s);
    row(c.total());
    for (std::size_t i = 0; i < c.nodes.size(); ++i) {
        const NodeInfo& n = c.nodes[i];
        if (c.node_hits[i] == 0) o << "  not reached: " << where(n.region) << ": " << n.script << "." << n.node << "\n";
        for (std::size_t b = 0; b < c.branch_hits[i].size(); ++b)
            if (c.branch_hits[i][b] == 0)
                o << "  branch not taken: " << where(n.branches[b]) << ": " << n.script << "." << n.node << ", branch "
                  << b + 1 << " of " << c.branch_hits[i].size() << "\n";
    }
}

void write_locale_coverage(std::ostream& o, const std::vector<Coverage>& by_locale) {
    for (std::size_t first = 0, last = 0; first < by_locale.size(); first = last) {  // a library's locales
        std::size_t width = 6;
        for (last = first; last < by_locale.size() && by_locale[last].name == by_locale[first].name; ++last)
            width = std::max(width, by_locale[last].locale.size());
        o << "coverage of " << by_locale[first].name << " per locale:\n";
        o << "  " << pad_right("locale", width) << "  " << pad_left("nodes", 15) << "  " << pad_left("branches", 15) << "\n";
        for (std::size_t i = first; i < last; ++i) {
            Coverage::Counts t = by_locale[i].total();
            o << "  " << pad_right(by_locale[i].locale, width) << "  "
              << pad_left(std::to_string(t.nodes_hit) + "/" + std::to_string(t.nodes), 7) << " " << pad_left(percent(t.nodes_hit, t.nodes), 7)
              << "  " << pad_left(std::to_string(t.branches_hit) + "/" + std::to_string(t.branches), 7) << " "
              << pad_left(percent(t.branches_hit, t.branches), 7) << "\n";
        }
    }
}

// Each script file as a source file (SF, absolute), its nodes as lines, their `next` entries as
// branches (BRDA:line,block,branch,taken); a branch of a node never reached is "-".
void write_lcov(std::ostream& o, const Coverage& c) {
    std::vector<std::string> files;
    for (const auto& n : c.nodes)
        if (std::find(files.begin(), files.end(), n.region.file) == files.end()) files.push_back(n.region.file);
    for (const std::string& file : files) {
        std::error_code ec;
        fs::path absolute = fs::absolute(file, ec);
        o << "TN:\nSF:" << (ec ? file : absolute.lexically_normal().string()) << "\n";
        int lines = 0, lines_hit = 0, branches = 0, branches_hit = 0, block = 0;
        for (std::size_t i = 0; i < c.nodes.size(); ++i) {
            const NodeInfo& n = c.nodes[i];
            if (n.region.file != file) continue;
            o << "DA:" << n.region.line << "," << c.node_hits[i] << "\n";
            ++lines;
            lines_hit += c.node_hits[i] > 0;
            for (std::size_t b = 0; b < n.branches.size(); ++b) {
                long hits = c.branch_hits[i][b];
                o << "BRDA:" << n.branches[b].line << "," << block << "," << b << ","
                  << (c.node_hits[i] == 0 ? std::string("-") : std::to_string(hits)) << "\n";
                ++branches;
                branches_hit += hits > 0;
            }
            ++block;
        }
        o << "BRF:" << branches << "\nBRH:" << branches_hit << "\nLF:" << lines << "\nLH:" << lines_hit
          << "\nend_of_record\n";
    }
}

// ---------------------------------------------------------------------------------------------
// mutation

double MutationScore::percent() const noexcept {
    return tried == 0 ? 100.0 : 100.0 * static_cast<double>(killed) / static_cast<double>(tried);
}

namespace {

// One library's mutants against `cases`: its line, the survivors and the equivalent ones.
void write_library_mutants(std::ostream& out, const std::string& name, const Library& library,
                           const std::vector<TestCase>& cases, MutationScore& score) {
    MutationReport report = mutation_test(library, cases);
    if (!report.failing.empty()) {
        out << "mutants of " << name << ": not tried, " << report.failing.size()
            << " case(s) fail on the scripts themselves\n";
        score.tested = false;
        return;
    }
    out << "mutants of " << name << ": " << report.killed() << " of " << report.results.size() << " killed";
    if (!report.equivalent.empty()) out << " (" << report.equivalent.size() << " left out as equivalent)";
    out << "\n";
    for (const auto& r : report.results)
        if (!r.killed)
            out << "  SURVIVED " << where(r.mutant.region) << ": " << r.mutant.description << " ["
                << to_string(r.mutant.kind) << "]\n";
    for (const auto& e : report.equivalent) out << "  equivalent: " << e << "\n";
    score.killed += report.killed();
    score.tried += report.results.size();
}

}  // namespace

MutationScore write_mutation_report(std::ostream& out, const TestRun& run) {
    MutationScore score;
    const std::string& filter = run.options.filter;
    for (std::size_t i = 0; i < run.libraries.size(); ++i) {
        const RunLibrary& library = run.libraries[i];
        if (!library.loaded) continue;
        std::vector<TestCase> cases;
        for (const FileRun& f : run.files)
            if (f.suite && f.library == i)
                for (const TestCase& c : f.suite->cases)
                    if (filter.empty() || c.name.find(filter) != std::string::npos) cases.push_back(c);
        if (!cases.empty()) write_library_mutants(out, library.path, *library.loaded, cases, score);
    }
    out << "mutation score: " << score.killed << "/" << score.tried << " killed ("
        << format_number("%.1f", score.percent()) << "%)\n";
    return score;
}

}  // namespace parley::testing
