#pragma once
// One table of every key the format accepts, in scripts, in policies.yaml and in test files: it drives
// the readers' unknown-key checks and did-you-mean suggestions, the compiler's allowed words, and
// `parley schema`.
#include <optional>
#include <string_view>
#include <vector>

namespace parley::detail {

enum class KeyPlace {
    // a script file
    script, slot, node, branch,
    // policies.yaml
    library,   // the top of the file
    policies,  // the policy names under `policies:`
    honor_cancellation, escalate_on_request, repeat_contact, closing_courtesy,  // each policy's settings
    // test files (*.test.yaml): the file, a case, a turn, `start`/`expect`
    test_file, test_case, test_turn, test_expect
};

/// The name of a place, as the public format table (parley::FormatKey::place) gives it.
std::string_view place_name(KeyPlace place);

/// The name of the library's settings file, found beside the scripts.
inline constexpr std::string_view settings_file_name = "policies.yaml";

enum class KeyShape {
    word,         // a single word: an id, a name, or one of `values`
    string,       // free text without translations (a condition, a reason)
    integer,
    number,
    boolean,
    text,         // a string or a map of locale -> string
    scalar_list,  // a list of scalars
    map,          // a map (slots, nodes, set)
    next,         // a node id or a list of {if, goto}
    map_list      // a list of maps (a test file's cases, a case's turns)
};
const char* to_string(KeyShape s) noexcept;

struct KeyInfo {
    KeyPlace place;
    std::string_view key;
    KeyShape shape;
    bool required;
    std::string_view summary;
    std::vector<std::string_view> values = {};  // the allowed words, when the key takes one of a few
    std::optional<KeyPlace> holds = {};         // a map of known keys: the place that lists them
};

const std::vector<KeyInfo>& format_keys();
const KeyInfo* find_key(KeyPlace place, std::string_view key);
const std::vector<std::string_view>& keys_of(KeyPlace place);

}  // namespace parley::detail
