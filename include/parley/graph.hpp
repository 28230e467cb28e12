#pragma once
// A library's scripts as a graph, for pictures (`parley graph`, docs/cli.md): the nodes, the ways
// from one to the next with their conditions, calls and returns, and the routes the conduct
// policies open from any prompt. What the picture shows is decided here; how it is drawn is the tool's.
#include "parley/export.hpp"
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "parley/diagnostic.hpp"
#include "parley/library.hpp"

namespace parley {

struct Graph {
    struct Node {
        std::string script;  ///< the script it belongs to (empty for the policy source)
        std::string node;    ///< its id in the script
        /// ask, instruct, say, offer, call, lookup, goto, branch, end; or, for what lies outside the
        /// picture: `script` (a called script, as one node), `elsewhere` (a node of another script),
        /// `policy` (any prompt, where the policy routes start)
        std::string kind;
        std::string text;    ///< what it says, in its script's locale, slots as {name}; empty if nothing
        /// offer: retention or upsell; end: its outcome, or `return`; call: the script it calls;
        /// lookup: the host's key; ask, offer, lookup: also the slot, in `slot`
        std::string detail;
        std::string slot;
        SourceRegion region;  ///< where it is written (none for the policy source)
        bool start = false;   ///< its script's start node
    };
    enum class EdgeKind {
        next,     ///< an entry of `next` (or a goto); `label` is its condition
        on_fail,  ///< where a prompt leads without completing (`label` says why): unclear replies after max_attempts, an instruction the customer couldn't do, a lookup the host could not answer (on_unknown)
        call,     ///< a call node into its script's start
        returns,  ///< back from a script's `end: return` to the call node, which goes on along its next
        policy    ///< a conduct policy's route from any prompt: a cancel request, an escalation, an event
    };
    struct Edge {
        std::size_t from = 0, to = 0;  ///< indices into `nodes`
        EdgeKind kind = EdgeKind::next;
        std::string label;  ///< the condition (`otherwise` for a default after conditions), the event, ...
        int branch = -1;    ///< next: the entry of `from`'s next list (0-based), as coverage counts it
    };
    std::vector<Node> nodes;  ///< the picture's scripts' nodes in file order, then what lies outside
    std::vector<Edge> edges;
};

/// The graph of the script `script`, the scripts it calls and the nodes outside it that it or a policy
/// leads to each standing as one node; of every script of the library when `script` is empty.
/// Throws parley::Error (unknown-script, with a did-you-mean) for a script the library does not have.
PARLEY_API Graph graph(const Library& library, std::string_view script = {});

}  // namespace parley
