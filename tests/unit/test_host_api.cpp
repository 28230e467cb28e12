// The host's side of a session (issue 10): what a question expects (the slot catalog and
// Utterance::expects), the handoff's history (Summary::answers and steps, kept across snapshots),
// and control (try_fill, clear, the observer and the correlation id). Through the public API only.
#include <doctest/doctest.h>
#include <parley/parley.hpp>

#include "support.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using parley::Library;
using parley::ReplyStatus;
using parley::Session;
using parley::SlotType;
using parley::Summary;
using parley::TraceEntry;
using parley::TraceKind;
using parley::Value;

using test_support::load_one;

namespace {

const char* const modem_script = R"(
script: modem
version: 1
slots:
  modem.lights:
    type: choice
    choices: [green, orange, "off"]
    labels: {"off": No lights at all, orange: Orange or amber}
    description: Colour of the status lights.
  account.tenure_years: {type: number, min: 0, max: 100, prefill: true}
  customer.name: {type: text}
  service.working: {type: boolean}
  outage.known: {type: boolean}
start: outage
nodes:
  outage:
    lookup: outage.status
    slot: outage.known
    next: lights
  lights:
    ask: What colour are the lights?
    slot: modem.lights
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
      - goto: again
  again:
    instruct: Please restart it once more.
    action: modem.restart
    repeat: true
    reason: The first restart may not have picked up the line.
    forget: [service.working, modem.lights]
    next: lights_again
  lights_again:
    ask: And the lights now?
    slot: modem.lights
    next: check_again
  check_again:
    ask: Is it working now?
    slot: service.working
    next: fixed
  fixed:
    end: resolved
    say: Good.
)";

const Summary::Answer* find_answer(const Summary& s, const std::string& slot, Summary::AnswerStatus status) {
    for (const auto& a : s.answers)
        if (a.slot == slot && a.status == status) return &a;
    return nullptr;
}

}  // namespace

// ---- What a question expects ----------------------------------------------------------------

TEST_CASE("host api: the library lists its slots with type, choices and labels, bounds, description and prefill") {
    Library lib = load_one(modem_script);
    const auto& slots = lib.slots();
    REQUIRE(slots.size() == 5);
    const parley::SlotInfo* lights = lib.slot("modem.lights");
    REQUIRE(lights != nullptr);
    CHECK(lights->type == SlotType::choice);
    REQUIRE(lights->choices.size() == 3);
    CHECK(lights->choices[0].name == "green");
    CHECK(lights->choices[0].label == "green");  // no label: the name
    CHECK(lights->choices[1].label == "Orange or amber");
    CHECK(lights->choices[2].name == "off");
    CHECK(lights->choices[2].label == "No lights at all");
    CHECK(lights->description == "Colour of the status lights.");
    CHECK_FALSE(lights->min.has_value());

    const parley::SlotInfo* tenure = lib.slot("account.tenure_years");
    REQUIRE(tenure != nullptr);
    CHECK(tenure->type == SlotType::number);
    CHECK(tenure->min == 0.0);
    CHECK(tenure->max == 100.0);
    CHECK(tenure->prefill);
    CHECK(lib.slot("customer.name")->type == SlotType::text);
    CHECK(lib.slot("nope") == nullptr);
    CHECK(std::string(parley::to_string(SlotType::boolean)) == "boolean");

    auto actions = lib.actions();
    CHECK(actions == std::vector<std::string_view>{"modem.restart"});
}

