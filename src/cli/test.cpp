// `parley test`: runs the cases of test files (docs/testing.md) and reports them as text, JUnit XML
// or JSON lines, with node and branch coverage of the scripts (a table, or an lcov .info file).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "parley/mutate.hpp"
#include "parley/parley.hpp"
#include "parley/test_suite.hpp"
#include "verbs.hpp"

namespace parley::cli {

namespace {

namespace fs = std::filesystem;
using testing::CaseResult;
using testing::TestSuite;

struct TestOptions {
    std::vector<std::string> paths;
    std::string filter;
    std::string format = "text";
    bool coverage = false;
    std::string coverage_format = "table";
    std::string coverage_output = "coverage.info";
    bool mutate = false;
    double min_score = 90;
    std::string generate;  // --generate SCRIPT
    std::string output;    // --output FILE (with --generate)
};

/// One test file: loaded (with its library) or not, and its cases' results.
struct SuiteRun {
    std::string file;
    std::optional<TestSuite> suite;
    std::vector<Diagnostic> problems;  ///< why the file, or its library, does not load
    const Library* library = nullptr;
    std::string library_key;
    std::vector<CaseResult> results;
    double seconds() const {
        double s = 0;
        for (const auto& r : results) s += r.seconds;
        return s;
    }
};

std::string where(const SourceRegion& r, bool column = true) {
    std::string out = r.file;
    if (r.line > 0) out += ":" + std::to_string(r.line);
    if (r.line > 0 && column) out += ":" + std::to_string(r.column);
    return out;
}

// ---------------------------------------------------------------------------------------------
// finding and loading

bool collect(const std::string& path, std::vector<std::string>& files) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        std::vector<std::string> found;
        fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
        for (; !ec && it != end; it.increment(ec))
            if (it->is_regular_file(ec) && testing::is_test_file(it->path().string())) found.push_back(it->path().string());
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
        return true;
    }
    if (!fs::exists(path, ec)) return false;
    files.push_back(path);
    return true;
}

// ---------------------------------------------------------------------------------------------
// text

std::string step_line(const CaseResult& r) {
    if (r.failed_turn <= 0) return "  at the start (" + where(r.step_region) + ")";
    return "  turn " + std::to_string(r.failed_turn) + ", " + r.step + " (" + where(r.step_region) + ")";
}

// The failure as people read it: the case, the turn, each failed assertion, the transcript.
std::string failure_text(const CaseResult& r) {
    std::string out = "FAIL " + where(r.region, false) + ": " + r.name + "\n" + step_line(r) + "\n";
    for (const auto& f : r.failures) {
        out += "  " + where(f.region) + ": " + f.assertion + "\n";
        out += "    expected: " + f.expected + "\n";
        out += "    actual:   " + f.actual + "\n";
        for (const auto& n : f.notes) out += "    note: " + n + "\n";
    }
    out += "  transcript:\n";
    for (const auto& line : r.transcript) out += "    " + line + "\n";
    return out;
}

