// Session snapshots: the round trip at every step of every shipped test case, hostile bytes, and
// restoring on a changed library (fingerprints, stranded positions, dropped facts).
#include <doctest/doctest.h>

#include <parley/parley.hpp>
#include <parley/test_suite.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"

using namespace parley;
using test_support::load_one;

namespace {

/// Everything a host can observe of a session, as text, so two runs can be compared whole.
std::string observe(const Session& s) {
    std::ostringstream out;
    Turn t = s.next();
    for (const Utterance& u : t.messages) out << "say " << u.node << ": " << u.text << "\n";
    const Utterance& p = t.prompt;
    out << to_string(p.kind) << " " << p.script << "." << p.node << " [" << p.slot << "] " << p.text << " | hint "
        << p.hint << " | attempt " << p.attempt << " | " << to_string(p.outcome) << " | choices";
    for (auto c : p.choices) out << " " << c;
    out << "\n" << s.summary() << "turn " << s.turn() << " corr " << s.correlation_id() << "\n";
    for (const auto& f : s.summary().facts) out << s.why(f.slot) << "\n";
    for (const auto& e : s.trace()) out << "trace " << e.turn << " " << e.node << ": " << e.message << "\n";
    for (const auto& step : s.path()) out << "path " << step.script << "." << step.node << " " << step.branch << "\n";
    return out.str();
}

std::string take(Session& s, const testing::TestTurn& step) {
    switch (step.kind) {
    case testing::TestTurn::Kind::reply: return "reply " + std::to_string(static_cast<int>(s.reply(step.text)));
    case testing::TestTurn::Kind::signal: return "signal " + std::to_string(static_cast<int>(s.signal(step.text)));
    case testing::TestTurn::Kind::locale: s.set_locale(step.text); return "locale " + s.locale();
    case testing::TestTurn::Kind::fill:
        try {
            s.fill(step.slot, Value(step.text));
            return "fill ok";
        } catch (const Error& e) {
            return std::string("fill refused: ") + e.what();
        }
    }
    return {};
}

Session travel(const Library& lib, const Session& s) {
    std::string bytes = s.snapshot({true});
    Result<Session> back = lib.restore(bytes);
    for (const auto& d : back.diagnostics()) MESSAGE(format(d));
    REQUIRE(back.has_value());
    CHECK(back.diagnostics().empty());
    CHECK(back->snapshot({true}) == bytes);  // restore then snapshot is the identity
    return *back;
}

/// Runs `test`, moving the session through a snapshot after step `restore_after` (0: right after
/// the start; -1: never), and returns what was observed after every step.
std::vector<std::string> run(const Library& lib, const testing::TestCase& test, int restore_after) {
    testing::CaseStart start = testing::case_start(test);
    start.options.record_path = true;
    Session s = lib.start(test.script.value, start.prefill, start.done, start.options);
    s.set_correlation_id("chat-" + test.name);
    std::vector<std::string> seen{observe(s)};
    if (restore_after == 0) s = travel(lib, s);
    for (std::size_t i = 0; i < test.turns.size(); ++i) {
        std::string status = take(s, test.turns[i]);
        seen.push_back(status + "\n" + observe(s));
        if (restore_after == static_cast<int>(i) + 1) s = travel(lib, s);
    }
    return seen;
}

std::vector<std::string> shipped_test_files() {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(PARLEY_SOURCE_DIR "/scripts"))
        if (testing::is_test_file(e.path().string())) files.push_back(e.path().string());
    return files;
}

const char* two_questions = R"(script: t
version: 1
slots:
  a: {type: boolean}
  b: {type: choice, choices: [red, green]}
  n: {type: number}
start: q1
nodes:
  q1: {ask: "A?", slot: a, next: q2}
  q2: {ask: "B?", slot: b, next: q3}
  q3: {ask: "N?", slot: n, next: bye}
  bye: {end: resolved, say: "Bye."}
)";

