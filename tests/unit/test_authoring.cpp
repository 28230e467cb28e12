// What script authors trip over (issue 14): the loader's messages for the common mistakes, and the
// format features that spare authors workarounds. Each test failed before its change.
#include <doctest/doctest.h>

#include <parley/parley.hpp>
#include <parley/test_suite.hpp>

#include <string>
#include <utility>
#include <vector>

#include "support.hpp"

using parley::Diagnostic;
using parley::Library;

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

std::vector<Diagnostic> errors_of(const Files& files) {
    auto r = Library::parse(files);
    CHECK_FALSE(r.has_value());
    return r.diagnostics();
}

std::string all(const std::vector<Diagnostic>& ds);

// `text` with the first `from` replaced by `to`.
std::string edited(std::string text, const std::string& from, const std::string& to) {
    std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

// The one error a library that does not load has.
Diagnostic only_error(const Files& files) {
    auto ds = errors_of(files);
    INFO(all(ds));
    REQUIRE(ds.size() == 1);
    return ds[0];
}

std::string all(const std::vector<Diagnostic>& ds) {
    std::string out;
    for (const auto& d : ds) out += parley::format(d) + "\n";
    return out;
}

const char* const reason_script = R"(script: main
version: 1
slots:
  cancel.reason:
    type: choice
    choices: [price, moving]
start: reason
nodes:
  reason:
    ask: Why are you leaving?
    slot: cancel.reason
    next:
      - if: cancel.reason == price
        goto: bye
      - goto: bye
  bye:
    end: resolved
)";

}  // namespace

TEST_CASE("authoring: an unquoted choice in a condition is reported with the advice to quote it") {
    Diagnostic d = only_error({{"main.yaml", reason_script}});
    CHECK(d.rule == "unknown-slot");
    CHECK(d.region.line == 13);
    CHECK(d.region.column == 30);
    CHECK(d.message == "'price' is not a declared slot but one of the choices of 'cancel.reason'; a choice is "
                           "written in quotes in condition 'cancel.reason == price'");
    REQUIRE(d.notes.size() == 1);
    CHECK(d.notes[0] == "write: cancel.reason == \"price\"");

    // A word that is no choice keeps the plain message.
    std::string other = edited(reason_script, "== price", "== cheap");
    Diagnostic plain = only_error({{"main.yaml", other}});
    CHECK(plain.message == "'cheap' is not a declared slot in condition 'cancel.reason == cheap'");
}

