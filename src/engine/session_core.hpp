#pragma once
// What a parley::Session holds, and the transaction every public operation runs in.
#include <memory>
#include <string>
#include <vector>

#include "model/program.hpp"
#include "engine/state.hpp"
#include "engine/step.hpp"

namespace parley::detail {

/// What a parley::Session holds: the shared program, the state, and a bounded trace.
struct SessionCore {
    static constexpr std::size_t trace_capacity = 256;

    std::shared_ptr<const Program> program;
    std::string locale;
    std::string correlation_id;  // the host's, for its logs; kept in snapshots
    State state;
    State scratch;              // a step runs here, then is swapped in: the strong guarantee
    std::vector<Event> fresh;   // events of the step in progress
    std::vector<Id> ids;        // scratch buffer of the step in progress
    std::vector<Event> trace;   // ring buffer of the most recent events
    std::size_t trace_next = 0; // where the next event goes once the ring is full

    /// Runs `f(stepper)` on a copy of the state and commits it only if `f` returns normally.
    /// The copy reuses the scratch state's capacity, so a warmed-up session does not allocate.
    template <class F>
    auto transact(F&& f) {
        // Everything that may allocate happens before the commit.
        if (trace.capacity() < trace_capacity) trace.reserve(trace_capacity);
        scratch = state;
        fresh.clear();
        Stepper stepper(*program, scratch, fresh, ids);
        auto result = f(stepper);
        std::swap(state, scratch);
        record(fresh);
        return result;
    }

    void record(const std::vector<Event>& events) noexcept {
        for (const Event& e : events) {
            if (trace.size() < trace_capacity) {
                trace.push_back(e);  // within the capacity reserved above: cannot throw
            } else {
                trace[trace_next] = e;
                trace_next = (trace_next + 1) % trace_capacity;
            }
        }
    }
};

}  // namespace parley::detail
