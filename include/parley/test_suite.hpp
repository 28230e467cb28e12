#pragma once
// Test files for script logic (`*.test.yaml`, docs/testing.md): loading them, running one case
// against a loaded Library, and running whole suites as `parley test` does (finding the files,
// coverage, and the text, JUnit, coverage-table and lcov reports). A host's own harness can use
// any layer of it.
//
//   auto suite = parley::testing::load_tests("scripts/cancel_service.test.yaml");   // a Result
//   auto lib = parley::Library::load(suite->library);
//   for (const auto& c : suite->cases) {
//       parley::testing::CaseResult r = parley::testing::run_case(*lib, c);
//       if (!r.passed()) std::cout << r.failures.front().region.line << "\n";
//   }
//
//   auto files = parley::testing::find_test_files({"scripts"}).files;
//   parley::testing::TestRun run = parley::testing::run_tests(files);
//   parley::testing::write_text_report(std::cout, run);   // what `parley test scripts` prints
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/diagnostic.hpp"
#include "parley/export.hpp"
#include "parley/library.hpp"
#include "parley/result.hpp"
#include "parley/session.hpp"

namespace parley::testing {

/// A value written in a test file, with where it was written.
struct Written {
    std::string value;
    SourceRegion region;
};

/// One assertion of an `expect:` map (or of a case's `start:`). Maps and lists in the file become
/// one assertion per entry (`slots: {a: 1, b: 2}` is two), each with its own place in the file.
struct Assertion {
    enum class Kind {
        prompt,         ///< the prompt awaiting a reply (or the end) is at node `value` (NODE or SCRIPT.NODE)
        text,           ///< the prompt's text is exactly `value`
        text_contains,  ///< the prompt's text contains `value`
        said,           ///< a message of this turn, or the prompt, contains `value`
        understood,     ///< the step's reply was understood (`value` "true") or not ("false")
        not_asked,      ///< no prompt so far was at node `value`, or for slot `value`
        slot,           ///< slot `key` has value `value`; `unknown` set: the slot is not known
        actions_done,   ///< the actions done are exactly `values` (any order)
        offers,         ///< `value` offers of kind `key` (retention, upsell) have been presented
        policy,         ///< policy `value` has changed the conversation's course
        trace,          ///< some trace entry contains `value`
        outcome,        ///< the conversation has ended with outcome `value`
        actions_failed, ///< the actions the customer could not do are exactly `values` (any order)
        hint            ///< the prompt's hint (given when it is asked again after a reply not understood) is exactly `value`; "": none
    };
    Kind kind = Kind::prompt;
    std::string key;
    std::string value;
    std::vector<std::string> values;
    bool unknown = false;
    SourceRegion region;  ///< the assertion's key (or list item) in the test file
};

PARLEY_API const char* to_string(Assertion::Kind k) noexcept;

/// Everything an `expect:` map asserts, checked after a step.
struct Expectations {
    std::vector<Assertion> assertions;
    SourceRegion region;
};

/// One step of a case: the customer's reply, an event they express, the host filling a slot, or the
/// customer going on in another language (`signal: locale es` or `reply: "!locale es"`).
struct TestTurn {
    enum class Kind { reply, signal, fill, locale };
    Kind kind = Kind::reply;
    std::string text;  ///< the reply, the event's name, the value filled, or the locale's canonical tag
    std::string slot;  ///< fill: the slot
    SourceRegion region;  ///< the `reply`/`signal`/`fill` key
    Expectations expect;
};

PARLEY_API const char* to_string(TestTurn::Kind k) noexcept;

struct TestCase {
    std::string name;
    SourceRegion region;  ///< the `name` key
    Written script;
    std::string locale;  ///< empty: the script's own
    std::string today{}; ///< the date the host gives (YYYY-MM-DD, StartOptions::today); empty: none
    std::vector<std::pair<Written, Written>> prefill;  ///< slot, value (read as a reply would be)
    std::vector<Written> done;
    Expectations start;  ///< checked before any step (`start:`)
    std::vector<TestTurn> turns;
};

/// The cases of one test file, and the library they run against.
struct TestSuite {
    std::string file;
    std::string library;  ///< a script file or directory: `library:` resolved against the file's folder, or the folder
    std::vector<TestCase> cases;
};

/// Reads one test file. Problems come back as diagnostics with file:line:col and a rule id
/// (`test-unknown-key`, `test-missing-key`, `test-wrong-type`, ...; see docs/testing.md).
PARLEY_API Result<TestSuite> load_tests(const std::string& path);
/// The same from text; `file_name` is used in diagnostics and to resolve `library:`.
PARLEY_API Result<TestSuite> parse_tests(std::string_view yaml, const std::string& file_name = "<string>");

/// True for a file name that `parley test` and Library::load treat as a test file.
PARLEY_API bool is_test_file(const std::string& path);

/// An assertion that did not hold (or a step that could not be taken).
struct AssertionFailure {
    SourceRegion region;    ///< where in the test file
    std::string assertion;  ///< "prompt", "slots: cancel.reason", "reply", ...
    std::string expected;
    std::string actual;
    std::vector<std::string> notes;  ///< e.g. "no node 'discont' in the library; did you mean 'discount'?"
};

/// What happened when a case ran.
struct CaseResult {
    std::string name;
    SourceRegion region;
    /// The step that failed: 0 for the start, 1 for the first of `turns`, ...; -1 when it passed.
    int failed_turn = -1;
    std::string step;          ///< the failing step as written: `reply "price"`, `signal cancel`, `start`
    SourceRegion step_region;  ///< where that step is in the test file
    std::vector<AssertionFailure> failures;  ///< every assertion of the failing step that failed
    /// What was said and replied, one line each, up to the failing step (or the whole case).
    std::vector<std::string> transcript;
    /// Every node entered and branch taken (Session::path()); points into the Library.
    std::vector<Session::PathStep> path;
    Outcome outcome = Outcome::none;
    unsigned turns = 0;  ///< customer turns taken
    double seconds = 0;
    /// The locales the case ran in: the one it started in from the first step of `path`, then one
    /// for each `locale` step, from the step of `path` it was taken at (for coverage per locale).
    struct LocaleSpan {
        std::size_t from;  ///< index in `path`
        std::string locale;
    };
    std::vector<LocaleSpan> locales;

