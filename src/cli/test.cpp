// `parley test` (docs/testing.md): parses options, runs the test files with parley::testing's suite
// API and prints its reports (JSON lines: writers.cpp).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "parley/parley.hpp"
#include "parley/test_suite.hpp"
#include "verbs.hpp"
#include "writers.hpp"

namespace parley::cli {

namespace {

namespace fs = std::filesystem;

struct TestOptions {
    std::vector<std::string> paths;
    std::string filter;
    std::string locale;  // --locale: every case in it, unless the case sets its own
    std::string format = "text";
    bool coverage = false;
    std::string coverage_format = "table";
    std::string coverage_output = "coverage.info";
    bool mutate = false;
    double min_score = 90;
    std::string generate;  // --generate SCRIPT
    std::string output;    // --output FILE (with --generate)
    std::string today = system_today();  // --today: for cases without `today:`
};

// --generate SCRIPT [PATH]: a test file with a case per path through the script.
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
        options.file_name = o.output;
        options.library = testing::library_path_for(path, o.output);
    }
    auto generated = testing::generate_tests(*library, o.generate, options);
    if (!generated) {
        for (const auto& d : generated.diagnostics()) std::cerr << format(d) << "\n";
        bool unknown = !generated.diagnostics().empty() && generated.diagnostics().front().rule == "unknown-script";
        return unknown ? usage : findings;
    }
    if (o.output.empty()) {
        std::cout << generated->text;
    } else if (std::ofstream file(o.output, std::ios::binary); !(file << generated->text).flush()) {
        std::cerr << "parley: cannot write " << o.output << "\n";
        return usage;
    }
    std::cerr << "generated " << generated->suite.cases.size() << " cases for " << o.generate << ": "
              << generated->paths << " paths, " << generated->signal_cases << " cancel and supervisor cases ("
              << generated->states << " states explored" << (generated->complete ? "" : ", stopped at the bound")
              << ")" << (o.output.empty() ? "" : " in " + o.output) << "\n";
    if (generated->locale_cases > 0) {
        std::string list;
        for (const auto& tag : generated->locales) list += (list.empty() ? "" : ", ") + tag;
        std::cerr << "  " << generated->locale_cases << " of them take the paths again in " << list << "\n";
    }
    for (const auto& n : generated->not_covered) std::cerr << "  not covered: " << n << "\n";
    return ok;
}

// The coverage of each library, as a table on `side` or into the lcov file; false when that file
// can't be written.
bool report_coverage(const TestOptions& o, const testing::TestRun& run, std::ostream& side) {
    if (o.coverage_format == "table") {
        for (const testing::Coverage& c : testing::coverage(run)) testing::write_coverage_table(side, c);
        testing::write_locale_coverage(side, testing::coverage_by_locale(run));
        return true;
    }
    std::ofstream lcov(o.coverage_output, std::ios::binary);
    if (!lcov) {
        std::cerr << "parley: cannot write " << o.coverage_output << "\n";
        return false;
    }
    for (const testing::Coverage& c : testing::coverage(run)) testing::write_lcov(lcov, c);
    side << "coverage written to " << o.coverage_output << " (lcov)\n";
    return true;
}

int test(const TestOptions& o) {
    if (!o.generate.empty()) return generate(o);
    if (o.paths.empty()) {
        std::cerr << "parley: test needs test files or directories (or --generate SCRIPT)\n";
        return usage;
    }
    testing::TestFiles found = testing::find_test_files(o.paths);
    if (!found.missing.empty()) {
        std::cerr << "parley: no such file or directory: " << found.missing << "\n";
        return usage;
    }
    for (const auto& d : found.problems) std::cerr << format(d) << "\n";
    if (found.files.empty() && !found.problems.empty()) return findings;
    if (found.files.empty()) {
        std::cerr << "parley: no test files (*.test.yaml) in " << o.paths.front() << (o.paths.size() > 1 ? " ..." : "")
                  << "\n";
        return usage;
    }
    testing::RunOptions run_options;
    run_options.filter = o.filter;
    run_options.locale = o.locale;
    run_options.today = o.today;
    testing::TestRun run = testing::run_tests(found.files, run_options);
    for (const auto& d : run.diagnostics) std::cerr << format(d) << "\n";
    if (!o.locale.empty() && run.files.empty()) return usage;  // --locale is not a locale tag
    if (o.format == "junit") testing::write_junit_report(std::cout, run);
    else if (o.format == "json") write_test_json(std::cout, run);
    else testing::write_text_report(std::cout, run);

    // Machine-readable formats keep stdout to themselves: the coverage table and the closing line go to stderr.
    std::ostream& side = o.format == "text" ? std::cout : std::cerr;
    if ((o.coverage || o.coverage_format == "lcov") && !report_coverage(o, run, side)) return usage;
    bool mutants_ok = true;
    if (o.mutate && run.passed + run.failed > 0) {
        testing::MutationScore score = testing::write_mutation_report(side, run);
        if (score.percent() < o.min_score)
            std::cerr << fmt::format("parley: the mutation score {:.1f}% is below --min-score {}\n", score.percent(),
                                     o.min_score);
        mutants_ok = score.tested && score.percent() >= o.min_score;
    }
    side << run.passed << " passed, " << run.failed << " failed\n";
    if (run.passed + run.failed == 0) {
        std::cerr << "parley: no test case matches --filter '" << o.filter << "'\n";
        return usage;
    }
    return run.failed == 0 && mutants_ok && found.problems.empty() ? ok : findings;
}

}  // namespace

void add_test(CLI::App& app) {
    auto opts = std::make_shared<TestOptions>();
    CLI::App* cmd = app.add_subcommand("test", "Run the cases of test files (*.test.yaml) against their scripts");
    cmd->add_option("paths", opts->paths,
                    "test files, or directories searched for *.test.yaml; with --generate, the script file or directory");
    cmd->add_option("--filter", opts->filter, "run only the cases whose name contains this text");
    cmd->add_option("--locale", opts->locale, "run every case in this locale (e.g. es), unless the case sets its own");
    cmd->add_option("--today", opts->today, "today's date, YYYY-MM-DD, for the cases without 'today:' (default: the system date)");
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
