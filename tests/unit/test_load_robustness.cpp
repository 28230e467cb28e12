// Loading must never crash, hang or throw on bad input: whatever the bytes, Library::parse returns
// either a library or diagnostics, each with a rule id. These tests feed it hostile and broken input.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <parley/parley.hpp>
#include <parley/test_suite.hpp>

using namespace std::string_literals;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in, "cannot read " << path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string shipped(const char* name) { return slurp(std::string(PARLEY_SOURCE_DIR) + "/scripts/" + name); }

int count_lines(const std::string& text) {
    return static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
}

// The contract for any input: no exception, and either a library or at least one error, each
// diagnostic with a rule, a message, and a line that lies inside the text (0 when unknown).
struct Verdict {
    bool kept = false;    // the contract held
    bool loaded = false;  // the text loaded as a library
};

Verdict check_contract(const std::string& text, const std::string& label) {
    INFO("input: " << label);
    Verdict v;
    try {
        auto r = parley::Library::parse(text, "fuzz.yaml");
        v.loaded = r.has_value();
        v.kept = v.loaded || parley::has_errors(r.diagnostics());
        CHECK_MESSAGE(v.kept, "a failed load must say why");
        const int lines = count_lines(text);
        for (const parley::Diagnostic& d : r.diagnostics()) {
            INFO(parley::format(d));
            bool good = !d.rule.empty() && !d.message.empty() && d.rule != "internal-error" &&
                        d.region.line >= 0 && d.region.line <= lines + 1 && d.region.column >= 0;
            if (!good) {
                CHECK(!d.rule.empty());
                CHECK(!d.message.empty());
                CHECK(d.rule != "internal-error");  // an exception escaped the reader or compiler
                CHECK(d.region.line >= 0);
                CHECK(d.region.line <= lines + 1);
                CHECK(d.region.column >= 0);
            }
            v.kept = v.kept && good;
        }
    } catch (const std::exception& e) {
        FAIL_CHECK("parse threw: " << e.what());
        v.kept = false;
    } catch (...) {
        FAIL_CHECK("parse threw a non-standard exception");
        v.kept = false;
    }
    return v;
}

bool loads_or_explains(const std::string& text, const std::string& label) { return check_contract(text, label).kept; }

// The first diagnostic's rule, or "" when the text loaded.
std::string first_rule(const std::string& text) {
    auto r = parley::Library::parse(text, "fuzz.yaml");
    return r.diagnostics().empty() ? std::string() : r.diagnostics().front().rule;
}

}  // namespace

TEST_CASE("robustness: an empty text is a diagnostic, not a crash") {
    CHECK(loads_or_explains("", "empty"));
    auto r = parley::Library::parse("", "empty.yaml");
    REQUIRE_FALSE(r.has_value());
    REQUIRE(r.diagnostics().size() == 1);
    CHECK(r.diagnostics()[0].rule == "wrong-type");
    CHECK(r.diagnostics()[0].region.file == "empty.yaml");
    CHECK(r.diagnostics()[0].region.line == 1);
    CHECK(r.diagnostics()[0].region.column == 1);
    CHECK(r.diagnostics()[0].message.find("empty") != std::string::npos);
}

TEST_CASE("robustness: whitespace only and comments only are reported as empty") {
    for (const char* text : {"\n", "   \n\n\t\n", "# just a comment\n", "# one\n# two\n\n# three", "---\n", "---\n...\n"}) {
        CAPTURE(text);
        CHECK(loads_or_explains(text, text));
        auto r = parley::Library::parse(text, "c.yaml");
        REQUIRE_FALSE(r.has_value());
        REQUIRE(r.diagnostics().size() == 1);
        CHECK(r.diagnostics()[0].rule == "wrong-type");
        CHECK(r.diagnostics()[0].message.find("empty") != std::string::npos);
    }
}

TEST_CASE("robustness: a top level that is not a map is one wrong-type diagnostic") {
    for (const char* text : {"- script: demo\n- version: 1\n", "[1, 2, 3]", "just a sentence", "42", "\"quoted\"",
                             "~", "null", "!!binary aGVsbG8="}) {
        CAPTURE(text);
        CHECK(loads_or_explains(text, text));
        auto r = parley::Library::parse(text, "t.yaml");
        REQUIRE_FALSE(r.has_value());
        REQUIRE(r.diagnostics().size() == 1);
        CHECK(r.diagnostics()[0].rule == "wrong-type");
        CHECK(r.diagnostics()[0].region.line == 1);
        CHECK(r.diagnostics()[0].region.column == 1);
    }
}