    bool passed() const noexcept { return failures.empty(); }
};

/// Runs one case: starts its script with path recording on, takes each step and checks its
/// expectations, stopping at the first step with a failed assertion. Never throws for anything a
/// test file says (a bad script name, slot or event is a failure of the case).
PARLEY_API CaseResult run_case(const Library& library, const TestCase& test);

/// How a case starts, as run_case starts it: its pre-filled facts (each value read as a reply would
/// be), its done actions and its locale. To start a session of it yourself:
///   auto start = parley::testing::case_start(c);
///   parley::Session s = lib.start(c.script.value, start.prefill, start.done, start.options);
struct CaseStart {
    Facts prefill;
    std::vector<std::string> done;
    StartOptions options;  ///< the locale and today's date; the rest as StartOptions has it (change what you need)
};
PARLEY_API CaseStart case_start(const TestCase& test);

/// Bounds and choices for generate_tests.
struct GenerateOptions {
    std::size_t max_states = 20000;  ///< conversation states the search explores at most
    std::size_t max_turns = 30;      ///< customer turns per case at most
    bool signal_cases = true;        ///< a `cancel` case and a `supervisor` case at each prompt node of the paths
    std::string library;             ///< written as the file's `library:` key; empty: none (the file's folder)
    std::string file_name = "generated.test.yaml";  ///< the name the suite is read back under
};

/// A test file that pins down what the engine does today on the paths through one script.
struct GeneratedTests {
    std::string text;  ///< the test file, in the format load_tests reads
    TestSuite suite;   ///< the same file, read back
    std::size_t paths = 0;         ///< cases that follow the script's paths (shortest first)
    std::size_t signal_cases = 0;  ///< cases that signal cancel or supervisor at a prompt of those paths
    /// The path cases again in each locale the library declares (`locales`) that none of them runs in.
    std::size_t locale_cases = 0;
    std::vector<std::string> locales;  ///< those locales, sorted
    std::size_t states = 0;        ///< conversation states explored
    bool complete = true;          ///< false when max_states stopped the search
    /// Branches of the script (and of the scripts it calls) that no case takes, and nodes no case
    /// reaches: "file:line:col: script.node, branch 2 of 3 not taken".
    std::vector<std::string> not_covered;
};

/// Enumerates conversations through `script` breadth first, with representative replies at each
/// prompt (each choice, yes and no, numbers around the constants conditions compare with, none and
/// each action, done, accept and decline, one reply that is not understood) and each pre-fillable
/// fact that conditions read; keeps shortest paths until every branch reached is taken once, and
/// adds a case signalling `cancel` and one signalling `supervisor` at each prompt node of them.
/// Each case asserts the prompt after every turn, and the outcome (with offers and policies) at the
/// end. Every case passes on `library` (checked before returning). An unknown script is an
/// `unknown-script` diagnostic.
PARLEY_API Result<GeneratedTests> generate_tests(const Library& library, std::string_view script, const GenerateOptions& options = {});

// ---------------------------------------------------------------------------------------------
// Running suites, as `parley test` does

/// The test files a run reads, from files and directories.
struct TestFiles {
    std::vector<std::string> files;  ///< each file path as given; each directory's test files, sorted
    std::string missing;             ///< the first path that does not exist (empty when all do)
    /// What could not be searched (io-error): a directory that cannot be listed, a test file's link
    /// that leads nowhere. Nothing is skipped silently; `parley test` prints these and fails.
    std::vector<Diagnostic> problems;
};

/// Each path that is a file, as given; each directory searched, with its subdirectories, for test
/// files (is_test_file), in sorted order. Stops at the first path that does not exist.
PARLEY_API TestFiles find_test_files(const std::vector<std::string>& paths);

/// What a test file written at `test_file` says as its `library:` to run against `scripts` (a
/// script file or directory): the path from the file's folder, or "" when it is that folder.
PARLEY_API std::string library_path_for(const std::string& scripts, const std::string& test_file);

struct RunOptions {
    std::string filter;  ///< run only the cases whose name contains this text; empty: all
    /// Run every case in this locale (a BCP 47 tag), unless the case sets its own `locale:`; empty:
    /// each case's, or its script's. A tag that is not BCP 47 is a bad-locale diagnostic of the run,
    /// which then runs nothing. (Initialised, so `{"filter"}` needs no second value.)
    std::string locale = {};
    std::string today{}; ///< the date (YYYY-MM-DD) of the cases that give no `today:`; empty: none
};

/// A library a run loaded: once, however many test files use it.
struct RunLibrary {
    std::string path;        ///< as the first test file using it resolved its `library:`
    std::string key;         ///< its canonical path: two spellings of one library share it
    Result<Library> loaded;  ///< the library, or why it does not load (warnings either way)
};

/// One test file of a run.
struct PARLEY_API FileRun {
    std::string file;
    std::optional<TestSuite> suite;    ///< empty when the file does not load
    std::vector<Diagnostic> problems;  ///< why the file, or its library, does not load; then no case ran
    std::size_t library = 0;           ///< its library in TestRun::libraries, when `suite` is set
    std::vector<CaseResult> results;   ///< the cases that ran (the filter's), in file order