TEST_CASE("host api: every prompt points at its slot's catalog entry, which the JSON carries") {
    Library lib = load_one(modem_script);
    Session s = lib.start("modem");
    parley::Turn t = s.next();
    CHECK(t.prompt.kind == parley::Utterance::Kind::lookup);
    REQUIRE(t.prompt.expects != nullptr);
    CHECK(t.prompt.expects->type == SlotType::boolean);
    s.fill("outage.known", false);

    t = s.next();
    REQUIRE(t.prompt.expects != nullptr);
    // The library's own entry, not a copy made for the turn.
    CHECK(t.prompt.expects == lib.slot("modem.lights"));
    CHECK(t.prompt.expects->choices[2].label == "No lights at all");
    std::string json = parley::to_json(t.prompt);
    CHECK(json.find(R"("expects":{"choices":[{"label":"green","name":"green"},{"label":"Orange or amber","name":"orange"},)"
                    R"({"label":"No lights at all","name":"off"}],"description":"Colour of the status lights.",)"
                    R"("name":"modem.lights","prefill":false,"type":"choice"})") != std::string::npos);

    CHECK(s.reply("green") == ReplyStatus::accepted);
    t = s.next();  // an instruction expects no value
    CHECK(t.prompt.expects == nullptr);
    CHECK(parley::to_json(t.prompt).find("expects") == std::string::npos);
    CHECK(parley::to_json(*lib.slot("account.tenure_years")) ==
          R"({"max":100,"min":0,"name":"account.tenure_years","prefill":true,"type":"number"})");
}

TEST_CASE("host api: labels are checked when the library loads") {
    auto load = [](const std::string& slot) {
        return Library::parse("script: s\nversion: 1\nslots:\n" + slot +
                              "start: a\nnodes:\n  a:\n    ask: Q?\n    slot: x\n    next: b\n  b:\n    end: resolved\n");
    };
    auto rule_of = [](const parley::Result<Library>& r) {
        return r.diagnostics().empty() ? std::string() : r.diagnostics().front().rule;
    };
    CHECK(load("  x: {type: choice, choices: [a, b], labels: {a: First}}\n").has_value());
    auto not_a_choice = load("  x: {type: choice, choices: [a, b], labels: {c: Third}}\n");
    CHECK_FALSE(not_a_choice.has_value());
    CHECK(rule_of(not_a_choice) == "bad-choice");
    CHECK(not_a_choice.diagnostics().front().region.line == 4);
    auto on_text = load("  x: {type: text, labels: {a: First}}\n");
    CHECK(rule_of(on_text) == "misplaced-key");
    auto empty = load("  x: {type: choice, choices: [a], labels: {a: \"\"}}\n");
    CHECK(rule_of(empty) == "wrong-type");
    auto not_a_map = load("  x: {type: choice, choices: [a], labels: [a]}\n");
    CHECK(rule_of(not_a_map) == "wrong-type");
}

// ---- A handoff that hides nothing ----------------------------------------------------------