TEST_CASE("authoring: call with script.node says call takes a script id and goto takes script.node") {
    Diagnostic d = only_error({{"main.yaml", R"(script: main
version: 1
start: go
nodes:
  go:
    call: e1.bye
    next: done
  done:
    end: resolved
)"},
                         {"e1.yaml", R"(script: e1
version: 1
start: bye
nodes:
  bye:
    end: return
)"}});
    CHECK(d.rule == "unknown-script");
    CHECK(d.region.line == 6);
    CHECK(d.message == "'call' takes a script id, not script.node: 'call: e1' runs e1 from its start, and "
                           "'goto: e1.bye' jumps to that node");
    // Without a script of that name, it is an unknown script as before.
    Diagnostic unknown = only_error({{"main.yaml", R"(script: main
version: 1
start: go
nodes:
  go:
    call: e2.bye
    next: done
  done:
    end: resolved
)"}});
    CHECK(unknown.message == "no script 'e2.bye' in the library");
}

TEST_CASE("authoring: max_attempts on an instruct is reported once, as misplaced; its on_fail is checked as a target") {
    auto ds = errors_of({{"main.yaml", R"(script: main
version: 1
start: step
nodes:
  step:
    instruct: Please restart the modem.
    action: modem.restart
    max_attempts: 0
    on_fail: nowhere
    next: done
  done:
    end: resolved
)"}});
    INFO(all(ds));
    REQUIRE(ds.size() == 2);
    CHECK(ds[0].rule == "misplaced-key");  // an instruction has no unclear replies to count
    CHECK(ds[0].region.line == 8);
    CHECK(ds[1].rule == "unknown-node");  // on_fail is where "I couldn't" leads (format.md 6.3)
    CHECK(ds[1].region.line == 9);
}

TEST_CASE("authoring: ': ' in a plain text says to quote it, at its column; other files' references are held back") {
    const Files files = {
        {"main.yaml", R"(script: main
version: 1
slots:
  modem.ok:
    type: boolean
start: go
nodes:
  go:
    call: lights
    next:
      - if: modem.green
        goto: done
      - goto: done
  done:
    end: resolved
)"},
        {"lights.yaml", R"(script: lights
version: 1
slots:
  modem.green:
    type: boolean
start: note
nodes:
  note:
    say: Note: the light must be green.
    next: back
  back:
    end: return
)"}};
    auto ds = errors_of(files);
    INFO(all(ds));
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].rule == "yaml-syntax");
    CHECK(ds[0].region.file == "lights.yaml");
    CHECK(ds[0].region.line == 9);
    CHECK(ds[0].region.column == 14);
    CHECK(ds[0].message == "the ': ' at column 14 makes YAML read this text as a key and a value; quote the whole "
                           "text (\"...\") or write it as a folded block (>-)");
    REQUIRE(ds[0].notes.size() == 1);
    CHECK(ds[0].notes[0] == "2 references in other files to a name this file holds not checked: it may declare "
                            "them; they are checked once it reads");

    // A name the unreadable file does not hold is a mistake of its own, still reported.
    Files with_unknown = files;
    with_unknown[0].second = edited(with_unknown[0].second, "if: modem.green", "if: modem.blue");
    auto own = errors_of(with_unknown);
    INFO(all(own));
    REQUIRE(own.size() == 2);
    CHECK(own[1].rule == "unknown-slot");
    CHECK(own[1].message.find("'modem.blue'") == 0);
    REQUIRE(own[0].notes.size() == 1);
    CHECK(own[0].notes[0].find("1 reference in other files") == 0);

    // Other mistakes of the readable files are still reported.
    Files with_typo = files;
    with_typo[0].second = edited(with_typo[0].second, "next:\n      - if", "nxt:\n      - if");
    auto more = errors_of(with_typo);
    INFO(all(more));
    CHECK(more.size() == 3);  // the YAML error, the unknown key `nxt` and the missing `next`
}

// ---------------------------------------------------------------------------------------------
// `repeat` (issue 14, point 3): not a turn, three times per prompt; further ones count.

namespace {
const char* const two_questions = R"(script: q
version: 1
slots:
  a: {type: boolean}
  b: {type: boolean}
start: first
nodes:
  first:
    ask: First?
    slot: a
    next: second
  second:
    ask: Second?
    slot: b
    next: fin
  fin:
    end: resolved
)";
}  // namespace

TEST_CASE("authoring: asking to hear a prompt again is not a turn, three times per prompt") {
    Library lib = test_support::load_many({{"q.yaml", two_questions}, {"policies.yaml", "version: 1\npolicies:\n  max_turns: 5\n"}});
    parley::Session s = lib.start("q");
    for (int i = 0; i < 3; ++i) REQUIRE(s.signal("repeat") == parley::SignalStatus::handled);
    CHECK(s.turn() == 0);
    CHECK(s.signal("repeat") == parley::SignalStatus::handled);  // the fourth at one prompt counts
    CHECK(s.turn() == 1);
    CHECK(s.reply("yes") == parley::ReplyStatus::accepted);
    CHECK(s.turn() == 2);
    for (int i = 0; i < 3; ++i) REQUIRE(s.signal("repeat") == parley::SignalStatus::handled);  // a new prompt: free again
    CHECK(s.turn() == 2);
    CHECK_FALSE(s.ended());
    CHECK(s.summary().signals_received == 7);

    // The count survives a snapshot: the fourth repeat at 'second' counts after a restore too.
    parley::Session back = lib.restore(s.snapshot()).value();
    CHECK(back.signal("repeat") == parley::SignalStatus::handled);
    CHECK(back.turn() == 3);
}

TEST_CASE("authoring: an endless run of repeat still meets max_turns") {
    Library lib = test_support::load_many({{"q.yaml", two_questions}, {"policies.yaml", "version: 1\npolicies:\n  max_turns: 5\n"}});
    parley::Session s = lib.start("q");
    int sent = 0;
    while (!s.ended() && sent < 1000) {
        REQUIRE(s.signal("repeat") == parley::SignalStatus::handled);
        ++sent;
    }
    CHECK(s.ended());
    CHECK(sent == 3 + 5);
    CHECK(s.outcome() == parley::Outcome::escalated);
}

TEST_CASE("authoring: forty repeats in the shipped cancel_service do not complete the cancellation") {
    auto r = Library::load(PARLEY_SOURCE_DIR "/scripts");
    REQUIRE(r.has_value());
    parley::Session s = r->start("cancel_service");
    for (int i = 0; i < 40; ++i) REQUIRE(s.signal("repeat") == parley::SignalStatus::handled);
    CHECK_FALSE(s.ended());  // max_turns is 40: 37 of the 40 counted
    CHECK(test_support::at(s) == "cancel_service.reason");
}

// ---------------------------------------------------------------------------------------------
// `end: return` with `outcome` (issue 14, point 4): returns when called, ends with the outcome otherwise.

namespace {
const char* const troubleshoot = R"(script: troubleshoot
version: 1
slots:
  modem.ok: {type: boolean}
start: check
nodes:
  check:
    ask: Is the modem working now?
    slot: modem.ok
    next:
      - if: modem.ok
        goto: fixed
      - goto: fixed
  fixed:
    end: return
    outcome: resolved
    say: Glad that's working.
)";
const char* const caller = R"(script: support
version: 1
start: go
nodes:
  go:
    call: troubleshoot
    next: after
  after:
    say: Anything else?
    next: bye
  bye:
    end: unresolved
)";
}  // namespace

TEST_CASE("authoring: end: return with outcome ends the conversation with it when nothing called the script") {
    Library lib = test_support::load_many({{"troubleshoot.yaml", troubleshoot}, {"support.yaml", caller}});
    parley::Session alone = lib.start("troubleshoot");
    CHECK(alone.reply("yes") == parley::ReplyStatus::accepted);
    CHECK(alone.outcome() == parley::Outcome::resolved);
    CHECK(alone.next().prompt.text == "Glad that's working.");

    parley::Session called = lib.start("support");
    CHECK(called.reply("yes") == parley::ReplyStatus::accepted);
    CHECK(called.outcome() == parley::Outcome::unresolved);  // it returned; the caller ended
    CHECK(test_support::has_trace(called, parley::TraceKind::returned, "script troubleshoot returned to 'go'"));
}

TEST_CASE("authoring: outcome goes only on an end: return, with an end's outcome") {
    std::string on_resolved = edited(troubleshoot, "end: return", "end: resolved");
    Diagnostic d = only_error({{"t.yaml", on_resolved}});
    CHECK(d.rule == "misplaced-key");
    CHECK(d.region.line == 16);

    std::string bad_word = edited(troubleshoot, "outcome: resolved", "outcome: completed");
    Diagnostic bad = only_error({{"t.yaml", bad_word}});
    CHECK(bad.rule == "wrong-type");
    CHECK(bad.message.find("'outcome' must be resolved, cancelled") == 0);

    std::string on_ask = edited(troubleshoot, "    slot: modem.ok\n", "    outcome: resolved\n    slot: modem.ok\n");
    Diagnostic misplaced = only_error({{"t.yaml", on_ask}});
    CHECK(misplaced.message == "'outcome' does not belong on an 'ask' node");
}

// ---------------------------------------------------------------------------------------------
// `conversation.NAME` in conditions (issue 14, point 5).

namespace {
const char* const no_honor = "version: 1\npolicies:\n  honor_cancellation: false\n";
const char* const reads_cancel = R"(script: plan
version: 1
slots:
  plan.ok: {type: boolean}
start: q
nodes:
  q:
    ask: Is your plan right for you?
    slot: plan.ok
    next:
      - if: conversation.cancel_requested
        goto: leaving
      - goto: staying
  leaving:
    end: transferred
    say: I'm passing you to the team that handles cancellations.
  staying:
    end: resolved
)";
const char* const reads_offer = R"(script: keep
version: 1
slots:
  offer.half: {type: boolean}
  more.help: {type: boolean}
start: half
nodes:
  half:
    offer: Half price for a year?
    kind: retention
    slot: offer.half
    next: more
  more:
    ask: Can I help with anything else?
    slot: more.help
    next: check
  check:
    next:
      - if: conversation.offer_accepted
        goto: kept
  kept:
    end: retained
)";
std::vector<Diagnostic> lint_rule(const Library& lib, const std::string& rule) {
    std::vector<Diagnostic> out;
    for (const Diagnostic& d : parley::lint(lib).diagnostics)
        if (d.rule == rule) out.push_back(d);
    return out;
}
}  // namespace

