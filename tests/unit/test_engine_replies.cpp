// Engine tests of the customer's replies: how each prompt type reads them, and what happens
// when a reply can't be understood.
#include <doctest/doctest.h>
#include <parley/parley.hpp>

#include "support.hpp"

#include <optional>
#include <string>
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

// One question about `slot`, then the end.
const char* typed_script = R"(
script: r
version: 1
slots:
  flag: {type: boolean}
  colour:
    type: choice
    choices: [green, orange, "off", not_sure]
  rooms: {type: number, min: 0, max: 20}
  years: {type: number, min: 0}
  debt: {type: number}
  note: {type: text}
start: begin
nodes:
  begin:
    next:
      - if: known(flag)
        goto: colour_q
      - goto: flag_q
  flag_q:
    ask: Yes or no?
    slot: flag
    next: fin
  colour_q:
    ask: Which colour?
    slot: colour
    next: fin
  fin:
    end: resolved
)";

// Starts a session at the question for `slot`, replies `text`, and returns the session.
struct Asked {
    ReplyStatus status;
    std::optional<Value> value;
};

Asked ask_once(const std::string& type_decl, const std::string& text) {
    std::string yaml = R"(
script: r
version: 1
slots:
  s: TYPE
start: q
nodes:
  q:
    ask: The question?
    slot: s
    next: fin
  fin:
    end: resolved
)";
    yaml.replace(yaml.find("TYPE"), 4, type_decl);
    auto lib = Library::parse(yaml, "r.yaml");
    if (!lib.has_value())
        for (const auto& d : lib.diagnostics()) MESSAGE(parley::format(d));
    REQUIRE(lib.has_value());
    Session s = lib->start("r");
    ReplyStatus st = s.reply(text);
    if (st == ReplyStatus::accepted) REQUIRE(s.outcome() == Outcome::resolved);
    else REQUIRE(s.next().prompt.node == "q");
    return {st, s.get("s")};
}

const char* boolean_type = "{type: boolean}";
const char* choice_type = "{type: choice, choices: [green, orange, \"off\", not_sure]}";
const char* bounded_type = "{type: number, min: 0, max: 20}";
const char* min_type = "{type: number, min: 1}";
const char* number_type = "{type: number}";
const char* text_type = "{type: text}";

}  // namespace

// ---------------------------------------------------------------------------------------------
// what each type accepts

TEST_CASE("replies: booleans") {
    for (const char* yes : {"yes", "y", "yeah", "yep", "Yes", "YES", "yEs", "Yes.", "yes!", "yes?", "  yes  ", "Yep!",
                            "yes please", "sure", "ok", "Okay.", "correct", "true"}) {
        CAPTURE(yes);
        Asked a = ask_once(boolean_type, yes);
        CHECK(a.status == ReplyStatus::accepted);
        CHECK(a.value == std::optional<Value>(Value(true)));
    }
    for (const char* no : {"no", "n", "nope", "nah", "No", "NO", "Nope.", "nah!", " no ", "no thanks", "Not really.",
                           "false", "incorrect"}) {
        CAPTURE(no);
        Asked a = ask_once(boolean_type, no);
        CHECK(a.status == ReplyStatus::accepted);
        CHECK(a.value == std::optional<Value>(Value(false)));
    }
    for (const char* bad : {"", " ", "maybe", "yes no", "1", "0", "yess", "!", "green"}) {
        CAPTURE(bad);
        Asked a = ask_once(boolean_type, bad);
        CHECK(a.status == ReplyStatus::not_understood);
        CHECK_FALSE(a.value.has_value());
    }
}

TEST_CASE("replies: choices, in any case, and by their number in the list") {
    struct Case {
        const char* reply;
        const char* value;
    };
    for (Case c : {Case{"green", "green"}, Case{"Green", "green"}, Case{"ORANGE", "orange"}, Case{"orange.", "orange"},
                   Case{" off ", "off"}, Case{"OFF", "off"}, Case{"not_sure", "not_sure"}, Case{"Not sure", "not_sure"},
                   Case{"1", "green"}, Case{"2", "orange"}, Case{"3", "off"}, Case{"4", "not_sure"}}) {
        CAPTURE(c.reply);
        Asked a = ask_once(choice_type, c.reply);
        CHECK(a.status == ReplyStatus::accepted);
        CHECK(a.value == std::optional<Value>(Value(c.value)));
    }
    for (const char* bad : {"purple", "0", "5", "1.5", "-1", "gree", "green orange", ""}) {
        CAPTURE(bad);
        Asked a = ask_once(choice_type, bad);
        CHECK(a.status == ReplyStatus::not_understood);
        CHECK_FALSE(a.value.has_value());
    }
}

