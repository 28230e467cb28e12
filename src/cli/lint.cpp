// `parley lint`: findings about script libraries as text (with the source line and a caret),
// JSON, or SARIF 2.1.0 for CI systems and code review tools.
#include <fstream>
#include <iostream>
#include <map>
#include <unistd.h>

#include <fmt/format.h>

#include "parley/parley.hpp"
#include "verbs.hpp"
#include "writers.hpp"

namespace parley::cli {

namespace {

struct LintCommand {
    std::vector<std::string> paths;
    std::string format = "text";
    bool werror = false;
};

struct Checked {
    std::string path;
    std::optional<Library> library;  // when it loaded
    std::vector<Diagnostic> diagnostics;
    std::size_t states = 0;
};

std::string source_line(const std::string& file, int line) {
    static std::map<std::string, std::vector<std::string>> cache;
    auto it = cache.find(file);
    if (it == cache.end()) {
        std::vector<std::string> lines;
        std::ifstream in(file);
        for (std::string l; std::getline(in, l);) lines.push_back(l);
        it = cache.emplace(file, std::move(lines)).first;
    }
    return line >= 1 && static_cast<std::size_t>(line) <= it->second.size() ? it->second[line - 1] : std::string();
}

// The counterexample as a conversation: what the agent says, what the customer answers.
void show_counterexample(const Library& lib, const Diagnostic& d, const std::string& path) {
    std::cout << fmt::format("    counterexample: parley run {} --script {}, then type:\n", path, d.script);
    Session s = lib.start(d.script);
    for (const std::string& line : d.path) {
        Turn t = s.next();
        for (const auto& m : t.messages) std::cout << "      agent: " << printable(m.text) << "\n";
        std::cout << "      agent: " << printable(t.prompt.text.empty() ? "(" + std::string(to_string(t.prompt.kind)) + " " + std::string(t.prompt.slot) + ")" : t.prompt.text) << "\n";
        std::cout << "      customer: " << printable(line) << "\n";
        // Replaying the path lint found: what each step made of it shows in the turns printed.
        if (line.size() > 1 && line[0] == '!') (void)s.signal(std::string_view(line).substr(1));
        else (void)s.reply(line);
    }
    Turn t = s.next();
    for (const auto& m : t.messages) std::cout << "      agent: " << printable(m.text) << "\n";
    if (!t.prompt.text.empty()) std::cout << "      agent: " << printable(t.prompt.text) << "\n";
    if (t.ended()) std::cout << "      (ends " << to_string(t.prompt.outcome) << ")\n";
}

void print_text(const std::vector<Checked>& all, bool colour) {
    auto paint = [&](const char* code, const std::string& text) {
        return colour ? fmt::format("\033[{}m{}\033[0m", code, text) : text;
    };
    for (const Checked& c : all)
        for (const Diagnostic& d : c.diagnostics) {
            if (d.suppressed()) continue;  // counted in the closing line; JSON and SARIF show them
            std::string where = d.region.file.empty() ? c.path : d.region.file;
            if (d.region.line > 0) where += fmt::format(":{}:{}", d.region.line, d.region.column);
            const char* sev_colour = d.severity == Severity::error ? "1;31" : d.severity == Severity::warning ? "1;35" : "1;36";
            std::cout << paint("1", where + ":") << " " << paint(sev_colour, std::string(to_string(d.severity)) + ":") << " "
                      << d.message << " [" << d.rule << "]\n";
            std::string line = d.region.line > 0 ? source_line(d.region.file, d.region.line) : "";
            if (!line.empty()) {
                std::cout << "  " << line << "\n  " << std::string(static_cast<std::size_t>(std::max(0, d.region.column - 1)), ' ')
                          << paint("1;32", "^") << "\n";
            }
            for (const auto& note : d.notes) std::cout << "    " << paint("1;36", "note:") << " " << note << "\n";
            if (!d.script.empty() && c.library) show_counterexample(*c.library, d, c.path);
        }
}

int lint_command(const LintCommand& o) {
    std::vector<Checked> all;
    std::size_t scripts = 0;
    bool io_error = false;
    for (const std::string& path : o.paths) {
        Checked c;
        c.path = path;
        auto loaded = Library::load(path);
        if (loaded) {
            LintReport report = lint(*loaded);
            c.diagnostics = std::move(report.diagnostics);
            c.states = report.states;
            scripts += loaded->scripts().size();
            c.library = std::move(*loaded);
        } else {
            c.diagnostics = loaded.diagnostics();
            for (const auto& d : c.diagnostics) io_error = io_error || d.rule == "io-error";
        }
        all.push_back(std::move(c));
    }
    std::size_t errors = 0, warnings = 0, suppressed = 0;
    for (const Checked& c : all)
        for (const Diagnostic& d : c.diagnostics) {
            suppressed += d.suppressed();
            errors += d.severity == Severity::error && !d.suppressed();
            warnings += d.severity == Severity::warning && !d.suppressed();
        }
    if (o.format == "json" || o.format == "sarif") {
        std::vector<Findings> findings;
        for (const Checked& c : all) findings.push_back({c.path, c.diagnostics});
        std::cout << (o.format == "json" ? lint_json(findings) : lint_sarif(findings)) << "\n";
    } else {
        print_text(all, isatty(STDOUT_FILENO));
        std::size_t states = 0;
        for (const Checked& c : all) states += c.states;
        std::cout << fmt::format("{} error{}, {} warning{} in {} script{} ({} conversation state{} explored{})\n", errors,
                                 errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s", scripts, scripts == 1 ? "" : "s",
                                 states, states == 1 ? "" : "s",
                                 suppressed == 0 ? "" : fmt::format("; {} finding{} suppressed", suppressed, suppressed == 1 ? "" : "s"));
    }
    if (io_error) return usage;
    return errors > 0 || (o.werror && warnings > 0) ? findings : ok;
}

}  // namespace

void add_lint(CLI::App& app) {
    auto opts = std::make_shared<LintCommand>();
    CLI::App* cmd = app.add_subcommand("lint", "Check script libraries: structure, and conduct over every path");
    cmd->add_option("paths", opts->paths, "script files or library directories")->required();
    cmd->add_option("--format", opts->format, "text, json or sarif")->check(CLI::IsMember({"text", "json", "sarif"}));
    cmd->add_flag("--werror", opts->werror, "exit 1 on warnings too");
    cmd->callback([opts] { std::exit(lint_command(*opts)); });
}

}  // namespace parley::cli