    bool loaded() const noexcept { return problems.empty(); }
    /// "the test file does not load" or "its library does not load"; empty when it loaded.
    std::string_view load_error() const noexcept;
    double seconds() const noexcept;  ///< of its cases, added up
};

/// What a run of test files found.
struct TestRun {
    RunOptions options;
    std::vector<FileRun> files;
    std::vector<RunLibrary> libraries;  ///< in the order the test files first use them
    /// The diagnostics of each test file that does not load, and of each library (warnings too), in
    /// the order met: what `parley test` prints on standard error before its report.
    std::vector<Diagnostic> diagnostics;
    int passed = 0;  ///< cases
    int failed = 0;  ///< cases, and test files that (or whose library) do not load: one each
};

/// Reads each test file, loads its library (each library once), and runs the cases that
/// `options.filter` lets through. Never throws for what a file says: a file or library that does
/// not load is a FileRun with `problems`. CaseResult paths point into `libraries`: keep the run.
PARLEY_API TestRun run_tests(const std::vector<std::string>& files, const RunOptions& options = {});

/// Node and branch hits of one library, from the paths of the cases run against it.
struct PARLEY_API Coverage {
    /// The counts of one script, or of the whole library ("total").
    struct Counts {
        std::string script, file;
        int nodes = 0, nodes_hit = 0, branches = 0, branches_hit = 0;
    };

