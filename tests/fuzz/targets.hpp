#pragma once
// Fuzz targets, shared by the libFuzzer binaries (tests/fuzz/fuzz_*.cpp, built with
// -DPARLEY_BUILD_FUZZERS=ON and clang) and by a unit test that replays every file kept in
// tests/fuzz/regressions/ on each ctest run.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <algorithm>
#include <iterator>
#include <optional>
#include <vector>
#include <iostream>
#include <string>
#include <string_view>

#include <parley/json.hpp>
#include <parley/parley.hpp>
#include <parley/test_suite.hpp>

namespace parley_fuzz {

// Any bytes as a script: loading must give a library or diagnostics, never crash or hang; a library
// that loads is linted (bounded) and walked with replies taken from the same bytes.
inline void library_from_bytes(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto lib = parley::Library::parse(text, "fuzz.yaml");
    if (!lib) {
        for (const auto& d : lib.diagnostics())
            if (d.rule.empty() || d.rule == "internal-error") __builtin_trap();
        return;
    }
    parley::LintOptions options;
    options.max_states = 2000;
    parley::lint(*lib, options);
    for (std::string_view script : lib->scripts()) {
        parley::Session s = lib->start(script);
        std::size_t at = 0;
        for (int turn = 0; turn < 64 && !s.ended(); ++turn) {
            std::size_t end = text.find('\n', at);
            std::string_view line = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
            at = end == std::string_view::npos ? 0 : end + 1;
            parley::Turn t = s.next();
            if (line == "!unknown" && !t.prompt.slot.empty()) (void)s.fill_unknown(t.prompt.slot);
            else if (!line.empty() && line[0] == '!') (void)s.signal(line.substr(1));  // any status will do
            else (void)s.reply(line);
            (void)t;
        }
        (void)s.summary();
        (void)s.trace();
    }
}

// ---- restore: any bytes as a session snapshot (tests/fuzz/fuzz_restore.cpp) ----

#ifndef PARLEY_SOURCE_DIR
#error "restore_from_bytes needs PARLEY_SOURCE_DIR (the repository root) to find the shipped scripts"
#endif

/// The shipped scripts (`scripts/`), loaded once: every input is restored against them.
inline const parley::Library& shipped_library() {
    static const parley::Library lib = [] {
        auto loaded = parley::Library::load(PARLEY_SOURCE_DIR "/scripts");
        if (!loaded) {
            for (const auto& d : loaded.diagnostics()) std::cerr << parley::format(d) << "\n";
            std::abort();
        }
        return *loaded;
    }();
    return lib;
}

/// The snapshot's trailing checksum, formats 2 to 4: FNV-1a's step over little-endian 8-byte words, then
/// the tail bytes, then the length, folded to 32 bits (written here, not taken from src/, so a change
/// to the format's checksum shows up as a fuzzer that no longer gets past it).
inline std::uint32_t snapshot_checksum(std::string_view bytes) {
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

/// `bytes` with its last 4 bytes replaced by the checksum of the rest, as a forger would.
inline std::string resealed(std::string_view bytes) {
    std::string out(bytes.substr(0, bytes.size() - 4));
    std::uint32_t sum = snapshot_checksum(out);
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(sum >> (8 * i)));
    return out;
}

/// Every diagnostic names its rule (never "internal-error"), and the result is whole: a session with
/// warnings only, or no session and at least one error.
inline void require_sound(const parley::Result<parley::Session>& r) {
    bool errors = false;
    for (const auto& d : r.diagnostics()) {
        if (d.rule.empty() || d.rule == "internal-error") __builtin_trap();
        if (d.severity == parley::Severity::error) errors = true;
    }
    if (r.has_value() == errors) __builtin_trap();
}

/// A snapshot of `s` restores on the same library without a word, and its snapshot is the same bytes.
inline void require_round_trip(const parley::Library& lib, const parley::Session& s, bool with_trace) {
    std::string bytes = s.snapshot({with_trace});
    auto back = lib.restore(bytes);
    require_sound(back);
    if (!back || !back.diagnostics().empty()) __builtin_trap();
    if (back->snapshot({with_trace}) != bytes) __builtin_trap();
}

/// Everything a host reads of a session.
inline void look_at(const parley::Session& s) {
    parley::Turn t = s.next();
    (void)t;
    parley::Summary summary = s.summary();
    for (const auto& f : summary.facts) (void)s.why(f.slot);
    for (const auto& a : summary.actions_done) (void)s.done(a.action);
    (void)s.trace();
    (void)s.path();
    (void)s.ended(), (void)s.outcome(), (void)s.turn(), (void)s.locale(), (void)s.correlation_id();
}

/// A restored session must be usable: read, replied to, cancelled, and saved again.
inline void exercise(const parley::Library& lib, const parley::Session& restored) {
    require_round_trip(lib, restored, false);
    require_round_trip(lib, restored, true);
    look_at(restored);

    static const char* const replies[] = {"yes", "no", "2", "green", "", "none", "I don't know", "1"};
    parley::Session s = restored;
    for (const char* reply : replies) {
        if (s.ended()) break;
        parley::Turn t = s.next();
        // The prompt's first choice too, to get past choice questions.
        if (!t.prompt.choices.empty()) (void)s.reply(std::string(t.prompt.choices.front()));
        if (!s.ended()) (void)s.reply(reply);
    }
    look_at(s);
    require_round_trip(lib, s, true);

    parley::Session cancelled = restored;  // a copy: the customer cancels at once
    (void)cancelled.signal("cancel");
    (void)cancelled.reply("no");
    (void)cancelled.signal("cancel");
    look_at(cancelled);
    require_round_trip(lib, cancelled, true);
}

inline void restore_checked(const parley::Library& lib, std::string_view bytes) {
    auto r = lib.restore(bytes);
    require_sound(r);
    if (r) exercise(lib, *r);
}

// Any bytes as a session snapshot of the shipped library: restoring gives a usable session or
// diagnostics, never a crash, hang or leak. The bytes are also tried with their checksum made
// right, so the fuzzer reaches the decoder behind it.
inline void restore_from_bytes(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const parley::Library& lib = shipped_library();
    restore_checked(lib, bytes);
    if (size >= 4) {
        std::string forged = resealed(bytes);
        if (forged != bytes) restore_checked(lib, forged);
    }
}

// ---- conversation: a shipped script walked with fuzzed replies, signals and host values ----

/// The shipped library's `honor_cancellation.max_offers` (scripts/policies.yaml).
inline constexpr std::size_t shipped_max_offers = 1;

inline std::size_t retention_offers(const parley::Summary& s) {
    std::size_t n = 0;
    for (const auto& o : s.offers) n += o.kind == parley::OfferKind::retention;
    return n;
}

/// What a host can see of a session, in one string: two sessions that show the same are the same.
inline std::string everything_shown(const parley::Session& s) {
    return parley::to_json(s.next()) + parley::to_json(s.summary()) + parley::to_json(s.trace()) +
           std::to_string(s.turn()) + s.snapshot({true});
}

// A shipped script walked with replies, signals and fills the bytes choose. After each step: the
// prompt never asks for a slot the session knows; after a cancel request, no more retention offers
// than the policy allows; and a copy restored from the session's snapshot (taken at steps the bytes
// choose) has gone through the same steps to the same state (the same snapshot after each step, and
// everything a host sees at the end).
inline void conversation_from_bytes(const std::uint8_t* data, std::size_t size) {
    const parley::Library& lib = shipped_library();
    std::size_t at = 0;
    auto byte = [&]() -> unsigned { return at < size ? data[at++] : 0; };
    auto text = [&] {
        std::size_t n = std::min<std::size_t>(byte() % 24, size - at);
        std::string s(reinterpret_cast<const char*>(data) + at, n);
        at += n;
        return s;
    };
    static const char* const replies[] = {"yes", "no", "1", "2", "3", "none", "done", "green", "0", "12", "", "accept", "I can't"};
    static const char* const events[] = {"cancel", "supervisor", "agent", "repeat", " Cancel ", "CANCEL"};

    std::vector<std::string_view> scripts = lib.scripts();
    parley::Session s = lib.start(scripts[byte() % scripts.size()]);
    std::optional<parley::Session> twin;
    std::optional<std::size_t> offers_before_cancel;
    for (int step = 0; step < 96 && at < size; ++step) {
        unsigned op = byte();
        if (op & 0x80) {  // a restored copy from here on
            auto restored = lib.restore(s.snapshot({true}));
            require_sound(restored);
            if (!restored || !restored.diagnostics().empty()) __builtin_trap();
            twin = std::move(*restored);
        }
        std::size_t offers = retention_offers(s.summary());
        parley::Turn turn = s.next();
        // Both sessions take the same step, and must say the same about it.
        auto both = [&](auto&& act) {
            auto status = act(s);
            if (twin && act(*twin) != status) __builtin_trap();
        };
        switch (op & 0x7) {
        case 0:
        case 1:
        case 2: {
            std::string reply = !turn.prompt.choices.empty() ? std::string(turn.prompt.choices[byte() % turn.prompt.choices.size()])
                                                             : replies[byte() % std::size(replies)];
            both([&](parley::Session& x) { return x.reply(reply); });
            break;
        }
        case 3: {
            std::string reply = text();
            both([&](parley::Session& x) { return x.reply(reply); });
            break;
        }
        case 4: {
            const char* event = events[byte() % std::size(events)];
            both([&](parley::Session& x) { return x.signal(event); });
            break;
        }
        case 5: {
            std::string event = text();
            both([&](parley::Session& x) { return x.signal(event); });
            break;
        }
        case 6: {  // the host answers the prompt's slot (a lookup, say), with text, a number or "could not tell"
            if (turn.prompt.slot.empty()) break;
            if (byte() % 4 == 0) {
                both([&](parley::Session& x) { return x.fill_unknown(turn.prompt.slot); });
                break;
            }
            parley::Value v = (byte() & 1) ? parley::Value(text()) : parley::Value(static_cast<int>(byte()) - 8);
            both([&](parley::Session& x) {
                try {
                    x.fill(turn.prompt.slot, v);
                    return 0;
                } catch (const parley::Error&) {
                    return 1;
                }
            });
            break;
        }
        default: {
            std::string reply = replies[byte() % std::size(replies)];
            both([&](parley::Session& x) { return x.reply(reply); });
        }
        }

        parley::Turn now = s.next();
        if (!now.ended() && !now.prompt.slot.empty() && s.known(now.prompt.slot))
            __builtin_trap();  // asked again for what the session knows
        parley::Summary summary = s.summary();
        if (summary.cancel_requested && !offers_before_cancel) offers_before_cancel = offers;
        if (offers_before_cancel && retention_offers(summary) - *offers_before_cancel > shipped_max_offers)
            __builtin_trap();  // more retention offers after the cancel request than the policy allows
        // The snapshot (with the trace) after each step; everything a host sees at the end.
        if (twin && twin->snapshot({true}) != s.snapshot({true})) __builtin_trap();
    }
    if (twin && everything_shown(*twin) != everything_shown(s)) __builtin_trap();
}

}  // namespace parley_fuzz

namespace parley_fuzz {

// ---- test files: any bytes as a `*.test.yaml` (tests/fuzz/fuzz_test_reader.cpp) ----

/// Any bytes as a test file: reading gives a suite or diagnostics, never a crash, hang or leak, and
/// every diagnostic names its rule. A suite that reads is run, case by case, on the shipped library
/// (a case naming an unknown script or node fails; it must not crash).
inline void test_file_from_bytes(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto suite = parley::testing::parse_tests(text, PARLEY_SOURCE_DIR "/scripts/fuzz.test.yaml");
    bool errors = false;
    for (const auto& d : suite.diagnostics()) {
        if (d.rule.empty() || d.rule == "internal-error") __builtin_trap();
        if (d.severity == parley::Severity::error) errors = true;
    }
    if (suite.has_value() == errors) __builtin_trap();
    if (!suite) return;
    for (const auto& test : suite->cases) {
        parley::testing::CaseResult r = parley::testing::run_case(shipped_library(), test);
        if (r.failed_turn >= 0 && r.failures.empty()) __builtin_trap();  // a failure says what failed
    }
}

}  // namespace parley_fuzz
