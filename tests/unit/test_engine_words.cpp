// Engine tests of the customer's words per locale (docs/format.md, "Reply words"): the built-in
// words of each class in English and Spanish, choice and action labels and synonyms, folding, the
// engine's own texts per locale, and what a library adds in policies.yaml (`words:`, `texts:`).
// Also the lint rules about them: ambiguous-word, missing-translation of labels and texts, and
// closing_courtesy in Spanish.
#include <doctest/doctest.h>
#include <parley/parley.hpp>

#include "support.hpp"

#include <string>
#include <vector>

using parley::Library;
using parley::Outcome;
using parley::ReplyStatus;
using parley::Session;
using parley::StartOptions;

using test_support::at;
using test_support::load_many;

namespace {

// A question of each kind, in English and Spanish.
const char* words_script = R"(
script: w
version: 1
locale: en
slots:
  ok: {type: boolean}
  colour:
    type: choice
    choices:
      - green: {en: Green, es: Verde}
      - orange: {en: Orange, es: Naranja, also: [ámbar, amber]}
      - "off"
    labels:
      "off": {en: No lights, es: Sin luces, also: [apagado]}
  deal: {type: boolean}
actions:
  modem.restart: {en: Modem restart, es: Reinicio del módem, also: [reinicio]}
  cables.check: {en: Cable check, es: Revisión de los cables}
start: tried
nodes:
  tried:
    ask: {en: "What have you tried?", es: "¿Qué ha probado ya?"}
    type: actions
    choices: [modem.restart, cables.check]
    next: ok_q
  ok_q:
    ask: {en: "Is it working?", es: "¿Funciona?"}
    slot: ok
    next: colour_q
  colour_q:
    ask: {en: "Which colour?", es: "¿De qué color?"}
    slot: colour
    next: reset
  reset:
    instruct: {en: Reset the modem., es: Reinicie el módem.}
    action: modem.reset
    on_fail: sorry
    next: offer
  offer:
    offer: {en: "A month free?", es: "¿Un mes gratis?"}
    slot: deal
    kind: retention
    next: fin
  sorry:
    end: escalated
    say: {en: Sorry., es: Lo siento.}
  fin:
    end: resolved
    say: {en: Done., es: Hecho.}
)";

Library words_library(const std::string& policies = "version: 1\n") {
    return load_many({{"policies.yaml", policies}, {"w.yaml", words_script}});
}

Session start(const Library& lib, const std::string& locale) {
    StartOptions options;
    options.locale = locale;
    return lib.start("w", {}, {}, options);
}

// A Spanish session past the actions question.
Session at_yes_no(const Library& lib, const std::string& locale = "es") {
    Session s = start(lib, locale);
    REQUIRE(s.reply("-") == ReplyStatus::accepted);  // none, in every locale
    REQUIRE(at(s) == "w.ok_q");
    return s;
}

}  // namespace

TEST_CASE("words: Spanish yes and no, accents, case and punctuation ignored") {
    Library lib = words_library();
    for (const char* yes : {"sí", "si", "Sí", "¡SÍ!", "claro", "Vale.", "de acuerdo", "ok", "Por supuesto"}) {
        Session s = at_yes_no(lib);
        CHECK_MESSAGE(s.reply(yes) == ReplyStatus::accepted, yes);
        CHECK_MESSAGE(s.get("ok")->as_boolean(), yes);
    }
    for (const char* no : {"no", "No.", "no, gracias", "para nada", "NEGATIVO"}) {
        Session s = at_yes_no(lib);
        CHECK_MESSAGE(s.reply(no) == ReplyStatus::accepted, no);
        CHECK_MESSAGE(!s.get("ok")->as_boolean(), no);
    }
}

TEST_CASE("words: a yes or a no before a comma answers, whatever the customer adds") {
    Library lib = words_library();
    for (const char* yes : {"sí, ya funciona", "Sí, allí", "claro, sin problema", "sí, gracias", "ahora sí"}) {
        Session s = at_yes_no(lib);
        CHECK_MESSAGE(s.reply(yes) == ReplyStatus::accepted, yes);
        CHECK_MESSAGE(s.get("ok")->as_boolean(), yes);
    }
    for (const char* no : {"no, sigue sin funcionar", "No, todavía no", "todavía no", "creo que no"}) {
        Session s = at_yes_no(lib);
        CHECK_MESSAGE(s.reply(no) == ReplyStatus::accepted, no);
        CHECK_MESSAGE(!s.get("ok")->as_boolean(), no);
    }
    // Only the first clause, and only when it is a word: a doubt or a mix is still not understood.
    for (const char* unclear : {"no sé", "tal vez, sí", "sí no"}) {
        Session s = at_yes_no(lib);
        CHECK_MESSAGE(s.reply(unclear) == ReplyStatus::not_understood, unclear);
    }
    Session en = at_yes_no(lib, "en");
    CHECK(en.reply("yes, send it there") == ReplyStatus::accepted);
    CHECK(en.get("ok")->as_boolean());
}

