#pragma once
// Sessions as bytes. A snapshot names what it refers to (scripts, nodes, slots, actions, choices)
// instead of using ids, so a process with another build of the library, or a newer version of the
// scripts, can restore it; it records each script's fingerprint so a changed script is noticed.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/session_core.hpp"
#include "parley/diagnostic.hpp"

namespace parley::detail {

inline constexpr char snapshot_magic[4] = {'P', 'R', 'L', 'Y'};
inline constexpr unsigned char snapshot_format = 1;

/// The bytes of `core`'s state; the trace too when `with_trace`.
std::string encode_snapshot(const SessionCore& core, bool with_trace);

/// The session `bytes` describe, on `program`. On failure returns null and appends to `problems`
/// one diagnostic per reason (a corrupt byte, a stranded position...). Never a half-restored session.
std::unique_ptr<SessionCore> decode_snapshot(const std::shared_ptr<const Program>& program, std::string_view bytes,
                                             std::vector<Diagnostic>& problems);

}  // namespace parley::detail
