// Restoring a snapshot (see snapshot.cpp for the layout). Every count and index is checked against
// what the bytes can hold and what the library has, so hostile bytes give a diagnostic, never a
// crash or a huge allocation; names are mapped to this library's ids, and what no longer fits is
// either refused (a live position) or dropped with a warning and a trace entry (a fact).
#include "engine/restore.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/diagnostics.hpp"
#include "common/locale.hpp"
#include "engine/evaluate.hpp"
#include "engine/render.hpp"
#include "engine/snapshot.hpp"
#include "model/dates.hpp"
#include "model/fingerprint.hpp"
#include "model/vocabulary.hpp"

namespace parley::detail {

std::string_view subject_name(const Program& p, const Node& n) {
    if (n.slot != no_id) return p.slots[n.slot].name;
    if (n.action != no_id) return p.actions[n.action];
    if (n.callee != no_id) return p.scripts[n.callee].name;
    return {};
}

namespace {
bool is_prompt(std::string_view kind) {
    for (NodeKind k : {NodeKind::ask, NodeKind::ask_actions, NodeKind::instruct, NodeKind::offer, NodeKind::lookup})
        if (kind == to_string(k)) return true;
    return false;
}
}  // namespace

bool can_take_place_of(std::string_view old_kind, NodeKind now) {
    if (is_prompt(old_kind)) return is_prompt(to_string(now));
    return old_kind == to_string(now);
}

std::string meaning_change(const Program& p, Id now, std::string_view old_kind, std::string_view old_subject) {
    const Node& n = p.nodes[now];
    if (to_string(n.kind) != old_kind)
        return "it was " + std::string(old_kind) + " and is now " + to_string(n.kind);
    std::string_view subject = subject_name(p, n);
    if (subject != old_subject)
        return "it was about '" + std::string(old_subject) + "' and is now about '" + std::string(subject) + "'";
    return {};
}

namespace {

bool in(Id id, std::size_t size) { return id < size; }
bool node_or_none(const Program& p, Id n) { return n == no_id || in(n, p.nodes.size()); }

bool policy_event_is_valid(const Program& p, const Event& e) {
    if (!in(e.subject, policy_words.size()) || e.stored_detail() > static_cast<std::uint8_t>(PolicyStep::gave_up_cancel))
        return false;
    PolicyStep step = e.policy_step();
    if (step == PolicyStep::repeat_contact) return p.policies.contact_slot != no_id;
    if (step == PolicyStep::courtesy_dropped)
        return e.node != no_id && p.nodes[e.node].dropped_pleasantry != no_id &&
               in(p.nodes[e.node].dropped_pleasantry, p.policies.pleasantries.size());
    return true;
}

}  // namespace

bool event_is_valid(const Program& p, const Event& e) {
    if (!node_or_none(p, e.node) || !node_or_none(p, e.ref_node) || e.ref_source > Source::host) return false;
    auto slot_or_none = [&] { return e.subject == no_id || in(e.subject, p.slots.size()); };
    auto action_or_none = [&] { return e.subject == no_id || in(e.subject, p.actions.size()); };
    switch (e.kind) {
    case TraceKind::started:
    case TraceKind::called:
    case TraceKind::returned: return in(e.subject, p.scripts.size());
    case TraceKind::asked:
        if (e.subject == no_id) return true;
        if (e.node == no_id) return false;
        return p.nodes[e.node].kind == NodeKind::instruct ? action_or_none() : slot_or_none();
    case TraceKind::answered:
    case TraceKind::set:
    case TraceKind::forgot: return slot_or_none();
    case TraceKind::acknowledged: return action_or_none();
    case TraceKind::failed: return e.node != no_id && p.nodes[e.node].kind == NodeKind::instruct && action_or_none();
    case TraceKind::unknown: return e.node != no_id && p.nodes[e.node].kind == NodeKind::lookup && slot_or_none();
    case TraceKind::skipped:
        if (e.stored_detail() > static_cast<std::uint8_t>(SkipReason::action_failed)) return false;
        return e.skip_reason() == SkipReason::slot_known                                             ? slot_or_none()
               : e.skip_reason() == SkipReason::action_done || e.skip_reason() == SkipReason::action_failed ? action_or_none()
                                                                                                      : true;
    case TraceKind::gave_up:
    case TraceKind::jumped: return node_or_none(p, e.subject);
    case TraceKind::offered: return e.node != no_id;
    case TraceKind::signalled: return in(e.subject, builtin_events + p.policies.events.size());
    case TraceKind::policy: return policy_event_is_valid(p, e);
    case TraceKind::ended: return e.stored_detail() <= static_cast<std::uint8_t>(Outcome::completed);
    case TraceKind::fault: return e.stored_detail() <= static_cast<std::uint8_t>(Fault::no_progress);
    case TraceKind::not_understood:
    case TraceKind::said: return true;
    case TraceKind::migrated:
        return in(e.subject, p.scripts.size()) && e.ref_turn < p.scripts[e.subject].migrate.size() && e.ref_node != no_id;
    case TraceKind::dropped:
    case TraceKind::cleared: return slot_or_none();
    case TraceKind::corrected: return in(e.subject, p.slots.size()) && e.ref_source <= Source::host;
    case TraceKind::locale_switched: return true;  // subject: the switch's index in State::locale_switches, if kept
    }
    return false;
}

namespace {

/// Bounds-checked reading: after the first error every read returns zero and `ok()` is false.
class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool ok() const { return ok_; }
    bool at_end() const { return pos_ == in_.size(); }
    std::size_t offset() const { return pos_; }

