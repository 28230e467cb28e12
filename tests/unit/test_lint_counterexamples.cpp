// parley::lint's counterexamples are conversations: `d.path` typed into a session started at
// `d.script` (lines starting with '!' are signals, the others replies) must lead the engine to the
// violation the finding reports, and must be as short as possible. Public API only.
#include <doctest/doctest.h>
#include <parley/parley.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using parley::Diagnostic;
using parley::Library;
using parley::LintReport;
using parley::ReplyStatus;
using parley::Session;
using parley::SignalStatus;
using parley::TraceEntry;
using parley::TraceKind;

#include "lint_scripts.hpp"

using namespace lint_scripts;

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;
using Lines = std::vector<std::string>;

std::string yaml(const char* text) { return text[0] == '\n' ? std::string(text + 1) : std::string(text); }

std::string show(const std::vector<Diagnostic>& ds) {
    std::string out;
    for (const Diagnostic& d : ds) {
        out += "\n  " + parley::format(d);
        if (!d.path.empty() || !d.script.empty()) {
            out += "\n    counterexample from " + d.script + ":";
            for (const auto& line : d.path) out += " [" + line + "]";
        }
    }
    return out;
}

std::string show(const std::vector<TraceEntry>& trace) {
    std::string out;
    for (const TraceEntry& e : trace)
        out += "\n  turn " + std::to_string(e.turn) + " " + parley::to_string(e.kind) + " " + std::string(e.script) + "." +
               std::string(e.node) + ": " + e.message + (e.policy.empty() ? "" : " [" + std::string(e.policy) + "]");
    return out;
}

Library load(const Files& files) {
    auto lib = Library::parse(files);
    std::string problems;
    for (const Diagnostic& d : lib.diagnostics()) problems += "\n  " + parley::format(d);
    INFO("the library does not load:" << problems);
    REQUIRE(lib.has_value());
    return *lib;
}

// The one finding of `rule` in `library`'s lint report.
Diagnostic finding(const Library& library, const std::string& rule) {
    LintReport report = parley::lint(library);
    INFO("lint said:" << show(report.diagnostics));
    std::vector<Diagnostic> found;
    for (const Diagnostic& d : report.diagnostics)
        if (d.rule == rule) found.push_back(d);
    REQUIRE(found.size() == 1);
    return found.front();
}

// The node a finding points at, by its position.
std::string node_at(const Library& library, const Diagnostic& d) {
    for (const parley::NodeInfo& n : library.nodes())
        if (n.region.file == d.region.file && n.region.line == d.region.line && n.region.column == d.region.column)
            return std::string(n.node);
    FAIL("no node at " << d.region.file << ":" << d.region.line << ":" << d.region.column);
    return {};
}

// Types the counterexample into a new session, as `parley run --script d.script` would. Every line
// must be taken by a conversation that is still going: a counterexample never runs past the end.
Session replay(const Library& library, const Diagnostic& d) {
    REQUIRE_FALSE(d.script.empty());
    parley::Facts prefill;  // what the host supplies: `parley run --set SLOT=VALUE` and `--done ACTION`
    for (const std::string& fact : d.set) {
        std::size_t eq = fact.find('=');
        REQUIRE(eq != std::string::npos);
        prefill.emplace_back(fact.substr(0, eq), parley::Value(fact.substr(eq + 1)));
    }
    Session s = library.start(d.script, prefill, d.done);
    for (const std::string& line : d.path) {
        INFO("replaying [" << line << "] of the counterexample:" << show(s.trace()));
        REQUIRE_FALSE(s.ended());
        if (line.size() > 1 && line[0] == '!') {
            CHECK(s.signal(std::string_view(line).substr(1)) == SignalStatus::handled);
        } else {
            CHECK(s.reply(line) != ReplyStatus::no_question);
        }
    }
    return s;
}

// The trace entries of the last line typed (or of the start, for an empty counterexample).
std::vector<TraceEntry> last_step(const Session& s, const Diagnostic& d) {
    std::vector<TraceEntry> out;
    for (const TraceEntry& e : s.trace())
        if (e.turn == d.path.size()) out.push_back(e);
    return out;
}

// A copy: the entries are often a temporary.
std::optional<TraceEntry> find_entry(const std::vector<TraceEntry>& entries, TraceKind kind, const std::string& node) {
    for (const TraceEntry& e : entries)
        if (e.kind == kind && e.node == node) return e;
    return std::nullopt;
}