TEST_CASE("authoring: a condition reads whether the customer asked to cancel") {
    Library lib = test_support::load_many({{"plan.yaml", reads_cancel}, {"policies.yaml", no_honor}});
    parley::Session asked = lib.start("plan");
    CHECK(asked.signal("cancel") == parley::SignalStatus::handled);
    CHECK(asked.reply("yes") == parley::ReplyStatus::accepted);
    CHECK(asked.outcome() == parley::Outcome::transferred);
    parley::Session not_asked = lib.start("plan");
    CHECK(not_asked.reply("yes") == parley::ReplyStatus::accepted);
    CHECK(not_asked.outcome() == parley::Outcome::resolved);
}

TEST_CASE("authoring: a condition reads whether an offer was accepted; lint tells the two apart") {
    Library lib = test_support::load_many({{"keep.yaml", reads_offer}});
    parley::Session yes = lib.start("keep");
    CHECK(yes.reply("accept") == parley::ReplyStatus::accepted);
    CHECK(yes.reply("no") == parley::ReplyStatus::accepted);
    CHECK(yes.outcome() == parley::Outcome::retained);
    parley::Session no = lib.start("keep");
    CHECK(no.reply("decline") == parley::ReplyStatus::accepted);
    CHECK(no.reply("no") == parley::ReplyStatus::accepted);
    CHECK(no.outcome() == parley::Outcome::escalated);  // no branch taken

    // offer.half is read by nothing after the offer, so at 'more' only the conversation's own fact tells
    // the accepted and the declined conversation apart: lint must still find the declined one's dead end.
    auto dead = lint_rule(lib, "dead-end");
    REQUIRE(dead.size() == 1);
    REQUIRE(dead[0].path.size() == 2);
    parley::Session replayed = lib.start("keep");
    for (const std::string& line : dead[0].path) CHECK(replayed.reply(line) == parley::ReplyStatus::accepted);
    CHECK_FALSE(replayed.summary().offers.at(0).accepted.value_or(true));
    CHECK(replayed.outcome() == parley::Outcome::escalated);
}

