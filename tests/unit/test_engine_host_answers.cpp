// A lookup the host's system could not answer (Session::fill_unknown, on_unknown) and an instruction
// the customer could not follow (failed actions, on_fail, failed()): through the public API only.
#include <doctest/doctest.h>
#include <parley/parley.hpp>
#include <parley/test_suite.hpp>

#include "support.hpp"

#include <sstream>
#include <string>
#include <utility>
#include <vector>

using parley::Library;
using parley::Outcome;
using parley::ReplyStatus;
using parley::Session;
using parley::TraceKind;
using parley::Utterance;

using test_support::at;
using test_support::has_trace;
using test_support::load_many;
using test_support::load_one;

namespace {

// Two lookups: billing with an on_unknown, outage without one (its next has a way for "unknown").
const char* lookups = R"(
script: lk
version: 1
slots:
  billing.ok: {type: boolean}
  outage.known: {type: boolean}
  notice: {type: boolean}
start: billing
nodes:
  billing:
    lookup: billing.status
    slot: billing.ok
    set: {notice: true}
    on_unknown: ask_notice
    next:
      - if: billing.ok
        goto: outage
      - goto: blocked
  ask_notice:
    ask: Have you had a suspension notice?
    slot: notice
    next: outage
  outage:
    lookup: outage.status
    slot: outage.known
    next:
      - if: outage.known
        goto: down
      - goto: ask_outage
  ask_outage:
    ask: Do your neighbours have service?
    slot: outage.known
    next:
      - if: outage.known
        goto: down
      - goto: done
  blocked: {end: transferred}
  down: {end: unresolved}
  done: {end: resolved}
)";

const char* policies_three_turns = R"(
version: 1
policies:
  max_turns: 3
  max_attempts: 1
)";

// A reset that can fail, and a second script that asks for the same step without repeat: true.
const char* steps = R"(
script: st
version: 1
slots:
  held: {type: boolean}
start: reset
nodes:
  reset:
    instruct: Please hold the reset button for ten seconds.
    action: modem.reset
    set: {held: true}
    on_fail: no_button
    next: held_q
  no_button:
    say: No problem, we'll do it another way.
    next: other
  other:
    call: st2
    next: fin
  held_q:
    ask: Did you hold it for ten seconds?
    slot: held
    next: fin
  fin: {end: resolved}
)";
const char* steps2 = R"(
script: st2
version: 1
start: again
nodes:
  again:
    instruct: Please reset the modem.
    action: modem.reset
    next: route
  route:
    next:
      - if: failed(modem.reset)
        goto: tech
      - goto: back
  tech:
    say: A technician will do the reset.
    next: back
  back: {end: return}
)";

// The same step given again on purpose after the customer couldn't.
const char* retry = R"(
script: rt
version: 1
start: first
nodes:
  first:
    instruct: Please hold the reset button.
    action: modem.reset
    on_fail: retry
    next: route
  retry:
    instruct: Let's try once more, with a pen in the pinhole.
    action: modem.reset
    repeat: true
    reason: The customer couldn't find the button the first time.
    next: route
  route:
    next:
      - if: failed(modem.reset)
        goto: tech
      - goto: ok
  tech: {end: escalated}
  ok: {end: resolved}
)";

parley::Result<Library> load_many_result(const std::vector<std::pair<std::string, std::string>>& files) {
    return Library::parse(files);
}

// An instruction without on_fail: its next branches on failed().
const char* branching = R"(
script: br
version: 1
start: restart
nodes:
  restart:
    instruct: Please restart the modem.
    action: modem.restart
    next:
      - if: failed(modem.restart)
        goto: cant
      - if: done(modem.restart)
        goto: ok
  cant: {end: escalated}
  ok: {end: resolved}
)";

}  // namespace

TEST_CASE("fill_unknown: a lookup goes to its on_unknown, the slot stays unknown, and no customer turn is counted") {
    Library lib = load_one(lookups);
    Session s = lib.start("lk");
    REQUIRE(s.next().prompt.kind == Utterance::Kind::lookup);
    CHECK(s.fill_unknown("billing.ok") == ReplyStatus::accepted);
    CHECK(at(s) == "lk.ask_notice");
    CHECK_FALSE(s.known("billing.ok"));
    CHECK_FALSE(s.known("notice"));  // the lookup did not complete: its set is not applied
    CHECK(s.turn() == 0);
    CHECK(s.next().prompt.attempt == 1);
    CHECK(has_trace(s, TraceKind::unknown, "the host could not tell billing.ok at 'billing'; going to 'ask_notice'"));
}

TEST_CASE("fill_unknown: without on_unknown the lookup follows next, so a later question asks the customer") {
    Library lib = load_one(lookups);
    Session s = lib.start("lk");
    s.fill("billing.ok", true);
    REQUIRE(at(s) == "lk.outage");
    CHECK(s.fill_unknown("outage.known") == ReplyStatus::accepted);
    CHECK(at(s) == "lk.ask_outage");  // not skipped: outage.known is still unknown
    CHECK(has_trace(s, TraceKind::unknown, "it stays unknown"));
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::unresolved);
}