void write_text(const std::vector<SuiteRun>& runs) {
    for (const SuiteRun& run : runs) {
        if (!run.problems.empty()) {
            std::cout << "FAIL " << run.file << ": " << (run.suite ? "its library does not load" : "the test file does not load")
                      << "\n";
            for (const auto& d : run.problems) std::cout << "  " << format(d) << "\n";
            continue;
        }
        for (const CaseResult& r : run.results) {
            if (r.passed()) std::cout << "PASS " << where(r.region, false) << ": " << r.name << "\n";
            else std::cout << failure_text(r);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JUnit XML

std::string xml(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
            // XML 1.0 has no way to write most control characters, even escaped.
            if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') out += '?';
            else out += c;
        }
    }
    return out;
}

std::string seconds(double s) { return fmt::format("{:.6f}", s); }

std::string classname(const std::string& file) {
    std::string name = fs::path(file).filename().string();
    for (std::string_view suffix : {".test.yaml", ".test.yml"})
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            return name.substr(0, name.size() - suffix.size());
    return name;
}

void write_junit(const std::vector<SuiteRun>& runs) {
    int tests = 0, failures = 0, errors = 0;
    double total = 0;
    for (const SuiteRun& run : runs) {
        if (!run.problems.empty()) {
            ++tests;
            ++errors;
        }
        for (const auto& r : run.results) {
            ++tests;
            failures += !r.passed();
        }
        total += run.seconds();
    }
    std::ostream& o = std::cout;
    o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    o << "<testsuites name=\"parley test\" tests=\"" << tests << "\" failures=\"" << failures << "\" errors=\"" << errors
      << "\" time=\"" << seconds(total) << "\">\n";
    for (const SuiteRun& run : runs) {
        int suite_failures = 0;
        for (const auto& r : run.results) suite_failures += !r.passed();
        bool broken = !run.problems.empty();
        o << "  <testsuite name=\"" << xml(run.file) << "\" tests=\"" << (broken ? 1 : run.results.size())
          << "\" failures=\"" << suite_failures << "\" errors=\"" << (broken ? 1 : 0) << "\" skipped=\"0\" time=\""
          << seconds(run.seconds()) << "\">\n";
        if (broken) {
            std::string text;
            for (const auto& d : run.problems) text += format(d) + "\n";
            o << "    <testcase name=\"" << xml(run.file) << "\" classname=\"" << xml(classname(run.file)) << "\" file=\""
              << xml(run.file) << "\" time=\"0\">\n";
            o << "      <error message=\"" << xml(run.suite ? "its library does not load" : "the test file does not load")
              << "\" type=\"load\">" << xml(text) << "</error>\n";
            o << "    </testcase>\n";
        }
        for (const auto& r : run.results) {
            o << "    <testcase name=\"" << xml(r.name) << "\" classname=\"" << xml(classname(run.file)) << "\" file=\""
              << xml(r.region.file) << "\" line=\"" << r.region.line << "\" time=\"" << seconds(r.seconds) << "\"";
            if (r.passed()) {
                o << "/>\n";
                continue;
            }
            const auto& f = r.failures.front();
            std::string message = where(f.region) + ": " + f.assertion + ": expected " + f.expected + ", actual " + f.actual;
            o << ">\n      <failure message=\"" << xml(message) << "\" type=\"" << xml(f.assertion) << "\">"
              << xml(failure_text(r)) << "</failure>\n    </testcase>\n";
        }
        o << "  </testsuite>\n";
    }
    o << "</testsuites>\n";
}

// ---------------------------------------------------------------------------------------------
// JSON lines

void write_json(const std::vector<SuiteRun>& runs) {
    for (const SuiteRun& run : runs) {
        if (!run.problems.empty()) {
            nlohmann::json j = {{"file", run.file}, {"passed", false}, {"error", run.suite ? "its library does not load" : "the test file does not load"}};
            auto& diagnostics = j["diagnostics"] = nlohmann::json::array();
            for (const auto& d : run.problems) diagnostics.push_back(format(d));
            std::cout << j.dump() << "\n";
            continue;
        }
        for (const CaseResult& r : run.results) {
            nlohmann::json j;
            j["file"] = r.region.file;
            j["line"] = r.region.line;
            j["name"] = r.name;
            j["passed"] = r.passed();
            j["outcome"] = to_string(r.outcome);
            j["turns"] = r.turns;
            j["seconds"] = r.seconds;
            j["transcript"] = r.transcript;
            auto& failures = j["failures"] = nlohmann::json::array();
            if (!r.passed()) {
                j["failed_turn"] = r.failed_turn;
                j["step"] = r.step;
                j["step_line"] = r.step_region.line;
                for (const auto& f : r.failures)
                    failures.push_back({{"file", f.region.file}, {"line", f.region.line}, {"column", f.region.column},
                                        {"assertion", f.assertion}, {"expected", f.expected}, {"actual", f.actual},
                                        {"notes", f.notes}});
            }
            std::cout << j.dump() << "\n";
        }
    }
}

// ---------------------------------------------------------------------------------------------
// coverage

struct ScriptCoverage {
    std::string script, file;
    int nodes = 0, nodes_hit = 0, branches = 0, branches_hit = 0;
};

/// Hits per node and per branch of one library, from the paths of the cases run against it.
struct Coverage {
    std::vector<NodeInfo> nodes;
    std::vector<long> node_hits;
    std::vector<std::vector<long>> branch_hits;

    explicit Coverage(const Library& lib) : nodes(lib.nodes()), node_hits(nodes.size()), branch_hits(nodes.size()) {
        for (std::size_t i = 0; i < nodes.size(); ++i) branch_hits[i].resize(nodes[i].branches.size());
    }

    void add(const std::vector<Session::PathStep>& path) {
        for (const auto& step : path)
            for (std::size_t i = 0; i < nodes.size(); ++i) {
                if (nodes[i].script != step.script || nodes[i].node != step.node) continue;
                if (step.branch < 0) ++node_hits[i];
                else if (static_cast<std::size_t>(step.branch) < branch_hits[i].size()) ++branch_hits[i][step.branch];
                break;
            }
    }

    std::vector<ScriptCoverage> per_script() const {
        std::vector<ScriptCoverage> out;
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            if (out.empty() || out.back().script != nodes[i].script)
                out.push_back({std::string(nodes[i].script), nodes[i].region.file});
            ScriptCoverage& s = out.back();
            ++s.nodes;
            s.nodes_hit += node_hits[i] > 0;
            for (long hits : branch_hits[i]) {
                ++s.branches;
                s.branches_hit += hits > 0;
            }
        }
        return out;
    }
};

