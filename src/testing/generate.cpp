// Generated tests (include/parley/test_suite.hpp, docs/testing.md section 8): the state explorer
// lint uses (analysis/state_space.hpp) walks conversations through a script, from its start and
// from each fact a host may pre-fill, keeping paths until every branch it reaches is taken; then a
// cancel and a supervisor case at each prompt node of those paths. Each case is replayed through
// the public Session API and asserts what the engine does today, turn by turn.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include "analysis/state_space.hpp"
#include "common/diagnostics.hpp"
#include "common/locale.hpp"
#include "common/suggest.hpp"
#include "model/dates.hpp"
#include "model/lexicon.hpp"
#include "parley/test_suite.hpp"
#include "testing/library_access.hpp"

namespace parley::testing {

using namespace detail;

namespace {

// ---------------------------------------------------------------------------------------------
// YAML scalars

bool reserved_word(std::string_view s) {
    static const char* words[] = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"};
    for (const char* w : words) {
        std::string_view word(w);
        if (s.size() != word.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < s.size(); ++i)
            same = same && std::tolower(static_cast<unsigned char>(s[i])) == word[i];
        if (same) return true;
    }
    return false;
}

// A scalar as YAML: plain when that reads back as the same text (in a flow map when `flow`),
// else double-quoted.
std::string scalar(std::string_view s, bool flow = true) {
    bool plain = !s.empty() && !reserved_word(s) && s.front() != ' ' && s.back() != ' ' && s.back() != ':' &&
                 std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) == std::string_view::npos &&
                 s.find(": ") == std::string_view::npos && s.find(" #") == std::string_view::npos;
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || c == '"' || c == '\\' || (flow && std::string_view(",[]{}").find(c) != std::string_view::npos))
            plain = false;
    }
    if (plain) return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (u < 0x20 || u == 0x7f) {
            const char* hex = "0123456789abcdef";
            out += "\\x";
            out += hex[u >> 4];
            out += hex[u & 15];
        } else {
            out += c;
        }
    }
    return out + "\"";
}

// ---------------------------------------------------------------------------------------------
// what a case covers

/// Something a case can cover: a node entered, a branch taken, a prompt asked (not skipped), a
/// question given up on, a policy stepping in at a node, a lookup the host could not answer, an
/// instruction the customer could not do.
enum class ItemKind : std::uint8_t { node, branch, prompt, gave_up, policy, unknown, failed };
using Item = std::uint64_t;

Item item(ItemKind kind, Id node, std::uint32_t detail = 0) {
    return (std::uint64_t{static_cast<std::uint8_t>(kind)} << 56) | (std::uint64_t{node} << 24) | detail;
}

// What a step (or a start) covered, in the order it happened: the nodes entered and branches taken
// since `path_before`, the prompt it stopped at, each question given up on, each policy stepping in
// (an instruction skipped because it was done counts as no_repeat_instructions, as in the trace).
void add_items(const Program& p, const State& after, std::size_t path_before, const std::vector<Event>& events,
               std::vector<Item>& out) {
    for (std::size_t i = path_before; i < after.path.size(); ++i) {
        const State::Step& s = after.path[i];
        out.push_back(s.branch < 0 ? item(ItemKind::node, s.node) : item(ItemKind::branch, s.node, s.branch));
    }
    if (after.outcome == Outcome::none) out.push_back(item(ItemKind::prompt, after.at));
    for (const Event& e : events) {
        if (e.kind == TraceKind::gave_up) out.push_back(item(ItemKind::gave_up, e.node));
        if (e.kind == TraceKind::unknown) out.push_back(item(ItemKind::unknown, e.node));
        if (e.kind == TraceKind::failed) out.push_back(item(ItemKind::failed, e.node));
        if (e.kind == TraceKind::policy) out.push_back(item(ItemKind::policy, e.node, e.subject));
        if (e.kind == TraceKind::skipped && p.nodes[e.node].kind == NodeKind::instruct)
            out.push_back(item(ItemKind::policy, e.node, static_cast<Id>(PolicyId::no_repeat_instructions)));
    }
}

