// Every input a fuzzer once crashed on, kept in tests/fuzz/regressions/, replayed on each run.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../fuzz/targets.hpp"

TEST_CASE("fuzz regressions: every kept input loads, lints and walks without crashing") {
    namespace fs = std::filesystem;
    int replayed = 0;
    for (const auto& entry : fs::directory_iterator(PARLEY_SOURCE_DIR "/tests/fuzz/regressions")) {
        if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        const std::string data = bytes.str();
        INFO(entry.path().string());
        parley_fuzz::library_from_bytes(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
        ++replayed;
    }
    CHECK(replayed >= 1);
}
