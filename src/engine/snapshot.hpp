#pragma once
// Sessions as bytes. A snapshot names what it refers to (scripts, nodes, slots, actions, choices)
// instead of using ids, so a process with another build of the library, or a newer version of the
// scripts, can restore it; it records each script's fingerprint so a changed script is noticed.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/session_core.hpp"
#include "parley/diagnostic.hpp"

namespace parley::detail {

inline constexpr char snapshot_magic[4] = {'P', 'R', 'L', 'Y'};
/// 1: names in one table ahead of the state (before 0.x); 3: the history, and the failed actions;
/// 4: the free repeats used a field of their own (format 3 packed them into the attempts' high bits).
inline constexpr unsigned char snapshot_format = 4;
/// The oldest format this build still reads: 2 is 3 without the history section (read as empty).
inline constexpr unsigned char snapshot_oldest_format = 2;

/// The format's encodings, shared by the writer (snapshot.cpp) and the reader (restore.cpp).
namespace layout {
enum Flag : std::uint8_t {
    waiting = 1, cancel_requested = 2, cancelling = 4, escalating = 8, record_path = 16, trace = 32
};
// A fact's tag byte: bits 0-1 its SlotType, bits 2-3 its Source, bit 4 a boolean's value or, for a
// number, "an integer, as a zigzag varint" (else its 8 bytes), bits 5-7 where it was learned:
inline constexpr std::uint8_t fact_flag = 1u << 4;
inline constexpr int where_shift = 5;
inline constexpr std::uint8_t where_none = 0;  // before the first turn (pre-filled) or not at a node
inline constexpr std::uint8_t where_node = 1;  // a node reference follows
inline constexpr std::uint8_t where_asker = 2;  // 2 + k: the one node of script k that asks the fact's slot
inline constexpr std::uint8_t where_asker_scripts = 6;  // k < 6 (a later script: a node reference)
}  // namespace layout

/// The trailing 4 bytes of a snapshot: a hash of everything before them (catches truncation and damage).
std::uint32_t snapshot_checksum(std::string_view bytes);

/// The bytes of `core`'s state; the trace too when `with_trace`.
std::string encode_snapshot(const SessionCore& core, bool with_trace);

/// The part of a snapshot that needs no library: which library and scripts it was taken on.
struct SnapshotHead {
    std::uint64_t library_fingerprint = 0;
    unsigned format = 0;
    struct Script {
        std::string_view name;
        std::uint64_t fingerprint;
    };
    std::vector<Script> scripts;  // in the order the body refers to them
    std::string_view body;        // the state, after the header (checksum excluded)
};

/// Checks the magic, the format and the checksum, and reads the header into `head` (its views point
/// into `bytes`). On failure appends one diagnostic to `problems` and returns false.
bool read_snapshot_head(std::string_view bytes, SnapshotHead& head, std::vector<Diagnostic>& problems);

/// The session `bytes` describe, on `program`. On failure returns null and appends to `problems`
/// one diagnostic per reason (a corrupt byte, a stranded position...). Never a half-restored session.
std::unique_ptr<SessionCore> decode_snapshot(const std::shared_ptr<const Program>& program, std::string_view bytes,
                                             std::vector<Diagnostic>& problems);

}  // namespace parley::detail
