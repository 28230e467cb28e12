// Generated tests (include/parley/test_suite.hpp, docs/testing.md section 8): a bounded search over
// conversations through a script, driven by the public Session API with path recording, keeping
// paths until every branch it reaches is taken; then a cancel and a supervisor case at each prompt
// node of those paths. Each case asserts what the engine does today, turn by turn.
#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <optional>
#include <set>

#include "analysis/replies.hpp"
#include "common/diagnostics.hpp"
#include "common/suggest.hpp"
#include "model/values.hpp"
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
// conversations

/// What the session shows after a step (or at the start).
struct Seen {
    std::string script, node;  ///< the prompt (the end node once ended)
    Outcome outcome = Outcome::none;
    /// The trace entries of the step worth asserting: each `say` node passed, each node skipped
    /// because memory knew its answer, each question given up on, each policy that acted.
    std::vector<std::string> trace;
    /// What the step did beyond the path, for coverage: "prompt script.node", "gave up script.node",
    /// "policy NAME at script.node".
    std::vector<std::string> marks;
};

/// One step of a generated case, and what the session showed after it.
struct Step {
    TestTurn::Kind kind = TestTurn::Kind::reply;
    std::string text;   ///< the reply, or the event
    std::string label;  ///< for the case's name: "lights=orange"
    bool understood = true;
    Seen seen;
};

struct Root {
    std::vector<std::pair<std::string, std::string>> prefill;  ///< slot, value as written
    Seen seen;
};

struct Walk {
    std::size_t root = 0;
    Session session;
    std::vector<Step> steps;
};

struct Move {
    TestTurn::Kind kind = TestTurn::Kind::reply;
    std::string text;
};

class Generator {
public:
    Generator(const Library& lib, const GenerateOptions& o) : lib_(lib), p_(LibraryAccess::program(lib)), o_(o) {
        collect_read_slots();
    }

    Result<GeneratedTests> run(std::string_view script) {
        Id script_id = p_.find_script(script);
        if (script_id == no_id) {
            std::vector<std::string_view> names;
            for (const auto& s : p_.scripts) names.push_back(s.name);
            return Result<GeneratedTests>(std::vector<Diagnostic>{make_diagnostic("unknown-script", Severity::error, {},
                                                           "no script '" + std::string(script) + "' in the library",
                                                           did_you_mean(script, names))});
        }
        script_ = std::string(script);
        for (const Node& n : p_.nodes)
            if (n.kind == NodeKind::call) call_nodes_.insert(where(p_.scripts[n.script].name, n.name));
        scope_ = {script_id};  // the script and the scripts it calls
        for (bool grew = true; grew;) {
            grew = false;
            for (const Node& n : p_.nodes)
                if (n.kind == NodeKind::call && scope_.count(n.script) && scope_.insert(n.callee).second) grew = true;
        }
        // First what the customer says, with the facts a host may pre-fill (`prefill: true`) that
        // conditions, or the repeat_contact policy, read, one at a time.
        add_root({});
        for (Id slot = 0; slot < p_.slots.size(); ++slot)
            if (p_.slots[slot].prefill && read_.count(slot))
                for (const std::string& v : values(slot)) add_root({{p_.slots[slot].name, v}});
        explore(0);
        select();
        // Then, for branches still not taken, what memory makes of them: a fact known beforehand
        // (an offer declined on an earlier call) that the node asks or its conditions read.
        std::size_t first = starts_.size();
        for (Id slot : memory_slots())
            for (const std::string& v : values(slot)) add_root({{p_.slots[slot].name, v}});
        if (starts_.size() > first) {
            explore(first);
            select();
        }
        // The conversations with nothing known beforehand first, each group shortest first.
        std::stable_partition(paths_.begin(), paths_.end(), [](const Walk& w) { return w.root == 0; });
        if (o_.signal_cases) signal_cases();
        return write();
    }

private:
    // --- representative values -------------------------------------------------------------

    // The slots conditions (or repeat_contact) read: worth starting with each of their values known.
    void collect_read_slots() {
        for (const Condition& c : p_.conditions)
            for (const Instr& in : c.code)
                if (in.op == Op::push_slot || in.op == Op::known) read_.insert(in.arg);
        if (p_.policies.contact_slot != no_id) read_.insert(p_.policies.contact_slot);
    }

    std::vector<std::string> values(Id slot) const { return candidates_.for_slot(slot); }