/// The snapshot's checksum (src/engine/snapshot.cpp), as a forger would write it: FNV-1a's step over
/// little-endian 8-byte words, then the tail bytes, then the length, folded to 32 bits.
std::uint32_t checksum(const std::string& bytes) {
    const std::uint64_t prime = 1099511628211ull;
    std::uint64_t h = 14695981039346656037ull;
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t word = 0;
        for (std::size_t b = 0; b < 8; ++b) word |= std::uint64_t(static_cast<unsigned char>(bytes[i + b])) << (8 * b);
        h = (h ^ word) * prime;
    }
    for (; i < bytes.size(); ++i) h = (h ^ static_cast<unsigned char>(bytes[i])) * prime;
    h = (h ^ bytes.size()) * prime;
    return static_cast<std::uint32_t>(h ^ (h >> 32));
}

/// `bytes` with its trailing checksum recomputed, as a forger would.
std::string reseal(std::string bytes) {
    bytes.resize(bytes.size() - 4);
    std::uint32_t sum = checksum(bytes);
    for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<char>(sum >> (8 * i)));
    return bytes;
}

bool has_rule(const std::vector<Diagnostic>& ds, const std::string& rule) {
    for (const auto& d : ds)
        if (d.rule == rule) return true;
    return false;
}

}  // namespace

TEST_CASE("a snapshot after any step of any shipped test case restores and finishes identically") {
    std::size_t checked = 0;
    for (const std::string& file : shipped_test_files()) {
        auto suite = testing::load_tests(file);
        REQUIRE(suite.has_value());
        auto lib = Library::load(suite->library);
        REQUIRE(lib.has_value());
        for (const auto& test : suite->cases) {
            CAPTURE(test.name);
            std::vector<std::string> straight = run(*lib, test, -1);
            for (int k = 0; k <= static_cast<int>(test.turns.size()); ++k) {
                CAPTURE(k);
                CHECK(run(*lib, test, k) == straight);
                ++checked;
            }
        }
    }
    CHECK(checked >= 90);  // 95 checkpoints in the shipped suites today
}

TEST_CASE("a snapshot is compact, and the trace travels only when asked for") {
    Library lib = load_one(two_questions);
    Session s = lib.start("t");
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.reply("green") == ReplyStatus::accepted);
    std::string bare = s.snapshot();
    std::string traced = s.snapshot({true});
    CHECK(bare.size() < 200);
    CHECK(traced.size() > bare.size());
    Session back = lib.restore(bare).value();
    CHECK(back.trace().empty());
    CHECK(back.get("b")->as_text() == "green");
    CHECK(test_support::at(back) == "t.q3");
    CHECK(lib.restore(traced)->trace().size() == s.trace().size());
}

TEST_CASE("bytes that are not a sound snapshot are refused with a diagnostic, never a crash") {
    Library lib = load_one(two_questions);
    Session s = lib.start("t", {{"n", Value(4.0)}});
    s.set_correlation_id("call-7");
    REQUIRE(s.reply("no") == ReplyStatus::accepted);
    const std::string good = s.snapshot({true});

    SUBCASE("foreign and empty bytes") {
        for (std::string bytes : {std::string(), std::string("PRL"), std::string("{\"json\": 1}"), std::string(64, '\0')}) {
            auto r = lib.restore(bytes);
            CHECK_FALSE(r.has_value());
            CHECK(has_rule(r.diagnostics(), "snapshot-foreign"));
        }
    }
    SUBCASE("a format this build does not read") {
        std::string bytes = good;
        bytes[4] = 9;
        auto r = lib.restore(bytes);
        CHECK_FALSE(r.has_value());
        CHECK(has_rule(r.diagnostics(), "snapshot-version"));
    }
    SUBCASE("an older format: refused, saying so") {
        std::string bytes = good;
        bytes[4] = 1;  // format 1 kept its names in one table ahead of the state
        auto r = lib.restore(bytes);
        REQUIRE_FALSE(r.has_value());
        REQUIRE(has_rule(r.diagnostics(), "snapshot-version"));
        CHECK(r.diagnostics().front().message == "snapshot format 1 is not one this library reads (it reads 2 to 4; an older parley wrote it)");
        CHECK_FALSE(read_snapshot_header(bytes).has_value());
    }
    SUBCASE("every truncation and every flipped bit") {
        for (std::size_t n = 5; n < good.size(); ++n) {
            auto r = lib.restore(good.substr(0, n));
            CHECK_FALSE(r.has_value());
            CHECK(has_rule(r.diagnostics(), "snapshot-corrupt"));
        }
        for (std::size_t i = 5; i < good.size(); ++i) {
            std::string bytes = good;
            bytes[i] = static_cast<char>(bytes[i] ^ 0x10);
            auto r = lib.restore(bytes);
            CHECK_FALSE(r.has_value());
            CHECK(has_rule(r.diagnostics(), "snapshot-corrupt"));
        }
    }
    SUBCASE("forged bytes with a valid checksum: refused, or a session that works") {
        std::size_t refused = 0, restored = 0;
        for (std::size_t i = 5; i + 4 < good.size(); ++i) {
            for (unsigned char v : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
                std::string bytes = good;
                bytes[i] = static_cast<char>(v);
                auto r = lib.restore(reseal(bytes));
                if (!r.has_value()) {
                    CHECK_FALSE(r.diagnostics().empty());
                    ++refused;
                    continue;
                }
                ++restored;
                Session forged = *r;
                (void)forged.next();
                (void)forged.reply("yes");
                (void)forged.signal("cancel");
                std::ostringstream out;
                out << forged.summary();
                (void)forged.trace();
                (void)forged.snapshot({true});
            }
        }
        CHECK(refused > 0);
        CHECK(restored > 0);
    }
}

