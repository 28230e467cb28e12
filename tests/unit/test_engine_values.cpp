// A session keeps each fact in 24 bytes: its value packed by type, a text in the session's one text
// buffer. Every type must come back as it went in: read, rendered, in the history, after a snapshot,
// and after the buffer is compacted.
#include <doctest/doctest.h>
#include <parley/parley.hpp>

#include <cmath>
#include <sstream>
#include <string>

#include "support.hpp"

using parley::Session;
using parley::Value;
using test_support::load_one;

namespace {

const char* values_script = R"yaml(
script: v
version: 1
slots:
  flag: {type: boolean}
  colour: {type: choice, choices: [green, orange, "off"]}
  amount: {type: number}
  note: {type: text}
  other: {type: text}
start: ask_note
nodes:
  ask_note:
    ask: "Note? ({flag} {colour} {amount} {note})"
    slot: note
    next: ask_other
  ask_other:
    ask: "Other? {note} / {other}"
    slot: other
    next: fin
  fin:
    end: resolved
)yaml";

void check_values(const Session& s, const std::string& note) {
    CAPTURE(note);
    REQUIRE(s.get("flag"));
    CHECK(s.get("flag")->as_boolean());
    CHECK(s.get("colour")->as_text() == "off");
    CHECK(s.get("amount")->as_number() == -2.5e-300);
    CHECK(s.get("note")->as_text() == note);
    CHECK(s.why("colour").rfind("colour = off:", 0) == 0);
}

}  // namespace

TEST_CASE("values: every type round-trips through a fact, the history, a snapshot and a compaction") {
    parley::Library lib = load_one(values_script);
    const std::string long_note(300, 'x');
    Session s = lib.start("v", {{"flag", true}, {"colour", "off"}, {"amount", -2.5e-300}, {"note", "caf\xc3\xa9 \"quoted\""}});
    check_values(s, "caf\xc3\xa9 \"quoted\"");
    CHECK(s.next().prompt.node == "ask_other");
    CHECK(s.next().prompt.text == "Other? caf\xc3\xa9 \"quoted\" / {other}");
    // Replaced many times over: the history keeps the first values replaced (the others are dead text,
    // reclaimed as the buffer is compacted); the current value and the other facts stay exact.
    for (int i = 0; i < 300; ++i) s.fill("note", long_note + std::to_string(i));
    check_values(s, long_note + "299");
    parley::Summary sum = s.summary();
    REQUIRE(sum.answers.size() == 4 + parley::Summary::past_answers_kept);
    CHECK(sum.answers_dropped == 300 - parley::Summary::past_answers_kept);
    int earlier = 0;
    for (const auto& a : sum.answers)
        if (a.slot == "note" && a.status == parley::Summary::AnswerStatus::superseded)
            CHECK(a.value.as_text() == (earlier++ == 0 ? "caf\xc3\xa9 \"quoted\"" : long_note + std::to_string(earlier - 2)));
    // Through a snapshot, and on: the restored session holds the same, and takes a reply as well.
    auto restored = lib.restore(s.snapshot());
    REQUIRE(restored.has_value());
    check_values(*restored, long_note + "299");
    std::ostringstream a, b;
    a << s.summary();
    b << restored->summary();
    CHECK(a.str() == b.str());
    CHECK(restored->reply("second note") == parley::ReplyStatus::accepted);
    CHECK(restored->get("other")->as_text() == "second note");
    CHECK(restored->snapshot() != s.snapshot());
    // A copy holds its own text: changing one leaves the other.
    Session copy = *restored;
    copy.fill("note", "changed");
    CHECK(copy.get("note")->as_text() == "changed");
    check_values(*restored, long_note + "299");
}

TEST_CASE("values: a number, a choice and a boolean keep their exact value through a snapshot") {
    parley::Library lib = load_one(values_script);
    for (double n : {0.0, -0.0, 1.0, -1.0, 0.1, 9007199254740993.0, 1e300, -2.2250738585072014e-308}) {
        CAPTURE(n);
        Session s = lib.start("v", {{"flag", false}, {"colour", "green"}, {"amount", n}});
        auto restored = lib.restore(s.snapshot());
        REQUIRE(restored.has_value());
        double back = restored->get("amount")->as_number();
        CHECK(back == n);
        CHECK(std::signbit(back) == std::signbit(n));
        CHECK_FALSE(restored->get("flag")->as_boolean());
        CHECK(restored->get("colour")->as_text() == "green");
    }
}
