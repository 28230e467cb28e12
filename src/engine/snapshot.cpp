// Snapshot encoding (docs/embedding.md, "Sessions that outlive the process").
//
// Layout, format 4 (integers are LEB128 varints unless said otherwise; fixed64 is 8 bytes, little-endian):
//   "PRLY" | format byte
//   header: library fingerprint (fixed64) | script count | per script: name (length, bytes), fingerprint (fixed64)
//   body:   locale, correlation id (length, bytes) | flags byte (layout::Flag) | outcome byte
//           | turn | attempts (unclear replies to the current prompt) | repeats (format 4: the free "say that
//           again"s used at it; format 3 packed them above the low 16 bits of attempts, format 2 had none)
//           | offers after cancel | signals dropped | interventions dropped | path dropped
//           | trace capacity | current node | call stack | facts | done actions | answered action questions
//           | offers | messages to say | interventions | signals | path
//           | failed actions (format 3: the actions the customer could not do)
//           | trace (when flagged)
//           | history (format 3; see encode_history)
//           | locale switches (format 4): switches not kept | per switch kept: from, to (text), turn, node
//   FNV-style checksum of all that (4 bytes, snapshot_checksum).
// Names make a snapshot portable across builds and script versions, and are written once: a name
// reference is 2i+1 for the i-th name written so far, or 2n followed by a new name of n bytes. A node
// reference is 0 (none), 2r+1 for the r-th node described so far, or 2k+2 followed by a new node of
// script k: its name, kind and subject (the slot, action or callee that gives it its meaning). A fact
// learned at the one node of its script that asks its slot says so in its tag byte (layout::where_asker),
// with no node reference at all: restored, it is that script's asker of the slot, on any version.
#include "engine/snapshot.hpp"

#include <cmath>
#include <cstring>
#include <functional>

#include "engine/render.hpp"
#include "engine/restore.hpp"

namespace parley::detail {

std::uint32_t snapshot_checksum(std::string_view bytes) {
    // FNV-1a's step over 8-byte words (then the tail and the length), folded to 32 bits: every
    // changed bit changes the result, at a quarter of the cost of going byte by byte.
    constexpr std::uint64_t prime = 1099511628211ull;
    std::uint64_t h = 14695981039346656037ull;
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t n = bytes.size(), i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t word = 0;
        for (int b = 0; b < 8; ++b) word |= std::uint64_t(p[i + static_cast<std::size_t>(b)]) << (8 * b);
        h = (h ^ word) * prime;
    }
    for (; i < n; ++i) h = (h ^ p[i]) * prime;
    h = (h ^ n) * prime;
    return static_cast<std::uint32_t>(h ^ (h >> 32));
}

namespace {

/// Keys to the small indexes of one snapshot (names by address, nodes by id). Open addressing,
/// emptied by a generation counter rather than a sweep; kept per thread, so a snapshot allocates
/// only while the table grows.
class IndexTable {
public:
    void reset() {
        if (slots_.empty()) slots_.resize(64);
        if (++generation_ == 0) {  // wrapped: stale entries could look current
            for (Slot& s : slots_) s.generation = 0;
            generation_ = 1;
        }
        size_ = 0;
    }
    /// The index recorded for `key`, or none after recording `fresh` for it.
    std::uint32_t find_or_add(std::uint64_t key, std::uint32_t fresh, bool& found) {
        if (2 * (size_ + 1) > slots_.size()) grow();
        Slot* s = probe(key);
        found = s->generation == generation_;
        if (found) return s->value;
        *s = Slot{key, fresh, generation_};
        ++size_;
        return fresh;
    }

private:
    struct Slot {
        std::uint64_t key = 0;
        std::uint32_t value = 0;
        std::uint32_t generation = 0;
    };
    Slot* probe(std::uint64_t key) {
        std::size_t mask = slots_.size() - 1;
        std::size_t i = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 32) & mask;
        while (slots_[i].generation == generation_ && slots_[i].key != key) i = (i + 1) & mask;
        return &slots_[i];
    }
    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        for (const Slot& s : old)
            if (s.generation == generation_) *probe(s.key) = s;
    }
    std::vector<Slot> slots_;  // a power of two in size
    std::uint32_t generation_ = 0;
    std::size_t size_ = 0;
};

/// What one thread reuses from snapshot to snapshot.
struct WriterScratch {
    std::string body;
    IndexTable names, nodes;           // a name's hash, a node's id -> its index below
    std::vector<std::string_view> written;  // the names written, in order (the program's, alive meanwhile)
    std::vector<Id> scripts;
};

