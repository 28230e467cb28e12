// `parley diff OLD NEW`: which conversations still running on OLD a switch to NEW would strand.
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "parley/parley.hpp"
#include "verbs.hpp"
#include "writers.hpp"

namespace parley::cli {

namespace {

struct DiffOptions {
    std::string older, newer;
    std::string format = "text";
};

std::string where(const SourceRegion& r) { return fmt::format("{}:{}:{}", r.file, r.line, r.column); }

void print_text(const DiffReport& report) {
    for (const auto& p : report.positions) {
        std::cout << fmt::format("{}: {}: {}.{} ({}) {}", where(p.region), p.stranded() ? "stranded" : "migrated",
                                 p.script, p.node, p.kind, p.change);
        if (!p.stranded()) std::cout << "; migrate: goes to " << p.migrated_to;
        std::cout << "\n";
    }
    for (const auto& s : report.slots)
        std::cout << fmt::format("{}: slot {}: {}; a remembered value may be dropped\n", where(s.region), s.slot, s.change);
    std::size_t stranded = 0;
    for (const auto& p : report.positions) stranded += p.stranded();
    std::cout << fmt::format("{} stranded, {} migrated, {} slots changed\n", stranded, report.positions.size() - stranded,
                             report.slots.size());
}

void print_json(const DiffReport& report) {
    nlohmann::json j = {{"strands", report.strands()}, {"positions", nlohmann::json::array()}, {"slots", nlohmann::json::array()}};
    for (const auto& p : report.positions) {
        j["positions"].push_back({{"script", p.script}, {"node", p.node}, {"kind", p.kind}, {"file", p.region.file},
                                  {"line", p.region.line}, {"column", p.region.column}, {"change", p.change},
                                  {"migrated_to", p.stranded() ? nlohmann::json(nullptr) : nlohmann::json(p.migrated_to)}});
    }
    for (const auto& s : report.slots)
        j["slots"].push_back({{"slot", s.slot}, {"change", s.change}, {"file", s.region.file}, {"line", s.region.line},
                              {"column", s.region.column}});
    std::cout << dump(j, 2) << "\n";
}

int diff_command(const DiffOptions& o) {
    auto older = Library::load(o.older);
    auto newer = Library::load(o.newer);
    for (const auto* lib : {&older, &newer})
        for (const auto& d : lib->diagnostics())
            if (d.severity == Severity::error) std::cerr << format(d) << "\n";
    if (!older || !newer) return usage;
    DiffReport report = diff(*older, *newer);
    if (o.format == "json") print_json(report);
    else print_text(report);
    return report.strands() ? findings : ok;
}

}  // namespace

void add_diff(CLI::App& app) {
    auto opts = std::make_shared<DiffOptions>();
    CLI::App* cmd = app.add_subcommand("diff", "Which live conversations a new version of a library would strand");
    cmd->add_option("old", opts->older, "the library conversations are running on (a file or directory)")->required();
    cmd->add_option("new", opts->newer, "the version to switch to")->required();
    cmd->add_option("--format", opts->format, "text or json")->check(CLI::IsMember({"text", "json"}));
    cmd->callback([opts] { std::exit(diff_command(*opts)); });
}

}  // namespace parley::cli
