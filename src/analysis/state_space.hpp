#pragma once
// The one explorer of conversation states, used by lint's conduct checks (explore.cpp) and by test
// generation (testing/generate.cpp), so they cannot disagree about what a conversation can do: the
// same inputs at a prompt (replies.hpp), the same facts a host may pre-fill, the engine's own step
// (Stepper) with the events it emits, and the same state key (only what a later step can read).
#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/replies.hpp"
#include "engine/state.hpp"
#include "engine/step.hpp"
#include "model/program.hpp"

namespace parley::detail {

/// A fact a host supplies before the conversation starts, as it would write it.
struct HostFact {
    Id slot = no_id;
    std::string value;
    bool operator==(const HostFact& o) const { return slot == o.slot && value == o.value; }
};

/// What the host supplied on the way to a state, as `parley run --set` and `--done` would. The
/// host's items are the pre-fillable slots (`prefill: true`) and the actions a `done()` condition
/// reads. An item stays open (the host may have supplied any of its values, or none) until a step
/// first reads it: there the exploration branches, once per value class and once for "not
/// supplied", and the item is settled. An item written or forgotten before any read is settled
/// without a branch. Deciding late is the same as deciding at the start, since nothing read it before.
struct HostSupply {
    std::vector<HostFact> facts;  ///< slots pre-filled, in the order they were settled
    std::vector<Id> done;         ///< actions done before the start
    std::vector<Id> settled;      ///< host items (Explorer's numbering) no longer open, sorted
    bool closed = false;          ///< every item settled: the host supplied `facts` and `done`, nothing else
    std::string locale;           ///< the session's locale, as `parley run --locale`; empty: the script's own

    bool open(Id item) const { return !closed && !std::binary_search(settled.begin(), settled.end(), item); }
    void settle(Id item) { settled.insert(std::lower_bound(settled.begin(), settled.end(), item), item); }
    bool operator==(const HostSupply& o) const {
        return facts == o.facts && done == o.done && settled == o.settled && closed == o.closed && locale == o.locale;
    }
};

struct ExploreOptions {
    bool events = true;        ///< at every prompt, also each event a customer may signal
    bool turn_budget = false;  ///< apply max_turns while stepping (states leave the turn count out)
    bool record_path = false;  ///< states record each node entered and branch taken (coverage)
};

/// The rules of exploring one program, computed once: inputs, host items, the step and the state key.
class Explorer {
public:
    Explorer(const Program& program, ExploreOptions options);

    const Program& program() const { return p_; }
    const ReplyCandidates& candidates() const { return candidates_; }

    /// The inputs tried at `node`'s prompt: its replies, then (with `events`) every event.
    const std::vector<Input>& inputs_at(Id node);

    /// What the exploration makes of a start or a step: each way the host's open items can go.
    using Emit = std::function<void(State&&, HostSupply&&, const std::vector<Event>&)>;
    /// Enters `script` with what `host` supplies, and runs to the first prompt, once per way the
    /// open host items it reads can be.
    void start(Id script, const HostSupply& host, const Emit& emit);
    /// One customer input at the prompt `state` awaits, once per way the open host items it reads can be.
    void step(const State& state, const HostSupply& host, const Input& input, const Emit& emit);

    /// Replays (no branching): enters `script` with `host`'s facts and actions; false when a fact
    /// does not fit its slot.
    bool start(Id script, const HostSupply& host, State& state, std::vector<Event>& events);
    /// Replays one customer input.
    void step(State& state, const Input& input, std::vector<Event>& events);

    /// The parts of a state that can change what happens next: two states with the same key have
    /// the same futures (the turn count, the trace and facts no later step reads are left out).
    std::string key_of(const State& state, const HostSupply& host) const;
    /// Drops what no later step reads from a state kept for later (facts, actions, the trace
    /// and the path): what a stored state costs is what its key holds.
    void trim(State& state) const;
    /// Bytes a trimmed state and its supply take, roughly (for --max-memory).
    static std::size_t bytes_of(const State& state, const HostSupply& host);
    /// The host item a pre-fillable slot is, or no_id.
    Id host_item_of_slot(Id slot) const { return host_slot_item_[slot]; }

private:
    struct Bits {  // one bit per slot or action
        std::vector<std::uint64_t> words;
        explicit Bits(std::size_t n = 0) : words((n + 63) / 64, 0) {}
        void set(Id i) { words[i / 64] |= std::uint64_t{1} << (i % 64); }
        bool test(Id i) const { return (words[i / 64] >> (i % 64)) & 1; }
        bool merge(const Bits& o);  // true when it grew
    };
    struct Branching;  // one start or step being taken (state_space.cpp)
    void take_input(Stepper& stepper, const State& before, const Input& input) const;
    void find_host_items();
    void find_liveness();
    std::vector<std::vector<Id>> predecessors() const;
    void read_by_node();
    bool live_slot(Id at, Id slot) const;
    bool live_action(Id at, Id action) const;
    void take(Branching& b, const State& from, HostSupply host);
    Id first_open_read(const Branching& b, const State& before, const State& after, std::size_t path_from,
                       HostSupply& host) const;

