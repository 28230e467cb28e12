#pragma once
// A step's undo log: what one step changed in a State, so a step that throws can be taken back.
// It gives every public operation the strong guarantee at the cost of what the step changes, not of
// the whole state: untouched facts (a 10 MB text, say) are never copied.
#include <algorithm>
#include <optional>
#include <vector>

#include "engine/state.hpp"

namespace parley::detail {

class UndoLog {
public:
    /// Before a step: keeps the scalars, the lengths of the lists a step only appends to, the last
    /// offer (whose answer a step may record), and copies of the lists bounded by the program (call
    /// stack, messages to say) or by a constant (the signals and interventions kept). Allocates only while its buffers
    /// grow, and before anything has changed.
    void begin(const State& s) {
        clear();
        scalars_ = s;
        s.call_stack.copy_to(call_stack_);
        s.says.copy_to(says_);
        s.signals.copy_to(signals_);
        s.interventions.copy_to(interventions_);
        answered_ = s.answered_action_questions.size();
        offers_ = s.offers.size();
        path_ = s.path.size();
        past_ = s.past.size();
        steps_ = s.steps.size();
        switches_ = s.locale_switches.size();
        texts_ = s.texts.size();
        if (!s.offers.empty()) last_offer_ = s.offers.back();
        if (!s.steps.empty()) last_step_ = s.steps.back();
    }

    /// Before a fact is inserted for `slot`, which is not known.
    void fact_added(Id slot) {
        room_for_one(facts_);
        facts_.push_back(FactChange{slot, std::nullopt});
    }

    /// Before the caller overwrites or erases `old`: keeps it (24 bytes; its text stays where it is in
    /// State::texts, which a step only appends to) to put it back.
    void take_fact(const Fact& old) {
        room_for_one(facts_);  // the only step that may throw: `old` is still intact
        facts_.push_back(FactChange{old.slot, old});
    }

    /// Before the caller moves `old` to the end of State::past (whose room it has made): rollback
    /// takes it back from there.
    void fact_to_past(const Fact& old) {
        room_for_one(facts_);  // the only step that may throw: `old` is still intact
        facts_.push_back(FactChange{old.slot, std::nullopt, true});
    }

    /// Before `action` is inserted into `done` (a done action is never changed or removed).
    void action_added(Id action) { actions_.push_back(action); }

    /// Before `action` is inserted into `failed`, where it is not.
    void failed_added(Id action) {
        room_for_one(failed_);
        failed_.push_back(FailedChange{action, false, {}});
    }

    /// Before the caller overwrites or erases `old` in `failed`.
    void take_failed(const FailedAction& old) {
        room_for_one(failed_);
        failed_.push_back(FailedChange{old.action, true, old});
    }

    /// Puts `s` back as it was at begin(). Every change is undone in reverse order, so the lists pass
    /// back through sizes they already had and no insertion needs more capacity: nothing allocates.
    void rollback(State& s) noexcept {
        for (auto c = facts_.rbegin(); c != facts_.rend(); ++c) {
            auto it = s.fact_position(c->slot);
            bool present = it != s.facts.end() && it->slot == c->slot;
            if (c->in_past) {  // the changes after it are undone: it is the last of `past`
                Fact old = s.past.back().fact;
                s.past.pop_back();
                if (present) *it = old;
                else s.facts.insert(it, old);  // back to a size `facts` had: no allocation
            } else if (!c->before) {
                if (present) s.facts.erase(it);  // (absent when the insertion itself threw)
            } else if (present) {
                *it = *c->before;
            } else {
                s.facts.insert(it, *c->before);
            }
        }
        // The step's text went on the end; what the facts put back refer to comes before.
        s.texts.resize(std::min(s.texts.size(), texts_));  // (shrinking: no allocation)
        for (auto c = failed_.rbegin(); c != failed_.rend(); ++c) {
            auto it = s.failed_position(c->action);
            bool present = it != s.failed.end() && it->action == c->action;
            if (!c->had) {
                if (present) s.failed.erase(it);
            } else if (present) {
                *it = c->before;
            } else {
                s.failed.insert(it, c->before);  // (room: it was erased by this step)
            }
        }
        for (auto a = actions_.rbegin(); a != actions_.rend(); ++a) {
            auto it = s.done_position(*a);
            if (it != s.done.end() && it->action == *a) s.done.erase(it);
        }
        s.call_stack.swap(call_stack_);
        s.says.swap(says_);
        s.signals.swap(signals_);
        truncate(s.answered_action_questions, answered_);
        truncate(s.offers, offers_);
        if (!s.offers.empty()) s.offers.back() = last_offer_;
        s.interventions.swap(interventions_);
        truncate(s.path, path_);
        truncate(s.past, past_);
        truncate(s.steps, steps_);
        truncate(s.locale_switches, switches_);
        if (!s.steps.empty()) s.steps.back() = last_step_;  // (a step may have recorded its outcome)
        static_cast<StateScalars&>(s) = scalars_;
        clear();
    }

    /// After a step that succeeded (or was rolled back): drops what was kept, keeping the capacity.
    void clear() noexcept {
        facts_.clear();
        actions_.clear();
        failed_.clear();
    }

private:
    struct FactChange {
        Id slot;
        std::optional<Fact> before;  // empty: the slot was not known (or, with in_past, it is in State::past)
        bool in_past = false;
    };

    template <class T>
    static void room_for_one(std::vector<T>& v) {
        if (v.size() == v.capacity()) v.reserve(std::max<std::size_t>(8, 2 * v.capacity()));
    }
    template <class List>
    static void truncate(List& v, std::size_t size) noexcept {
        v.erase(v.begin() + static_cast<std::ptrdiff_t>(size), v.end());
    }

    struct FailedChange {
        Id action;
        bool had;  // false: the action was not in `failed`
        FailedAction before;
    };

    StateScalars scalars_;
    std::vector<Id> call_stack_, says_, signals_;
    std::vector<Event> interventions_;
    std::size_t answered_ = 0, offers_ = 0, path_ = 0, past_ = 0, steps_ = 0, switches_ = 0, texts_ = 0;
    OfferMade last_offer_{no_id, -1, 0};
    StepRecord last_step_{no_id, no_id, 0, Source::answer, Summary::StepStatus::attempted};
    std::vector<FactChange> facts_;
    std::vector<Id> actions_;
    std::vector<FailedChange> failed_;
};

}  // namespace parley::detail