/// A conversation the search found: how it started, what was said, where it is, what it covered.
struct Walk {
    std::size_t start = 0;  ///< index in the search's starts
    HostSupply host;        ///< what the host supplied (closed: nothing else)
    std::vector<Input> inputs;
    State state;
    std::vector<Item> items;
};

// ---------------------------------------------------------------------------------------------
// conversations, as the public Session API shows them

/// What the session shows after a step (or at the start).
struct Seen {
    std::string script, node;  ///< the prompt (the end node once ended)
    Outcome outcome = Outcome::none;
    /// The trace entries of the step worth asserting: each `say` node passed, each node skipped
    /// because memory knew its answer, each question given up on, each policy that acted.
    std::vector<std::string> trace;
};

/// One step of a generated case, and what the session showed after it.
struct Step {
    TestTurn::Kind kind = TestTurn::Kind::reply;
    std::string text;   ///< the reply, or the event
    std::string label;  ///< for the case's name: "lights=orange"
    bool understood = true;
    Seen seen;
};

/// A walk replayed through a Session: what a case asserts.
struct Recorded {
    std::vector<std::pair<std::string, std::string>> prefill;  ///< slot, value as written
    std::vector<std::string> done;                             ///< actions done before the start
    std::string locale;                                        ///< empty: the script's own
    Seen start;
    std::vector<Step> steps;
    std::optional<Session> session;  ///< at the end
};

Seen observe(const Session& s) {
    Seen seen;
    Turn t = s.next();
    seen.script = std::string(t.prompt.script);
    seen.node = std::string(t.prompt.node);
    seen.outcome = s.outcome();
    for (const TraceEntry& e : s.trace()) {
        if (e.turn != s.turn()) continue;  // an earlier step's
        if (!e.policy.empty() || e.kind == TraceKind::said || e.kind == TraceKind::skipped || e.kind == TraceKind::gave_up ||
            e.kind == TraceKind::unknown || e.kind == TraceKind::failed)
            seen.trace.push_back(e.message);
    }
    return seen;
}

// The explorer answers in English ("yes", "none", "I couldn't"); a case in another locale says the same
// in that locale's words (the shipped ones first, then the library's), which a session there understands.
std::string reply_in_locale(const Program& p, const std::string& locale, const std::string& reply) {
    static const std::pair<std::string_view, WordClass> english[] = {
        {"yes", WordClass::yes}, {"no", WordClass::no}, {"none", WordClass::none}, {"done", WordClass::done},
        {couldnt_reply, WordClass::couldnt}};
    if (locale.empty()) return reply;
    for (const auto& [word, cls] : english) {
        if (reply != word) continue;
        for (std::string_view tag = lexicon_for(p, locale).locale; !tag.empty(); tag = parent_locale(tag)) {
            if (const auto& words = shipped_words(tag, cls); !words.empty()) return std::string(words.front());
            for (const Policies::WordEntry& w : p.policies.words)
                if (w.locale == tag && w.cls == cls) return w.word;
        }
    }
    return reply;
}

// Takes `in` in `s` and says what it showed.
Step observe_step(Session& s, const Input& in) {
    Step step;
    std::string before(s.next().prompt.node);
    if (in.is_signal) {
        step.kind = TestTurn::Kind::signal;
        step.text = in.text.substr(1);  // "!cancel"
        (void)s.signal(step.text);  // the explorer only offers events the library has
    } else if (in.host_unknown) {
        step.text = in.text;  // reply: "!unknown", as a test file writes the host's answer
        step.understood = s.fill_unknown(s.next().prompt.slot) == ReplyStatus::accepted;
    } else {
        step.text = in.text;
        step.understood = s.reply(in.text) == ReplyStatus::accepted;
    }
    std::string shown = in.is_signal || in.host_unknown ? in.text : !step.understood ? "(not understood)" : step.text.empty() ? "(empty)" : step.text;
    step.label = before + "=" + shown;
    step.seen = observe(s);
    return step;
}

// ---------------------------------------------------------------------------------------------
// the search

class Generator : StateSpace::Observer {
public:
    Generator(const Library& lib, const GenerateOptions& o)
        : lib_(lib), p_(LibraryAccess::program(lib)), o_(o), explorer_(p_, explore_options()), space_(explorer_, o.max_states, o.max_turns) {}