TEST_CASE("words: a session hears only its own locale's chain; es-MX takes es's words") {
    Library lib = words_library();
    Session es = at_yes_no(lib);
    CHECK(es.reply("yes") == ReplyStatus::not_understood);  // English words are not Spanish ones
    Session en = at_yes_no(lib, "en");
    CHECK(en.reply("sí") == ReplyStatus::not_understood);
    Session mx = at_yes_no(lib, "es-MX");
    CHECK(mx.reply("claro") == ReplyStatus::accepted);
    // A locale without words of its own (fr) hears the library default's (en).
    Session fr = start(lib, "fr");
    CHECK(fr.reply("none") == ReplyStatus::accepted);
    CHECK(fr.reply("yes") == ReplyStatus::accepted);
}

TEST_CASE("words: none, done, couldn't and the offer's words in Spanish") {
    Library lib = words_library();
    for (const char* none : {"ninguno", "Ninguna", "nada", "no"}) {
        Session s = start(lib, "es");
        CHECK_MESSAGE(s.reply(none) == ReplyStatus::accepted, none);
        CHECK(!s.done("modem.restart"));
    }
    Session s = at_yes_no(lib);
    REQUIRE(s.reply("no") == ReplyStatus::accepted);
    REQUIRE(s.reply("verde") == ReplyStatus::accepted);
    REQUIRE(at(s) == "w.reset");
    Session done = s;
    CHECK(done.reply("Listo") == ReplyStatus::accepted);
    CHECK(done.done("modem.reset"));
    Session ya = s;
    CHECK(ya.reply("ya está") == ReplyStatus::accepted);
    CHECK(ya.done("modem.reset"));
    for (const char* couldnt : {"No pude", "no funcionó", "No he podido encontrar el botón", "No, no pude", "no sirvió",
                                "sin suerte", "no fui capaz"}) {
        Session c = s;
        CHECK_MESSAGE(c.reply(couldnt) == ReplyStatus::accepted, couldnt);
        CHECK_MESSAGE(c.failed("modem.reset"), couldnt);
        CHECK(c.outcome() == Outcome::escalated);
    }
    REQUIRE(done.reply("acepto") == ReplyStatus::accepted);
    CHECK(done.get("deal")->as_boolean());
    Session decline = s;
    REQUIRE(decline.reply("hecho") == ReplyStatus::accepted);
    REQUIRE(decline.reply("No me interesa") == ReplyStatus::accepted);
    CHECK(!decline.get("deal")->as_boolean());
}

TEST_CASE("words: a choice by its id, its label in the session's locale, or a synonym") {
    Library lib = words_library();
    for (const char* reply : {"naranja", "NARANJA", "ámbar", "ambar", "amber", "orange", "2"}) {
        Session s = at_yes_no(lib);
        REQUIRE(s.reply("sí") == ReplyStatus::accepted);
        CHECK_MESSAGE(s.reply(reply) == ReplyStatus::accepted, reply);
        CHECK_MESSAGE(s.get("colour")->as_text() == "orange", reply);
    }
    Session off = at_yes_no(lib);
    REQUIRE(off.reply("sí") == ReplyStatus::accepted);
    CHECK(off.reply("No lights") == ReplyStatus::not_understood);  // the English label, in a Spanish session
    CHECK(off.reply("sin luces") == ReplyStatus::accepted);
    CHECK(off.get("colour")->as_text() == "off");
    Session en = at_yes_no(lib, "en");
    REQUIRE(en.reply("yes") == ReplyStatus::accepted);
    CHECK(en.reply("verde") == ReplyStatus::not_understood);
    CHECK(en.reply("green") == ReplyStatus::accepted);
}

