// Engine tests, node by node: sessions walking small inline scripts through the public API.
#include <doctest/doctest.h>
#include <parley/parley.hpp>

#include "support.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

using parley::Library;
using parley::Outcome;
using parley::ReplyStatus;
using parley::Session;
using parley::TraceKind;
using parley::Turn;
using parley::Utterance;
using parley::Value;

using test_support::at;
using test_support::has_trace;
using test_support::load_many;
using test_support::load_one;

namespace {

std::vector<std::string> trace_of(const Session& s, TraceKind kind) {
    std::vector<std::string> out;
    for (const auto& e : s.trace())
        if (e.kind == kind) out.push_back(e.message);
    return out;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (std::size_t i = s.find(from); i != std::string::npos; i = s.find(from, i + to.size())) s.replace(i, from.size(), to);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// ask with a slot

TEST_CASE("ask: the prompt names the slot and its choices, and the answer is stored") {
    Library lib = load_one(R"(
script: t
version: 1
slots:
  modem.lights:
    type: choice
    choices: [green, orange, "off"]
start: lights
nodes:
  lights:
    ask: What colour are the lights?
    slot: modem.lights
    next: fin
  fin:
    end: resolved
    say: Thanks.
)");
    Session s = lib.start("t");
    Turn t = s.next();
    CHECK(t.messages.empty());
    CHECK(t.prompt.kind == Utterance::Kind::ask);
    CHECK(t.prompt.script == "t");
    CHECK(t.prompt.node == "lights");
    CHECK(t.prompt.text == "What colour are the lights?");
    CHECK(t.prompt.slot == "modem.lights");
    REQUIRE(t.prompt.choices.size() == 3);
    CHECK(t.prompt.choices[0] == "green");
    CHECK(t.prompt.choices[1] == "orange");
    CHECK(t.prompt.choices[2] == "off");
    CHECK_FALSE(t.prompt.multi_select);
    CHECK(t.prompt.attempt == 1);
    CHECK(t.prompt.hint.empty());
    CHECK_FALSE(t.ended());
    CHECK_FALSE(s.known("modem.lights"));

    CHECK(s.reply("orange") == ReplyStatus::accepted);
    CHECK(s.get("modem.lights") == Value("orange"));
    CHECK(s.ended());
    CHECK(s.outcome() == Outcome::resolved);
    CHECK(s.turn() == 1);
    CHECK(has_trace(s, TraceKind::asked, "asked 'lights' for modem.lights"));
    CHECK(has_trace(s, TraceKind::answered, "'lights' answered: modem.lights"));
}

// ---------------------------------------------------------------------------------------------
// ask type: actions

namespace {
const char* actions_script = R"(
script: t
version: 1
start: tried
nodes:
  tried:
    ask: Which of these have you already tried?
    type: actions
    choices: [modem.restart, cables.check, power.check]
    next: restart
  restart:
    instruct: Please restart the modem.
    action: modem.restart
    next: cables
  cables:
    instruct: Please check the cables.
    action: cables.check
    next: power
  power:
    instruct: Please check the power.
    action: power.check
    next: fin
  fin:
    end: resolved
)";
}

TEST_CASE("ask type: actions: the prompt is a multi-select of the listed actions") {
    Library lib = load_one(actions_script);
    Session s = lib.start("t");
    Turn t = s.next();
    CHECK(t.prompt.kind == Utterance::Kind::ask);
    CHECK(t.prompt.node == "tried");
    CHECK(t.prompt.multi_select);
    CHECK(t.prompt.slot.empty());
    REQUIRE(t.prompt.choices.size() == 3);
    CHECK(t.prompt.choices[0] == "modem.restart");
    CHECK(t.prompt.choices[1] == "cables.check");
    CHECK(t.prompt.choices[2] == "power.check");
}

TEST_CASE("ask type: actions: every picked action is marked done and its instruction skipped") {
    Library lib = load_one(actions_script);

    SUBCASE("comma-separated list, any order") {
        Session s = lib.start("t");
        CHECK(s.reply("power.check, modem.restart") == ReplyStatus::accepted);
        CHECK(s.done("modem.restart"));
        CHECK(s.done("power.check"));
        CHECK_FALSE(s.done("cables.check"));
        CHECK(at(s) == "t.cables");
        CHECK(has_trace(s, TraceKind::skipped, "skipped restart: modem.restart done since turn 1 in script t"));
        CHECK(s.reply("done") == ReplyStatus::accepted);
        CHECK(has_trace(s, TraceKind::skipped, "skipped power: power.check done since turn 1 in script t"));
        CHECK(s.outcome() == Outcome::resolved);
        auto sum = s.summary();
        REQUIRE(sum.actions_done.size() == 3);
        for (const auto& a : sum.actions_done) {
            CHECK(a.source == parley::Source::answer);
            CHECK(a.script == "t");
            if (a.action == "cables.check") {
                CHECK(a.node == "cables");
                CHECK(a.turn == 2);
            } else {
                CHECK(a.node == "tried");
                CHECK(a.turn == 1);
            }
        }
    }
    SUBCASE("none marks nothing") {
        Session s = lib.start("t");
        CHECK(s.reply("none") == ReplyStatus::accepted);
        CHECK_FALSE(s.done("modem.restart"));
        CHECK_FALSE(s.done("cables.check"));
        CHECK_FALSE(s.done("power.check"));
        CHECK(at(s) == "t.restart");
    }
    SUBCASE("None, in another case") {
        Session s = lib.start("t");
        CHECK(s.reply("NONE") == ReplyStatus::accepted);
        CHECK(at(s) == "t.restart");
    }
    SUBCASE("action ids in any case") {
        Session s = lib.start("t");
        CHECK(s.reply("Modem.Restart, CABLES.CHECK") == ReplyStatus::accepted);
        CHECK(s.done("modem.restart"));
        CHECK(s.done("cables.check"));
        CHECK_FALSE(s.done("power.check"));
        CHECK(at(s) == "t.power");
    }
    SUBCASE("numbers of the listed actions, 1-based") {
        Session s = lib.start("t");
        CHECK(s.reply("1, 3") == ReplyStatus::accepted);
        CHECK(s.done("modem.restart"));
        CHECK_FALSE(s.done("cables.check"));
        CHECK(s.done("power.check"));
        CHECK(at(s) == "t.cables");
    }
    SUBCASE("an action named twice counts once") {
        Session s = lib.start("t");
        CHECK(s.reply("modem.restart, 1, Modem.Restart.") == ReplyStatus::accepted);
        CHECK(s.done("modem.restart"));
        CHECK(s.summary().actions_done.size() == 1);
        CHECK(at(s) == "t.cables");
    }
    SUBCASE("the other words for none") {
        for (const char* none : {"nothing", "no", "neither", "-", "Nothing."}) {
            CAPTURE(none);
            Session s = lib.start("t");
            CHECK(s.reply(none) == ReplyStatus::accepted);
            CHECK(s.summary().actions_done.empty());
            CHECK(at(s) == "t.restart");
        }
    }
    SUBCASE("a single number") {
        Session s = lib.start("t");
        CHECK(s.reply("2") == ReplyStatus::accepted);
        CHECK(s.done("cables.check"));
        CHECK_FALSE(s.done("modem.restart"));
        CHECK(at(s) == "t.restart");
    }
    SUBCASE("a name not in the list is a bad reply and marks nothing") {
        Session s = lib.start("t");
        CHECK(s.reply("modem.restart, router.reset") == ReplyStatus::not_understood);
        CHECK_FALSE(s.done("modem.restart"));
        Turn t = s.next();
        CHECK(t.prompt.node == "tried");
        CHECK(t.prompt.attempt == 2);
        CHECK_FALSE(t.prompt.hint.empty());
    }
    SUBCASE("a number out of the list is a bad reply") {
        Session s = lib.start("t");
        CHECK(s.reply("4") == ReplyStatus::not_understood);
        CHECK(s.reply("0") == ReplyStatus::not_understood);
        CHECK(at(s) == "t.tried");
    }
}

TEST_CASE("ask type: actions: skipped when every listed action is already done") {
    Library lib = load_one(actions_script);
    SUBCASE("all done") {
        Session s = lib.start("t", {}, {"modem.restart", "cables.check", "power.check"});
        CHECK(s.ended());
        CHECK(s.outcome() == Outcome::resolved);
        CHECK(has_trace(s, TraceKind::skipped, "skipped tried: every action it lists is already done"));
        CHECK(s.turn() == 0);
    }
    SUBCASE("only some done: still asked") {
        Session s = lib.start("t", {}, {"modem.restart", "power.check"});
        CHECK(at(s) == "t.tried");
        CHECK(s.reply("none") == ReplyStatus::accepted);
        CHECK(at(s) == "t.cables");
    }
}

TEST_CASE("ask type: actions: skipped when it was already answered in this conversation") {
    Library lib = load_one(R"(
script: t
version: 1
slots:
  again: {type: boolean}
start: tried
nodes:
  tried:
    ask: Which have you tried?
    type: actions
    choices: [a.one, a.two]
    next: check
  check:
    ask: Go round again?
    slot: again
    next:
      - if: again
        goto: reset
      - goto: fin
  reset:
    forget: [again]
    next: tried
  one:
    instruct: Do one.
    action: a.one
    next: fin
  two:
    instruct: Do two.
    action: a.two
    next: fin
  fin:
    end: resolved
)");
    Session s = lib.start("t");
    CHECK(at(s) == "t.tried");
    CHECK(s.reply("none") == ReplyStatus::accepted);
    CHECK(at(s) == "t.check");
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(at(s) == "t.check");  // tried is not asked again, although nothing is done
    CHECK(has_trace(s, TraceKind::skipped, "skipped tried: already answered in this conversation"));
    CHECK(s.reply("no") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::resolved);
}

// ---------------------------------------------------------------------------------------------
// instruct

namespace {
const char* instruct_script = R"(
script: t
version: 1
start: restart
nodes:
  restart:
    instruct: Please unplug the modem and plug it back in.
    action: modem.restart
    next: again
  again:
    instruct: Please restart it once more.
    action: modem.restart
    repeat: true
    reason: It only picks up the line when it starts.
    next: fin
  fin:
    end: resolved
)";
}