    Result<GeneratedTests> run(std::string_view script) {
        Id script_id = p_.find_script(script);
        if (script_id == no_id) {
            std::vector<std::string_view> names;
            for (const auto& s : p_.scripts) names.push_back(s.name);
            return Result<GeneratedTests>(std::vector<Diagnostic>{make_diagnostic(Rule::unknown_script, {},
                                                           "no script '" + std::string(script) + "' in the library",
                                                           did_you_mean(script, names))});
        }
        script_ = std::string(script);
        scope_ = {script_id};  // the script and the scripts it calls
        for (bool grew = true; grew;) {
            grew = false;
            for (const Node& n : p_.nodes)
                if (n.kind == NodeKind::call && scope_.count(n.script) && scope_.insert(n.callee).second) grew = true;
        }
        // First what the customer says, with what a host may supply tried where something reads it
        // (as lint explores: state_space.hpp's HostSupply).
        space_.enter({script_id}, *this);
        search();
        // Then, for branches still not taken, what memory makes of them: a fact known beforehand
        // (an offer declined on an earlier call) that the node asks or its conditions read.
        std::size_t first = space_.starts().size();
        for (Id slot : memory_slots())
            for (std::string& v : explorer_.candidates().for_slot(slot)) space_.add_start(script_id, {HostFact{slot, std::move(v)}}, *this);
        if (space_.starts().size() > first) search();
        // The conversations with nothing known beforehand first, each group shortest first.
        std::stable_partition(paths_.begin(), paths_.end(), [](const Walk& w) { return w.host.facts.empty() && w.host.done.empty(); });
        if (o_.signal_cases) signal_cases();
        declared_locale_cases(p_.scripts[script_id].locale);
        return write();
    }

private:
    // Replies only (the cancel and supervisor cases come after), and the session's own rules: the
    // turn budget applies, and each state records its path for coverage.
    static ExploreOptions explore_options() {
        ExploreOptions o;
        o.events = false;
        o.turn_budget = true;
        o.record_path = true;
        return o;
    }

    // Breadth first, so each path found is a shortest one. A state already seen is not explored
    // again unless its path took something no earlier path did.
    void search() {
        complete_ = space_.run(*this) && complete_;
        select();
    }

    // What the step covered that no state kept before did (the rest of its path's items were new
    // when the visits before it were kept).
    std::vector<Item> fresh_items(const StateSpace::Step& step) const {
        std::vector<Item> items, fresh;
        add_items(p_, step.after, step.from == StateSpace::npos ? 0 : space_[step.from].state.path.size(), step.events, items);
        for (Item i : items)
            if (!seen_items_.count(i) && std::find(fresh.begin(), fresh.end(), i) == fresh.end()) fresh.push_back(i);
        return fresh;
    }

    bool keep_again(const StateSpace::Step& step) override { return !fresh_items(step).empty(); }

    void reached(const StateSpace::Step& step, std::size_t to, bool added) override {
        if (!added) return;
        for (Item i : fresh_items(step)) {
            seen_items_.insert(i);
            item_order_.push_back(i);
            discovered_by_[i] = to;
        }
        if (step.after.outcome != Outcome::none) leaves_.push_back(to);
    }

    // A walk from start `start`, with what `host` supplied, through `inputs`, stepped again to see what it covers.
    Walk replay(std::size_t start, const HostSupply& host, const std::vector<Input>& inputs) {
        Walk w;
        w.start = start;
        w.host = host;
        w.host.closed = true;
        events_.clear();
        explorer_.start(space_.starts()[start].script, w.host, w.state, events_);
        add_items(p_, w.state, 0, events_, w.items);
        for (const Input& in : inputs) take(w, in);
        return w;
    }

    // One more input on `w`, and what it covered.
    void take(Walk& w, const Input& in) {
        std::size_t before = w.state.path.size();
        events_.clear();
        explorer_.step(w.state, in, events_);
        add_items(p_, w.state, before, events_, w.items);
        w.inputs.push_back(in);
    }

    // The walk by which the search reached `visit`.
    Walk walk_to(std::size_t visit) {
        std::vector<Input> inputs;
        for (const Input* in : space_.inputs_to(visit)) inputs.push_back(*in);
        return replay(space_[visit].start, space_[visit].host, inputs);
    }

