// Every input a fuzzer once crashed on, kept in tests/fuzz/regressions/, replayed on each run.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "../fuzz/targets.hpp"

namespace {

/// Calls `target` on every file of `folder` (README.md aside, subfolders skipped); returns how many.
template <class Target>
int replay(const std::filesystem::path& folder, Target target) {
    int replayed = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        const std::string data = bytes.str();
        INFO(entry.path().string());
        target(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
        ++replayed;
    }
    return replayed;
}

}  // namespace

TEST_CASE("fuzz regressions: every kept input loads, lints and walks without crashing") {
    CHECK(replay(PARLEY_SOURCE_DIR "/tests/fuzz/regressions", parley_fuzz::library_from_bytes) >= 1);
}

TEST_CASE("fuzz regressions: every kept snapshot restores or is refused, and a restored session works") {
    CHECK(replay(PARLEY_SOURCE_DIR "/tests/fuzz/regressions/restore", parley_fuzz::restore_from_bytes) >= 1);
}

TEST_CASE("fuzz seeds: every conversation seed walks a shipped script with its checks holding") {
    CHECK(replay(PARLEY_SOURCE_DIR "/tests/fuzz/conversation_seeds", parley_fuzz::conversation_from_bytes) >= 15);
}

TEST_CASE("fuzz seeds: every seed snapshot of the shipped scripts restores and works") {
    // The seeds are real snapshots: each must still restore on the shipped library (regenerate them
    // with parley_fuzz_restore_seeds when the scripts change), and pass the fuzz target's checks.
    int restored = 0;
    for (const auto& entry : std::filesystem::directory_iterator(PARLEY_SOURCE_DIR "/tests/fuzz/restore_seeds")) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        INFO(entry.path().string());
        auto r = parley_fuzz::shipped_library().restore(bytes.str());
        CHECK(r.has_value());
        restored += r.has_value() ? 1 : 0;
    }
    CHECK(replay(PARLEY_SOURCE_DIR "/tests/fuzz/restore_seeds", parley_fuzz::restore_from_bytes) == restored);
}

TEST_CASE("fuzz regressions: every kept test file reads or is refused, and a suite that reads runs") {
    CHECK(replay(PARLEY_SOURCE_DIR "/tests/fuzz/regressions/test_reader", parley_fuzz::test_file_from_bytes) >= 2);
}

TEST_CASE("fuzz seeds: the shipped test files pass the test-file target") {
    int replayed = 0;
    for (const auto& entry : std::filesystem::directory_iterator(PARLEY_SOURCE_DIR "/scripts")) {
        const std::string name = entry.path().filename().string();
        if (name.size() < 10 || name.compare(name.size() - 10, 10, ".test.yaml") != 0) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        const std::string data = bytes.str();
        INFO(name);
        parley_fuzz::test_file_from_bytes(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
        ++replayed;
    }
    CHECK(replayed >= 5);
}