// ---- libraries ------------------------------------------------------------------------------------


// Declining the first offer leads, in the script, to a second one.

// Accepting the first offer leads to a second one.
const char* second_offer_on_accept = R"(
script: c
version: 1
slots:
  c.discount:
    type: boolean
  c.free_month:
    type: boolean
start: discount
nodes:
  discount:
    offer: Would 25% off for a year keep you with us?
    kind: retention
    slot: c.discount
    next:
      - if: c.discount
        goto: free_month
      - goto: confirm
  free_month:
    offer: And would you like a free month on top?
    kind: retention
    slot: c.free_month
    next: kept
  confirm:
    say: Your service is cancelled.
    next: bye
  kept:
    end: retained
  bye:
    end: cancelled
)";









}  // namespace

// ---- one replay per path-based rule -----------------------------------------------------------

TEST_CASE("lint counterexample offer-after-cancel (a declined offer routed to another): the engine cancels instead") {
    Library lib = load({{"policies.yaml", yaml(two_offers_policies)}, {"c.yaml", yaml(two_offers_bad)}});
    Diagnostic d = finding(lib, "offer-after-cancel");
    CHECK(d.script == "c");
    CHECK(d.path == Lines{"no"});
    Session s = replay(lib, d);
    auto step = last_step(s, d);
    INFO(show(s.trace()));
    // The declined offer is overridden: honor_cancellation intervenes on the last step, before the
    // script's route could make the second offer.
    std::optional<TraceEntry> e = find_entry(step, TraceKind::policy, "discount");
    REQUIRE(e.has_value());
    CHECK(e->policy == "honor_cancellation");
    CHECK(e->message.find("declined after the cancel request") != std::string::npos);
    CHECK_FALSE(find_entry(s.trace(), TraceKind::offered, "free_month").has_value());
    CHECK(s.outcome() == parley::Outcome::cancelled);
}

TEST_CASE("lint counterexample offer-after-cancel (an accepted offer routed to another): the engine skips it") {
    Library lib = load({{"policies.yaml", yaml(two_offers_policies)}, {"c.yaml", yaml(second_offer_on_accept)}});
    Diagnostic d = finding(lib, "offer-after-cancel");
    CHECK(node_at(lib, d) == "free_month");
    CHECK(d.path == Lines{"yes"});
    Session s = replay(lib, d);
    INFO(show(s.trace()));
    std::optional<TraceEntry> e = find_entry(last_step(s, d), TraceKind::policy, "free_month");
    REQUIRE(e.has_value());
    CHECK(e->policy == "honor_cancellation");
    CHECK(e->message.find("skipped offer 'free_month'") != std::string::npos);
    CHECK(e->message.find("already made after the cancel request") != std::string::npos);
    CHECK_FALSE(find_entry(s.trace(), TraceKind::offered, "free_month").has_value());
}

TEST_CASE("lint counterexample upsell-after-cancel: the replay reaches the skipped upsell") {
    Library lib = load({{"policies.yaml", yaml(cancel_then_policies)}, {"c.yaml", yaml(upsell_bad)}});
    Diagnostic d = finding(lib, "upsell-after-cancel");
    CHECK(node_at(lib, d) == "faster");
    CHECK(d.script == "c");
    CHECK(d.path.size() == 1);  // any reason will do, one reply
    Session s = replay(lib, d);
    INFO(show(s.trace()));
    std::optional<TraceEntry> e = find_entry(last_step(s, d), TraceKind::policy, "faster");
    REQUIRE(e.has_value());
    CHECK(e->policy == "no_upsell_after_cancel");
    CHECK(e->message.find("skipped upsell 'faster'") != std::string::npos);
    // The message says what the replay shows: the engine leaves for the cancellation (issue 14, point 2).
    CHECK(e->message.find("going to the cancellation, c.confirm") != std::string::npos);
    CHECK(d.message == "after a cancel request this path reaches upsell 'faster'; the engine goes to the cancellation "
                       "instead, c.confirm");
}