    std::uint64_t varint() {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!need(1)) return 0;
            auto b = static_cast<unsigned char>(in_[pos_++]);
            v |= std::uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80)) return v;
        }
        return fail();
    }
    std::uint8_t byte() { return need(1) ? static_cast<std::uint8_t>(in_[pos_++]) : 0; }
    std::uint64_t fixed64() {
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v |= std::uint64_t(byte()) << (8 * i);
        return v;
    }
    std::uint32_t u32() {
        std::uint64_t v = varint();
        return v > UINT32_MAX ? static_cast<std::uint32_t>(fail()) : static_cast<std::uint32_t>(v);
    }
    /// A count of items of at least `min_size` bytes each: never more than the bytes left can hold.
    std::size_t count(std::size_t min_size = 1) {
        std::uint64_t n = varint();
        return n > (in_.size() - pos_) / min_size ? static_cast<std::size_t>(fail()) : static_cast<std::size_t>(n);
    }
    std::string_view raw(std::size_t size) {
        if (!need(size)) return {};
        std::string_view s = in_.substr(pos_, size);
        pos_ += size;
        return s;
    }
    std::string_view text() { return raw(count()); }
    std::uint64_t fail() {
        ok_ = false;
        pos_ = in_.size();
        return 0;
    }

private:
    bool need(std::size_t n) {
        if (in_.size() - pos_ < n) fail();
        return ok_;
    }
    std::string_view in_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

bool refuse(std::vector<Diagnostic>& problems, Rule rule, std::string message) {
    problems.push_back(make_diagnostic(rule, {}, std::move(message)));
    return false;
}

struct ScriptRow {
    std::string_view name;
    std::uint64_t fingerprint;
    Id id;  // on this library, or no_id
};
struct NodeRow {
    std::string_view script, name, kind, subject;
    Id script_id, id;  // on this library, or no_id when it no longer exists
};

/// The tables a restore builds, kept per thread so that restoring allocates only while they grow.
struct RestoreScratch {
    std::vector<std::string_view> names;
    std::vector<ScriptRow> scripts;
    std::vector<NodeRow> nodes;
    std::vector<Event> notes;
    std::vector<Diagnostic> warnings;
};

struct Restorer {
    const Program& p;
    Reader in;
    std::vector<Diagnostic>& problems;
    RestoreScratch& t;
    enum class Role { current, call, message };  // the live positions: what a node must be to fill each
    bool same_library = false;
    bool current_migrated = false;  // ... which `migrate:` moved: its unclear replies start again

