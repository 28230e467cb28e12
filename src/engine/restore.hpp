#pragma once
// Restoring a snapshot on a library: names back to ids, and the check that every live position
// (current node, call stack, messages still to say) means on this library what it meant when the
// snapshot was taken. `parley diff` asks the same question of two libraries (position_meaning).
#include <memory>
#include <string_view>
#include <vector>

#include "engine/session_core.hpp"
#include "parley/diagnostic.hpp"

namespace parley::detail {

/// What a node is about: its slot (ask, offer, lookup), action (instruct), callee (call), or "".
std::string_view subject_name(const Program& p, const Node& n);

/// Why `now` does not mean what a node of `old_kind` about `old_subject` meant, or "" when it does.
std::string meaning_change(const Program& p, Id now, std::string_view old_kind, std::string_view old_subject);

/// Whether a `migrate:` target of kind `now` can hold a session saved at a node of `old_kind`: a question
/// for a question (the customer's next reply answers it), a call for a call, a say for a say, an end for an end.
bool can_take_place_of(std::string_view old_kind, NodeKind now);

/// True when the event's ids are in range for `p` and describe() can render it.
bool event_is_valid(const Program& p, const Event& e);

}  // namespace parley::detail