TEST_CASE("fill_unknown: never counts toward max_attempts or max_turns") {
    Library lib = load_many({{"lk.yaml", lookups}, {"policies.yaml", policies_three_turns}});
    // Lookups the host can't answer, conversation after conversation: none is escalated for it.
    for (int i = 0; i < 5; ++i) {
        Session s = lib.start("lk");
        CHECK(s.fill_unknown("billing.ok") == ReplyStatus::accepted);
        CHECK(s.reply("no") == ReplyStatus::accepted);
        CHECK(s.fill_unknown("outage.known") == ReplyStatus::accepted);
        CHECK(s.turn() == 1);
        CHECK(at(s) == "lk.ask_outage");
        CHECK_FALSE(s.ended());
    }
    // The same with an empty answer (the old workaround) is a bad reply: with max_attempts 1 it escalates.
    Session s = lib.start("lk");
    CHECK(s.reply("") == ReplyStatus::not_understood);
    CHECK(s.outcome() == Outcome::escalated);
}

TEST_CASE("fill_unknown: refused where no lookup for the slot awaits, changing nothing") {
    Library lib = load_one(lookups);
    Session s = lib.start("lk");
    CHECK(s.fill_unknown("outage.known") == ReplyStatus::no_question);  // another slot's lookup awaits
    CHECK(at(s) == "lk.billing");
    CHECK(s.fill_unknown("billing.ok") == ReplyStatus::accepted);
    REQUIRE(at(s) == "lk.ask_notice");
    const std::string before = s.snapshot({true});
    CHECK(s.fill_unknown("notice") == ReplyStatus::no_question);  // a question for the customer
    CHECK(s.snapshot({true}) == before);
    CHECK_THROWS_AS((void)s.fill_unknown("no.such.slot"), parley::Error);
    CHECK(s.snapshot({true}) == before);
    s.fill("notice", false);
    s.fill("outage.known", true);
    REQUIRE(s.ended());
    CHECK(s.fill_unknown("outage.known") == ReplyStatus::no_question);
}

TEST_CASE("couldn't: recognised replies to an instruction, and the rest acknowledge it") {
    Library lib = load_one(branching);
    for (const char* reply : {"I can't", "I can't find a reset button", "couldn't", "Couldn't.", "I COULD NOT",
                              "can't find it", "It didn't work", "didn't work", "cant", "I can\xe2\x80\x99t reach it",
                              "  unable to", "No luck", "I wasn't able to"}) {
        CAPTURE(reply);
        Session s = lib.start("br");
        CHECK(s.reply(reply) == ReplyStatus::accepted);
        CHECK(s.failed("modem.restart"));
        CHECK_FALSE(s.done("modem.restart"));
        CHECK(s.outcome() == Outcome::escalated);
        CHECK(s.turn() == 1);
    }
    for (const char* reply : {"done", "ok", "", "I canceled it and restarted", "cannoli", "can do", "it worked, I couldn'tbelieve it"}) {
        CAPTURE(reply);
        Session s = lib.start("br");
        CHECK(s.reply(reply) == ReplyStatus::accepted);
        CHECK(s.done("modem.restart"));
        CHECK_FALSE(s.failed("modem.restart"));
        CHECK(s.outcome() == Outcome::resolved);
    }
}

TEST_CASE("couldn't: on_fail is followed, set is not applied, and the action is failed in the summary") {
    Library lib = load_many({{"st.yaml", steps}, {"st2.yaml", steps2}});
    Session s = lib.start("st");
    CHECK(s.reply("I can't find a reset button") == ReplyStatus::accepted);
    CHECK_FALSE(s.known("held"));
    CHECK(has_trace(s, TraceKind::failed, "the customer could not do modem.reset at 'reset'; going to 'no_button'"));
    // The called script's instruction for the same action is not given again; its branch sees failed().
    CHECK(has_trace(s, TraceKind::skipped, "skipped again: the customer could not do modem.reset at turn 1 in script st"));
    CHECK(s.outcome() == Outcome::resolved);
    parley::Summary sum = s.summary();
    CHECK(sum.actions_done.empty());
    REQUIRE(sum.actions_failed.size() == 1);
    CHECK(sum.actions_failed[0].action == "modem.reset");
    CHECK(sum.actions_failed[0].node == "reset");
    CHECK(sum.actions_failed[0].turn == 1);
    std::ostringstream os;
    os << sum;
    CHECK(os.str().find("Actions the customer could not do:\n  modem.reset  (turn 1, st.reset)\n") != std::string::npos);
    CHECK(parley::to_json(sum).find(R"("actions_failed":[{"action":"modem.reset","node":"reset","script":"st","turn":1}])") !=
          std::string::npos);
    bool said_tech = false;
    for (const auto& e : s.trace()) said_tech = said_tech || (e.kind == TraceKind::said && e.node == "tech");
    CHECK(said_tech);
}