    void error(Rule rule, std::string message) {
        problems.push_back(make_diagnostic(rule, {}, std::move(message)));
    }
    void warn(Rule rule, std::string message) {
        t.warnings.push_back(make_diagnostic(rule, {}, std::move(message)));
    }
    /// A name reference (see snapshot.cpp): one written before, or a new one.
    std::string_view name() {
        std::uint64_t ref = in.varint();
        if (ref & 1) {
            if ((ref >> 1) >= t.names.size()) return in.fail(), std::string_view();
            return t.names[static_cast<std::size_t>(ref >> 1)];
        }
        std::string_view s = in.raw(static_cast<std::size_t>(ref >> 1));
        if (in.ok()) t.names.push_back(s);
        return s;
    }
    const ScriptRow* script_row(std::uint64_t index) {
        if (index >= t.scripts.size()) return in.fail(), nullptr;
        return &t.scripts[static_cast<std::size_t>(index)];
    }
    /// A node reference: null for "none"; a row of the node table otherwise (check `row->id`).
    const NodeRow* node_row() {
        std::uint64_t ref = in.varint();
        if (ref == 0) return nullptr;
        if (ref & 1) {
            if ((ref >> 1) >= t.nodes.size()) return in.fail(), nullptr;
            return &t.nodes[static_cast<std::size_t>(ref >> 1)];
        }
        const ScriptRow* script = script_row((ref >> 1) - 1);
        if (!script) return nullptr;
        NodeRow row;
        row.script = script->name;
        row.script_id = script->id;
        row.name = name();
        row.kind = name();
        row.subject = name();
        row.id = row.script_id == no_id || !in.ok() ? no_id : p.find_node(row.script_id, row.name);
        if (!in.ok()) return nullptr;
        t.nodes.push_back(row);
        return &t.nodes.back();
    }
    /// A node reference that may not be "none".
    const NodeRow* required_node_row() {
        const NodeRow* row = node_row();
        if (!row) in.fail();
        return row;
    }
    Id node() {
        const NodeRow* row = node_row();
        return row ? row->id : no_id;
    }
    std::string qualified(const NodeRow& row) const { return std::string(row.script) + "." + std::string(row.name); }

    Id live_position(const NodeRow* row, Role role);
    Id migration(const NodeRow& row, Role role, std::string& refused);
    bool read_value(const SlotDecl& slot, std::uint8_t tag, ValView& out);
    bool read_fact(State& s, Fact& f);
    void read_facts(State& s);
    void read_history(State& s);
    void read_done(State& s);
    void read_failed(State& s);
    void read_locale_switches(State& s);
    template <class List>
    void read_events(List& out, bool keep, bool policies_only);
    bool check(const State& s);
};

// A position the conversation will continue from must still exist and mean the same thing, or the new
// script's `migrate:` must say where it continues.
Id Restorer::live_position(const NodeRow* row, Role role) {
    if (!row) return no_id;
    std::string change = row->id == no_id ? "no longer exists in this library"
                                          : meaning_change(p, row->id, row->kind, row->subject);
    if (change.empty()) return row->id;
    std::string refused;
    if (Id to = migration(*row, role, refused); to != no_id) return to;
    static const char* const what[] = {"the conversation's current node", "the call to return to at", "the message"};
    error(Rule::stranded_position, std::string(what[static_cast<int>(role)]) + " " + qualified(*row) + " (" +
                                   std::string(row->kind) + ") " + (row->id == no_id ? change : "changed meaning: " + change) +
                                   (refused.empty() ? "; no migrate: entry of the new script covers it" : refused));
    return no_id;
}

Id Restorer::migration(const NodeRow& row, Role role, std::string& refused) {
    if (row.script_id == no_id) return no_id;
    const Script& script = p.scripts[row.script_id];
    for (std::size_t i = 0; i < script.migrate.size(); ++i) {
        if (script.migrate[i].old_node != row.name) continue;
        Id to = script.migrate[i].node;
        NodeKind kind = p.nodes[to].kind;
        bool fits = can_take_place_of(row.kind, kind);
        if (!fits) {
            refused = "; its migrate: entry leads to " + script.name + "." + p.nodes[to].name + ", a " + to_string(kind) +
                      " node, which cannot take its place";
            return no_id;
        }
        Event note(TraceKind::migrated, 0, to, row.script_id);
        note.ref_node = to;
        note.ref_turn = static_cast<std::uint32_t>(i);
        t.notes.push_back(note);
        if (role == Role::current) current_migrated = true;
        return to;
    }
    return no_id;
}

