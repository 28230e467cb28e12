// Engine tests of session memory: what is known or done is never asked or given again.
#include <doctest/doctest.h>
#include <parley/parley.hpp>

#include "support.hpp"

#include <sstream>
#include <string>
#include <utility>
#include <vector>

using parley::Library;
using parley::Outcome;
using parley::ReplyStatus;
using parley::Session;
using parley::Source;
using parley::TraceKind;
using parley::Turn;
using parley::Value;

using test_support::at;
using test_support::has_trace;
using test_support::load_many;
using test_support::load_one;

namespace {

std::size_t count_trace(const Session& s, TraceKind kind) {
    std::size_t n = 0;
    for (const auto& e : s.trace()) n += e.kind == kind;
    return n;
}

const parley::Summary::Fact* fact(const parley::Summary& sum, const std::string& slot) {
    for (const auto& f : sum.facts)
        if (f.slot == slot) return &f;
    return nullptr;
}

// Script x: the same slot asked twice, and an instruction after it.
const char* x_script = R"(
script: x
version: 1
slots:
  modem.lights:
    type: choice
    choices: [green, orange, "off"]
  service.working: {type: boolean}
start: colour
nodes:
  colour:
    ask: What colour are the lights?
    slot: modem.lights
    next: lights
  lights:
    ask: And the lights, what colour are they?
    slot: modem.lights
    next: restart
  restart:
    instruct: Please restart the modem.
    action: modem.restart
    next: check
  check:
    ask: Is it working now?
    slot: service.working
    next:
      - if: service.working
        goto: fixed
      - goto: escalate
  fixed:
    end: resolved
  escalate:
    end: escalated
)";

// Script y: asks the same things again, and calls or is jumped to from z.
const char* y_script = R"(
script: y
version: 1
start: y_lights
nodes:
  y_lights:
    ask: What colour are the modem lights?
    slot: modem.lights
    next: y_restart
  y_restart:
    instruct: Restart the modem please.
    action: modem.restart
    next: y_check
  y_check:
    ask: Working now?
    slot: service.working
    next: back
  back:
    end: return
)";

}  // namespace

// ---------------------------------------------------------------------------------------------
// pre-filled memory

TEST_CASE("memory: a pre-filled slot skips its question in this script") {
    Library lib = load_one(x_script);
    Session s = lib.start("x", {{"modem.lights", "green"}});
    CHECK(at(s) == "x.restart");
    CHECK(has_trace(s, TraceKind::skipped, "skipped colour: modem.lights known (pre-filled by the host)"));
    CHECK(has_trace(s, TraceKind::skipped, "skipped lights: modem.lights known (pre-filled by the host)"));
    CHECK(s.get("modem.lights") == Value("green"));
}