TEST_CASE("robustness: several YAML documents in one file") {
    // yaml-cpp's Load reads the first document only; the point here is that nothing breaks.
    CHECK(loads_or_explains("script: a\n---\nscript: b\n", "two documents"));
}

TEST_CASE("robustness: a ',' outside brackets is a yaml-syntax error at its line, not a hang") {
    // yaml-cpp's parser returns the same empty document forever on these (found by parley_fuzz_library).
    for (const char* text : {", or no cable to check\nscript: s\n", ",", "script: s\n---\n, b\n", "- a\n, b\n"}) {
        CAPTURE(text);
        CHECK(loads_or_explains(text, text));
        auto r = parley::Library::parse(text, "comma.yaml");
        REQUIRE_FALSE(r.has_value());
        const parley::Diagnostic& d = r.diagnostics().back();
        CHECK(d.rule == "yaml-syntax");
        CHECK(d.message.find("','") != std::string::npos);
        CHECK(d.region.line >= 1);
    }
    auto suite = parley::testing::parse_tests(", a\ntests: []\n", "comma.test.yaml");
    REQUIRE_FALSE(suite.has_value());
    CHECK(suite.diagnostics().front().rule == "yaml-syntax");
    CHECK(suite.diagnostics().front().region.line == 1);
}

TEST_CASE("robustness: very deep nesting is rejected without overflowing the stack") {
    for (int depth : {100, 1000, 5000}) {
        CAPTURE(depth);
        std::string lists = std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']');
        CHECK(loads_or_explains(lists, "nested lists"));
        CHECK(first_rule(lists) != "");

        std::string maps;
        for (int i = 0; i < depth; ++i) maps += "{a: ";
        maps += "1" + std::string(static_cast<std::size_t>(depth), '}');
        CHECK(loads_or_explains(maps, "nested flow maps"));

        std::string blocks;  // block-style nesting, one level per line (quadratic in size: at most 1000)
        for (int i = 0; i < std::min(depth, 1000); ++i) blocks += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
        CHECK(loads_or_explains(blocks, "nested block maps"));

        // Deep nesting inside a place the reader looks at (a node's `say`, a slot's `choices`).
        std::string in_node = "script: deep\nversion: 1\nstart: a\nnodes:\n  a:\n    say: " + lists + "\n    next: a\n";
        CHECK(loads_or_explains(in_node, "nested lists in a node"));
        CHECK(first_rule(in_node) != "");
    }
}

// Regression (fixed): input nested deeper than yaml-cpp's limit is reported as "this is not valid YAML: bad file"
// (yaml-cpp's DeepRecursion exception carries ErrorMsg::BAD_FILE as its message), which sends the
// author looking for a file problem. It should say the value is nested too deeply.
TEST_CASE("robustness: too-deep nesting is explained as such") {
    const std::string lists = std::string(600, '[') + std::string(600, ']');
    auto r = parley::Library::parse("script: demo\nversion: 1\nstart: a\nnodes:\n  a:\n    say: " + lists + "\n", "deep.yaml");
    REQUIRE_FALSE(r.has_value());
    REQUIRE(r.diagnostics().size() == 1);
    const parley::Diagnostic& d = r.diagnostics().front();
    CHECK(d.rule == "yaml-syntax");
    CHECK(d.region.line == 6);
    CHECK(d.message.find("bad file") == std::string::npos);
    CHECK((d.message.find("deep") != std::string::npos || d.message.find("nest") != std::string::npos));
}

TEST_CASE("robustness: deeply nested conditions are bounded") {
    for (int depth : {10, 40, 1000, 20000}) {
        CAPTURE(depth);
        std::string cond = std::string(static_cast<std::size_t>(depth), '(') + "s" + std::string(static_cast<std::size_t>(depth), ')');
        std::string nots;
        for (int i = 0; i < depth; ++i) nots += "not ";
        nots += "s";
        for (const std::string& c : {cond, nots}) {
            std::string text = "script: deep\nversion: 1\nslots:\n  s: {type: boolean}\nstart: a\nnodes:\n  a:\n"
                               "    next:\n      - if: " + c + "\n        goto: a\n      - goto: a\n";
            CHECK(loads_or_explains(text, "nested condition"));
            if (depth > 40) CHECK(first_rule(text) == "bad-condition");
        }
    }
}

