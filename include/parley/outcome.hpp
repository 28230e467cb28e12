#pragma once
// The small vocabulary shared by the public API and the compiled program: how a conversation ended
// and what kind of offer a node makes. Kept apart so the compiled model needs no session types.
#include "parley/export.hpp"

namespace parley {

/// How a conversation ended. `none` while it is still going.
enum class Outcome { none, resolved, cancelled, retained, escalated, transferred, unresolved, completed };
enum class OfferKind { retention, upsell };

PARLEY_API const char* to_string(Outcome o) noexcept;
PARLEY_API const char* to_string(OfferKind k) noexcept;

}  // namespace parley