std::string percent(int hit, int total) {
    if (total == 0) return "-";
    return fmt::format("{:.1f}%", 100.0 * hit / total);
}

void write_table(std::ostream& o, const std::string& library, const Coverage& c) {
    auto scripts = c.per_script();
    ScriptCoverage total{"total", ""};
    std::size_t width = 6;
    for (const auto& s : scripts) {
        width = std::max(width, s.script.size());
        total.nodes += s.nodes;
        total.nodes_hit += s.nodes_hit;
        total.branches += s.branches;
        total.branches_hit += s.branches_hit;
    }
    o << "coverage of " << library << ":\n";
    o << fmt::format("  {:<{}}  {:>15}  {:>15}  {}\n", "script", width, "nodes", "branches", "file");
    auto row = [&](const ScriptCoverage& s) {
        std::string line = fmt::format("  {:<{}}  {:>7} {:>7}  {:>7} {:>7}  {}", s.script, width,
                                       fmt::format("{}/{}", s.nodes_hit, s.nodes), percent(s.nodes_hit, s.nodes),
                                       fmt::format("{}/{}", s.branches_hit, s.branches),
                                       percent(s.branches_hit, s.branches), s.file);
        o << line.substr(0, line.find_last_not_of(' ') + 1) << "\n";
    };
    for (const auto& s : scripts) row(s);
    row(total);
    for (std::size_t i = 0; i < c.nodes.size(); ++i) {
        const NodeInfo& n = c.nodes[i];
        if (c.node_hits[i] == 0) o << "  not reached: " << where(n.region) << ": " << n.script << "." << n.node << "\n";
        for (std::size_t b = 0; b < c.branch_hits[i].size(); ++b)
            if (c.branch_hits[i][b] == 0)
                o << "  branch not taken: " << where(n.branches[b]) << ": " << n.script << "." << n.node << ", branch "
                  << b + 1 << " of " << c.branch_hits[i].size() << "\n";
    }
}

// lcov's tracefile: each script file's nodes as lines (DA) and their `next` entries as branches (BRDA).
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
// --mutate: each library's mutants against every case of the test files that use it

// Prints the surviving mutants and the score; false when a library's cases fail on it, or the
// score is below --min-score.
bool report_mutants(const TestOptions& o, const std::vector<SuiteRun>& runs, const std::vector<std::string>& library_order,
                    std::ostream& out) {
    std::size_t killed = 0, tried = 0;
    bool tested = true;
    for (const std::string& key : library_order) {
        const Library* library = nullptr;
        std::string name;
        std::vector<testing::TestCase> cases;
        for (const SuiteRun& run : runs) {
            if (run.library_key != key || !run.library) continue;
            library = run.library;
            if (name.empty()) name = run.suite->library;
            for (const auto& c : run.suite->cases)
                if (o.filter.empty() || c.name.find(o.filter) != std::string::npos) cases.push_back(c);
        }
        if (!library || cases.empty()) continue;
        testing::MutationReport report = testing::mutation_test(*library, cases);
        if (!report.failing.empty()) {
            out << "mutants of " << name << ": not tried, " << report.failing.size()
                << " case(s) fail on the scripts themselves\n";
            tested = false;
            continue;
        }
        out << "mutants of " << name << ": " << report.killed() << " of " << report.results.size() << " killed";
        if (!report.equivalent.empty()) out << " (" << report.equivalent.size() << " left out as equivalent)";
        out << "\n";
        for (const auto& r : report.results)
            if (!r.killed)
                out << "  SURVIVED " << where(r.mutant.region) << ": " << r.mutant.description << " ["
                    << testing::to_string(r.mutant.kind) << "]\n";
        for (const auto& e : report.equivalent) out << "  equivalent: " << e << "\n";
        killed += report.killed();
        tried += report.results.size();
    }
    double score = tried == 0 ? 100.0 : 100.0 * static_cast<double>(killed) / static_cast<double>(tried);
    out << fmt::format("mutation score: {}/{} killed ({:.1f}%)\n", killed, tried, score);
    if (score < o.min_score)
        std::cerr << fmt::format("parley: the mutation score {:.1f}% is below --min-score {}\n", score, o.min_score);
    return tested && score >= o.min_score;
}