TEST_CASE("authoring: conversation names: unknown ones and comparisons are load errors; a declared slot keeps its name") {
    std::string typo = edited(reads_cancel, "conversation.cancel_requested", "conversation.cancel_request");
    Diagnostic d = only_error({{"plan.yaml", typo}});
    CHECK(d.rule == "unknown-slot");
    REQUIRE(d.notes.size() == 1);
    CHECK(d.notes[0] == "did you mean 'conversation.cancel_requested'?");

    std::string compared = edited(reads_cancel, "conversation.cancel_requested", "conversation.cancel_requested == true");
    Diagnostic cmp = only_error({{"plan.yaml", compared}});
    CHECK(cmp.rule == "wrong-type");

    std::string declared = edited(reads_cancel, "  plan.ok: {type: boolean}", "  conversation.cancel_requested: {type: boolean}\n  plan.ok: {type: boolean}");
    declared = edited(declared, "    slot: plan.ok", "    set: {conversation.cancel_requested: true}\n    slot: plan.ok");
    Library lib = test_support::load_many({{"plan.yaml", declared}, {"policies.yaml", no_honor}});
    parley::Session s = lib.start("plan");
    CHECK(s.reply("yes") == parley::ReplyStatus::accepted);
    CHECK(s.outcome() == parley::Outcome::transferred);  // the slot, set by the question, not the conversation
}

TEST_CASE("authoring: lint explores a branch on conversation.cancel_requested") {
    std::string no_default = edited(reads_cancel, "      - goto: staying\n", "");
    no_default = edited(no_default, "  staying:\n    end: resolved\n", "");
    Library lib = test_support::load_many({{"plan.yaml", no_default}, {"policies.yaml", no_honor}});
    auto dead = lint_rule(lib, "dead-end");
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].path == std::vector<std::string>{"yes"});  // without a cancel request, no branch is taken
}

