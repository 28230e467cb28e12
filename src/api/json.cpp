// JSON for hosts (parley/json.hpp), written by hand so the public headers and the library need no
// JSON dependency. Strings go through append_json_string, so any bytes give valid JSON.
#include "parley/json.hpp"

#include <algorithm>
#include <cmath>

#include "common/text.hpp"
#include "model/dates.hpp"
#include "model/values.hpp"

namespace parley {

namespace {

// Appends one JSON object's members to `out`, separated by commas; closed by its destructor.
class Object {
public:
    explicit Object(std::string& out) : out_(out) { out_ += '{'; }
    ~Object() { out_ += '}'; }
    Object(const Object&) = delete;
    Object& operator=(const Object&) = delete;

    /// Starts a member whose value the caller appends to the returned string.
    std::string& key(std::string_view name) {
        if (!first_) out_ += ',';
        first_ = false;
        quoted(out_, name);
        out_ += ':';
        return out_;
    }
    void text(std::string_view name, std::string_view value) { quoted(key(name), value); }
    void whole(std::string_view name, long long value) { key(name) += std::to_string(value); }
    void boolean(std::string_view name, bool value) { key(name) += value ? "true" : "false"; }

    static void quoted(std::string& out, std::string_view s) {
        out += '"';
        detail::append_json_string(out, s);
        out += '"';
    }

private:
    std::string& out_;
    bool first_ = true;
};

void append_value(std::string& out, const Value& v) {
    if (v.is_boolean()) out += v.as_boolean() ? "true" : "false";
    else if (v.is_text()) Object::quoted(out, v.as_text());
    else if (std::isfinite(v.as_number())) detail::append_number(out, v.as_number());
    else out += "null";  // JSON has no infinity; a session never holds one (docs/format.md, "Numbers")
}

template <class List, class Each>
void append_array(std::string& out, const List& list, Each&& each) {
    out += '[';
    bool first = true;
    for (const auto& item : list) {
        if (!first) out += ',';
        first = false;
        each(out, item);
    }
    out += ']';
}

void append_slot(std::string& out, const SlotInfo& slot) {
    Object j(out);
    if (slot.type == SlotType::choice)
        append_array(j.key("choices"), slot.choices, [](std::string& o, const Choice& c) {
            Object choice(o);
            choice.text("label", c.label);
            choice.text("name", c.name);
        });
    if (!slot.description.empty()) j.text("description", slot.description);
    if (slot.type == SlotType::date) {  // a date slot's bounds as dates: "2027-07-01"
        if (slot.max) j.text("max", detail::iso_date(static_cast<std::int32_t>(*slot.max)));
        if (slot.min) j.text("min", detail::iso_date(static_cast<std::int32_t>(*slot.min)));
    } else {
        if (slot.max) detail::append_number(j.key("max"), *slot.max);
        if (slot.min) detail::append_number(j.key("min"), *slot.min);
    }
    j.text("name", slot.name);
    j.boolean("prefill", slot.prefill);
    j.text("type", to_string(slot.type));
}

// Members are written in the order of their names, as parley run --json always wrote them.
void append_utterance(std::string& out, const Utterance& u, const Summary* handoff) {
    Object j(out);
    if (u.kind != Utterance::Kind::say && u.kind != Utterance::Kind::end) j.whole("attempt", u.attempt);
    if (!u.choices.empty() || u.multi_select)
        append_array(j.key("choices"), u.choices, [](std::string& o, std::string_view c) { Object::quoted(o, c); });
    if (u.expects) append_slot(j.key("expects"), *u.expects);
    if (u.fell_back) j.text("fell_back_to", u.locale);
    if (!u.hint.empty()) j.text("hint", u.hint);
    if (!u.labels.empty())
        append_array(j.key("labels"), u.labels, [](std::string& o, std::string_view c) { Object::quoted(o, c); });
    if (u.kind == Utterance::Kind::lookup) j.text("lookup", u.lookup);
    if (u.multi_select) j.boolean("multi_select", true);
    j.text("node", u.node);
    if (u.kind == Utterance::Kind::offer) j.text("offer_kind", to_string(u.offer_kind));
    if (u.kind == Utterance::Kind::end) j.text("outcome", to_string(u.outcome));
    j.text("script", u.script);
    if (!u.slot.empty()) j.text("slot", u.slot);
    if (handoff) j.key("summary") += to_json(*handoff);
    j.text("text", u.text);
    j.text("type", to_string(u.kind));
}

void append_trace_entry(std::string& out, const TraceEntry& e) {
    Object j(out);
    j.text("kind", to_string(e.kind));
    j.text("message", e.message);
    j.text("node", e.node);
    if (!e.policy.empty()) j.text("policy", e.policy);
    j.text("script", e.script);
    j.whole("turn", e.turn);
}

// The facts by slot name, one per slot (the last, for a host's summary that names a slot twice).
std::vector<const Summary::Fact*> facts_by_slot(const Summary& s) {
    std::vector<const Summary::Fact*> out;
    for (const Summary::Fact& f : s.facts) out.push_back(&f);
    std::stable_sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->slot < b->slot; });
    auto last_of_each = std::unique(out.rbegin(), out.rend(), [](auto* a, auto* b) { return a->slot == b->slot; });
    out.erase(out.begin(), last_of_each.base());
    return out;
}

}  // namespace