TEST_CASE("fingerprints follow what a conversation can observe") {
    Library a = load_one(two_questions);
    Library same = load_one(std::string("# a comment\n") + two_questions);
    CHECK(a.fingerprint().size() == 16);
    CHECK(a.fingerprint() == same.fingerprint());
    CHECK(a.fingerprint("t") == same.fingerprint("t"));
    std::string reworded = two_questions;
    reworded.replace(reworded.find("A?"), 2, "A!");
    Library b = load_one(reworded);
    CHECK(a.fingerprint() != b.fingerprint());
    CHECK(a.fingerprint("t") != b.fingerprint("t"));
    CHECK_THROWS_AS((void)a.fingerprint("nope"), Error);

    const char* other = "script: o\nversion: 1\nstart: e\nnodes:\n  e: {end: resolved}\n";
    Library both = test_support::load_many({{"t.yaml", two_questions}, {"o.yaml", other}});
    CHECK(both.fingerprint("t") == a.fingerprint("t"));  // another script does not change this one's
    CHECK(both.fingerprint() != a.fingerprint());
}

TEST_CASE("restoring on a changed library") {
    Library v1 = load_one(two_questions);
    Session s = v1.start("t");
    REQUIRE(s.reply("yes") == ReplyStatus::accepted);
    REQUIRE(s.reply("red") == ReplyStatus::accepted);  // now at q3
    std::string bytes = s.snapshot();

    SUBCASE("a question inserted elsewhere: the conversation goes on where it was, with its facts") {
        std::string v2 = two_questions;
        v2.replace(v2.find("  q1: {ask"), 0, "  q0: {ask: \"New?\", slot: c, next: q1}\n");
        v2.replace(v2.find("  n: {type"), 0, "  c: {type: boolean}\n");
        v2.replace(v2.find("start: q1"), 9, "start: q0");
        Library lib = load_one(v2);
        CHECK(lib.fingerprint() != v1.fingerprint());
        auto r = lib.restore(bytes);
        REQUIRE(r.has_value());
        CHECK(test_support::at(*r) == "t.q3");
        CHECK(r->get("a")->as_boolean());
        CHECK(r->get("b")->as_text() == "red");
        CHECK(r->reply("3") == ReplyStatus::accepted);
        CHECK(r->outcome() == Outcome::resolved);
    }
    SUBCASE("the current node removed: refused, naming it") {
        std::string v2 = two_questions;
        v2.replace(v2.find("  q3: {ask: \"N?\", slot: n, next: bye}\n"), 38, "");
        v2.replace(v2.find("next: q3"), 8, "next: bye");
        auto r = load_one(v2).restore(bytes);
        REQUIRE_FALSE(r.has_value());
        REQUIRE(has_rule(r.diagnostics(), "stranded-position"));
        CHECK(r.diagnostics().front().message.find("t.q3") != std::string::npos);
    }
    SUBCASE("the current node now asks for another slot: refused, saying how it changed") {
        std::string v2 = two_questions;
        v2.replace(v2.find("slot: n, next: bye"), 7, "slot: a");
        auto r = load_one(v2).restore(bytes);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.diagnostics().front().message.find("was about 'n' and is now about 'a'") != std::string::npos);
    }
    SUBCASE("a slot that lost the fact's choice: the fact is dropped with a warning, never misread") {
        std::string v2 = two_questions;
        v2.replace(v2.find("[red, green]"), 12, "[blue, green]");
        auto r = load_one(v2).restore(bytes);
        REQUIRE(r.has_value());
        CHECK_FALSE(r->known("b"));
        CHECK(r->get("a")->as_boolean());
        CHECK(has_rule(r.diagnostics(), "snapshot-fact-dropped"));
    }
    SUBCASE("a slot that changed type: dropped") {
        std::string v2 = two_questions;
        v2.replace(v2.find("a: {type: boolean}"), 18, "a: {type: text}");
        auto r = load_one(v2).restore(bytes);
        REQUIRE(r.has_value());
        CHECK_FALSE(r->known("a"));
        CHECK(r->known("b"));
    }
}