/// Writes the body into the thread's buffer, noting the scripts it refers to, then header + body.
class Writer {
public:
    explicit Writer(const Program& p) : p_(p), s_(scratch()) {
        s_.body.clear();
        s_.names.reset();
        s_.nodes.reset();
        s_.written.clear();
        s_.scripts.clear();
    }

    void varint(std::uint64_t v) { put_varint(s_.body, v); }
    void byte(std::uint8_t b) { s_.body.push_back(static_cast<char>(b)); }
    void text(std::string_view s) {
        varint(s.size());
        s_.body.append(s);
    }
    /// A name (of a slot, node, choice...): a reference to the same name written before, or the name.
    void name(std::string_view s) {
        bool found;
        auto fresh = static_cast<std::uint32_t>(s_.written.size());
        std::uint32_t i = s_.names.find_or_add(std::hash<std::string_view>()(s), fresh, found);
        if (found && s_.written[i] == s) return varint(2 * std::uint64_t(i) + 1);
        s_.written.push_back(s);  // (on a hash collision, written again: the reader numbers it all the same)
        varint(2 * std::uint64_t(s.size()));
        s_.body.append(s);
    }
    void node(Id n) {
        if (n == no_id) return varint(0);
        bool found;
        std::uint32_t row = s_.nodes.find_or_add(n, nodes_, found);
        if (found) return varint(2 * std::uint64_t(row) + 1);
        ++nodes_;
        const Node& node = p_.nodes[n];
        varint(2 * std::uint64_t(script(node.script)) + 2);
        name(node.name);
        name(to_string(node.kind));
        name(subject_name(p_, node));
    }
    std::uint32_t script(Id script) {
        for (std::size_t i = 0; i < s_.scripts.size(); ++i)
            if (s_.scripts[i] == script) return static_cast<std::uint32_t>(i);
        s_.scripts.push_back(script);
        return static_cast<std::uint32_t>(s_.scripts.size() - 1);
    }

    void fact(const Fact& f, const ValView& v);
    void event(const Event& e);
    std::string finish(std::uint64_t library_fingerprint) const;

private:
    static WriterScratch& scratch() {
        static thread_local WriterScratch s;
        return s;
    }
    static void put_varint(std::string& out, std::uint64_t v) {
        while (v >= 0x80) {
            out.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        out.push_back(static_cast<char>(v));
    }
    static void put_fixed64(std::string& out, std::uint64_t v) {
        for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
    }

    const Program& p_;
    WriterScratch& s_;
    std::uint32_t nodes_ = 0;
};

// An integer-valued number as a zigzag varint (1 or 2 bytes for most), anything else as its 8 bytes.
bool small_integer(double v) {
    return std::fabs(v) < 9007199254740992.0 && v == std::floor(v) && !(v == 0 && std::signbit(v));  // (-0 keeps its sign)
}

void Writer::fact(const Fact& f, const ValView& v) {
    const SlotDecl& slot = p_.slots[f.slot];
    name(slot.name);
    std::uint8_t where = layout::where_none;
    std::uint32_t asker_script = 0;
    if (f.node != no_id) {
        const Node& n = p_.nodes[f.node];
        where = layout::where_node;
        if (n.slot == f.slot && p_.sole_asker(n.script, f.slot) == f.node) {
            asker_script = script(n.script);
            if (asker_script < layout::where_asker_scripts)
                where = static_cast<std::uint8_t>(layout::where_asker + asker_script);
        }
    }
    // A date is written as the number of its day: its slot's type gives the date back on restore.
    const SlotType type = v.type == SlotType::date ? SlotType::number : v.type;
    bool flag = (v.type == SlotType::boolean && v.boolean) || (type == SlotType::number && small_integer(v.number));
    byte(static_cast<std::uint8_t>(static_cast<unsigned>(type) | static_cast<unsigned>(f.source) << 2 |
                                   (flag ? layout::fact_flag : 0) | where << layout::where_shift));
    switch (type) {
    case SlotType::boolean: break;
    case SlotType::choice: name(slot.choices[v.choice]); break;
    case SlotType::text: text(v.text); break;
    case SlotType::date: break;  // written as a number (above)
    case SlotType::number:
        if (flag) {
            auto i = static_cast<std::int64_t>(v.number);
            varint((static_cast<std::uint64_t>(i) << 1) ^ static_cast<std::uint64_t>(i >> 63));
        } else {
            std::uint64_t bits;
            std::memcpy(&bits, &v.number, sizeof bits);
            put_fixed64(s_.body, bits);
        }
        break;
    }
    if (where == layout::where_node) node(f.node);
    varint(f.turn);
}

void Writer::event(const Event& e) {
    byte(static_cast<std::uint8_t>(e.kind));
    varint(e.turn);
    node(e.node);
    varint(e.subject == no_id ? 0 : std::uint64_t(e.subject) + 1);
    node(e.ref_node);
    varint(e.ref_turn);
    byte(static_cast<std::uint8_t>(e.ref_source));
    byte(e.stored_detail());
}

std::string Writer::finish(std::uint64_t library_fingerprint) const {
    std::string out;
    std::size_t names = 0;
    for (Id script : s_.scripts) names += p_.scripts[script].name.size() + 10;
    out.reserve(sizeof snapshot_magic + 1 + 9 + 1 + names + s_.body.size() + 4);
    out.append(snapshot_magic, sizeof snapshot_magic);
    out.push_back(static_cast<char>(snapshot_format));
    put_fixed64(out, library_fingerprint);
    put_varint(out, s_.scripts.size());
    for (Id script : s_.scripts) {
        const Script& s = p_.scripts[script];
        put_varint(out, s.name.size());
        out.append(s.name);
        put_fixed64(out, s.fingerprint);
    }
    out.append(s_.body);
    std::uint32_t sum = snapshot_checksum(out);
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(sum >> (8 * i)));
    return out;
}