    const Program& p_;
    ExploreOptions options_;
    ReplyCandidates candidates_;
    std::vector<std::vector<Input>> inputs_;  // per node, made on first use
    std::vector<Id> ids_;                     // the Stepper's scratch buffer
    std::vector<Event> events_;               // what the step being taken emitted
    // The host's items: slots first, then actions; and each slot's and action's item (or no_id).
    std::vector<Id> host_slot_item_, host_action_item_;
    std::vector<Id> host_items_;  // item -> slot or action id
    std::size_t host_slots_ = 0;  // items below this are slots
    // Per node, what the rest of a conversation can still read from there; and what the places
    // an event leads to read, live everywhere since an event can come at any prompt.
    std::vector<Bits> live_value_, live_known_, live_action_;
    Bits global_value_, global_known_, global_action_;
};

/// One breadth-first exploration: every input at every prompt, memoised on the state key, so the
/// first path to a state is a shortest one. Records the state graph for checks over it.
class StateSpace {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    struct Start {
        Id script = no_id;  // no_id: a state reached in another exploration
        std::vector<HostFact> facts;
    };
    struct Visit {
        State state;     // trimmed (Explorer::trim) once the observer has seen it
        HostSupply host;  // what the host supplied on the way here
        std::size_t parent;  // npos for a start
        Input input;         // what was said to get here (nothing for a start)
        std::size_t start;   // index in starts()
        std::size_t depth;   // inputs since the start
    };
    struct Edge {
        std::size_t from, to;
        bool by_reply;
    };
    /// What one step (or a start) did.
    struct Step {
        std::size_t from;    // npos for a start
        const Input* input;  // nullptr for a start
        std::size_t start;
        const State& after;
        const HostSupply& host;
        const std::vector<Event>& events;
    };
    class Observer {
    public:
        virtual ~Observer() = default;
        /// The step led to a state whose key is known: keep it as a visit of its own all the same?
        virtual bool keep_again(const Step&) { return false; }
        /// The step reached visit `to`, `added` when it is new.
        virtual void reached(const Step& step, std::size_t to, bool added) = 0;
        /// Stops the exploration: what was looked for is found.
        virtual bool satisfied() const { return false; }
    };

    /// Explores at most `max_states` visits taking at most `max_bytes`, and paths of at most
    /// `max_depth` inputs.
    StateSpace(Explorer& explorer, std::size_t max_states, std::size_t max_depth = npos, std::size_t max_bytes = npos);

    /// A start at each of `scripts`, with the host's items open.
    void enter(const std::vector<Id>& scripts, Observer& observer);
    /// One start with `facts` pre-filled and the other host items open (none when the same one is
    /// already there, or a fact does not fit).
    void add_start(Id script, std::vector<HostFact> facts, Observer& observer);
    /// A start at a state another exploration reached, with what the host supplied there.
    void add_start(State state, HostSupply host, Observer& observer);

    /// Takes every input at every prompt not yet explored. False when max_states or max_bytes stopped it.
    bool run(Observer& observer);
    /// Whether visit `v` had every input taken from it (false only when run() stopped early).
    bool expanded(std::size_t v) const { return v < next_; }
    /// Whether max_bytes (not max_states) stopped it.
    bool out_of_memory() const { return bytes_ > max_bytes_; }

    std::size_t size() const { return visits_.size(); }
    const Visit& operator[](std::size_t v) const { return visits_[v]; }
    const std::vector<Start>& starts() const { return starts_; }
    const std::vector<Edge>& edges() const { return edges_; }
    /// What was said from the start to visit `v`, in order.
    std::vector<const Input*> inputs_to(std::size_t v) const;

private:
    void arrive(State&& after, HostSupply&& host, const std::vector<Event>& events, std::size_t from, const Input* input,
                std::size_t start, Observer& observer);

    Explorer& explorer_;
    std::size_t max_states_, max_depth_, max_bytes_;
    std::size_t bytes_ = 0;  // what the visits, edges and index take, roughly
    std::vector<Start> starts_;
    std::deque<Visit> visits_;  // a deque: a visit stays where it is while others are added
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<Edge> edges_;
    std::size_t next_ = 0;  // the first visit not yet explored
};

}  // namespace parley::detail
