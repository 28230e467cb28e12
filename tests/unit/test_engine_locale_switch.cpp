// Switching language mid-call (Session::set_locale, the `locale` event; docs/embedding.md): the turn
// is said again in the new language, memory stays, the switch is in the trace and the summary, and
// conditions read the new locale.
#include <sstream>

#include "support.hpp"

using namespace parley;
using test_support::load_many;

namespace {
// A bilingual modem check; after the lights, Spanish speakers are sent to their own desk.
const char* const bilingual = R"(script: modem
version: 1
locale: en
slots:
  modem.on: {type: boolean}
  modem.lights: {type: choice, choices: [green, orange]}
start: hello
nodes:
  hello:
    say:
      en: Let's look at your modem.
      es: Revisemos su módem.
    next: restart
  restart:
    instruct:
      en: Please restart the modem.
      es: Reinicie el módem, por favor.
    action: modem.restart
    next: on
  on:
    ask:
      en: Is the modem on?
      es: ¿Está encendido el módem?
    slot: modem.on
    hint:
      en: Please answer yes or no.
      es: Responda sí o no, por favor.
    next: lights
  lights:
    ask:
      en: What colour are the lights?
      es: ¿De qué color son las luces?
    slot: modem.lights
    next:
      - if: conversation.locale == es
        goto: spanish
      - goto: fin
  spanish:
    end: transferred
    say: Le paso con nuestro equipo en español.
  fin:
    end: resolved
    say:
      en: Glad it works.
      es: Me alegro de que funcione.
)";

Library library() { return load_many({{"modem.yaml", bilingual}}); }
}  // namespace

TEST_CASE("locale switch: the question awaiting a reply is asked again in the new language, memory kept") {
    Library lib = library();
    Session s = lib.start("modem");
    CHECK(s.next().prompt.text == "Please restart the modem.");
    CHECK(s.reply("done") == ReplyStatus::accepted);
    CHECK(s.reply("maybe") == ReplyStatus::not_understood);
    Turn before = s.next();
    CHECK(before.prompt.text == "Is the modem on?");
    CHECK(before.prompt.hint == "Please answer yes or no.");
    unsigned turns = s.turn();

    s.set_locale("es");
    CHECK(s.locale() == "es");
    Turn after = s.next();
    CHECK(after.prompt.node == "on");  // the same prompt, said again
    CHECK(after.prompt.text == "¿Está encendido el módem?");
    CHECK(after.prompt.locale == "es");
    CHECK_FALSE(after.prompt.fell_back);
    CHECK(after.prompt.hint == "Responda sí o no, por favor.");  // still asked again: the attempt is kept
    CHECK(after.prompt.attempt == before.prompt.attempt);
    CHECK(s.turn() == turns);  // not a customer turn
    CHECK(s.done("modem.restart"));  // memory untouched
    CHECK(s.reply("sí") == ReplyStatus::accepted);
    CHECK(s.get("modem.on") == Value(true));
    CHECK(s.next().prompt.text == "¿De qué color son las luces?");
}

TEST_CASE("locale switch: in the trace and the summary, its JSON and its text") {
    Library lib = library();
    Session s = lib.start("modem");
    CHECK(s.reply("done") == ReplyStatus::accepted);
    s.set_locale("es-mx");  // read as a BCP 47 tag: canonical es-MX
    CHECK(s.locale() == "es-MX");
    CHECK(test_support::has_trace(s, TraceKind::locale_switched, "the customer's language changed from en to es-MX at 'on'"));
    CHECK(std::string(to_string(TraceKind::locale_switched)) == "locale_switched");

    Summary sum = s.summary();
    CHECK(sum.locale == "es-MX");
    REQUIRE(sum.locale_switches.size() == 1);
    CHECK(sum.locale_switches[0].from == "en");
    CHECK(sum.locale_switches[0].to == "es-MX");
    CHECK(sum.locale_switches[0].turn == 1);
    CHECK(sum.locale_switches[0].script == "modem");
    CHECK(sum.locale_switches[0].node == "on");
    CHECK(sum.locale_switches_made == 1);

    std::string json = to_json(sum);
    CHECK(json.find(R"("locale":"es-MX")") != std::string::npos);
    CHECK(json.find(R"("locale_switches":[{"from":"en","node":"on","script":"modem","to":"es-MX","turn":1}])") != std::string::npos);
    CHECK(json.find(R"("locale_switches_made":1)") != std::string::npos);
    std::ostringstream text;
    text << sum;
    CHECK(text.str().find("Language: es-MX now; switched 1 time:\n  en -> es-MX  (turn 1, modem.on)\n") != std::string::npos);

    SUBCASE("a session that keeps its language says nothing of it in the text") {
        std::ostringstream plain;
        plain << lib.start("modem").summary();
        CHECK(plain.str().find("Language") == std::string::npos);
    }
}

