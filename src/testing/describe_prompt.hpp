#pragma once
// How a test failure names the prompt it met: `parley test`'s reports (runner.cpp) and
// parley::testing::Conversation (src/api/testing.cpp) say it the same way.
#include <string>

#include "parley/session.hpp"

namespace parley::detail {

/// "ask 'shop.colour_q' for slot colour", "offer 'c.keep' for slot c.keep (retention)",
/// "end 'c.bye' with outcome cancelled": the kind, the node, and what tells it apart from a
/// prompt of the same kind (its slot, its offer kind, its outcome).
std::string describe_prompt(const Utterance& u);

}  // namespace parley::detail