namespace {
// Spanish speakers go to their own desk; everyone else is helped here.
const char* const reads_locale = R"(script: desk
version: 1
locale: en
slots:
  help.ok: {type: boolean}
start: route
nodes:
  route:
    next:
      - if: conversation.locale == es
        goto: spanish
      - if: conversation.locale != "en-GB"
        goto: here
  spanish:
    end: transferred
    say: Le paso con nuestro equipo en español.
  here:
    ask: Did that help?
    slot: help.ok
    next: fin
  fin:
    end: resolved
)";
}  // namespace

TEST_CASE("authoring: a condition reads the session's locale, a parent tag covering its children") {
    Library lib = test_support::load_many({{"desk.yaml", reads_locale}});
    auto in = [&](const std::string& locale) {
        parley::StartOptions options;
        options.locale = locale;
        return lib.start("desk", {}, {}, options);
    };
    CHECK(in("es").outcome() == parley::Outcome::transferred);
    CHECK(in("es-MX").outcome() == parley::Outcome::transferred);  // es-MX is es
    CHECK(in("en").outcome() == parley::Outcome::none);            // at the question
    CHECK(lib.start("desk").outcome() == parley::Outcome::none);   // the script's own locale, en
    CHECK(in("en-GB").outcome() == parley::Outcome::escalated);    // no branch is taken
}

TEST_CASE("authoring: conversation.locale survives a snapshot") {
    Library lib = test_support::load_many({{"desk.yaml", edited(reads_locale, "  route:\n    next:", "  route:\n    ask: Ready?\n    slot: help.ok\n    next:")}});
    parley::StartOptions options;
    options.locale = "es-MX";
    parley::Session s = lib.start("desk", {}, {}, options);
    parley::Session back = lib.restore(s.snapshot()).value();
    CHECK(back.reply("sí") == parley::ReplyStatus::accepted);  // and so do its Spanish words
    CHECK(back.outcome() == parley::Outcome::transferred);
}

TEST_CASE("authoring: conversation.locale takes == or != and a valid tag") {
    Diagnostic bad = only_error({{"desk.yaml", edited(reads_locale, "conversation.locale == es", "conversation.locale == es_MX")}});
    CHECK(bad.rule == "bad-locale");
    CHECK(bad.region.column == 13 + std::string("conversation.locale == ").size());
    REQUIRE(bad.notes.size() == 1);
    CHECK(bad.notes[0].find("es-MX") != std::string::npos);
    Diagnostic alone = only_error({{"desk.yaml", edited(reads_locale, "conversation.locale == es", "conversation.locale")}});
    CHECK(alone.rule == "wrong-type");
    Diagnostic ordered = only_error({{"desk.yaml", edited(reads_locale, "conversation.locale == es", "conversation.locale < es")}});
    CHECK(ordered.rule == "wrong-type");
    Diagnostic typo = only_error({{"desk.yaml", edited(reads_locale, "conversation.locale == es", "conversation.locales == es")}});
    CHECK(typo.rule == "unknown-slot");
    REQUIRE(typo.notes.size() == 1);
    CHECK(typo.notes[0] == "did you mean 'conversation.locale'?");
}