// The value after a fact's tag byte; false when it does not fit `slot` (a choice it lost, a bound it breaks).
// A text value is a view into the snapshot's bytes, copied into the state's text buffer if it is kept.
bool Restorer::read_value(const SlotDecl& slot, std::uint8_t tag, ValView& out) {
    out.type = static_cast<SlotType>(tag & 3);
    bool flag = tag & layout::fact_flag;
    switch (out.type) {
    case SlotType::boolean: out.boolean = flag; return true;
    case SlotType::number: {
        if (flag) {
            std::uint64_t zigzag = in.varint();
            auto i = static_cast<std::int64_t>(zigzag >> 1) ^ -static_cast<std::int64_t>(zigzag & 1);
            if (i > (std::int64_t(1) << 53) || i < -(std::int64_t(1) << 53)) in.fail();  // the writer's bound
            out.number = static_cast<double>(i);
        } else {
            std::uint64_t bits = in.fixed64();
            std::memcpy(&out.number, &bits, sizeof bits);
            if (!std::isfinite(out.number)) in.fail();  // no reply or host value is NaN or infinite
        }
        if (slot.type == SlotType::date) {  // a date is written as its day (Writer::fact): the slot's type gives it back
            std::int32_t min = no_day, max = no_day;
            date_bounds(slot, no_day, min, max);  // a bound relative to today is checked by the next reply, not here
            std::int32_t ignored = 0;
            int y = 0, m = 0, d = 0;
            if (out.number != std::floor(out.number) || std::fabs(out.number) > 4000000) return false;
            civil_of(static_cast<std::int32_t>(out.number), y, m, d);
            if (!day_of(y, m, d, ignored)) return false;  // outside the years 1..9999
            out.type = SlotType::date;
            return !(min != no_day && out.number < min) && !(max != no_day && out.number > max);
        }
        return !(slot.has_min && out.number < slot.min) && !(slot.has_max && out.number > slot.max);
    }
    case SlotType::choice: {
        std::string_view name = this->name();
        auto it = std::find(slot.choices.begin(), slot.choices.end(), name);
        out.choice = static_cast<Id>(it - slot.choices.begin());
        return it != slot.choices.end();
    }
    case SlotType::text: out.text = in.text(); return true;
    case SlotType::date: return false;  // never in a tag (two bits): dates are written as numbers
    }
    return false;
}

void Restorer::read_facts(State& s) {
    std::size_t n = in.count(3);
    s.facts.reserve(n);
    for (std::size_t i = 0; i < n && in.ok(); ++i) {
        Fact f;
        if (read_fact(s, f)) s.facts.push_back(f);
    }
    // Written in slot order; on another version of the library the slots' ids may be in another.
    if (!same_library)
        std::sort(s.facts.begin(), s.facts.end(), [](const Fact& a, const Fact& b) { return a.slot < b.slot; });
}

// A fact as Writer::fact wrote it. False when the bytes are bad, or when it no longer fits this
// library (then dropped, with a warning and a trace entry).
bool Restorer::read_fact(State& s, Fact& f) {
    std::string_view name = this->name();
    std::uint8_t tag = in.byte();
    Id slot = p.find_slot(name);
    static const SlotDecl untyped;  // reads the value of a slot this library no longer has
    const SlotDecl& decl = slot == no_id ? untyped : p.slots[slot];
    ValView value;
    bool fits = read_value(decl, tag, value);
    auto source = static_cast<Source>((tag >> 2) & 3);
    Id node = no_id;
    auto where = static_cast<std::uint8_t>(tag >> layout::where_shift);
    if (where == layout::where_node) {
        node = this->node();
    } else if (where >= layout::where_asker) {
        const ScriptRow* script = script_row(where - layout::where_asker);
        node = script && script->id != no_id && slot != no_id ? p.sole_asker(script->id, slot) : no_id;
    }
    std::uint32_t turn = in.u32();
    if (!in.ok()) return false;
    if (slot == no_id || decl.type != value.type || !fits) {
        t.notes.push_back(Event(TraceKind::dropped, 0, no_id, slot));
        warn(Rule::snapshot_fact_dropped, "fact '" + std::string(name) + "' was dropped: " +
                                          (slot == no_id ? std::string("this library no longer declares the slot")
                                           : decl.type != value.type ? "the slot is now " + std::string(to_string(decl.type))
                                                                     : "its value no longer fits the slot"));
        return false;
    }
    f = s.make_fact(slot, value, source, node, turn);
    return true;
}