TEST_CASE("restoring with migrate: a renamed question continues where the script says, and the trace says so") {
    Library v1 = load_one(two_questions);
    Session s = v1.start("t");
    REQUIRE(s.reply("yes") == ReplyStatus::accepted);
    REQUIRE(s.reply("red") == ReplyStatus::accepted);
    REQUIRE(s.reply("lots") == ReplyStatus::not_understood);  // one unclear reply at q3
    std::string bytes = s.snapshot();

    std::string v2 = two_questions;
    v2.replace(v2.find("  q3: {ask"), 5, "  amount:");
    v2.replace(v2.find("next: q3"), 8, "next: amount");
    v2.replace(v2.find("nodes:"), 0, "migrate:\n  q3: amount\n");
    Library lib = load_one(v2);
    auto r = lib.restore(bytes);
    for (const auto& d : r.diagnostics()) MESSAGE(format(d));
    REQUIRE(r.has_value());
    CHECK(test_support::at(*r) == "t.amount");
    CHECK(r->next().prompt.attempt == 1);  // a new question: its unclear replies start again
    CHECK(test_support::has_trace(*r, TraceKind::migrated, "'q3' continues at t.amount (migrate:)"));
    CHECK(r->reply("7") == ReplyStatus::accepted);
    CHECK(r->outcome() == Outcome::resolved);

    DiffReport d = diff(v1, lib);
    REQUIRE(d.positions.size() == 1);
    CHECK(d.positions[0].node == "q3");
    CHECK(d.positions[0].migrated_to == "t.amount");
    CHECK_FALSE(d.strands());

    SUBCASE("a migrate: target that cannot hold a question is refused, and diff agrees") {
        std::string v3 = v2;
        v3.replace(v3.find("q3: amount"), 10, "q3: bye");
        Library bad = load_one(v3);
        auto refused = bad.restore(bytes);
        REQUIRE_FALSE(refused.has_value());
        CHECK(refused.diagnostics().front().message.find("leads to t.bye, a end node") != std::string::npos);
        CHECK(diff(v1, bad).strands());
    }
}

TEST_CASE("a migrate: target that does not exist does not load") {
    std::string v2 = two_questions;
    v2.replace(v2.find("nodes:"), 0, "migrate:\n  old: nowhere\n");
    auto r = Library::parse(v2, "t.yaml");
    REQUIRE_FALSE(r.has_value());
    CHECK(has_rule(r.diagnostics(), "unknown-node"));
}

TEST_CASE("a dropped fact leaves a trace entry") {
    Library v1 = load_one(two_questions);
    Session s = v1.start("t");
    REQUIRE(s.reply("yes") == ReplyStatus::accepted);
    std::string v2 = two_questions;
    v2.replace(v2.find("a: {type: boolean}"), 18, "a: {type: number}");
    auto r = load_one(v2).restore(s.snapshot());
    REQUIRE(r.has_value());
    CHECK(test_support::has_trace(*r, TraceKind::dropped, "the remembered value of a was dropped"));
    DiffReport d = diff(v1, load_one(v2));
    REQUIRE(d.slots.size() == 1);
    CHECK(d.slots[0].change == "was boolean, is now number");
    CHECK(d.positions.empty());
}

