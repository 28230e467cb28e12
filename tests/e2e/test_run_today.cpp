// `--today` on `parley run` and `parley test` (docs/cli.md, docs/testing.md): the engine reads no
// clock, so the CLI passes the date that "tomorrow" and `today` in conditions read.
#include <doctest/doctest.h>

#include <ctime>
#include <fstream>
#include <string>

#include "cli.hpp"

using cli_test::json_lines;
using cli_test::Output;
using cli_test::run;

namespace {

const char* callback_script = R"(script: callback
version: 1
locale: en
slots:
  callback.day: {type: date, min: today}
start: when
nodes:
  when:
    ask:
      en: Which day should we call you back?
      es: ¿Qué día le llamamos?
    slot: callback.day
    next:
      - if: callback.day <= today + 7
        goto: this_week
      - goto: later
  this_week:
    say:
      en: "We will call you on {callback.day}."
      es: "Le llamaremos el {callback.day}."
    end: resolved
  later:
    say:
      en: "We will call you later, on {callback.day}."
      es: "Le llamaremos más adelante, el {callback.day}."
    end: resolved
)";

struct Dir {
    std::string path;
    Dir() {
        char t[] = "/tmp/parley-today-XXXXXX";
        path = mkdtemp(t);
        std::ofstream(path + "/callback.yaml") << callback_script;
    }
    ~Dir() { std::system(("rm -rf " + path).c_str()); }
};

std::string today_iso() {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buf[16];
    return std::string(buf, std::strftime(buf, sizeof buf, "%Y-%m-%d", &local));
}

}  // namespace

TEST_CASE("parley run --today: tomorrow is the day after the date given") {
    Dir d;
    Output o = run("run " + d.path + " --script callback --today 2027-06-30 --json", "tomorrow\n");
    INFO(o.err);
    REQUIRE(o.exit_code == 0);
    auto lines = json_lines(o.out);
    REQUIRE(lines.size() >= 2);
    CHECK(lines[0]["expects"]["type"] == "date");
    CHECK(lines.back()["node"] == "this_week");
    CHECK(lines.back()["text"] == "We will call you on 1 July 2027.");
    CHECK(lines.back()["summary"]["facts"]["callback.day"]["value"] == "2027-07-01");

    Output es = run("run " + d.path + " --script callback --today 2027-06-30 --locale es", "pasado mañana\n");
    REQUIRE(es.exit_code == 0);
    CHECK(es.out.find("Le llamaremos el 2 de julio de 2027.") != std::string::npos);

    // Before today (min: today) is asked again, with the bound in the hint.
    Output past = run("run " + d.path + " --script callback --today 2027-06-30", "2027-06-29\n2027-08-01\n");
    REQUIRE(past.exit_code == 0);
    CHECK(past.out.find("Please give a date from 30 June 2027 on, like 30/06/2027.") != std::string::npos);
    CHECK(past.out.find("later, on 1 August 2027") != std::string::npos);
}

TEST_CASE("parley run: without --today, the system date; a bad one is refused") {
    Dir d;
    Output o = run("run " + d.path + " --script callback --json", "today\n");
    INFO(o.err);
    REQUIRE(o.exit_code == 0);
    CHECK(json_lines(o.out).back()["summary"]["facts"]["callback.day"]["value"] == today_iso());

    Output bad = run("run " + d.path + " --script callback --today 2027-02-30", "today\n");
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("[bad-date]") != std::string::npos);
}

TEST_CASE("parley run --resume --today: a saved conversation resumes on the day given") {
    Dir d;
    Output saved = run("run " + d.path + " --script callback --today 2027-06-01 --save " + d.path + "/s.bin", "");
    REQUIRE(saved.exit_code == 3);
    Output resumed = run("run " + d.path + " --resume " + d.path + "/s.bin --today 2027-09-09 --json", "tomorrow\n");
    INFO(resumed.err);
    REQUIRE(resumed.exit_code == 0);
    CHECK(json_lines(resumed.out).back()["summary"]["facts"]["callback.day"]["value"] == "2027-09-10");
}

TEST_CASE("parley test --today: the date of the cases without today:") {
    Dir d;
    std::ofstream(d.path + "/callback.test.yaml") << R"(library: callback.yaml
tests:
  - name: tomorrow is this week
    script: callback
    turns:
      - reply: tomorrow
        expect: {prompt: this_week, slots: {callback.day: 2027-07-01}}
  - name: its own today
    script: callback
    today: 2030-01-01
    turns:
      - reply: tomorrow
        expect: {prompt: this_week, slots: {callback.day: 2030-01-02}}
)";
    Output o = run("test " + d.path + "/callback.test.yaml --today 2027-06-30");
    INFO(o.out << o.err);
    CHECK(o.exit_code == 0);
    CHECK(o.out.find("2 passed, 0 failed") != std::string::npos);
    Output other_day = run("test " + d.path + "/callback.test.yaml --today 2027-01-01");
    CHECK(other_day.exit_code == 1);
    CHECK(other_day.out.find("1 passed, 1 failed") != std::string::npos);
}