// ---------------------------------------------------------------------------------------------
// --generate SCRIPT [PATH]: a test file with a case per path through the script

int generate(const TestOptions& o) {
    if (o.paths.size() > 1) {
        std::cerr << "parley: --generate takes one script file or directory, not " << o.paths.size() << "\n";
        return usage;
    }
    const std::string path = o.paths.empty() ? "." : o.paths.front();
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        std::cerr << "parley: no such file or directory: " << path << "\n";
        return usage;
    }
    auto library = Library::load(path);
    for (const auto& d : library.diagnostics()) std::cerr << format(d) << "\n";
    if (!library) return findings;
    testing::GenerateOptions options;
    if (!o.output.empty()) {
        // `library:` is written relative to the folder the test file goes to (none when it is that folder).
        options.file_name = o.output;
        fs::path scripts = fs::weakly_canonical(fs::absolute(path, ec), ec);
        fs::path folder = fs::weakly_canonical(fs::absolute(o.output, ec).parent_path(), ec);
        fs::path relative = scripts.lexically_relative(folder);
        std::string written = relative.empty() ? scripts.generic_string() : relative.generic_string();
        if (written != ".") options.library = written;
    }
    auto generated = testing::generate_tests(*library, o.generate, options);
    if (!generated) {
        for (const auto& d : generated.diagnostics()) std::cerr << format(d) << "\n";
        bool unknown = !generated.diagnostics().empty() && generated.diagnostics().front().rule == "unknown-script";
        return unknown ? usage : findings;
    }
    if (o.output.empty()) {
        std::cout << generated->text;
    } else {
        std::ofstream file(o.output, std::ios::binary);
        file << generated->text;
        if (!file.flush()) {
            std::cerr << "parley: cannot write " << o.output << "\n";
            return usage;
        }
    }
    std::cerr << "generated " << generated->suite.cases.size() << " cases for " << o.generate << ": "
              << generated->paths << " paths, " << generated->signal_cases << " cancel and supervisor cases ("
              << generated->states << " states explored" << (generated->complete ? "" : ", stopped at the bound")
              << ")" << (o.output.empty() ? "" : " in " + o.output) << "\n";
    for (const auto& n : generated->not_covered) std::cerr << "  not covered: " << n << "\n";
    return ok;
}

// ---------------------------------------------------------------------------------------------