// ---- Format 3: the handoff's history (snapshot.cpp, encode_history) ----
void Restorer::read_history(State& s) {
    s.past_dropped = in.u32();
    std::size_t n = in.count(5);
    for (std::size_t i = 0; i < n && in.ok(); ++i) {
        Fact f;
        bool fits = read_fact(s, f);
        std::uint32_t ended = in.u32();
        std::uint8_t how = in.byte();
        if (how < static_cast<std::uint8_t>(Summary::AnswerStatus::superseded) ||
            how > static_cast<std::uint8_t>(Summary::AnswerStatus::cleared))
            return void(in.fail());
        if (fits) s.past.push_back(PastFact{f, ended, static_cast<Summary::AnswerStatus>(how)});
        else if (in.ok()) ++s.past_dropped;  // it no longer fits: counted, as values not kept are
    }
    s.steps_dropped = in.u32();
    n = in.count(5);
    for (std::size_t i = 0; i < n && in.ok(); ++i) {
        std::string_view name = this->name();
        std::uint8_t status = in.byte(), source = in.byte();
        const NodeRow* row = node_row();
        std::uint32_t turn = in.u32();
        if (status > static_cast<std::uint8_t>(Summary::StepStatus::failed) || source > static_cast<std::uint8_t>(Source::host))
            return void(in.fail());
        Id action = p.find_action(name);
        if (!in.ok()) return;
        if (action == no_id || (row && row->id == no_id)) {
            warn(Rule::snapshot_fact_dropped, "the record of step '" + std::string(name) + "' was dropped: " +
                                              (action == no_id ? "no script has it now" : "its node no longer exists"));
            ++s.steps_dropped;
            continue;
        }
        s.steps.push_back(StepRecord{action, row ? row->id : no_id, turn, static_cast<Source>(source),
                                     static_cast<Summary::StepStatus>(status)});
    }
}

void Restorer::read_done(State& s) {
    std::size_t n = in.count(4);
    for (std::size_t i = 0; i < n && in.ok(); ++i) {
        std::string_view name = this->name();
        std::uint8_t source = in.byte();
        if (source > static_cast<std::uint8_t>(Source::host)) return void(in.fail());
        DoneAction d{p.find_action(name), static_cast<Source>(source), node(), in.u32()};
        if (!in.ok()) return;
        if (d.action == no_id) {
            warn(Rule::snapshot_fact_dropped, "done action '" + std::string(name) + "' was dropped: no script has it now");
            continue;
        }
        s.done.push_back(d);
    }
    if (!same_library)
        std::sort(s.done.begin(), s.done.end(), [](const DoneAction& a, const DoneAction& b) { return a.action < b.action; });
}

// Format 3's section: the actions the customer could not do.
void Restorer::read_failed(State& s) {
    std::size_t n = in.count(3);
    for (std::size_t i = 0; i < n && in.ok(); ++i) {
        std::string_view name = this->name();
        FailedAction f{p.find_action(name), node(), in.u32()};
        if (!in.ok()) return;
        if (f.action == no_id) {
            warn(Rule::snapshot_fact_dropped, "failed action '" + std::string(name) + "' was dropped: no script has it now");
            continue;
        }
        s.failed.push_back(f);
    }
    if (!same_library)
        std::sort(s.failed.begin(), s.failed.end(), [](const FailedAction& a, const FailedAction& b) { return a.action < b.action; });
}

// ---- Format 4: the changes of language (snapshot.cpp, encode_snapshot) ----
void Restorer::read_locale_switches(State& s) {
    s.locale_switches_dropped = in.u32();
    std::size_t n = in.count(4);
    if (n > State::locale_switches_kept) return void(in.fail());  // more than a session keeps
    for (std::size_t i = 0; i < n && in.ok(); ++i) {
        std::string_view from = in.text(), to = in.text();
        std::uint32_t turn = in.u32();
        Id node = this->node();
        if (!in.ok()) return;
        // Tags as a session writes them: canonical (a forged one could not be said or compared).
        if (canonical_locale(from) != from || canonical_locale(to) != to) return void(in.fail());
        s.locale_switches.push_back(LocaleSwitch{std::string(from), std::string(to), turn, node});
    }
}