TEST_CASE("robustness: a long chain of 'and' is fine") {
    std::string cond = "s";
    for (int i = 0; i < 5000; ++i) cond += " and s";
    std::string text = "script: long\nversion: 1\nslots:\n  s: {type: boolean}\nstart: a\nnodes:\n  a:\n"
                       "    next:\n      - if: " + cond + "\n        goto: a\n      - goto: a\n";
    CHECK(loads_or_explains(text, "long and chain"));
}

TEST_CASE("robustness: a 1 MB scalar in every position") {
    const std::string big(1u << 20, 'x');
    const std::string base = "script: demo\nversion: 1\nstart: a\nnodes:\n  a:\n    say: hello\n    next: b\n  b:\n    end: resolved\n";
    CHECK(loads_or_explains(big, "1 MB bare scalar"));
    CHECK(loads_or_explains("script: demo\nversion: 1\nstart: a\nnodes:\n  a:\n    say: " + big + "\n    next: a\n",
                            "1 MB say"));
    CHECK(loads_or_explains("script: demo\nversion: 1\nstart: a\nnodes:\n  a:\n    next:\n      - if: " + big +
                                "\n        goto: a\n",
                            "1 MB condition"));
    CHECK(loads_or_explains("script: demo\nversion: 1\nstart: a\nnodes:\n  a:\n    say: \"{" + big + "}\"\n    next: a\n",
                            "1 MB placeholder"));
    CHECK(loads_or_explains(base + "  c:\n    say: \"" + big + "\n    next: c\n", "1 MB unclosed quote"));
    // A huge valid text loads.
    auto r = parley::Library::parse("script: demo\nversion: 1\nstart: a\nnodes:\n  a:\n    say: " + big +
                                        "\n    next: b\n  b:\n    end: resolved\n",
                                    "big.yaml");
    CHECK(r.has_value());
}

TEST_CASE("robustness: binary garbage") {
    std::mt19937 rng(20240601);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int round = 0; round < 200; ++round) {
        std::string junk(static_cast<std::size_t>(1 + round * 7), '\0');
        for (char& c : junk) c = static_cast<char>(byte(rng));
        if (!loads_or_explains(junk, "random bytes, round " + std::to_string(round))) break;
    }
    std::string nuls(64, '\0');
    CHECK(loads_or_explains(nuls, "NUL bytes"));
    CHECK(loads_or_explains("script: demo\0version: 1\n"s, "embedded NUL"));
    CHECK(loads_or_explains("script: de\0mo\nversion: 1\n"s, "NUL inside a value"));
    CHECK(loads_or_explains("\xEF\xBB\xBFscript: demo\n", "UTF-8 byte order mark"));
    CHECK(loads_or_explains("\xFF\xFE" "s\0c\0r\0i\0p\0t\0:\0"s, "UTF-16 byte order mark"));
    CHECK(loads_or_explains("script: \xC3\x28\xA0\xA1\n", "invalid UTF-8"));
    CHECK(loads_or_explains("\t\tscript:\tdemo\n", "tabs"));
    CHECK(loads_or_explains("\r\n\r\nscript: demo\r\nversion: 1\r", "CR line ends"));
}

TEST_CASE("robustness: YAML features the format does not use") {
    const char* inputs[] = {
        "a: &x [1, 2]\nb: *x\n",
        "script: &id demo\nversion: 1\nstart: *id\nnodes: {}\n",
        "base: &b {say: hi}\nscript: demo\nnodes:\n  a:\n    <<: *b\n",
        "script: *undefined\n",
        "? [complex, key]\n: value\n",
        "script: demo\nnodes:\n  ? [a, b]\n  : {say: hi}\n",
        "script: demo\nnodes:\n  a:\n    ? {x: 1}\n    : 1\n",
        "script: demo\nslots:\n  [a]: {type: text}\n",
        "script: demo\nnodes:\n  a:\n    next:\n      - {[x]: 1, goto: a}\n",
        "script: demo\nnodes:\n  a:\n    set: {[x]: 1, s: [1]}\n",
        "script: demo\nnodes:\n  a:\n    say: {en: [1], {x: 1}: hi}\n",
        "%YAML 1.2\n---\nscript: demo\n",
        "%TAG ! tag:example.com,2000:\n---\nscript: !foo demo\n",
        "script: !!int demo\n",
        "script: |\n  multi\n  line\n",
        "script: demo\nversion: !!binary AQID\n",
    };
    for (const char* text : inputs) CHECK(loads_or_explains(text, text));
}

