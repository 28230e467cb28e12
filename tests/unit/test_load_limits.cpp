// Hostile input at load time (issue 13): scripts that are not UTF-8, hold a NUL byte or several
// documents, are too large or expand too far through aliases, misspell a huge id, or are long; each
// gives a diagnostic with file, line and column (or loads), in bounded time and memory.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <parley/parley.hpp>
#include <parley/test_suite.hpp>

using namespace std::string_literals;

namespace {

const std::string tiny = "script: s\nversion: 1\nstart: a\nnodes:\n  a:\n    end: resolved\n";

// The only diagnostic of `r` (fails when there is not exactly one).
template <class R>
parley::Diagnostic only(const R& r) {
    std::string all;
    for (const auto& d : r.diagnostics()) all += parley::format(d) + "\n";
    INFO(all);
    REQUIRE(r.diagnostics().size() == 1);
    return r.diagnostics().front();
}

// A script of `nodes` nodes: `say` after `say`, each to the next, and an end.
std::string say_chain(int nodes) {
    std::string y = "script: chain\nversion: 1\nstart: n0\nnodes:\n";
    for (int i = 0; i + 1 < nodes; ++i)
        y += "  n" + std::to_string(i) + ":\n    say: Step " + std::to_string(i) + ".\n    next: n" + std::to_string(i + 1) + "\n";
    y += "  n" + std::to_string(nodes - 1) + ":\n    end: resolved\n";
    return y;
}

}  // namespace

TEST_CASE("load limits: a script that is not UTF-8 is bad-encoding at the byte's line and column") {
    // Latin-1 'é' (0xE9) in a say text, line 6; the column counts characters, as an editor does.
    const std::string latin1 = "script: s\nversion: 1\nstart: a\nnodes:\n  a:\n    say: Caf\xe9 ol\xe9\n    end: resolved\n";
    auto r = parley::Library::parse(latin1, "latin1.yaml");
    CHECK_FALSE(r.has_value());
    parley::Diagnostic d = only(r);
    CHECK(d.rule == "bad-encoding");
    CHECK(d.region.file == "latin1.yaml");
    CHECK(d.region.line == 6);
    CHECK(d.region.column == 13);
    // The same text in UTF-8 loads; so does a character after a multi-byte one.
    CHECK(parley::Library::parse("script: s\nversion: 1\nstart: a\nnodes:\n  a:\n    say: Caf\xc3\xa9 ol\xc3\xa9\n    end: resolved\n").has_value());
    // Column in characters: two 2-byte characters before the bad byte count as two.
    auto after = parley::Library::parse("script: s\nversion: 1\nstart: a\nnodes:\n  a:\n    say: \xc3\xa9\xc3\xa9\xff\n    end: resolved\n");
    CHECK(only(after).region.column == 12);
    // Overlong forms, surrogates and code points above U+10FFFF are not UTF-8 either.
    for (const std::string& bad : {"\xc0\xaf"s, "\xe0\x80\xaf"s, "\xed\xa0\x80"s, "\xf4\x90\x80\x80"s, "\xe2\x82"s}) {
        auto b = parley::Library::parse("script: s" + bad + "\n", "b.yaml");
        CHECK(only(b).rule == "bad-encoding");
        CHECK(only(b).region.column == 10);
    }
}

TEST_CASE("load limits: the loader's UTF-8 rule is the writers' (decode_utf8), up to its edges") {
    // Well-formed at the edges of each length and around the surrogates: loads.
    for (const std::string& good : {"\x7f"s, "\xc2\x80"s, "\xdf\xbf"s, "\xe0\xa0\x80"s, "\xed\x9f\xbf"s, "\xee\x80\x80"s,
                                    "\xef\xbf\xbf"s, "\xf0\x90\x80\x80"s, "\xf0\x9f\x98\x80"s, "\xf4\x8f\xbf\xbf"s}) {
        auto r = parley::Library::parse("script: s\nversion: 1\nstart: a\nnodes:\n  a:\n    say: x" + good + "\n    end: resolved\n");
        CHECK(r.has_value());
    }
    // A lone continuation byte, a lead byte no sequence has, an overlong 4-byte form, and a sequence the
    // end of the file cuts short: bad-encoding at that byte.
    for (const std::string& bad : {"\x80"s, "\xf5\x80\x80\x80"s, "\xf0\x8f\xbf\xbf"s, "\xc1\xbf"s, "\xf0\x9f\x98"s}) {
        auto b = parley::Library::parse("script: s" + bad, "b.yaml");
        CHECK(only(b).rule == "bad-encoding");
        CHECK(only(b).region.line == 1);
        CHECK(only(b).region.column == 10);
    }
}

