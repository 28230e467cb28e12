#pragma once
// Content fingerprints: a 64-bit hash of everything a conversation could observe in a script (its
// nodes, texts, branches, the slots it uses) or in a whole library (its scripts and policies).
// Comments and formatting do not count; renaming, rewording or rewiring does.
#include <cstdint>
#include <string>

#include "model/program.hpp"

namespace parley::detail {

std::uint64_t script_fingerprint(const Program& p, Id script);
/// Over every script's fingerprint and the policies.
std::uint64_t library_fingerprint(const Program& p);
/// Fills Script::fingerprint for every script and Program::fingerprint.
void compute_fingerprints(Program& p);
/// 16 lower-case hex digits.
std::string fingerprint_hex(std::uint64_t fingerprint);

}  // namespace parley::detail