TEST_CASE("lint counterexample offer-during-cancellation: one cancel signal reaches the skipped offer") {
    Library lib = load({{"policies.yaml", yaml(during_policies)}, {"a.yaml", yaml(during_bad)}});
    Diagnostic d = finding(lib, "offer-during-cancellation");
    CHECK(node_at(lib, d) == "save");
    CHECK(d.path == Lines{"!cancel"});
    Session s = replay(lib, d);
    INFO(show(s.trace()));
    std::optional<TraceEntry> e = find_entry(last_step(s, d), TraceKind::policy, "save");
    REQUIRE(e.has_value());
    CHECK(e->policy == "honor_cancellation");
    CHECK(e->message == "skipped offer 'save': the cancellation is under way");
}

TEST_CASE("lint counterexample repeated-question: the replay ends with the question skipped") {
    Library lib = load({{"a.yaml", yaml(repeated_question_bad)}});
    Diagnostic d = finding(lib, "repeated-question");
    CHECK(node_at(lib, d) == "check_again");
    CHECK(d.path == Lines{"no", "done"});  // the shortest: answer, then acknowledge the restart
    Session s = replay(lib, d);
    INFO(show(s.trace()));
    std::optional<TraceEntry> e = find_entry(last_step(s, d), TraceKind::skipped, "check_again");
    REQUIRE(e.has_value());
    CHECK(e->message.find("a.ok known since turn 1") != std::string::npos);
}

TEST_CASE("lint counterexample repeated-instruction: the replay ends with the instruction skipped") {
    Library lib = load({{"a.yaml", yaml(repeated_instruction_bad)}});
    Diagnostic d = finding(lib, "repeated-instruction");
    CHECK(node_at(lib, d) == "restart_again");
    CHECK(d.path == Lines{"done", "done"});
    Session s = replay(lib, d);
    INFO(show(s.trace()));
    std::optional<TraceEntry> e = find_entry(last_step(s, d), TraceKind::skipped, "restart_again");
    REQUIRE(e.has_value());
    CHECK(e->policy == "no_repeat_instructions");
    CHECK(e->message.find("modem.restart done since turn 1") != std::string::npos);
}

TEST_CASE("lint counterexample dead-end: one reply reaches the node where no branch matches") {
    Library lib = load({{"a.yaml", yaml(dead_end_bad)}});
    Diagnostic d = finding(lib, "dead-end");
    CHECK(node_at(lib, d) == "lights");
    CHECK(d.path == Lines{"off"});
    Session s = replay(lib, d);
    INFO(show(s.trace()));
    std::optional<TraceEntry> e = find_entry(last_step(s, d), TraceKind::fault, "lights");
    REQUIRE(e.has_value());
    CHECK(e->message.find("no branch of 'lights' matched") != std::string::npos);
    CHECK(s.outcome() == parley::Outcome::escalated);
}

TEST_CASE("lint counterexample loop-without-turn: the replay goes round until the engine gives up") {
    Library lib = load({{"a.yaml", yaml(loop_bad)}});
    Diagnostic d = finding(lib, "loop-without-turn");
    CHECK(d.path == Lines{"yes"});
    Session s = replay(lib, d);
    INFO(show(s.trace()));
    std::optional<TraceEntry> e = find_entry(last_step(s, d), TraceKind::fault, node_at(lib, d));
    REQUIRE(e.has_value());
    CHECK(e->message.find("went round without asking anything") != std::string::npos);
    CHECK(s.outcome() == parley::Outcome::escalated);
}

TEST_CASE("lint counterexample call-depth: starting the self-calling script is enough") {
    Library lib = load({{"a.yaml", yaml(depth_a)}, {"b.yaml", yaml(depth_b_bad)}});
    Diagnostic d = finding(lib, "call-depth");
    CHECK(node_at(lib, d) == "again");
    CHECK(d.script == "b");
    CHECK(d.path.empty());  // shortest: no reply at all
    Session s = replay(lib, d);
    INFO(show(s.trace()));
    std::optional<TraceEntry> e = find_entry(last_step(s, d), TraceKind::fault, "again");
    REQUIRE(e.has_value());
    CHECK(e->message.find("calls nested too deep") != std::string::npos);
    CHECK(s.outcome() == parley::Outcome::escalated);
}