TEST_CASE("robustness: every prefix of a shipped script loads or explains why") {
    for (const char* name : {"cancel_service.yaml"}) {
        const std::string text = shipped(name);
        CAPTURE(name);
        bool full_loaded = parley::Library::parse(text, name).has_value();
        CHECK(full_loaded);
        for (std::size_t n = 0; n <= text.size(); ++n)
            if (!loads_or_explains(text.substr(0, n), std::string(name) + " cut at byte " + std::to_string(n))) break;
    }
}

TEST_CASE("robustness: every line-prefix of a shipped script and the script it calls, as one library") {
    // Cutting at line ends keeps the YAML valid more often, so the compiler sees more broken graphs
    // (internet_down calls account_status).
    const std::vector<std::string> names = {"account_status.yaml", "internet_down.yaml"};
    std::vector<std::string> texts;
    for (const auto& n : names) texts.push_back(shipped(n.c_str()));
    for (std::size_t f = 0; f < names.size(); ++f) {
        for (std::size_t end = texts[f].find('\n'); end != std::string::npos; end = texts[f].find('\n', end + 1)) {
            std::vector<std::pair<std::string, std::string>> files;
            for (std::size_t g = 0; g < names.size(); ++g)
                files.emplace_back(names[g], g == f ? texts[f].substr(0, end + 1) : texts[g]);
            INFO(names[f] << " cut after byte " << end);
            try {
                auto r = parley::Library::parse(files);
                if (!r.has_value()) REQUIRE(!r.diagnostics().empty());
                for (const auto& d : r.diagnostics()) {
                    INFO(parley::format(d));
                    REQUIRE(!d.rule.empty());
                    REQUIRE(d.rule != "internal-error");
                }
            } catch (const std::exception& e) {
                FAIL("parse threw: " << e.what());
            }
        }
    }
}

TEST_CASE("robustness: random single-byte mutations of a shipped script (fixed seed)") {
    const std::string text = shipped("cancel_service.yaml");
    // Bytes that matter to YAML and to the format, plus anything at all.
    const std::string interesting = ":-[]{}#&*!|>'\"%@`,?\n\t {}()=<>.0123456789_ azAZ\0\xff"s;
    std::mt19937 rng(12345);
    std::uniform_int_distribution<std::size_t> where(0, text.size() - 1);
    std::uniform_int_distribution<int> pick(0, 3);
    std::uniform_int_distribution<std::size_t> special(0, interesting.size() - 1);
    std::uniform_int_distribution<int> any(0, 255);
    int loaded = 0, rejected = 0;
    for (int round = 0; round < 2000; ++round) {
        std::string m = text;
        std::size_t at = where(rng);
        int how = pick(rng);
        char c = pick(rng) == 0 ? static_cast<char>(any(rng)) : interesting[special(rng)];
        if (how == 0) m.erase(at, 1);                       // delete a byte
        else if (how == 1) m.insert(m.begin() + static_cast<std::ptrdiff_t>(at), c);  // insert one
        else m[at] = c;                                      // replace one
        std::ostringstream label;
        label << "round " << round << ": " << (how == 0 ? "delete" : how == 1 ? "insert" : "replace") << " at byte " << at
              << " char " << static_cast<int>(static_cast<unsigned char>(c));
        Verdict v = check_contract(m, label.str());
        if (!v.kept) break;
        (v.loaded ? loaded : rejected)++;
    }
    // Both outcomes occur: the mutations are neither all harmless nor all fatal.
    CHECK(loaded > 0);
    CHECK(rejected > 0);
}

