#pragma once
// The one explorer of conversation states, used by lint's conduct checks (explore.cpp) and by test
// generation (testing/generate.cpp), so they cannot disagree about what a conversation can do: the
// same inputs at a prompt (replies.hpp), the same facts a host may pre-fill, the engine's own step
// (Stepper) with the events it emits, and the same state key (only what a later step can read).
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/replies.hpp"
#include "engine/state.hpp"
#include "model/program.hpp"

namespace parley::detail {

/// A fact a host supplies before the conversation starts, as it would write it.
struct HostFact {
    Id slot = no_id;
    std::string value;
    bool operator==(const HostFact& o) const { return slot == o.slot && value == o.value; }
};

struct ExploreOptions {
    bool events = true;        ///< at every prompt, also each event a customer may signal
    bool turn_budget = false;  ///< apply max_turns while stepping (states leave the turn count out)
    bool record_path = false;  ///< states record each node entered and branch taken (coverage)
};

/// The rules of exploring one program, computed once: inputs, host facts, the step and the state key.
class Explorer {
public:
    Explorer(const Program& program, ExploreOptions options);

    const Program& program() const { return p_; }
    const ReplyCandidates& candidates() const { return candidates_; }

    /// The inputs tried at `node`'s prompt: its replies, then (with `events`) every event.
    const std::vector<Input>& inputs_at(Id node);

    /// Each value worth trying of each slot a host may pre-fill (`prefill: true`) that a condition
    /// or repeat_contact reads: the value classes those distinguish, one fact at a time.
    std::vector<HostFact> host_facts() const;

    /// Enters `script` with `facts` pre-filled and runs to the first prompt; false when a fact does
    /// not fit its slot. `events` gets what the step emitted.
    bool start(Id script, const std::vector<HostFact>& facts, State& state, std::vector<Event>& events);
    /// One customer input at the prompt `state` awaits.
    void step(State& state, const Input& input, std::vector<Event>& events);

    /// The parts of a state that can change what happens next: two states with the same key have
    /// the same futures (the turn count, the trace and facts no later step reads are left out).
    std::string key_of(const State& state) const;

private:
    struct Bits {  // one bit per slot or action
        std::vector<std::uint64_t> words;
        explicit Bits(std::size_t n = 0) : words((n + 63) / 64, 0) {}
        void set(Id i) { words[i / 64] |= std::uint64_t{1} << (i % 64); }
        bool test(Id i) const { return (words[i / 64] >> (i % 64)) & 1; }
        bool merge(const Bits& o);  // true when it grew
    };
    void find_liveness();
    std::vector<std::vector<Id>> predecessors() const;
    void read_by_node();

    const Program& p_;
    ExploreOptions options_;
    ReplyCandidates candidates_;
    std::vector<std::vector<Input>> inputs_;  // per node, made on first use
    std::vector<Id> ids_;                     // the Stepper's scratch buffer
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
        State state;
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

    /// Explores at most `max_states` visits, and paths of at most `max_depth` inputs.
    StateSpace(Explorer& explorer, std::size_t max_states, std::size_t max_depth = npos);

    /// A start at each of `scripts`; with `host_facts`, then one more for each fact a host may
    /// pre-fill (after all the plain ones, so a shortest path needs no pre-fill when it can).
    void enter(const std::vector<Id>& scripts, bool host_facts, Observer& observer);
    /// One start (none when the same one is already there, or a fact does not fit).
    void add_start(Id script, std::vector<HostFact> facts, Observer& observer);
    /// A start at a state another exploration reached.
    void add_start(State state, Observer& observer);

    /// Takes every input at every prompt not yet explored. False when max_states stopped it.
    bool run(Observer& observer);

    std::size_t size() const { return visits_.size(); }
    const Visit& operator[](std::size_t v) const { return visits_[v]; }
    const std::vector<Start>& starts() const { return starts_; }
    const std::vector<Edge>& edges() const { return edges_; }
    /// What was said from the start to visit `v`, in order.
    std::vector<const Input*> inputs_to(std::size_t v) const;

private:
    void arrive(State&& after, std::size_t from, const Input* input, std::size_t start, Observer& observer);

    Explorer& explorer_;
    std::size_t max_states_, max_depth_;
    std::vector<Start> starts_;
    std::vector<Visit> visits_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<Edge> edges_;
    std::vector<Event> events_;
    std::size_t next_ = 0;  // the first visit not yet explored
};

}  // namespace parley::detail
