// `parley lint`: findings about script libraries as text (with the source line and a caret),
// JSON, or SARIF 2.1.0 for CI systems and code review tools.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>
#include <fstream>
#include <iostream>
#include <map>
#include <utility>
#include <vector>
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
    LintOptions limits;
    std::string max_memory;  // "512M", "2G" or bytes
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

// The node a finding points at, by its position ("" when it points at no node).
std::string node_at(const Library& lib, const Diagnostic& d) {
    for (const NodeInfo& n : lib.nodes())
        if (n.region.line == d.region.line && n.region.column == d.region.column && n.region.file == d.region.file)
            return std::string(n.script) + "." + std::string(n.node);
    return {};
}

// The counterexample as a conversation: what the agent says, what the customer answers, and the
// nodes passed over on the way; it ends at the node the finding is about, marked.
void show_counterexample(const Library& lib, const Diagnostic& d, const std::string& path) {
    std::cout << "    counterexample: " << run_command(d, path) << ", then type:\n";
    Facts prefill;
    for (const std::string& fact : d.set) {
        std::size_t eq = fact.find('=');
        prefill.emplace_back(fact.substr(0, eq), Value(eq == std::string::npos ? std::string() : fact.substr(eq + 1)));
    }
    StartOptions options;
    options.locale = d.locale;
    auto started = lib.try_start(d.script, prefill, d.done, options);
    if (!started) return;  // (lint built it from this library: not expected)
    Session& s = *started;
    const std::string finding = node_at(lib, d);
    auto mark = [&](std::string_view script, std::string_view node) {
        return !finding.empty() && finding == std::string(script) + "." + std::string(node);
    };
    // What the engine did in the step just taken (the trace entries after the first `from`); true
    // when it came to the finding's node.
    std::size_t from = 0;
    auto show_turn = [&](const Turn& t, bool last) {
        std::size_t message = 0;
        const std::vector<TraceEntry> trace = s.trace();
        for (std::size_t k = std::min(from, trace.size()); k < trace.size(); ++k) {
            const TraceEntry& e = trace[k];
            if (e.turn != s.turn()) continue;
            // What the engine did at the finding's node: passed it over, stepped in, or gave up.
            const bool decisive = e.kind == TraceKind::skipped || e.kind == TraceKind::policy || e.kind == TraceKind::fault;
            if (last && decisive && mark(e.script, e.node)) {
                std::cout << "      --> " << e.script << "." << e.node << ": " << printable(e.message)
                          << (e.policy.empty() ? "" : " [" + std::string(e.policy) + "]") << "   <- the finding\n";
                return true;
            }
            if (e.kind == TraceKind::said && message < t.messages.size()) std::cout << "      agent: " << printable(t.messages[message++].text) << "\n";
            else if (e.kind == TraceKind::skipped) std::cout << "      (skipped " << e.script << "." << e.node << ": " << printable(e.message) << ")\n";
        }
        for (; message < t.messages.size(); ++message) std::cout << "      agent: " << printable(t.messages[message].text) << "\n";
        return false;
    };
    auto prompt_text = [](const Turn& t) {
        return t.prompt.text.empty() ? "(" + std::string(to_string(t.prompt.kind)) + " " + std::string(t.prompt.slot) + ")"
                                     : t.prompt.text;
    };
    for (std::size_t i = 0;; ++i) {
        const bool last = i == d.path.size();
        Turn t = s.next();
        if (show_turn(t, last)) return;
        if (last) {
            if (t.ended()) {
                if (!t.prompt.text.empty()) std::cout << "      agent: " << printable(t.prompt.text) << "\n";
                std::cout << "      (ends " << to_string(t.prompt.outcome) << ")\n";
            } else {
                std::cout << "      agent: " << printable(prompt_text(t))
                          << (mark(t.prompt.script, t.prompt.node) ? "   <- the finding (" + finding + ")" : std::string()) << "\n";
            }
            if (!finding.empty() && !mark(t.prompt.script, t.prompt.node))
                std::cout << "      (the finding is about " << finding << ")\n";
            return;
        }
        std::cout << "      agent: " << printable(prompt_text(t)) << "\n";
        const std::string& line = d.path[i];
        // (A trace that has wrapped is read by turn alone: a longer counterexample than it keeps.)
        from = s.trace().size() < default_trace_capacity ? s.trace().size() : 0;
        // Replaying the path lint found: what each step made of it shows in the turns printed.
        if (line == "!unknown" && t.prompt.kind == Utterance::Kind::lookup) {  // the host could not tell
            std::cout << "      host: " << line << "\n";
            (void)s.fill_unknown(t.prompt.slot);
            continue;
        }
        std::cout << "      customer: " << printable(line) << "\n";
        if (line.size() > 1 && line[0] == '!') (void)s.signal(std::string_view(line).substr(1));
        else (void)s.reply(line);
    }
}