    std::vector<Move> moves(const Turn& t) const {
        const Utterance& u = t.prompt;
        std::vector<Move> out;
        auto reply = [&](std::string text) { out.push_back({TestTurn::Kind::reply, std::move(text)}); };
        switch (u.kind) {
        case Utterance::Kind::instruct: reply("done"); break;
        case Utterance::Kind::offer:
            reply("yes");
            reply("no");
            reply("I'm not sure");
            break;
        case Utterance::Kind::ask:
        case Utterance::Kind::lookup: {
            if (u.multi_select) {
                reply("none");
                std::string all;
                for (std::string_view c : u.choices) {
                    reply(std::string(c));
                    all += (all.empty() ? "" : ", ") + std::string(c);
                }
                if (u.choices.size() > 1) reply(all);
                reply("I'm not sure");
                break;
            }
            Id slot = p_.find_slot(u.slot);
            if (slot == no_id) break;
            for (std::string& v : values(slot)) reply(std::move(v));
            // A reply that does not fit: what a host without an answer sends, or a customer unsure.
            std::string unclear = u.kind == Utterance::Kind::lookup ? "" : "I'm not sure";
            if (parse_reply(unclear, p_.slots[slot]).ok) unclear.clear();
            if (!parse_reply(unclear, p_.slots[slot]).ok) reply(unclear);
            break;
        }
        case Utterance::Kind::say:
        case Utterance::Kind::end: break;
        }
        return out;
    }

    // --- search ------------------------------------------------------------------------------

    static std::string where(std::string_view script, std::string_view node) {
        return std::string(script) + "." + std::string(node);
    }

    // What the session will do from here on depends (as far as the public API shows) on these.
    std::string signature(const Session& s, const Turn& t) const {
        std::string sig = where(t.prompt.script, t.prompt.node) + "|" + to_string(t.prompt.kind) + "|" +
                          std::to_string(t.prompt.attempt) + "|" + to_string(s.outcome()) + "|";
        Summary sum = s.summary();
        for (const auto& f : sum.facts) sig += f.slot + "=" + f.value.to_string() + ";";
        sig += "|";
        std::vector<std::string> actions;
        for (const auto& a : sum.actions_done) actions.push_back(a.action);
        std::sort(actions.begin(), actions.end());
        for (const auto& a : actions) sig += a + ";";
        sig += "|";
        for (const auto& o : sum.offers)
            sig += o.script + "." + o.node + (o.accepted ? (*o.accepted ? "+" : "-") : "?") + ";";
        sig += sum.cancel_requested ? "|cancel|" : "||";
        std::set<std::string> policies;
        for (const auto& i : sum.interventions) policies.insert(i.policy);
        for (const auto& p : policies) sig += p + ";";
        sig += "|";
        // The calls not yet returned from, as the recorded path shows them.
        std::vector<std::string> calls;
        for (const auto& step : s.path()) {
            std::string at = where(step.script, step.node);
            if (step.branch < 0 && call_nodes_.count(at)) calls.push_back(at);
            else if (step.branch >= 0 && !calls.empty() && calls.back() == at) calls.pop_back();
        }
        for (const auto& c : calls) sig += c + ";";
        return sig;
    }

    // What a case covers: each node entered and branch taken, each prompt shown, each give-up and
    // each policy's intervention, by node.
    std::vector<std::string> items(const Walk& w) const {
        std::vector<std::string> out;
        for (const auto& step : w.session.path())
            out.push_back(where(step.script, step.node) + (step.branch < 0 ? "" : "#" + std::to_string(step.branch)));
        const Seen& start = roots_[w.root].seen;
        out.insert(out.end(), start.marks.begin(), start.marks.end());
        for (const Step& step : w.steps) out.insert(out.end(), step.seen.marks.begin(), step.seen.marks.end());
        return out;
    }

    static Seen observe(const Session& s) {
        Seen seen;
        Turn t = s.next();
        seen.script = std::string(t.prompt.script);
        seen.node = std::string(t.prompt.node);
        seen.outcome = s.outcome();
        if (!t.ended()) seen.marks.push_back("prompt " + where(seen.script, seen.node));
        for (const TraceEntry& e : s.trace()) {
            if (e.turn != s.turn()) continue;  // an earlier step's
            if (e.kind == TraceKind::gave_up) seen.marks.push_back("gave up " + where(e.script, e.node));
            if (e.policy.empty()) {
                if (e.kind == TraceKind::said || e.kind == TraceKind::skipped || e.kind == TraceKind::gave_up)
                    seen.trace.push_back(e.message);
                continue;
            }
            seen.trace.push_back(e.message);
            seen.marks.push_back("policy " + std::string(e.policy) + " at " + where(e.script, e.node));
        }
        return seen;
    }

