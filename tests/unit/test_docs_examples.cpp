// The documentation's examples are tested: every ```yaml block in docs/*.md is a complete script
// and must load on its own with no diagnostics at all. Fragments use plain ``` blocks instead.
// A ```cpp block that names a file of the repository (```cpp examples/minimal.cpp) shows that
// file whole, as it is: the examples are built and run by ctest. A ```yaml-mistake block is a script
// that fails to load, with its diagnostics in the plain block after it (format.md's common mistakes).
#include <doctest/doctest.h>
#include <parley/parley.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Block {
    std::string info;  // the word after the opening fence ("yaml", "cpp", "" ...)
    std::string text;
    int line = 0;      // 1-based line of the opening fence
};

std::string trim(const std::string& s) {
    std::size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return {};
    std::size_t e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

// Fenced code blocks of a Markdown text, in order. A fence may be indented (inside a list item);
// its indentation is removed from the block's lines. An unclosed block is returned with
// `unclosed` set so that the test can say so rather than skip it.
std::vector<Block> fenced_blocks(const std::string& markdown, bool& unclosed) {
    std::vector<Block> blocks;
    std::istringstream in(markdown);
    std::string line;
    int number = 0;
    bool inside = false;
    std::size_t indent = 0;
    Block current;
    unclosed = false;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::size_t first = line.find_first_not_of(' ');
        bool fence = first != std::string::npos && line.compare(first, 3, "```") == 0;
        if (!inside) {
            if (!fence) continue;
            inside = true;
            indent = first;
            current = Block{trim(line.substr(first + 3)), {}, number};
            continue;
        }
        if (fence && trim(line) == "```") {
            blocks.push_back(current);
            inside = false;
            continue;
        }
        std::size_t strip = std::min(indent, line.find_first_not_of(' ') == std::string::npos ? line.size()
                                                                                             : line.find_first_not_of(' '));
        current.text += line.substr(strip) + "\n";
    }
    if (inside) {
        unclosed = true;
        blocks.push_back(current);
    }
    return blocks;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<fs::path> doc_files() {
    std::vector<fs::path> out;
    fs::path dir = fs::path(PARLEY_SOURCE_DIR) / "docs";
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().extension() == ".md") out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("docs: the fenced-block reader finds yaml blocks and strips list indentation") {
    const std::string md =
        "Intro\n"
        "```yaml\n"
        "script: a\n"
        "```\n"
        "- item:\n"
        "\n"
        "  ```\n"
        "  say: >-\n"
        "    text\n"
        "  ```\n"
        "```cpp\n"
        "int x;\n"
        "```\n";
    bool unclosed = true;
    auto blocks = fenced_blocks(md, unclosed);
    CHECK_FALSE(unclosed);
    REQUIRE(blocks.size() == 3);
    CHECK(blocks[0].info == "yaml");
    CHECK(blocks[0].text == "script: a\n");
    CHECK(blocks[0].line == 2);
    CHECK(blocks[1].info.empty());
    CHECK(blocks[1].text == "say: >-\n  text\n");
    CHECK(blocks[2].info == "cpp");

    fenced_blocks("```yaml\nscript: a\n", unclosed);
    CHECK(unclosed);
}

TEST_CASE("docs: every yaml block in docs/*.md is a complete script that loads on its own") {
    auto files = doc_files();
    REQUIRE_FALSE(files.empty());
    int yaml_blocks = 0;
    for (const fs::path& file : files) {
        const std::string doc = "docs/" + file.filename().string();
        bool unclosed = false;
        auto blocks = fenced_blocks(slurp(file), unclosed);
        CHECK_MESSAGE(!unclosed, doc << ": the last code block is never closed");
        int n = 0;
        for (const Block& b : blocks) {
            if (b.info != "yaml") continue;
            ++n;
            ++yaml_blocks;
            const std::string name = doc + "#block-" + std::to_string(n);
            auto lib = parley::Library::parse(b.text, name);
            std::string problems;
            for (const auto& d : lib.diagnostics()) problems += "\n  " + parley::format(d);
            INFO(name << " (the ```yaml fence on line " << b.line << " of " << doc << ")" << problems);
            CHECK(lib.has_value());
            CHECK(lib.diagnostics().empty());
        }
    }
    // format.md alone has several complete scripts: finding none means the reader is broken.
    CHECK(yaml_blocks >= 2);
}

// A ```yaml-mistake block is a library that must not load, and the plain block right after it shows
// every diagnostic, as parley::format writes it. A block of several files starts each with a line
// `# file: NAME`; a single file is `mistake.yaml`.
static std::vector<std::pair<std::string, std::string>> mistake_files(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> files;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("# file: ", 0) == 0) files.push_back({line.substr(8), {}});
        else if (files.empty()) files.push_back({"mistake.yaml", line + "\n"});
        else files.back().second += line + "\n";
    }
    return files;
}

TEST_CASE("docs: the mistake-block reader splits files") {
    auto one = mistake_files("script: a\nversion: 1\n");
    REQUIRE(one.size() == 1);
    CHECK(one[0].first == "mistake.yaml");
    CHECK(one[0].second == "script: a\nversion: 1\n");
    auto two = mistake_files("# file: a.yaml\nscript: a\n# file: b.yaml\nscript: b\n");
    REQUIRE(two.size() == 2);
    CHECK(two[1].first == "b.yaml");
    CHECK(two[1].second == "script: b\n");
}

TEST_CASE("docs: every yaml-mistake block fails to load with exactly the diagnostics shown after it") {
    int mistakes = 0;
    for (const fs::path& file : doc_files()) {
        const std::string doc = "docs/" + file.filename().string();
        bool unclosed = false;
        auto blocks = fenced_blocks(slurp(file), unclosed);
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            if (blocks[i].info != "yaml-mistake") continue;
            ++mistakes;
            INFO("the ```yaml-mistake fence on line " << blocks[i].line << " of " << doc);
            REQUIRE(i + 1 < blocks.size());
            REQUIRE(blocks[i + 1].info.empty());
            auto lib = parley::Library::parse(mistake_files(blocks[i].text));
            CHECK_FALSE(lib.has_value());
            std::string shown;
            for (const auto& d : lib.diagnostics()) shown += parley::format(d) + "\n";
            CHECK(shown == blocks[i + 1].text);
        }
    }
    // format.md's common mistakes (section 14.1) have one block each.
    CHECK(mistakes >= 4);
}

TEST_CASE("docs: a cpp block naming a file shows that file exactly") {
    int shown = 0;
    for (const fs::path& file : doc_files()) {
        const std::string doc = "docs/" + file.filename().string();
        bool unclosed = false;
        for (const Block& b : fenced_blocks(slurp(file), unclosed)) {
            if (b.info.rfind("cpp ", 0) != 0) continue;
            const std::string shown_file = trim(b.info.substr(4));
            const fs::path path = fs::path(PARLEY_SOURCE_DIR) / shown_file;
            INFO(doc << " line " << b.line << " shows " << shown_file);
            REQUIRE(fs::is_regular_file(path));
            CHECK(b.text == slurp(path));
            ++shown;
        }
    }
    // docs/embedding.md shows examples/minimal.cpp and examples/many_sessions.cpp.
    CHECK(shown >= 2);
}
