// What is worth trying at a prompt (replies.hpp): values from the constants conditions compare
// slots with, the replies each kind of prompt takes, and the events.
#include "analysis/replies.hpp"

#include <algorithm>

#include "engine/render.hpp"
#include "engine/state.hpp"
#include "model/dates.hpp"
#include "model/values.hpp"

namespace parley::detail {

ReplyCandidates::ReplyCandidates(const Program& p) : p_(p), numbers_(p.slots.size()), texts_(p.slots.size()) {
    for (const Condition& c : p.conditions)
        for (std::size_t i = 0; i + 1 < c.code.size(); ++i) {
            const Instr& a = c.code[i];
            const Instr& b = c.code[i + 1];
            Id slot = no_id, constant = no_id;
            if (a.op == Op::push_slot && b.op == Op::push_const) slot = a.arg, constant = b.arg;
            if (a.op == Op::push_const && b.op == Op::push_slot) slot = b.arg, constant = a.arg;
            if (a.op == Op::push_slot && b.op == Op::push_today) slot = a.arg;
            if (a.op == Op::push_today && b.op == Op::push_slot) slot = b.arg;
            if (slot == no_id) continue;
            if (constant == no_id) {  // today + N, on the day the explorer takes for today
                double day = p_.dates.explored_today + static_cast<std::int32_t>(a.op == Op::push_today ? a.arg : b.arg);
                for (double d : {day - 1, day, day + 1}) numbers_[slot].push_back(d);
                continue;
            }
            const Val& v = c.constants[constant];
            if (v.type == SlotType::number || v.type == SlotType::date)
                for (double d : {v.number - 1, v.number, v.number + 1}) numbers_[slot].push_back(d);
            if (v.type == SlotType::text) texts_[slot].push_back(v.text);
        }
    if (p.policies.contact_slot != no_id)
        for (double d : {p.policies.contact_threshold - 1, p.policies.contact_threshold})
            numbers_[p.policies.contact_slot].push_back(d);
}

std::vector<std::string> ReplyCandidates::for_slot(Id slot) const {
    const SlotDecl& d = p_.slots[slot];
    std::vector<std::string> out;
    switch (d.type) {
    case SlotType::boolean: out = {"yes", "no"}; break;
    case SlotType::choice: out = d.choices; break;
    case SlotType::number: {
        std::vector<double> numbers = numbers_[slot];
        if (d.has_min) numbers.push_back(d.min);
        if (d.has_max) numbers.push_back(d.max);
        if (numbers.empty()) numbers = {d.has_min ? d.min : 0, (d.has_min ? d.min : 0) + 1};
        std::sort(numbers.begin(), numbers.end());
        for (double n : numbers) out.push_back(render_value(Val{SlotType::number, false, 0, n, {}}, d));
        break;
    }
    case SlotType::date: {  // as a number slot, written as dates; its bounds on the explorer's today
        std::vector<double> days = numbers_[slot];
        std::int32_t min = no_day, max = no_day;
        date_bounds(d, p_.dates.explored_today, min, max);
        if (min != no_day) days.push_back(min);
        if (max != no_day) days.push_back(max);
        if (days.empty()) days = {double(min != no_day ? min : p_.dates.explored_today)};
        std::sort(days.begin(), days.end());
        for (double n : days) out.push_back(iso_date(static_cast<std::int32_t>(n)));
        break;
    }
    case SlotType::text:
        out = texts_[slot];
        out.push_back("something else");
        break;
    }
    std::vector<std::string> fitting;
    for (const std::string& v : out)
        if (parse_reply(v, d).ok && std::find(fitting.begin(), fitting.end(), v) == fitting.end()) fitting.push_back(v);
    return fitting;
}

std::vector<Input> ReplyCandidates::replies_at(Id node) const {
    std::vector<Input> out;
    auto reply = [&](std::string text) { out.push_back(Input{false, no_id, std::move(text)}); };
    const Node& n = p_.nodes[node];
    switch (n.kind) {
    case NodeKind::ask:
    case NodeKind::lookup: {
        for (std::string& v : for_slot(n.slot)) reply(std::move(v));
        // What a host without an answer sends to a look-up, or a customer unsure: one the slot rejects.
        const SlotDecl& slot = p_.slots[n.slot];
        std::string unclear = n.kind == NodeKind::lookup || parse_reply(unclear_reply, slot).ok ? "" : unclear_reply;
        if (!parse_reply(unclear, slot).ok) reply(unclear);
        if (n.kind == NodeKind::lookup) out.push_back(Input{false, no_id, "!" + std::string(unknown_answer_word), true});
        break;
    }
    case NodeKind::offer:
        reply("yes");
        reply("no");
        reply(unclear_reply);
        break;
    case NodeKind::ask_actions: {
        reply("none");
        std::string all;
        for (Id a : n.action_choices) {
            reply(p_.actions[a]);
            all += (all.empty() ? "" : ", ") + p_.actions[a];
        }
        if (n.action_choices.size() > 1) reply(all);
        reply(unclear_reply);
        break;
    }
    case NodeKind::instruct:
        reply("done");
        reply(couldnt_reply);
        break;
    default: break;
    }
    return out;
}

std::vector<Input> ReplyCandidates::events() const {
    std::vector<Input> out;
    for (Id e = 0; e < builtin_events + p_.policies.events.size(); ++e)
        if (e != static_cast<Id>(BuiltinEvent::agent) && e != static_cast<Id>(BuiltinEvent::repeat)) out.push_back(signal(e));
    return out;
}

Input ReplyCandidates::signal(Id event) const { return Input{true, event, "!" + std::string(event_name(p_, event))}; }

}  // namespace parley::detail
