// `parley run`: walk a script with replies from stdin, as a readable transcript or JSON lines.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "parley/parley.hpp"
#include "verbs.hpp"

namespace parley::cli {

namespace {

struct RunOptions {
    std::string path;
    std::string script;
    std::vector<std::string> set;
    std::vector<std::string> done;
    std::string locale;
    std::string save;    // snapshot file written when the replies run out
    std::string resume;  // snapshot file to continue from
    bool json = false;
    bool summary = false;
};

nlohmann::json to_json(const Utterance& u) {
    nlohmann::json j;
    j["type"] = to_string(u.kind);
    j["script"] = std::string(u.script);
    j["node"] = std::string(u.node);
    j["text"] = u.text;
    if (!u.slot.empty()) j["slot"] = std::string(u.slot);
    if (!u.choices.empty() || u.multi_select) {
        auto& choices = j["choices"] = nlohmann::json::array();
        for (auto c : u.choices) choices.push_back(std::string(c));
    }
    if (u.multi_select) j["multi_select"] = true;
    if (u.kind == Utterance::Kind::offer) j["offer_kind"] = to_string(u.offer_kind);
    if (u.kind == Utterance::Kind::lookup) j["lookup"] = std::string(u.lookup);
    if (u.kind == Utterance::Kind::end) j["outcome"] = to_string(u.outcome);
    if (!u.hint.empty()) j["hint"] = u.hint;
    if (u.kind != Utterance::Kind::say && u.kind != Utterance::Kind::end) j["attempt"] = u.attempt;
    return j;
}

nlohmann::json to_json(const Summary& s) {
    nlohmann::json j;
    j["outcome"] = to_string(s.outcome);
    j["script"] = s.script;
    j["node"] = s.node;
    j["turns"] = s.turns;
    auto& facts = j["facts"] = nlohmann::json::object();
    for (const auto& f : s.facts) {
        nlohmann::json v = f.value.is_boolean() ? nlohmann::json(f.value.as_boolean())
                           : f.value.is_number() ? nlohmann::json(f.value.as_number())
                                                 : nlohmann::json(f.value.as_text());
        facts[f.slot] = {{"value", v}, {"source", to_string(f.source)}, {"turn", f.turn}, {"script", f.script}, {"node", f.node}};
    }
    auto& actions = j["actions_done"] = nlohmann::json::array();
    for (const auto& a : s.actions_done) actions.push_back(a.action);
    j["cancel_requested"] = s.cancel_requested;
    j["signals"] = s.signals;
    j["signals_received"] = s.signals_received;
    auto& policies = j["policies"] = nlohmann::json::array();
    for (const auto& i : s.interventions) policies.push_back({{"policy", i.policy}, {"message", i.message}, {"turn", i.turn}});
    j["policies_acted"] = s.interventions_made;
    auto& offers = j["offers"] = nlohmann::json::array();
    for (const auto& o : s.offers) {
        nlohmann::json off = {{"script", o.script}, {"node", o.node}, {"kind", to_string(o.kind)}, {"turn", o.turn}};
        off["accepted"] = o.accepted ? nlohmann::json(*o.accepted) : nlohmann::json(nullptr);
        offers.push_back(off);
    }
    return j;
}

// A readable transcript for a person at a terminal (or a log).
void show_text(const Utterance& u) {
    std::string line = fmt::format("agent: {}", u.text);
    if (!u.hint.empty()) line = fmt::format("agent: {} {}", u.hint, u.text);
    switch (u.kind) {
    case Utterance::Kind::ask:
        if (!u.choices.empty()) {
            std::string list;
            for (auto c : u.choices) list += (list.empty() ? "" : ", ") + std::string(c);
            line += fmt::format("  [{}{}]", list, u.multi_select ? "; comma-separated, or none" : "");
        } else if (u.slot.size()) {
            line += "";
        }
        break;
    case Utterance::Kind::instruct: line += "  [reply when done]"; break;
    case Utterance::Kind::offer: line += fmt::format("  [{} offer: yes or no]", to_string(u.offer_kind)); break;
    case Utterance::Kind::lookup: line = fmt::format("host lookup: {} -> {} (reply with the value)", u.lookup, u.slot); break;
    case Utterance::Kind::end: line += fmt::format("\n[conversation ended: {}]", to_string(u.outcome)); break;
    case Utterance::Kind::say: break;
    }
    std::cout << line << "\n";
}

// A new conversation from --script, --set, --done and --locale; nullopt (and an exit code) when refused.
std::optional<Session> start(const Library& lib, const RunOptions& o, int& exit_code) {
    Facts prefill;
    for (const std::string& assignment : o.set) {
        auto eq = assignment.find('=');
        if (eq == std::string::npos) {
            std::cerr << "parley: --set takes SLOT=VALUE, not '" << assignment << "'\n";
            exit_code = usage;
            return std::nullopt;
        }
        prefill.emplace_back(assignment.substr(0, eq), Value(assignment.substr(eq + 1)));
    }
    auto started = lib.try_start(o.script, prefill, o.done, StartOptions{o.locale});
    for (const auto& d : started.diagnostics()) std::cerr << format(d) << "\n";
    if (!started) exit_code = usage;
    return started ? std::optional<Session>(std::move(*started)) : std::nullopt;
}

// The conversation a --save of an earlier run left; nullopt (and an exit code) when refused.
std::optional<Session> resume(const Library& lib, const RunOptions& o, int& exit_code) {
    std::ifstream in(o.resume, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
        std::cerr << "parley: cannot read " << o.resume << "\n";
        exit_code = usage;
        return std::nullopt;
    }
    auto restored = lib.restore(bytes);
    for (const auto& d : restored.diagnostics()) std::cerr << o.resume << ": " << format(d) << "\n";
    if (!restored) exit_code = findings;
    return restored ? std::optional<Session>(std::move(*restored)) : std::nullopt;
}

bool save(const Session& session, const std::string& file) {
    std::string bytes = session.snapshot();
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) std::cerr << "parley: cannot write " << file << "\n";
    return static_cast<bool>(out);
}

int run(const RunOptions& o) {
    if (o.resume.empty() == o.script.empty()) {
        std::cerr << "parley: give either --script (a new conversation) or --resume FILE (one saved with --save)\n";
        return usage;
    }
    if (!o.resume.empty() && (!o.set.empty() || !o.done.empty() || !o.locale.empty())) {
        std::cerr << "parley: --set, --done and --locale start a conversation; a resumed one already has them\n";
        return usage;
    }
    auto lib = Library::load(o.path);
    for (const auto& d : lib.diagnostics()) std::cerr << format(d) << "\n";
    if (!lib) return findings;

    int exit_code = ok;
    std::optional<Session> opened = o.resume.empty() ? start(*lib, o, exit_code) : resume(*lib, o, exit_code);
    if (!opened) return exit_code;
    Session& session = *opened;
    // A resumed run does not show again the turn the saving run already showed, so a conversation
    // split over several runs prints what one run would.
    bool shown = !o.resume.empty();
    if (shown && !o.json)
        std::cerr << "parley: resumed at " << session.summary().script << "." << session.summary().node << ", turn "
                  << session.turn() << "\n";
    bool echo = !o.json && !isatty(STDIN_FILENO);  // replayed replies appear in the transcript
    auto emit = [&](const Utterance& u) {
        if (!o.json) return show_text(u);
        nlohmann::json j = to_json(u);
        if (u.kind == Utterance::Kind::end) j["summary"] = to_json(session.summary());  // the handoff
        std::cout << j.dump() << "\n";
    };
    for (;;) {
        Turn turn = session.next();
        if (!shown) {
            for (const Utterance& m : turn.messages) emit(m);
            emit(turn.prompt);
        }
        shown = false;
        std::cout.flush();
        if (turn.ended()) break;
        std::string line;
        if (!std::getline(std::cin, line)) {
            std::cerr << "parley: the replies ended before the conversation did (at " << turn.prompt.script << "."
                      << turn.prompt.node << ")";
            if (!o.save.empty() && save(session, o.save)) std::cerr << "; saved to " << o.save;
            std::cerr << "\n";
            return input_ended;
        }
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (echo) std::cout << "customer: " << line << "\n";
        if (line.size() > 1 && line[0] == '!') {  // an event the customer expressed: !cancel, !supervisor
            if (session.signal(std::string_view(line).substr(1)) == SignalStatus::unknown_event) {
                std::string message = "unknown event '" + line.substr(1) + "'; built in: cancel, supervisor, agent, repeat";
                if (o.json)
                    std::cout << nlohmann::json{{"type", "error"}, {"script", std::string(turn.prompt.script)},
                                                {"node", std::string(turn.prompt.node)}, {"text", message}}
                                     .dump()
                              << "\n";
                else std::cout << "parley: " << message << "\n";
            }
            continue;
        }
        if (session.reply(line) == ReplyStatus::not_understood && o.json) {
            std::cout << nlohmann::json{{"type", "error"}, {"script", std::string(turn.prompt.script)},
                                        {"node", std::string(turn.prompt.node)}, {"text", "reply not understood: " + line}}
                             .dump()
                      << "\n";
        }
    }
    if (o.summary && !o.json) std::cout << "\n--- handoff summary ---\n" << session.summary();
    return ok;
}

}  // namespace

void add_run(CLI::App& app) {
    auto opts = std::make_shared<RunOptions>();
    CLI::App* cmd = app.add_subcommand("run", "Walk a script: the customer's replies come from stdin, one per line");
    cmd->add_option("path", opts->path, "a script file or a directory of scripts")->required();
    cmd->add_option("--script", opts->script, "id of the script to start (or --resume)");
    cmd->add_option("--set", opts->set, "pre-fill a slot the host already knows: SLOT=VALUE (repeatable)");
    cmd->add_option("--done", opts->done, "an action the customer has already done (repeatable)");
    cmd->add_option("--locale", opts->locale, "the customer's locale, e.g. es (default: the script's)");
    cmd->add_option("--save", opts->save, "when the replies run out before the end, save the conversation to FILE");
    cmd->add_option("--resume", opts->resume, "continue the conversation saved in FILE by --save");
    cmd->add_flag("--json", opts->json, "write one JSON object per line instead of a transcript");
    cmd->add_flag("--summary", opts->summary, "print the handoff summary at the end (JSON: always in the end line)");
    cmd->callback([opts] { std::exit(run(*opts)); });
}

}  // namespace parley::cli
