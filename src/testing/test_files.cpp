// Test files by name and on disk: which files are test files, finding them under directories, and
// reading them (the YAML itself is read by src/load/test_reader.cpp).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/diagnostics.hpp"
#include "load/files.hpp"
#include "load/test_reader.hpp"
#include "parley/test_suite.hpp"

namespace parley::testing {

namespace fs = std::filesystem;

const char* to_string(Assertion::Kind k) noexcept {
    switch (k) {
    case Assertion::Kind::prompt: return "prompt";
    case Assertion::Kind::text: return "text";
    case Assertion::Kind::text_contains: return "text_contains";
    case Assertion::Kind::said: return "said";
    case Assertion::Kind::understood: return "understood";
    case Assertion::Kind::not_asked: return "not_asked";
    case Assertion::Kind::slot: return "slots";
    case Assertion::Kind::actions_done: return "actions_done";
    case Assertion::Kind::offers: return "offers";
    case Assertion::Kind::policy: return "policy";
    case Assertion::Kind::trace: return "trace";
    case Assertion::Kind::outcome: return "outcome";
    case Assertion::Kind::actions_failed: return "actions_failed";
    case Assertion::Kind::hint: return "hint";
    }
    return "?";
}

const char* to_string(TestTurn::Kind k) noexcept {
    switch (k) {
    case TestTurn::Kind::reply: return "reply";
    case TestTurn::Kind::signal: return "signal";
    case TestTurn::Kind::fill: return "fill";
    case TestTurn::Kind::locale: return "locale";
    }
    return "?";
}

bool is_test_file(const std::string& path) {
    std::string name = fs::path(path).filename().string();
    auto ends_with = [&](std::string_view suffix) {
        return name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return ends_with(".test.yaml") || ends_with(".test.yml");
}

Result<TestSuite> parse_tests(std::string_view yaml, const std::string& file_name) {
    return detail::read_test_file(yaml, file_name);
}

Result<TestSuite> load_tests(const std::string& path) {
    std::vector<Diagnostic> problems;
    std::optional<std::string> text = detail::read_file(path, problems);
    if (!text) return Result<TestSuite>(std::move(problems));
    return parse_tests(*text, path);
}

TestFiles find_test_files(const std::vector<std::string>& paths) {
    TestFiles found;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (!fs::is_directory(path, ec)) {
            if (!fs::exists(path, ec)) {
                found.missing = path;
                break;
            }
            found.files.push_back(path);
            continue;
        }
        // The loader's walk: sorted, and every directory it cannot list reported, not skipped.
        auto wanted = [](const fs::path& p) { return is_test_file(p.string()); };
        for (const fs::path& file : detail::find_files(path, wanted, found.problems)) found.files.push_back(file.string());
    }
    return found;
}

std::string library_path_for(const std::string& scripts, const std::string& test_file) {
    std::error_code ec;
    fs::path target = fs::weakly_canonical(fs::absolute(scripts, ec), ec);
    fs::path folder = fs::weakly_canonical(fs::absolute(test_file, ec).parent_path(), ec);
    fs::path relative = target.lexically_relative(folder);
    std::string written = relative.empty() ? target.generic_string() : relative.generic_string();
    return written == "." ? "" : written;
}

}  // namespace parley::testing