TEST_CASE("lint counterexample endless-loop: the replay reaches the node, and going round comes back to the same state") {
    Library lib = load({{"a.yaml", yaml(endless_bad)}});
    Diagnostic d = finding(lib, "endless-loop");
    CHECK(node_at(lib, d) == "q");
    CHECK(d.path.empty());  // the loop starts at the first prompt
    Session s = replay(lib, d);
    REQUIRE_FALSE(s.ended());
    CHECK(s.next().prompt.node == "q");
    CHECK_FALSE(s.known("a.ok"));
    for (int round = 0; round < 3; ++round) {
        CHECK(s.reply("no") == ReplyStatus::accepted);
        CHECK(s.reply("yes") == ReplyStatus::accepted);
        REQUIRE_FALSE(s.ended());
        CHECK(s.next().prompt.node == "q");
        CHECK_FALSE(s.known("a.ok"));
        CHECK_FALSE(s.known("a.plugged"));
    }
}

TEST_CASE("lint counterexample no-cancel-path: the replay reaches the prompt, where a cancel request changes nothing") {
    const char* policies = R"(
version: 1
policies:
  honor_cancellation: false
)";
    const char* a = R"(
script: a
version: 1
slots:
  a.ok:
    type: boolean
start: q
nodes:
  q:
    ask: Is the internet working?
    slot: a.ok
    next: done
  done:
    end: resolved
)";
    Library lib = load({{"policies.yaml", yaml(policies)}, {"a.yaml", yaml(a)}});
    Diagnostic d = finding(lib, "no-cancel-path");
    CHECK(node_at(lib, d) == "q");
    CHECK(d.path.empty());
    Session s = replay(lib, d);
    CHECK(s.next().prompt.node == "q");
    CHECK(s.signal("cancel") == SignalStatus::handled);
    REQUIRE_FALSE(s.ended());
    CHECK(s.next().prompt.node == "q");
    CHECK(s.summary().cancel_requested);
}

TEST_CASE("lint counterexample no-escalation-path: the replay reaches the prompt, where asking for a person changes nothing") {
    const char* policies = R"(
version: 1
policies:
  escalate_on_request: false
)";
    const char* a = R"(
script: a
version: 1
slots:
  a.ok:
    type: boolean
start: q
nodes:
  q:
    ask: Is the internet working?
    slot: a.ok
    max_attempts: 1
    on_fail: restart
    next: restart
  restart:
    instruct: Please restart the modem.
    action: modem.restart
    next: done
  done:
    end: resolved
)";
    Library lib = load({{"policies.yaml", yaml(policies)}, {"a.yaml", yaml(a)}});
    Diagnostic d = finding(lib, "no-escalation-path");
    CHECK(node_at(lib, d) == "q");
    Session s = replay(lib, d);
    CHECK(s.next().prompt.node == "q");
    CHECK(s.signal("supervisor") == SignalStatus::handled);
    REQUIRE_FALSE(s.ended());
    CHECK(s.next().prompt.node == "q");
}

// ---- shortest ------------------------------------------------------------------------------------

TEST_CASE("lint counterexamples are shortest: of a long and a short way to a dead end, the short one") {
    const char* a = R"(
script: a
version: 1
slots:
  a.route:
    type: choice
    choices: [long, short]
  a.first:
    type: boolean
  a.second:
    type: boolean
  a.colour:
    type: choice
    choices: [red, green, blue]
start: route
nodes:
  route:
    ask: Long or short?
    slot: a.route
    next:
      - if: a.route == "long"
        goto: first
      - goto: colour
  first:
    ask: First question?
    slot: a.first
    next: second
  second:
    ask: Second question?
    slot: a.second
    next: colour
  colour:
    ask: Which colour?
    slot: a.colour
    next:
      - if: a.colour == "red"
        goto: done
      - if: a.colour == "green"
        goto: done
  done:
    end: resolved
)";
    Library lib = load({{"a.yaml", yaml(a)}});
    Diagnostic d = finding(lib, "dead-end");
    CHECK(d.path == Lines{"short", "blue"});
    Session s = replay(lib, d);
    CHECK(find_entry(last_step(s, d), TraceKind::fault, "colour").has_value());
}

