// The JSON and SARIF reports of `parley lint` and `parley test` (docs/cli.md).
#include "writers.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>

#include <fmt/format.h>

#include "parley/lint.hpp"
#include "parley/version.hpp"

namespace parley::cli {

namespace {

nlohmann::json to_json(const Diagnostic& d) {
    nlohmann::json j = {{"file", d.region.file}, {"line", d.region.line}, {"column", d.region.column},
                        {"severity", to_string(d.severity)}, {"rule", d.rule}, {"message", d.message}};
    if (!d.notes.empty()) j["notes"] = d.notes;
    if (!d.script.empty()) {  // a path-based finding (its counterexample may be empty: at the start)
        j["path"] = d.path;
        j["script"] = d.script;
        if (!d.set.empty()) j["set"] = d.set;
        if (!d.done.empty()) j["done"] = d.done;
        if (!d.locale.empty()) j["locale"] = d.locale;
    }
    if (d.suppressed()) {
        j["suppressed"] = true;
        j["justification"] = d.suppressed_because;
    }
    return j;
}

// A file path as a URI reference: unreserved characters and '/' stay, everything else is %-encoded.
std::string uri(const std::string& path) {
    std::string out;
    for (unsigned char c : path) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') out += static_cast<char>(c);
        else out += fmt::format("%{:02X}", c);
    }
    return out;
}

// A word as a POSIX shell reads it back: as is when it is plain, else in single quotes.
std::string shell_word(const std::string& word) {
    bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](unsigned char c) {
        return std::isalnum(c) || std::string_view("_-./:=,@+").find(static_cast<char>(c)) != std::string_view::npos;
    });
    if (plain) return word;
    std::string out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace

std::string run_command(const Diagnostic& d, const std::string& path) {
    std::string command = "parley run " + shell_word(path) + " --script " + shell_word(d.script);
    for (const std::string& fact : d.set) command += " --set " + shell_word(fact);
    for (const std::string& action : d.done) command += " --done " + shell_word(action);
    if (!d.locale.empty()) command += " --locale " + shell_word(d.locale);
    return command;
}

std::string dump(const nlohmann::json& j, int indent) {
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string lint_json(const std::vector<Findings>& all) {
    nlohmann::json out = nlohmann::json::array();
    for (const Findings& f : all)
        for (const Diagnostic& d : f.diagnostics) out.push_back(to_json(d));
    return dump(out, 2);
}

std::string lint_sarif(const std::vector<Findings>& all) {
    nlohmann::json rules = nlohmann::json::array();
    std::map<std::string, std::size_t> rule_index;
    for (const RuleInfo& r : parley::rules()) {
        rule_index[std::string(r.id)] = rules.size();
        rules.push_back({{"id", r.id},
                         {"shortDescription", {{"text", r.summary}}},
                         {"defaultConfiguration", {{"level", to_string(r.severity)}}}});
    }
    nlohmann::json results = nlohmann::json::array();
    for (const Findings& f : all)
        for (const Diagnostic& d : f.diagnostics) {
            std::string message = d.message;
            for (const auto& note : d.notes) message += "\n" + note;
            if (!d.script.empty()) {
                message += "\nCounterexample (" + run_command(d, f.path) + "):";
                for (const auto& line : d.path) message += "\n  " + line;
            }
            nlohmann::json location = {
                {"physicalLocation", {{"artifactLocation", {{"uri", uri(d.region.file.empty() ? f.path : d.region.file)}}}}}};
            if (d.region.line > 0)
                location["physicalLocation"]["region"] = {{"startLine", d.region.line}, {"startColumn", std::max(1, d.region.column)}};
            nlohmann::json result = {{"ruleId", d.rule},
                                     {"level", d.severity == Severity::note ? "note" : to_string(d.severity)},
                                     {"message", {{"text", message}}},
                                     {"locations", nlohmann::json::array({location})}};
            if (auto it = rule_index.find(d.rule); it != rule_index.end()) result["ruleIndex"] = it->second;
            if (d.suppressed())
                result["suppressions"] = nlohmann::json::array(
                    {{{"kind", "inSource"}, {"status", "accepted"}, {"justification", d.suppressed_because}}});
            results.push_back(result);
        }
    nlohmann::json log = {
        {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
        {"version", "2.1.0"},
        {"runs", nlohmann::json::array({{{"tool", {{"driver", {{"name", "parley"},
                                                                {"version", version_string},
                                                                {"informationUri", "https://example.invalid/parley/docs/lint.md"},
                                                                {"rules", rules}}}}},
                                           {"results", results}}})}};
    return dump(log, 2);
}

void write_test_json(std::ostream& out, const testing::TestRun& run) {
    for (const testing::FileRun& f : run.files) {
        if (!f.loaded()) {
            nlohmann::json j = {{"file", f.file}, {"passed", false}, {"error", std::string(f.load_error())}};
            auto& diagnostics = j["diagnostics"] = nlohmann::json::array();
            for (const auto& d : f.problems) diagnostics.push_back(format(d));
            out << dump(j) << "\n";
            continue;
        }
        for (const testing::CaseResult& r : f.results) {
            nlohmann::json j = {{"file", r.region.file}, {"line", r.region.line}, {"name", r.name},
                                {"passed", r.passed()}, {"outcome", to_string(r.outcome)}, {"turns", r.turns},
                                {"seconds", r.seconds}, {"transcript", r.transcript}};
            auto& failures = j["failures"] = nlohmann::json::array();
            if (!r.passed()) {
                j["failed_turn"] = r.failed_turn;
                j["step"] = r.step;
                j["step_line"] = r.step_region.line;
                for (const auto& a : r.failures)
                    failures.push_back({{"file", a.region.file}, {"line", a.region.line}, {"column", a.region.column},
                                        {"assertion", a.assertion}, {"expected", a.expected}, {"actual", a.actual},
                                        {"notes", a.notes}});
            }
            out << dump(j) << "\n";
        }
    }
}

}  // namespace parley::cli