    /// Every node of `library` at zero hits; `name` is what reports call the library; `locale`: count
    /// only what cases did in that locale (empty: in any).
    Coverage(const Library& library, std::string name, std::string locale = {});
    /// Counts the nodes entered and branches taken on `result`'s path (a case run on this library),
    /// in `locale` only when it is set.
    void add(const CaseResult& result);
    std::vector<Counts> per_script() const;  ///< in file order
    Counts total() const;

    std::string name;
    std::string locale;                          ///< the locale counted; empty: every locale
    std::vector<NodeInfo> nodes;                 ///< every node, in file order (points into the library)
    std::vector<long> node_hits;                 ///< times each node was entered
    std::vector<std::vector<long>> branch_hits;  ///< times each branch of each node was taken
};

/// The coverage of each library of `run` that loaded, in TestRun::libraries order.
PARLEY_API std::vector<Coverage> coverage(const TestRun& run);
/// The coverage of each library of `run` that loaded in each locale its cases ran in (a case that
/// switches language counts in each, for the steps it took in it): in TestRun::libraries order,
/// then the locales sorted.
PARLEY_API std::vector<Coverage> coverage_by_locale(const TestRun& run);

// ---------------------------------------------------------------------------------------------
// Reports (docs/testing.md, sections 4, 5 and 9). JSON lines are left to the caller: every field
// they hold is in FileRun and CaseResult.

/// A line per passing case, a report per failing one (its turn, each failed assertion, the
/// transcript), and the files that do not load.
PARLEY_API void write_text_report(std::ostream& out, const TestRun& run);
/// JUnit XML: a <testsuite> per test file, a <failure> per failing case, an <error> per file that
/// does not load.
PARLEY_API void write_junit_report(std::ostream& out, const TestRun& run);
/// The table of node and branch coverage per script, then each node not reached and branch not taken.
PARLEY_API void write_coverage_table(std::ostream& out, const Coverage& coverage);
/// One line per locale of `by_locale` (coverage_by_locale): its node and branch coverage, under a
/// heading for each library.
PARLEY_API void write_locale_coverage(std::ostream& out, const std::vector<Coverage>& by_locale);
/// An lcov tracefile record per script file: nodes as lines (DA), `next` entries as branches (BRDA).
PARLEY_API void write_lcov(std::ostream& out, const Coverage& coverage);

/// How the mutants of a run's libraries fared (`parley test --mutate`).
struct PARLEY_API MutationScore {
    std::size_t killed = 0, tried = 0;
    bool tested = true;  ///< false when some library's cases fail on the scripts themselves
    double percent() const noexcept;  ///< 100 when none was tried
};

/// Runs each library's mutants against the (filtered) cases of every test file that uses it
/// (include/parley/mutate.hpp); writes each library's score, the surviving mutants, those left out
/// as equivalent, and the total score.
PARLEY_API MutationScore write_mutation_report(std::ostream& out, const TestRun& run);

}  // namespace parley::testing