TEST_CASE("lint counterexamples are shortest: a finding one signal away is reported with that signal alone") {
    const char* a = R"(
script: a
version: 1
slots:
  a.one:
    type: boolean
  a.two:
    type: boolean
  a.save:
    type: boolean
start: one
nodes:
  one:
    ask: First question?
    slot: a.one
    next: two
  two:
    ask: Second question?
    slot: a.two
    next: done
  confirm:
    say: I'm cancelling your service.
    next: save
  save:
    offer: Would half price keep you with us?
    kind: retention
    slot: a.save
    next: bye
  bye:
    end: cancelled
  done:
    end: resolved
)";
    Library lib = load({{"policies.yaml", yaml(during_policies)}, {"a.yaml", yaml(a)}});
    Diagnostic d = finding(lib, "offer-during-cancellation");
    CHECK(d.path == Lines{"!cancel"});
}

// ---- counterexamples that do not replay -------------------------------------------------------------

// Regression (fixed): the explorer follows a declined retention offer's own `next` after a cancel request
// (decline_leads_to_cancellation is turned off to find offer-after-cancel), but the engine always
// goes to the cancellation there. Everything behind that `next` is reported as if a customer could
// reach it: here an error dead-end with the counterexample [no, other], which does not replay
// (after "no" the conversation has ended cancelled, and "other" has no question to answer).
TEST_CASE("lint counterexample: nothing is reported behind a declined offer the engine overrides") {
    const char* c = R"(
script: c
version: 1
slots:
  c.discount:
    type: boolean
  c.why:
    type: choice
    choices: [price, service, other]
start: discount
nodes:
  discount:
    offer: Would 25% off keep you with us?
    kind: retention
    slot: c.discount
    next:
      - if: c.discount
        goto: kept
      - goto: why
  why:
    ask: May I ask why you are leaving?
    slot: c.why
    next:
      - if: c.why == "price"
        goto: confirm
      - if: c.why == "service"
        goto: confirm
  confirm:
    say: Your service is cancelled.
    next: bye
  kept:
    end: retained
  bye:
    end: cancelled
)";
    Library lib = load({{"policies.yaml", yaml(cancel_then_policies)}, {"c.yaml", yaml(c)}});
    LintReport report = parley::lint(lib);
    INFO(show(report.diagnostics));
    for (const Diagnostic& d : report.diagnostics) {
        if (d.rule != "dead-end") continue;
        Session s = replay(lib, d);
        INFO(show(s.trace()));
        CHECK(find_entry(last_step(s, d), TraceKind::fault, node_at(lib, d)).has_value());
    }
}

// Regression (fixed): lint's explorer leaves max_turns off (the turn count is not in a state), so a counterexample may be longer
// than the library's turn budget. Here the dead end needs 3 replies, but with max_turns: 2 the
// engine escalates after the second, and `parley run` never reaches 'lights'. Either the finding
// should not be reported as reachable, or it should say that max_turns cuts it off.
TEST_CASE("lint counterexample: a counterexample fits within max_turns") {
    const char* policies = R"(
version: 1
policies:
  max_turns: 2
)";
    const char* a = R"(
script: a
version: 1
slots:
  a.name:
    type: text
  a.ok:
    type: boolean
  a.lights:
    type: choice
    choices: [green, orange]
start: name
nodes:
  name:
    ask: What's your name?
    slot: a.name
    next: ok
  ok:
    ask: Is it working?
    slot: a.ok
    next: lights
  lights:
    ask: What colour are the lights?
    slot: a.lights
    next:
      - if: a.lights == "green"
        goto: done
  done:
    end: resolved
)";
    Library lib = load({{"policies.yaml", yaml(policies)}, {"a.yaml", yaml(a)}});
    LintReport report = parley::lint(lib);
    INFO(show(report.diagnostics));
    for (const Diagnostic& d : report.diagnostics) {
        if (d.path.empty()) continue;
        CHECK(d.path.size() <= 2);
        Session s = replay(lib, d);
        INFO(show(s.trace()));
        CHECK(find_entry(last_step(s, d), TraceKind::fault, node_at(lib, d)).has_value());
    }
}

// ---- the shipped scripts ------------------------------------------------------------------------------

TEST_CASE("lint: the shipped scripts lint with no findings at all") {
    auto lib = Library::load(PARLEY_SOURCE_DIR "/scripts");
    std::string problems;
    for (const Diagnostic& d : lib.diagnostics()) problems += "\n  " + parley::format(d);
    INFO(problems);
    REQUIRE(lib.has_value());
    LintReport report = parley::lint(*lib);
    INFO("lint said:" << show(report.diagnostics));
    CHECK(report.diagnostics.empty());
    CHECK(report.complete);
    CHECK(report.states > 0);
}