    // The first conversation that ends, seen from the exploration that looks for it.
    struct FirstEnd : StateSpace::Observer {
        std::size_t from = StateSpace::npos;
        const Input* last = nullptr;
        void reached(const StateSpace::Step& step, std::size_t, bool) override {
            if (!last && step.input && step.after.outcome != Outcome::none) from = step.from, last = step.input;
        }
        bool satisfied() const override { return last != nullptr; }
    };

    // The shortest way on from `w` to the end of the conversation, if one is found in bounds.
    std::optional<Walk> finish(Walk w) {
        if (w.state.outcome != Outcome::none) return w;
        if (w.inputs.size() >= o_.max_turns) return std::nullopt;
        StateSpace rest(explorer_, std::max<std::size_t>(o_.max_states / 4, 1000), o_.max_turns - w.inputs.size());
        FirstEnd end;
        rest.add_start(w.state, w.host, end);
        rest.run(end);
        finish_states_ += rest.size();
        if (!end.last) return std::nullopt;
        for (const Input* in : rest.inputs_to(end.from)) take(w, *in);
        take(w, *end.last);
        return w;
    }

    // Whether `w` covers something no kept case does.
    bool adds(const Walk& w) const {
        return std::any_of(w.items.begin(), w.items.end(), [&](Item i) { return !covered_.count(i); });
    }

    void keep(Walk w, bool path) {
        covered_.insert(w.items.begin(), w.items.end());
        (path ? paths_ : signalled_).push_back(std::move(w));
    }

    // Paths that end, shortest first, while each takes something none before it did; then a way
    // to the end for whatever the search reached but no kept path took.
    void select() {
        for (std::size_t leaf : leaves_)
            if (Walk w = walk_to(leaf); adds(w)) keep(std::move(w), true);
        leaves_.clear();
        for (Item i : item_order_) {
            if (covered_.count(i)) continue;
            if (auto done = finish(walk_to(discovered_by_[i])); done && adds(*done)) keep(std::move(*done), true);
        }
    }

    // At each prompt node the kept paths reach, the customer asks to cancel, and asks for a supervisor.
    void signal_cases() {
        std::set<std::pair<Id, Id>> done;  // event, prompt node
        const std::size_t kept = paths_.size();
        for (std::size_t k = 0; k < kept; ++k) {
            const std::vector<Input> inputs = paths_[k].inputs;
            Walk at = replay(paths_[k].start, paths_[k].host, {});
            for (std::size_t i = 0; i <= inputs.size() && at.state.outcome == Outcome::none; ++i) {
                for (BuiltinEvent event : {BuiltinEvent::cancel, BuiltinEvent::supervisor}) {
                    if (!done.insert({static_cast<Id>(event), at.state.at}).second) continue;
                    Walk signalled = at;
                    take(signalled, explorer_.candidates().signal(static_cast<Id>(event)));
                    if (auto finished = finish(std::move(signalled))) keep(std::move(*finished), false);
                }
                if (i < inputs.size()) take(at, inputs[i]);
            }
        }
    }

    // A bilingual library is tested in each of its languages: for each locale it declares (`locales`
    // in policies.yaml) that no kept path runs in, the paths in the script's own locale again, in it.
    // (Locales a condition names were explored already, and have paths of their own.)
    void declared_locale_cases(const std::string& own) {
        std::set<std::string> ran;
        for (const Walk& w : paths_) ran.insert(w.host.locale.empty() ? own : w.host.locale);
        const std::size_t kept = paths_.size();
        for (const std::string& tag : p_.policies.locales) {
            if (!ran.insert(tag).second) continue;
            for (std::size_t k = 0; k < kept; ++k) {
                if (!paths_[k].host.locale.empty()) continue;
                Walk again = paths_[k];
                again.host.locale = tag;
                in_locales_.push_back(std::move(again));
                locales_.insert(tag);
            }
        }
    }

    // Whether the kept cases enter `node` and take each of its branches.
    bool covered(Id node) const {
        if (!covered_.count(item(ItemKind::node, node))) return false;
        for (std::size_t b = 0; b < p_.nodes[node].next.size(); ++b)
            if (!covered_.count(item(ItemKind::branch, node, b))) return false;
        return true;
    }