TEST_CASE("words: actions by id, label or synonym, separated by commas") {
    Library lib = words_library();
    Session s = start(lib, "es");
    CHECK(s.reply("reinicio, Revisión de los cables") == ReplyStatus::accepted);
    CHECK(s.done("modem.restart"));
    CHECK(s.done("cables.check"));
    Session ids = start(lib, "es");
    CHECK(ids.reply("modem.restart") == ReplyStatus::accepted);
    CHECK(ids.done("modem.restart"));
}

TEST_CASE("texts: hints, labels and the engine's own texts in the session's locale") {
    Library lib = words_library();
    Session s = start(lib, "es");
    parley::Turn first = s.next();
    CHECK(first.prompt.labels == std::vector<std::string_view>{"Reinicio del módem", "Revisión de los cables"});
    REQUIRE(s.reply("mmm") == ReplyStatus::not_understood);
    CHECK(s.next().prompt.hint ==
          "Por favor, dígame lo que ya ha hecho, separado por comas (Reinicio del módem, Revisión de los cables), o diga «ninguno».");
    REQUIRE(s.reply("nada") == ReplyStatus::accepted);
    REQUIRE(s.reply("quizá") == ReplyStatus::not_understood);
    CHECK(s.next().prompt.hint == "Por favor, responda sí o no.");
    REQUIRE(s.reply("sí") == ReplyStatus::accepted);
    REQUIRE(s.reply("azul") == ReplyStatus::not_understood);
    CHECK(s.next().prompt.hint == "Por favor, responda con una de estas opciones: Verde, Naranja, Sin luces.");
    CHECK(s.next().prompt.labels == std::vector<std::string_view>{"Verde", "Naranja", "Sin luces"});
    CHECK(s.next().prompt.choices == std::vector<std::string_view>{"green", "orange", "off"});

    Session en = at_yes_no(lib, "en");
    REQUIRE(en.reply("maybe") == ReplyStatus::not_understood);
    CHECK(en.next().prompt.hint == "Please answer yes or no.");

    // The handoff when the customer asks for a person, and the plain cancellation, in Spanish.
    Session handoff = start(lib, "es");
    REQUIRE(handoff.signal("supervisor") == parley::SignalStatus::handled);
    parley::Turn t = handoff.next();
    CHECK(t.prompt.text == "Le paso con un compañero que podrá ayudarle más; verá todo lo que usted me ha contado.");
    CHECK(t.prompt.locale == "es");
    CHECK(!t.prompt.fell_back);
    Session cancel = start(lib, "es-MX");
    REQUIRE(cancel.signal("cancel") == parley::SignalStatus::handled);
    t = cancel.next();
    CHECK(t.prompt.text == "Tal como nos ha pedido, cancelaremos su servicio. Recibirá una confirmación.");
    CHECK(!t.prompt.fell_back);
}

TEST_CASE("policies.yaml: words and texts added to a shipped locale, and a new locale") {
    Library lib = words_library(R"(
version: 1
words:
  es:
    yes: [sip, "¡Por supuestísimo!"]
  fr:
    yes: [oui, ouais]
    no: [non]
    none: [rien, aucun]
texts:
  hint.yes_no:
    fr: Répondez par oui ou par non, s'il vous plaît.
  handoff:
    es: Un momento, le paso con una persona de mi equipo.
)");
    Session es = at_yes_no(lib);
    CHECK(es.reply("Sip") == ReplyStatus::accepted);
    Session es2 = at_yes_no(lib);
    CHECK(es2.reply("por supuestisimo") == ReplyStatus::accepted);
    Session fr = start(lib, "fr");
    REQUIRE(fr.reply("Rien") == ReplyStatus::accepted);
    CHECK(fr.reply("yes") == ReplyStatus::not_understood);  // fr has words of its own now
    CHECK(fr.next().prompt.hint == "Répondez par oui ou par non, s'il vous plaît.");
    CHECK(fr.reply("OUI") == ReplyStatus::accepted);
    Session handoff = start(lib, "es");
    REQUIRE(handoff.signal("agent") == parley::SignalStatus::handled);
    CHECK(handoff.next().prompt.text == "Un momento, le paso con una persona de mi equipo.");
    // fr has no handoff text: the library default's (en), said as a fallback.
    Session fr_handoff = start(lib, "fr-CA");
    REQUIRE(fr_handoff.signal("agent") == parley::SignalStatus::handled);
    parley::Turn t = fr_handoff.next();
    CHECK(t.prompt.locale == "en");
    CHECK(t.prompt.fell_back);
}

