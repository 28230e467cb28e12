#pragma once
// parley::Library: a compiled, immutable set of scripts, and the sessions started or restored on it.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parley/diagnostic.hpp"
#include "parley/export.hpp"
#include "parley/result.hpp"
#include "parley/session.hpp"
#include "parley/value.hpp"

namespace parley {

struct LintOptions;
struct LintReport;
struct DiffReport;
struct Graph;
namespace detail {
struct LibraryAccess;  // mutation testing (src/testing/): a library's program, and a library from a changed copy
}  // namespace detail

/// Options for starting a session beyond the pre-filled memory.
struct StartOptions {
    std::string locale;        ///< empty: the script's default locale
    bool record_path = false;  ///< keep every node entered and branch taken (for coverage; costs memory)
    /// How many of the most recent trace events the session keeps for Session::trace() (24 bytes
    /// each, allocated as they come); 0 keeps none. A restored session keeps the capacity it had.
    std::size_t trace_capacity = default_trace_capacity;
    /// Today's date, YYYY-MM-DD (2027-06-30), from the host's clock: the engine reads no clock. Empty:
    /// no date, so "tomorrow" is not understood and conditions on `today` are unknown (docs/format.md,
    /// "Dates"). Anything else is refused with `bad-date`.
    std::string today{};
};

/// A node as loaded, for tools (coverage, editors): where it is and where its branches are.
struct NodeInfo {
    std::string_view script;
    std::string_view node;
    std::string_view kind;  ///< ask, instruct, say, offer, call, lookup, goto, branch, end
    SourceRegion region;
    std::vector<SourceRegion> branches;  ///< each `next` entry (or the goto), in order
};

/// Where a snapshot was taken, read from its header without a library: so a host that keeps several
/// versions of its library loaded can pick the one to restore it on (docs/embedding.md, 5.1).
struct SnapshotHeader {
    unsigned format = 0;              ///< the snapshot format: 4, or 3 or 2 (an older parley's: repeats packed into the attempts; 2 without the history)
    std::string library_fingerprint;  ///< Library::fingerprint() of the library it was taken on
    struct Script {
        std::string name;
        std::string fingerprint;  ///< Library::fingerprint(name) of that library
    };
    std::vector<Script> scripts;  ///< the scripts the conversation has been in (its positions, where its facts were learned)
};

/// Reads a snapshot's header. Refused, with the diagnostic Library::restore would give, when the bytes
/// are not a snapshot, are in a format this build does not read, or are damaged.
PARLEY_API Result<SnapshotHeader> read_snapshot_header(std::string_view snapshot);

/// A compiled, immutable set of scripts. Cheap to copy (shared), safe to use from many threads.
class PARLEY_API Library {
public:
    /// Load a script file, or every `*.yaml`/`*.yml` file under a directory (recursively).
    /// Returns the library, or every diagnostic found (never only the first).
    static Result<Library> load(const std::string& path);
    /// Load one script from text; `file_name` is used in diagnostics.
    static Result<Library> parse(std::string_view yaml, const std::string& file_name = "<string>");
    /// Load several (file name, text) pairs as one library.
    static Result<Library> parse(const std::vector<std::pair<std::string, std::string>>& files);

    /// Start a session at `script`'s start node, with what the host already knows.
    /// Throws parley::Error (with diagnostics) for an unknown script, slot or action, or a value
    /// that does not fit its slot.
    Session start(std::string_view script, const Facts& prefill = {},
                  const std::vector<std::string>& done = {}, const StartOptions& options = {}) const;
    Result<Session> try_start(std::string_view script, const Facts& prefill = {},
                              const std::vector<std::string>& done = {},
                              const StartOptions& options = {}) const;

    /// A session from Session::snapshot(), taken on this library or an earlier version of it. Refused,
    /// with a diagnostic per reason, when the bytes are not a snapshot or are damaged, or when a
    /// position the conversation continues from (its current node, a call to return to, a message
    /// still to say) no longer exists or means something else here. Facts that no longer fit their
    /// slot are dropped, each with a warning in the result's diagnostics.
    Result<Session> restore(std::string_view snapshot) const;

    /// A fingerprint of everything a conversation could observe in the library (16 hex digits);
    /// with a script id, of that script alone. Formatting and comments do not change it.
    std::string fingerprint() const;
    std::string fingerprint(std::string_view script) const;

    std::vector<std::string_view> scripts() const;
    /// Every slot the library declares, in declaration order, with what a question about it expects.
    /// The Library's own catalog (no copy): Utterance::expects points into it.
    const std::vector<SlotInfo>& slots() const noexcept;
    /// Slot `name`, or null when the library does not declare it.
    const SlotInfo* slot(std::string_view name) const;
    /// Every action id the scripts name (instructions, actions questions), in load order.
    std::vector<std::string_view> actions() const;
    /// Every node of every script, in file order.
    std::vector<NodeInfo> nodes() const;
    bool has_script(std::string_view id) const;
    /// Warnings found while loading (a library with errors does not load).
    const std::vector<Diagnostic>& warnings() const noexcept;

private:
    friend LintReport lint(const Library&, const LintOptions&);
    friend DiffReport diff(const Library&, const Library&);
    friend Graph graph(const Library&, std::string_view);
    friend struct detail::LibraryAccess;
    PARLEY_INTERNAL explicit Library(std::shared_ptr<const detail::Program> program);
    std::shared_ptr<const detail::Program> program_;
};

}  // namespace parley