template <class List>  // a std::vector or a RareList of events
void Restorer::read_events(List& out, bool keep, bool policies_only) {
    std::size_t n = in.count(7);
    for (std::size_t i = 0; i < n && in.ok(); ++i) {
        std::uint8_t kind = in.byte();
        if (kind > static_cast<std::uint8_t>(TraceKind::locale_switched)) return void(in.fail());
        if (policies_only && kind != static_cast<std::uint8_t>(TraceKind::policy)) return void(in.fail());
        std::uint32_t turn = in.u32();
        Id at = node();
        std::uint64_t subject = in.varint();
        Id ref_node = node();
        std::uint32_t ref_turn = in.u32();
        std::uint8_t ref_source = in.byte();
        Event e = Event::from_stored(static_cast<TraceKind>(kind), turn, at,
                                     subject == 0 || subject > UINT32_MAX ? no_id : static_cast<Id>(subject - 1), in.byte());
        e.ref_node = ref_node;
        e.ref_turn = ref_turn;
        e.ref_source = static_cast<Source>(ref_source);
        if (!keep || !in.ok()) continue;
        if (event_is_valid(p, e)) {
            out.push_back(e);
        } else if (same_library) {
            return void(in.fail());  // the library it was taken on could not have made it
        } else {
            warn(Rule::snapshot_fact_dropped, "a record of what a policy did no longer fits this library and was dropped");
        }
    }
}

// Invariants the engine relies on, which bytes that pass the checksum could still break.
bool Restorer::check(const State& s) {
    if (s.at == no_id) return false;
    for (std::size_t i = 1; i < s.facts.size(); ++i)
        if (s.facts[i - 1].slot >= s.facts[i].slot) return false;
    for (std::size_t i = 1; i < s.done.size(); ++i)
        if (s.done[i - 1].action >= s.done[i].action) return false;
    for (std::size_t i = 1; i < s.failed.size(); ++i)
        if (s.failed[i - 1].action >= s.failed[i].action) return false;
    if (s.call_stack.size() > static_cast<std::size_t>(p.max_call_depth)) return false;
    for (Id call : s.call_stack)
        if (p.nodes[call].kind != NodeKind::call) return false;
    for (Id say : s.says)
        if (p.nodes[say].kind != NodeKind::say && p.nodes[say].step_say == no_id && !p.nodes[say].is_return) return false;
    if (s.interventions.size() > State::interventions_kept || s.path.size() > State::path_kept) return false;
    if (s.past.size() > State::past_kept || s.steps.size() > State::steps_kept) return false;
    if (!s.record_path && (!s.path.empty() || s.path_dropped != 0)) return false;
    if (s.path_dropped != 0 && s.path.size() < State::path_kept) return false;
    const Node& at = p.nodes[s.at];
    if (s.waiting && at.kind != NodeKind::ask && at.kind != NodeKind::ask_actions && at.kind != NodeKind::instruct &&
        at.kind != NodeKind::offer && at.kind != NodeKind::lookup)
        return false;
    if (!s.waiting && s.outcome == Outcome::none) return false;  // between steps, a conversation awaits a reply or has ended
    if (s.waiting && at.kind == NodeKind::instruct && s.attempts > 0) return false;  // every reply to one is understood
    return s.outcome <= Outcome::completed;
}

RestoreScratch& restore_scratch() {
    static thread_local RestoreScratch scratch;
    scratch.names.clear();
    scratch.scripts.clear();
    scratch.nodes.clear();
    scratch.notes.clear();
    scratch.warnings.clear();
    return scratch;
}

}  // namespace