TEST_CASE("instruct: any reply acknowledges and marks the action done") {
    Library lib = load_one(instruct_script);
    for (const char* reply : {"ok", "done", "no", "what?", "banana", " "}) {
        CAPTURE(reply);
        Session s = lib.start("t");
        Turn t = s.next();
        CHECK(t.prompt.kind == Utterance::Kind::instruct);
        CHECK(t.prompt.node == "restart");
        CHECK(t.prompt.text == "Please unplug the modem and plug it back in.");
        CHECK(t.prompt.slot.empty());
        CHECK_FALSE(s.done("modem.restart"));
        CHECK(s.reply(reply) == ReplyStatus::accepted);
        CHECK(s.done("modem.restart"));
        CHECK(at(s) == "t.again");  // repeat: true is given although the action is done
        CHECK(has_trace(s, TraceKind::acknowledged, "'restart' done: modem.restart"));
    }
}

TEST_CASE("instruct: skipped when the action is done; repeat: true is not skipped") {
    Library lib = load_one(instruct_script);
    Session s = lib.start("t", {}, {"modem.restart"});
    CHECK(at(s) == "t.again");
    CHECK(has_trace(s, TraceKind::skipped, "skipped restart: modem.restart done (pre-filled by the host)"));
    for (const auto& e : s.trace())
        if (e.kind == TraceKind::skipped && e.node == "restart") CHECK(e.policy == "no_repeat_instructions");
    CHECK(has_trace(s, TraceKind::asked, "instructed 'again' (modem.restart)"));
    CHECK(s.reply("ok") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::resolved);
    // Done once: the first time it became done is kept.
    auto sum = s.summary();
    REQUIRE(sum.actions_done.size() == 1);
    CHECK(sum.actions_done[0].source == parley::Source::prefill);
}

TEST_CASE("instruct repeat: true when the action is not yet done gives the instruction without the reason") {
    Library lib = load_one(R"(
script: t
version: 1
start: again
nodes:
  again:
    instruct: Please restart it once more.
    action: modem.restart
    repeat: true
    reason: It only picks up the line when it starts.
    next: fin
  fin:
    end: resolved
)");
    Session s = lib.start("t");
    Turn t = s.next();
    CHECK(t.messages.empty());
    CHECK(t.prompt.text == "Please restart it once more.");
}

TEST_CASE("instruct repeat: true when the action is done gives the instruction text only; the reason is not said") {
    // docs/format.md 6.3: `reason` is the author's justification, kept with the script.
    Library lib = load_one(instruct_script);
    Session s = lib.start("t", {}, {"modem.restart"});
    Turn t = s.next();
    CHECK(t.prompt.node == "again");
    CHECK(t.prompt.kind == Utterance::Kind::instruct);
    CHECK(t.messages.empty());
    CHECK(t.prompt.text == "Please restart it once more.");
    CHECK(s.reply("ok") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::resolved);
}