    // The slots that decide the way out of the nodes no kept case covers (in the scripts in scope)
    // and into them: each one's own slot (a known answer skips the question) and the slots its
    // conditions, and those of the branches leading to it, read.
    std::vector<Id> memory_slots() const {
        std::set<Id> slots;
        auto node_slots = [&](const Node& n) {
            if (n.slot != no_id && (n.kind == NodeKind::ask || n.kind == NodeKind::offer || n.kind == NodeKind::lookup))
                slots.insert(n.slot);
            for (const Branch& b : n.next)
                if (b.condition != no_id)
                    for (const Instr& in : p_.conditions[b.condition].code)
                        if (in.op == Op::push_slot || in.op == Op::known) slots.insert(in.arg);
        };
        for (Id id = 0; id < p_.nodes.size(); ++id) {
            if (!scope_.count(p_.nodes[id].script) || covered(id)) continue;
            node_slots(p_.nodes[id]);
            for (const Node& n : p_.nodes)
                for (const Branch& b : n.next)
                    if (b.target == id) node_slots(n);
        }
        return {slots.begin(), slots.end()};
    }

    // --- the test file -----------------------------------------------------------------------

    std::string prompt_name(const std::string& script, const std::string& node) const {
        return script == script_ ? node : script + "." + node;
    }

    /// The assertions of a `start:` or an `expect:`, written as a flow map when short, else a block.
    struct Expect {
        std::vector<std::pair<std::string, std::string>> keys;  // key, value as YAML (flow)
        std::vector<std::string> trace;

        std::string text(std::size_t indent, std::size_t room) const {
            std::string flow;
            for (const auto& [k, v] : keys) flow += (flow.empty() ? "" : ", ") + k + ": " + v;
            if (trace.empty() && flow.size() + 2 <= room) return " {" + flow + "}\n";
            std::string pad(indent, ' '), out = "\n";
            for (const auto& [k, v] : keys) out += pad + k + ": " + v + "\n";
            if (!trace.empty()) out += pad + "trace:\n";
            for (const auto& t : trace) out += pad + "  - " + scalar(t, false) + "\n";
            return out;
        }
    };

    Expect expect(const Seen& seen, bool understood, const Session* ended) const {
        Expect e;
        if (!understood) e.keys.emplace_back("understood", "false");
        e.keys.emplace_back("prompt", scalar(prompt_name(seen.script, seen.node)));
        if (seen.outcome != Outcome::none) e.keys.emplace_back("outcome", to_string(seen.outcome));
        e.trace = seen.trace;
        if (!ended) return e;
        // At the end: the offers made, and the policies that changed the conversation's course.
        Summary sum = ended->summary();
        int retention = 0, upsell = 0;
        for (const auto& o : sum.offers) (o.kind == OfferKind::retention ? retention : upsell) += 1;
        if (retention + upsell > 0)
            e.keys.emplace_back("offers", "{retention: " + std::to_string(retention) + ", upsell: " + std::to_string(upsell) + "}");
        std::vector<std::string> policies;
        for (const auto& i : sum.interventions)
            if (std::find(policies.begin(), policies.end(), i.policy) == policies.end()) policies.push_back(i.policy);
        std::string list;
        for (const auto& p : policies) list += (list.empty() ? "" : ", ") + p;
        if (!policies.empty()) e.keys.emplace_back("policy", "[" + list + "]");
        return e;
    }

    bool has_dates() const {
        return std::any_of(p_.slots.begin(), p_.slots.end(), [](const SlotDecl& d) { return d.type == SlotType::date; });
    }

    // Whether `s` waits at a look-up, whose answer comes from the host, in English whatever the locale.
    bool at_lookup(Session& s) const {
        Turn t = s.next();
        Id node = p_.find_node(p_.find_script(t.prompt.script), t.prompt.node);
        return node != no_id && p_.nodes[node].kind == NodeKind::lookup;
    }

