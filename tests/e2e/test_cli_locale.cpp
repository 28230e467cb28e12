// The customer's language through the CLI: `!locale TAG` in `parley run` (text and JSON lines), and
// `parley test --locale` with coverage per locale.
#include <doctest/doctest.h>

#include <filesystem>

#include "cli.hpp"

using namespace cli_test;

TEST_CASE("parley run: !locale es says the turn again in Spanish, and the end line's summary has the switch") {
    // internet_down asks the host about an outage first, then which steps the customer tried.
    Output o = run("run " + scripts + " --script internet_down --json",
                   "no\n!locale es\nmodem.restart\norange\nok, both ends are clicked in\nno\ndone\nsí\n");
    INFO(o.err);
    REQUIRE(o.exit_code == 0);
    auto lines = json_lines(o.out);
    std::size_t at = 0;
    while (at < lines.size() && lines[at]["type"] != "locale") ++at;
    REQUIRE(at + 1 < lines.size());
    CHECK(lines[at]["from"] == "en");
    CHECK(lines[at]["locale"] == "es");
    CHECK(lines[at]["node"] == "tried_already");
    CHECK(lines[at]["turn"] == 1);  // the lookup's answer; a switch is no turn
    CHECK(lines[at - 1]["text"] == "Before we start, which of these have you already tried?");
    CHECK(lines[at + 1]["node"] == "tried_already");  // the same prompt, said again
    CHECK(lines[at + 1]["text"] == "Antes de empezar, ¿cuáles de estas cosas ha probado ya?");
    const auto& end = lines.back();
    REQUIRE(end["type"] == "end");
    CHECK(end["summary"]["locale"] == "es");
    CHECK(end["summary"]["locale_switches_made"] == 1);
    CHECK(end["summary"]["locale_switches"][0]["to"] == "es");
    CHECK(end["summary"]["locale_switches"][0]["node"] == "tried_already");
}

TEST_CASE("parley run: !locale in the transcript, and a bad tag refused without ending the run") {
    Output o = run("run " + scripts + " --script internet_down --summary",
                   "no\n!locale es_MX\n!LOCALE es\nmodem.restart\norange\nok, both ends are clicked in\nno\ndone\nsí\n");
    INFO(o.err);
    REQUIRE(o.exit_code == 0);
    CHECK(o.out.find("parley: 'es_MX' is not a locale tag: write a BCP 47 tag such as en, es or es-MX; did you mean 'es-MX'?\n") !=
          std::string::npos);
    CHECK(o.out.find("[locale: en -> es]\nagent: Antes de empezar") != std::string::npos);
    CHECK(o.out.find("Language: es now; switched 1 time:\n  en -> es  (turn 1, internet_down.tried_already)") != std::string::npos);

    o = run("run " + scripts + " --script internet_down --json", "no\n!locale\n");
    bool refused = false;
    for (const auto& l : json_lines(o.out))
        refused = refused || (l["type"] == "error" && l["text"] == "!locale needs a tag: !locale es");
    CHECK(refused);
}

TEST_CASE("parley test --locale runs the cases in it, and --coverage reports each locale") {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / "parley-e2e-test-locale";
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "t.test.yaml") << "library: " << scripts << "\ntests:\n"
                                       << "  - name: hears Spanish\n    script: internet_down\n    turns:\n"
                                       << "      - reply: \"!unknown\"\n"
                                       << "        expect: {text: \"Antes de empezar, ¿cuáles de estas cosas ha probado ya?\"}\n"
                                       << "  - name: switches to English\n    script: internet_down\n    turns:\n"
                                       << "      - reply: \"!unknown\"\n"
                                       << "      - signal: locale en\n"
                                       << "        expect: {text: \"Before we start, which of these have you already tried?\"}\n";
    Output o = run("test " + (dir / "t.test.yaml").string());
    CHECK(o.exit_code == 1);  // in the script's English, the first case fails
    CHECK(o.out.find("1 passed, 1 failed") != std::string::npos);

    o = run("test " + (dir / "t.test.yaml").string() + " --locale es --coverage");
    INFO(o.out, o.err);
    CHECK(o.exit_code == 0);
    CHECK(o.out.find("2 passed, 0 failed") != std::string::npos);
    CHECK(o.out.find(" per locale:\n  locale            nodes         branches\n  en     ") != std::string::npos);
    CHECK(o.out.find("\n  es     ") != std::string::npos);

    o = run("test " + (dir / "t.test.yaml").string() + " --locale 'klingon!!'");
    CHECK(o.exit_code == 2);
    CHECK(o.err.find("[bad-locale]") != std::string::npos);
    fs::remove_all(dir);
}