// ---- what the host supplies --------------------------------------------------------------------

namespace {

const std::string lint_data = std::string(PARLEY_TEST_DATA) + "/lint";

Library load_dir(const std::string& dir) {
    auto lib = Library::load(dir);
    std::string problems;
    for (const Diagnostic& d : lib.diagnostics()) problems += "\n  " + parley::format(d);
    INFO("the library does not load:" << problems);
    REQUIRE(lib.has_value());
    return *lib;
}

std::vector<Diagnostic> with_rule(const LintReport& r, const std::string& rule) {
    std::vector<Diagnostic> out;
    for (const Diagnostic& d : r.diagnostics)
        if (d.rule == rule) out.push_back(d);
    return out;
}

}  // namespace

// The issue's first story: the upsell after the cancel request is behind a condition on a slot the
// host pre-fills. Lint must try the values the host could supply, and say which one it needs.
TEST_CASE("lint counterexample upsell-after-cancel behind a pre-filled slot: found, with the --set it needs") {
    Library lib = load_dir(lint_data + "/host_upsell");
    Diagnostic d = finding(lib, "upsell-after-cancel");
    CHECK(d.region.file.find("troubleshoot.yaml") != std::string::npos);
    CHECK(node_at(lib, d) == "faster");
    CHECK(d.script == "support");
    CHECK(d.set == Lines{"account.plan=basic"});
    CHECK(d.done.empty());
    CHECK(d.path == Lines{"!cancel", "yes", "done"});
    Session s = replay(lib, d);
    auto last = last_step(s, d);
    INFO(show(last));
    auto skipped = find_entry(last, TraceKind::policy, "faster");
    REQUIRE(skipped);
    CHECK(skipped->policy == "no_upsell_after_cancel");
    // The rule (docs/policies.md): the customer accepted the fix, so the conversation goes on.
    CHECK(s.outcome() == parley::Outcome::retained);
    CHECK(d.message == "after a cancel request this path reaches upsell 'faster'; the engine skips it");
}

TEST_CASE("lint counterexample: a dead end only when the host reports an action done has it as --done, and replays") {
    const char* a = R"(
script: a
version: 1
slots:
  a.ok:
    type: boolean
start: check
nodes:
  check:
    next:
      - if: done(modem.restart)
        goto: after
      - goto: restart
  restart:
    instruct: Please restart the modem.
    action: modem.restart
    next: q
  after:
    next:
      - if: known(a.ok)
        goto: done
  q:
    ask: Is it working now?
    slot: a.ok
    next: done
  done:
    end: resolved
)";
    Library lib = load({{"a.yaml", yaml(a)}});
    Diagnostic d = finding(lib, "dead-end");
    CHECK(node_at(lib, d) == "after");
    CHECK(d.done == Lines{"modem.restart"});
    CHECK(d.set.empty());
    CHECK(d.path.empty());
    Session s = replay(lib, d);
    CHECK(find_entry(last_step(s, d), TraceKind::fault, "after"));
    CHECK(s.outcome() == parley::Outcome::escalated);
}

// Regression (issue 12): at max_states, prompts whose inputs were never taken were reported as
// places the customer cannot cancel or reach a person from.
TEST_CASE("lint: when max_states stops the exploration, no-cancel-path and no-escalation-path are notes, never warnings") {
    std::string a = "script: a\nversion: 1\nslots:\n";
    for (int i = 0; i < 12; ++i) a += "  a.q" + std::to_string(i) + ":\n    type: boolean\n";
    a += "start: q0\nnodes:\n";
    for (int i = 0; i < 12; ++i)
        a += "  q" + std::to_string(i) + ":\n    ask: Question " + std::to_string(i) + "?\n    slot: a.q" + std::to_string(i) +
             "\n    next: " + (i + 1 < 12 ? "q" + std::to_string(i + 1) : std::string("done")) + "\n";
    a += "  done:\n    end: resolved\n";
    Library lib = load({{"a.yaml", a}});
    LintReport full = parley::lint(lib);
    INFO(show(full.diagnostics));
    REQUIRE(full.complete);
    REQUIRE(full.diagnostics.empty());  // the customer can cancel and reach a person from every prompt
    parley::LintOptions options;
    options.max_states = 6;
    LintReport cut = parley::lint(lib, options);
    INFO(show(cut.diagnostics));
    CHECK_FALSE(cut.complete);
    bool unproven_noted = false;
    for (const Diagnostic& d : cut.diagnostics) {
        CHECK_MESSAGE(d.severity == parley::Severity::note, parley::format(d));
        unproven_noted = unproven_noted || (d.rule == "no-cancel-path" && d.message.find("unproven") != std::string::npos);
    }
    CHECK(unproven_noted);
}