bool read_snapshot_head(std::string_view bytes, SnapshotHead& head, std::vector<Diagnostic>& problems) {
    if (bytes.size() < sizeof snapshot_magic + 1 || std::memcmp(bytes.data(), snapshot_magic, sizeof snapshot_magic) != 0)
        return refuse(problems, Rule::snapshot_foreign, "these bytes are not a parley session snapshot");
    auto format = static_cast<unsigned char>(bytes[sizeof snapshot_magic]);
    if (format < snapshot_oldest_format || format > snapshot_format)
        return refuse(problems, Rule::snapshot_version,
                      "snapshot format " + std::to_string(format) + " is not one this library reads (it reads " +
                          std::to_string(snapshot_oldest_format) + " to " + std::to_string(snapshot_format) +
                          (format < snapshot_format ? "; an older parley wrote it" : "") +
                          ")");
    if (bytes.size() < sizeof snapshot_magic + 5) return refuse(problems, Rule::snapshot_corrupt, "the snapshot is truncated");
    std::string_view content = bytes.substr(0, bytes.size() - 4);
    std::uint32_t stored = 0;
    for (int i = 0; i < 4; ++i)
        stored |= std::uint32_t(static_cast<unsigned char>(bytes[bytes.size() - 4 + static_cast<std::size_t>(i)])) << (8 * i);
    if (snapshot_checksum(content) != stored)
        return refuse(problems, Rule::snapshot_corrupt, "the snapshot's checksum does not match: it was truncated or changed");
    Reader in(content.substr(sizeof snapshot_magic + 1));
    head.format = format;
    head.library_fingerprint = in.fixed64();
    head.scripts.resize(in.count(9));
    for (auto& script : head.scripts) {
        script.name = in.text();
        script.fingerprint = in.fixed64();
    }
    if (!in.ok()) return refuse(problems, Rule::snapshot_corrupt, "the snapshot's header is malformed");
    head.body = content.substr(sizeof snapshot_magic + 1 + in.offset());
    return true;
}

