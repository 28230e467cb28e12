// parley::diff: the live positions of an old library that a new one strands, and the slots whose
// meaning changed. "Same meaning" is engine/restore.hpp's, so diff and Library::restore agree.
#include "parley/diff.hpp"

#include <algorithm>

#include "engine/restore.hpp"
#include "model/dates.hpp"

namespace parley {

using namespace detail;

namespace {

// Nodes a session can be at between requests: a prompt, an end, a call it will return to, a message
// it has still to say.
bool can_be_live(NodeKind k) { return k != NodeKind::branch && k != NodeKind::jump; }

std::string slot_change(const SlotDecl& was, const Program& now_program) {
    Id id = now_program.find_slot(was.name);
    if (id == no_id) return "no longer declared";
    const SlotDecl& now = now_program.slots[id];
    if (now.type != was.type) return std::string("was ") + to_string(was.type) + ", is now " + to_string(now.type);
    std::string removed;
    for (const auto& c : was.choices)
        if (std::find(now.choices.begin(), now.choices.end(), c) == now.choices.end())
            removed += (removed.empty() ? "" : ", ") + c;
    if (!removed.empty()) return "choices removed: " + removed;
    if (now.type == SlotType::date) {  // a date bound: restore checks the written ones (a bound from today, the next reply)
        bool min_now = now.has_min && !now.min_today, min_was = was.has_min && !was.min_today;
        bool max_now = now.has_max && !now.max_today, max_was = was.has_max && !was.max_today;
        if (min_now && (!min_was || now.min > was.min)) return "min raised to " + iso_date(static_cast<std::int32_t>(now.min));
        if (max_now && (!max_was || now.max < was.max)) return "max lowered to " + iso_date(static_cast<std::int32_t>(now.max));
        return {};
    }
    if (now.has_min && (!was.has_min || now.min > was.min)) return "min raised to " + std::to_string(now.min);
    if (now.has_max && (!was.has_max || now.max < was.max)) return "max lowered to " + std::to_string(now.max);
    return {};
}

// Where the new script's `migrate:` sends a session saved at `old`, as Library::restore would: "" when
// no entry covers it or the entry's target cannot take its place.
std::string migration(const Program& now, Id script, const Node& old) {
    if (script == no_id) return {};
    for (const Script::Migration& m : now.scripts[script].migrate) {
        if (m.old_node != old.name) continue;
        const Node& to = now.nodes[m.node];
        if (!can_take_place_of(to_string(old.kind), to.kind)) return {};
        return now.scripts[to.script].name + "." + to.name;
    }
    return {};
}

}  // namespace

bool DiffReport::strands() const noexcept {
    return std::any_of(positions.begin(), positions.end(), [](const Position& p) { return p.stranded(); });
}

DiffReport diff(const Library& older, const Library& newer) {
    const Program& was = *older.program_;
    const Program& now = *newer.program_;
    DiffReport report;
    for (const Node& n : was.nodes) {
        if (!can_be_live(n.kind)) continue;
        const Script& script = was.scripts[n.script];
        Id script_now = now.find_script(script.name);
        Id node_now = script_now == no_id ? no_id : now.find_node(script_now, n.name);
        std::string change = node_now == no_id ? "no longer exists"
                                               : meaning_change(now, node_now, to_string(n.kind), subject_name(was, n));
        if (change.empty()) continue;
        report.positions.push_back({script.name, n.name, to_string(n.kind), n.region, change, migration(now, script_now, n)});
    }
    for (const SlotDecl& slot : was.slots) {
        std::string change = slot_change(slot, now);
        if (!change.empty()) report.slots.push_back({slot.name, change, slot.region});
    }
    return report;
}

}  // namespace parley
