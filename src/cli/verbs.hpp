#pragma once
// One file per verb; each registers its subcommand on the app.
#include <string>

#include <CLI/CLI.hpp>

namespace parley::cli {

/// Exit codes shared by every verb.
enum Exit : int { ok = 0, findings = 1, usage = 2, input_ended = 3 };

/// The system's date, YYYY-MM-DD (local time): `--today`'s default, since the engine reads no clock.
std::string system_today();

void add_run(CLI::App& app);
void add_test(CLI::App& app);
void add_lint(CLI::App& app);
void add_schema(CLI::App& app);
void add_diff(CLI::App& app);
void add_graph(CLI::App& app);

}  // namespace parley::cli