TEST_CASE("a snapshot keeps the trace capacity and every counter of what it no longer lists") {
    const char* loop = R"(script: loop
version: 1
slots:
  c: {type: choice, choices: [green, red]}
start: ask
nodes:
  ask: {ask: "Colour?", slot: c, next: again}
  again: {forget: [c], goto: ask}
)";
    Library lib = load_one(loop);
    StartOptions options;
    options.trace_capacity = 5;
    options.record_path = true;
    Session s = lib.start("loop", {}, {}, options);
    for (int i = 0; i < 40; ++i) REQUIRE(s.signal("repeat") == SignalStatus::handled);
    for (int i = 0; i < 2100; ++i) REQUIRE(s.reply(i % 2 ? "green" : "red") == ReplyStatus::accepted);
    REQUIRE(s.path().size() == Session::path_kept);  // the first steps, the others counted
    REQUIRE(s.path_dropped() > 0);
    REQUIRE(s.summary().signals_received == 40);
    REQUIRE(s.summary().signals.size() == Summary::signals_kept);

    Session back = lib.restore(s.snapshot()).value();
    CHECK(back.summary().signals_received == 40);
    CHECK(back.path().size() == Session::path_kept);
    CHECK(back.path_dropped() == s.path_dropped());
    CHECK(back.snapshot() == s.snapshot());
    CHECK(back.trace().empty());
    for (int i = 0; i < 10; ++i) REQUIRE(back.reply("green") == ReplyStatus::accepted);
    CHECK(back.trace().size() == 5);  // the capacity travelled, not the default
    CHECK(back.path_dropped() > s.path_dropped());
}

TEST_CASE("interventions are bounded like signals: the most recent, a count of them all, and exact in a snapshot") {
    // Cancellation not honoured, upsells not made after a cancel request: each pass by the upsell is
    // an intervention, and the conversation goes on.
    const char* loop = R"(script: u
version: 1
slots:
  c: {type: choice, choices: [green, red]}
  more: {type: boolean}
start: ask
nodes:
  ask: {ask: "Colour?", slot: c, next: pitch}
  pitch: {offer: "An extender?", kind: upsell, slot: more, next: again}
  again: {forget: [c, more], goto: ask}
)";
    const char* policies = "version: 1\npolicies:\n  honor_cancellation: false\n  no_upsell_after_cancel: true\n";
    Library lib = test_support::load_many({{"u.yaml", loop}, {"policies.yaml", policies}});
    Session s = lib.start("u");
    REQUIRE(s.signal("cancel") == SignalStatus::handled);
    for (int i = 0; i < 40; ++i) REQUIRE(s.reply("green") == ReplyStatus::accepted);
    Summary sum = s.summary();
    CHECK(sum.interventions.size() == Summary::interventions_kept);
    CHECK(sum.interventions_made == 40);
    CHECK(sum.interventions.back().turn == 41);  // the most recent are kept (the signal was turn 1)
    CHECK(sum.interventions.front().turn == 41 - Summary::interventions_kept + 1);
    std::ostringstream text;
    text << sum;
    CHECK(text.str().find("Policies acted 40 times; the last 32:") != std::string::npos);

    Session back = lib.restore(s.snapshot()).value();
    CHECK(back.summary().interventions_made == 40);
    CHECK(back.snapshot() == s.snapshot());
    REQUIRE(back.reply("red") == ReplyStatus::accepted);
    CHECK(back.summary().interventions_made == 41);
    CHECK(back.summary().interventions.size() == Summary::interventions_kept);
}