// ---------------------------------------------------------------------------------------------
// say

TEST_CASE("say: messages come before the prompt, in order, and are said once") {
    Library lib = load_one(R"(
script: t
version: 1
slots:
  a: {type: boolean}
  b: {type: boolean}
start: hello
nodes:
  hello:
    say: Hello.
    next: sorry
  sorry:
    say: Sorry to hear that.
    next: q1
  q1:
    ask: First question?
    slot: a
    next: between
  between:
    say: Thanks.
    next: q2
  q2:
    ask: Second question?
    slot: b
    next: bye
  bye:
    say: That's all.
    next: fin
  fin:
    end: resolved
    say: Goodbye.
)");
    Session s = lib.start("t");
    Turn t = s.next();
    REQUIRE(t.messages.size() == 2);
    CHECK(t.messages[0].kind == Utterance::Kind::say);
    CHECK(t.messages[0].node == "hello");
    CHECK(t.messages[0].text == "Hello.");
    CHECK(t.messages[1].node == "sorry");
    CHECK(t.messages[1].text == "Sorry to hear that.");
    CHECK(t.prompt.node == "q1");

    CHECK(s.reply("yes") == ReplyStatus::accepted);
    t = s.next();
    REQUIRE(t.messages.size() == 1);
    CHECK(t.messages[0].text == "Thanks.");
    CHECK(t.prompt.node == "q2");

    CHECK(s.reply("no") == ReplyStatus::accepted);
    t = s.next();
    REQUIRE(t.messages.size() == 1);
    CHECK(t.messages[0].text == "That's all.");
    CHECK(t.ended());
    CHECK(t.prompt.kind == Utterance::Kind::end);
    CHECK(t.prompt.node == "fin");
    CHECK(t.prompt.text == "Goodbye.");
    CHECK(t.prompt.outcome == Outcome::resolved);
    CHECK(trace_of(s, TraceKind::said).size() == 4);
    CHECK(has_trace(s, TraceKind::said, "said 'between'"));
}

TEST_CASE("say: messages are not repeated after a bad reply") {
    Library lib = load_one(R"(
script: t
version: 1
slots:
  a: {type: boolean}
start: hello
nodes:
  hello:
    say: Hello.
    next: q
  q:
    ask: Ready?
    slot: a
    next: fin
  fin:
    end: resolved
)");
    Session s = lib.start("t");
    CHECK(s.next().messages.size() == 1);
    CHECK(s.reply("purple") == ReplyStatus::not_understood);
    Turn t = s.next();
    CHECK(t.messages.empty());
    CHECK(t.prompt.node == "q");
}

// ---------------------------------------------------------------------------------------------
// offer

namespace {
const char* offer_script = R"(
script: t
version: 1
slots:
  offer.discount_accepted: {type: boolean}
  offer.extra_accepted: {type: boolean}
start: discount
nodes:
  discount:
    offer: I can take 25% off. Would you like that?
    kind: retention
    slot: offer.discount_accepted
    next:
      - if: offer.discount_accepted
        goto: retained
      - goto: extra
  extra:
    offer: Would you like the sports channel as well?
    kind: upsell
    slot: offer.extra_accepted
    next: cancelled
  retained:
    end: retained
    say: The discount is on your account.
  cancelled:
    end: cancelled
)";
}

TEST_CASE("offer: retention and upsell prompts") {
    Library lib = load_one(offer_script);
    Session s = lib.start("t");
    Turn t = s.next();
    CHECK(t.prompt.kind == Utterance::Kind::offer);
    CHECK(t.prompt.node == "discount");
    CHECK(t.prompt.offer_kind == parley::OfferKind::retention);
    CHECK(t.prompt.slot == "offer.discount_accepted");
    CHECK(t.prompt.choices.empty());
    CHECK(t.prompt.text == "I can take 25% off. Would you like that?");
    CHECK(has_trace(s, TraceKind::offered, "offered 'discount' (retention)"));

    auto sum = s.summary();
    REQUIRE(sum.offers.size() == 1);
    CHECK(sum.offers[0].node == "discount");
    CHECK_FALSE(sum.offers[0].accepted.has_value());

    CHECK(s.reply("no") == ReplyStatus::accepted);
    t = s.next();
    CHECK(t.prompt.kind == Utterance::Kind::offer);
    CHECK(t.prompt.node == "extra");
    CHECK(t.prompt.offer_kind == parley::OfferKind::upsell);
    CHECK(has_trace(s, TraceKind::offered, "offered 'extra' (upsell)"));
}

TEST_CASE("offer: accept and decline words set the slot, and the summary records the answer") {
    Library lib = load_one(offer_script);
    struct Case {
        const char* reply;
        bool accepted;
    };
    for (Case c : {Case{"yes", true}, Case{"accept", true}, Case{"Accept.", true}, Case{"no", false},
                   Case{"decline", false}, Case{"DECLINE", false}}) {
        CAPTURE(c.reply);
        Session s = lib.start("t");
        CHECK(s.reply(c.reply) == ReplyStatus::accepted);
        CHECK(s.get("offer.discount_accepted") == Value(c.accepted));
        auto sum = s.summary();
        REQUIRE_FALSE(sum.offers.empty());
        CHECK(sum.offers[0].script == "t");
        CHECK(sum.offers[0].node == "discount");
        CHECK(sum.offers[0].kind == parley::OfferKind::retention);
        REQUIRE(sum.offers[0].accepted.has_value());
        CHECK(*sum.offers[0].accepted == c.accepted);
        CHECK(sum.offers[0].turn == 0);
        if (c.accepted) {
            CHECK(s.outcome() == Outcome::retained);
            CHECK(s.next().prompt.text == "The discount is on your account.");
        } else {
            CHECK(at(s) == "t.extra");
            CHECK(s.reply("no") == ReplyStatus::accepted);
            CHECK(s.outcome() == Outcome::cancelled);
            sum = s.summary();
            REQUIRE(sum.offers.size() == 2);
            CHECK(sum.offers[1].node == "extra");
            CHECK(sum.offers[1].kind == parley::OfferKind::upsell);
            CHECK(sum.offers[1].accepted == std::optional<bool>(false));
            CHECK(sum.offers[1].turn == 1);
        }
    }
}

