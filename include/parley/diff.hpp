#pragma once
// What a new version of a library does to conversations still running on the old one: the
// positions a live session could be at that the new version strands, and the slots whose meaning
// changed (docs/embedding.md, section 5.1; `parley diff`). Library::restore applies the same rules.
#include <string>
#include <vector>

#include "parley/diagnostic.hpp"
#include "parley/export.hpp"
#include "parley/library.hpp"

namespace parley {

struct PARLEY_API DiffReport {
    /// A node of the old library a session can be at (a prompt, an end, a call to return to, a message
    /// still to say) that the new library removed or changed the meaning of.
    struct Position {
        std::string script, node, kind;  ///< in the old library
        SourceRegion region;             ///< where the node is written in the old library
        std::string change;              ///< "no longer exists", "it was ask and is now say", ...
        std::string migrated_to;         ///< "script.node" when the new script's `migrate:` covers it
        bool stranded() const noexcept { return migrated_to.empty(); }
    };
    /// A slot the new library removed, retyped, or narrowed (fewer choices, a tighter min or max):
    /// a remembered value of it may be dropped on restore.
    struct SlotChange {
        std::string slot;
        std::string change;
        SourceRegion region;  ///< the slot's declaration in the old library
    };
    std::vector<Position> positions;
    std::vector<SlotChange> slots;
    /// True when some position is stranded and no `migrate:` covers it.
    bool strands() const noexcept;
};

/// What moving live sessions from `older` to `newer` would do.
PARLEY_API DiffReport diff(const Library& older, const Library& newer);

}  // namespace parley
