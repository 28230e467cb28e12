// Engine tests of the Session as a whole: turns, locales, interpolation, copies, start errors,
// fill(), the bounded trace and signals, and sessions on several threads.
#include <doctest/doctest.h>
#include <parley/parley.hpp>

#include "support.hpp"

#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using parley::Diagnostic;
using parley::Library;
using parley::Result;
using parley::Outcome;
using parley::ReplyStatus;
using parley::Session;
using parley::StartOptions;
using parley::TraceKind;
using parley::Turn;
using parley::Utterance;
using parley::Value;
using parley::to_json;

using test_support::at;
using test_support::has_trace;
using test_support::load_many;
using test_support::load_one;

namespace {

bool same(const Utterance& a, const Utterance& b) {
    return a.kind == b.kind && a.script == b.script && a.node == b.node && a.text == b.text && a.slot == b.slot &&
           a.lookup == b.lookup && a.choices == b.choices && a.multi_select == b.multi_select &&
           a.offer_kind == b.offer_kind && a.outcome == b.outcome && a.hint == b.hint && a.attempt == b.attempt;
}

bool same(const Turn& a, const Turn& b) {
    if (a.messages.size() != b.messages.size()) return false;
    for (std::size_t i = 0; i < a.messages.size(); ++i)
        if (!same(a.messages[i], b.messages[i])) return false;
    return same(a.prompt, b.prompt);
}

const char* basic_script = R"(
script: s
version: 1
slots:
  a: {type: boolean}
  b: {type: boolean}
start: hello
nodes:
  hello:
    say: Hello.
    next: qa
  qa:
    ask: A?
    slot: a
    next: qb
  qb:
    ask: B?
    slot: b
    next:
      - if: a and b
        goto: good
      - goto: bad
  good:
    end: resolved
    say: All good.
  bad:
    end: escalated
    say: Passing you on.
)";

}  // namespace

// ---------------------------------------------------------------------------------------------
// next()

TEST_CASE("next() returns the same turn until a reply") {
    Library lib = load_one(basic_script);
    Session s = lib.start("s");
    const auto trace_size = s.trace().size();
    Turn t1 = s.next();
    Turn t2 = s.next();
    Turn t3 = s.next();
    CHECK(same(t1, t2));
    CHECK(same(t2, t3));
    REQUIRE(t1.messages.size() == 1);
    CHECK(t1.messages[0].text == "Hello.");
    CHECK(t1.prompt.node == "qa");
    CHECK(s.turn() == 0);
    CHECK(s.trace().size() == trace_size);

    CHECK(s.reply("nonsense") == ReplyStatus::not_understood);
    Turn bad1 = s.next();
    CHECK(same(bad1, s.next()));
    CHECK(bad1.prompt.attempt == 2);

    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    Turn end1 = s.next();
    CHECK(same(end1, s.next()));
    CHECK(end1.ended());
    CHECK(end1.prompt.text == "All good.");
}

TEST_CASE("session accessors while running and after the end") {
    Library lib = load_one(basic_script);
    Session s = lib.start("s");
    CHECK_FALSE(s.ended());
    CHECK(s.outcome() == Outcome::none);
    CHECK(s.turn() == 0);
    CHECK(s.locale() == "en");
    CHECK_FALSE(s.known("a"));
    CHECK_FALSE(s.get("a").has_value());
    CHECK_FALSE(s.known("undeclared"));
    CHECK_FALSE(s.get("undeclared").has_value());
    CHECK_FALSE(s.done("undeclared.action"));
    REQUIRE_FALSE(s.trace().empty());
    CHECK(s.trace().front().kind == TraceKind::started);
    CHECK(s.trace().front().message == "started script s at 'hello'");
    CHECK(s.trace().front().script == "s");
    CHECK(s.trace().front().node == "hello");
    CHECK(s.trace().front().turn == 0);

    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.reply("no") == ReplyStatus::accepted);
    CHECK(s.ended());
    CHECK(s.outcome() == Outcome::escalated);
    CHECK(s.turn() == 2);
    CHECK(s.trace().back().kind == TraceKind::ended);
    CHECK(s.trace().back().turn == 2);
}

// ---------------------------------------------------------------------------------------------
// locales

namespace {
const char* locale_script = R"(
script: s
version: 1
locale: en
title:
  en: Locale test
  es: Prueba de idioma
slots:
  a: {type: boolean}
  b: {type: boolean}
start: hello
nodes:
  hello:
    say:
      en: Hello.
      es: Hola.
    next: qa
  qa:
    ask:
      en: Is it working?
      es: ¿Funciona?
    slot: a
    hint:
      en: Please say yes or no.
      es: Diga sí o no.
    next: qb
  qb:
    ask: Plain English only?
    slot: b
    next: fin
  fin:
    end: resolved
    say:
      en: Goodbye.
      es: Adiós.
      fr: Au revoir.
)";
}