TEST_CASE("offer: a bad reply asks again; three bad replies end escalated with the offer unanswered") {
    Library lib = load_one(offer_script);
    Session s = lib.start("t");
    CHECK(s.reply("maybe") == ReplyStatus::not_understood);
    Turn t = s.next();
    CHECK(t.prompt.node == "discount");
    CHECK(t.prompt.attempt == 2);
    CHECK_FALSE(t.prompt.hint.empty());
    CHECK(s.reply("hmm") == ReplyStatus::not_understood);
    CHECK_FALSE(s.ended());
    CHECK(s.reply("let me think") == ReplyStatus::not_understood);
    CHECK(s.ended());
    CHECK(s.outcome() == Outcome::escalated);
    CHECK_FALSE(s.known("offer.discount_accepted"));
    auto sum = s.summary();
    REQUIRE(sum.offers.size() == 1);
    CHECK_FALSE(sum.offers[0].accepted.has_value());
}

TEST_CASE("offer: skipped when its slot is known, and then not recorded as made") {
    Library lib = load_one(offer_script);
    Session s = lib.start("t", {{"offer.discount_accepted", false}});
    CHECK(at(s) == "t.extra");
    CHECK(has_trace(s, TraceKind::skipped, "skipped discount: offer.discount_accepted known (pre-filled by the host)"));
    auto sum = s.summary();
    REQUIRE(sum.offers.size() == 1);
    CHECK(sum.offers[0].node == "extra");
}

// ---------------------------------------------------------------------------------------------
// call and return

namespace {
const char* main_script = R"(
script: main
version: 1
slots:
  a.one: {type: boolean}
  a.three: {type: boolean}
start: first
nodes:
  first:
    ask: Question one?
    slot: a.one
    next: sub
  sub:
    call: helper
    next:
      - if: a.two
        goto: after
      - goto: other_end
  after:
    ask: Question three?
    slot: a.three
    next: fin
  fin:
    end: resolved
  other_end:
    end: unresolved
)";
const char* helper_script = R"(
script: helper
version: 1
slots:
  a.two: {type: boolean}
start: h1
nodes:
  h1:
    ask: Question one again?
    slot: a.one
    next: h2
  h2:
    ask: Question two?
    slot: a.two
    next:
      - if: a.one
        goto: back
      - goto: back_too
  back:
    end: return
  back_too:
    end: return
)";
}  // namespace

TEST_CASE("call: runs the other script with the same memory and comes back to the caller's next") {
    Library lib = load_many({{"main.yaml", main_script}, {"helper.yaml", helper_script}});
    Session s = lib.start("main");
    CHECK(at(s) == "main.first");
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    // helper's h1 asks a.one, which the caller already knows
    CHECK(at(s) == "helper.h2");
    CHECK(has_trace(s, TraceKind::called, "'sub' called script helper"));
    CHECK(has_trace(s, TraceKind::skipped, "skipped h1: a.one known since turn 1 in script main"));
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    // the caller's next sees what the called script learned
    CHECK(at(s) == "main.after");
    CHECK(has_trace(s, TraceKind::returned, "script helper returned to 'sub' in script main"));
    CHECK(s.reply("no") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::resolved);
    CHECK(s.summary().node == "fin");
}

TEST_CASE("call: the caller's next is evaluated against memory as the called script left it") {
    Library lib = load_many({{"main.yaml", main_script}, {"helper.yaml", helper_script}});
    Session s = lib.start("main");
    CHECK(s.reply("no") == ReplyStatus::accepted);
    CHECK(s.reply("no") == ReplyStatus::accepted);  // a.two = false
    CHECK(s.outcome() == Outcome::unresolved);
    CHECK(s.summary().node == "other_end");
}

