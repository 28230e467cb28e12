// Writes the seed corpus of parley_fuzz_restore: real snapshots of the shipped library, taken while
// walking the shipped test cases (scripts/*.test.yaml), at the start, midway and at the end, with and
// without the trace and the recorded path. Run from the repository root:
//   build-fuzz/tests/fuzz/parley_fuzz_restore_seeds tests/fuzz/restore_seeds
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <parley/test_suite.hpp>

#include "targets.hpp"

namespace fs = std::filesystem;
using namespace parley;

namespace {

void take(Session& s, const testing::TestTurn& step) {
    switch (step.kind) {
    case testing::TestTurn::Kind::reply:
        if (step.text == "!unknown") (void)s.fill_unknown(s.next().prompt.slot);  // the host could not tell
        else (void)s.reply(step.text);
        return;
    case testing::TestTurn::Kind::signal: (void)s.signal(step.text); return;
    case testing::TestTurn::Kind::locale: s.set_locale(step.text); return;
    case testing::TestTurn::Kind::fill:
        try {
            s.fill(step.slot, Value(step.text));
        } catch (const Error&) {
        }
        return;
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: parley_fuzz_restore_seeds OUT_DIR\n";
        return 2;
    }
    const fs::path out = argv[1];
    fs::create_directories(out);
    for (const auto& e : fs::directory_iterator(out))
        if (e.path().extension() == ".snap") fs::remove(e.path());

    const Library& lib = parley_fuzz::shipped_library();
    std::vector<std::string> files;
    for (const auto& e : fs::directory_iterator(PARLEY_SOURCE_DIR "/scripts"))
        if (testing::is_test_file(e.path().string())) files.push_back(e.path().string());
    std::sort(files.begin(), files.end());

    int written = 0;
    for (const std::string& file : files) {
        auto suite = testing::load_tests(file);
        if (!suite) {
            for (const auto& d : suite.diagnostics()) std::cerr << format(d) << "\n";
            return 1;
        }
        const std::string stem = fs::path(file).filename().string().substr(0, fs::path(file).filename().string().find('.'));
        for (std::size_t i = 0; i < suite->cases.size(); ++i) {
            const testing::TestCase& test = suite->cases[i];
            // One snapshot per case, rotating where it is taken and what it carries.
            const std::size_t at = test.turns.size() * (i % 3) / 2;  // start, midway, end
            const bool with_trace = i % 2 == 1;
            testing::CaseStart start = testing::case_start(test);
            start.options.record_path = i % 4 >= 2;
            auto started = lib.try_start(test.script.value, start.prefill, start.done, start.options);
            if (!started) continue;
            Session s = *started;
            if (i % 2 == 0) s.set_correlation_id("chat-" + std::to_string(i));
            for (std::size_t k = 0; k < at; ++k) take(s, test.turns[k]);
            const std::string bytes = s.snapshot({with_trace});
            const std::string name = stem + "_" + std::to_string(i) + "_turn" + std::to_string(at) +
                                     (with_trace ? "_trace" : "") + (start.options.record_path ? "_path" : "") + ".snap";
            std::ofstream(out / name, std::ios::binary) << bytes;
            ++written;
        }
    }
    std::cout << written << " seeds in " << out.string() << "\n";
    return 0;
}