TEST_CASE("host api: the summary keeps every answer, superseded and forgotten ones included, and every step") {
    Library lib = load_one(modem_script);
    Session s = lib.start("modem", {{"account.tenure_years", 4}});
    s.fill("outage.known", false);
    s.fill("customer.name", "Ann");
    s.fill("customer.name", "Anne");                    // the host corrects itself: superseded
    CHECK(s.reply("orange") == ReplyStatus::accepted);  // turn 1
    CHECK(s.reply("done") == ReplyStatus::accepted);    // turn 2: the restart
    CHECK(s.reply("no") == ReplyStatus::accepted);      // turn 3: not working, so once more
    Summary mid = s.summary();
    REQUIRE(mid.steps.size() == 2);
    CHECK(mid.steps[1].status == Summary::StepStatus::attempted);  // given, not yet acknowledged
    CHECK(mid.steps[1].node == "again");
    CHECK(s.reply("ok") == ReplyStatus::accepted);      // turn 4: forgets service.working and modem.lights
    CHECK(s.reply("green") == ReplyStatus::accepted);   // turn 5
    CHECK(s.reply("yes") == ReplyStatus::accepted);     // turn 6
    REQUIRE(s.ended());

    Summary sum = s.summary();
    // The facts hold only what is known now; the answers hold every value, in the order learned.
    CHECK(sum.facts.size() == 5);
    REQUIRE(sum.answers.size() == 8);
    const auto* orange = find_answer(sum, "modem.lights", Summary::AnswerStatus::forgotten);
    REQUIRE(orange != nullptr);
    CHECK(orange->value == Value("orange"));
    CHECK(orange->turn == 1);
    CHECK(orange->ended_turn == 4);
    CHECK(orange->node == "lights");
    CHECK(orange->source == parley::Source::answer);
    const auto* not_working = find_answer(sum, "service.working", Summary::AnswerStatus::forgotten);
    REQUIRE(not_working != nullptr);
    CHECK(not_working->value == Value(false));
    CHECK(not_working->turn == 3);
    const auto* ann = find_answer(sum, "customer.name", Summary::AnswerStatus::superseded);
    REQUIRE(ann != nullptr);
    CHECK(ann->value == Value("Ann"));
    CHECK(ann->source == parley::Source::host);
    CHECK(find_answer(sum, "modem.lights", Summary::AnswerStatus::current)->value == Value("green"));
    CHECK(find_answer(sum, "account.tenure_years", Summary::AnswerStatus::current)->source == parley::Source::prefill);
    for (std::size_t i = 1; i < sum.answers.size(); ++i) CHECK(sum.answers[i - 1].turn <= sum.answers[i].turn);
    CHECK(sum.answers_dropped == 0);

    // The restart, done twice, is there twice.
    REQUIRE(sum.steps.size() == 2);
    CHECK(sum.steps[0].action == "modem.restart");
    CHECK(sum.steps[0].status == Summary::StepStatus::done);
    CHECK(sum.steps[0].node == "restart");
    CHECK(sum.steps[0].turn == 2);
    CHECK(sum.steps[1].node == "again");
    CHECK(sum.steps[1].status == Summary::StepStatus::done);
    CHECK(sum.steps[1].turn == 4);
    CHECK(sum.actions_done.size() == 1);

    std::string json = parley::to_json(sum);
    CHECK(json.find(R"({"ended_turn":4,"node":"lights","script":"modem","slot":"modem.lights","source":"answer",)"
                    R"("status":"forgotten","turn":1,"value":"orange"})") != std::string::npos);
    CHECK(json.find(R"("steps":[{"action":"modem.restart","node":"restart","script":"modem","source":"answer","status":"done",)"
                    R"("turn":2},{"action":"modem.restart","node":"again","script":"modem","source":"answer","status":"done","turn":4}],)"
                    R"("steps_dropped":0)") != std::string::npos);
    CHECK(json.find(R"("answers_dropped":0)") != std::string::npos);

    std::ostringstream text;
    text << sum;
    CHECK(text.str().find("Earlier values:\n"
                          "  customer.name = Ann  (host, turn 0, modem.lights; superseded at turn 0)\n"
                          "  modem.lights = orange  (answer, turn 1, modem.lights; forgotten at turn 4)\n"
                          "  service.working = false  (answer, turn 3, modem.check; forgotten at turn 4)\n"
                          "Steps given:\n"
                          "  modem.restart: done  (turn 2, modem.restart)\n"
                          "  modem.restart: done  (turn 4, modem.again)\n") != std::string::npos);
}

TEST_CASE("host api: the history survives a snapshot exactly") {
    Library lib = load_one(modem_script);
    Session s = lib.start("modem", {{"account.tenure_years", 4}});
    s.fill("outage.known", false);
    s.fill("customer.name", "Ann");
    s.fill("customer.name", "Anne");
    for (const char* reply : {"orange", "done", "no"}) CHECK(s.reply(reply) == ReplyStatus::accepted);
    s.set_correlation_id("call-7");
    const std::string bytes = s.snapshot();
    auto header = parley::read_snapshot_header(bytes);
    REQUIRE(header.has_value());
    CHECK(header->format == 4);
    auto restored = lib.restore(bytes);
    REQUIRE(restored.has_value());
    CHECK(restored.diagnostics().empty());
    CHECK(parley::to_json(restored->summary()) == parley::to_json(s.summary()));
    CHECK(restored->snapshot() == bytes);
    CHECK(restored->correlation_id() == "call-7");
    // The attempt in the snapshot is completed by the restored session's acknowledgement.
    CHECK(restored->reply("ok") == ReplyStatus::accepted);
    CHECK(s.reply("ok") == ReplyStatus::accepted);
    CHECK(parley::to_json(restored->summary()) == parley::to_json(s.summary()));
    CHECK(restored->summary().steps.back().status == Summary::StepStatus::done);
}

