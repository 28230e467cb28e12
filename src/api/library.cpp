// parley::Library: loading (files -> reader -> compiler) and starting sessions.
#include "parley/library.hpp"

#include <algorithm>
#include <filesystem>

#include "common/diagnostics.hpp"
#include "common/locale.hpp"
#include "common/suggest.hpp"
#include "compile/compiler.hpp"
#include "model/values.hpp"
#include "engine/evaluate.hpp"
#include "engine/session_core.hpp"
#include "engine/snapshot.hpp"
#include "model/fingerprint.hpp"
#include "load/files.hpp"
#include "load/format_table.hpp"
#include "load/reader.hpp"

namespace parley {

using namespace detail;
namespace fs = std::filesystem;

namespace {

bool is_settings_file(const std::string& name) {
    return fs::path(name).filename() == std::string(settings_file_name);
}

bool is_script_file(const fs::path& p) {
    std::string ext = p.extension().string();
    std::string name = p.filename().string();
    // Test files (`*.test.yaml`) live beside scripts but are not part of the library.
    auto ends_with = [&](std::string_view suffix) {
        return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return (ext == ".yaml" || ext == ".yml") && !ends_with(".test.yaml") && !ends_with(".test.yml");
}


Diagnostic io_error(const std::string& path, const std::string& message) {
    return make_diagnostic(Rule::io_error, {path, 0, 0}, message);
}

}  // namespace

Library::Library(std::shared_ptr<const Program> program) : program_(std::move(program)) {}

Result<Library> Library::parse(const std::vector<std::pair<std::string, std::string>>& files) {
    try {
        std::vector<Diagnostic> diagnostics;
        std::vector<ast::Script> scripts;
        std::optional<ast::Settings> settings;
        for (const auto& [name, text] : files) {
            if (!is_settings_file(name)) {
                scripts.push_back(read_script(text, name, diagnostics));
            } else if (settings) {
                diagnostics.push_back(make_diagnostic(Rule::duplicate_id, {name, 1, 1},
                                            "a library has one policies.yaml; another was loaded from " + settings->file));
            } else {
                settings = read_settings(text, name, diagnostics);
            }
        }
        auto program = compile(scripts, settings ? &*settings : nullptr, diagnostics);
        if (!program || has_errors(diagnostics)) return Result<Library>(std::move(diagnostics));
        diagnostics.insert(diagnostics.end(), program->warnings.begin(), program->warnings.end());
        return Result<Library>(Library(std::move(program)), std::move(diagnostics));
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {  // a bug of ours must not take the host down with it
        return Result<Library>({make_diagnostic(Rule::internal_error, {}, e.what())});
    }
}

Result<Library> Library::parse(std::string_view yaml, const std::string& file_name) {
    return parse({{file_name, std::string(yaml)}});
}

Result<Library> Library::load(const std::string& path) {
    std::vector<Diagnostic> problems;
    std::vector<fs::path> paths;
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        paths = find_files(path, is_script_file, problems);
        if (paths.empty() && problems.empty()) return Result<Library>({io_error(path, "no *.yaml scripts in this directory")});
    } else {
        paths.push_back(path);
    }
    std::vector<std::pair<std::string, std::string>> files;
    for (const fs::path& p : paths)
        if (std::optional<std::string> text = read_file(p, problems)) files.emplace_back(p.string(), std::move(*text));
    if (!problems.empty()) return Result<Library>(std::move(problems));
    return parse(files);
}

Result<Session> Library::try_start(std::string_view script, const Facts& prefill, const std::vector<std::string>& done,
                                   const StartOptions& options) const {
    const Program& p = *program_;
    std::vector<Diagnostic> problems;
    auto problem = [&](Rule rule, std::string message, std::string note = {}) {
        problems.push_back(make_diagnostic(rule, {}, std::move(message), std::move(note)));
    };
    Id script_id = p.find_script(script);
    if (script_id == no_id) {
        std::vector<std::string_view> names;
        for (const auto& s : p.scripts) names.push_back(s.name);
        problem(Rule::unknown_script, "no script '" + std::string(script) + "' in the library", did_you_mean(script, names));
    }
    auto core = std::make_unique<SessionCore>();
    core->program = program_;
    if (options.locale.empty()) {
        core->select_locale(script_id != no_id ? p.scripts[script_id].locale : "en");
    } else if (std::optional<std::string> canonical = canonical_locale(options.locale)) {
        core->select_locale(std::move(*canonical));
    } else {
        LocaleProblem words = locale_problem(options.locale);
        problem(Rule::bad_locale, std::move(words.message), std::move(words.note));
    }
    core->trace_capacity = options.trace_capacity;  // the ring grows as events come
    core->state.record_path = options.record_path;
    core->state.facts.reserve(prefill.size());
    StepScratch& scratch = step_scratch();  // no undo log: a core that fails to start is dropped
    Stepper prefill_step(p, core->state, scratch.events, scratch.ids);
    for (const auto& [name, value] : prefill) {
        Id slot = p.find_slot(name);
        if (slot == no_id) {
            std::vector<std::string_view> names;
            for (const auto& s : p.slots) names.push_back(s.name);
            problem(Rule::unknown_slot, "pre-filled slot '" + name + "' is not declared in the library", did_you_mean(name, names));
            continue;
        }
        const SlotDecl& decl = p.slots[slot];
        Val v;
        if (!from_host(value, decl, v)) {
            problem(Rule::wrong_type, "pre-filled value '" + value.to_string() + "' does not fit slot '" + name + "' (" +
                                      to_string(decl.type) + ")",
                    expectation(decl));
            continue;
        }
        prefill_step.set_fact(slot, std::move(v), Source::prefill, no_id);
    }
    for (const std::string& action : done) {
        Id id = p.find_action(action);
        if (id == no_id) {
            problem(Rule::unknown_action, "action '" + action + "' is not an action of any script in the library",
                    did_you_mean(action, std::vector<std::string_view>(p.actions.begin(), p.actions.end())));
            continue;
        }
        prefill_step.mark_done(id, Source::prefill, no_id);
    }
    if (!problems.empty()) return Result<Session>(std::move(problems));
    core->transact([&](Stepper& step) {
        step.start(script_id);
        return 0;
    });
    return Result<Session>(Session(std::move(core)));
}

Session Library::start(std::string_view script, const Facts& prefill, const std::vector<std::string>& done,
                       const StartOptions& options) const {
    return try_start(script, prefill, done, options).value();
}

Result<Session> Library::restore(std::string_view snapshot) const {
    std::vector<Diagnostic> diagnostics;
    std::unique_ptr<SessionCore> core = decode_snapshot(program_, snapshot, diagnostics);
    if (!core) return Result<Session>(std::move(diagnostics));
    return Result<Session>(Session(std::move(core)), std::move(diagnostics));
}

Result<SnapshotHeader> read_snapshot_header(std::string_view snapshot) {
    std::vector<Diagnostic> problems;
    SnapshotHead head;
    if (!read_snapshot_head(snapshot, head, problems)) return Result<SnapshotHeader>(std::move(problems));
    SnapshotHeader out;
    out.format = head.format;
    out.library_fingerprint = fingerprint_hex(head.library_fingerprint);
    for (const auto& script : head.scripts) out.scripts.push_back({std::string(script.name), fingerprint_hex(script.fingerprint)});
    return Result<SnapshotHeader>(std::move(out));
}

std::string Library::fingerprint() const { return fingerprint_hex(program_->fingerprint); }

std::string Library::fingerprint(std::string_view script) const {
    Id id = program_->find_script(script);
    if (id == no_id)
        throw Error({make_diagnostic(Rule::unknown_script, {}, "no script '" + std::string(script) + "' in the library")});
    return fingerprint_hex(program_->scripts[id].fingerprint);
}

std::vector<std::string_view> Library::scripts() const {
    std::vector<std::string_view> out;
    for (const auto& s : program_->scripts) out.push_back(s.name);
    return out;
}

std::vector<NodeInfo> Library::nodes() const {
    const Program& p = *program_;
    std::vector<NodeInfo> out;
    for (const Node& n : p.nodes) {
        NodeInfo info{p.scripts[n.script].name, n.name, to_string(n.kind), n.region, {}};
        for (const Branch& b : n.next) info.branches.push_back(b.region);
        out.push_back(std::move(info));
    }
    return out;
}

const std::vector<SlotInfo>& Library::slots() const noexcept { return program_->catalog; }

const SlotInfo* Library::slot(std::string_view name) const {
    Id id = program_->find_slot(name);
    return id == no_id ? nullptr : &program_->catalog[id];
}

std::vector<std::string_view> Library::actions() const {
    return std::vector<std::string_view>(program_->actions.begin(), program_->actions.end());
}

bool Library::has_script(std::string_view id) const { return program_->find_script(id) != no_id; }

const std::vector<Diagnostic>& Library::warnings() const noexcept { return program_->warnings; }

}  // namespace parley
