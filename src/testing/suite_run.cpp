// A run of test files, as `parley test` does it: each file read, each library loaded once however
// many files use it, the cases run; and the node and branch coverage those cases' paths give.
#include <filesystem>
#include <set>

#include "common/diagnostics.hpp"
#include "common/locale.hpp"
#include "parley/test_suite.hpp"

namespace parley::testing {

namespace fs = std::filesystem;

std::string_view FileRun::load_error() const noexcept {
    if (problems.empty()) return {};
    return suite ? "its library does not load" : "the test file does not load";
}

double FileRun::seconds() const noexcept {
    double s = 0;
    for (const CaseResult& r : results) s += r.seconds;
    return s;
}

namespace {

// The run's entry for `path` (a resolved `library:`), loading the library the first time.
std::size_t library_for(TestRun& run, const std::string& path) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(path, ec);
    std::string key = ec ? path : canonical.string();
    for (std::size_t i = 0; i < run.libraries.size(); ++i)
        if (run.libraries[i].key == key) return i;
    run.libraries.push_back({path, key, Library::load(path)});
    const auto& diagnostics = run.libraries.back().loaded.diagnostics();
    run.diagnostics.insert(run.diagnostics.end(), diagnostics.begin(), diagnostics.end());
    return run.libraries.size() - 1;
}

FileRun run_file(TestRun& run, const std::string& file) {
    FileRun f;
    f.file = file;
    auto loaded = load_tests(file);
    if (!loaded) {
        f.problems = loaded.diagnostics();
        run.diagnostics.insert(run.diagnostics.end(), f.problems.begin(), f.problems.end());
        ++run.failed;
        return f;
    }
    f.suite = std::move(*loaded);
    f.library = library_for(run, f.suite->library);
    const Result<Library>& library = run.libraries[f.library].loaded;
    if (!library) {
        f.problems = library.diagnostics();
        ++run.failed;
        return f;
    }
    if (!run.options.today.empty())
        for (TestCase& c : f.suite->cases)
            if (c.today.empty()) c.today = run.options.today;  // kept in the suite: mutants run with it too
    for (const TestCase& c : f.suite->cases) {
        if (!run.options.filter.empty() && c.name.find(run.options.filter) == std::string::npos) continue;
        if (!run.options.locale.empty() && c.locale.empty()) {  // --locale: the case's own locale wins
            TestCase in_locale = c;
            in_locale.locale = run.options.locale;
            f.results.push_back(run_case(*library, in_locale));
        } else {
            f.results.push_back(run_case(*library, c));
        }
        (f.results.back().passed() ? run.passed : run.failed) += 1;
    }
    return f;
}

}  // namespace

TestRun run_tests(const std::vector<std::string>& files, const RunOptions& options) {
    TestRun run;
    run.options = options;
    if (!options.locale.empty()) {  // checked once, here, rather than failing every case at its start
        std::optional<std::string> canonical = detail::canonical_locale(options.locale);
        if (!canonical) {
            detail::LocaleProblem words = detail::locale_problem(options.locale);
            run.diagnostics.push_back(detail::make_diagnostic(detail::Rule::bad_locale, {}, std::move(words.message), std::move(words.note)));
            ++run.failed;
            return run;
        }
        run.options.locale = std::move(*canonical);
    }
    for (const std::string& file : files) run.files.push_back(run_file(run, file));
    return run;
}

// ---------------------------------------------------------------------------------------------
// coverage

Coverage::Coverage(const Library& library, std::string library_name, std::string counted_locale)
    : name(std::move(library_name)), locale(std::move(counted_locale)), nodes(library.nodes()), node_hits(nodes.size()),
      branch_hits(nodes.size()) {
    for (std::size_t i = 0; i < nodes.size(); ++i) branch_hits[i].resize(nodes[i].branches.size());
}

void Coverage::add(const CaseResult& result) {
    std::size_t span = 0;  // the entry of result.locales the step is in
    for (std::size_t k = 0; k < result.path.size(); ++k) {
        while (span + 1 < result.locales.size() && result.locales[span + 1].from <= k) ++span;
        if (!locale.empty() && (span >= result.locales.size() || result.locales[span].locale != locale)) continue;
        const Session::PathStep& step = result.path[k];
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            if (nodes[i].script != step.script || nodes[i].node != step.node) continue;
            if (step.branch < 0) ++node_hits[i];
            else if (static_cast<std::size_t>(step.branch) < branch_hits[i].size()) ++branch_hits[i][step.branch];
            break;
        }
    }
}

std::vector<Coverage::Counts> Coverage::per_script() const {
    std::vector<Counts> out;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (out.empty() || out.back().script != nodes[i].script)
            out.push_back({std::string(nodes[i].script), nodes[i].region.file});
        Counts& s = out.back();
        ++s.nodes;
        s.nodes_hit += node_hits[i] > 0;
        for (long hits : branch_hits[i]) {
            ++s.branches;
            s.branches_hit += hits > 0;
        }
    }
    return out;
}

Coverage::Counts Coverage::total() const {
    Counts total{"total", ""};
    for (const Counts& s : per_script()) {
        total.nodes += s.nodes;
        total.nodes_hit += s.nodes_hit;
        total.branches += s.branches;
        total.branches_hit += s.branches_hit;
    }
    return total;
}

std::vector<Coverage> coverage(const TestRun& run) {
    std::vector<Coverage> out;
    for (std::size_t i = 0; i < run.libraries.size(); ++i) {
        const RunLibrary& library = run.libraries[i];
        if (!library.loaded) continue;
        Coverage c(*library.loaded, library.path);
        for (const FileRun& f : run.files)
            if (f.suite && f.library == i)
                for (const CaseResult& r : f.results) c.add(r);
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<Coverage> coverage_by_locale(const TestRun& run) {
    std::vector<Coverage> out;
    for (std::size_t i = 0; i < run.libraries.size(); ++i) {
        const RunLibrary& library = run.libraries[i];
        if (!library.loaded) continue;
        std::set<std::string> locales;
        for (const FileRun& f : run.files)
            if (f.suite && f.library == i)
                for (const CaseResult& r : f.results)
                    for (const CaseResult::LocaleSpan& span : r.locales) locales.insert(span.locale);
        for (const std::string& locale : locales) {
            Coverage c(*library.loaded, library.path, locale);
            for (const FileRun& f : run.files)
                if (f.suite && f.library == i)
                    for (const CaseResult& r : f.results) c.add(r);
            out.push_back(std::move(c));
        }
    }
    return out;
}

}  // namespace parley::testing
