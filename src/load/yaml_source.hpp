#pragma once
// What the YAML readers share (scripts and policies.yaml in reader.cpp, test files in
// test_reader.cpp): positions from yaml-cpp's marks, diagnostics, and walking a map's keys against
// the keys it may have, with did-you-mean for the others.
#include <yaml-cpp/mark.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostics.hpp"
#include "common/suggest.hpp"
#include "load/yaml_tree.hpp"

namespace parley::detail {

/// The rules each_key reports: a script's keys, or a test file's (test-unknown-key, ...).
struct KeyRules {
    Rule wrong_type, unknown_key, duplicate_key;
};
inline constexpr KeyRules script_key_rules{Rule::wrong_type, Rule::unknown_key, Rule::duplicate_key};
inline constexpr KeyRules test_key_rules{Rule::test_wrong_type, Rule::test_unknown_key, Rule::test_duplicate_key};

/// The loader's size limits (docs/robustness.md, "Limits"). A file over max_file_bytes is refused
/// (file-too-large); so is one whose YAML aliases make a reader meet more than max_expanded_bytes
/// of keys, values and items again (aliases-too-large, YamlTree::alias_weight), before it is read.
inline constexpr std::size_t max_file_bytes = std::size_t{16} << 20;
inline constexpr std::size_t max_expanded_bytes = max_file_bytes;

class YamlSource {
public:
    YamlSource(const std::string& file, std::vector<Diagnostic>& out, KeyRules key_rules = script_key_rules)
        : file_(file), out_(out), key_rules_(key_rules) {}

    SourceRegion at(const YamlMark& m) const {
        if (m.line < 0) return {file_, 0, 0};  // yaml-cpp marks are 0-based, and -1 for made-up nodes
        return {file_, m.line + 1, m.column + 1};
    }
    SourceRegion at(const YAML::Mark& m) const { return at(YamlMark{m.pos, m.line, m.column}); }
    /// An empty value has no position of its own (yaml-cpp gives the next token's): use `fallback`.
    SourceRegion at(const YamlNode& n, const SourceRegion& fallback) const {
        if (n.IsNull()) return fallback;
        SourceRegion r = at(n.Mark());
        return r.line == 0 ? fallback : r;
    }

    /// The text's one YAML document (a null node for an empty text), or nothing when the text is over
    /// max_file_bytes, is not UTF-8 or holds a NUL byte (reported with its line and column). A
    /// second document is reported, and the first is still read. yaml-cpp's exceptions go through.
    std::optional<YamlNode> load(std::string_view text);

    /// `n`'s scalar (aliases are bounded before reading starts: load()).
    static const std::string& take(const YamlNode& n) { return n.Scalar(); }

    void error(Rule rule, SourceRegion where, std::string message, std::string note = {}) {
        out_.push_back(make_diagnostic(rule, std::move(where), std::move(message), std::move(note)));
    }

    /// Calls `on_key(key, value, key_region)` for each key of `map` among `known`; reports the others
    /// and repeated keys. Keys whose value `on_key` reported go into `broken`, so that later stages
    /// do not report them again.
    template <class F>
    void each_key(const YamlNode& map, const std::vector<std::string_view>& known, const std::string& what,
                  F&& on_key, std::vector<std::string>* broken = nullptr) {
        std::vector<bool> seen(known.size());  // which of `known` came already
        for (auto it = map.begin(); it != map.end(); ++it) {
            SourceRegion kr = at(it->first.Mark());
            if (!it->first.IsScalar()) {
                error(key_rules_.wrong_type, kr, "keys of " + what + " must be plain words");
                continue;
            }
            const std::string& key = take(it->first);
            auto index = static_cast<std::size_t>(std::find(known.begin(), known.end(), key) - known.begin());
            if (index == known.size()) {
                error(key_rules_.unknown_key, kr, "unknown key '" + key + "' in " + what, did_you_mean(key, known));
                continue;
            }
            if (seen[index]) {
                error(key_rules_.duplicate_key, kr, "key '" + key + "' appears twice in " + what);
                continue;
            }
            seen[index] = true;
            std::size_t reported = out_.size();
            on_key(key, it->second, kr);
            if (broken && out_.size() > reported) broken->push_back(key);
        }
    }

protected:
    const std::string& file_;
    YamlTree tree_;  // the nodes load() returns point into it
    std::vector<Diagnostic>& out_;
    KeyRules key_rules_;
};

}  // namespace parley::detail
