// The public view of the key table (include/parley/format.hpp): each row of src/load/format_table.cpp
// with its place named, for tools such as `parley schema`.
#include "parley/format.hpp"

#include "load/format_table.hpp"

namespace parley {

namespace {
std::string_view place_name(detail::KeyPlace p) {
    using P = detail::KeyPlace;
    switch (p) {
    case P::script: return "script";
    case P::slot: return "slot";
    case P::node: return "node";
    case P::branch: return "branch";
    case P::library: return "library";
    case P::policies: return "policies";
    case P::honor_cancellation: return "honor_cancellation";
    case P::escalate_on_request: return "escalate_on_request";
    case P::repeat_contact: return "repeat_contact";
    case P::closing_courtesy: return "closing_courtesy";
    case P::test_file: return "test_file";
    case P::test_case: return "test_case";
    case P::test_turn: return "test_turn";
    case P::test_expect: return "test_expect";
    }
    return "?";
}
}  // namespace

std::vector<FormatKey> format_keys() {
    std::vector<FormatKey> out;
    for (const detail::KeyInfo& k : detail::format_keys())
        out.push_back({place_name(k.place), k.key, detail::to_string(k.shape), k.required, k.summary, k.values});
    return out;
}

}  // namespace parley