TEST_CASE("robustness: random mutations of a multi-file library (fixed seed)") {
    const std::vector<std::string> names = {"account_status.yaml", "cancel_service.yaml", "internet_down.yaml"};
    std::vector<std::string> texts;
    for (const auto& n : names) texts.push_back(shipped(n.c_str()));
    std::mt19937 rng(777);
    const std::string words[] = {"next", "goto", "if", "slot", "ask", "say", "end", "call", "set", "forget",
                                 "type", "choices", "true", "no", "return", "account_status", "known(", "done(",
                                 "==", " and ", "{", "}", "\"", ".", "\n", "  ", "- "};
    for (int round = 0; round < 120; ++round) {
        std::vector<std::pair<std::string, std::string>> files;
        std::size_t f = rng() % names.size();
        for (std::size_t g = 0; g < names.size(); ++g) {
            std::string t = texts[g];
            if (g == f) {
                std::size_t at = rng() % t.size();
                const std::string& w = words[rng() % (sizeof words / sizeof *words)];
                if (rng() % 2) t.insert(at, w);
                else t.replace(at, std::min<std::size_t>(w.size(), t.size() - at), w);
            }
            files.emplace_back(names[g], std::move(t));
        }
        INFO("round " << round << " mutating " << names[f]);
        try {
            auto r = parley::Library::parse(files);
            if (!r.has_value()) REQUIRE(!r.diagnostics().empty());
            for (const auto& d : r.diagnostics()) {
                INFO(parley::format(d));
                REQUIRE(!d.rule.empty());
                REQUIRE(d.rule != "internal-error");
            }
        } catch (const std::exception& e) {
            FAIL("parse threw: " << e.what());
        }
    }
}

TEST_CASE("robustness: the library settings file (policies.yaml), cut and mutated, beside the shipped scripts") {
    // policies.yaml is read by its own reader; it is loaded with the scripts it refers to.
    std::vector<std::pair<std::string, std::string>> scripts;
    for (const auto& entry : std::filesystem::directory_iterator(PARLEY_SOURCE_DIR "/scripts")) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() == ".yaml" && name != "policies.yaml") scripts.emplace_back(name, slurp(entry.path().string()));
    }
    std::sort(scripts.begin(), scripts.end());
    const std::string policies = slurp(PARLEY_SOURCE_DIR "/scripts/policies.yaml");
    auto check = [&](const std::string& text, const std::string& label) {
        INFO(label);
        auto files = scripts;
        files.emplace_back("policies.yaml", text);
        try {
            auto r = parley::Library::parse(files);
            if (!r.has_value()) REQUIRE(parley::has_errors(r.diagnostics()));
            for (const auto& d : r.diagnostics()) {
                INFO(parley::format(d));
                REQUIRE(!d.rule.empty());
                REQUIRE(d.rule != "internal-error");
            }
        } catch (const std::exception& e) {
            FAIL("parse threw: " << e.what());
        }
    };
    check(policies, "as shipped");
    for (std::size_t end = policies.find('\n'); end != std::string::npos; end = policies.find('\n', end + 1))
        check(policies.substr(0, end + 1), "cut after byte " + std::to_string(end));
    for (const char* odd : {"", "[]", "- a\n", "policies: [1]\n", "policies: {max_turns: {a: 1}}\n",
                            "events: {x: [1]}\n", "capabilities: {a: 1}\n", "policies: {max_attempts: 1000000000000}\n",
                            "policies: {repeat_contact: {slot: nope, at_least: -1}}\n",
                            "policies: {honor_cancellation: {then: nodot, start: nope}}\n",
                            "events: {cancel: a.b, custom: cancel_service.confirm}\n"})
        check(odd, std::string("odd settings: ") + odd);
    std::mt19937 rng(4242);
    const std::string interesting = ":-[]{}#&*!|>'\",.\n 0123456789_az";
    for (int round = 0; round < 60; ++round) {
        std::string m = policies;
        std::size_t at = rng() % m.size();
        char c = interesting[rng() % interesting.size()];
        switch (rng() % 3) {
        case 0: m.erase(at, 1); break;
        case 1: m.insert(m.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        default: m[at] = c;
        }
        check(m, "round " + std::to_string(round));
    }
}

TEST_CASE("robustness: Library::load on odd paths never throws") {
    for (const std::string& path : {std::string(), std::string("/dev/null"), std::string(PARLEY_TEST_DATA) + "/does/not/exist.yaml",
                                    std::string(PARLEY_TEST_DATA) + "/bad/unknown_node.yaml/"}) {
        CAPTURE(path);
        try {
            auto r = parley::Library::load(path);
            if (!r.has_value()) {
                REQUIRE(!r.diagnostics().empty());
                for (const auto& d : r.diagnostics()) CHECK(!d.rule.empty());
            }
        } catch (const std::exception& e) {
            FAIL_CHECK("load threw: " << e.what());
        }
    }
}
