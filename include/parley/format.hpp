#pragma once
// The script format as data: every key the loader accepts, where, and what it takes. Tools build on
// it (`parley schema` derives a JSON Schema from it) so nothing is maintained by hand beside the loader.
#include <string_view>
#include <vector>

#include "parley/export.hpp"

namespace parley {

struct FormatKey {
    std::string_view place;  ///< script, slot, node, branch (policies.yaml: library, policies, and each policy's name;
                             ///< test files: test_file, test_case, test_turn, test_expect)
    std::string_view key;
    std::string_view shape;  ///< word, string, integer, number, boolean, text, list, map, next, list of maps
    bool required;
    std::string_view summary;
    std::vector<std::string_view> values;  ///< the allowed words, when there are only a few
    /// For a map or a list of maps whose keys the table lists: the place that lists them (e.g. a test
    /// case's `turns` hold test_turn maps); empty otherwise.
    std::string_view holds;
};

/// The loader's own key table.
PARLEY_API std::vector<FormatKey> format_keys();

}  // namespace parley