TEST_CASE("call: an end other than return in the called script ends the whole session") {
    Library lib = load_many({{"main.yaml", R"(
script: main
version: 1
start: sub
nodes:
  sub:
    call: helper
    next: fin
  fin:
    end: resolved
)"},
                             {"helper.yaml", R"(
script: helper
version: 1
start: stop
nodes:
  stop:
    end: cancelled
    say: Cancelled from the helper.
)"}});
    Session s = lib.start("main");
    CHECK(s.ended());
    CHECK(s.outcome() == Outcome::cancelled);
    Turn t = s.next();
    CHECK(t.prompt.script == "helper");
    CHECK(t.prompt.node == "stop");
    CHECK(t.prompt.text == "Cancelled from the helper.");
}

TEST_CASE("call: calls nest, and each return goes to its own caller") {
    Library lib = load_many({{"a.yaml", R"(
script: a
version: 1
slots:
  qa1: {type: boolean}
  qa2: {type: boolean}
start: a1
nodes:
  a1:
    ask: A1?
    slot: qa1
    next: call_b
  call_b:
    call: b
    next: a2
  a2:
    ask: A2?
    slot: qa2
    next: fin
  fin:
    end: resolved
)"},
                             {"b.yaml", R"(
script: b
version: 1
slots:
  qb1: {type: boolean}
  qb2: {type: boolean}
start: b1
nodes:
  b1:
    ask: B1?
    slot: qb1
    next: call_c
  call_c:
    call: c
    next: b2
  b2:
    ask: B2?
    slot: qb2
    next: ret
  ret:
    end: return
)"},
                             {"c.yaml", R"(
script: c
version: 1
slots:
  qc: {type: boolean}
start: c1
nodes:
  c1:
    ask: C?
    slot: qc
    next: ret
  ret:
    end: return
)"}});
    Session s = lib.start("a");
    std::vector<std::string> path;
    while (!s.ended()) {
        path.push_back(at(s));
        REQUIRE(s.reply("yes") == ReplyStatus::accepted);
    }
    CHECK(path == std::vector<std::string>{"a.a1", "b.b1", "c.c1", "b.b2", "a.a2"});
    CHECK(s.outcome() == Outcome::resolved);
    CHECK(has_trace(s, TraceKind::returned, "script c returned to 'call_c' in script b"));
    CHECK(has_trace(s, TraceKind::returned, "script b returned to 'call_b' in script a"));
}

TEST_CASE("end: return in the script the session started with ends it completed") {
    Library lib = load_many({{"main.yaml", main_script}, {"helper.yaml", helper_script}});
    Session s = lib.start("helper");
    CHECK(at(s) == "helper.h1");
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.ended());
    CHECK(s.outcome() == Outcome::completed);
    Turn t = s.next();
    CHECK(t.ended());
    CHECK(t.prompt.outcome == Outcome::completed);
    CHECK(t.prompt.node == "back");
    CHECK(has_trace(s, TraceKind::ended, "ended at 'back' with outcome completed"));
}

TEST_CASE("end: return's say is said on the way back to a caller, and is the closing text when nothing called") {
    // docs/format.md 6.9 and 12.
    Library lib = load_many({{"main.yaml", R"(
script: main
version: 1
slots:
  q: {type: boolean}
start: sub
nodes:
  sub:
    call: helper
    next: ask
  ask:
    ask: Anything else?
    slot: q
    next: fin
  fin:
    end: resolved
)"},
                             {"helper.yaml", R"(
script: helper
version: 1
start: note
nodes:
  note:
    say: Checking the account.
    next: back
  back:
    end: return
    say: Your account is in good standing.
)"}});
    Session s = lib.start("main");
    Turn t = s.next();
    CHECK(t.prompt.node == "ask");
    REQUIRE(t.messages.size() == 2);
    CHECK(t.messages[0].script == "helper");
    CHECK(t.messages[0].node == "note");
    CHECK(t.messages[0].text == "Checking the account.");
    CHECK(t.messages[1].node == "back");
    CHECK(t.messages[1].text == "Your account is in good standing.");

    Session alone = lib.start("helper");
    t = alone.next();
    CHECK(alone.outcome() == Outcome::completed);
    REQUIRE(t.messages.size() == 1);
    CHECK(t.prompt.node == "back");
    CHECK(t.prompt.text == "Your account is in good standing.");
}

// ---------------------------------------------------------------------------------------------
// goto

TEST_CASE("goto: jumps to a node of the same script") {
    Library lib = load_one(R"(
script: t
version: 1
slots:
  q: {type: boolean}
start: jump
nodes:
  jump:
    goto: target
  skipped_over:
    ask: Never asked?
    slot: q
    next: fin
  target:
    ask: Asked?
    slot: q
    next: fin
  fin:
    end: resolved
)");
    Session s = lib.start("t");
    CHECK(at(s) == "t.target");
    CHECK(has_trace(s, TraceKind::jumped, "'jump' went to t.target"));
}

TEST_CASE("goto SCRIPT.NODE continues in the other script without a call") {
    const char* other = R"(
script: other
version: 1
slots:
  o: {type: boolean}
start: begin
nodes:
  begin:
    say: Not said when jumped past.
    next: mid
  mid:
    ask: In the other script?
    slot: o
    next: ret
  ret:
    end: return
)";
    SUBCASE("a return reached after the jump ends the session completed when nothing called") {
        Library lib = load_many({{"main.yaml", R"(
script: main
version: 1
start: jump
nodes:
  jump:
    goto: other.mid
)"},
                                 {"other.yaml", other}});
        Session s = lib.start("main");
        Turn t = s.next();
        CHECK(t.messages.empty());
        CHECK(t.prompt.script == "other");
        CHECK(t.prompt.node == "mid");
        CHECK(has_trace(s, TraceKind::jumped, "'jump' went to other.mid"));
        CHECK(s.reply("yes") == ReplyStatus::accepted);
        CHECK(s.outcome() == Outcome::completed);
    }
    SUBCASE("a return reached after the jump goes back to whoever called the jumping script") {
        Library lib = load_many({{"top.yaml", R"(
script: top
version: 1
slots:
  t: {type: boolean}
start: sub
nodes:
  sub:
    call: main
    next: after
  after:
    ask: Back in top?
    slot: t
    next: fin
  fin:
    end: resolved
)"},
                                 {"main.yaml", R"(
script: main
version: 1
start: jump
nodes:
  jump:
    goto: other.mid
)"},
                                 {"other.yaml", other}});
        Session s = lib.start("top");
        CHECK(at(s) == "other.mid");
        CHECK(s.reply("yes") == ReplyStatus::accepted);
        CHECK(at(s) == "top.after");
        CHECK(has_trace(s, TraceKind::returned, "script other returned to 'sub' in script top"));
        CHECK(s.reply("yes") == ReplyStatus::accepted);
        CHECK(s.outcome() == Outcome::resolved);
    }
}

TEST_CASE("next and on_fail targets in another script are jumps, not calls") {
    Library lib = load_many({{"main.yaml", R"(
script: main
version: 1
slots:
  q: {type: boolean}
  n: {type: number}
start: ask
nodes:
  ask:
    ask: Jump?
    slot: q
    next:
      - if: q
        goto: other.mid
      - goto: count
  count:
    ask: How many?
    slot: n
    max_attempts: 1
    on_fail: other.mid
    next: fin
  fin:
    end: resolved
)"},
                             {"other.yaml", R"(
script: other
version: 1
slots:
  o: {type: boolean}
start: begin
nodes:
  begin:
    say: Not said.
    next: mid
  mid:
    ask: In the other script?
    slot: o
    next: ret
  ret:
    end: return
)"}});
    Session s = lib.start("main");
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(at(s) == "other.mid");
    CHECK(s.next().messages.empty());
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::completed);  // nothing to return to

    Session f = lib.start("main");
    CHECK(f.reply("no") == ReplyStatus::accepted);
    CHECK(at(f) == "main.count");
    CHECK(f.reply("lots") == ReplyStatus::not_understood);
    CHECK(at(f) == "other.mid");
    CHECK(f.reply("no") == ReplyStatus::accepted);
    CHECK(f.outcome() == Outcome::completed);
}

// ---------------------------------------------------------------------------------------------
// branch conditions

namespace {

const char* condition_script = R"(
script: cond
version: 1
slots:
  n: {type: number}
  m: {type: number}
  c: {type: choice, choices: [red, green]}
  t: {type: text}
  b: {type: boolean}
  b2: {type: boolean}
start: test
nodes:
  test:
    next:
      - if: 'COND'
        goto: is_true
      - if: 'not (COND)'
        goto: is_false
      - goto: is_unknown
  is_true:
    end: resolved
  is_false:
    end: unresolved
  is_unknown:
    end: transferred
  act:
    instruct: Do it.
    action: x.do
    next: is_false
)";

// 'T' true, 'F' false, 'U' unknown, as the session's branches see the condition.
char truth(const std::string& condition, const parley::Facts& facts = {}, const std::vector<std::string>& done = {}) {
    std::string yaml = condition_script;
    replace_all(yaml, "COND", condition);
    auto lib = Library::parse(yaml, "cond.yaml");
    if (!lib.has_value())
        for (const auto& d : lib.diagnostics()) MESSAGE(parley::format(d));
    REQUIRE(lib.has_value());
    Session s = lib->start("cond", facts, done);
    REQUIRE(s.ended());
    switch (s.outcome()) {
    case Outcome::resolved: return 'T';
    case Outcome::unresolved: return 'F';
    case Outcome::transferred: return 'U';
    default: return '?';
    }
}

}  // namespace

TEST_CASE("conditions: number comparisons") {
    CHECK(truth("n == 3", {{"n", 3}}) == 'T');
    CHECK(truth("n == 3", {{"n", 4}}) == 'F');
    CHECK(truth("n != 3", {{"n", 4}}) == 'T');
    CHECK(truth("n != 3", {{"n", 3}}) == 'F');
    CHECK(truth("n < 3", {{"n", 2.5}}) == 'T');
    CHECK(truth("n < 3", {{"n", 3}}) == 'F');
    CHECK(truth("n <= 3", {{"n", 3}}) == 'T');
    CHECK(truth("n <= 3", {{"n", 3.5}}) == 'F');
    CHECK(truth("n > 3", {{"n", 3}}) == 'F');
    CHECK(truth("n > 3", {{"n", 4}}) == 'T');
    CHECK(truth("n >= 3", {{"n", 3}}) == 'T');
    CHECK(truth("n >= 3", {{"n", 2}}) == 'F');
    CHECK(truth("n > -1", {{"n", 0}}) == 'T');
    CHECK(truth("n == 2.5", {{"n", 2.5}}) == 'T');
    CHECK(truth("3 < n", {{"n", 4}}) == 'T');
    CHECK(truth("n < m", {{"n", 1}, {"m", 2}}) == 'T');
    CHECK(truth("n == m", {{"n", 1}, {"m", 2}}) == 'F');
}

TEST_CASE("conditions: choice, text and boolean comparisons") {
    CHECK(truth("c == \"red\"", {{"c", "red"}}) == 'T');
    CHECK(truth("c == \"red\"", {{"c", "green"}}) == 'F');
    CHECK(truth("c != \"red\"", {{"c", "green"}}) == 'T');
    CHECK(truth("t == \"hello there\"", {{"t", "hello there"}}) == 'T');
    CHECK(truth("t == \"hello there\"", {{"t", "hello"}}) == 'F');
    CHECK(truth("t != \"hello\"", {{"t", "bye"}}) == 'T');
    CHECK(truth("b", {{"b", true}}) == 'T');
    CHECK(truth("b", {{"b", false}}) == 'F');
    CHECK(truth("b == true", {{"b", true}}) == 'T');
    CHECK(truth("b == false", {{"b", true}}) == 'F');
    CHECK(truth("b != false", {{"b", true}}) == 'T');
    CHECK(truth("b == b2", {{"b", true}, {"b2", true}}) == 'T');
    CHECK(truth("true") == 'T');
    CHECK(truth("false") == 'F');
}

TEST_CASE("conditions: and, or, not, precedence and parentheses") {
    CHECK(truth("b and b2", {{"b", true}, {"b2", true}}) == 'T');
    CHECK(truth("b and b2", {{"b", true}, {"b2", false}}) == 'F');
    CHECK(truth("b or b2", {{"b", false}, {"b2", true}}) == 'T');
    CHECK(truth("b or b2", {{"b", false}, {"b2", false}}) == 'F');
    CHECK(truth("not b", {{"b", false}}) == 'T');
    CHECK(truth("not not b", {{"b", true}}) == 'T');
    // comparisons bind tightest, then not, then and, then or
    CHECK(truth("not n == 3 or b and b2", {{"n", 3}, {"b", true}, {"b2", true}}) == 'T');
    CHECK(truth("not n == 3 or b and b2", {{"n", 3}, {"b", true}, {"b2", false}}) == 'F');
    CHECK(truth("not n == 3 or b and b2", {{"n", 4}, {"b", false}, {"b2", false}}) == 'T');
    CHECK(truth("b or b2 and n > 5", {{"n", 1}, {"b", true}, {"b2", true}}) == 'T');
    CHECK(truth("(b or b2) and n > 5", {{"n", 1}, {"b", true}, {"b2", true}}) == 'F');
    CHECK(truth("not (b and b2)", {{"b", true}, {"b2", false}}) == 'T');
    CHECK(truth("b and (b2 or n > 1)", {{"n", 2}, {"b", true}, {"b2", false}}) == 'T');
    CHECK(truth("c == \"red\" or c == \"green\"", {{"c", "green"}}) == 'T');
}

TEST_CASE("conditions: known() and done() are never unknown") {
    CHECK(truth("known(n)") == 'F');
    CHECK(truth("known(n)", {{"n", 0}}) == 'T');
    CHECK(truth("not known(n)") == 'T');
    CHECK(truth("done(x.do)") == 'F');
    CHECK(truth("done(x.do)", {}, {"x.do"}) == 'T');
    CHECK(truth("not done(x.do)") == 'T');
    CHECK(truth("known(b) and b") == 'F');
    CHECK(truth("not (known(b) and b)") == 'T');
    CHECK(truth("not (known(b) and b)", {{"b", false}}) == 'T');
    CHECK(truth("not (known(b) and b)", {{"b", true}}) == 'F');
}

TEST_CASE("conditions: an unknown slot makes a comparison unknown (three-valued logic)") {
    CHECK(truth("n >= 2") == 'U');
    CHECK(truth("n < 2") == 'U');
    CHECK(truth("n == 3") == 'U');
    CHECK(truth("n != 3") == 'U');
    CHECK(truth("n < m", {{"n", 1}}) == 'U');
    CHECK(truth("c == \"red\"") == 'U');
    CHECK(truth("c != \"red\"") == 'U');
    CHECK(truth("t == \"x\"") == 'U');
    CHECK(truth("b") == 'U');
    CHECK(truth("b == true") == 'U');
    CHECK(truth("not b") == 'U');
    CHECK(truth("not n > 1") == 'U');
    CHECK(truth("not not b") == 'U');
    // and: false dominates; or: true dominates
    CHECK(truth("b and b2", {{"b", true}}) == 'U');
    CHECK(truth("b and b2", {{"b", false}}) == 'F');
    CHECK(truth("b2 and b", {{"b", false}}) == 'F');
    CHECK(truth("b or b2", {{"b", true}}) == 'T');
    CHECK(truth("b2 or b", {{"b", true}}) == 'T');
    CHECK(truth("b or b2", {{"b", false}}) == 'U');
    CHECK(truth("b or b2") == 'U');
    CHECK(truth("b and b2") == 'U');
    CHECK(truth("known(n) or n > 1") == 'U');
    CHECK(truth("known(n) and n > 1") == 'F');
}

TEST_CASE("conditions: with an unknown slot, neither side of a comparison is taken and the next entry decides") {
    Library lib = load_one(R"(
script: t
version: 1
slots:
  years: {type: number}
start: tenure
nodes:
  tenure:
    next:
      - if: years >= 2
        goto: loyal
      - if: years < 2
        goto: new
      - goto: unknown
  loyal:
    end: retained
  new:
    end: cancelled
  unknown:
    end: unresolved
)");
    CHECK(lib.start("t").outcome() == Outcome::unresolved);
    CHECK(lib.start("t", {{"years", 2}}).outcome() == Outcome::retained);
    CHECK(lib.start("t", {{"years", 1}}).outcome() == Outcome::cancelled);
}

TEST_CASE("branch: no entry taken ends the session escalated, with a fault in the trace") {
    Library lib = load_one(R"(
script: t
version: 1
slots:
  n: {type: number}
start: pick
nodes:
  pick:
    next:
      - if: n > 1
        goto: fin
      - if: n <= 1
        goto: fin
  fin:
    end: resolved
)");
    Session s = lib.start("t");
    CHECK(s.ended());
    CHECK(s.outcome() == Outcome::escalated);
    Turn t = s.next();
    CHECK(t.ended());
    CHECK(t.prompt.outcome == Outcome::escalated);
    CHECK(t.prompt.node == "pick");
    CHECK_FALSE(t.prompt.text.empty());  // the engine's hand-off text
    CHECK(has_trace(s, TraceKind::fault, "no branch of 'pick' matched; escalating to a person"));
    CHECK(s.summary().node == "pick");
    CHECK(lib.start("t", {{"n", 5}}).outcome() == Outcome::resolved);
}

TEST_CASE("a loop without any prompt ends escalated instead of hanging") {
    Library lib = load_one(R"(
script: t
version: 1
start: a
nodes:
  a:
    next: b
  b:
    say: Round we go.
    next: a
)");
    Session s = lib.start("t");
    CHECK(s.ended());
    CHECK(s.outcome() == Outcome::escalated);
    auto faults = trace_of(s, TraceKind::fault);
    REQUIRE(faults.size() == 1);
    CHECK(faults[0].find("went round without asking anything") != std::string::npos);
}

TEST_CASE("a loop without any prompt reached after a reply also ends escalated") {
    Library lib = load_one(R"(
script: t
version: 1
slots:
  q: {type: boolean}
start: ask
nodes:
  ask:
    ask: Go?
    slot: q
    next: a
  a:
    next: b
  b:
    goto: a
)");
    Session s = lib.start("t");
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::escalated);
    CHECK(trace_of(s, TraceKind::fault).size() == 1);
}

TEST_CASE("call cycles end escalated instead of hanging") {
    SUBCASE("a calls b, b jumps back into a, which calls b again") {
        // Not a call cycle by the script format's rule (b only jumps), but it nests calls forever.
        Library lib = load_many({{"a.yaml", R"(
script: a
version: 1
start: call_b
nodes:
  call_b:
    call: b
    next: fin
  fin:
    end: resolved
)"},
                                 {"b.yaml", R"(
script: b
version: 1
start: again
nodes:
  again:
    goto: a.call_b
)"}});
        Session s = lib.start("a");
        CHECK(s.ended());
        CHECK(s.outcome() == Outcome::escalated);
        CHECK(trace_of(s, TraceKind::fault).size() == 1);
        CHECK(s.next().ended());
    }
    SUBCASE("a calls b calls a: loads, and escalates when the calls nest too deep") {
        // docs/format.md 12: a script may call itself, directly or through others.
        Library lib = load_many({{"a.yaml", R"(
script: a
version: 1
start: call_b
nodes:
  call_b:
    call: b
    next: fin
  fin:
    end: resolved
)"},
                                 {"b.yaml", R"(
script: b
version: 1
start: call_a
nodes:
  call_a:
    call: a
    next: fin
  fin:
    end: resolved
)"}});
        Session s = lib.start("a");
        CHECK(s.outcome() == Outcome::escalated);
        auto faults = trace_of(s, TraceKind::fault);
        REQUIRE(faults.size() == 1);
        CHECK(faults[0].find("calls nested too deep") != std::string::npos);
        CHECK(trace_of(s, TraceKind::called).size() == 16);
    }
    SUBCASE("a script that calls itself") {
        Library lib = load_one(R"(
script: t
version: 1
slots:
  q: {type: boolean}
start: ask
nodes:
  ask:
    ask: Once?
    slot: q
    next: again
  again:
    call: t
    next: fin
  fin:
    end: resolved
)");
        Session s = lib.start("t");
        CHECK(s.reply("yes") == ReplyStatus::accepted);  // later rounds skip the question
        CHECK(s.outcome() == Outcome::escalated);
        CHECK(trace_of(s, TraceKind::fault).size() == 1);
    }
}

namespace {
// Script sK calls s(K+1); the last one returns.
std::vector<std::pair<std::string, std::string>> call_chain(int scripts) {
    std::vector<std::pair<std::string, std::string>> files;
    for (int k = 0; k < scripts; ++k) {
        std::string name = "s" + std::to_string(k);
        std::string yaml = "script: " + name + "\nversion: 1\nstart: go\nnodes:\n";
        if (k + 1 < scripts)
            yaml += "  go:\n    call: s" + std::to_string(k + 1) + "\n    next: back\n  back:\n    end: return\n";
        else
            yaml += "  go:\n    end: return\n";
        files.emplace_back(name + ".yaml", yaml);
    }
    return files;
}
}  // namespace

TEST_CASE("call: 16 calls may wait to return; a 17th nested call escalates") {
    Session ok = load_many(call_chain(17)).start("s0");  // s0 .. s15 each wait for one call
    CHECK(ok.outcome() == Outcome::completed);
    CHECK(trace_of(ok, TraceKind::called).size() == 16);
    CHECK(trace_of(ok, TraceKind::returned).size() == 16);

    Session deep = load_many(call_chain(18)).start("s0");
    CHECK(deep.outcome() == Outcome::escalated);
    CHECK(has_trace(deep, TraceKind::fault, "calls nested too deep at 'go'; escalating to a person"));
    CHECK(deep.summary().script == "s16");
}

// ---------------------------------------------------------------------------------------------
// lookup

namespace {
const char* lookup_script = R"(
script: t
version: 1
slots:
  outage.known: {type: boolean}
start: outage
nodes:
  outage:
    lookup: outage.status
    slot: outage.known
    next:
      - if: outage.known
        goto: down
      - goto: fine
  down:
    end: unresolved
  fine:
    end: resolved
)";
}

TEST_CASE("lookup: the prompt asks the host for a key and a slot") {
    Library lib = load_one(lookup_script);
    Session s = lib.start("t");
    Turn t = s.next();
    CHECK(t.prompt.kind == Utterance::Kind::lookup);
    CHECK(t.prompt.node == "outage");
    CHECK(t.prompt.lookup == "outage.status");
    CHECK(t.prompt.slot == "outage.known");
    CHECK(has_trace(s, TraceKind::asked, "asked 'outage' for outage.known"));
}

TEST_CASE("lookup: answered by fill()") {
    Library lib = load_one(lookup_script);
    Session s = lib.start("t");
    s.fill("outage.known", true);
    CHECK(s.ended());
    CHECK(s.outcome() == Outcome::unresolved);
    CHECK(s.get("outage.known") == Value(true));
    CHECK(s.turn() == 0);  // the host is not a customer turn
    CHECK(s.why("outage.known") == "outage.known = true: given by the host at turn 0 (at 'outage' in script t)");

    Session s2 = lib.start("t");
    s2.fill("outage.known", "no");  // text is parsed as a reply would be
    CHECK(s2.outcome() == Outcome::resolved);
    CHECK(s2.get("outage.known") == Value(false));
}

TEST_CASE("lookup: answered by reply() text") {
    Library lib = load_one(lookup_script);
    Session s = lib.start("t");
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::unresolved);
    auto sum = s.summary();
    REQUIRE(sum.facts.size() == 1);
    CHECK(sum.facts[0].slot == "outage.known");
    CHECK(sum.facts[0].source == parley::Source::host);
    CHECK(sum.facts[0].node == "outage");
}

TEST_CASE("lookup: skipped when the slot is known") {
    Library lib = load_one(lookup_script);
    Session s = lib.start("t", {{"outage.known", false}});
    CHECK(s.outcome() == Outcome::resolved);
    CHECK(has_trace(s, TraceKind::skipped, "skipped outage: outage.known known (pre-filled by the host)"));
}

TEST_CASE("lookup: an answer that does not fit the slot is a bad reply") {
    // docs/format.md 6.6: read like a customer's reply, with hint, max_attempts and on_fail.
    Library lib = load_one(lookup_script);
    Session s = lib.start("t");
    CHECK(s.reply("the billing system is offline") == ReplyStatus::not_understood);
    Turn t = s.next();
    CHECK(t.prompt.kind == Utterance::Kind::lookup);
    CHECK(t.prompt.node == "outage");
    CHECK(t.prompt.attempt == 2);
    CHECK_FALSE(t.prompt.hint.empty());
    CHECK_FALSE(s.known("outage.known"));
    CHECK(s.reply("") == ReplyStatus::not_understood);
    CHECK(s.reply("?") == ReplyStatus::not_understood);
    CHECK(s.outcome() == Outcome::escalated);
    CHECK_FALSE(s.known("outage.known"));
}

TEST_CASE("lookup: with max_attempts: 1 and on_fail, an empty answer moves the script on at once") {
    Library lib = load_one(R"(
script: t
version: 1
slots:
  outage.known: {type: boolean}
start: outage
nodes:
  outage:
    lookup: outage.status
    slot: outage.known
    max_attempts: 1
    on_fail: no_answer
    next: fin
  no_answer:
    say: I can't see the outage board right now.
    next: fin
  fin:
    end: unresolved
)");
    Session s = lib.start("t");
    CHECK(s.reply("") == ReplyStatus::not_understood);
    CHECK(s.outcome() == Outcome::unresolved);
    CHECK_FALSE(s.known("outage.known"));
    Turn t = s.next();
    REQUIRE(t.messages.size() == 1);
    CHECK(t.messages[0].node == "no_answer");
    CHECK(has_trace(s, TraceKind::gave_up, "gave up on 'outage' after unclear replies; going to 'no_answer'"));
}

TEST_CASE("offer: max_attempts and on_fail work as on a question") {
    Library lib = load_one(R"(
script: t
version: 1
slots:
  took: {type: boolean}
start: o
nodes:
  o:
    offer: Half price?
    kind: upsell
    slot: took
    hint: Just yes or no, please.
    max_attempts: 2
    on_fail: skip
    next: fin
  skip:
    say: Let's leave that.
    next: fin
  fin:
    end: resolved
)");
    Session s = lib.start("t");
    CHECK(s.reply("hmm") == ReplyStatus::not_understood);
    CHECK(s.next().prompt.hint == "Just yes or no, please.");
    CHECK(s.reply("hmm") == ReplyStatus::not_understood);
    CHECK(s.outcome() == Outcome::resolved);
    CHECK_FALSE(s.known("took"));
    REQUIRE(s.summary().offers.size() == 1);
    CHECK_FALSE(s.summary().offers[0].accepted.has_value());
}

// ---------------------------------------------------------------------------------------------
// end outcomes

TEST_CASE("end: each outcome ends the session with that outcome and its closing text") {
    struct Case {
        const char* name;
        Outcome outcome;
    };
    for (Case c : {Case{"resolved", Outcome::resolved}, Case{"cancelled", Outcome::cancelled},
                   Case{"retained", Outcome::retained}, Case{"escalated", Outcome::escalated},
                   Case{"transferred", Outcome::transferred}, Case{"unresolved", Outcome::unresolved}}) {
        CAPTURE(c.name);
        std::string yaml = R"(
script: t
version: 1
slots:
  q: {type: boolean}
start: q
nodes:
  q:
    ask: Ready?
    slot: q
    next: fin
  fin:
    end: OUTCOME
    say: Closing for OUTCOME.
)";
        replace_all(yaml, "OUTCOME", c.name);
        Library lib = load_one(yaml);
        Session s = lib.start("t");
        CHECK_FALSE(s.ended());
        CHECK(s.outcome() == Outcome::none);
        CHECK(s.reply("yes") == ReplyStatus::accepted);
        CHECK(s.ended());
        CHECK(s.outcome() == c.outcome);
        CHECK(std::string(parley::to_string(s.outcome())) == c.name);
        Turn t = s.next();
        CHECK(t.ended());
        CHECK(t.prompt.kind == Utterance::Kind::end);
        CHECK(t.prompt.outcome == c.outcome);
        CHECK(t.prompt.node == "fin");
        CHECK(t.prompt.text == std::string("Closing for ") + c.name + ".");
        CHECK(s.summary().outcome == c.outcome);
        CHECK(has_trace(s, TraceKind::ended, std::string("ended at 'fin' with outcome ") + c.name));
        CHECK(s.trace().back().kind == TraceKind::ended);
    }
}

TEST_CASE("end: without a say the closing text is empty") {
    Library lib = load_one(R"(
script: t
version: 1
start: fin
nodes:
  fin:
    end: resolved
)");
    Session s = lib.start("t");
    CHECK(s.outcome() == Outcome::resolved);
    CHECK(s.next().prompt.text.empty());
    CHECK(s.turn() == 0);
}