TEST_CASE("replies: numbers within min and max") {
    struct Case {
        const char* reply;
        double value;
    };
    for (Case c : {Case{"3", 3}, Case{"0", 0}, Case{"20", 20}, Case{"2.5", 2.5}, Case{" 7 ", 7}, Case{"7.", 7}}) {
        CAPTURE(c.reply);
        Asked a = ask_once(bounded_type, c.reply);
        CHECK(a.status == ReplyStatus::accepted);
        CHECK(a.value == std::optional<Value>(Value(c.value)));
    }
    for (const char* bad : {"21", "20.5", "-1", "-0.5", "three", "3 rooms", "", "about 3"}) {
        CAPTURE(bad);
        Asked a = ask_once(bounded_type, bad);
        CHECK(a.status == ReplyStatus::not_understood);
        CHECK_FALSE(a.value.has_value());
    }
    CHECK(ask_once(min_type, "1000000").status == ReplyStatus::accepted);
    CHECK(ask_once(min_type, "0.5").status == ReplyStatus::not_understood);
    CHECK(ask_once(number_type, "-12.25").value == std::optional<Value>(Value(-12.25)));
    CHECK(ask_once(number_type, "+2").value == std::optional<Value>(Value(2)));
    CHECK(ask_once(number_type, "1e3").value == std::optional<Value>(Value(1000)));
    CHECK(ask_once(number_type, "1,000").status == ReplyStatus::not_understood);
    CHECK(ask_once(number_type, "5 GB").status == ReplyStatus::not_understood);
    CHECK(ask_once(number_type, "nan").status == ReplyStatus::not_understood);
    CHECK(ask_once(number_type, "inf").status == ReplyStatus::not_understood);
}

TEST_CASE("replies: text") {
    Asked a = ask_once(text_type, "Moving to Spain");
    CHECK(a.status == ReplyStatus::accepted);
    CHECK(a.value == std::optional<Value>(Value("Moving to Spain")));
    CHECK(ask_once(text_type, "  padded  ").value == std::optional<Value>(Value("padded")));
    CHECK(ask_once(text_type, "").status == ReplyStatus::not_understood);
    CHECK(ask_once(text_type, "   ").status == ReplyStatus::not_understood);
}

TEST_CASE("replies: one longer than 8 KiB is not read (docs/robustness.md, Limits)") {
    // A session keeps a text slot's values and their history: 240 replies of 20 MB took it past 4 GB.
    std::string most(8 * 1024, 'a'), over(8 * 1024 + 1, 'a');
    Asked kept = ask_once(text_type, most);
    CHECK(kept.status == ReplyStatus::accepted);
    CHECK(kept.value == std::optional<Value>(Value(most)));
    Asked refused = ask_once(text_type, over);
    CHECK(refused.status == ReplyStatus::not_understood);
    CHECK_FALSE(refused.value);
}

TEST_CASE("replies: text is stored without its trailing . ! or ?") {
    // docs/format.md 4.2
    CHECK(ask_once(text_type, "Is 5G available?").value == std::optional<Value>(Value("Is 5G available")));
    CHECK(ask_once(text_type, "Too expensive!!").value == std::optional<Value>(Value("Too expensive")));
    CHECK(ask_once(text_type, "Moving. To Spain.").value == std::optional<Value>(Value("Moving. To Spain")));
    CHECK(ask_once(text_type, "?!").status == ReplyStatus::not_understood);
}

// ---------------------------------------------------------------------------------------------
// bad replies

namespace {
const char* retry_script = R"(
script: r
version: 1
slots:
  a: {type: boolean}
  b: {type: boolean}
  colour: {type: choice, choices: [green, orange, "off"]}
  rooms: {type: number, min: 1, max: 20}
start: first
nodes:
  first:
    ask: First?
    slot: a
    next: second
  second:
    ask: Second?
    slot: b
    next: colour_q
  colour_q:
    ask: Which colour?
    slot: colour
    hint: Please say green, orange, or off.
    next: rooms_q
  rooms_q:
    ask: How many rooms?
    slot: rooms
    max_attempts: 2
    on_fail: fallback
    next: fin
  fallback:
    say: Let's move on.
    next: fin
  fin:
    end: resolved
)";
}