// ---- Format 3: the handoff's history (Summary::answers, Summary::steps) ----
//   values retired before the ones kept | past values: per value, a fact as in `facts`, then the turn
//   it ended at and how (byte: Summary::AnswerStatus) | steps not kept | steps: per step, its action's
//   name, status (byte: Summary::StepStatus), source (byte), node, turn
void encode_history(Writer& w, const Program& p, const State& s) {
    w.varint(s.past_dropped);
    w.varint(s.past.size());
    for (const PastFact& past : s.past) {
        w.fact(past.fact, s.value(past.fact));
        w.varint(past.ended_turn);
        w.byte(static_cast<std::uint8_t>(past.how));
    }
    w.varint(s.steps_dropped);
    w.varint(s.steps.size());
    for (const StepRecord& r : s.steps) {
        w.name(p.actions[r.action]);
        w.byte(static_cast<std::uint8_t>(r.status));
        w.byte(static_cast<std::uint8_t>(r.source));
        w.node(r.node);
        w.varint(r.turn);
    }
}

}  // namespace

std::string encode_snapshot(const SessionCore& core, bool with_trace) {
    const Program& p = *core.program;
    const State& s = core.state;
    Writer w(p);
    w.text(core.locale);
    w.text(core.correlation_id());
    w.byte(static_cast<std::uint8_t>((s.waiting ? layout::waiting : 0) | (s.cancel_requested ? layout::cancel_requested : 0) |
                                     (s.cancelling ? layout::cancelling : 0) | (s.escalating ? layout::escalating : 0) |
                                     (s.record_path ? layout::record_path : 0) | (with_trace ? layout::trace : 0)));
    w.byte(static_cast<std::uint8_t>(s.outcome));
    for (std::uint64_t counter : {std::uint64_t(s.turn), std::uint64_t(s.attempts), std::uint64_t(s.repeats), std::uint64_t(s.offers_after_cancel),
                                  std::uint64_t(s.signals_dropped), std::uint64_t(s.interventions_dropped),
                                  std::uint64_t(s.path_dropped), std::uint64_t(core.trace_capacity)})
        w.varint(counter);
    w.node(s.at);
    w.varint(s.call_stack.size());
    for (Id n : s.call_stack) w.node(n);
    w.varint(s.facts.size());
    for (const Fact& f : s.facts) w.fact(f, s.value(f));
    w.varint(s.done.size());
    for (const DoneAction& d : s.done) {
        w.name(p.actions[d.action]);
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
    for (const Event& e : s.interventions) w.event(e);
    w.varint(s.signals.size());
    for (Id e : s.signals) w.name(event_name(p, e));
    w.varint(s.path.size());
    for (const State::Step& step : s.path) {
        w.node(step.node);
        w.varint(static_cast<std::uint64_t>(step.branch + 1));
    }
    // Format 3: the actions the customer could not do (name, the instruction, the turn).
    w.varint(s.failed.size());
    for (const FailedAction& f : s.failed) {
        w.name(p.actions[f.action]);
        w.node(f.node);
        w.varint(f.turn);
    }
    if (with_trace) {
        const auto& ring = core.trace;
        w.varint(ring.size());
        for (std::size_t i = 0; i < ring.size(); ++i) w.event(ring[(core.trace_next + i) % ring.size()]);
    }
    encode_history(w, p, s);
    w.varint(s.locale_switches_dropped);
    w.varint(s.locale_switches.size());
    for (const LocaleSwitch& change : s.locale_switches) {
        w.text(change.from);
        w.text(change.to);
        w.varint(change.turn);
        w.node(change.node);
    }
    return w.finish(p.fingerprint);
}

}  // namespace parley::detail