TEST_CASE("locale switch: switching to the same locale changes nothing") {
    Library lib = library();
    Session s = lib.start("modem");
    CHECK(s.try_set_locale("EN").value() == "en");
    CHECK(s.summary().locale_switches_made == 0);
    CHECK_FALSE(test_support::has_trace(s, TraceKind::locale_switched, ""));
}

// A switch whose step fails midway (an allocation) is undone with the step's undo log, the locale
// and its condition bits with it: tests/faults/test_step_rollback.cpp runs `!locale` steps with each
// of their allocations failing in turn.
TEST_CASE("locale switch: an invalid tag is an API error and leaves the session as it was") {
    Library lib = library();
    Session s = lib.start("modem");
    std::string before = s.snapshot({true});
    CHECK_THROWS_AS(s.set_locale("klingon!!"), parley::Error);
    Result<std::string> refused = s.try_set_locale("es_MX");
    REQUIRE_FALSE(refused);
    REQUIRE(refused.diagnostics().size() == 1);
    CHECK(refused.diagnostics()[0].rule == "bad-locale");
    CHECK(refused.diagnostics()[0].notes == std::vector<std::string>{"did you mean 'es-MX'?"});
    CHECK(s.locale() == "en");
    CHECK(s.snapshot({true}) == before);
    CHECK(s.summary().locale_switches.empty());
}

TEST_CASE("locale switch: a valid tag with no texts falls back as at the start") {
    Library lib = library();
    Session s = lib.start("modem");
    s.set_locale("fr");
    CHECK(s.locale() == "fr");
    Turn t = s.next();
    CHECK(t.prompt.text == "Please restart the modem.");
    CHECK(t.prompt.locale == "en");
    CHECK(t.prompt.fell_back);
}

TEST_CASE("locale switch: conversation.locale reads the new locale") {
    Library lib = library();
    auto walk = [&](bool switch_first) {
        Session s = lib.start("modem");
        CHECK(s.reply("done") == ReplyStatus::accepted);
        CHECK(s.reply("yes") == ReplyStatus::accepted);
        if (switch_first) s.set_locale("es-MX");  // es-MX is es
        CHECK(s.reply("green") == ReplyStatus::accepted);
        return s.outcome();
    };
    CHECK(walk(false) == Outcome::resolved);
    CHECK(walk(true) == Outcome::transferred);

    SUBCASE("and back: a switch to en again takes the other branch") {
        Session s = lib.start("modem", {}, {}, StartOptions{"es"});
        CHECK(s.reply("listo") == ReplyStatus::accepted);  // any reply acknowledges an instruction
        CHECK(s.reply("sí") == ReplyStatus::accepted);
        s.set_locale("en");
        CHECK(s.reply("green") == ReplyStatus::accepted);
        CHECK(s.outcome() == Outcome::resolved);
        CHECK(s.summary().locale_switches.at(0).from == "es");
    }
}