TEST_CASE("bad reply: not understood, the same prompt again with a hint and the next attempt") {
    Library lib = load_one(retry_script);
    Session s = lib.start("r");
    CHECK(s.reply("maybe") == ReplyStatus::not_understood);
    Turn t = s.next();
    CHECK(t.prompt.kind == Utterance::Kind::ask);
    CHECK(t.prompt.node == "first");
    CHECK(t.prompt.text == "First?");
    CHECK(t.prompt.attempt == 2);
    CHECK_FALSE(t.prompt.hint.empty());
    CHECK(t.prompt.hint.find("yes") != std::string::npos);
    CHECK(s.turn() == 1);
    CHECK(has_trace(s, TraceKind::not_understood, "did not understand the reply to 'first' (attempt 1)"));

    CHECK(s.reply("perhaps") == ReplyStatus::not_understood);
    t = s.next();
    CHECK(t.prompt.node == "first");
    CHECK(t.prompt.attempt == 3);
    CHECK(has_trace(s, TraceKind::not_understood, "did not understand the reply to 'first' (attempt 2)"));

    CHECK(s.reply("yes") == ReplyStatus::accepted);
    t = s.next();
    CHECK(t.prompt.node == "second");
    CHECK(t.prompt.attempt == 1);
    CHECK(t.prompt.hint.empty());
    CHECK(s.turn() == 3);
}

TEST_CASE("bad reply: the default hint says what is expected") {
    Library lib = load_one(retry_script);
    Session s = lib.start("r", {{"a", true}, {"b", true}, {"colour", "green"}});
    CHECK(s.next().prompt.node == "rooms_q");
    CHECK(s.reply("many") == ReplyStatus::not_understood);
    const std::string hint = s.next().prompt.hint;
    CHECK(hint.find("number") != std::string::npos);
    CHECK(hint.find("1") != std::string::npos);
    CHECK(hint.find("20") != std::string::npos);
}

TEST_CASE("bad reply: a custom hint is said instead") {
    Library lib = load_one(retry_script);
    Session s = lib.start("r", {{"a", true}, {"b", false}});
    CHECK(s.next().prompt.node == "colour_q");
    CHECK(s.next().prompt.hint.empty());
    CHECK(s.reply("purple") == ReplyStatus::not_understood);
    Turn t = s.next();
    CHECK(t.prompt.hint == "Please say green, orange, or off.");
    CHECK(t.prompt.text == "Which colour?");
    CHECK(t.prompt.attempt == 2);
}

TEST_CASE("bad reply: after max_attempts (default 3) with no on_fail the session ends escalated") {
    Library lib = load_one(retry_script);
    Session s = lib.start("r");
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.reply("one") == ReplyStatus::not_understood);
    CHECK(s.reply("two") == ReplyStatus::not_understood);
    CHECK_FALSE(s.ended());
    CHECK(s.reply("three") == ReplyStatus::not_understood);
    CHECK(s.ended());
    CHECK(s.outcome() == Outcome::escalated);
    CHECK(s.turn() == 4);
    Turn t = s.next();
    CHECK(t.ended());
    CHECK(t.prompt.outcome == Outcome::escalated);
    CHECK(t.prompt.node == "second");
    CHECK_FALSE(t.prompt.text.empty());  // the engine's hand-off text
    CHECK(has_trace(s, TraceKind::gave_up, "gave up on 'second' after unclear replies; no on_fail"));
    bool by_policy = false;
    for (const auto& e : s.trace()) by_policy = by_policy || (e.kind == TraceKind::policy && e.policy == "max_attempts");
    CHECK(by_policy);
    // nothing remembered is lost
    CHECK(s.get("a") == Value(true));
    CHECK(s.why("a") == "a = true: answered at turn 1 to 'first' in script r");
    CHECK_FALSE(s.known("b"));
    CHECK(s.reply("yes") == ReplyStatus::no_question);
    CHECK(s.turn() == 4);
}

TEST_CASE("bad reply: a node's max_attempts and on_fail") {
    Library lib = load_one(retry_script);
    Session s = lib.start("r", {{"a", false}, {"b", false}, {"colour", "off"}});
    CHECK(s.next().prompt.node == "rooms_q");
    CHECK(s.reply("lots") == ReplyStatus::not_understood);
    CHECK(s.next().prompt.node == "rooms_q");
    CHECK(s.next().prompt.attempt == 2);
    CHECK(s.reply("25") == ReplyStatus::not_understood);
    CHECK(s.ended());
    CHECK(s.outcome() == Outcome::resolved);
    CHECK_FALSE(s.known("rooms"));
    CHECK(has_trace(s, TraceKind::gave_up, "gave up on 'rooms_q' after unclear replies; going to 'fallback'"));
    Turn t = s.next();
    REQUIRE(t.messages.size() == 1);
    CHECK(t.messages[0].text == "Let's move on.");
    // the pre-filled facts are all still there
    CHECK(s.get("a") == Value(false));
    CHECK(s.get("colour") == Value("off"));
}