TEST_CASE("policies.yaml: a word class or text id that does not exist is a load error") {
    auto bad_class = Library::parse({{"policies.yaml", "version: 1\nwords:\n  es:\n    yess: [sí]\n"}, {"w.yaml", words_script}});
    REQUIRE(!bad_class.has_value());
    CHECK(bad_class.diagnostics().front().rule == "unknown-key");
    CHECK(bad_class.diagnostics().front().region.line == 4);
    CHECK(bad_class.diagnostics().front().message.find("'yess' is not a class of reply words") != std::string::npos);
    auto bad_text = Library::parse({{"policies.yaml", "version: 1\ntexts:\n  handof:\n    es: Hola.\n"}, {"w.yaml", words_script}});
    REQUIRE(!bad_text.has_value());
    CHECK(bad_text.diagnostics().front().rule == "unknown-key");
    REQUIRE(!bad_text.diagnostics().front().notes.empty());
    CHECK(bad_text.diagnostics().front().notes.front().find("handoff") != std::string::npos);
    auto bad_locale = Library::parse({{"policies.yaml", "version: 1\nwords:\n  es_MX:\n    yes: [sí]\n"}, {"w.yaml", words_script}});
    REQUIRE(!bad_locale.has_value());
    CHECK(bad_locale.diagnostics().front().rule == "bad-locale");
}

namespace {
std::vector<parley::Diagnostic> findings(const parley::LintReport& r, const std::string& rule) {
    std::vector<parley::Diagnostic> out;
    for (const parley::Diagnostic& d : r.diagnostics)
        if (d.rule == rule) out.push_back(d);
    return out;
}
std::string messages(const std::vector<parley::Diagnostic>& ds) {
    std::string out;
    for (const parley::Diagnostic& d : ds) out += parley::format(d) + "\n";
    return out;
}
}  // namespace

TEST_CASE("lint ambiguous-word: a choice's label that is a built-in word of the locale") {
    Library lib = load_many({{"a.yaml", R"(
script: a
version: 1
slots:
  a.answer:
    type: choice
    choices:
      - refuse: {en: No, es: Ninguna}
      - maybe: {en: Maybe, es: Quizá}
start: q
nodes:
  q:
    ask: Well?
    slot: a.answer
    next: fin
  fin:
    end: resolved
)"}});
    auto found = findings(parley::lint(lib), "ambiguous-word");
    INFO(messages(found));
    // "Ninguna" is a none word in es, but "none" means nothing at a choice question: no finding for it.
    REQUIRE(found.size() == 1);
    CHECK(found[0].message == "in en, \"no\" names 'refuse' and is also a 'no' word at the questions for slot 'a.answer'");
    CHECK(found[0].region.line == 8);
    // ... and the engine takes it as the choice.
    Session es = lib.start("a", {}, {}, parley::StartOptions{"es"});
    CHECK(es.reply("ninguna") == ReplyStatus::accepted);
    CHECK(es.get("a.answer") == parley::Value("refuse"));
}

TEST_CASE("lint missing-translation: choice and action labels, and the engine's texts, per declared locale") {
    const char* policies = R"(
version: 1
locales: [en, es]
texts:
  handoff:
    en: One moment, I'll pass you to a colleague.
)";
    const char* script = R"(
script: a
version: 1
slots:
  a.colour:
    type: choice
    choices: [red, blue]
    labels:
      red: {en: Red, es: Rojo}
      blue: Blue
actions:
  modem.restart: {en: Modem restart}
start: tried
nodes:
  tried:
    ask: {en: "What have you tried?", es: "¿Qué ha probado?"}
    type: actions
    choices: [modem.restart]
    next: q
  q:
    ask: {en: "Which?", es: "¿Cuál?"}
    slot: a.colour
    next: fin
  fin:
    end: resolved
)";
    auto found = findings(parley::lint(load_many({{"policies.yaml", policies}, {"a.yaml", script}})), "missing-translation");
    INFO(messages(found));
    REQUIRE(found.size() == 3);
    CHECK(found[0].message == "choice 'blue' of slot 'a.colour' has no label for locale es (declared in policies.yaml)");
    CHECK(found[0].region.file == "a.yaml");
    CHECK(found[1].message.find("action 'modem.restart' has no label for locale es") == 0);
    CHECK(found[1].region.line == 12);
    CHECK(found[2].message.find("the engine's text 'handoff' has no library text for locale es") == 0);
    CHECK(found[2].region.file == "policies.yaml");
    CHECK(found[2].region.line == 6);

    // A text for a locale the library does not declare is extra: en and es keep their shipped ones.
    const char* extra = "version: 1\nlocales: [en, es]\ntexts:\n  hint.yes_no:\n    fr: Oui ou non ?\n";
    const char* plain = "script: b\nversion: 1\nstart: bye\nnodes:\n  bye: {end: resolved, say: {en: Bye., es: Adiós.}}\n";
    CHECK(findings(parley::lint(load_many({{"policies.yaml", extra}, {"b.yaml", plain}})), "missing-translation").empty());
}

