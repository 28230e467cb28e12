#pragma once
// The analysis room: findings about a compiled library, never about its YAML. Structure checks walk
// the node graph; conduct checks explore conversation states with the engine's own Stepper.
#include <cstddef>
#include <vector>

#include "model/program.hpp"

namespace parley::detail {

/// unreachable-node, no-default-branch, call-cycle, call-never-returns, slot-never-set, unused-slot, missing-translation,
/// template-slot-maybe-unknown, pleasantry-on-unresolved, apology-without-remedy.
void check_structure(const Program& program, std::vector<Diagnostic>& out);

struct ExploreResult {
    std::size_t states = 0;
    bool complete = true;
    bool out_of_memory = false;  // max_bytes, not max_states, stopped it
};

struct ExploreLimits {
    std::size_t max_states;
    std::size_t max_bytes;
};

/// offer-after-cancel, upsell-after-cancel, offer-during-cancellation, repeated-question,
/// repeated-instruction, dead-end, loop-without-turn, call-depth, endless-loop, no-cancel-path,
/// no-escalation-path; each with the shortest counterexample (and what the host supplied for it),
/// from every script a host may start, with everything a host may supply. Past the limits, what
/// could not be proved is one note per rule, never an error or a warning.
ExploreResult explore(const Program& program, ExploreLimits limits, std::vector<Diagnostic>& out);

}  // namespace parley::detail