TEST_CASE("host api: the history is bounded, and counts what it does not keep") {
    Library lib = load_one(R"(
script: loop
version: 1
slots:
  more: {type: boolean}
start: restart
nodes:
  restart:
    instruct: Restart it.
    action: box.restart
    repeat: true
    reason: Each restart may help.
    forget: [more]
    next: more
  more:
    ask: Again?
    slot: more
    next:
      - if: more
        goto: restart
      - goto: bye
  bye:
    end: resolved
)");
    Session s = lib.start("loop");
    const int rounds = static_cast<int>(Summary::steps_kept) + 44;
    for (int i = 0; i < rounds; ++i) {
        CHECK(s.reply("done") == ReplyStatus::accepted);
        CHECK(s.reply(i + 1 < rounds ? "yes" : "no") == ReplyStatus::accepted);
    }
    REQUIRE(s.ended());
    Summary sum = s.summary();
    CHECK(sum.steps.size() == Summary::steps_kept);
    CHECK(sum.steps_dropped == 44);
    // Each round forgot `more` (true) once, after the first: rounds - 1 past values.
    CHECK(sum.answers.size() == Summary::past_answers_kept + 1);
    CHECK(sum.answers_dropped == static_cast<unsigned>(rounds - 1) - Summary::past_answers_kept);
    auto restored = lib.restore(s.snapshot());
    REQUIRE(restored.has_value());
    CHECK(parley::to_json(restored->summary()) == parley::to_json(sum));
}

// ---- Control -----------------------------------------------------------------------------

TEST_CASE("host api: try_fill returns the value as held, or the diagnostic, and never throws") {
    Library lib = load_one(modem_script);
    Session s = lib.start("modem");
    auto filled = s.try_fill("account.tenure_years", "12");
    REQUIRE(filled.has_value());
    CHECK(*filled == Value(12));
    CHECK(s.get("account.tenure_years") == Value(12));

    const std::string before = s.snapshot();
    auto undeclared = s.try_fill("account.tenure", 3);
    CHECK_FALSE(undeclared.has_value());
    REQUIRE(undeclared.diagnostics().size() == 1);
    CHECK(undeclared.diagnostics()[0].rule == "unknown-slot");
    auto wrong = s.try_fill("account.tenure_years", "many");
    CHECK_FALSE(wrong.has_value());
    CHECK(wrong.diagnostics()[0].rule == "wrong-type");
    auto out_of_range = s.try_fill("account.tenure_years", 101);
    CHECK(out_of_range.diagnostics()[0].rule == "wrong-type");
    CHECK(s.snapshot() == before);
    CHECK_THROWS_AS(s.fill("account.tenure_years", "many"), parley::Error);
}

TEST_CASE("host api: the host clears a fact it gave, not what the customer said or a script set") {
    Library lib = load_one(modem_script);
    Session s = lib.start("modem", {{"account.tenure_years", 4}});
    s.fill("outage.known", true);  // the back end answered wrongly ...
    CHECK(s.reply("green") == ReplyStatus::accepted);
    auto cleared = s.try_clear("outage.known");  // ... and the host takes it back
    REQUIRE(cleared.has_value());
    CHECK(*cleared);
    CHECK_FALSE(s.known("outage.known"));
    CHECK(test_support::has_trace(s, TraceKind::cleared, "the host cleared outage.known at 'restart'"));
    const Summary summary = s.summary();  // kept: `past` points into it
    const auto* past = find_answer(summary, "outage.known", Summary::AnswerStatus::cleared);
    REQUIRE(past != nullptr);
    CHECK(past->value == Value(true));
    CHECK(past->ended_turn == 1);
    CHECK(s.clear("account.tenure_years"));  // a pre-filled fact is the host's too
    CHECK_FALSE(s.clear("account.tenure_years"));  // no longer known: nothing to clear

    const std::string before = s.snapshot();
    auto customers = s.try_clear("modem.lights");
    CHECK_FALSE(customers.has_value());
    REQUIRE(customers.diagnostics().size() == 1);
    CHECK(customers.diagnostics()[0].rule == "not-host-fact");
    CHECK(customers.diagnostics()[0].message.find("the customer's answer") != std::string::npos);
    CHECK(s.known("modem.lights"));
    CHECK(s.try_clear("nope").diagnostics()[0].rule == "unknown-slot");
    CHECK_THROWS_AS(s.clear("modem.lights"), parley::Error);
    CHECK(s.snapshot() == before);

    auto restored = lib.restore(s.snapshot({true}));
    REQUIRE(restored.has_value());
    CHECK(test_support::has_trace(*restored, TraceKind::cleared, "the host cleared outage.known"));
}