TEST_CASE("bad reply: max_attempts: 1 gives up on the first bad reply") {
    Library lib = load_one(R"(
script: r
version: 1
slots:
  a: {type: boolean}
start: q
nodes:
  q:
    ask: Yes or no?
    slot: a
    max_attempts: 1
    next: fin
  fin:
    end: resolved
)");
    Session s = lib.start("r");
    CHECK(s.reply("dunno") == ReplyStatus::not_understood);
    CHECK(s.outcome() == Outcome::escalated);
}

TEST_CASE("bad reply: the count starts again each time the session arrives at the node") {
    Library lib = load_one(R"(
script: r
version: 1
slots:
  a: {type: boolean}
  again: {type: boolean}
start: q
nodes:
  q:
    ask: Yes or no?
    slot: a
    max_attempts: 2
    next: more
  more:
    ask: Again?
    slot: again
    next:
      - if: again
        goto: reset
      - goto: fin
  reset:
    forget: [a, again]
    next: q
  fin:
    end: resolved
)");
    Session s = lib.start("r");
    CHECK(s.reply("eh") == ReplyStatus::not_understood);
    CHECK(s.next().prompt.attempt == 2);
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.reply("yes") == ReplyStatus::accepted);  // go round again
    Turn t = s.next();
    CHECK(t.prompt.node == "q");
    CHECK(t.prompt.attempt == 1);
    CHECK(t.prompt.hint.empty());
    CHECK(s.reply("eh") == ReplyStatus::not_understood);
    CHECK_FALSE(s.ended());  // one bad reply this time round, not two
    CHECK(s.reply("no") == ReplyStatus::accepted);
    CHECK(s.reply("no") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::resolved);
}

TEST_CASE("bad reply: an actions question gives up per its max_attempts and on_fail") {
    Library lib = load_one(R"(
script: r
version: 1
start: tried
nodes:
  tried:
    ask: Which have you tried?
    type: actions
    choices: [modem.restart, cables.check]
    hint: Say modem.restart, cables.check, or none.
    max_attempts: 2
    on_fail: restart
    next: restart
  restart:
    instruct: Restart the modem.
    action: modem.restart
    next: cables
  cables:
    instruct: Check the cables.
    action: cables.check
    next: fin
  fin:
    end: resolved
)");
    Session s = lib.start("r");
    CHECK(s.reply("I unplugged everything") == ReplyStatus::not_understood);
    CHECK(s.next().prompt.hint == "Say modem.restart, cables.check, or none.");
    CHECK(s.reply("the router") == ReplyStatus::not_understood);
    CHECK(s.next().prompt.node == "restart");
    CHECK_FALSE(s.done("modem.restart"));
    CHECK_FALSE(s.done("cables.check"));
}

TEST_CASE("replies: an offer accepts yes, accept, no and decline words only") {
    Library lib = load_one(R"(
script: r
version: 1
slots:
  took: {type: boolean}
start: o
nodes:
  o:
    offer: Half price for a year?
    kind: retention
    slot: took
    next: fin
  fin:
    end: resolved
)");
    for (const char* yes : {"yes", "Yes!", "accept", "ACCEPT", "yeah", "yep", "I'll take it", "deal", "accepted", "ok"}) {
        CAPTURE(yes);
        Session s = lib.start("r");
        CHECK(s.reply(yes) == ReplyStatus::accepted);
        CHECK(s.get("took") == Value(true));
    }
    for (const char* no : {"no", "No.", "decline", "Decline", "nope", "nah", "not interested", "No deal", "no thanks"}) {
        CAPTURE(no);
        Session s = lib.start("r");
        CHECK(s.reply(no) == ReplyStatus::accepted);
        CHECK(s.get("took") == Value(false));
    }
    for (const char* bad : {"", "maybe", "how much?", "green"}) {
        CAPTURE(bad);
        Session s = lib.start("r");
        CHECK(s.reply(bad) == ReplyStatus::not_understood);
        CHECK_FALSE(s.known("took"));
        CHECK_FALSE(s.next().prompt.hint.empty());
    }
}

TEST_CASE("reply after the end: no_question, and nothing changes") {
    Library lib = load_one(typed_script);
    Session s = lib.start("r");
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    REQUIRE(s.ended());
    const auto trace_size = s.trace().size();
    CHECK(s.reply("hello?") == ReplyStatus::no_question);
    CHECK(s.reply("yes") == ReplyStatus::no_question);
    CHECK(s.turn() == 1);
    CHECK(s.trace().size() == trace_size);
    CHECK(s.outcome() == Outcome::resolved);
    CHECK(s.get("flag") == Value(true));
}

TEST_CASE("reply to a session that ended before any question: no_question") {
    Library lib = load_one(typed_script);
    Session s = lib.start("r", {{"flag", true}, {"colour", "green"}});
    CHECK(s.ended());
    CHECK(s.reply("yes") == ReplyStatus::no_question);
    CHECK(s.turn() == 0);
}