TEST_CASE("locale switch: the `locale TAG` event is set_locale") {
    Library lib = library();
    Session s = lib.start("modem");
    CHECK(s.signal("  Locale es ") == SignalStatus::handled);
    CHECK(s.locale() == "es");
    CHECK(s.summary().signals.empty());  // a switch is not one of the customer's events
    CHECK(s.turn() == 0);
    CHECK(s.signal("locale") == SignalStatus::unknown_event);  // no tag
    CHECK(s.signal("localex") == SignalStatus::unknown_event);
    CHECK_THROWS_AS((void)s.signal("locale klingon!!"), parley::Error);
    CHECK(s.locale() == "es");
    s.set_locale("en");
    CHECK(s.reply("done") == ReplyStatus::accepted);
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.reply("green") == ReplyStatus::accepted);
    REQUIRE(s.ended());
    CHECK(s.signal("locale es") == SignalStatus::no_question);
    CHECK(s.locale() == "en");
}

TEST_CASE("locale switch: the summary keeps the first switches and counts the rest") {
    Library lib = library();
    Session s = lib.start("modem");
    for (std::size_t i = 0; i < Summary::locale_switches_kept + 3; ++i) s.set_locale(i % 2 ? "en" : "es");
    Summary sum = s.summary();
    CHECK(sum.locale_switches.size() == Summary::locale_switches_kept);
    CHECK(sum.locale_switches_made == Summary::locale_switches_kept + 3);
    CHECK(sum.locale_switches.front().to == "es");
    CHECK(sum.locale == "es");
    // A switch past the kept ones is in the trace all the same, without its tags.
    CHECK(s.trace().back().kind == TraceKind::locale_switched);
    CHECK(s.trace().back().message == "the customer's language changed at 'restart'");
}

TEST_CASE("locale switch: an observer hears of it with the new locale in effect; a copy keeps its own") {
    Library lib = library();
    Session s = lib.start("modem");
    Session copy = s;
    std::string heard;
    s.set_observer([&](const TraceEntry& e, const std::string&) {
        if (e.kind == TraceKind::locale_switched) heard = e.message + " / " + s.locale();
    });
    s.set_locale("es");
    CHECK(heard == "the customer's language changed from en to es at 'restart' / es");
    CHECK(copy.locale() == "en");
    CHECK(copy.next().prompt.text == "Please restart the modem.");
}

TEST_CASE("locale switch: 'locale' is reserved as an event name") {
    for (const char* name : {"locale", "Locale", "locale_es", "locale es"}) {
        auto r = Library::parse(std::vector<std::pair<std::string, std::string>>{
            {"modem.yaml", bilingual},
            {"policies.yaml", std::string("version: 1\nevents:\n  \"") + name + "\": modem.fin\n"}});
        CAPTURE(name);
        REQUIRE_FALSE(r.has_value());
        bool reserved = false;
        for (const auto& d : r.diagnostics())
            reserved = reserved || (d.message.find("is reserved: '!locale TAG'") != std::string::npos && d.region.line == 3);
        CHECK(reserved);
    }
    // Another name that starts with the word is not the event.
    auto fine = Library::parse(std::vector<std::pair<std::string, std::string>>{
        {"modem.yaml", bilingual}, {"policies.yaml", "version: 1\nevents:\n  localexchange: modem.fin\n"}});
    CHECK(fine.has_value());
}

TEST_CASE("locale switch: a snapshot keeps the switches, and the restored session goes on in the new language") {
    Library lib = library();
    Session s = lib.start("modem");
    CHECK(s.reply("done") == ReplyStatus::accepted);
    s.set_locale("es-MX");
    Result<Session> back = lib.restore(s.snapshot());
    REQUIRE(back.has_value());
    Session& r = *back;
    CHECK(r.locale() == "es-MX");
    REQUIRE(r.summary().locale_switches.size() == 1);
    CHECK(r.summary().locale_switches[0].from == "en");
    CHECK(r.summary().locale_switches[0].to == "es-MX");
    CHECK(r.summary().locale_switches[0].node == s.summary().locale_switches[0].node);
    CHECK(r.summary().locale_switches_made == 1);
    CHECK(r.next().prompt.text == "¿Está encendido el módem?");
    CHECK(r.reply("sí") == ReplyStatus::accepted);  // Spanish words, as before the snapshot
    CHECK(r.snapshot() == [&] { (void)s.reply("sí"); return s.snapshot(); }());
}