TEST_CASE("load limits: policies.yaml and test files must be UTF-8 too") {
    auto lib = parley::Library::parse({{"s.yaml", tiny}, {"policies.yaml", "version: 1\ncapabilities: [r\xe9sum\xe9]\n"}});
    parley::Diagnostic d = only(lib);
    CHECK(d.rule == "bad-encoding");
    CHECK(d.region.file == "policies.yaml");
    CHECK(d.region.line == 2);
    CHECK(d.region.column == 17);
    auto suite = parley::testing::parse_tests("tests:\n  - name: caf\xe9\n    script: s\n", "t.test.yaml");
    CHECK_FALSE(suite.has_value());
    CHECK(only(suite).rule == "bad-encoding");
    CHECK(only(suite).region.line == 2);
    CHECK(only(suite).region.column == 14);
}

TEST_CASE("load limits: a raw NUL byte is refused, not read as the end of a value") {
    const std::string text = "script: s\nversion: 1\nstart: a\x00zzz\nnodes:\n  a:\n    end: resolved\n"s;
    auto r = parley::Library::parse(text, "nul.yaml");
    CHECK_FALSE(r.has_value());
    parley::Diagnostic d = only(r);
    CHECK(d.rule == "bad-encoding");
    CHECK(d.region.line == 3);
    CHECK(d.region.column == 9);
    CHECK(d.message.find("NUL") != std::string::npos);
}

TEST_CASE("load limits: a file with several YAML documents is refused at the second") {
    auto r = parley::Library::parse(tiny + "---\nscript: t\nversion: 1\n", "two.yaml");
    CHECK_FALSE(r.has_value());
    parley::Diagnostic d = only(r);
    CHECK(d.rule == "several-documents");
    CHECK(d.region.line == 8);
    CHECK(d.region.column == 1);
    auto suite = parley::testing::parse_tests("tests:\n  - name: a\n    script: s\n---\ntests: []\n", "t.test.yaml");
    CHECK(only(suite).rule == "several-documents");
    CHECK(only(suite).region.line == 5);
    // Document markers around one document, and an empty document after it, lose nothing.
    CHECK(parley::Library::parse("---\n" + tiny + "...\n").has_value());
    CHECK(parley::Library::parse(tiny + "---\n# nothing here\n").has_value());
}

TEST_CASE("load limits: a file over 16 MiB is file-too-large") {
    std::string big = tiny + "# " + std::string(std::size_t{16} << 20, 'x') + "\n";
    auto r = parley::Library::parse(big, "big.yaml");
    CHECK_FALSE(r.has_value());
    CHECK(only(r).rule == "file-too-large");
    CHECK(only(r).region.file == "big.yaml");
    // Just under the limit is read (the comment makes no difference to the script).
    CHECK(parley::Library::parse(tiny + "# " + std::string((std::size_t{16} << 20) - tiny.size() - 3, 'x') + "\n").has_value());
}

TEST_CASE("load limits: a text aliased thousands of times is aliases-too-large, at once") {
    // 1 MB anchored once and aliased in 2,000 nodes would expand to 2 GB (issue 13: 61 s, 3.9 GB).
    std::string y = "script: s\nversion: 1\nstart: n0\nnodes:\n  n0:\n    say: &big " + std::string(1 << 20, 'x') +
                    "\n    next: n1\n";
    for (int i = 1; i < 2000; ++i) y += "  n" + std::to_string(i) + ":\n    say: *big\n    next: n" + std::to_string(i + 1) + "\n";
    y += "  n2000:\n    end: resolved\n";
    auto r = parley::Library::parse(y, "aliases.yaml");  // unbounded, this took 61 s and 3.9 GB
    CHECK_FALSE(r.has_value());
    parley::Diagnostic d = only(r);
    CHECK(d.rule == "aliases-too-large");
    CHECK(d.region.file == "aliases.yaml");
    CHECK(d.region.line == 6);  // the anchored text, where the alias that went over the limit leads
    CHECK(d.region.column == 10);
    // A few aliases of a short text are fine.
    CHECK(parley::Library::parse("script: s\nversion: 1\nstart: a\nnodes:\n  a:\n    say: &hi Hello.\n    next: b\n"
                                 "  b:\n    say: *hi\n    next: c\n  c:\n    end: resolved\n    say: *hi\n")
              .has_value());
}