std::unique_ptr<SessionCore> decode_snapshot(const std::shared_ptr<const Program>& program, std::string_view bytes,
                                             std::vector<Diagnostic>& problems) {
    static thread_local SnapshotHead head;
    if (!read_snapshot_head(bytes, head, problems)) return nullptr;
    const Program& p = *program;
    RestoreScratch& t = restore_scratch();
    for (const auto& script : head.scripts) t.scripts.push_back({script.name, script.fingerprint, p.find_script(script.name)});
    Restorer r{p, Reader(head.body), problems, t, head.library_fingerprint == p.fingerprint, false};
    std::size_t errors_before = problems.size();
    auto core = std::make_unique<SessionCore>();
    core->program = program;
    State& s = core->state;
    std::string tag(r.in.text());
    if (canonical_locale(tag) != tag) r.in.fail();  // as a session writes it: canonical (a forged one is refused)
    core->use_locale(tag);
    if (std::string_view id = r.in.text(); !id.empty()) core->extras.made().correlation_id = std::string(id);
    std::uint8_t flags = r.in.byte();
    s.waiting = flags & layout::waiting;
    s.cancel_requested = flags & layout::cancel_requested;
    s.cancelling = flags & layout::cancelling;
    s.escalating = flags & layout::escalating;
    s.record_path = flags & layout::record_path;
    s.outcome = static_cast<Outcome>(r.in.byte());
    s.turn = r.in.u32();
    std::uint64_t attempts = r.in.varint();
    std::uint64_t repeats = 0;
    if (head.format >= 4) {
        repeats = r.in.varint();
        if (attempts > UINT16_MAX) r.in.fail();
    } else {
        repeats = attempts >> 16;  // formats 2 and 3 packed them above the attempts
        attempts &= 0xFFFF;
    }
    std::uint64_t offers_after_cancel = r.in.varint();
    if (repeats > State::free_repeats || offers_after_cancel > UINT16_MAX) r.in.fail();
    s.attempts = static_cast<std::uint16_t>(attempts);
    s.repeats = static_cast<std::uint16_t>(repeats);
    s.offers_after_cancel = static_cast<std::uint16_t>(offers_after_cancel);
    s.signals_dropped = r.in.u32();
    s.interventions_dropped = r.in.u32();
    s.path_dropped = r.in.u32();
    std::uint64_t trace_capacity = r.in.varint();
    core->trace_capacity = trace_capacity > SIZE_MAX ? SIZE_MAX : static_cast<std::size_t>(trace_capacity);
    s.at = r.live_position(r.required_node_row(), Restorer::Role::current);
    std::size_t depth = r.in.count();
    for (std::size_t i = 0; i < depth && r.in.ok(); ++i)
        s.call_stack.push_back(r.live_position(r.required_node_row(), Restorer::Role::call));
    r.read_facts(s);
    r.read_done(s);
    std::size_t answered = r.in.count();
    for (std::size_t i = 0; i < answered && r.in.ok(); ++i) {
        const auto* row = r.node_row();
        if (!row) r.in.fail();
        else if (row->id != no_id) s.answered_action_questions.push_back(row->id);
        else r.warn(Rule::snapshot_fact_dropped, "the answer to " + r.qualified(*row) + " was dropped: the question no longer exists");
    }
    std::size_t offers = r.in.count(3);
    for (std::size_t i = 0; i < offers && r.in.ok(); ++i) {
        const auto* row = r.node_row();
        auto accepted = static_cast<std::int8_t>(r.in.byte() - 1);
        std::uint32_t turn = r.in.u32();
        if (accepted < -1 || accepted > 1 || !row) r.in.fail();
        else if (row->id == no_id) r.warn(Rule::snapshot_fact_dropped, "offer " + r.qualified(*row) + " no longer exists; its record was dropped");
        else s.offers.push_back(OfferMade{row->id, accepted, turn});
    }
    std::size_t says = r.in.count();
    for (std::size_t i = 0; i < says && r.in.ok(); ++i) s.says.push_back(r.live_position(r.required_node_row(), Restorer::Role::message));
    r.read_events(s.interventions, true, true);
    std::size_t signals = r.in.count();
    for (std::size_t i = 0; i < signals && r.in.ok(); ++i) {
        std::string_view name = r.name();
        Id id = no_id;
        for (Id e = 0; e < builtin_events + p.policies.events.size() && id == no_id; ++e)
            if (event_name(p, e) == name) id = e;
        if (id == no_id) r.warn(Rule::snapshot_fact_dropped, "signal '" + std::string(name) + "' is no longer an event of this library");
        else s.signals.push_back(id);
    }
    if (s.signals.size() > State::signals_kept) {  // a forged list longer than a session keeps
        std::size_t extra = s.signals.size() - State::signals_kept;
        s.signals.erase(s.signals.begin(), s.signals.begin() + static_cast<std::ptrdiff_t>(extra));
        s.signals_dropped += static_cast<std::uint32_t>(extra);
    }
    std::size_t path = r.in.count(2);
    for (std::size_t i = 0; i < path && r.in.ok(); ++i) {
        Id n = r.node();
        std::uint32_t taken = r.in.u32();  // the branch + 1: 0 for entering the node
        if (n != no_id && taken <= p.nodes[n].next.size()) s.path.push_back({n, static_cast<int>(taken) - 1});
        else if (r.same_library) r.in.fail();  // on another version, a node's branches may have changed
    }
    if (head.format >= 3) r.read_failed(s);  // format 2 had no failed actions
    if (flags & layout::trace) {
        if (!r.same_library)
            r.warn(Rule::snapshot_trace_dropped, "the snapshot's trace was taken on another version of the library and was not restored");
        r.read_events(core->trace, r.same_library, false);
        if (core->trace.size() > core->trace_capacity) r.in.fail();  // more than the session kept
    }
    if (head.format >= 3) r.read_history(s);
    if (head.format >= 4) r.read_locale_switches(s);
    if (!r.in.ok() || !r.in.at_end()) {
        problems.resize(errors_before);
        r.error(Rule::snapshot_corrupt, "the snapshot is malformed near byte " +
                                            std::to_string(r.in.offset() + static_cast<std::size_t>(head.body.data() - bytes.data())));
        return nullptr;
    }
    if (problems.size() > errors_before) return nullptr;  // stranded positions
    if (!r.check(s)) {
        r.error(Rule::snapshot_corrupt, "the snapshot describes a state no conversation can be in");
        return nullptr;
    }
    if (r.current_migrated) s.attempts = s.repeats = 0;
    for (Event& note : t.notes) note.turn = s.turn;
    core->make_room_in_trace(t.notes.size());  // record() may not allocate
    core->record(t.notes);
    problems.insert(problems.end(), t.warnings.begin(), t.warnings.end());
    return core;
}

}  // namespace parley::detail
