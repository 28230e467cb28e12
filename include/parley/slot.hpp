#pragma once
// What a slot holds and what a question about it expects: the library's catalog of its slots
// (Library::slots()), which every prompt points at (Utterance::expects).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parley/export.hpp"

namespace parley {

/// The type of a slot's value (docs/format.md, section 4).
enum class SlotType : std::uint8_t { boolean, choice, number, text, date };
PARLEY_API const char* to_string(SlotType t) noexcept;

/// One choice of a choice slot.
struct Choice {
    std::string name;   ///< what a reply, a fill or a condition uses ("off")
    std::string label;  ///< what a console shows: the slot's `labels:` entry, or the name
};

/// A slot as the library declares it: what a question about it expects.
struct SlotInfo {
    std::string name;
    SlotType type = SlotType::text;
    std::vector<Choice> choices;      ///< a choice slot's choices, in order
    std::optional<double> min, max;   ///< a number slot's bounds, inclusive, when declared; a date slot's
                                      ///< when written as dates (days since 1970-01-01), not when relative to today
    std::string description;          ///< for script authors and consoles; never said to the customer
    bool prefill = false;             ///< the host usually knows it when the session starts
};

}  // namespace parley