// Point 3 of issue 12: a script only ever called is explored from its call, not as a conversation.
TEST_CASE("lint: a script with entry: false is explored only from where it is called") {
    const char* main = R"(
script: main
version: 1
slots:
  main.fibre:
    type: boolean
start: q
nodes:
  q:
    ask: Do you have fibre?
    slot: main.fibre
    next: check
  check:
    call: helper
    next: done
  done:
    end: resolved
)";
    const char* helper = R"(
script: helper
version: 1
entry: ENTRY
start: route
nodes:
  route:
    next:
      - if: main.fibre
        goto: back
      - if: not main.fibre
        goto: back
  back:
    end: return
)";
    auto with_entry = [&](const char* entry) {
        std::string h = yaml(helper);
        h.replace(h.find("ENTRY"), 5, entry);
        return parley::lint(load({{"main.yaml", yaml(main)}, {"helper.yaml", h}}));
    };
    LintReport started = with_entry("true");  // started on its own, main.fibre is unknown: no branch matches
    INFO(show(started.diagnostics));
    REQUIRE(with_rule(started, "dead-end").size() == 1);
    CHECK(with_rule(started, "dead-end").front().script == "helper");
    LintReport called = with_entry("false");
    INFO(show(called.diagnostics));
    CHECK(with_rule(called, "dead-end").empty());
    CHECK(with_rule(called, "no-default-branch").size() == 1);  // the structure is still what it is
}

// Issue 12: a 7 KB script with 20 independent questions and 100 text facts took all the memory:
// every stored state carried every fact. Stored states keep only what a later step reads, and
// max_memory stops the exploration with a note.
TEST_CASE("lint: memory stays bounded on 20 independent questions and 100 text facts") {
    std::string a = "script: a\nversion: 1\nslots:\n";
    for (int i = 0; i < 20; ++i) a += "  a.q" + std::to_string(i) + ": {type: boolean}\n";
    for (int i = 0; i < 100; ++i) a += "  a.note" + std::to_string(i) + ": {type: text}\n";
    a += "start: notes\nnodes:\n  notes:\n    set:\n";
    for (int i = 0; i < 100; ++i) a += "      a.note" + std::to_string(i) + ": Something the agent noted about the line, number " + std::to_string(i) + "\n";
    a += "    next: q0\n";
    for (int i = 0; i < 20; ++i)
        a += "  q" + std::to_string(i) + ":\n    ask: Question " + std::to_string(i) + "?\n    slot: a.q" + std::to_string(i) +
             "\n    next: " + (i + 1 < 20 ? "q" + std::to_string(i + 1) : std::string("last")) + "\n";
    std::string all;  // the last node reads every answer, so each is live to the end
    for (int i = 0; i < 20; ++i) all += (i ? " and a.q" : "a.q") + std::to_string(i);
    a += "  last:\n    next:\n      - if: " + all + "\n        goto: good\n      - goto: bad\n";
    a += "  good:\n    end: resolved\n  bad:\n    end: escalated\n";
    Library lib = load({{"a.yaml", a}});
    parley::LintOptions options;
    options.max_memory = std::size_t{64} << 20;
    LintReport report = parley::lint(lib, options);
    CHECK_FALSE(report.complete);
    bool noted = false;
    for (const Diagnostic& d : report.diagnostics) {
        CHECK_MESSAGE(d.severity == parley::Severity::note, parley::format(d));
        noted = noted || (d.rule == "exploration-incomplete" && d.message.find("max_memory") != std::string::npos);
    }
    CHECK(noted);
    // What a stored state costs is what its key holds: the 100 texts are not kept (kept, they cost
    // over 10 KB a state, and 64 MB held fewer than 6,000 states).
    CHECK(report.states > 20'000);
}