    static Step observe(const Session& s, TestTurn::Kind kind, std::string text, bool understood, const Utterance& before) {
        Step step;
        step.kind = kind;
        step.text = std::move(text);
        step.understood = understood;
        std::string shown = kind == TestTurn::Kind::signal ? "!" + step.text
                            : !understood                    ? "(not understood)"
                            : step.text.empty()              ? "(empty)"
                                                             : step.text;
        step.label = std::string(before.node) + "=" + shown;
        step.seen = observe(s);
        return step;
    }

    // The walk with one more step, taken on a copy; nothing when the session would not take it.
    std::optional<Walk> take(const Walk& from, const Move& m) const {
        Walk to = from;
        Utterance before = to.session.next().prompt;
        bool understood = true;
        if (m.kind == TestTurn::Kind::signal) {
            if (to.session.signal(m.text) != SignalStatus::handled) return std::nullopt;
        } else {
            ReplyStatus status = to.session.reply(m.text);
            if (status == ReplyStatus::no_question) return std::nullopt;
            understood = status == ReplyStatus::accepted;
        }
        to.steps.push_back(observe(to.session, m.kind, m.text, understood, before));
        return to;
    }

    void add_root(std::vector<std::pair<std::string, std::string>> facts) {
        for (const Root& r : roots_)
            if (r.prefill == facts) return;
        Root r;
        r.prefill = std::move(facts);
        Facts prefill;
        for (const auto& [slot, value] : r.prefill) prefill.emplace_back(slot, Value(value));
        StartOptions options;
        options.record_path = true;
        auto started = lib_.try_start(script_, prefill, {}, options);
        if (!started) return;
        r.seen = observe(*started);
        roots_.push_back(std::move(r));
        starts_.push_back(Walk{roots_.size() - 1, std::move(*started), {}});
    }

    std::string key(Id node) const { return where(p_.scripts[p_.nodes[node].script].name, p_.nodes[node].name); }

    // Nodes of the scripts in scope that no kept case reaches, or with a branch none takes.
    std::vector<Id> uncovered() const {
        std::vector<Id> out;
        for (Id id = 0; id < p_.nodes.size(); ++id) {
            if (!scope_.count(p_.nodes[id].script)) continue;
            bool missing = !covered_.count(key(id));
            for (std::size_t b = 0; b < p_.nodes[id].next.size() && !missing; ++b)
                missing = !covered_.count(key(id) + "#" + std::to_string(b));
            if (missing) out.push_back(id);
        }
        return out;
    }

