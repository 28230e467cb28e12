#include "engine/step.hpp"

#include <algorithm>

#include "compile/values.hpp"
#include "engine/evaluate.hpp"

namespace parley::detail {

const Fact* State::fact(Id slot) const {
    auto it = std::lower_bound(facts.begin(), facts.end(), slot, [](const Fact& f, Id s) { return f.slot < s; });
    return it != facts.end() && it->slot == slot ? &*it : nullptr;
}

const DoneAction* State::done_action(Id action) const {
    auto it = std::lower_bound(done.begin(), done.end(), action, [](const DoneAction& d, Id a) { return d.action < a; });
    return it != done.end() && it->action == action ? &*it : nullptr;
}

void Stepper::event(TraceKind kind, Id subject, std::uint8_t detail) {
    Event e{kind, s_.turn, s_.at, subject};
    e.detail = detail;
    events_.push_back(e);
}

void Stepper::set_fact(Id slot, Val value, Source source, Id node) {
    auto it = std::lower_bound(s_.facts.begin(), s_.facts.end(), slot, [](const Fact& f, Id s) { return f.slot < s; });
    Fact f{slot, std::move(value), source, node, s_.turn};
    if (it != s_.facts.end() && it->slot == slot) *it = std::move(f);
    else s_.facts.insert(it, std::move(f));
}

void Stepper::mark_done(Id action, Source source, Id node) {
    auto it = std::lower_bound(s_.done.begin(), s_.done.end(), action, [](const DoneAction& d, Id a) { return d.action < a; });
    if (it != s_.done.end() && it->action == action) return;  // keep when it was first done
    s_.done.insert(it, DoneAction{action, source, node, s_.turn});
}

void Stepper::start(Id script) {
    s_.at = p_.scripts[script].start;
    event(TraceKind::started, script);
    run();
}

void Stepper::complete(const Node& n) {
    for (const Assignment& a : n.set) {
        set_fact(a.slot, a.value, Source::set, s_.at);
        event(TraceKind::set, a.slot);
    }
    for (Id slot : n.forget) {
        auto it = std::lower_bound(s_.facts.begin(), s_.facts.end(), slot, [](const Fact& f, Id s) { return f.slot < s; });
        if (it != s_.facts.end() && it->slot == slot) {
            s_.facts.erase(it);
            event(TraceKind::forgot, slot);
        }
    }
}

void Stepper::follow(const Node& n) {
    for (const Branch& b : n.next) {
        if (b.condition == no_id || evaluate(p_.conditions[b.condition], s_) == Truth::yes) {
            s_.at = b.target;
            return;
        }
    }
    fault(Fault::no_branch);
}

void Stepper::finish(Outcome outcome, EngineEnd why) {
    s_.outcome = outcome;
    s_.engine_end = why;
    s_.waiting = false;
    event(TraceKind::ended, no_id, static_cast<std::uint8_t>(outcome));
}

// A script that cannot go on is handed to a person, never left hanging.
void Stepper::fault(Fault why) {
    event(TraceKind::fault, no_id, static_cast<std::uint8_t>(why));
    finish(Outcome::escalated, EngineEnd::fault);
}

bool Stepper::skip_if_known(const Node& n, Id slot) {
    const Fact* f = s_.fact(slot);
    if (!f) return false;
    Event e{TraceKind::skipped, s_.turn, s_.at, slot, f->node, f->turn, f->source, 0};
    events_.push_back(e);
    follow(n);
    return true;
}

void Stepper::run() {
    // Each node is entered at most a bounded number of times between two customer turns;
    // a script that loops without asking anything is a fault, not a hang.
    std::size_t budget = 4 * p_.nodes.size() + 16;
    while (s_.outcome == Outcome::none) {
        if (budget-- == 0) return fault(Fault::no_progress);
        const Node& n = p_.nodes[s_.at];
        switch (n.kind) {
        case NodeKind::ask:
        case NodeKind::lookup:
            if (skip_if_known(n, n.slot)) break;
            s_.waiting = true;
            s_.attempts = 0;
            event(TraceKind::asked, n.slot);
            return;
        case NodeKind::offer:
            if (skip_if_known(n, n.slot)) break;
            s_.waiting = true;
            s_.attempts = 0;
            s_.offers.push_back(OfferMade{s_.at, -1, s_.turn});
            event(TraceKind::offered, n.slot);
            return;
        case NodeKind::ask_actions: {
            bool answered = std::find(s_.answered_action_questions.begin(), s_.answered_action_questions.end(), s_.at) !=
                            s_.answered_action_questions.end();
            bool all_done = std::all_of(n.action_choices.begin(), n.action_choices.end(),
                                        [&](Id a) { return s_.done_action(a) != nullptr; });
            if (answered || all_done) {
                event(TraceKind::skipped, no_id, answered ? 2 : 3);
                follow(n);
                break;
            }
            s_.waiting = true;
            s_.attempts = 0;
            event(TraceKind::asked);
            return;
        }
        case NodeKind::instruct:
            if (const DoneAction* d = s_.done_action(n.action); d && !n.repeat) {
                Event e{TraceKind::skipped, s_.turn, s_.at, n.action, d->node, d->turn, d->source, 1};
                events_.push_back(e);
                follow(n);
                break;
            }
            s_.waiting = true;
            s_.attempts = 0;
            event(TraceKind::asked, n.action);
            return;
        case NodeKind::say:
            s_.says.push_back(s_.at);
            event(TraceKind::said);
            complete(n);
            follow(n);
            break;
        case NodeKind::branch:
            complete(n);
            follow(n);
            break;
        case NodeKind::jump:
            complete(n);
            event(TraceKind::jumped, n.next.front().target);
            s_.at = n.next.front().target;
            break;
        case NodeKind::call:
            if (s_.call_stack.size() >= static_cast<std::size_t>(p_.max_call_depth)) return fault(Fault::call_depth);
            complete(n);
            event(TraceKind::called, n.callee);
            s_.call_stack.push_back(s_.at);
            s_.at = p_.scripts[n.callee].start;
            break;
        case NodeKind::end:
            complete(n);
            if (n.is_return && !s_.call_stack.empty()) {
                Id caller = s_.call_stack.back();
                s_.call_stack.pop_back();
                Event e{TraceKind::returned, s_.turn, s_.at, n.script, caller};
                events_.push_back(e);
                s_.at = caller;
                follow(p_.nodes[caller]);
                break;
            }
            finish(n.outcome, EngineEnd::none);
            return;
        }
    }
}

ReplyStatus Stepper::reply(std::string_view text) {
    if (s_.outcome != Outcome::none || !s_.waiting) return ReplyStatus::no_question;
    const Node& n = p_.nodes[s_.at];
    ++s_.turn;
    s_.says.clear();
    bool understood = false;
    switch (n.kind) {
    case NodeKind::ask:
    case NodeKind::lookup: {
        ParsedReply r = parse_reply(text, p_.slots[n.slot]);
        if ((understood = r.ok)) set_fact(n.slot, std::move(r.value), n.kind == NodeKind::ask ? Source::answer : Source::host, s_.at);
        break;
    }
    case NodeKind::offer: {
        int accept = parse_accept(text);
        if ((understood = accept >= 0)) {
            Val v;
            v.type = SlotType::boolean;
            v.boolean = accept == 1;
            set_fact(n.slot, std::move(v), Source::answer, s_.at);
            s_.offers.back().accepted = static_cast<std::int8_t>(accept);
        }
        break;
    }
    case NodeKind::ask_actions:
        if ((understood = parse_action_list(text, n.action_choices, p_, picked_))) {
            for (Id a : picked_) mark_done(a, Source::answer, s_.at);
            s_.answered_action_questions.push_back(s_.at);
        }
        break;
    case NodeKind::instruct:
        understood = true;  // any reply acknowledges an instruction
        mark_done(n.action, Source::answer, s_.at);
        break;
    default:
        return ReplyStatus::no_question;
    }
    if (!understood) {
        ++s_.attempts;
        event(TraceKind::not_understood, no_id, static_cast<std::uint8_t>(std::min<int>(s_.attempts, 255)));
        if (s_.attempts >= max_attempts(n)) {
            event(TraceKind::gave_up, n.on_fail);
            s_.waiting = false;
            if (n.on_fail == no_id) finish(Outcome::escalated, EngineEnd::gave_up);
            else {
                s_.at = n.on_fail;
                run();
            }
        }
        return ReplyStatus::not_understood;
    }
    event(n.kind == NodeKind::instruct ? TraceKind::acknowledged : TraceKind::answered, n.kind == NodeKind::instruct ? n.action : n.slot);
    s_.waiting = false;
    complete(n);
    follow(n);
    run();
    return ReplyStatus::accepted;
}

void Stepper::fill(Id slot, Val value) {
    set_fact(slot, std::move(value), Source::host, s_.at);
    if (s_.outcome != Outcome::none || !s_.waiting) return;
    const Node& n = p_.nodes[s_.at];
    bool answers_prompt = (n.kind == NodeKind::ask || n.kind == NodeKind::lookup) && n.slot == slot;
    if (!answers_prompt) return;
    event(TraceKind::answered, slot);
    s_.waiting = false;
    s_.says.clear();
    complete(n);
    follow(n);
    run();
}

}  // namespace parley::detail