TEST_CASE("authoring: lint explores each locale a condition names, and says which a counterexample needs") {
    Library lib = test_support::load_many({{"desk.yaml", reads_locale}});
    auto dead = lint_rule(lib, "dead-end");
    REQUIRE(dead.size() == 1);
    CHECK(dead[0].locale == "en-GB");
    CHECK(dead[0].path.empty());
    auto generated = parley::testing::generate_tests(lib, "desk");
    REQUIRE(generated);
    const std::string& spanish = generated->text;
    CHECK(spanish.find("locale: es\n") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// An instruction's own `say` (issue 14, point 6): said once it is done, skipped with it.

namespace {
const char* const cable = R"(script: cable
version: 1
start: unplug
nodes:
  unplug:
    instruct: Please unplug the cable from the modem and plug it back in.
    action: cable.reseat
    say: If the cable was unplugged for a while, wait 5 minutes for the lights to settle.
    next: check
  check:
    ask: Are the lights green?
    slot: lights.green
    next: fin
  fin:
    end: resolved
slots:
  lights.green: {type: boolean}
)";
}  // namespace

TEST_CASE("authoring: an instruction's say is said when it is done, and not when it is skipped") {
    Library lib = test_support::load_one(cable);
    parley::Session fresh = lib.start("cable");
    CHECK(fresh.next().messages.empty());
    CHECK(fresh.reply("done") == parley::ReplyStatus::accepted);
    parley::Turn t = fresh.next();
    REQUIRE(t.messages.size() == 1);
    CHECK(t.messages[0].text == "If the cable was unplugged for a while, wait 5 minutes for the lights to settle.");
    CHECK(t.messages[0].node == "unplug");
    CHECK(t.prompt.node == "check");
    // It survives a snapshot with the turn it belongs to.
    parley::Session back = lib.restore(fresh.snapshot()).value();
    REQUIRE(back.next().messages.size() == 1);

    parley::Session skipped = lib.start("cable", {}, {"cable.reseat"});
    parley::Turn s = skipped.next();
    CHECK(s.prompt.node == "check");
    CHECK(s.messages.empty());
}

TEST_CASE("authoring: say goes on an instruct or an end, and still not on a question") {
    std::string on_ask = edited(cable, "    slot: lights.green", "    say: Take your time.\n    slot: lights.green");
    Diagnostic d = only_error({{"cable.yaml", on_ask}});
    CHECK(d.rule == "conflicting-keys");
    CHECK(d.message == "'say' goes on its own node, on an 'end' or on an 'instruct', not on 'ask'");
}

// ---------------------------------------------------------------------------------------------
// A host correction of a fact branches read (issue 14, point 7): the trace says so; no re-routing.

namespace {
const char* const lights = R"(script: lights
version: 1
slots:
  modem.lights: {type: choice, choices: [green, orange]}
  customer.name: {type: text}
start: colour
nodes:
  colour:
    ask: What colour are the lights?
    slot: modem.lights
    next:
      - if: modem.lights == "orange"
        goto: cable
      - goto: fin
  cable:
    instruct: Please check the cable.
    action: cable.check
    next: fin
  fin:
    end: resolved
)";
}  // namespace

TEST_CASE("authoring: a host correction of a fact a branch read is in the trace; the conversation stays") {
    Library lib = test_support::load_one(lights);
    parley::Session s = lib.start("lights");
    CHECK(s.reply("orange") == parley::ReplyStatus::accepted);
    REQUIRE(test_support::at(s) == "lights.cable");
    s.fill("modem.lights", parley::Value("green"));
    CHECK(test_support::at(s) == "lights.cable");  // no re-routing
    CHECK(test_support::has_trace(s, parley::TraceKind::corrected,
                                  "the host changed modem.lights at 'cable', known since turn 1 in script lights: "
                                  "branches taken since may have rested on the old value; the conversation stays where it is"));
    // The same value again, or a slot no branch reads, is no correction.
    s.fill("modem.lights", parley::Value("green"));
    s.fill("customer.name", parley::Value("Ann"));
    s.fill("customer.name", parley::Value("Bob"));
    int corrections = 0;
    for (const auto& e : s.trace()) corrections += e.kind == parley::TraceKind::corrected;
    CHECK(corrections == 1);
    CHECK(std::string(parley::to_string(parley::TraceKind::corrected)) == "corrected");
    // The trace entry survives a snapshot.
    parley::SnapshotOptions with_trace;
    with_trace.include_trace = true;
    parley::Session back = lib.restore(s.snapshot(with_trace)).value();
    CHECK(test_support::has_trace(back, parley::TraceKind::corrected, "the host changed modem.lights"));
}

TEST_CASE("authoring: a session holding a return's closing words as a message restores") {
    const char* ask_after = R"(script: support
version: 1
slots:
  more.help: {type: boolean}
start: go
nodes:
  go:
    call: troubleshoot
    next: more
  more:
    ask: Anything else?
    slot: more.help
    next: bye
  bye:
    end: resolved
)";
    Library lib = test_support::load_many({{"troubleshoot.yaml", troubleshoot}, {"support.yaml", ask_after}});
    parley::Session s = lib.start("support");
    CHECK(s.reply("yes") == parley::ReplyStatus::accepted);
    REQUIRE(s.next().messages.size() == 1);  // "Glad that's working.", said on the way back
    auto back = lib.restore(s.snapshot());
    for (const auto& d : back.diagnostics()) MESSAGE(parley::format(d));
    REQUIRE(back.has_value());
    REQUIRE(back->next().messages.size() == 1);
    CHECK(back->next().messages[0].text == "Glad that's working.");
}
