#pragma once
// Conditions: a branch's bytecode run on a session's facts.
#include "model/program.hpp"
#include "engine/state.hpp"

namespace parley::detail {

enum class Truth : std::uint8_t { no, yes, unknown };

/// Runs a condition's bytecode on the session's facts with three-valued (Kleene) logic:
/// anything that reads an unknown slot is unknown, and a branch is taken only on `yes`.
Truth evaluate(const Condition& condition, const State& state);

/// `conversation.NAME` in a condition: what the conversation itself has done so far. (The linter's
/// states hold both, so its exploration tells apart any two conversations a condition could.)
bool conversation_fact(ConversationFact fact, const State& state);

/// Which of Program::condition_locales a session in `locale` is (the tag itself, or a child of it:
/// es-MX is es), one bit each: State::locale_bits, set whenever the session's locale is.
std::uint64_t locale_bits(const Program& program, std::string_view locale) noexcept;

}  // namespace parley::detail
