// Text on demand: prompts with their slots filled in, and the words of trace events and provenance.
#include "engine/render.hpp"

#include "common/locale.hpp"
#include "model/dates.hpp"
#include "model/values.hpp"

namespace parley::detail {

namespace {
// The fallback chain of docs/format.md ("Locales"): the session's locale and each shorter tag
// ("es-MX", "es"), then the script's locale the same way, then the library's first declared locale,
// then the text's first variant. Views only: this runs on every turn.
const Text::Variant* find_variant(const Text& t, std::string_view tag) {
    for (; !tag.empty(); tag = parent_locale(tag))
        for (const auto& v : t.variants)
            if (v.locale == tag) return &v;
    return nullptr;
}
const Text::Variant& pick(const Program& p, const Text& t, std::string_view locale, std::string_view script_locale) {
    if (const Text::Variant* v = find_variant(t, locale)) return *v;
    if (const Text::Variant* v = find_variant(t, script_locale)) return *v;
    if (!p.policies.locales.empty())
        if (const Text::Variant* v = find_variant(t, p.policies.locales.front())) return *v;
    return t.variants.front();
}

std::string node_name(const Program& p, Id node) {
    if (node == no_id) return "?";
    return p.nodes[node].name;
}
std::string script_of(const Program& p, Id node) {
    if (node == no_id) return "?";
    return p.scripts[p.nodes[node].script].name;
}
}  // namespace

std::string_view render_text(std::string& out, const Program& p, Id text, std::string_view locale, Id script, const State& s) {
    if (text == no_id) return {};
    const Text::Variant& v = pick(p, p.texts[text], locale, p.scripts[script].locale);
    for (const Text::Segment& seg : v.segments) {
        if (seg.slot == no_id) {
            out += seg.literal;
        } else if (const Fact* f = s.fact(seg.slot)) {
            ValView value = s.value(*f);
            if (value.type == SlotType::date) append_date(out, static_cast<std::int32_t>(value.number), p.dates, locale);
            else append_value(out, value, p.slots[seg.slot]);
        } else {
            out += '{';
            out += p.slots[seg.slot].name;
            out += '}';
        }
    }
    return v.locale;
}

std::string provenance(const Program& p, Source source, Id node, std::uint32_t turn) {
    std::string when = "turn " + std::to_string(turn);
    switch (source) {
    case Source::prefill: return "pre-filled by the host at the start";
    case Source::answer:
        return "answered at " + when + " to '" + node_name(p, node) + "' in script " + script_of(p, node);
    case Source::set: return "set at " + when + " by '" + node_name(p, node) + "' in script " + script_of(p, node);
    case Source::host:
        return "given by the host at " + when + " (at '" + node_name(p, node) + "' in script " + script_of(p, node) + ")";
    }
    return {};
}

std::string_view event_name(const Program& p, Id event) {
    static const char* builtin[] = {"cancel", "supervisor", "agent", "repeat"};
    if (event < builtin_events) return builtin[event];
    return p.policies.events[event - builtin_events].name;
}

namespace {
std::string describe_policy(const Program& p, const Event& e) {
    const Policies& pol = p.policies;
    const std::string node = node_name(p, e.node);
    auto target = [&] { return script_of(p, e.ref_node) + "." + node_name(p, e.ref_node); };
    std::string offers = std::to_string(pol.max_offers) + " retention offer" + (pol.max_offers == 1 ? "" : "s");
    switch (e.policy_step()) {
    case PolicyStep::cancel_to_start: return "cancel request at '" + node + "': going to " + target();
    case PolicyStep::cancel_to_node: return "cancel request at '" + node + "': going to the cancellation, " + target();
    case PolicyStep::cancel_repeated: return "the customer asked again to cancel: going to the cancellation, " + target();
    case PolicyStep::cancel_no_offers: return "max_offers is 0: going straight to the cancellation, " + target();
    case PolicyStep::cancel_plain:
        return "no cancellation node is declared: ending cancelled with a plain confirmation";
    case PolicyStep::cancel_entered: return "entered the cancellation script: counted as a cancel request";
    case PolicyStep::offer_over_budget:
        return "skipped offer '" + node + "': " + offers + " already made after the cancel request; going to " + target();
    case PolicyStep::offer_declined:
        return "retention offer '" + node + "' declined after the cancel request: going to the cancellation, " + target();
    case PolicyStep::offer_in_cancellation: return "skipped offer '" + node + "': the cancellation is under way";
    case PolicyStep::upsell_skipped:
        return "skipped upsell '" + node + "': the customer asked to cancel" +
               (e.ref_node != no_id ? "; going to the cancellation, " + target() : std::string());
    case PolicyStep::escalate_request:
        return "the customer asked for a person at '" + node + "': escalating at once" +
               (e.ref_node != no_id ? " to " + target() : std::string());
    case PolicyStep::turns_escalate:
        return "max_turns (" + std::to_string(pol.max_turns) + ") reached at '" + node + "': escalating";
    case PolicyStep::turns_cancel:
        return "max_turns (" + std::to_string(pol.max_turns) + ") reached during a cancel request: completing the cancellation, " + target();
    case PolicyStep::repeat_contact:
        return "repeat contact (" + p.slots[pol.contact_slot].name + " at least " +
               std::to_string(static_cast<long long>(pol.contact_threshold)) + "): escalating with the summary instead of the script";
    case PolicyStep::courtesy_dropped:
        return "dropped \"" + pol.pleasantries[p.nodes[e.node].dropped_pleasantry] + "\" from the closing of '" + node +
               "': the outcome is " + to_string(p.nodes[e.node].outcome);
    case PolicyStep::gave_up_escalate: return "unclear replies at '" + node + "' and no on_fail: escalating";
    case PolicyStep::gave_up_cancel:
        return "unclear replies at '" + node + "' after a cancel request: going to the cancellation, " + target();
    }
    return {};
}
}  // namespace

std::string describe(const Program& p, const Event& e) {
    const std::string node = node_name(p, e.node);
    auto slot = [&] { return e.subject == no_id ? std::string("?") : p.slots[e.subject].name; };
    auto action = [&] { return e.subject == no_id ? std::string("?") : p.actions[e.subject]; };
    auto since = [&] {
        if (e.ref_source == Source::prefill) return std::string("(pre-filled by the host)");
        return "since turn " + std::to_string(e.ref_turn) + " in script " + script_of(p, e.ref_node) +
               (e.ref_source == Source::set ? " (set by '" + node_name(p, e.ref_node) + "')" : "");
    };
    switch (e.kind) {
    case TraceKind::started: return "started script " + p.scripts[e.subject].name + " at '" + node + "'";
    case TraceKind::asked:
        if (e.subject == no_id) return "asked '" + node + "'";
        return p.nodes[e.node].kind == NodeKind::instruct ? "instructed '" + node + "' (" + action() + ")"
                                                          : "asked '" + node + "' for " + slot();
    case TraceKind::answered:
        return e.subject == no_id ? "'" + node + "' answered" : "'" + node + "' answered: " + slot();
    case TraceKind::acknowledged: return "'" + node + "' done: " + action();
    case TraceKind::not_understood:
        return "did not understand the reply to '" + node + "' (attempt " + std::to_string(e.attempt()) + ")";
    case TraceKind::gave_up:
        return "gave up on '" + node + "' after unclear replies; " +
               (e.subject == no_id ? std::string("no on_fail") : "going to '" + node_name(p, e.subject) + "'");  // a policy entry follows
    case TraceKind::skipped:
        switch (e.skip_reason()) {
        case SkipReason::slot_known: return "skipped " + node + ": " + slot() + " known " + since();
        case SkipReason::action_done: return "skipped " + node + ": " + action() + " done " + since();
        case SkipReason::already_answered: return "skipped " + node + ": already answered in this conversation";
        case SkipReason::all_actions_done: return "skipped " + node + ": every action it lists is already done";
        case SkipReason::action_failed:
            return "skipped " + node + ": the customer could not do " + action() + " at turn " + std::to_string(e.ref_turn) +
                   " in script " + script_of(p, e.ref_node);
        }
        return {};
    case TraceKind::said: return "said '" + node + "'";
    case TraceKind::offered: return "offered '" + node + "' (" + to_string(p.nodes[e.node].offer_kind) + ")";
    case TraceKind::called: return "'" + node + "' called script " + p.scripts[e.subject].name;
    case TraceKind::returned:
        return "script " + p.scripts[e.subject].name + " returned to '" + node_name(p, e.ref_node) + "' in script " +
               script_of(p, e.ref_node);
    case TraceKind::jumped: return "'" + node + "' went to " + script_of(p, e.subject) + "." + node_name(p, e.subject);
    case TraceKind::set: return "'" + node + "' set " + slot();
    case TraceKind::forgot: return "'" + node + "' forgot " + slot();
    case TraceKind::signalled: return "the customer signalled '" + std::string(event_name(p, e.subject)) + "' at '" + node + "'";
    case TraceKind::policy: return describe_policy(p, e);
    case TraceKind::ended: return std::string("ended at '") + node + "' with outcome " + to_string(e.outcome());
    case TraceKind::fault:
        switch (e.fault_reason()) {
        case Fault::no_branch: return "no branch of '" + node + "' matched; escalating to a person";
        case Fault::call_depth: return "calls nested too deep at '" + node + "'; escalating to a person";
        case Fault::no_progress: return "went round without asking anything at '" + node + "'; escalating to a person";
        }
        break;
    case TraceKind::migrated: {
        const Script& script = p.scripts[e.subject];
        return "restored on a new version of script " + script.name + ": '" + script.migrate[e.ref_turn].old_node +
               "' continues at " + script_of(p, e.ref_node) + "." + node_name(p, e.ref_node) + " (migrate:)";
    }
    case TraceKind::unknown:
        return "the host could not tell " + slot() + " at '" + node + "'" +
               (p.nodes[e.node].on_unknown != no_id ? "; going to '" + node_name(p, p.nodes[e.node].on_unknown) + "'"
                                                    : std::string("; it stays unknown"));
    case TraceKind::failed:
        return "the customer could not do " + action() + " at '" + node + "'" +
               (p.nodes[e.node].on_fail != no_id ? "; going to '" + node_name(p, p.nodes[e.node].on_fail) + "'" : std::string());
    case TraceKind::corrected:
        return "the host changed " + slot() + " at '" + node + "', known " + since() +
               ": branches taken since may have rested on the old value; the conversation stays where it is";
    case TraceKind::dropped:
        return "restored on a new version of the library: the remembered value of " +
               (e.subject == no_id ? std::string("a slot it no longer declares") : slot()) + " was dropped, as it no longer fits";
    case TraceKind::locale_switched: return "the customer's language changed at '" + node + "'";  // the session names the tags (entry_of)
    case TraceKind::cleared: return "the host cleared " + slot() + (e.node == no_id ? std::string() : " at '" + node + "'");
    }
    return {};
}

}  // namespace parley::detail