TEST_CASE("couldn't: a step done later is no longer failed; the skip of a failed step is no_repeat_instructions") {
    Library lib = load_many({{"st.yaml", steps}, {"st2.yaml", steps2}, {"rt.yaml", retry}});
    Session s = lib.start("rt");
    CHECK(s.reply("I can't") == ReplyStatus::accepted);
    CHECK(s.failed("modem.reset"));
    REQUIRE(at(s) == "rt.retry");  // repeat: true gives it again
    CHECK(s.reply("done") == ReplyStatus::accepted);
    CHECK_FALSE(s.failed("modem.reset"));
    CHECK(s.done("modem.reset"));
    CHECK(s.outcome() == Outcome::resolved);
    CHECK(s.summary().actions_failed.empty());

    Session st = lib.start("st");
    (void)st.reply("couldn't");
    bool policy_named = false;
    for (const auto& e : st.trace())
        if (e.kind == TraceKind::skipped && e.node == "again") policy_named = e.policy == "no_repeat_instructions";
    CHECK(policy_named);
}

TEST_CASE("snapshots carry the failed actions") {
    Library lib = load_many({{"st.yaml", steps}, {"st2.yaml", steps2}, {"rt.yaml", retry}});
    Session s = lib.start("rt");
    (void)s.reply("no luck");
    REQUIRE(at(s) == "rt.retry");
    for (bool with_trace : {false, true}) {
        auto back = lib.restore(s.snapshot({with_trace}));
        REQUIRE(back.has_value());
        CHECK(back.diagnostics().empty());
        CHECK(back->failed("modem.reset"));
        REQUIRE(back->summary().actions_failed.size() == 1);
        CHECK(back->summary().actions_failed[0].node == "first");
        CHECK(back->snapshot({with_trace}) == s.snapshot({with_trace}));
        if (with_trace) CHECK(has_trace(*back, TraceKind::failed, "could not do modem.reset"));
    }
}

TEST_CASE("on_unknown and on_fail: where they may be written") {
    auto bad = parley::Library::parse(R"(
script: b
version: 1
slots:
  x: {type: boolean}
start: q
nodes:
  q:
    ask: Q?
    slot: x
    on_unknown: e
    next: i
  i:
    instruct: Do it.
    action: a
    on_fail: nowhere
    next: e
  e: {end: resolved}
)", "b.yaml");
    REQUIRE_FALSE(bad.has_value());
    bool misplaced = false, unknown_node = false;
    for (const auto& d : bad.diagnostics()) {
        misplaced = misplaced || (d.rule == "misplaced-key" && d.region.line == 11 &&
                                  d.message.find("'on_unknown' does not belong on an 'ask' node") != std::string::npos);
        unknown_node = unknown_node || (d.rule == "unknown-node" && d.region.line == 16);
    }
    CHECK(misplaced);
    CHECK(unknown_node);
    // No event may be called `unknown`: `!unknown` is the host's answer.
    auto reserved = load_many_result({{"b.yaml", "script: b\nversion: 1\nstart: e\nnodes:\n  e: {end: resolved}\n"},
                                      {"policies.yaml", "version: 1\nevents:\n  Unknown: b.e\n"}});
    REQUIRE_FALSE(reserved.has_value());
    CHECK(reserved.diagnostics()[0].rule == "duplicate-id");
}

TEST_CASE("test files: reply \"!unknown\" answers a lookup as the host, and fails a turn at any other prompt") {
    Library lib = load_one(lookups);
    auto suite = parley::testing::parse_tests(R"(
tests:
  - name: billing can't tell
    script: lk
    turns:
      - reply: "!unknown"
        expect: {prompt: ask_notice, trace: "the host could not tell billing.ok"}
      - reply: "no"
        expect: {prompt: outage}
  - name: not a lookup
    script: lk
    turns:
      - reply: "!unknown"
      - reply: "!unknown"
)", "lk.test.yaml");
    REQUIRE(suite.has_value());
    parley::testing::CaseResult ok = parley::testing::run_case(lib, suite->cases[0]);
    CHECK(ok.passed());
    CHECK(ok.turns == 1);  // "!unknown" is no customer turn
    parley::testing::CaseResult bad = parley::testing::run_case(lib, suite->cases[1]);
    CHECK_FALSE(bad.passed());
    CHECK(bad.failed_turn == 2);
    REQUIRE(bad.failures.size() == 1);
    CHECK(bad.failures[0].actual == "ask 'lk.ask_notice' for slot notice, which is not a lookup");
    REQUIRE(bad.failures[0].notes.size() == 1);
    CHECK(bad.failures[0].notes[0].find("the host's answer to a lookup") != std::string::npos);
}