    // The slots that decide the way out of the uncovered nodes and into them: each one's own slot
    // (a known answer skips the question) and the slots its conditions, and those of the branches
    // leading to it, read.
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
        for (Id id : uncovered()) {
            node_slots(p_.nodes[id]);
            for (const Node& n : p_.nodes)
                for (const Branch& b : n.next)
                    if (b.target == id) node_slots(n);
        }
        return {slots.begin(), slots.end()};
    }

    // Breadth first, so each path found is a shortest one. A state already seen (same prompt,
    // memory, offers, requests and calls) is not explored again unless its path took a node or
    // branch no earlier path did.
    void explore(std::size_t first_start) {
        std::deque<Walk> queue;
        auto visit = [&](Walk&& w) {
            ++states_;
            std::string sig = signature(w.session, w.session.next());
            std::vector<std::string> fresh;
            for (auto& item : items(w))
                if (!seen_items_.count(item) && std::find(fresh.begin(), fresh.end(), item) == fresh.end())
                    fresh.push_back(item);
            if (!seen_.insert(sig).second && fresh.empty()) return;
            if (!fresh.empty()) {
                for (auto& item : fresh) {
                    seen_items_.insert(item);
                    item_order_.push_back(item);
                    discovered_by_[item] = discoverers_.size();
                }
                discoverers_.push_back(w);
            }
            if (w.session.ended()) leaves_.push_back(std::move(w));
            else queue.push_back(std::move(w));
        };
        for (std::size_t i = first_start; i < starts_.size(); ++i) visit(Walk(starts_[i]));
        while (!queue.empty()) {
            if (states_ >= o_.max_states) {
                complete_ = false;
                break;
            }
            Walk w = std::move(queue.front());
            queue.pop_front();
            if (w.steps.size() >= o_.max_turns) continue;
            for (const Move& m : moves(w.session.next()))
                if (auto child = take(w, m)) visit(std::move(*child));
        }
    }

    // The shortest way on from `w` to the end of the conversation, if one is found in bounds.
    std::optional<Walk> finish(const Walk& w) {
        if (w.session.ended()) return w;
        std::deque<Walk> queue{w};
        std::set<std::string> seen{signature(w.session, w.session.next())};
        std::size_t budget = std::max<std::size_t>(o_.max_states / 4, 1000);
        while (!queue.empty() && budget > 0) {
            Walk at = std::move(queue.front());
            queue.pop_front();
            if (at.steps.size() >= o_.max_turns) continue;
            for (const Move& m : moves(at.session.next())) {
                if (budget-- == 0) break;
                ++states_;
                auto child = take(at, m);
                if (!child) continue;
                if (child->session.ended()) return child;
                if (seen.insert(signature(child->session, child->session.next())).second) queue.push_back(std::move(*child));
            }
        }
        return std::nullopt;
    }

    void keep(Walk w, bool path) {
        for (auto& item : items(w)) covered_.insert(item);
        (path ? paths_ : signalled_).push_back(std::move(w));
    }

    // Paths that end, shortest first, while each takes a node or branch none before it did; then a
    // way to the end for whatever the search reached but no kept path took.
    void select() {
        auto adds = [&](const Walk& w) {
            for (const auto& item : items(w))
                if (!covered_.count(item)) return true;
            return false;
        };
        for (Walk& leaf : leaves_)
            if (adds(leaf)) keep(std::move(leaf), true);
        leaves_.clear();
        for (const std::string& item : item_order_) {
            if (covered_.count(item)) continue;
            if (auto done = finish(discoverers_[discovered_by_[item]]); done && adds(*done)) keep(std::move(*done), true);
        }
    }

    // At each prompt node the kept paths reach, the customer asks to cancel, and asks for a supervisor.
    void signal_cases() {
        std::set<std::string> done;
        std::size_t kept = paths_.size();
        for (std::size_t k = 0; k < kept; ++k) {
            Walk at = starts_[paths_[k].root];
            std::vector<Step> steps = paths_[k].steps;
            for (std::size_t i = 0; i <= steps.size() && !at.session.ended(); ++i) {
                Turn t = at.session.next();
                std::string node = where(t.prompt.script, t.prompt.node);
                for (const char* event : {"cancel", "supervisor"}) {
                    if (!done.insert(std::string(event) + " " + node).second) continue;
                    auto signalled = take(at, Move{TestTurn::Kind::signal, event});
                    if (!signalled) continue;
                    if (auto finished = finish(*signalled)) keep(std::move(*finished), false);
                }
                if (i == steps.size()) break;
                auto next = take(at, Move{steps[i].kind, steps[i].text});
                if (!next) break;
                at = std::move(*next);
            }
        }
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

    std::string case_text(const Walk& w, std::set<std::string>& names) const {
        const Root& root = roots_[w.root];
        std::string name;
        for (const auto& [slot, value] : root.prefill) name += "(" + slot + "=" + value + ") ";
        for (std::size_t i = 0; i < w.steps.size(); ++i) name += (i ? "; " : "") + w.steps[i].label;
        if (w.steps.empty()) name += "the start";
        const Seen& last = w.steps.empty() ? root.seen : w.steps.back().seen;
        name += std::string(" -> ") + to_string(w.session.outcome()) + " at " + prompt_name(last.script, last.node);
        std::string unique = name;
        for (int n = 2; !names.insert(unique).second; ++n) unique = name + " #" + std::to_string(n);

        std::string out = "  - name: " + scalar(unique, false) + "\n";
        out += "    script: " + scalar(script_) + "\n";
        if (!root.prefill.empty()) {
            out += "    prefill: {";
            for (std::size_t i = 0; i < root.prefill.size(); ++i)
                out += (i ? ", " : "") + scalar(root.prefill[i].first) + ": " + scalar(root.prefill[i].second);
            out += "}\n";
        }
        out += "    start:" + expect(root.seen, true, w.steps.empty() ? &w.session : nullptr).text(6, 90);
        if (w.steps.empty()) return out;
        out += "    turns:\n";
        for (std::size_t i = 0; i < w.steps.size(); ++i) {
            const Step& s = w.steps[i];
            out += s.kind == TestTurn::Kind::signal ? "      - signal: " + scalar(s.text, false) + "\n"
                                                    : "      - reply: " + scalar(s.text, false) + "\n";
            out += "        expect:" + expect(s.seen, s.understood, i + 1 == w.steps.size() ? &w.session : nullptr).text(10, 90);
        }
        return out;
    }

    // The branches of the script, and of the scripts it calls, that no kept case takes.
    std::vector<std::string> not_covered() const {
        std::vector<std::string> out;
        for (const NodeInfo& n : lib_.nodes()) {
            if (!scope_.count(p_.find_script(n.script))) continue;
            std::string at = where(n.script, n.node);
            auto region = [](const SourceRegion& r) {
                return r.file + ":" + std::to_string(r.line) + ":" + std::to_string(r.column);
            };
            if (!covered_.count(at)) {
                out.push_back(region(n.region) + ": " + at + " not reached");
                continue;
            }
            for (std::size_t b = 0; b < n.branches.size(); ++b)
                if (!covered_.count(at + "#" + std::to_string(b)))
                    out.push_back(region(n.branches[b]) + ": " + at + ", branch " + std::to_string(b + 1) + " of " +
                                  std::to_string(n.branches.size()) + " not taken");
        }
        return out;
    }

    Result<GeneratedTests> write() {
        GeneratedTests g;
        g.paths = paths_.size();
        g.signal_cases = signalled_.size();
        g.states = states_;
        g.complete = complete_;
        g.not_covered = not_covered();
        std::string& t = g.text;
        t += "# Generated by `parley test --generate " + script_ + "`: what the engine does today, as " +
             std::to_string(g.paths + g.signal_cases) + " cases:\n";
        t += "# " + std::to_string(g.paths) + " follow paths through the script, shortest first, until each branch they reach is taken;\n";
        t += "# " + std::to_string(g.signal_cases) + " ask to cancel or for a supervisor at a prompt on those paths. Review them before\n";
        t += "# keeping the file: the next change to the script that alters its behaviour makes one of them fail.\n";
        if (!g.complete) t += "# The search stopped at its bound (" + std::to_string(o_.max_states) + " states): paths may be missing.\n";
        for (const std::string& n : g.not_covered) t += "# not covered: " + n + "\n";
        if (!o_.library.empty()) t += "library: " + scalar(o_.library, false) + "\n";
        t += "tests:\n";
        std::set<std::string> names;
        for (const Walk& w : paths_) t += case_text(w, names) + "\n";
        for (const Walk& w : signalled_) t += case_text(w, names) + "\n";
        if (paths_.empty() && signalled_.empty())
            return Result<GeneratedTests>(std::vector<Diagnostic>{make_diagnostic("internal-error", Severity::error, {},
                                                           "no conversation through '" + script_ + "' ends within " +
                                                               std::to_string(o_.max_turns) + " turns")});
        t.pop_back();  // one blank line between cases, none at the end

        // What was written must read back, and pass on the library it describes.
        auto suite = parse_tests(t, o_.file_name);
        if (!suite) {
            std::vector<Diagnostic> ds = suite.diagnostics();
            ds.insert(ds.begin(), make_diagnostic("internal-error", Severity::error, {o_.file_name, 0, 0},
                                                  "the generated test file does not read back"));
            return Result<GeneratedTests>(std::move(ds));
        }
        for (const TestCase& c : suite->cases) {
            CaseResult r = run_case(lib_, c);
            if (r.passed()) continue;
            const AssertionFailure& f = r.failures.front();
            return Result<GeneratedTests>(std::vector<Diagnostic>{make_diagnostic(
                "internal-error", Severity::error, f.region,
                "the generated case '" + c.name + "' fails: " + f.assertion + ": expected " + f.expected + ", actual " + f.actual)});
        }
        g.suite = std::move(*suite);
        return Result<GeneratedTests>(std::move(g));
    }

    const Library& lib_;
    const Program& p_;
    const GenerateOptions& o_;
    std::string script_;
    ReplyCandidates candidates_{p_};  // per slot: values worth trying, as the linter tries them
    std::set<Id> read_;  // slots that conditions (or repeat_contact) read
    std::set<std::string> call_nodes_;
    std::set<Id> scope_;  // the script and the scripts it calls
    std::vector<Root> roots_;
    std::vector<Walk> starts_;
    std::set<std::string> seen_, seen_items_, covered_;
    std::vector<std::string> item_order_;
    std::map<std::string, std::size_t> discovered_by_;
    std::vector<Walk> discoverers_, leaves_, paths_, signalled_;
    std::size_t states_ = 0;
    bool complete_ = true;
};

}  // namespace

Result<GeneratedTests> generate_tests(const Library& library, std::string_view script, const GenerateOptions& options) {
    try {
        return Generator(library, options).run(script);
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        return Result<GeneratedTests>(std::vector<Diagnostic>{make_diagnostic("internal-error", Severity::error, {}, e.what())});
    }
}

}  // namespace parley::testing