// At most `width` characters of `line` around `column` (in characters, from 1), cut with "..." on the
// side it is cut, and the caret's place in what is returned: a finding in a 40 KB one-line list would
// otherwise print all of the line again for each of its findings.
std::pair<std::string, std::size_t> excerpt(const std::string& line, int column, std::size_t width = 120) {
    std::vector<std::size_t> starts;  // byte offset of each character (UTF-8: not a continuation byte)
    for (std::size_t i = 0; i < line.size(); ++i)
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) starts.push_back(i);
    std::size_t n = starts.size(), at = std::min(n, static_cast<std::size_t>(std::max(0, column - 1)));
    if (n <= width) return {line, at};
    std::size_t from = at > width / 2 ? at - width / 2 : 0;
    std::size_t to = std::min(n, from + width);
    from = to - width;
    std::string out = from > 0 ? "..." : "";
    out += line.substr(starts[from], (to < n ? starts[to] : line.size()) - starts[from]);
    if (to < n) out += "...";
    return {out, at - from + (from > 0 ? 3 : 0)};
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
                auto [shown, caret] = excerpt(line, d.region.column);
                std::cout << "  " << shown << "\n  " << std::string(caret, ' ') << paint("1;32", "^") << "\n";
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
            LintReport report = lint(*loaded, o.limits);
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
        std::size_t states = 0, unloaded = 0;
        for (const Checked& c : all) {
            states += c.states;
            unloaded += !c.library;
        }
        std::string counts = fmt::format("{} error{}, {} warning{}", errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
        std::string kept = suppressed == 0 ? "" : fmt::format("; {} finding{} suppressed", suppressed, suppressed == 1 ? "" : "s");
        // A library that did not load has no scripts to count: say so rather than "in 0 scripts".
        if (unloaded == all.size())
            std::cout << counts << (all.size() == 1 ? "; the library did not load, so no conversation was explored"
                                                    : "; no library loaded, so no conversation was explored")
                      << kept << "\n";
        else
            std::cout << counts
                      << fmt::format(" in {} script{} ({} conversation state{} explored{}){}\n", scripts, scripts == 1 ? "" : "s",
                                     states, states == 1 ? "" : "s", kept,
                                     unloaded == 0 ? "" : fmt::format("; {} of {} libraries did not load", unloaded, all.size()));
    }
    if (io_error) return usage;
    return errors > 0 || (o.werror && warnings > 0) ? findings : ok;
}

// "512M", "2G", "64K" or a plain number of bytes.
std::optional<std::size_t> byte_size(const std::string& text) {
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits == 0 || digits > 12) return std::nullopt;
    std::size_t n = std::stoull(text.substr(0, digits));
    std::string unit = text.substr(digits);
    if (unit.empty()) return n;
    if (unit.size() != 1) return std::nullopt;
    switch (std::toupper(static_cast<unsigned char>(unit[0]))) {
    case 'K': return n << 10;
    case 'M': return n << 20;
    case 'G': return n << 30;
    default: return std::nullopt;
    }
}

}  // namespace

void add_lint(CLI::App& app) {
    auto opts = std::make_shared<LintCommand>();
    CLI::App* cmd = app.add_subcommand("lint", "Check script libraries: structure, and conduct over every path");
    cmd->add_option("paths", opts->paths, "script files or library directories")->required();
    cmd->add_option("--format", opts->format, "text, json or sarif")->check(CLI::IsMember({"text", "json", "sarif"}));
    cmd->add_flag("--werror", opts->werror, "exit 1 on warnings too");
    cmd->add_option("--max-states", opts->limits.max_states, "stop exploring (with a note) past this many conversation states")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--max-memory", opts->max_memory, "stop exploring (with a note) when the states kept take this much: "
                                                      "bytes, or with K, M or G");
    cmd->callback([opts] {
        if (!opts->max_memory.empty()) {
            std::optional<std::size_t> bytes = byte_size(opts->max_memory);
            if (!bytes) {
                std::cerr << "parley: --max-memory takes a size such as 512M or 2G, not '" << opts->max_memory << "'\n";
                std::exit(usage);
            }
            opts->limits.max_memory = *bytes;
        }
        std::exit(lint_command(*opts));
    });
}

}  // namespace parley::cli
