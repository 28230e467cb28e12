#pragma once
// Fuzz targets, shared by the libFuzzer binaries (tests/fuzz/fuzz_*.cpp, built with
// -DPARLEY_BUILD_FUZZERS=ON and clang) and by a unit test that replays every file kept in
// tests/fuzz/regressions/ on each ctest run.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

#include <parley/parley.hpp>

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
            if (!line.empty() && line[0] == '!') (void)s.signal(line.substr(1));  // any status will do
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

/// The snapshot's trailing checksum, format 2: FNV-1a's step over little-endian 8-byte words, then
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

}  // namespace parley_fuzz
