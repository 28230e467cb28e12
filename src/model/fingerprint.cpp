// Content fingerprints (FNV-1a, 64 bits) over a canonical walk of the compiled program: names, not
// ids, so the fingerprint of a script does not change when another script is added to the library.
#include "model/fingerprint.hpp"

#include <cstring>

namespace parley::detail {

namespace {

class Hasher {
public:
    void bytes(const void* data, std::size_t size) {
        const auto* b = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < size; ++i) {
            h_ ^= b[i];
            h_ *= 0x100000001b3ULL;
        }
    }
    void number(std::uint64_t v) { bytes(&v, sizeof v); }
    void real(double v) {
        std::uint64_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        number(bits);
    }
    // Length first, so ("ab", "c") and ("a", "bc") differ.
    void text(std::string_view s) {
        number(s.size());
        bytes(s.data(), s.size());
    }
    std::uint64_t value() const { return h_; }

private:
    std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

struct ScriptHasher {
    const Program& p;
    Hasher h;

    void node_ref(Id node) {
        if (node == no_id) return h.text("");
        h.text(p.scripts[p.nodes[node].script].name);
        h.text(p.nodes[node].name);
    }
    void slot(Id id) {
        if (id == no_id) return h.text("");
        const SlotDecl& s = p.slots[id];
        h.text(s.name);
        h.number(static_cast<std::uint64_t>(s.type));
        h.number(s.choices.size());
        for (const auto& c : s.choices) h.text(c);
        h.number(s.has_min * 2 + s.has_max);
        h.real(s.min);
        h.real(s.max);
        if (s.min_today || s.max_today) h.number(s.min_today * 2 + s.max_today);  // a date slot's bounds from today
        h.number(s.prefill);
    }
    void value(const Val& v) {
        h.number(static_cast<std::uint64_t>(v.type));
        h.number(v.boolean);
        h.real(v.number);
        h.number(v.choice);
        h.text(v.text);
    }
    void text(Id id) {
        if (id == no_id) return h.text("");
        const Text& t = p.texts[id];
        h.number(t.variants.size());
        for (const auto& variant : t.variants) {
            h.text(variant.locale);
            h.number(variant.segments.size());
            for (const auto& seg : variant.segments) {
                h.text(seg.literal);
                h.text(seg.slot == no_id ? std::string_view() : std::string_view(p.slots[seg.slot].name));
            }
        }
    }
    void action(Id id) { h.text(id == no_id ? std::string_view() : std::string_view(p.actions[id])); }

    void node(const Node& n) {
        h.text(n.name);
        h.number(static_cast<std::uint64_t>(n.kind));
        text(n.text);
        text(n.hint);
        if (n.step_say != no_id) text(n.step_say);  // only where written: other nodes hash as they did
        slot(n.slot);
        action(n.action);
        h.number(n.action_choices.size());
        for (Id a : n.action_choices) action(a);
        h.number(static_cast<std::uint64_t>(n.offer_kind));
        h.number(static_cast<std::uint64_t>(n.outcome));
        h.number(n.is_return);
        h.text(n.callee == no_id ? std::string_view() : std::string_view(p.scripts[n.callee].name));
        h.text(n.lookup_key);
        h.number(n.next.size());
        for (const Branch& b : n.next) {
            h.text(b.condition == no_id ? std::string_view() : std::string_view(p.conditions[b.condition].source));
            node_ref(b.target);
        }
        h.number(n.set.size());
        for (const Assignment& a : n.set) {
            slot(a.slot);
            value(a.value);
        }
        h.number(n.forget.size());
        for (Id s : n.forget) slot(s);
        h.number(static_cast<std::uint64_t>(n.max_attempts));
        node_ref(n.on_fail);
        if (n.on_unknown != no_id) {  // only when written, so scripts without it keep their fingerprints
            h.text("on_unknown");
            node_ref(n.on_unknown);
        }
        h.number(n.repeat);
        h.text(n.reason);
        h.text(n.promise == no_id ? std::string_view() : std::string_view(p.policies.capabilities[n.promise]));
        h.number(n.tone_apology);
    }
};

}  // namespace

std::uint64_t script_fingerprint(const Program& p, Id script) {
    const Script& s = p.scripts[script];
    ScriptHasher sh{p, {}};
    sh.h.text(s.name);
    sh.h.text(s.locale);
    sh.node_ref(s.start);
    for (Id i = s.first_node; i < s.first_node + s.node_count; ++i) sh.node(p.nodes[i]);
    return sh.h.value();
}

std::uint64_t library_fingerprint(const Program& p) {
    ScriptHasher sh{p, {}};
    for (const Script& s : p.scripts) {
        sh.h.text(s.name);
        sh.h.number(s.fingerprint);
    }
    const Policies& pol = p.policies;
    sh.h.number(pol.honor_cancellation);
    sh.h.number(static_cast<std::uint64_t>(pol.max_offers));
    sh.h.text(pol.cancel_script == no_id ? std::string_view() : std::string_view(p.scripts[pol.cancel_script].name));
    sh.node_ref(pol.cancel_node);
    sh.h.number(pol.no_upsell_after_cancel);
    sh.h.number(pol.escalate_on_request);
    sh.node_ref(pol.escalation_node);
    sh.h.number(static_cast<std::uint64_t>(pol.max_turns));
    sh.slot(pol.contact_slot);
    sh.h.real(pol.contact_threshold);
    sh.h.number(pol.closing_courtesy);
    for (const auto& phrase : pol.pleasantries) sh.h.text(phrase);
    for (const auto& l : pol.pleasantry_locales) sh.h.text(l);
    // What replies mean and what the engine says: words, texts, labels (model/lexicon.hpp).
    for (const auto& w : pol.words) {
        sh.h.text(w.locale);
        sh.h.number(static_cast<std::uint64_t>(w.cls));
        sh.h.text(w.word);
    }
    for (const auto& t : pol.texts) {
        sh.h.number(static_cast<std::uint64_t>(t.id));
        sh.h.text(t.locale);
        sh.h.text(t.text);
    }
    auto labels = [&](const Labels& l) {
        for (const auto& [locale, label] : l.by_locale) {
            sh.h.text(locale);
            sh.h.text(label);
        }
        for (const auto& also : l.also) sh.h.text(also);
    };
    for (const SlotDecl& d : p.slots)
        for (const Labels& l : d.words) labels(l);
    for (const Labels& l : p.action_labels) labels(l);
    for (const auto& c : pol.capabilities) sh.h.text(c);
    for (const auto& l : pol.locales) sh.h.text(l);
    for (const auto& e : pol.events) {
        sh.h.text(e.name);
        sh.node_ref(e.target);
    }
    sh.h.number(static_cast<std::uint64_t>(p.default_max_attempts));
    sh.h.number(static_cast<std::uint64_t>(p.max_call_depth));
    return sh.h.value();
}

void compute_fingerprints(Program& p) {
    for (Id i = 0; i < p.scripts.size(); ++i) p.scripts[i].fingerprint = script_fingerprint(p, i);
    p.fingerprint = library_fingerprint(p);
}

std::string fingerprint_hex(std::uint64_t fingerprint) {
    static const char digits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, fingerprint >>= 4) out[static_cast<std::size_t>(i)] = digits[fingerprint & 15];
    return out;
}

}  // namespace parley::detail
