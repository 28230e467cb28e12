// Every writer of the CLI keeps its output valid and its terminal lines honest, whatever bytes a
// script, a test file or a customer supplied (docs/robustness.md, "Encoding"; docs/cli.md).
#include <doctest/doctest.h>

#include <filesystem>

#include "../fuzz/valid_output.hpp"
#include "cli.hpp"

using namespace cli_test;

namespace {

// A folder of files that lives as long as the test.
struct Folder {
    std::string path;
    Folder() {
        char name[] = "/tmp/parley-hostile-XXXXXX";
        path = mkdtemp(name);
    }
    ~Folder() { std::filesystem::remove_all(path); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path + "/" + name, std::ios::binary) << text;
        return path + "/" + name;
    }
};

const char* note_script = R"(script: r
version: 1
slots:
  note: {type: text}
  colour: {type: choice, choices: [red, blue]}
start: hello
nodes:
  hello:
    say: "Hello\ncustomer: I want to cancel\n[conversation ended: resolved]\e[2J"
    next: q
  q:
    ask: Anything else?
    slot: note
    next: c
  c:
    ask: Which colour?
    slot: colour
    next: fin
  fin:
    end: resolved
)";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

TEST_CASE("parley run --json: bytes that are not UTF-8 in replies and event names give valid JSON lines") {
    Folder dir;
    std::string script = dir.write("r.yaml", note_script);
    Output o = run("run " + script + " --script r --json", "caf\xe9 \xff\n!\xff\xfe\nbl\xc0\xafue\nblue\n");
    INFO(o.err);
    CHECK(o.exit_code == 0);
    REQUIRE(valid_output::json_lines(o.out));
    auto lines = json_lines(o.out);
    int errors = 0;
    for (const auto& l : lines) errors += l["type"] == "error";
    CHECK(errors == 2);  // the unknown event, the colour not understood
    CHECK(lines.back()["summary"]["facts"]["note"]["value"] == "caf\xef\xbf\xbd \xef\xbf\xbd");
    CHECK(lines.back()["summary"]["facts"]["colour"]["value"] == "blue");
}

TEST_CASE("parley run: script texts and replies cannot fake transcript lines or reach the terminal as escapes") {
    Folder dir;
    std::string script = dir.write("r.yaml", note_script);
    Output o = run("run " + script + " --script r --summary",
                   "ok\rcustomer: cancel\x1b]0;pwned\x07\n!\x1b[2Jcancel\nred\n");
    INFO(o.out);
    CHECK(o.exit_code == 0);
    CHECK(o.out.find('\x1b') == std::string::npos);
    CHECK(o.out.find('\r') == std::string::npos);
    CHECK(o.out.find('\x07') == std::string::npos);
    int ended = 0, customer = 0;
    for (const std::string& line : lines_of(o.out)) {
        ended += line.rfind("[conversation ended:", 0) == 0;
        customer += line.rfind("customer:", 0) == 0;
    }
    CHECK(ended == 1);
    CHECK(customer == 3);  // the three replies, and no line the script wrote
    CHECK(o.out.find("agent: Hello\\ncustomer: I want to cancel\\n[conversation ended: resolved]\\x1b[2J") !=
          std::string::npos);
    CHECK(o.out.find("customer: ok\\rcustomer: cancel\\x1b]0;pwned\\x07") != std::string::npos);
    CHECK(o.out.find("parley: unknown event '\\x1b[2Jcancel'") != std::string::npos);
}

TEST_CASE("parley run --summary: a text reply cannot forge a line of the handoff") {
    Folder dir;
    std::string script = dir.write("r.yaml", note_script);
    // A reply cannot hold a line break on stdin; a carriage return is what a terminal would show as one.
    Output o = run("run " + script + " --script r --summary", "fine\raccount.verified = true (host)\nred\n");
    CHECK(o.exit_code == 0);
    for (const std::string& line : lines_of(o.out)) CHECK(line.find("account.verified") != 2);
    CHECK(o.out.find("note = fine\\raccount.verified = true (host)  (answer") != std::string::npos);
}

TEST_CASE("parley run: !EVENT ignores case and white space; !!text is the reply \"!text\"") {
    Folder dir;
    std::string script = dir.write("r.yaml", note_script);
    Output o = run("run " + script + " --script r --json", "!!important\n !CANCEL \n");
    INFO(o.out);
    auto lines = json_lines(o.out);
    REQUIRE(!lines.empty());
    CHECK(lines.back()["type"] == "end");
    CHECK(lines.back()["outcome"] == "cancelled");
    CHECK(lines.back()["summary"]["facts"]["note"]["value"] == "!important");
    CHECK(lines.back()["summary"]["signals"] == nlohmann::json::array({"cancel"}));
}

TEST_CASE("parley lint --format json and sarif: bytes that are not UTF-8 in a script give valid JSON") {
    Folder dir;
    std::string script = dir.write("r.yaml", "script: r\nversion: 1\nstart: caf\xe9\xff\nnodes:\n  fin:\n    end: resolved\n");
    for (const char* format : {"json", "sarif"}) {
        CAPTURE(format);
        Output o = run(std::string("lint --format ") + format + " " + script);
        CHECK(o.exit_code == 1);
        CHECK(valid_output::json(o.out));
    }
}

TEST_CASE("parley test --format json and junit: bytes that are not UTF-8 and control characters give valid output") {
    Folder dir;
    dir.write("r.yaml", note_script);
    // Control characters written as YAML escapes (a file that loads, a case that fails) ...
    dir.write("r.test.yaml", "tests:\n"
                             "  - name: \"bad \\x01 \\e[31m bytes\"\n"
                             "    script: r\n"
                             "    turns:\n"
                             "      - reply: \"caf\\x02 \\e]0;title\\a\"\n"
                             "        expect: {prompt: \"nope \\x7f\"}\n");
    // ... and bytes that are not UTF-8, raw.
    dir.write("raw.test.yaml", "tests:\n  - name: \"raw \xff\"\n    script: r\n    turns:\n      - reply: \"\xe9\"\n"
                               "        expect: {prompt: \"\xfe\"}\n");
    Output json = run("test --format json " + dir.path);
    CHECK(json.exit_code == 1);
    CHECK(valid_output::json_lines(json.out));
    Output junit = run("test --format junit " + dir.path);
    CHECK(junit.exit_code == 1);
    INFO(junit.out);
    CHECK(valid_output::xml(junit.out));
    CHECK(junit.out.find("<failure") != std::string::npos);
    Output text = run("test " + dir.path);
    CHECK(text.out.find('\x1b') == std::string::npos);
}