TEST_CASE("closing_courtesy in Spanish: the es phrases are cut from the es closing of an unresolved end") {
    const char* script = R"(
script: a
version: 1
start: bye
nodes:
  bye:
    end: cancelled
    say:
      en: Your service is cancelled. Have a good day!
      es: Su servicio queda cancelado. ¡Que tenga un buen día!
)";
    Library lib = load_many({{"a.yaml", script}});
    StartOptions es;
    es.locale = "es";
    CHECK(lib.start("a", {}, {}, es).next().prompt.text == "Su servicio queda cancelado.");
    CHECK(lib.start("a").next().prompt.text == "Your service is cancelled.");
    auto found = findings(parley::lint(lib), "pleasantry-on-unresolved");
    CHECK(found.size() == 1);

    // A library's own list for one locale replaces that locale's defaults only.
    Library own = load_many({{"policies.yaml", "version: 1\npolicies:\n  closing_courtesy:\n    phrases:\n      es: [hasta pronto]\n"},
                             {"a.yaml", R"(
script: a
version: 1
start: bye
nodes:
  bye:
    end: cancelled
    say:
      en: Cancelled. Have a good day!
      es: Cancelado. ¡Que tenga un buen día! Hasta pronto.
)"}});
    CHECK(own.start("a", {}, {}, es).next().prompt.text == "Cancelado. ¡Que tenga un buen día!");
    CHECK(own.start("a").next().prompt.text == "Cancelled.");
}

TEST_CASE("words: lint explores a library whose default locale is Spanish with the same replies") {
    // The explorer's replies are English words and ids (yes, no, none): it reads them in English
    // whatever the default locale, so both branches of a Spanish library's question are reached.
    Library lib = load_many({{"policies.yaml", "version: 1\nlocales: [es]\n"}, {"a.yaml", R"(
script: a
version: 1
locale: es
slots:
  a.ok: {type: boolean}
start: q
nodes:
  q:
    ask: ¿Funciona?
    slot: a.ok
    next:
      - if: a.ok
        goto: bien
      - goto: mal
  bien:
    end: resolved
    say: Estupendo.
  mal:
    end: escalated
    say: Le paso con un técnico.
)"}});
    parley::LintReport report = parley::lint(lib);
    INFO(messages(report.diagnostics));
    CHECK(report.diagnostics.empty());
    Session s = lib.start("a");
    CHECK(s.reply("yes") == ReplyStatus::not_understood);  // a session hears its locale's words
    CHECK(s.reply("Sí") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::resolved);
}

TEST_CASE("closing_courtesy: each locale's phrases are cut from its own texts; a plain list from every text") {
    const char* script = R"(
script: a
version: 1
start: bye
nodes:
  bye:
    end: escalated
    say:
      en: Passing you on. Que tenga un buen día.
      es-MX: Le paso con alguien. Have a good day. ¡Que tenga un buen día!
)";
    StartOptions mx;
    mx.locale = "es-MX";
    Library defaults = load_many({{"a.yaml", script}});
    CHECK(defaults.start("a").next().prompt.text == "Passing you on. Que tenga un buen día.");  // es's phrase, en's text
    CHECK(defaults.start("a", {}, {}, mx).next().prompt.text == "Le paso con alguien. Have a good day.");  // es's, in es-MX
    Library plain = load_many({{"policies.yaml", "version: 1\npolicies:\n  closing_courtesy:\n    phrases: [que tenga un buen día]\n"},
                               {"a.yaml", script}});
    CHECK(plain.start("a").next().prompt.text == "Passing you on.");
    CHECK(plain.start("a", {}, {}, mx).next().prompt.text == "Le paso con alguien. Have a good day.");
}
