// `parley run`: walk a script with replies from stdin, as a readable transcript or JSON lines.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <unistd.h>

#include <fmt/format.h>

#include "parley/parley.hpp"
#include "verbs.hpp"
#include "writers.hpp"

namespace parley::cli {

namespace {

struct RunOptions {
    std::string path;
    std::string script;
    std::vector<std::string> set;
    std::vector<std::string> done;
    std::string locale;
    std::string today = system_today();  // --today
    std::string save;    // snapshot file written when the replies run out
    std::string resume;  // snapshot file to continue from
    bool json = false;
    bool summary = false;
};

// A readable transcript for a person at a terminal (or a log). Whatever a script or a customer
// supplied goes through printable(), so no text can start a line of its own ("customer: ...",
// "[conversation ended: ...]") or reach the terminal as an escape sequence.
void show_text(const Utterance& u) {
    std::string line = "agent: " + printable(u.text);
    if (!u.hint.empty()) line = "agent: " + printable(u.hint) + " " + printable(u.text);
    switch (u.kind) {
    case Utterance::Kind::ask:
        if (!u.choices.empty()) {
            std::string list;
            for (auto c : u.labels.empty() ? u.choices : u.labels) list += (list.empty() ? "" : ", ") + printable(c);
            line += fmt::format("  [{}{}]", list, u.multi_select ? "; comma-separated, or none" : "");
        }
        break;
    case Utterance::Kind::instruct: line += "  [reply when done]"; break;
    case Utterance::Kind::offer: line += fmt::format("  [{} offer: yes or no]", to_string(u.offer_kind)); break;
    case Utterance::Kind::lookup:
        line = fmt::format("host lookup: {} -> {} (reply with the value, or !unknown)", printable(u.lookup), printable(u.slot));
        break;
    case Utterance::Kind::end: line += fmt::format("\n[conversation ended: {}]", to_string(u.outcome)); break;
    case Utterance::Kind::say: break;
    }
    std::cout << line << "\n";
}

// A reply line: "!event" signals an event (white space around it and case do not matter), "!!text"
// is the reply "!text", anything else is a reply as typed.
struct ReplyLine {
    bool event = false;
    std::string_view text;  // the event's name, or the reply
};

ReplyLine read_reply_line(std::string_view line) {
    std::string_view trimmed = line;
    while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front()))) trimmed.remove_prefix(1);
    if (trimmed.size() > 1 && trimmed[0] == '!')
        return trimmed[1] == '!' ? ReplyLine{false, trimmed.substr(1)} : ReplyLine{true, trimmed.substr(1)};
    return {false, line};
}

// `!unknown`: the host's answer to a lookup when the system could not tell (Session::fill_unknown).
// Read as an event name is: case and the white space around it do not matter.
bool is_unknown_answer(std::string_view name) {
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.remove_suffix(1);
    constexpr std::string_view word = "unknown";
    if (name.size() != word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(name[i])) != word[i]) return false;
    return true;
}

// `!locale TAG`: the customer goes on in another language (Session::set_locale). The tag as typed, or
// nullopt for another event; read as an event name is: case and the white space around it do not matter.
std::optional<std::string_view> locale_tag(std::string_view name) {
    auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    while (!name.empty() && space(name.back())) name.remove_suffix(1);
    constexpr std::string_view word = "locale";
    if (name.size() < word.size()) return std::nullopt;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(name[i])) != word[i]) return std::nullopt;
    std::string_view rest = name.substr(word.size());
    if (!rest.empty() && !space(rest.front())) return std::nullopt;
    while (!rest.empty() && space(rest.front())) rest.remove_prefix(1);
    return rest;
}

// An error line of --json: something the customer typed was refused.
void json_error(const Turn& turn, const std::string& text) {
    std::cout << dump({{"type", "error"}, {"script", std::string(turn.prompt.script)},
                       {"node", std::string(turn.prompt.node)}, {"text", text}})
              << "\n";
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
    StartOptions options;
    options.locale = o.locale;
    options.today = o.today;
    auto started = lib.try_start(o.script, prefill, o.done, options);
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
    if (!restored) {
        exit_code = findings;
        return std::nullopt;
    }
    try {
        restored->set_today(o.today);  // a snapshot keeps no date: the conversation resumes today
    } catch (const Error& e) {
        for (const auto& d : e.diagnostics()) std::cerr << format(d) << "\n";
        exit_code = usage;
        return std::nullopt;
    }
    return std::optional<Session>(std::move(*restored));
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
        // The end line carries the handoff.
        std::cout << (u.kind == Utterance::Kind::end ? to_json(u, session.summary()) : to_json(u)) << "\n";
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
        if (echo) std::cout << "customer: " << printable(line) << "\n";
        ReplyLine typed = read_reply_line(line);
        if (typed.event && is_unknown_answer(typed.text)) {
            if (turn.prompt.kind != Utterance::Kind::lookup ||
                session.fill_unknown(turn.prompt.slot) != ReplyStatus::accepted) {
                std::string message = "!unknown answers a host lookup; '" + std::string(turn.prompt.node) + "' is " +
                                      to_string(turn.prompt.kind) + ", not a lookup";
                if (o.json) json_error(turn, message);
                else std::cout << "parley: " << printable(message) << "\n";
            }
            continue;
        }
        if (typed.event) {
            if (std::optional<std::string_view> tag = locale_tag(typed.text)) {
                std::string from = session.locale();
                Result<std::string> now = session.try_set_locale(*tag);
                std::string message;
                if (tag->empty()) message = "!locale needs a tag: !locale es";
                else if (!now) {
                    message = now.diagnostics().front().message;
                    for (const std::string& note : now.diagnostics().front().notes) message += "; " + note;
                }
                if (!message.empty()) {
                    if (o.json) json_error(turn, message);
                    else std::cout << "parley: " << printable(message) << "\n";
                } else if (o.json) {  // the turn follows, said again in the new language
                    std::cout << dump({{"type", "locale"}, {"from", from}, {"locale", *now}, {"script", std::string(turn.prompt.script)},
                                       {"node", std::string(turn.prompt.node)}, {"turn", session.turn()}})
                              << "\n";
                } else {
                    std::cout << "[locale: " << printable(from) << " -> " << printable(*now) << "]\n";
                }
                continue;
            }
        }
        if (typed.event) {  // an event the customer expressed: !cancel, !supervisor
            if (session.signal(typed.text) == SignalStatus::unknown_event) {
                std::string message = "unknown event '" + std::string(typed.text) + "'; built in: cancel, supervisor, agent, repeat, locale TAG";
                if (o.json) json_error(turn, message);
                else std::cout << "parley: " << printable(message) << "\n";
            }
            continue;
        }
        if (session.reply(typed.text) == ReplyStatus::not_understood && o.json)
            json_error(turn, "reply not understood: " + std::string(typed.text));
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
    cmd->add_option("--today", opts->today, "today's date, YYYY-MM-DD, for dates such as 'tomorrow' (default: the system date)");
    cmd->add_option("--save", opts->save, "when the replies run out before the end, save the conversation to FILE");
    cmd->add_option("--resume", opts->resume, "continue the conversation saved in FILE by --save");
    cmd->add_flag("--json", opts->json, "write one JSON object per line instead of a transcript");
    cmd->add_flag("--summary", opts->summary, "print the handoff summary at the end (JSON: always in the end line)");
    cmd->callback([opts] { std::exit(run(*opts)); });
}

}  // namespace parley::cli