    // The walk replayed through a Session: what it shows, turn by turn.
    Recorded record(const Walk& w) const {
        Recorded r;
        Facts prefill;
        for (const HostFact& f : w.host.facts) {
            r.prefill.emplace_back(p_.slots[f.slot].name, f.value);
            prefill.emplace_back(p_.slots[f.slot].name, Value(f.value));
        }
        for (Id action : w.host.done) r.done.push_back(p_.actions[action]);
        r.locale = w.host.locale;
        StartOptions options;
        options.locale = r.locale;
        if (has_dates()) options.today = iso_date(p_.dates.explored_today);  // the day the explorer took for today
        Session s = lib_.start(script_, prefill, r.done, options);
        r.start = observe(s);
        for (Input in : w.inputs) {
            if (!in.is_signal && !in.host_unknown && !at_lookup(s)) in.text = reply_in_locale(p_, r.locale, in.text);
            r.steps.push_back(observe_step(s, in));
        }
        r.session = std::move(s);
        return r;
    }

    std::string case_text(const Walk& w, std::set<std::string>& names) const {
        const Recorded r = record(w);
        const Session* ended = &*r.session;
        std::string name;
        for (const auto& [slot, value] : r.prefill) name += "(" + slot + "=" + value + ") ";
        for (const auto& action : r.done) name += "(done " + action + ") ";
        if (!r.locale.empty()) name += "(locale " + r.locale + ") ";
        for (std::size_t i = 0; i < r.steps.size(); ++i) name += (i ? "; " : "") + r.steps[i].label;
        if (r.steps.empty()) name += "the start";
        const Seen& last = r.steps.empty() ? r.start : r.steps.back().seen;
        name += std::string(" -> ") + to_string(ended->outcome()) + " at " + prompt_name(last.script, last.node);
        std::string unique = name;
        for (int n = 2; !names.insert(unique).second; ++n) unique = name + " #" + std::to_string(n);

        std::string out = "  - name: " + scalar(unique, false) + "\n";
        out += "    script: " + scalar(script_) + "\n";
        if (!r.locale.empty()) out += "    locale: " + scalar(r.locale) + "\n";
        if (has_dates()) out += "    today: " + iso_date(p_.dates.explored_today) + "\n";
        if (!r.prefill.empty()) {
            out += "    prefill: {";
            for (std::size_t i = 0; i < r.prefill.size(); ++i)
                out += (i ? ", " : "") + scalar(r.prefill[i].first) + ": " + scalar(r.prefill[i].second);
            out += "}\n";
        }
        if (!r.done.empty()) {
            out += "    done: [";
            for (std::size_t i = 0; i < r.done.size(); ++i) out += (i ? ", " : "") + scalar(r.done[i]);
            out += "]\n";
        }
        out += "    start:" + expect(r.start, true, r.steps.empty() ? ended : nullptr).text(6, 90);
        if (r.steps.empty()) return out;
        out += "    turns:\n";
        for (std::size_t i = 0; i < r.steps.size(); ++i) {
            const Step& s = r.steps[i];
            out += s.kind == TestTurn::Kind::signal ? "      - signal: " + scalar(s.text, false) + "\n"
                                                    : "      - reply: " + scalar(s.text, false) + "\n";
            out += "        expect:" + expect(s.seen, s.understood, i + 1 == r.steps.size() ? ended : nullptr).text(10, 90);
        }
        return out;
    }

    // The branches of the script, and of the scripts it calls, that no kept case takes.
    std::vector<std::string> not_covered() const {
        auto region = [](const SourceRegion& r) { return r.file + ":" + std::to_string(r.line) + ":" + std::to_string(r.column); };
        std::vector<std::string> out;
        for (Id id = 0; id < p_.nodes.size(); ++id) {
            const Node& n = p_.nodes[id];
            if (!scope_.count(n.script)) continue;
            std::string at = p_.scripts[n.script].name + "." + n.name;
            if (!covered_.count(item(ItemKind::node, id))) {
                out.push_back(region(n.region) + ": " + at + " not reached");
                continue;
            }
            for (std::size_t b = 0; b < n.next.size(); ++b)
                if (!covered_.count(item(ItemKind::branch, id, b)))
                    out.push_back(region(n.next[b].region) + ": " + at + ", branch " + std::to_string(b + 1) + " of " +
                                  std::to_string(n.next.size()) + " not taken");
        }
        return out;
    }