TEST_CASE("locale: the session's locale picks translations, else the script's locale") {
    Library lib = load_one(locale_script);
    SUBCASE("default: the script's locale") {
        Session s = lib.start("s");
        CHECK(s.locale() == "en");
        Turn t = s.next();
        CHECK(t.messages[0].text == "Hello.");
        CHECK(t.prompt.text == "Is it working?");
    }
    SUBCASE("es") {
        Session s = lib.start("s", {}, {}, StartOptions{"es"});
        CHECK(s.locale() == "es");
        Turn t = s.next();
        REQUIRE(t.messages.size() == 1);
        CHECK(t.messages[0].text == "Hola.");
        CHECK(t.prompt.text == "¿Funciona?");
        CHECK(s.reply("quizás") == ReplyStatus::not_understood);
        CHECK(s.next().prompt.hint == "Diga sí o no.");
        CHECK(s.reply("yes") == ReplyStatus::not_understood);  // a Spanish session hears Spanish words (test_engine_words.cpp)
        CHECK(s.reply("sí") == ReplyStatus::accepted);
        CHECK(s.next().prompt.text == "Plain English only?");  // a plain string is used for every locale
        CHECK(s.reply("no") == ReplyStatus::accepted);
        CHECK(s.next().prompt.text == "Adiós.");
    }
    SUBCASE("es-MX falls back to es") {
        Session s = lib.start("s", {}, {}, StartOptions{"es-MX"});
        CHECK(s.locale() == "es-MX");
        Turn t = s.next();
        CHECK(t.messages[0].text == "Hola.");
        CHECK(t.prompt.text == "¿Funciona?");
    }
    SUBCASE("a locale with no translation falls back to the script's locale") {
        Session s = lib.start("s", {}, {}, StartOptions{"de"});
        CHECK(s.locale() == "de");
        Turn t = s.next();
        CHECK(t.messages[0].text == "Hello.");
        CHECK(t.prompt.text == "Is it working?");
    }
    SUBCASE("a translation only some texts have") {
        Session s = lib.start("s", {{"a", true}, {"b", true}}, {}, StartOptions{"fr"});
        Turn t = s.next();
        CHECK(t.messages[0].text == "Hello.");
        CHECK(t.prompt.text == "Au revoir.");
    }
}

TEST_CASE("locale: language fallback, exact comparison, and a map without the script's locale") {
    Library lib = load_one(R"(
script: s
version: 1
locale: en
slots:
  a: {type: boolean}
start: hello
nodes:
  hello:
    say:
      fr: Bonjour.
      de: Hallo.
      es: Hola.
    next: qa
  qa:
    ask:
      en: Ready?
      es: ¿Listo?
    slot: a
    next: fin
  fin:
    end: resolved
)");
    auto texts = [&](const std::string& locale) {
        Turn t = lib.start("s", {}, {}, StartOptions{locale}).next();
        REQUIRE(t.messages.size() == 1);
        return t.messages[0].text + " " + t.prompt.text;
    };
    CHECK(texts("es") == "Hola. ¿Listo?");
    CHECK(texts("es-MX") == "Hola. ¿Listo?");
    CHECK(texts("de-AT") == "Hallo. Ready?");
    CHECK(texts("ES") == "Hola. ¿Listo?");  // tags are canonical: ES is es
    CHECK(texts("") == "Bonjour. Ready?");  // the script's en, which `hello` lacks: its first entry
    CHECK(texts("it") == "Bonjour. Ready?");
}

TEST_CASE("locale: a turn says which texts fell back to another locale") {
    Library lib = load_one(locale_script);
    Session s = lib.start("s", {}, {}, StartOptions{"es-MX"});
    Turn t = s.next();
    CHECK(t.messages[0].locale == "es");  // es-MX has no text of its own: es is the next in the chain,
    CHECK_FALSE(t.messages[0].fell_back);  // and still the customer's language
    REQUIRE(s.reply("yes") == ReplyStatus::not_understood);  // es-MX hears es's words, not en's
    REQUIRE(s.reply("sí") == ReplyStatus::accepted);
    t = s.next();
    CHECK(t.prompt.text == "Plain English only?");
    CHECK(t.prompt.locale == "en");
    CHECK(t.prompt.fell_back);
    CHECK(to_json(t).find(R"("fell_back_to":"en")") != std::string::npos);

    Session en = lib.start("s");
    t = en.next();
    CHECK(t.prompt.locale == "en");
    CHECK_FALSE(t.prompt.fell_back);
    CHECK(to_json(t).find("fell_back_to") == std::string::npos);
}

TEST_CASE("locale: the engine's own texts are in the session's locale, or say they fell back") {
    Library lib = load_one(locale_script);
    Session s = lib.start("s", {}, {}, StartOptions{"es"});
    REQUIRE(s.signal("supervisor") == parley::SignalStatus::handled);
    Turn t = s.next();
    REQUIRE(t.ended());
    CHECK(t.prompt.locale == "es");
    CHECK_FALSE(t.prompt.fell_back);
    Session de = lib.start("s", {}, {}, StartOptions{"de-AT"});  // no German texts are shipped
    REQUIRE(de.signal("supervisor") == parley::SignalStatus::handled);
    t = de.next();
    CHECK(t.prompt.locale == "en");
    CHECK(t.prompt.fell_back);
}