std::string to_json(const Utterance& utterance) {
    std::string out;
    append_utterance(out, utterance, nullptr);
    return out;
}

std::string to_json(const Utterance& end, const Summary& handoff) {
    std::string out;
    append_utterance(out, end, &handoff);
    return out;
}

std::string to_json(const Turn& turn) {
    std::string out;
    {
        Object j(out);
        append_array(j.key("messages"), turn.messages,
                     [](std::string& o, const Utterance& u) { append_utterance(o, u, nullptr); });
        append_utterance(j.key("prompt"), turn.prompt, nullptr);
    }
    return out;
}

std::string to_json(const SlotInfo& slot) {
    std::string out;
    append_slot(out, slot);
    return out;
}

std::string to_json(const Summary& s) {
    std::string out;
    {
        Object j(out);
        append_array(j.key("actions_done"), s.actions_done,
                     [](std::string& o, const Summary::Action& a) { Object::quoted(o, a.action); });
        append_array(j.key("actions_failed"), s.actions_failed, [](std::string& o, const Summary::Action& a) {
            Object f(o);
            f.text("action", a.action);
            f.text("node", a.node);
            f.text("script", a.script);
            f.whole("turn", a.turn);
        });
        append_array(j.key("answers"), s.answers, [](std::string& o, const Summary::Answer& a) {
            Object answer(o);
            if (a.status != Summary::AnswerStatus::current) answer.whole("ended_turn", a.ended_turn);
            answer.text("node", a.node);
            answer.text("script", a.script);
            answer.text("slot", a.slot);
            answer.text("source", to_string(a.source));
            answer.text("status", to_string(a.status));
            answer.whole("turn", a.turn);
            append_value(answer.key("value"), a.value);
        });
        j.whole("answers_dropped", s.answers_dropped);
        j.boolean("cancel_requested", s.cancel_requested);
        {
            Object facts(j.key("facts"));
            for (const Summary::Fact* f : facts_by_slot(s)) {
                Object fact(facts.key(f->slot));
                fact.text("node", f->node);
                fact.text("script", f->script);
                fact.text("source", to_string(f->source));
                fact.whole("turn", f->turn);
                append_value(fact.key("value"), f->value);
            }
        }
        j.text("locale", s.locale);
        append_array(j.key("locale_switches"), s.locale_switches, [](std::string& o, const Summary::LocaleSwitch& sw) {
            Object l(o);
            l.text("from", sw.from);
            l.text("node", sw.node);
            l.text("script", sw.script);
            l.text("to", sw.to);
            l.whole("turn", sw.turn);
        });
        j.whole("locale_switches_made", s.locale_switches_made);
        j.text("node", s.node);
        append_array(j.key("offers"), s.offers, [](std::string& o, const Summary::Offer& offer) {
            Object p(o);
            p.key("accepted") += !offer.accepted ? "null" : *offer.accepted ? "true" : "false";
            p.text("kind", to_string(offer.kind));
            p.text("node", offer.node);
            p.text("script", offer.script);
            p.whole("turn", offer.turn);
        });
        j.text("outcome", to_string(s.outcome));
        append_array(j.key("policies"), s.interventions, [](std::string& o, const Summary::Intervention& i) {
            Object p(o);
            p.text("message", i.message);
            p.text("policy", i.policy);
            p.whole("turn", i.turn);
        });
        j.whole("policies_acted", s.interventions_made);
        j.text("script", s.script);
        append_array(j.key("signals"), s.signals, [](std::string& o, const std::string& sig) { Object::quoted(o, sig); });
        j.whole("signals_received", s.signals_received);
        append_array(j.key("steps"), s.steps, [](std::string& o, const Summary::Step& st) {
            Object step(o);
            step.text("action", st.action);
            step.text("node", st.node);
            step.text("script", st.script);
            step.text("source", to_string(st.source));
            step.text("status", to_string(st.status));
            step.whole("turn", st.turn);
        });
        j.whole("steps_dropped", s.steps_dropped);
        j.whole("turns", s.turns);
    }
    return out;
}

std::string to_json(const TraceEntry& entry) {
    std::string out;
    append_trace_entry(out, entry);
    return out;
}

std::string to_json(const std::vector<TraceEntry>& trace) {
    std::string out;
    append_array(out, trace, append_trace_entry);
    return out;
}

}  // namespace parley