TEST_CASE("read_snapshot_header: where a snapshot was taken, without a library") {
    Library lib = load_one(two_questions);
    Session s = lib.start("t");
    REQUIRE(s.reply("yes") == ReplyStatus::accepted);
    auto header = read_snapshot_header(s.snapshot());
    REQUIRE(header.has_value());
    CHECK(header->format == 4);
    CHECK(header->library_fingerprint == lib.fingerprint());
    REQUIRE(header->scripts.size() == 1);
    CHECK(header->scripts[0].name == "t");
    CHECK(header->scripts[0].fingerprint == lib.fingerprint("t"));

    std::string damaged = s.snapshot();
    damaged[damaged.size() / 2] ^= 0x01;
    auto refused = read_snapshot_header(damaged);
    REQUIRE_FALSE(refused.has_value());
    CHECK(has_rule(refused.diagnostics(), "snapshot-corrupt"));
    CHECK(has_rule(read_snapshot_header("not a snapshot").diagnostics(), "snapshot-foreign"));
}

TEST_CASE("where a fact was learned travels by meaning: the question of its script that asks its slot") {
    Library v1 = load_one(two_questions);
    Session s = v1.start("t");
    REQUIRE(s.reply("yes") == ReplyStatus::accepted);
    REQUIRE(s.reply("red") == ReplyStatus::accepted);
    std::string v2 = two_questions;  // q1 renamed: the fact about `a` was learned at what is now `first`
    v2.replace(v2.find("  q1: {ask"), 5, "  first:");
    v2.replace(v2.find("start: q1"), 9, "start: first");
    auto r = load_one(v2).restore(s.snapshot());
    REQUIRE(r.has_value());
    CHECK(r->why("a") == "a = true: answered at turn 1 to 'first' in script t");
    CHECK(r->why("b") == "b = red: answered at turn 2 to 'q2' in script t");
}

TEST_CASE("a forged snapshot waiting at an instruction after unclear replies is refused (found by the restore fuzzer)") {
    // Every reply to an instruction is understood, so no session waits at one with unclear replies;
    // restored, its next() looked for the hint of a slot the instruction does not have.
    const char* steps = "script: i\nversion: 1\nstart: go\nnodes:\n  go: {instruct: \"Restart it.\", action: restart, next: bye}\n"
                        "  bye: {end: resolved}\n";
    Library lib = load_one(steps);
    Session s = lib.start("i");
    s.set_correlation_id("");
    std::string bytes = s.snapshot();
    auto header = read_snapshot_header(bytes);
    REQUIRE(header.has_value());
    // "PRLY", format, library fingerprint, script count, the script's name and fingerprint; then the
    // locale and correlation id (length, bytes), flags, outcome, turn: the attempts come next.
    std::size_t at = 5 + 8 + 1 + 1 + header->scripts[0].name.size() + 8;
    at += 1 + s.locale().size() + 1 + 0 + 1 + 1 + 1;
    REQUIRE(bytes[at] == 0);
    CHECK(lib.restore(reseal(bytes)).has_value());
    bytes[at] = 2;
    auto r = lib.restore(reseal(bytes));
    REQUIRE_FALSE(r.has_value());
    CHECK(has_rule(r.diagnostics(), "snapshot-corrupt"));
}

TEST_CASE("a forged snapshot whose locale is not a canonical tag is refused (found by review)") {
    const char* steps = "script: i\nversion: 1\nstart: go\nnodes:\n  go: {instruct: \"Restart it.\", action: restart, next: bye}\n"
                        "  bye: {end: resolved}\n";
    Library lib = load_one(steps);
    Session s = lib.start("i", {}, {}, StartOptions{"es"});
    std::string bytes = s.snapshot();
    auto header = read_snapshot_header(bytes);
    REQUIRE(header.has_value());
    // "PRLY", format, library fingerprint, script count, the script's name and fingerprint; then the locale.
    std::size_t at = 5 + 8 + 1 + 1 + header->scripts[0].name.size() + 8;
    REQUIRE(bytes.substr(at, 3) == "\x02" "es");
    CHECK(lib.restore(reseal(bytes)).has_value());
    for (const char* forged : {"ES", "e\xff", "e\0"}) {
        std::string copy = bytes;
        copy.replace(at + 1, 2, std::string(forged, 2));
        auto r = lib.restore(reseal(copy));
        CHECK_FALSE(r.has_value());
        CHECK(has_rule(r.diagnostics(), "snapshot-corrupt"));
    }
}