int test(const TestOptions& o) {
    if (!o.generate.empty()) return generate(o);
    if (o.paths.empty()) {
        std::cerr << "parley: test needs test files or directories (or --generate SCRIPT)\n";
        return usage;
    }
    std::vector<std::string> files;
    for (const std::string& path : o.paths)
        if (!collect(path, files)) {
            std::cerr << "parley: no such file or directory: " << path << "\n";
            return usage;
        }
    if (files.empty()) {
        std::cerr << "parley: no test files (*.test.yaml) in " << o.paths.front() << (o.paths.size() > 1 ? " ..." : "") << "\n";
        return usage;
    }

    // Libraries are loaded once each, however many test files use them.
    std::map<std::string, std::shared_ptr<Result<Library>>> libraries;
    std::vector<std::string> library_order;
    std::vector<SuiteRun> runs;
    int passed = 0, failed = 0;
    for (const std::string& file : files) {
        SuiteRun run;
        run.file = file;
        auto loaded = testing::load_tests(file);
        if (!loaded) {
            run.problems = loaded.diagnostics();
            for (const auto& d : run.problems) std::cerr << format(d) << "\n";
            ++failed;
            runs.push_back(std::move(run));
            continue;
        }
        run.suite = std::move(*loaded);
        std::error_code ec;
        fs::path canonical = fs::weakly_canonical(run.suite->library, ec);
        run.library_key = ec ? run.suite->library : canonical.string();
        auto& lib = libraries[run.library_key];
        if (!lib) {
            lib = std::make_shared<Result<Library>>(Library::load(run.suite->library));
            for (const auto& d : lib->diagnostics()) std::cerr << format(d) << "\n";
            library_order.push_back(run.library_key);
        }
        if (!lib->has_value()) {
            run.problems = lib->diagnostics();
            ++failed;
            runs.push_back(std::move(run));
            continue;
        }
        run.library = &lib->value();
        for (const auto& c : run.suite->cases) {
            if (!o.filter.empty() && c.name.find(o.filter) == std::string::npos) continue;
            run.results.push_back(testing::run_case(*run.library, c));
            (run.results.back().passed() ? passed : failed) += 1;
        }
        runs.push_back(std::move(run));
    }

    if (o.format == "junit") write_junit(runs);
    else if (o.format == "json") write_json(runs);
    else write_text(runs);

    // Machine-readable formats keep stdout to themselves: the coverage table and the closing line go to stderr.
    std::ostream& side = o.format == "text" ? std::cout : std::cerr;
    if (o.coverage || o.coverage_format == "lcov") {
        std::ofstream lcov;
        if (o.coverage_format == "lcov") {
            lcov.open(o.coverage_output, std::ios::binary);
            if (!lcov) {
                std::cerr << "parley: cannot write " << o.coverage_output << "\n";
                return usage;
            }
        }
        for (const std::string& key : library_order) {
            const auto& lib = libraries[key];
            if (!lib->has_value()) continue;
            Coverage coverage(lib->value());
            std::string name;
            for (const SuiteRun& run : runs) {
                if (run.library_key != key) continue;
                if (name.empty()) name = run.suite->library;
                for (const auto& r : run.results) coverage.add(r.path);
            }
            if (o.coverage_format == "lcov") write_lcov(lcov, coverage);
            else write_table(side, name, coverage);
        }
        if (o.coverage_format == "lcov") side << "coverage written to " << o.coverage_output << " (lcov)\n";
    }

    bool mutants_ok = true;
    if (o.mutate && passed + failed > 0) mutants_ok = report_mutants(o, runs, library_order, side);

    if (passed + failed == 0) {
        side << "0 passed, 0 failed\n";
        std::cerr << "parley: no test case matches --filter '" << o.filter << "'\n";
        return usage;
    }
    side << passed << " passed, " << failed << " failed\n";
    return failed == 0 && mutants_ok ? ok : findings;
}

}  // namespace

void add_test(CLI::App& app) {
    auto opts = std::make_shared<TestOptions>();
    CLI::App* cmd = app.add_subcommand("test", "Run the cases of test files (*.test.yaml) against their scripts");
    cmd->add_option("paths", opts->paths,
                    "test files, or directories searched for *.test.yaml; with --generate, the script file or directory");
    cmd->add_option("--filter", opts->filter, "run only the cases whose name contains this text");
    cmd->add_option("--format", opts->format, "text (default), junit (JUnit XML) or json (one object per case)")
        ->check(CLI::IsMember({"text", "junit", "json"}));
    cmd->add_flag("--coverage", opts->coverage, "report node and branch coverage of the scripts");
    cmd->add_option("--coverage-format", opts->coverage_format, "table (default), or lcov to write an lcov .info file")
        ->check(CLI::IsMember({"table", "lcov"}));
    cmd->add_option("--coverage-output", opts->coverage_output, "where --coverage-format lcov writes (default coverage.info)");
    auto* mutate = cmd->add_flag("--mutate", opts->mutate,
                                 "also run the cases on small changes to the scripts and report the mutation score");
    cmd->add_option("--min-score", opts->min_score, "with --mutate: the lowest passing score, in percent (default 90)")
        ->check(CLI::Range(0.0, 100.0))
        ->needs(mutate);
    auto* generate = cmd->add_option("--generate", opts->generate,
                                     "write a test file with a case per path through this script (PATH: the scripts)");
    cmd->add_option("--output", opts->output, "with --generate: the file to write (default: standard output)")->needs(generate);
    generate->excludes(mutate);
    cmd->callback([opts] { std::exit(test(*opts)); });
}

}  // namespace parley::cli
