#pragma once
// JSON for hosts: what a session shows, in the schema `parley run --json` writes (docs/cli.md,
// "JSON schema"). Each function returns one JSON value on one line, valid UTF-8 whatever bytes it
// was given: a byte that is not UTF-8 is written as U+FFFD, every other character exactly.
#include "parley/export.hpp"
#include <string>
#include <vector>

#include "parley/session.hpp"

namespace parley {

/// One utterance: a line of `parley run --json` ({"type": "ask", "script": ..., "text": ...}).
PARLEY_API std::string to_json(const Utterance& utterance);
/// The end utterance with the handoff summary in "summary": the last line of `parley run --json`.
PARLEY_API std::string to_json(const Utterance& end, const Summary& handoff);
/// A turn: {"messages": [utterance, ...], "prompt": utterance}.
PARLEY_API std::string to_json(const Turn& turn);
/// The handoff summary ({"outcome": ..., "facts": {...}, ...}), as in the end line's "summary".
PARLEY_API std::string to_json(const Summary& summary);
/// A slot as declared ({"choices": [{"label", "name"}], "description", "max", "min", "name",
/// "prefill", "type"}): Library::slots(), and an utterance's "expects".
PARLEY_API std::string to_json(const SlotInfo& slot);
/// One trace entry: {"kind", "turn", "script", "node", "message"} and "policy" when a policy acted.
PARLEY_API std::string to_json(const TraceEntry& entry);
/// The trace (Session::trace()) as an array of entries, oldest first.
PARLEY_API std::string to_json(const std::vector<TraceEntry>& trace);

}  // namespace parley