TEST_CASE("locale: the chain ends at the library's first declared locale") {
    Library lib = load_many({{"policies.yaml", "version: 1\nlocales: [es, en]\n"}, {"s.yaml", R"(
script: s
version: 1
locale: pt
slots:
  a: {type: boolean}
start: qa
nodes:
  qa:
    ask:
      es: ¿Listo?
      en: Ready?
    slot: a
    next: fin
  fin:
    end: resolved
)"}});
    Turn t = lib.start("s", {}, {}, StartOptions{"de"}).next();  // de, then pt (the script's), then es
    CHECK(t.prompt.text == "¿Listo?");
    CHECK(t.prompt.locale == "es");
}

TEST_CASE("locale: a tag that is not BCP 47 is refused, with what was meant") {
    Library lib = load_one(locale_script);
    auto refused = [&](const std::string& tag) {
        Result<Session> r = lib.try_start("s", {}, {}, StartOptions{tag});
        REQUIRE_FALSE(r.has_value());
        REQUIRE(r.diagnostics().size() == 1);
        CHECK(r.diagnostics()[0].rule == "bad-locale");
        return r.diagnostics()[0];
    };
    CHECK(refused("klingon!!").message.find("'klingon!!' is not a locale tag") != std::string::npos);
    CHECK(refused("es_MX").notes == std::vector<std::string>{"did you mean 'es-MX'?"});
    CHECK(refused("xx").notes.empty());   // well formed, but no language
    CHECK(refused("es-ZZ").notes.empty());  // no such region
    CHECK(refused("es-").notes.empty());
    CHECK(refused(std::string(100, 'a')).notes.empty());
    CHECK(lib.start("s", {}, {}, StartOptions{"es-419"}).locale() == "es-419");  // Latin America
    CHECK(lib.start("s", {}, {}, StartOptions{"zh-hant-tw"}).locale() == "zh-Hant-TW");
    CHECK_THROWS(lib.start("s", {}, {}, StartOptions{"english"}));
}

TEST_CASE("locale: tags in scripts and policies are checked where they are written") {
    auto problems = [](const std::vector<std::pair<std::string, std::string>>& files) {
        auto r = Library::parse(files);
        REQUIRE_FALSE(r.has_value());
        std::vector<Diagnostic> found;
        for (const Diagnostic& d : r.diagnostics())
            if (d.rule == "bad-locale") found.push_back(d);
        return found;
    };
    auto found = problems({{"s.yaml", R"(script: s
version: 1
locale: en_US
start: fin
nodes:
  fin:
    end: resolved
    say:
      en: Bye.
      espanol: Adiós.
)"}});
    REQUIRE(found.size() == 2);
    CHECK(found[0].region.line == 3);
    CHECK(found[0].region.column == 9);
    CHECK(found[0].notes == std::vector<std::string>{"did you mean 'en-US'?"});
    CHECK(found[1].region.line == 10);
    CHECK(found[1].message.find("'espanol'") != std::string::npos);

    found = problems({{"policies.yaml", "version: 1\nlocales: [en, 'es!']\n"}, {"s.yaml", "script: s\nversion: 1\nstart: fin\nnodes:\n  fin: {end: resolved}\n"}});
    REQUIRE(found.size() == 1);
    CHECK(found[0].region.file == "policies.yaml");
    CHECK(found[0].region.line == 2);
}

TEST_CASE("locale: a script written in another language falls back to its own locale") {
    Library lib = load_many({{"main.yaml", R"(
script: main
version: 1
locale: en
slots:
  q: {type: boolean}
start: ask
nodes:
  ask:
    ask:
      en: Shall we check the account?
      es: ¿Revisamos la cuenta?
    slot: q
    next: sub
  sub:
    call: cuenta
    next: fin
  fin:
    end: resolved
)"},
                             {"cuenta.yaml", R"(
script: cuenta
version: 1
locale: fr
slots:
  r: {type: boolean}
start: ask
nodes:
  ask:
    ask:
      fr: Avez-vous reçu une lettre ?
      en: Have you had a letter?
    slot: r
    next: back
  back:
    end: return
)"}});
    Session s = lib.start("main", {}, {}, StartOptions{"es"});
    CHECK(s.next().prompt.text == "¿Revisamos la cuenta?");
    CHECK(s.reply("sí") == ReplyStatus::accepted);
    Turn t = s.next();
    CHECK(t.prompt.script == "cuenta");
    CHECK(t.prompt.text == "Avez-vous reçu une lettre ?");

    Session started_in_fr_script = lib.start("cuenta");
    CHECK(started_in_fr_script.locale() == "fr");
    CHECK(started_in_fr_script.next().prompt.text == "Avez-vous reçu une lettre ?");

    Session en = lib.start("cuenta", {}, {}, StartOptions{"en"});
    CHECK(en.next().prompt.text == "Have you had a letter?");
}

// ---------------------------------------------------------------------------------------------
// interpolation

namespace {
const char* interpolation_script = R"(
script: s
version: 1
slots:
  years: {type: number}
  colour: {type: choice, choices: [green, orange]}
  name: {type: text}
  q: {type: boolean}
start: hello
nodes:
  hello:
    say: "{name}, you've been with us for {years} years and your lights are {colour}."
    next: braces
  braces:
    say: "Literal {{braces}} and {{{years}}} and }}."
    next: ask
  ask:
    ask: "Still {colour}, {name}?"
    slot: q
    next: fin
  fin:
    end: resolved
    say: "Bye {name}."
)";
}

TEST_CASE("interpolation: known values are rendered, numbers without a trailing .0") {
    Library lib = load_one(interpolation_script);
    SUBCASE("a whole number") {
        Session s = lib.start("s", {{"years", 10}, {"colour", "green"}, {"name", "Ana"}});
        Turn t = s.next();
        REQUIRE(t.messages.size() == 2);
        CHECK(t.messages[0].text == "Ana, you've been with us for 10 years and your lights are green.");
        CHECK(t.messages[1].text == "Literal {braces} and {10} and }.");
        CHECK(t.prompt.text == "Still green, Ana?");
        CHECK(s.reply("yes") == ReplyStatus::accepted);
        CHECK(s.next().prompt.text == "Bye Ana.");
    }
    SUBCASE("a fraction, and a whole number given as a double") {
        Session s = lib.start("s", {{"years", 2.5}, {"colour", "orange"}, {"name", "Bo"}});
        CHECK(s.next().messages[0].text == "Bo, you've been with us for 2.5 years and your lights are orange.");
        Session s2 = lib.start("s", {{"years", 6.0}, {"colour", "orange"}, {"name", "Bo"}});
        CHECK(s2.next().messages[0].text == "Bo, you've been with us for 6 years and your lights are orange.");
    }
    SUBCASE("rendered when the text is said, from the memory at that time") {
        Session s = lib.start("s", {{"years", 3}});
        s.fill("name", "Cy");
        s.fill("colour", "orange");
        Turn t = s.next();
        CHECK(t.prompt.text == "Still orange, Cy?");
    }
}

TEST_CASE("interpolation: an unknown slot leaves its placeholder") {
    Library lib = load_one(interpolation_script);
    Session s = lib.start("s", {{"name", "Ana"}});
    Turn t = s.next();
    CHECK(t.messages[0].text == "Ana, you've been with us for {years} years and your lights are {colour}.");
    CHECK(t.messages[1].text == "Literal {braces} and {{years}} and }.");
    CHECK(t.prompt.text == "Still {colour}, Ana?");
}

TEST_CASE("interpolation: booleans are written true or false") {
    // docs/format.md 9.2
    Library lib = load_one(R"(
script: s
version: 1
slots:
  flag: {type: boolean}
start: hello
nodes:
  hello:
    say: "Flag: {flag}."
    next: fin
  fin:
    end: resolved
)");
    CHECK(lib.start("s", {{"flag", true}}).next().messages.at(0).text == "Flag: true.");
    CHECK(lib.start("s", {{"flag", "no"}}).next().messages.at(0).text == "Flag: false.");
}

TEST_CASE("interpolation: a say is filled in from memory as it is when the turn is given") {
    // docs/format.md 9.2: later nodes' set and forget on the way to the question count.
    Library lib = load_one(R"(
script: s
version: 1
slots:
  plan: {type: text}
  old: {type: text}
  q: {type: boolean}
start: hello
nodes:
  hello:
    say: "Plan {plan}, old {old}."
    next: change
  change:
    set: {plan: gold}
    forget: [old]
    next: ask
  ask:
    ask: "Keep {plan}?"
    slot: q
    next: fin
  fin:
    end: resolved
)");
    Session s = lib.start("s", {{"plan", "silver"}, {"old", "bronze"}});
    Turn t = s.next();
    REQUIRE(t.messages.size() == 1);
    CHECK(t.messages[0].text == "Plan gold, old {old}.");
    CHECK(t.prompt.text == "Keep gold?");
}

// ---------------------------------------------------------------------------------------------
// copies

TEST_CASE("copying a session branches the conversation") {
    Library lib = load_one(basic_script);
    Session s = lib.start("s");
    CHECK(s.reply("yes") == ReplyStatus::accepted);

    Session copy = s;
    CHECK(same(copy.next(), s.next()));
    CHECK(copy.turn() == 1);

    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::resolved);
    CHECK_FALSE(copy.ended());
    CHECK_FALSE(copy.known("b"));
    CHECK(copy.next().prompt.node == "qb");

    CHECK(copy.reply("no") == ReplyStatus::accepted);
    CHECK(copy.outcome() == Outcome::escalated);
    CHECK(copy.get("b") == Value(false));
    CHECK(s.get("b") == Value(true));
    CHECK(s.outcome() == Outcome::resolved);

    Session assigned = lib.start("s");
    assigned = copy;
    CHECK(assigned.outcome() == Outcome::escalated);
    CHECK(assigned.get("a") == Value(true));

    Session moved = std::move(assigned);
    CHECK(moved.outcome() == Outcome::escalated);
    CHECK(moved.summary().turns == 2);
}

TEST_CASE("a copy outlives the session and the library it came from") {
    std::optional<Session> keep;
    {
        Library lib = load_one(basic_script);
        Session s = lib.start("s");
        CHECK(s.reply("yes") == ReplyStatus::accepted);
        keep = s;
    }
    Turn t = keep->next();
    CHECK(t.prompt.node == "qb");
    CHECK(t.prompt.text == "B?");
    CHECK(keep->reply("yes") == ReplyStatus::accepted);
    CHECK(keep->next().prompt.text == "All good.");
}

// Regression (fixed): a copied Session never records trace events again (until 256 events would have filled the
// ring). SessionCore's copy does not keep the trace buffer's reserved capacity, and
// SessionCore::record() silently drops every event when the capacity is short of 256. This also
// hits the natural `Session s = *lib.try_start(...)`, which copies the Session out of the Result.
TEST_CASE("copying a session: the copy keeps its own growing trace") {
    Library lib = load_one(basic_script);
    auto answered_qa = [](const Session& x) {
        for (const auto& e : x.trace())
            if (e.kind == TraceKind::answered && e.node == "qa") return true;
        return false;
    };
    SUBCASE("copy construction") {
        Session s = lib.start("s");
        Session copy = s;
        CHECK(s.reply("yes") == ReplyStatus::accepted);
        CHECK(copy.reply("yes") == ReplyStatus::accepted);
        CHECK(copy.trace().size() == s.trace().size());
        CHECK(answered_qa(s));
        CHECK(answered_qa(copy));
    }
    SUBCASE("copy assignment") {
        Session s = lib.start("s");
        Session copy = lib.start("s");
        copy = s;
        CHECK(copy.reply("yes") == ReplyStatus::accepted);
        CHECK(answered_qa(copy));
    }
    SUBCASE("a session copied out of try_start's Result") {
        Session s = *lib.try_start("s");
        CHECK(s.reply("yes") == ReplyStatus::accepted);
        CHECK(answered_qa(s));
    }
}

// ---------------------------------------------------------------------------------------------
// starting a session

namespace {
const char* start_script = R"(
script: s
version: 1
slots:
  flag: {type: boolean}
  years: {type: number, min: 0, max: 50}
  colour: {type: choice, choices: [green, orange]}
  name: {type: text}
start: q
nodes:
  q:
    ask: Flag?
    slot: flag
    next: restart
  restart:
    instruct: Restart.
    action: modem.restart
    next: fin
  fin:
    end: resolved
)";

std::vector<std::string> rules(const std::vector<parley::Diagnostic>& ds) {
    std::vector<std::string> out;
    for (const auto& d : ds) out.push_back(d.rule);
    return out;
}
}  // namespace

TEST_CASE("try_start: errors for an unknown script, slot or action, or a value that does not fit") {
    Library lib = load_one(start_script);

    auto r = lib.try_start("nope");
    CHECK_FALSE(r.has_value());
    CHECK(rules(r.diagnostics()) == std::vector<std::string>{"unknown-script"});
    CHECK(r.diagnostics()[0].severity == parley::Severity::error);
    CHECK(r.diagnostics()[0].message.find("nope") != std::string::npos);

    r = lib.try_start("s", {{"no.such.slot", true}});
    CHECK_FALSE(r.has_value());
    CHECK(rules(r.diagnostics()) == std::vector<std::string>{"unknown-slot"});
    CHECK(r.diagnostics()[0].message.find("no.such.slot") != std::string::npos);

    r = lib.try_start("s", {}, {"modem.reboot"});
    CHECK_FALSE(r.has_value());
    CHECK(rules(r.diagnostics()) == std::vector<std::string>{"unknown-action"});
    CHECK(r.diagnostics()[0].message.find("modem.reboot") != std::string::npos);

    for (const auto& bad : parley::Facts{{"flag", 1},
                                         {"flag", "maybe"},
                                         {"years", true},
                                         {"years", "many"},
                                         {"years", 51},
                                         {"years", -1},
                                         {"colour", "purple"},
                                         {"colour", 1}}) {
        CAPTURE(bad.first);
        CAPTURE(bad.second.to_string());
        r = lib.try_start("s", {bad});
        CHECK_FALSE(r.has_value());
        CHECK(rules(r.diagnostics()) == std::vector<std::string>{"wrong-type"});
    }
}

TEST_CASE("try_start: every problem is reported, not only the first") {
    Library lib = load_one(start_script);
    auto r = lib.try_start("s", {{"no.such.slot", 1}, {"flag", "perhaps"}}, {"modem.reboot"});
    CHECK_FALSE(r.has_value());
    CHECK(rules(r.diagnostics()) == std::vector<std::string>{"unknown-slot", "wrong-type", "unknown-action"});
}

TEST_CASE("try_start: values that fit, including text read as a reply would be") {
    Library lib = load_one(start_script);
    auto r = lib.try_start("s", {{"flag", "yes"}, {"years", "12"}, {"colour", "Orange"}, {"name", "Ana"}},
                           {"modem.restart"});
    REQUIRE(r.has_value());
    Session& s = *r;
    CHECK(r.diagnostics().empty());
    CHECK(s.get("flag") == Value(true));
    CHECK(s.get("years") == Value(12));
    CHECK(s.get("colour") == Value("orange"));
    CHECK(s.get("name") == Value("Ana"));
    CHECK(s.done("modem.restart"));
    CHECK(s.outcome() == Outcome::resolved);
}

TEST_CASE("start: throws parley::Error with the diagnostics") {
    Library lib = load_one(start_script);
    CHECK_THROWS_AS(lib.start("nope"), parley::Error);
    CHECK_THROWS_AS(lib.start("s", {{"flag", 3}}), parley::Error);
    try {
        lib.start("s", {{"no.such.slot", true}}, {"modem.reboot"});
        FAIL("start() did not throw");
    } catch (const parley::Error& e) {
        CHECK(rules(e.diagnostics()) == std::vector<std::string>{"unknown-slot", "unknown-action"});
        CHECK(std::string(e.what()).find("unknown-slot") != std::string::npos);
    }
}

// ---------------------------------------------------------------------------------------------
// fill()

TEST_CASE("fill: an undeclared slot or a value that does not fit throws and leaves the session unchanged") {
    Library lib = load_one(start_script);
    Session s = lib.start("s");
    const Turn before = s.next();
    const auto trace_before = s.trace().size();

    try {
        s.fill("no.such.slot", true);
        FAIL("fill() did not throw");
    } catch (const parley::Error& e) {
        CHECK(rules(e.diagnostics()) == std::vector<std::string>{"unknown-slot"});
    }
    CHECK_THROWS_AS(s.fill("flag", "perhaps"), parley::Error);
    CHECK_THROWS_AS(s.fill("flag", 7), parley::Error);
    CHECK_THROWS_AS(s.fill("years", 51), parley::Error);
    CHECK_THROWS_AS(s.fill("colour", "purple"), parley::Error);

    CHECK(same(before, s.next()));
    CHECK(s.trace().size() == trace_before);
    CHECK_FALSE(s.known("flag"));
    CHECK_FALSE(s.known("years"));
    CHECK_FALSE(s.known("colour"));
    CHECK(s.summary().facts.empty());
    CHECK(s.turn() == 0);
}

// Regression (fixed): fill() does not check the kind of Value as try_start() does. try_start rejects a number or
// a boolean for a choice or text slot (wrong-type), but fill() converts any Value to text and
// reads it as a reply: fill("colour", 2) stores the second choice, fill("name", true) stores the
// text "true", fill("name", 5) the text "5".
TEST_CASE("fill: a number or boolean for a choice or text slot is wrong-type, as at start") {
    Library lib = load_one(start_script);
    REQUIRE_FALSE(lib.try_start("s", {{"colour", 2}}).has_value());
    REQUIRE_FALSE(lib.try_start("s", {{"name", true}}).has_value());
    Session s = lib.start("s");
    CHECK_THROWS_AS(s.fill("colour", 2), parley::Error);
    CHECK_THROWS_AS(s.fill("name", true), parley::Error);
    CHECK_THROWS_AS(s.fill("name", 5), parley::Error);
    CHECK_FALSE(s.known("colour"));
    CHECK_FALSE(s.known("name"));
}

TEST_CASE("fill: values that fit, text read as a reply would be") {
    Library lib = load_one(start_script);
    Session s = lib.start("s");
    s.fill("years", "12");
    s.fill("colour", "Orange");
    s.fill("name", "Ana");
    s.fill("years", 13);  // a later value replaces the earlier one
    CHECK(s.get("years") == Value(13));
    CHECK(s.get("colour") == Value("orange"));
    CHECK(s.get("name") == Value("Ana"));
    CHECK(s.next().prompt.node == "q");
    CHECK(s.why("years") == "years = 13: given by the host at turn 0 (at 'q' in script s)");
}

TEST_CASE("fill: answers the waiting question about that slot") {
    Library lib = load_one(start_script);
    Session s = lib.start("s");
    s.fill("flag", false);
    CHECK(s.next().prompt.node == "restart");
    CHECK(s.get("flag") == Value(false));
    CHECK(s.turn() == 0);
    auto sum = s.summary();
    REQUIRE(sum.facts.size() == 1);
    CHECK(sum.facts[0].source == parley::Source::host);
    CHECK(sum.facts[0].node == "q");
}

// ---------------------------------------------------------------------------------------------
// the trace

TEST_CASE("the trace keeps the most recent events, in order, bounded") {
    Library lib = load_one(R"(
script: s
version: 1
slots:
  again: {type: boolean}
start: q
nodes:
  q:
    ask: Again?
    slot: again
    forget: [again]
    next: q
)");
    Session s = lib.start("s");
    for (int i = 0; i < 400; ++i) REQUIRE(s.reply(i % 2 ? "yes" : "no") == ReplyStatus::accepted);
    auto trace = s.trace();
    CHECK(trace.size() <= 256);
    CHECK(trace.size() >= 100);
    CHECK(trace.back().kind == TraceKind::asked);
    CHECK(trace.back().turn == 400);
    for (std::size_t i = 1; i < trace.size(); ++i) CHECK(trace[i - 1].turn <= trace[i].turn);
    CHECK(trace.front().kind != TraceKind::started);  // the oldest events were dropped
    CHECK(s.turn() == 400);
}

TEST_CASE("the trace keeps as many events as StartOptions::trace_capacity says, or none") {
    Library lib = load_one(R"(
script: s
version: 1
slots:
  again: {type: boolean}
start: q
nodes:
  q:
    ask: Again?
    slot: again
    forget: [again]
    next: q
)");
    CHECK(StartOptions{}.trace_capacity == parley::default_trace_capacity);
    auto messages = [](const Session& s) {
        std::vector<std::string> out;
        for (const auto& e : s.trace()) out.push_back(e.message);
        return out;
    };
    auto run = [&](std::size_t capacity) {
        StartOptions options;
        options.trace_capacity = capacity;
        Session s = lib.start("s", {}, {}, options);
        for (int i = 0; i < 300; ++i) REQUIRE(s.reply(i % 2 ? "yes" : "no") == ReplyStatus::accepted);
        return s;
    };
    Session full = run(100000);  // every event so far: the ring has grown as they came
    std::vector<std::string> all = messages(full);
    CHECK(all.size() == 2 + 300 * 3);  // started, asked; then answered, forgot, asked each turn
    for (std::size_t capacity : {std::size_t(1), std::size_t(7), std::size_t(256)}) {
        CAPTURE(capacity);
        Session s = run(capacity);
        CHECK(messages(s) == std::vector<std::string>(all.end() - static_cast<std::ptrdiff_t>(capacity), all.end()));
    }
    Session none = run(0);
    CHECK(none.trace().empty());
    CHECK(none.summary().turns == full.summary().turns);
    auto restored = lib.restore(none.snapshot({/*include_trace=*/true}));
    REQUIRE(restored.has_value());
    CHECK(restored->trace().empty());

    // A snapshot carries the capacity: more events than the default restore with all of them, and
    // the ring goes on growing up to its own capacity; a full ring stays full.
    auto restored_full = lib.restore(full.snapshot({/*include_trace=*/true}));
    REQUIRE(restored_full.has_value());
    CHECK(messages(*restored_full) == all);
    CHECK(restored_full->reply("yes") == ReplyStatus::accepted);
    CHECK(messages(*restored_full).size() == all.size() + 3);
    auto restored_7 = lib.restore(run(7).snapshot({/*include_trace=*/true}));
    REQUIRE(restored_7.has_value());
    CHECK(restored_7->reply("yes") == ReplyStatus::accepted);
    CHECK(messages(*restored_7).size() == 7);  // full: the oldest make way
}

TEST_CASE("the summary keeps the most recent signals, and counts them all") {
    Library lib = load_many({{"policies.yaml", "version: 1\npolicies:\n  honor_cancellation: false\n"}, {"s.yaml", R"(
script: s
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
)"}});
    Session s = lib.start("s");
    CHECK(s.signal("cancel") == parley::SignalStatus::handled);
    for (int i = 0; i < 40; ++i) REQUIRE(s.signal("repeat") == parley::SignalStatus::handled);
    auto sum = s.summary();
    CHECK(sum.signals_received == 41);
    REQUIRE(sum.signals.size() == parley::Summary::signals_kept);
    for (const auto& signal : sum.signals) CHECK(signal == "repeat");  // the cancel was the oldest
    CHECK(s.turn() == 38);  // the first three repeats at the prompt are not turns (docs/policies.md)
    std::ostringstream out;
    out << sum;
    CHECK(out.str().find("Signals (the last 32 of 41): repeat repeat ") != std::string::npos);

    Session few = lib.start("s");
    CHECK(few.signal("repeat") == parley::SignalStatus::handled);
    CHECK(few.summary().signals_received == 1);
    std::ostringstream few_out;
    few_out << few.summary();
    CHECK(few_out.str().find("Signals: repeat\n") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// threads

namespace {

// Runs one conversation and writes everything it said, the trace and the summary.
std::string transcript(const Library& lib, const std::string& script, const parley::Facts& facts,
                       const std::vector<std::string>& done, const std::vector<std::string>& replies,
                       const std::string& locale = {}) {
    std::ostringstream out;
    Session s = lib.start(script, facts, done, StartOptions{locale});
    std::size_t next_reply = 0;
    for (Turn t = s.next();; t = s.next()) {
        for (const auto& m : t.messages) out << "say " << m.script << "." << m.node << ": " << m.text << "\n";
        out << parley::to_string(t.prompt.kind) << " " << t.prompt.script << "." << t.prompt.node << ": "
            << t.prompt.text << " [" << t.prompt.hint << "] #" << t.prompt.attempt << "\n";
        if (t.ended() || next_reply == replies.size()) break;
        const std::string& r = replies[next_reply++];
        out << "> " << r << " -> " << static_cast<int>(s.reply(r)) << "\n";
    }
    for (const auto& e : s.trace()) out << "  " << parley::to_string(e.kind) << " " << e.turn << " " << e.message << "\n";
    out << s.summary();
    return out.str();
}

std::string all_conversations(const Library& lib) {
    std::string out;
    out += transcript(lib, "internet_down", {}, {}, {"no", "none", "orange", "done", "no", "ok", "no", "yes"});
    out += transcript(lib, "internet_down", {{"modem.lights", "green"}}, {"modem.restart"}, {"no", "cables.check", "no", "maybe", "yes"});
    out += transcript(lib, "internet_down", {{"outage.known", true}}, {}, {}, "es");
    out += transcript(lib, "internet_down", {}, {}, {"no", "1, 2", "purple", "off", "done", "yes"});
    out += transcript(lib, "cancel_service", {{"account.tenure_years", 5}}, {}, {"price", "no"});
    out += transcript(lib, "cancel_service", {{"account.tenure_years", 1}}, {}, {"service", "yes"});
    out += transcript(lib, "cancel_service", {}, {}, {"dunno", "still dunno"});
    out += transcript(lib, "account_status", {}, {}, {"yes"});
    out += transcript(lib, "account_status", {}, {}, {"what", "?", "maybe", "no"});
    return out;
}

}  // namespace

TEST_CASE("the shipped scripts: conversations reach the expected ends") {
    auto loaded = Library::load(PARLEY_SOURCE_DIR "/scripts");
    if (!loaded.has_value())
        for (const auto& d : loaded.diagnostics()) MESSAGE(parley::format(d));
    REQUIRE(loaded.has_value());
    const Library& lib = *loaded;
    CHECK(lib.has_script("internet_down"));
    CHECK(lib.has_script("cancel_service"));
    CHECK(lib.has_script("account_status"));

    Session s = lib.start("internet_down");
    CHECK(s.next().prompt.kind == Utterance::Kind::lookup);
    CHECK(s.next().prompt.lookup == "outage.status");
    s.fill("outage.known", false);
    CHECK(s.reply("none") == ReplyStatus::accepted);
    CHECK(s.reply("orange") == ReplyStatus::accepted);
    CHECK(s.next().prompt.node == "cables");
    CHECK(s.reply("done") == ReplyStatus::accepted);
    CHECK(s.reply("no") == ReplyStatus::accepted);
    CHECK(s.next().prompt.node == "restart");
    CHECK(s.reply("ok") == ReplyStatus::accepted);
    CHECK(s.reply("no") == ReplyStatus::accepted);
    Turn t = s.next();
    CHECK(t.prompt.script == "account_status");
    CHECK(t.prompt.kind == Utterance::Kind::lookup);
    s.fill("account.suspended", true);
    CHECK(s.outcome() == Outcome::transferred);

    Session c = lib.start("cancel_service", {{"account.tenure_years", 5}});
    t = c.next();
    REQUIRE(t.messages.size() == 1);
    CHECK(t.messages[0].text == "I can cancel your service for you on this call.");
    CHECK(c.reply("price") == ReplyStatus::accepted);
    t = c.next();
    REQUIRE(t.messages.size() == 1);
    CHECK(t.messages[0].text.find("You've been with us for 5 years") == 0);
    CHECK(t.prompt.kind == Utterance::Kind::offer);
    CHECK(c.reply("no") == ReplyStatus::accepted);
    CHECK(c.outcome() == Outcome::cancelled);
}

TEST_CASE("a Library shared by 4 threads, each running its own sessions, gives identical results") {
    auto loaded = Library::load(PARLEY_SOURCE_DIR "/scripts");
    REQUIRE(loaded.has_value());
    const Library lib = *loaded;
    const std::string expected = all_conversations(lib);
    REQUIRE(expected.find("Outcome: transferred") != std::string::npos);
    REQUIRE(expected.find("Outcome: cancelled") != std::string::npos);
    REQUIRE(expected.find("Outcome: completed") != std::string::npos);

    constexpr int threads = 4;
    constexpr int rounds = 25;
    std::vector<std::string> results(threads * rounds);
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) {
        pool.emplace_back([&, i] {
            Library mine = lib;  // copies share the compiled program
            for (int r = 0; r < rounds; ++r)
                results[static_cast<std::size_t>(i * rounds + r)] = all_conversations(r % 2 ? mine : lib);
        });
    }
    for (auto& t : pool) t.join();
    int differ = 0;
    for (const auto& r : results) differ += r != expected;
    CHECK(differ == 0);
}