    Result<GeneratedTests> write() {
        GeneratedTests g;
        g.paths = paths_.size();
        g.signal_cases = signalled_.size();
        g.locale_cases = in_locales_.size();
        for (const std::string& tag : locales_) g.locales.push_back(tag);
        g.states = space_.size() + finish_states_;
        g.complete = complete_;
        g.not_covered = not_covered();
        std::string& t = g.text;
        t += "# Generated by `parley test --generate " + script_ + "`: what the engine does today, as " +
             std::to_string(g.paths + g.signal_cases + g.locale_cases) + " cases:\n";
        t += "# " + std::to_string(g.paths) + " follow paths through the script, shortest first, until each branch they reach is taken;\n";
        t += "# " + std::to_string(g.signal_cases) + " ask to cancel or for a supervisor at a prompt on those paths. Review them before\n";
        t += "# keeping the file: the next change to the script that alters its behaviour makes one of them fail.\n";
        if (g.locale_cases > 0) {
            std::string list;
            for (const std::string& tag : g.locales) list += (list.empty() ? "" : ", ") + tag;
            t += "# " + std::to_string(g.locale_cases) + " take those paths again in the other locales the library declares (" + list + ").\n";
        }
        if (!g.complete) t += "# The search stopped at its bound (" + std::to_string(o_.max_states) + " states): paths may be missing.\n";
        for (const std::string& n : g.not_covered) t += "# not covered: " + n + "\n";
        if (!o_.library.empty()) t += "library: " + scalar(o_.library, false) + "\n";
        t += "tests:\n";
        std::set<std::string> names;
        for (const Walk& w : paths_) t += case_text(w, names) + "\n";
        for (const Walk& w : signalled_) t += case_text(w, names) + "\n";
        for (const Walk& w : in_locales_) t += case_text(w, names) + "\n";
        if (paths_.empty() && signalled_.empty())
            return Result<GeneratedTests>(std::vector<Diagnostic>{make_diagnostic(Rule::internal_error, {},
                                                           "no conversation through '" + script_ + "' ends within " +
                                                               std::to_string(o_.max_turns) + " turns")});
        t.pop_back();  // one blank line between cases, none at the end

        // What was written must read back, and pass on the library it describes.
        auto suite = parse_tests(t, o_.file_name);
        if (!suite) {
            std::vector<Diagnostic> ds = suite.diagnostics();
            ds.insert(ds.begin(), make_diagnostic(Rule::internal_error, {o_.file_name, 0, 0},
                                                  "the generated test file does not read back"));
            return Result<GeneratedTests>(std::move(ds));
        }
        for (const TestCase& c : suite->cases) {
            CaseResult r = run_case(lib_, c);
            if (r.passed()) continue;
            const AssertionFailure& f = r.failures.front();
            return Result<GeneratedTests>(std::vector<Diagnostic>{make_diagnostic(Rule::internal_error, f.region,
                "the generated case '" + c.name + "' fails: " + f.assertion + ": expected " + f.expected + ", actual " + f.actual)});
        }
        g.suite = std::move(*suite);
        return Result<GeneratedTests>(std::move(g));
    }

    const Library& lib_;
    const Program& p_;
    const GenerateOptions& o_;
    Explorer explorer_;
    StateSpace space_;
    std::string script_;
    std::set<Id> scope_;  // the script and the scripts it calls
    std::vector<Event> events_;
    std::set<Item> seen_items_, covered_;
    std::vector<Item> item_order_;         // each item in the order the search first reached it
    std::map<Item, std::size_t> discovered_by_;  // ... and the visit that did
    std::vector<std::size_t> leaves_;      // visits that ended, not yet considered for a case
    std::vector<Walk> paths_, signalled_;  // the cases
    std::vector<Walk> in_locales_;         // paths again in the other declared locales
    std::set<std::string> locales_;        // those locales
    std::size_t finish_states_ = 0;        // states explored on the way to an end
    bool complete_ = true;
};

}  // namespace

Result<GeneratedTests> generate_tests(const Library& library, std::string_view script, const GenerateOptions& options) {
    try {
        return Generator(library, options).run(script);
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        return Result<GeneratedTests>(std::vector<Diagnostic>{make_diagnostic(Rule::internal_error, {}, e.what())});
    }
}

}  // namespace parley::testing
