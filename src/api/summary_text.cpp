// The handoff summary as text, for a person (docs/embedding.md, "The handoff"). Unlike the JSON
// (api/json.cpp), which keeps every value exact, this escapes them.
#include <algorithm>
#include <ostream>

#include "parley/session.hpp"
#include "parley/text.hpp"

namespace parley {

// Every word a script, a host or a customer supplied goes through printable(): a value with a
// line break or a terminal escape in it shows as one line with "\n" or "\x1b", and cannot pass
// for a line of the summary.
std::ostream& operator<<(std::ostream& os, const Summary& s) {
    auto at = [](const std::string& script, const std::string& node) { return printable(script + "." + node); };
    os << "Outcome: " << to_string(s.outcome) << " (at " << at(s.script, s.node) << ", after " << s.turns
       << " customer turns)\n";
    os << "Known facts:" << (s.facts.empty() ? " none\n" : "\n");
    for (const auto& f : s.facts) {
        os << "  " << printable(f.slot) << " = " << printable(f.value.to_string()) << "  (" << to_string(f.source);
        if (f.source != Source::prefill) os << ", turn " << f.turn << ", " << at(f.script, f.node);
        os << ")\n";
    }
    os << "Actions already done:" << (s.actions_done.empty() ? " none\n" : "\n");
    for (const auto& a : s.actions_done) {
        os << "  " << printable(a.action) << "  (" << to_string(a.source);
        if (a.source != Source::prefill) os << ", turn " << a.turn << ", " << at(a.script, a.node);
        os << ")\n";
    }
    if (!s.actions_failed.empty()) os << "Actions the customer could not do:\n";
    for (const auto& a : s.actions_failed)
        os << "  " << printable(a.action) << "  (turn " << a.turn << ", " << at(a.script, a.node) << ")\n";
    bool earlier = std::any_of(s.answers.begin(), s.answers.end(),
                               [](const Summary::Answer& a) { return a.status != Summary::AnswerStatus::current; });
    if (earlier || s.answers_dropped > 0) os << "Earlier values:" << (earlier ? "\n" : " none\n");
    for (const auto& a : s.answers) {
        if (a.status == Summary::AnswerStatus::current) continue;
        os << "  " << printable(a.slot) << " = " << printable(a.value.to_string()) << "  (" << to_string(a.source);
        if (a.source != Source::prefill) os << ", turn " << a.turn << ", " << at(a.script, a.node);
        os << "; " << to_string(a.status) << " at turn " << a.ended_turn << ")\n";
    }
    if (s.answers_dropped > 0) os << "  (and " << s.answers_dropped << " more, not kept)\n";
    // The steps the conversation gave: every attempt and outcome, a step done twice twice (those done
    // before the session are the pre-fill lines above).
    bool given = std::any_of(s.steps.begin(), s.steps.end(), [](const Summary::Step& st) { return st.source != Source::prefill; });
    if (given || s.steps_dropped > 0) os << "Steps given:" << (given ? "\n" : " none\n");
    for (const auto& st : s.steps) {
        if (st.source == Source::prefill) continue;
        os << "  " << printable(st.action) << ": " << to_string(st.status) << "  (turn " << st.turn << ", " << at(st.script, st.node)
           << ")\n";
    }
    if (s.steps_dropped > 0) os << "  (and " << s.steps_dropped << " more, not kept)\n";
    if (s.cancel_requested) os << "The customer asked to cancel.\n";
    // The language, when it changed mid-call (a session that kept its locale says nothing of it).
    if (s.locale_switches_made > 0) {
        os << "Language: " << printable(s.locale) << " now; switched " << s.locale_switches_made << " time"
           << (s.locale_switches_made == 1 ? "" : "s") << (s.locale_switches_made > s.locale_switches.size() ? ", the first:\n" : ":\n");
        for (const auto& sw : s.locale_switches)
            os << "  " << printable(sw.from) << " -> " << printable(sw.to) << "  (turn " << sw.turn << ", " << at(sw.script, sw.node) << ")\n";
    }
    if (!s.signals.empty()) {
        os << "Signals";
        if (s.signals_received > s.signals.size()) os << " (the last " << s.signals.size() << " of " << s.signals_received << ")";
        os << ":";
        for (const auto& sig : s.signals) os << " " << printable(sig);
        os << "\n";
    }
    os << "Offers made:" << (s.offers.empty() ? " none\n" : "\n");
    for (const auto& o : s.offers)
        os << "  " << to_string(o.kind) << " offer " << at(o.script, o.node) << " at turn " << o.turn << ": "
           << (!o.accepted ? "no answer" : *o.accepted ? "accepted" : "declined") << "\n";
    if (s.interventions_made > s.interventions.size())
        os << "Policies acted " << s.interventions_made << " times; the last " << s.interventions.size() << ":\n";
    for (const auto& i : s.interventions) os << "Policy " << printable(i.policy) << " (turn " << i.turn << "): " << printable(i.message) << "\n";
    return os;
}

}  // namespace parley