TEST_CASE("host api: a script's set is not the host's to clear") {
    Library lib = load_one(R"(
script: s
version: 1
slots:
  flag: {type: boolean}
  q: {type: boolean}
start: a
nodes:
  a:
    set: {flag: true}
    next: b
  b:
    ask: Q?
    slot: q
    next: c
  c:
    end: resolved
)");
    Session s = lib.start("s");
    auto r = s.try_clear("flag");
    CHECK_FALSE(r.has_value());
    CHECK(r.diagnostics()[0].rule == "not-host-fact");
    CHECK(r.diagnostics()[0].message.find("a value the script set") != std::string::npos);
}

TEST_CASE("host api: the observer hears each event after its step, with the correlation id") {
    Library lib = load_one(modem_script);
    Session s = lib.start("modem");
    s.set_correlation_id("chat-42");
    std::vector<std::string> heard;
    s.set_observer([&](const TraceEntry& e, const std::string& id) {
        heard.push_back(id + " " + parley::to_string(e.kind) + " " + std::string(e.node));
    });
    s.fill("outage.known", false);
    CHECK(heard == std::vector<std::string>{"chat-42 answered outage", "chat-42 asked lights"});
    heard.clear();
    CHECK(s.reply("purple") == ReplyStatus::not_understood);
    CHECK(heard == std::vector<std::string>{"chat-42 not_understood lights"});
    // The same events as the trace, in the same order.
    heard.clear();
    CHECK(s.reply("green") == ReplyStatus::accepted);
    auto trace = s.trace();
    REQUIRE(heard.size() <= trace.size());
    for (std::size_t i = 0; i < heard.size(); ++i) {
        const TraceEntry& e = trace[trace.size() - heard.size() + i];
        CHECK(heard[i] == "chat-42 " + std::string(parley::to_string(e.kind)) + " " + std::string(e.node));
    }
    // Nothing for a request that is refused before any step.
    heard.clear();
    CHECK_FALSE(s.try_fill("nope", 1).has_value());
    CHECK(heard.empty());
    // With no trace kept, the observer still hears everything.
    parley::StartOptions none;
    none.trace_capacity = 0;
    Session quiet = lib.start("modem", {}, {}, none);
    int events = 0;
    quiet.set_observer([&](const TraceEntry&, const std::string&) { ++events; });
    quiet.fill("outage.known", false);
    CHECK(events == 2);
    CHECK(quiet.trace().empty());
}

TEST_CASE("host api: an observer that throws undoes nothing, and the session counts it") {
    Library lib = load_one(modem_script);
    Session s = lib.start("modem");
    Session reference = s;
    int calls = 0;
    s.set_observer([&](const TraceEntry&, const std::string&) {
        ++calls;
        throw std::runtime_error("the supervisor's screen is gone");
    });
    CHECK_NOTHROW(s.fill("outage.known", false));
    reference.fill("outage.known", false);
    CHECK(calls == 2);  // every event is still delivered
    CHECK(s.observer_errors() == 2);
    CHECK(s.snapshot({true}) == reference.snapshot({true}));
    s.set_observer({});  // removed
    CHECK(s.reply("green") == ReplyStatus::accepted);
    CHECK(calls == 2);
}

TEST_CASE("host api: an observer never hears of a step that was undone") {
    Library lib = load_one(modem_script);
    Session s = lib.start("modem");
    int calls = 0;
    s.set_observer([&](const TraceEntry&, const std::string&) { ++calls; });
    CHECK_THROWS_AS(s.fill("modem.lights", "purple"), parley::Error);
    CHECK(calls == 0);
}

// ---- The summary's text and its JSON ------------------------------------------------------

