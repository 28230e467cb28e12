// Snapshot encoding (docs/embedding.md, "Sessions that outlive the process").
//
// Layout, version 1: "PRLY", a format byte, then varints and length-prefixed strings:
//   string table | scripts (name, fingerprint) | library fingerprint | nodes (script, name, kind, subject)
//   | the state, every reference an index into those tables | optional trace | FNV-1a 32 checksum.
// Names make a snapshot portable across builds and script versions; the tables keep it small (a
// slot or node name is written once however often it is referred to).
#include "engine/snapshot.hpp"

#include <cmath>
#include <cstring>
#include <unordered_map>

#include "common/diagnostics.hpp"
#include "engine/render.hpp"
#include "engine/restore.hpp"

namespace parley::detail {

namespace {

std::uint32_t checksum(std::string_view bytes) {
    std::uint32_t h = 2166136261u;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 16777619u;
    }
    return h;
}

/// Collects names into tables while the body is written, then writes tables + body.
class Writer {
public:
    // Every string written is the program's or the state's, alive until finish(): the tables hold views.
    explicit Writer(const Program& p, std::size_t expected_size) : p_(p) {
        body_.reserve(expected_size);
        string_ids_.reserve(64);
    }

    void varint(std::uint64_t v) {
        while (v >= 0x80) {
            body_.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        body_.push_back(static_cast<char>(v));
    }
    void byte(std::uint8_t b) { body_.push_back(static_cast<char>(b)); }
    void fixed64(std::uint64_t v) {
        for (int i = 0; i < 8; ++i) byte(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    void str(std::string_view s) { varint(intern(s)); }
    void node(Id node) { varint(node == no_id ? 0 : node_index(node) + 1); }
    void value(const Val& v, const SlotDecl& slot);

    std::string finish(std::uint64_t library_fingerprint);

private:
    std::uint32_t intern(std::string_view s) {
        auto [it, fresh] = string_ids_.emplace(s, static_cast<std::uint32_t>(strings_.size()));
        if (fresh) strings_.push_back(s);
        return it->second;
    }
    std::uint32_t script_index(Id script) {
        auto [it, fresh] = script_ids_.emplace(script, static_cast<std::uint32_t>(scripts_.size()));
        if (fresh) scripts_.push_back(script);
        return it->second;
    }
    std::uint32_t node_index(Id node) {
        auto [it, fresh] = node_ids_.emplace(node, static_cast<std::uint32_t>(nodes_.size()));
        if (fresh) nodes_.push_back(node);
        return it->second;
    }

    const Program& p_;
    std::string body_;
    std::vector<std::string_view> strings_;
    std::unordered_map<std::string_view, std::uint32_t> string_ids_;
    std::vector<Id> scripts_, nodes_;
    std::unordered_map<Id, std::uint32_t> script_ids_, node_ids_;
};

void Writer::value(const Val& v, const SlotDecl& slot) {
    switch (v.type) {
    case SlotType::boolean: return byte(v.boolean ? 1 : 0);
    case SlotType::choice: return str(slot.choices[v.choice]);
    case SlotType::text: return str(v.text);
    case SlotType::number: {
        std::uint64_t bits;
        std::memcpy(&bits, &v.number, sizeof bits);
        return fixed64(bits);
    }
    }
}

std::string Writer::finish(std::uint64_t library_fingerprint) {
    // Nodes name their script and subject, so those enter the tables before the tables are written.
    std::vector<std::uint32_t> node_rows;
    for (Id n : nodes_) {
        const Node& node = p_.nodes[n];
        node_rows.push_back(script_index(node.script));
        node_rows.push_back(intern(node.name));
        node_rows.push_back(intern(to_string(node.kind)));
        node_rows.push_back(intern(subject_name(p_, node)));
    }
    std::vector<std::uint32_t> script_names;
    for (Id script : scripts_) script_names.push_back(intern(p_.scripts[script].name));
    std::string body = std::move(body_);
    body_ = std::string();
    body_.reserve(body.size() * 2 + 64);
    body_.append(snapshot_magic, sizeof snapshot_magic);
    byte(snapshot_format);
    varint(strings_.size());
    for (std::string_view s : strings_) {
        varint(s.size());
        body_.append(s);
    }
    varint(scripts_.size());
    for (std::size_t i = 0; i < scripts_.size(); ++i) {
        varint(script_names[i]);
        fixed64(p_.scripts[scripts_[i]].fingerprint);
    }
    fixed64(library_fingerprint);
    varint(nodes_.size());
    for (std::uint32_t v : node_rows) varint(v);
    body_ += body;
    std::uint32_t sum = checksum(body_);
    for (int i = 0; i < 4; ++i) byte(static_cast<std::uint8_t>(sum >> (8 * i)));
    return std::move(body_);
}

void write_event(Writer& w, const Event& e) {
    w.byte(static_cast<std::uint8_t>(e.kind));
    w.varint(e.turn);
    w.node(e.node);
    w.varint(e.subject == no_id ? 0 : std::uint64_t(e.subject) + 1);
    w.node(e.ref_node);
    w.varint(e.ref_turn);
    w.byte(static_cast<std::uint8_t>(e.ref_source));
    w.byte(e.stored_detail());
}

enum Flag : std::uint8_t {
    flag_waiting = 1, flag_cancel_requested = 2, flag_cancelling = 4, flag_escalating = 8, flag_record_path = 16,
    flag_trace = 32
};

}  // namespace

std::string encode_snapshot(const SessionCore& core, bool with_trace) {
    const Program& p = *core.program;
    const State& s = core.state;
    Writer w(p, 64 + 24 * (s.facts.size() + s.done.size()));
    w.str(core.locale);
    w.str(core.correlation_id);
    w.byte(static_cast<std::uint8_t>((s.waiting ? flag_waiting : 0) | (s.cancel_requested ? flag_cancel_requested : 0) |
                                     (s.cancelling ? flag_cancelling : 0) | (s.escalating ? flag_escalating : 0) |
                                     (s.record_path ? flag_record_path : 0) | (with_trace ? flag_trace : 0)));
    w.byte(static_cast<std::uint8_t>(s.outcome));
    w.node(s.at);
    w.varint(s.call_stack.size());
    for (Id n : s.call_stack) w.node(n);
    w.varint(s.turn);
    w.varint(s.attempts);
    w.varint(s.offers_after_cancel);
    w.varint(s.facts.size());
    for (const Fact& f : s.facts) {
        const SlotDecl& slot = p.slots[f.slot];
        w.str(slot.name);
        w.byte(static_cast<std::uint8_t>(f.value.type));
        w.value(f.value, slot);
        w.byte(static_cast<std::uint8_t>(f.source));
        w.node(f.node);
        w.varint(f.turn);
    }
    w.varint(s.done.size());
    for (const DoneAction& d : s.done) {
        w.str(p.actions[d.action]);
        w.byte(static_cast<std::uint8_t>(d.source));
        w.node(d.node);
        w.varint(d.turn);
    }
    w.varint(s.answered_action_questions.size());
    for (Id n : s.answered_action_questions) w.node(n);
    w.varint(s.offers.size());
    for (const OfferMade& o : s.offers) {
        w.node(o.node);
        w.byte(static_cast<std::uint8_t>(o.accepted + 1));
        w.varint(o.turn);
    }
    w.varint(s.says.size());
    for (Id n : s.says) w.node(n);
    w.varint(s.interventions.size());
    for (const Event& e : s.interventions) write_event(w, e);
    w.varint(s.signals.size());
    for (Id e : s.signals) w.str(event_name(p, e));
    w.varint(s.path.size());
    for (const State::Step& step : s.path) {
        w.node(step.node);
        w.varint(static_cast<std::uint64_t>(step.branch + 1));
    }
    if (with_trace) {
        const auto& ring = core.trace;
        w.varint(ring.size());
        for (std::size_t i = 0; i < ring.size(); ++i) write_event(w, ring[(core.trace_next + i) % ring.size()]);
    }
    return w.finish(p.fingerprint);
}

std::unique_ptr<SessionCore> decode_snapshot(const std::shared_ptr<const Program>& program, std::string_view bytes,
                                             std::vector<Diagnostic>& problems) {
    auto bad = [&](Rule rule, std::string message) {
        problems.push_back(make_diagnostic(rule, {}, std::move(message)));
        return nullptr;
    };
    if (bytes.size() < sizeof snapshot_magic + 1 || std::memcmp(bytes.data(), snapshot_magic, sizeof snapshot_magic) != 0)
        return bad(Rule::snapshot_foreign, "these bytes are not a parley session snapshot");
    auto format = static_cast<unsigned char>(bytes[sizeof snapshot_magic]);
    if (format != snapshot_format)
        return bad(Rule::snapshot_version, "snapshot format " + std::to_string(format) + " is not one this library reads (it reads " +
                                           std::to_string(snapshot_format) + ")");
    if (bytes.size() < sizeof snapshot_magic + 5) return bad(Rule::snapshot_corrupt, "the snapshot is truncated");
    std::string_view content = bytes.substr(0, bytes.size() - 4);
    std::uint32_t stored = 0;
    for (int i = 0; i < 4; ++i)
        stored |= std::uint32_t(static_cast<unsigned char>(bytes[bytes.size() - 4 + static_cast<std::size_t>(i)])) << (8 * i);
    if (checksum(content) != stored)
        return bad(Rule::snapshot_corrupt, "the snapshot's checksum does not match: it was truncated or changed");
    return restore_state(program, content.substr(sizeof snapshot_magic + 1), problems);
}

}  // namespace parley::detail
