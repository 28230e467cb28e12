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

/// What a session holds of its host's that few hosts give: out of line (SessionCore::extras), so a
/// session without any carries 8 bytes for it. A list to come (of a conversation's locale switches,
/// say) goes here too.
struct HostExtras {
    std::string correlation_id;    // the host's, for its logs; kept in snapshots
    Observer observer;             // the host's (Session::set_observer); not in snapshots
    unsigned observer_errors = 0;  // times it threw
};

/// An object of its own, held by a pointer that is null until it is first needed; copies are deep.
template <class T>
class OutOfLine {
public:
    OutOfLine() = default;
    OutOfLine(const OutOfLine& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
    OutOfLine(OutOfLine&&) noexcept = default;
    OutOfLine& operator=(const OutOfLine& o) {
        if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
        return *this;
    }
    OutOfLine& operator=(OutOfLine&&) noexcept = default;

    /// The object, or null while there is none.
    const T* get() const noexcept { return p_.get(); }
    T* get() noexcept { return p_.get(); }
    /// The object, made now if there is none (may throw then).
    T& made() {
        if (!p_) p_ = std::make_unique<T>();
        return *p_;
    }

private:
    std::unique_ptr<T> p_;
};

/// What a parley::Session holds: the shared program, the state, and a bounded trace.
struct SessionCore {
    std::shared_ptr<const Program> program;
    std::string locale;
    const Lexicon* lexicon = nullptr;  // the words and built-in texts of `locale` (use_locale)
    State state;
    std::vector<Event> trace;    // ring of the most recent events; grows as they come, up to trace_capacity
    std::size_t trace_next = 0;  // where the next event goes once the ring is full
    std::size_t trace_capacity = default_trace_capacity;  // 0: no trace
    OutOfLine<HostExtras> extras;  // null until the host sets a correlation id or an observer

    const std::string& correlation_id() const noexcept {
        static const std::string none;
        return extras.get() ? extras.get()->correlation_id : none;
    }

    /// The one place the session's locale changes (at the start, on restore and on a switch): `tag`
    /// (canonical) is swapped in, `tag` gets the old one, and everything that depends on the locale is
    /// chosen again: the bits conditions read (State::locale_bits) and the lexicon (reply words, labels
    /// and the engine's own texts, model/lexicon.hpp). Never throws, so a switch is undone by calling it again.
    void use_locale(std::string& tag) noexcept {
        locale.swap(tag);
        state.locale_bits = locale_bits(*program, locale);
        lexicon = &lexicon_for(*program, locale);
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
            state.compact_texts_if_worth_it();  // (never throws; after the commit, as the undo log counts on it)
            // Committed: the observer hears of it now, and nothing it does can undo the step.
            if (extras.get() && extras.get()->observer) notify(scratch.events);
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