TEST_CASE("host api: a policy's message is exact in the summary and its JSON, escaped only by operator<<") {
    auto r = Library::parse(std::vector<std::pair<std::string, std::string>>{
        {"r.yaml", "script: r\nversion: 1\nstart: fin\nnodes:\n  fin:\n    say: \"Sorry. Good\\nbye\\e[2J!\"\n"
                   "    end: unresolved\n"},
        {"policies.yaml", "version: 1\npolicies:\n  closing_courtesy:\n    phrases: [\"good\\nbye\\e[2J\"]\n"}});
    REQUIRE(r.has_value());
    Session s = r->start("r");
    Summary sum = s.summary();
    REQUIRE(sum.interventions.size() == 1);
    CHECK(sum.interventions[0].message.find("dropped \"good\nbye\x1b[2j\"") != std::string::npos);
    CHECK(parley::to_json(sum).find(R"(dropped \"good\nbye\u001b[2j\")") != std::string::npos);
    std::ostringstream text;
    text << sum;
    CHECK(text.str().find("dropped \"good\\nbye\\x1b[2j\"") != std::string::npos);
    CHECK(text.str().find('\x1b') == std::string::npos);
}

TEST_CASE("host api: a snapshot in format 2 (before the history) still restores, with an empty history") {
    Library lib = Library::load(PARLEY_SOURCE_DIR "/scripts").value();
    // Written by parley 0.x at format 2 (main 181eecf), kept as it was.
    std::ifstream in(PARLEY_TEST_DATA "/snapshots/format2_internet_down_turn3.snap", std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(bytes.size() > 5);
    REQUIRE(bytes[4] == 2);
    CHECK(parley::read_snapshot_header(bytes)->format == 2);
    auto restored = lib.restore(bytes);
    REQUIRE(restored.has_value());
    Summary sum = restored->summary();
    CHECK_FALSE(sum.facts.empty());
    CHECK(sum.answers.size() == sum.facts.size());  // the current values only
    for (const auto& a : sum.answers) CHECK(a.status == Summary::AnswerStatus::current);
    CHECK(sum.steps.empty());
    CHECK(sum.actions_failed.empty());  // nor failed actions
    CHECK(restored->snapshot()[4] == 4);  // saved again, in the current format
}

TEST_CASE("host api: a snapshot in format 3 (repeats packed above the attempts) restores and finishes identically") {
    Library lib = Library::load(PARLEY_SOURCE_DIR "/scripts").value();
    // Written by main 00ee74a at format 3: internet_down, replies "no", "none", a repeat, an unclear
    // reply ("purple") and another repeat, at the lights question, with the trace; kept as it was.
    std::ifstream in(PARLEY_TEST_DATA "/snapshots/format3_internet_down_repeat_turn3.snap", std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(bytes.size() > 5);
    REQUIRE(bytes[4] == 3);
    auto restored = lib.restore(bytes);
    REQUIRE(restored.has_value());
    Session s = std::move(*restored);
    Session fresh = lib.start("internet_down");
    fresh.set_correlation_id("call-0042");
    for (const char* reply : {"no", "none"}) (void)fresh.reply(reply);
    (void)fresh.signal("repeat");
    (void)fresh.reply("purple");
    (void)fresh.signal("repeat");
    CHECK(s.correlation_id() == "call-0042");
    CHECK(s.turn() == fresh.turn());
    CHECK(s.next().prompt.attempt == 2);  // the unclear reply's count came back
    // The free repeats used came back too: the next ones count as turns exactly when they do in
    // the session that never left.
    for (const char* step : {"!repeat", "!repeat", "orange", "done", "yes"}) {
        CAPTURE(step);
        for (Session* x : {&s, &fresh}) {
            if (step[0] == '!') CHECK(x->signal(step + 1) == parley::SignalStatus::handled);
            else (void)x->reply(step);
        }
        CHECK(s.turn() == fresh.turn());
        CHECK(s.next().prompt.node == fresh.next().prompt.node);
    }
    CHECK(s.ended());
    CHECK(s.outcome() == fresh.outcome());
    std::ostringstream a, b;
    a << s.summary();
    b << fresh.summary();
    CHECK(a.str() == b.str());
    CHECK(s.snapshot()[4] == 4);  // saved again, in the current format
}
