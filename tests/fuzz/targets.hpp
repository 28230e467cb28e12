#pragma once
// Fuzz targets, shared by the libFuzzer binaries (tests/fuzz/fuzz_*.cpp, built with
// -DPARLEY_BUILD_FUZZERS=ON and clang) and by a unit test that replays every file kept in
// tests/fuzz/regressions/ on each ctest run.
#include <cstddef>
#include <cstdint>
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

}  // namespace parley_fuzz
