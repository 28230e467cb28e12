#pragma once
// The machine-readable reports of `parley lint` and `parley test`, apart from the verbs so the
// writers fuzz target (tests/fuzz/fuzz_writers.cpp) can feed them any bytes. Every one writes valid
// UTF-8 JSON whatever its input holds: a byte that is not UTF-8 becomes U+FFFD.
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "parley/diagnostic.hpp"
#include "parley/test_suite.hpp"

namespace parley::cli {

/// `j` as JSON text (on one line when `indent` is -1), with invalid UTF-8 in its strings replaced
/// instead of thrown on: the one way the CLI writes JSON it built itself.
std::string dump(const nlohmann::json& j, int indent = -1);

/// The command that replays a lint counterexample: `parley run PATH --script S` with the `--set`
/// and `--done` the host supplies, each word quoted for a POSIX shell when it needs to be.
std::string run_command(const Diagnostic& d, const std::string& path);

/// What `parley lint` found in one path it was given.
struct Findings {
    std::string path;
    std::vector<Diagnostic> diagnostics;
};

/// `lint --format json`: an array of every diagnostic.
std::string lint_json(const std::vector<Findings>& all);
/// `lint --format sarif`: a SARIF 2.1.0 log with one run, the rules, and a result per diagnostic.
std::string lint_sarif(const std::vector<Findings>& all);

/// `test --format json`: one object per case, or per test file that does not load.
void write_test_json(std::ostream& out, const testing::TestRun& run);

}  // namespace parley::cli
