#pragma once
// What a parley::Session holds, and the transaction every public operation runs in.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "model/program.hpp"
#include "engine/evaluate.hpp"
#include "engine/state.hpp"
#include "engine/step.hpp"
#include "engine/undo.hpp"

namespace parley::detail {

/// The buffers a step works in: its events, its parsed ids and its undo log. A thread runs one step
/// at a time, so one set per thread serves every session; once grown they are reused, and a session
/// holds none of them between steps.
struct StepScratch {
    std::vector<Event> events;
    std::vector<Id> ids;
    UndoLog undo;
};

inline StepScratch& step_scratch() {
    static thread_local StepScratch scratch;
    return scratch;
}

/// What a parley::Session holds: the shared program, the state, and a bounded trace.
struct SessionCore {
    std::shared_ptr<const Program> program;
    std::string locale;
    const Lexicon* lexicon = nullptr;  // the words and built-in texts of `locale` (select_locale)
    std::string correlation_id;  // the host's, for its logs; kept in snapshots
    State state;
    std::vector<Event> trace;    // ring of the most recent events; grows as they come, up to trace_capacity
    std::size_t trace_next = 0;  // where the next event goes once the ring is full
    std::size_t trace_capacity = default_trace_capacity;  // 0: no trace
    Observer observer;             // the host's (Session::set_observer); not in snapshots
    unsigned observer_errors = 0;  // times it threw

    /// Everything that depends on the session's locale, chosen at once: the tag, the conditions' locale
    /// bits and the lexicon (reply words, labels and the engine's own texts, model/lexicon.hpp). Start and
    /// restore call it, and so can a change of locale mid-call. Never throws once `tag` is made.
    void select_locale(std::string tag) noexcept {
        state.locale_bits = locale_bits(*program, tag);
        lexicon = &lexicon_for(*program, tag);
        locale = std::move(tag);
    }

    /// Calls the observer with each of `events` (engine/session.cpp). Never throws.
    void notify(const std::vector<Event>& events) noexcept;

    /// Runs `f(stepper)` on the state and keeps what it did only if `f` returns normally: if anything
    /// throws, the undo log puts the state back (the strong guarantee, at the cost of what changed).
    /// Then, the step taken, the observer (if any) is told of its events.
    template <class F>
    auto transact(F&& f) {
        StepScratch& scratch = step_scratch();
        scratch.events.clear();
        scratch.undo.begin(state);
        try {
            Stepper stepper(*program, state, scratch.events, scratch.ids, &scratch.undo);
            stepper.use_lexicon(lexicon);
            auto result = f(stepper);
            make_room_in_trace(scratch.events.size());  // the last thing that may throw
            record(scratch.events);
            scratch.undo.clear();
            // Committed: the observer hears of it now, and nothing it does can undo the step.
            if (observer) notify(scratch.events);
            return result;
        } catch (...) {
            scratch.undo.rollback(state);
            throw;
        }
    }

    /// Grows the ring (doubling, up to trace_capacity) so that `events` more fit without allocating.
    void make_room_in_trace(std::size_t events) {
        std::size_t wanted = std::min(trace_capacity, trace.size() + events);
        if (wanted <= trace.capacity()) return;
        trace.reserve(std::min(trace_capacity, std::max(wanted, 2 * trace.capacity())));
    }

    void record(const std::vector<Event>& events) noexcept {
        if (trace_capacity == 0) return;
        for (const Event& e : events) {
            if (trace.size() < trace_capacity) {
                trace.push_back(e);  // within the room made above: cannot throw
            } else {
                trace[trace_next] = e;
                trace_next = (trace_next + 1) % trace_capacity;
            }
        }
    }
};

}  // namespace parley::detail
