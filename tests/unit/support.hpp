#pragma once
// Helpers shared by the unit tests: loading inline scripts and looking at a session, through the
// public API only.
#include <doctest/doctest.h>

#include <parley/parley.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace test_support {

/// A scratch directory under the system's temporary one, removed when the test ends.
struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& name) : path(std::filesystem::temp_directory_path() / ("parley-unit-" + name)) {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    /// Writes `text` to `name` (its folders made as needed) and returns the file's path.
    std::string write(const std::string& name, const std::string& text) const {
        std::filesystem::path p = path / name;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p) << text;
        return p.string();
    }
};

/// Loads one inline script; a script that does not load fails the test with its diagnostics.
inline parley::Library load_one(const std::string& yaml, const std::string& file = "t.yaml") {
    auto r = parley::Library::parse(yaml, file);
    if (!r.has_value())
        for (const auto& d : r.diagnostics()) MESSAGE(parley::format(d));
    REQUIRE(r.has_value());
    return *r;
}

/// Loads several (file name, text) scripts as one library.
inline parley::Library load_many(const std::vector<std::pair<std::string, std::string>>& files) {
    auto r = parley::Library::parse(files);
    if (!r.has_value())
        for (const auto& d : r.diagnostics()) MESSAGE(parley::format(d));
    REQUIRE(r.has_value());
    return *r;
}

/// "script.node" of the current prompt.
inline std::string at(const parley::Session& s) {
    parley::Turn t = s.next();
    return std::string(t.prompt.script) + "." + std::string(t.prompt.node);
}

/// Some trace entry of `kind` contains `text`.
inline bool has_trace(const parley::Session& s, parley::TraceKind kind, const std::string& text) {
    for (const auto& e : s.trace())
        if (e.kind == kind && e.message.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace test_support
