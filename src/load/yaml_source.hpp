#pragma once
// What the YAML readers share (scripts and policies.yaml in reader.cpp, test files in
// test_reader.cpp): positions from yaml-cpp's marks, diagnostics, and walking a map's keys against
// the keys it may have, with did-you-mean for the others.
#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostics.hpp"
#include "common/suggest.hpp"

namespace parley::detail {

class YamlSource {
public:
    /// `rule_prefix` goes before the rule ids each_key reports ("test-" for test files).
    YamlSource(const std::string& file, std::vector<Diagnostic>& out, std::string rule_prefix = {})
        : file_(file), out_(out), prefix_(std::move(rule_prefix)) {}

    SourceRegion at(const YAML::Mark& m) const {
        if (m.line < 0) return {file_, 0, 0};  // yaml-cpp marks are 0-based, and -1 for made-up nodes
        return {file_, m.line + 1, m.column + 1};
    }
    /// An empty value has no position of its own (yaml-cpp gives the next token's): use `fallback`.
    SourceRegion at(const YAML::Node& n, const SourceRegion& fallback) const {
        if (n.IsNull()) return fallback;
        SourceRegion r = at(n.Mark());
        return r.line == 0 ? fallback : r;
    }

    void error(std::string rule, SourceRegion where, std::string message, std::string note = {}) {
        out_.push_back(make_diagnostic(std::move(rule), Severity::error, std::move(where), std::move(message), std::move(note)));
    }

    /// Calls `on_key(key, value, key_region)` for each key of `map` among `known`; reports the others
    /// and repeated keys. Keys whose value `on_key` reported go into `broken`, so that later stages
    /// do not report them again.
    template <class F>
    void each_key(const YAML::Node& map, const std::vector<std::string_view>& known, const std::string& what,
                  F&& on_key, std::vector<std::string>* broken = nullptr) {
        std::vector<std::string> seen;
        for (auto it = map.begin(); it != map.end(); ++it) {
            SourceRegion kr = at(it->first.Mark());
            if (!it->first.IsScalar()) {
                error(prefix_ + "wrong-type", kr, "keys of " + what + " must be plain words");
                continue;
            }
            const std::string& key = it->first.Scalar();
            bool is_known = false;
            for (std::string_view k : known) is_known = is_known || k == key;
            if (!is_known) {
                error(prefix_ + "unknown-key", kr, "unknown key '" + key + "' in " + what, did_you_mean(key, known));
                continue;
            }
            bool duplicate = false;
            for (const auto& s : seen) duplicate = duplicate || s == key;
            if (duplicate) {
                error(prefix_ + "duplicate-key", kr, "key '" + key + "' appears twice in " + what);
                continue;
            }
            seen.push_back(key);
            std::size_t reported = out_.size();
            on_key(key, it->second, kr);
            if (broken && out_.size() > reported) broken->push_back(key);
        }
    }

protected:
    const std::string& file_;
    std::vector<Diagnostic>& out_;
    std::string prefix_;
};

}  // namespace parley::detail