TEST_CASE("memory: a pre-filled slot skips its question in a called script") {
    Library lib = load_many({{"y.yaml", y_script}, {"z.yaml", R"(
script: z
version: 1
slots:
  modem.lights:
    type: choice
    choices: [green, orange, "off"]
  service.working: {type: boolean}
start: sub
nodes:
  sub:
    call: y
    next: fin
  fin:
    end: resolved
)"}});
    Session s = lib.start("z", {{"modem.lights", "off"}});
    CHECK(at(s) == "y.y_restart");
    CHECK(has_trace(s, TraceKind::skipped, "skipped y_lights: modem.lights known (pre-filled by the host)"));
}

TEST_CASE("memory: a pre-filled slot skips its question after a goto to another script") {
    Library lib = load_many({{"y.yaml", y_script}, {"z.yaml", R"(
script: z
version: 1
slots:
  modem.lights:
    type: choice
    choices: [green, orange, "off"]
  service.working: {type: boolean}
start: jump
nodes:
  jump:
    goto: y.y_lights
)"}});
    Session s = lib.start("z", {{"modem.lights", "orange"}}, {"modem.restart"});
    CHECK(at(s) == "y.y_check");
    CHECK(has_trace(s, TraceKind::skipped, "skipped y_lights: modem.lights known (pre-filled by the host)"));
    CHECK(has_trace(s, TraceKind::skipped, "skipped y_restart: modem.restart done (pre-filled by the host)"));
}

TEST_CASE("memory: pre-filled done actions skip their instructions") {
    Library lib = load_one(x_script);
    Session s = lib.start("x", {{"modem.lights", "green"}}, {"modem.restart"});
    CHECK(at(s) == "x.check");
    CHECK(s.done("modem.restart"));
    CHECK(has_trace(s, TraceKind::skipped, "skipped restart: modem.restart done (pre-filled by the host)"));
    auto sum = s.summary();
    REQUIRE(sum.actions_done.size() == 1);
    CHECK(sum.actions_done[0].action == "modem.restart");
    CHECK(sum.actions_done[0].source == Source::prefill);
    CHECK(sum.actions_done[0].script.empty());
    CHECK(sum.actions_done[0].node.empty());
    CHECK(sum.actions_done[0].turn == 0);
}

// ---------------------------------------------------------------------------------------------
// answers are remembered

TEST_CASE("memory: an answered question is never asked again by a later node of the same script") {
    Library lib = load_one(x_script);
    Session s = lib.start("x");
    CHECK(at(s) == "x.colour");
    CHECK(s.reply("orange") == ReplyStatus::accepted);
    CHECK(at(s) == "x.restart");
    CHECK(has_trace(s, TraceKind::skipped, "skipped lights: modem.lights known since turn 1 in script x"));
    CHECK(count_trace(s, TraceKind::asked) == 2);  // colour, then restart
}

TEST_CASE("memory: answers and done actions carry into a called script") {
    Library lib = load_many({{"y.yaml", y_script}, {"w.yaml", R"(
script: w
version: 1
slots:
  modem.lights:
    type: choice
    choices: [green, orange, "off"]
  service.working: {type: boolean}
start: colour
nodes:
  colour:
    ask: Lights?
    slot: modem.lights
    next: restart
  restart:
    instruct: Restart it.
    action: modem.restart
    next: sub
  sub:
    call: y
    next:
      - if: service.working
        goto: fixed
      - goto: escalate
  fixed:
    end: resolved
  escalate:
    end: escalated
)"}});
    Session s = lib.start("w");
    CHECK(s.reply("green") == ReplyStatus::accepted);
    CHECK(at(s) == "w.restart");
    CHECK(s.reply("done") == ReplyStatus::accepted);
    CHECK(at(s) == "y.y_check");
    CHECK(has_trace(s, TraceKind::skipped, "skipped y_lights: modem.lights known since turn 1 in script w"));
    CHECK(has_trace(s, TraceKind::skipped, "skipped y_restart: modem.restart done since turn 2 in script w"));
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::resolved);
}

TEST_CASE("memory: what a called script learned is not asked again by the caller") {
    Library lib = load_many({{"y.yaml", y_script}, {"v.yaml", R"(
script: v
version: 1
slots:
  modem.lights:
    type: choice
    choices: [green, orange, "off"]
  service.working: {type: boolean}
start: sub
nodes:
  sub:
    call: y
    next: lights
  lights:
    ask: Lights?
    slot: modem.lights
    next: fin
  fin:
    end: resolved
)"}});
    Session s = lib.start("v");
    CHECK(s.reply("off") == ReplyStatus::accepted);
    CHECK(s.reply("ok") == ReplyStatus::accepted);
    CHECK(s.reply("no") == ReplyStatus::accepted);
    CHECK(s.ended());
    CHECK(s.outcome() == Outcome::resolved);
    CHECK(has_trace(s, TraceKind::skipped, "skipped lights: modem.lights known since turn 1 in script y"));
}

// ---------------------------------------------------------------------------------------------
// forget and set

TEST_CASE("memory: forget makes a question asked again") {
    Library lib = load_one(R"(
script: x
version: 1
slots:
  service.working: {type: boolean}
start: begin
nodes:
  begin:
    set: {service.working: false}
    next: check1
  check1:
    ask: Is it working?
    slot: service.working
    next: restart
  restart:
    instruct: Please restart the modem.
    action: modem.restart
    forget: [service.working]
    next: check
  check:
    ask: Is it working now?
    slot: service.working
    next:
      - if: service.working
        goto: fixed
      - goto: escalate
  fixed:
    end: resolved
  escalate:
    end: escalated
)");
    SUBCASE("the instruction is given: its forget applies and check is asked") {
        Session s = lib.start("x");
        CHECK(at(s) == "x.restart");  // check1 skipped: set by begin
        CHECK(has_trace(s, TraceKind::skipped, "skipped check1: service.working known since turn 0 in script x (set by 'begin')"));
        CHECK(s.reply("ok") == ReplyStatus::accepted);
        CHECK(has_trace(s, TraceKind::forgot, "'restart' forgot service.working"));
        CHECK(at(s) == "x.check");
        CHECK(s.reply("yes") == ReplyStatus::accepted);
        CHECK(s.outcome() == Outcome::resolved);
    }
    SUBCASE("the instruction is skipped: its forget does not apply and check is skipped too") {
        Session s = lib.start("x", {}, {"modem.restart"});
        CHECK(s.ended());
        CHECK(s.outcome() == Outcome::escalated);
        CHECK(count_trace(s, TraceKind::forgot) == 0);
        CHECK(s.get("service.working") == Value(false));
        CHECK(s.turn() == 0);
    }
}

TEST_CASE("memory: set assigns a value with source set") {
    Library lib = load_one(R"(
script: x
version: 1
slots:
  service.working: {type: boolean}
  cables.reseated: {type: boolean}
  years: {type: number}
  colour: {type: choice, choices: [red, green]}
  note: {type: text}
start: begin
nodes:
  begin:
    set: {service.working: false, years: 2.5, colour: green, note: hello}
    next: cables
  cables:
    instruct: Check the cables.
    action: cables.check
    set: {cables.reseated: true}
    next: fin
  fin:
    end: resolved
)");
    Session s = lib.start("x");
    CHECK(s.get("service.working") == Value(false));
    CHECK(s.get("years") == Value(2.5));
    CHECK(s.get("colour") == Value("green"));
    CHECK(s.get("note") == Value("hello"));
    CHECK_FALSE(s.known("cables.reseated"));  // not before the instruction completes
    CHECK(has_trace(s, TraceKind::set, "'begin' set service.working"));
    CHECK(s.reply("done") == ReplyStatus::accepted);
    CHECK(s.get("cables.reseated") == Value(true));
    auto sum = s.summary();
    const auto* f = fact(sum, "cables.reseated");
    REQUIRE(f);
    CHECK(f->source == Source::set);
    CHECK(f->script == "x");
    CHECK(f->node == "cables");
    CHECK(f->turn == 1);
}

TEST_CASE("memory: set overrides a pre-filled value") {
    Library lib = load_one(R"(
script: x
version: 1
slots:
  service.working: {type: boolean}
start: begin
nodes:
  begin:
    set: {service.working: false}
    next: fin
  fin:
    end: resolved
)");
    Session s = lib.start("x", {{"service.working", true}});
    CHECK(s.get("service.working") == Value(false));
    CHECK(s.why("service.working") == "service.working = false: set at turn 0 by 'begin' in script x");
}

TEST_CASE("memory: a skipped node's set and forget are not applied") {
    Library lib = load_one(R"(
script: x
version: 1
slots:
  a: {type: boolean}
  flag: {type: boolean}
  gone: {type: boolean}
start: q
nodes:
  q:
    ask: A?
    slot: a
    set: {flag: true}
    forget: [gone]
    next: i
  i:
    instruct: Do it.
    action: act.it
    set: {a: false}
    next: fin
  fin:
    end: resolved
)");
    Session s = lib.start("x", {{"a", true}, {"gone", true}}, {"act.it"});
    CHECK(s.ended());
    CHECK_FALSE(s.known("flag"));
    CHECK(s.get("gone") == Value(true));
    CHECK(s.get("a") == Value(true));
    CHECK(count_trace(s, TraceKind::set) == 0);
    CHECK(count_trace(s, TraceKind::forgot) == 0);
}

TEST_CASE("memory: a completed node stores its reply, then applies set, then forget") {
    Library lib = load_one(R"(
script: x
version: 1
slots:
  a: {type: boolean}
  b: {type: boolean}
  c: {type: boolean}
start: q
nodes:
  q:
    ask: A?
    slot: a
    set: {b: true, c: true}
    forget: [c, a]
    next:
      - if: known(a)
        goto: wrong
      - if: b
        goto: right
      - goto: wrong
  right:
    end: resolved
  wrong:
    end: unresolved
)");
    Session s = lib.start("x");
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::resolved);
    CHECK_FALSE(s.known("a"));
    CHECK(s.get("b") == Value(true));
    CHECK_FALSE(s.known("c"));
}

TEST_CASE("memory: a node left after too many bad replies has not completed") {
    Library lib = load_one(R"(
script: x
version: 1
slots:
  n: {type: number}
  flag: {type: boolean}
  keep: {type: boolean}
start: q
nodes:
  q:
    ask: How many?
    slot: n
    max_attempts: 1
    on_fail: fallback
    set: {flag: true}
    forget: [keep]
    next: fin
  fallback:
    say: Never mind.
    next: fin
  fin:
    end: resolved
)");
    Session s = lib.start("x", {{"keep", false}});
    CHECK(s.reply("lots") == ReplyStatus::not_understood);
    CHECK(s.outcome() == Outcome::resolved);
    CHECK_FALSE(s.known("n"));
    CHECK_FALSE(s.known("flag"));
    CHECK(s.get("keep") == Value(false));
}

TEST_CASE("memory: set and forget on say, goto and end nodes apply when they are reached") {
    Library lib = load_one(R"(
script: x
version: 1
slots:
  s1: {type: boolean}
  s2: {type: boolean}
  s3: {type: boolean}
start: hello
nodes:
  hello:
    say: Hello.
    set: {s1: true}
    next: jump
  jump:
    goto: fin
    set: {s2: true}
  fin:
    end: resolved
    set: {s3: true}
    forget: [s1]
)");
    Session s = lib.start("x");
    CHECK(s.outcome() == Outcome::resolved);
    CHECK_FALSE(s.known("s1"));
    CHECK(s.get("s2") == Value(true));
    CHECK(s.get("s3") == Value(true));
}

TEST_CASE("memory: a call node's set and forget apply as the call starts, so the called script sees them") {
    // docs/format.md 11.2 and 12: a call completes as the called script starts, not when it returns.
    Library lib = load_many({{"a.yaml", R"(
script: a
version: 1
slots:
  who: {type: text}
  seen: {type: boolean}
  stale: {type: boolean}
start: sub
nodes:
  sub:
    call: b
    set: {who: caller}
    forget: [stale]
    next: fin
  fin:
    end: resolved
)"},
                             {"b.yaml", R"(
script: b
version: 1
start: mark
nodes:
  mark:
    next:
      - if: who == "caller" and not known(stale)
        goto: saw_it
      - goto: back
  saw_it:
    set: {seen: true}
    next: back
  back:
    set: {who: callee}
    end: return
)"}});
    Session s = lib.start("a", {{"stale", true}});
    CHECK(s.outcome() == Outcome::resolved);
    CHECK(s.get("seen") == Value(true));
    CHECK(s.get("who") == Value("callee"));  // not set again on the return
    CHECK_FALSE(s.known("stale"));
    auto sum = s.summary();
    const auto* who = fact(sum, "who");
    REQUIRE(who);
    CHECK(who->script == "b");
    CHECK(who->node == "back");
}

// Regression (fixed): a number the host gives (pre-fill at start, or fill()) is converted to text with
// Value::to_string(), which uses "%g" (6 significant digits), and parsed back, so the value kept in
// memory is rounded: 12345.67 is stored as 12345.7 and 1234567.5 as 1234570. Conditions then see
// the wrong value, and get(), why(), the summary and interpolation show it.
TEST_CASE("memory: numbers from the host are kept exactly") {
    Library lib = load_one(R"(
script: x
version: 1
slots:
  balance: {type: number}
  big: {type: number}
start: check
nodes:
  check:
    next:
      - if: balance == 12345.67
        goto: exact
      - goto: rounded
  exact:
    say: "Balance {balance}."
    next: fin
  rounded:
    end: unresolved
  fin:
    end: resolved
)");
    Session s = lib.start("x", {{"balance", 12345.67}, {"big", 1234567.5}});
    CHECK(s.get("balance") == Value(12345.67));
    CHECK(s.get("big") == Value(1234567.5));
    CHECK(s.outcome() == Outcome::resolved);
    CHECK(s.why("balance") == "balance = 12345.67: pre-filled by the host at the start");

    Session f = lib.start("x", {{"balance", 1}});
    f.fill("big", 1234567.5);
    CHECK(f.get("big") == Value(1234567.5));
}

// ---------------------------------------------------------------------------------------------
// why

TEST_CASE("why: explains where each fact came from") {
    Library lib = load_one(R"(
script: x
version: 1
slots:
  modem.lights:
    type: choice
    choices: [green, orange, "off"]
  service.working: {type: boolean}
  outage.known: {type: boolean}
  years: {type: number}
  customer.name: {type: text}
start: begin
nodes:
  begin:
    set: {service.working: false}
    next: outage
  outage:
    lookup: outage.status
    slot: outage.known
    next: lights
  lights:
    ask: What colour?
    slot: modem.lights
    next: fin
  fin:
    end: resolved
)");
    Session s = lib.start("x", {{"years", 10}, {"customer.name", "Ana"}});
    CHECK(s.why("years") == "years = 10: pre-filled by the host at the start");
    CHECK(s.why("customer.name") == "customer.name = Ana: pre-filled by the host at the start");
    CHECK(s.why("service.working") == "service.working = false: set at turn 0 by 'begin' in script x");
    CHECK(s.why("modem.lights") == "modem.lights is not known");
    CHECK(s.why("no.such.slot") == "no.such.slot is not a slot of this library");
    s.fill("outage.known", false);
    CHECK(s.why("outage.known") == "outage.known = false: given by the host at turn 0 (at 'outage' in script x)");
    CHECK(s.reply("nope") == ReplyStatus::not_understood);
    CHECK(s.reply("green") == ReplyStatus::accepted);
    CHECK(s.why("modem.lights") == "modem.lights = green: answered at turn 2 to 'lights' in script x");
}

TEST_CASE("why: a fact the host fills while another question is waiting") {
    Library lib = load_one(R"(
script: x
version: 1
slots:
  a: {type: boolean}
  years: {type: number}
start: q
nodes:
  q:
    ask: A?
    slot: a
    next: y
  y:
    ask: How many years?
    slot: years
    next: fin
  fin:
    end: resolved
)");
    Session s = lib.start("x");
    s.fill("years", 2.5);
    CHECK(at(s) == "x.q");  // the waiting question is unchanged
    CHECK(s.why("years") == "years = 2.5: given by the host at turn 0 (at 'q' in script x)");
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::resolved);  // y skipped
    CHECK(has_trace(s, TraceKind::skipped, "skipped y: years known since turn 0 in script x"));
}

// ---------------------------------------------------------------------------------------------
// summary

namespace {
const char* summary_script = R"(
script: x
version: 1
slots:
  account.tenure_years: {type: number, min: 0}
  cancel.reason: {type: choice, choices: [price, service, moving, other]}
  service.working: {type: boolean}
  offer.discount_accepted: {type: boolean}
start: begin
nodes:
  begin:
    set: {service.working: false}
    next: reason
  reason:
    ask: Why are you leaving?
    slot: cancel.reason
    next: tried
  tried:
    ask: What have you tried?
    type: actions
    choices: [modem.restart, cables.check]
    next: discount
  discount:
    offer: 25% off?
    kind: retention
    slot: offer.discount_accepted
    next:
      - if: offer.discount_accepted
        goto: kept
      - goto: gone
  kept:
    end: retained
  gone:
    end: cancelled
  restart:
    instruct: Restart.
    action: modem.restart
    next: gone
  cables:
    instruct: Cables.
    action: cables.check
    next: gone
)";
}

TEST_CASE("summary: facts with source, turn, script and node; actions; offers; outcome") {
    Library lib = load_one(summary_script);
    Session s = lib.start("x", {{"account.tenure_years", 6}}, {"cables.check"});
    auto sum = s.summary();
    CHECK(sum.outcome == Outcome::none);
    CHECK(sum.script == "x");
    CHECK(sum.node == "reason");
    CHECK(sum.turns == 0);
    CHECK(sum.offers.empty());

    CHECK(s.reply("price") == ReplyStatus::accepted);
    CHECK(s.reply("modem.restart") == ReplyStatus::accepted);
    CHECK(s.reply("maybe") == ReplyStatus::not_understood);
    CHECK(s.reply("yes") == ReplyStatus::accepted);

    sum = s.summary();
    CHECK(sum.outcome == Outcome::retained);
    CHECK(sum.script == "x");
    CHECK(sum.node == "kept");
    CHECK(sum.turns == 4);

    REQUIRE(sum.facts.size() == 4);
    const auto* years = fact(sum, "account.tenure_years");
    REQUIRE(years);
    CHECK(years->value == Value(6.0));
    CHECK(years->source == Source::prefill);
    CHECK(years->script.empty());
    CHECK(years->node.empty());
    CHECK(years->turn == 0);

    const auto* reason = fact(sum, "cancel.reason");
    REQUIRE(reason);
    CHECK(reason->value == Value("price"));
    CHECK(reason->source == Source::answer);
    CHECK(reason->script == "x");
    CHECK(reason->node == "reason");
    CHECK(reason->turn == 1);

    const auto* working = fact(sum, "service.working");
    REQUIRE(working);
    CHECK(working->value == Value(false));
    CHECK(working->source == Source::set);
    CHECK(working->node == "begin");
    CHECK(working->turn == 0);

    const auto* accepted = fact(sum, "offer.discount_accepted");
    REQUIRE(accepted);
    CHECK(accepted->value == Value(true));
    CHECK(accepted->source == Source::answer);
    CHECK(accepted->node == "discount");
    CHECK(accepted->turn == 4);

    REQUIRE(sum.actions_done.size() == 2);
    for (const auto& a : sum.actions_done) {
        if (a.action == "cables.check") {
            CHECK(a.source == Source::prefill);
            CHECK(a.turn == 0);
        } else {
            CHECK(a.action == "modem.restart");
            CHECK(a.source == Source::answer);
            CHECK(a.script == "x");
            CHECK(a.node == "tried");
            CHECK(a.turn == 2);
        }
    }

    REQUIRE(sum.offers.size() == 1);
    CHECK(sum.offers[0].script == "x");
    CHECK(sum.offers[0].node == "discount");
    CHECK(sum.offers[0].kind == parley::OfferKind::retention);
    CHECK(sum.offers[0].accepted == std::optional<bool>(true));
    CHECK(sum.offers[0].turn == 2);
}

TEST_CASE("summary: operator<< writes the hand-off text") {
    Library lib = load_one(summary_script);
    SUBCASE("a finished conversation") {
        Session s = lib.start("x", {{"account.tenure_years", 6}}, {"cables.check"});
        CHECK(s.reply("price") == ReplyStatus::accepted);
        CHECK(s.reply("modem.restart") == ReplyStatus::accepted);
        CHECK(s.reply("no") == ReplyStatus::accepted);
        std::ostringstream out;
        out << s.summary();
        CHECK(out.str() ==
              "Outcome: cancelled (at x.gone, after 3 customer turns)\n"
              "Known facts:\n"
              "  account.tenure_years = 6  (pre-fill)\n"
              "  cancel.reason = price  (answer, turn 1, x.reason)\n"
              "  service.working = false  (set, turn 0, x.begin)\n"
              "  offer.discount_accepted = false  (answer, turn 3, x.discount)\n"
              "Actions already done:\n"
              "  modem.restart  (answer, turn 2, x.tried)\n"
              "  cables.check  (pre-fill)\n"
              "Steps given:\n"
              "  modem.restart: done  (turn 2, x.tried)\n"
              "Offers made:\n"
              "  retention offer x.discount at turn 2: declined\n");
    }
    SUBCASE("an offer still waiting for an answer") {
        Session s = lib.start("x", {}, {"modem.restart", "cables.check"});
        CHECK(s.reply("moving") == ReplyStatus::accepted);
        std::ostringstream out;
        out << s.summary();
        CHECK(out.str() ==
              "Outcome: none (at x.discount, after 1 customer turns)\n"
              "Known facts:\n"
              "  cancel.reason = moving  (answer, turn 1, x.reason)\n"
              "  service.working = false  (set, turn 0, x.begin)\n"
              "Actions already done:\n"
              "  modem.restart  (pre-fill)\n"
              "  cables.check  (pre-fill)\n"
              "Offers made:\n"
              "  retention offer x.discount at turn 1: no answer\n");
    }
}

TEST_CASE("summary: operator<< with nothing known") {
    Library lib = load_one(R"(
script: x
version: 1
slots:
  a: {type: boolean}
start: q
nodes:
  q:
    ask: A?
    slot: a
    next: fin
  fin:
    end: resolved
)");
    Session s = lib.start("x");
    std::ostringstream out;
    out << s.summary();
    CHECK(out.str() ==
          "Outcome: none (at x.q, after 0 customer turns)\n"
          "Known facts: none\n"
          "Actions already done: none\n"
          "Offers made: none\n");
}

TEST_CASE("memory: the doc's wi-fi example skips the restart and the check for a customer who already restarted") {
    // docs/format.md section 15, abridged to the nodes this walk passes through.
    Library lib = load_one(R"(
script: example_wifi_slow
version: 1
locale: en
slots:
  customer.first_name: {type: text, prefill: true}
  wifi.slow_everywhere: {type: boolean}
  wifi.fast_now: {type: boolean}
start: begin
nodes:
  begin:
    set: {wifi.fast_now: false}
    next:
      - if: known(customer.first_name)
        goto: greet
      - goto: tried
  greet:
    say: "{customer.first_name}, let's sort out the Wi-Fi together."
    next: tried
  tried:
    ask: Which of these have you already tried?
    type: actions
    choices: [router.restart, router.move]
    next: everywhere
  everywhere:
    ask: Is the Wi-Fi slow in every room, even next to the router?
    slot: wifi.slow_everywhere
    next:
      - if: wifi.slow_everywhere
        goto: restart
      - goto: move
  move:
    instruct: Please move the router somewhere central.
    action: router.move
    forget: [wifi.fast_now]
    next: check_restart
  restart:
    instruct: Please switch the router off, wait 30 seconds, and switch it back on.
    action: router.restart
    forget: [wifi.fast_now]
    next: check_restart
  check_restart:
    ask: Is the Wi-Fi faster now?
    slot: wifi.fast_now
    next:
      - if: wifi.fast_now
        goto: fixed
      - goto: handover
  fixed:
    end: resolved
  handover:
    end: escalated
    say: I'm passing you to a technician.
)");
    Session s = lib.start("example_wifi_slow", {{"customer.first_name", "Ana"}});
    Turn t = s.next();
    REQUIRE(t.messages.size() == 1);
    CHECK(t.messages[0].text == "Ana, let's sort out the Wi-Fi together.");
    CHECK(t.prompt.node == "tried");
    CHECK(s.reply("router.restart") == ReplyStatus::accepted);
    CHECK(at(s) == "example_wifi_slow.everywhere");
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.ended());
    CHECK(s.outcome() == Outcome::escalated);
    CHECK(s.get("wifi.fast_now") == Value(false));
    CHECK(has_trace(s, TraceKind::skipped, "skipped restart: router.restart done since turn 1 in script example_wifi_slow"));
    CHECK(has_trace(s, TraceKind::skipped,
                    "skipped check_restart: wifi.fast_now known since turn 0 in script example_wifi_slow (set by 'begin')"));
    CHECK(s.next().prompt.text == "I'm passing you to a technician.");
}