TEST_CASE("load limits: aliases of many empty items, and aliases of aliases, are aliases-too-large before reading") {
    // Empty values cost no text, but reading each one builds something: 20,000 items aliased in 100 nodes
    // (found by review: 100,000 items in 2,000 nodes took 8 GB before any limit was reached).
    std::string items;
    for (int i = 0; i < 20000; ++i) items += "'', ";
    std::string y = "script: s\nversion: 1\nstart: n0\nslots:\n  a: {type: choice, choices: &many [" + items + "x]}\nnodes:\n";
    for (int i = 0; i < 100; ++i) y += "  n" + std::to_string(i) + ": {say: hi, forget: *many, next: n" + std::to_string(i + 1) + "}\n";
    y += "  n100: {end: resolved}\n";
    auto r = parley::Library::parse(y, "empty_items.yaml");
    CHECK_FALSE(r.has_value());
    CHECK(only(r).rule == "aliases-too-large");
    CHECK(only(r).region.line == 5);  // the anchored list
    // Three levels, each small: 200 x 200 x 2,000 items reached through aliases of aliases.
    std::string level1;
    for (int i = 0; i < 2000; ++i) level1 += "'',";
    std::string level2;
    for (int i = 0; i < 200; ++i) level2 += "*x,";
    std::string deep = "script: s\nversion: 1\nstart: n\nl: &l [" + level1 + "'']\nx: &x {also: *l}\nc: &c [" + level2 +
                       "*x]\nslots:\n";
    for (int i = 0; i < 200; ++i) deep += "  s" + std::to_string(i) + ": {type: choice, choices: *c}\n";
    deep += "nodes:\n  n: {end: resolved}\n";
    auto r2 = parley::Library::parse(deep, "deep.yaml");
    CHECK_FALSE(r2.has_value());
    CHECK(std::any_of(r2.diagnostics().begin(), r2.diagnostics().end(),
                      [](const parley::Diagnostic& d) { return d.rule == "aliases-too-large"; }));
}

TEST_CASE("load limits: did-you-mean on a 60,000-character misspelt id is bounded") {
    // issue 13: a full edit-distance table would need about 29 GB.
    const std::string id(60000, 'a');
    std::string misspelt = id;
    misspelt[30000] = 'b';
    // An explicit key (`? id`): YAML allows at most 1,024 characters in a plain one.
    const std::string y = "script: s\nversion: 1\nstart: " + misspelt + "\nnodes:\n  ? " + id + "\n  :\n    end: resolved\n";
    auto r = parley::Library::parse(y, "long.yaml");  // unbounded, ctest's timeout would stop it
    parley::Diagnostic d = only(r);
    CHECK(d.rule == "unknown-node");
    CHECK(d.region.line == 3);
    CHECK(d.notes.empty());  // too long to be a typo anyone made by hand
    // An id of ordinary length still gets its note, among many candidates.
    std::string many = "script: s\nversion: 1\nstart: confirm_cancelation\nnodes:\n";
    for (int i = 0; i < 2000; ++i) many += "  step_" + std::to_string(i) + ":\n    end: resolved\n";
    many += "  confirm_cancellation:\n    end: resolved\n";
    auto near = parley::Library::parse(many, "near.yaml");
    parley::Diagnostic n = only(near);
    REQUIRE(n.notes.size() == 1);
    CHECK(n.notes[0] == "did you mean 'confirm_cancellation'?");
}

TEST_CASE("load limits: a long chain loads whole, and a duplicate id deep in it is found") {
    // Its cost is measured in bench/bench_load.cpp (issue 13: linear, beside yaml-cpp's own parse); a
    // test only checks what loading gives.
    const int nodes = 20000;
    const std::string y = say_chain(nodes);
    auto r = parley::Library::parse(y, "chain.yaml");
    REQUIRE(r.has_value());
    CHECK(r->nodes().size() == static_cast<std::size_t>(nodes));
    // Named with its first line.
    auto dup = parley::Library::parse(y + "  n5:\n    end: resolved\n", "dup.yaml");
    parley::Diagnostic d = only(dup);
    CHECK(d.rule == "duplicate-id");
    CHECK(d.region.line == 4 + 3 * nodes);
    REQUIRE(d.notes.size() == 1);
    CHECK(d.notes[0] == "first defined at line 20");
}
