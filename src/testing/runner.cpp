// Runs one case of a test file (docs/testing.md) against a loaded library, through the public
// Session API, and says what failed, where in the test file, and what the conversation was.
#include <algorithm>
#include <chrono>

#include "common/rules.hpp"
#include "common/suggest.hpp"
#include "model/values.hpp"
#include "model/vocabulary.hpp"
#include "parley/test_suite.hpp"
#include "testing/describe_prompt.hpp"
#include "testing/library_access.hpp"

namespace parley::testing {

namespace {

std::string quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : separator) + i;
    return out;
}

// `reply: "!unknown"`: the host's answer to a lookup when the system could not tell, as `parley run` reads it.
bool is_unknown_answer(std::string_view reply) {
    std::string_view s = detail::trim_spaces(reply);
    return s.size() > 1 && s[0] == '!' && detail::same_word(detail::trim_spaces(s.substr(1)), detail::unknown_answer_word);
}

std::string where(const Utterance& u) { return std::string(u.script) + "." + std::string(u.node); }

using detail::describe_prompt;

// Whether a slot's value is what the test file wrote, reading the written value the way the engine
// reads a reply to that slot (model/values.hpp): `no`, `nope` and `false` are one boolean, `3.0` is
// 3, a choice matches in any case. Text written exactly as the value always matches.
bool same_value(const Library& library, std::string_view slot, const Value& actual, const std::string& expected) {
    if (actual.is_text() && actual.as_text() == expected) return true;
    const detail::Program& program = detail::LibraryAccess::program(library);
    detail::Id id = program.find_slot(slot);
    if (id == detail::no_id) return false;
    const detail::SlotDecl& decl = program.slots[id];
    detail::Val have;
    if (!detail::from_host(actual, decl, have)) return false;
    detail::ParsedReply written = detail::parse_reply(expected, decl);
    return written.ok && written.value == have;
}

}  // namespace

CaseStart case_start(const TestCase& test) {
    CaseStart start;
    for (const auto& [slot, value] : test.prefill) start.prefill.emplace_back(slot.value, Value(value.value));
    for (const auto& d : test.done) start.done.push_back(d.value);
    start.options.locale = test.locale;
    start.options.today = test.today;
    return start;
}

namespace {

class CaseRun {
public:
    CaseRun(const Library& library, const TestCase& test, CaseResult& result)
        : lib_(library), test_(test), r_(result) {}

    void run() {
        CaseStart start = case_start(test_);
        start.options.record_path = true;  // for coverage
        auto started = lib_.try_start(test_.script.value, start.prefill, start.done, start.options);
        if (!started) {
            for (const Diagnostic& d : started.diagnostics()) start_failure(d);
            fail_at(0, "start", test_.script.region);
            return;
        }
        session_.emplace(std::move(*started));
        r_.locales.push_back({0, session_->locale()});
        show();
        check(test_.start, nullptr);
        if (!failures_.empty()) return fail_at(0, "start", test_.region);
        for (std::size_t i = 0; i < test_.turns.size(); ++i) {
            const TestTurn& t = test_.turns[i];
            std::string step = describe_step(t);
            std::optional<bool> understood;
            take(t, understood);
            if (failures_.empty()) check(t.expect, &understood);
            if (!failures_.empty()) return fail_at(static_cast<int>(i) + 1, step, t.region);
        }
        finish();
    }

private:
    static std::string describe_step(const TestTurn& t) {
        switch (t.kind) {
        case TestTurn::Kind::reply: return "reply " + quote(t.text);
        case TestTurn::Kind::signal: return "signal " + t.text;
        case TestTurn::Kind::fill: return "fill " + t.slot + " = " + t.text;
        case TestTurn::Kind::locale: return "locale " + t.text;
        }
        return {};
    }

    void fail(const SourceRegion& at, std::string assertion, std::string expected, std::string actual,
              std::vector<std::string> notes = {}) {
        failures_.push_back({at, std::move(assertion), std::move(expected), std::move(actual), std::move(notes)});
    }

    void fail_at(int turn, std::string step, const SourceRegion& at) {
        r_.failed_turn = turn;
        r_.step = std::move(step);
        r_.step_region = at;
        r_.failures = std::move(failures_);
        finish();
    }

    void finish() {
        if (!session_) return;
        r_.path = session_->path();
        r_.outcome = session_->outcome();
        r_.turns = session_->turn();
    }

    // A start the library refuses: point at the prefill or done entry it is about, else at `script`.
    void start_failure(const Diagnostic& d) {
        SourceRegion at = test_.script.region;
        for (const auto& [slot, value] : test_.prefill)
            if (d.message.find("'" + slot.value + "'") != std::string::npos) at = slot.region;
        for (const auto& action : test_.done)
            if (d.rule == detail::id_of(detail::Rule::unknown_action) && d.message.find("'" + action.value + "'") != std::string::npos) at = action.region;
        fail(at, "start", "the session starts", d.message + " [" + d.rule + "]", d.notes);
    }

    // The turn as the host sees it, into the transcript; every prompt is remembered for not_asked.
    void show() {
        turn_ = session_->next();
        for (const Utterance& m : turn_.messages) r_.transcript.push_back("agent: " + m.text);
        const Utterance& p = turn_.prompt;
        std::string tag = std::string(to_string(p.kind)) + " " + where(p);
        if (p.attempt > 1) tag += ", attempt " + std::to_string(p.attempt);
        switch (p.kind) {
        case Utterance::Kind::end:
            r_.transcript.push_back(std::string("agent [end: ") + to_string(p.outcome) + ", " + where(p) + "]: " + p.text);
            return;
        case Utterance::Kind::lookup:
            r_.transcript.push_back("host lookup [" + tag + "]: " + std::string(p.lookup) + " -> " + std::string(p.slot));
            break;
        default:
            r_.transcript.push_back("agent [" + tag + "]: " + (p.hint.empty() ? "" : p.hint + " ") + p.text);
            break;
        }
        asked_.push_back({p.script, p.node, p.slot, session_->turn()});
    }

    // A reply in the transcript, as `parley run` reads it: one that starts with '!' (white space aside,
    // which replies ignore) doubles it, so it does not read as a signal ("customer: !cancel").
    static std::string customer_reply(const std::string& text) {
        std::size_t first = text.find_first_not_of(" \t\n\v\f\r");
        bool looks_like_event = first != std::string::npos && text[first] == '!' && first + 1 < text.size();
        return looks_like_event ? "customer: !" + text.substr(first) : "customer: " + text;
    }

    void take(const TestTurn& t, std::optional<bool>& understood) {
        if (session_->ended()) {
            std::string what = to_string(t.kind);
            r_.transcript.push_back(t.kind == TestTurn::Kind::fill     ? "host: " + t.slot + " = " + t.text
                                    : t.kind == TestTurn::Kind::signal ? "customer: !" + t.text
                                    : t.kind == TestTurn::Kind::locale ? "customer: !locale " + t.text
                                                                       : customer_reply(t.text));
            fail(t.region, what, "a prompt awaiting a " + std::string(t.kind == TestTurn::Kind::fill ? "value" : "reply"),
                 std::string("the conversation has ended (") + to_string(session_->outcome()) + ")");
            return;
        }
        switch (t.kind) {
        case TestTurn::Kind::reply: {
            const Utterance before = turn_.prompt;
            if (is_unknown_answer(t.text)) {
                r_.transcript.push_back("host: !unknown");
                if (before.kind != Utterance::Kind::lookup || session_->fill_unknown(before.slot) != ReplyStatus::accepted) {
                    fail(t.region, "reply", "a lookup awaiting the host's answer",
                         describe_prompt(before) + ", which is not a lookup",
                         {"'!unknown' is the host's answer to a lookup when the system could not tell"});
                    return;
                }
                understood = true;
                break;
            }
            ReplyStatus status = session_->reply(t.text);
            understood = status == ReplyStatus::accepted;
            r_.transcript.push_back(customer_reply(t.text) + (*understood ? "" : "  (not understood)"));
            bool asserted = false;
            for (const Assertion& a : t.expect.assertions) asserted = asserted || a.kind == Assertion::Kind::understood;
            if (!*understood && !asserted)
                fail(t.region, "reply", "the reply is understood", "not understood by " + describe_prompt(before),
                     {"to test a reply that is not understood, add 'understood: false' to the turn's expect"});
            break;
        }
        case TestTurn::Kind::signal: {
            r_.transcript.push_back("customer: !" + t.text);
            if (session_->signal(t.text) == SignalStatus::unknown_event) {
                fail(t.region, "signal", "an event the library knows",
                     "unknown event '" + t.text + "'", {"built in: cancel, supervisor, agent, repeat; others are declared in policies.yaml"});
                return;
            }
            break;
        }
        case TestTurn::Kind::locale: {
            r_.transcript.push_back("customer: !locale " + t.text);
            Result<std::string> now = session_->try_set_locale(t.text);
            if (!now) {  // the reader checked the tag: only a library that refuses it gets here
                for (const Diagnostic& d : now.diagnostics()) fail(t.region, "locale", "the session goes on in " + t.text, d.message + " [" + d.rule + "]", d.notes);
                return;
            }
            std::size_t at = session_->path().size() + session_->path_dropped();
            if (r_.locales.back().from == at) r_.locales.back().locale = *now;  // nothing done in the one before
            else r_.locales.push_back({at, *now});
            break;
        }
        case TestTurn::Kind::fill:
            r_.transcript.push_back("host: " + t.slot + " = " + t.text);
            try {
                session_->fill(t.slot, Value(t.text));
            } catch (const Error& e) {
                for (const Diagnostic& d : e.diagnostics()) fail(t.region, "fill", "the value is taken", d.message + " [" + d.rule + "]", d.notes);
                return;
            }
            break;
        }
        show();
    }

    const std::vector<NodeInfo>& nodes() {
        if (!nodes_) nodes_ = lib_.nodes();
        return *nodes_;
    }

    bool is_node(const std::string& name) {
        for (const NodeInfo& n : nodes())
            if (n.node == name || std::string(n.script) + "." + std::string(n.node) == name) return true;
        return false;
    }

    bool is_slot(const std::string& name) {
        // The public API has no list of slots: a fill that can never fit tells an undeclared slot
        // (unknown-slot) from a declared one (wrong-type), on a copy, so nothing changes.
        Session probe = *session_;
        try {
            probe.fill(name, Value(std::string()));
        } catch (const Error& e) {
            return e.diagnostics().empty() || e.diagnostics().front().rule != detail::id_of(detail::Rule::unknown_slot);
        }
        return true;
    }

    std::vector<std::string> unknown_name_note(const std::string& name, bool slots_too) {
        std::vector<std::string> names;
        for (const NodeInfo& n : nodes())
            names.push_back(name.find('.') != std::string::npos && !slots_too
                                ? std::string(n.script) + "." + std::string(n.node)
                                : std::string(n.node));
        std::vector<std::string_view> views(names.begin(), names.end());
        std::string note = std::string("there is no node ") + (slots_too ? "or slot " : "") + "'" + name + "' in the library";
        std::string suggestion = detail::did_you_mean(name, views);
        if (!suggestion.empty()) note += "; " + suggestion;
        return {note};
    }

    std::vector<std::string> recent_trace(std::size_t n) const {
        std::vector<std::string> out;
        auto trace = session_->trace();
        std::size_t first = trace.size() > n ? trace.size() - n : 0;
        for (std::size_t i = first; i < trace.size(); ++i)
            out.push_back("trace: " + trace[i].message);
        return out;
    }

    // Every assertion of `e` against the session now; `understood`: the reply's, on a reply turn.
    void check(const Expectations& e, const std::optional<bool>* understood) {
        const Utterance& p = turn_.prompt;
        for (const Assertion& a : e.assertions) {
            switch (a.kind) {
            case Assertion::Kind::prompt:
                if (p.node != a.value && where(p) != a.value)
                    fail(a.region, "prompt", a.value, describe_prompt(p), is_node(a.value) ? std::vector<std::string>{}
                                                                                     : unknown_name_note(a.value, false));
                break;
            case Assertion::Kind::text:
                if (p.text != a.value) fail(a.region, "text", quote(a.value), quote(p.text) + " (" + describe_prompt(p) + ")");
                break;
            case Assertion::Kind::text_contains:
                if (p.text.find(a.value) == std::string::npos)
                    fail(a.region, "text_contains", "the prompt's text contains " + quote(a.value), quote(p.text) + " (" + describe_prompt(p) + ")");
                break;
            case Assertion::Kind::said: check_said(a); break;
            case Assertion::Kind::understood:
                if (understood && understood->has_value() && **understood != (a.value == "true"))
                    fail(a.region, "understood", a.value == "true" ? "the reply is understood" : "the reply is not understood",
                         **understood ? "understood" : "not understood; the prompt is now " + describe_prompt(p));
                break;
            case Assertion::Kind::not_asked: check_not_asked(a); break;
            case Assertion::Kind::slot: check_slot(a); break;
            case Assertion::Kind::actions_done: check_actions(a, session_->summary().actions_done); break;
            case Assertion::Kind::actions_failed: check_actions(a, session_->summary().actions_failed); break;
            case Assertion::Kind::offers: check_offers(a); break;
            case Assertion::Kind::policy: check_policy(a); break;
            case Assertion::Kind::trace: {
                bool found = false;
                for (const auto& t : session_->trace()) found = found || t.message.find(a.value) != std::string::npos;
                if (!found) fail(a.region, "trace", "a trace entry contains " + quote(a.value), "none does", recent_trace(8));
                break;
            }
            case Assertion::Kind::hint:
                if (p.hint != a.value) {
                    std::string now = p.hint.empty() ? "no hint: " + describe_prompt(p) +
                                                           (p.attempt > 1 ? ", attempt " + std::to_string(p.attempt) : " is asked for the first time")
                                                     : quote(p.hint) + " (" + describe_prompt(p) + ", attempt " + std::to_string(p.attempt) + ")";
                    std::vector<std::string> notes;
                    if (p.hint.empty() && !a.value.empty() && p.kind != Utterance::Kind::end)
                        notes.push_back("a prompt has a hint when it is asked again after a reply it did not understand");
                    fail(a.region, "hint", a.value.empty() ? "no hint" : quote(a.value), now, std::move(notes));
                }
                break;
            case Assertion::Kind::outcome:
                if (!session_->ended())
                    fail(a.region, "outcome", a.value, "the conversation goes on: " + describe_prompt(p));
                else if (a.value != to_string(session_->outcome()))
                    fail(a.region, "outcome", a.value, std::string(to_string(session_->outcome())) + " at " + where(p));
                break;
            }
        }
    }

    void check_said(const Assertion& a) {
        const Utterance& p = turn_.prompt;
        bool found = p.text.find(a.value) != std::string::npos;
        std::vector<std::string> said;
        for (const Utterance& m : turn_.messages) {
            found = found || m.text.find(a.value) != std::string::npos;
            said.push_back(quote(m.text));
        }
        said.push_back(quote(p.text) + " (" + describe_prompt(p) + ")");
        if (!found) fail(a.region, "said", "a message or the prompt contains " + quote(a.value), join(said, "; "));
    }

    void check_not_asked(const Assertion& a) {
        if (!is_node(a.value) && !is_slot(a.value)) {
            fail(a.region, "not_asked", a.value + " never asked", "no such node or slot", unknown_name_note(a.value, true));
            return;
        }
        for (const Asked& asked : asked_) {
            std::string qualified = std::string(asked.script) + "." + std::string(asked.node);
            if (asked.node == a.value || qualified == a.value || (!asked.slot.empty() && asked.slot == a.value)) {
                fail(a.region, "not_asked", a.value + " never asked",
                     "asked at " + qualified + (asked.slot.empty() ? "" : " (slot " + std::string(asked.slot) + ")") +
                         ", after customer turn " + std::to_string(asked.turn));
                return;
            }
        }
    }

    void check_slot(const Assertion& a) {
        auto value = session_->get(a.key);
        std::string label = "slots: " + a.key;
        if (!value && !is_slot(a.key)) {
            fail(a.region, label, a.unknown ? "unknown" : a.value, "no such slot", unknown_name_note(a.key, true));
        } else if (a.unknown) {
            if (value) fail(a.region, label, "unknown", value->to_string(), {session_->why(a.key)});
        } else if (!value) {
            fail(a.region, label, a.value, "not known");
        } else if (!same_value(lib_, a.key, *value, a.value)) {
            fail(a.region, label, a.value, value->to_string(), {session_->why(a.key)});
        }
    }

    void check_actions(const Assertion& a, const std::vector<Summary::Action>& actions) {
        std::vector<std::string> actual, expected = a.values;
        for (const auto& d : actions) actual.push_back(d.action);
        std::sort(actual.begin(), actual.end());
        std::sort(expected.begin(), expected.end());
        expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
        if (actual != expected) fail(a.region, to_string(a.kind), "[" + join(expected) + "]", "[" + join(actual) + "]");
    }

    void check_offers(const Assertion& a) {
        std::vector<std::string> made;
        for (const auto& o : session_->summary().offers)
            if (to_string(o.kind) == a.key) made.push_back(o.script + "." + o.node);
        if (std::to_string(made.size()) != a.value)
            fail(a.region, "offers: " + a.key, a.value + " " + a.key + " offer(s)",
                 std::to_string(made.size()) + (made.empty() ? "" : ": " + join(made)));
    }

    void check_policy(const Assertion& a) {
        std::vector<std::string> fired;
        for (const auto& i : session_->summary().interventions)
            if (std::find(fired.begin(), fired.end(), i.policy) == fired.end()) fired.push_back(i.policy);
        for (const auto& t : session_->trace())
            if (!t.policy.empty() && std::find(fired.begin(), fired.end(), t.policy) == fired.end())
                fired.emplace_back(t.policy);
        if (std::find(fired.begin(), fired.end(), a.value) == fired.end())
            fail(a.region, "policy", a.value + " changed the conversation's course",
                 fired.empty() ? "no policy did" : "only " + join(fired) + " did");
    }

    struct Asked {
        std::string_view script, node, slot;
        unsigned turn;
    };

    const Library& lib_;
    const TestCase& test_;
    CaseResult& r_;
    std::optional<Session> session_;
    Turn turn_;
    std::vector<Asked> asked_;
    std::vector<AssertionFailure> failures_;
    std::optional<std::vector<NodeInfo>> nodes_;
};

}  // namespace

CaseResult run_case(const Library& library, const TestCase& test) {
    CaseResult result;
    result.name = test.name;
    result.region = test.region;
    auto begin = std::chrono::steady_clock::now();
    try {
        CaseRun(library, test, result).run();
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {  // a bug of ours fails the case, not the whole run
        result.failures.push_back({test.region, "internal", "no error", std::string("internal error: ") + e.what(), {}});
        if (result.failed_turn < 0) result.failed_turn = 0;
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
    return result;
}

}  // namespace parley::testing

namespace parley::detail {

std::string describe_prompt(const Utterance& u) {
    std::string out = std::string(to_string(u.kind)) + " '" + std::string(u.script) + "." + std::string(u.node) + "'";
    if (!u.slot.empty()) out += " for slot " + std::string(u.slot);
    if (u.kind == Utterance::Kind::offer) out += std::string(" (") + to_string(u.offer_kind) + ")";
    if (u.kind == Utterance::Kind::end) out += std::string(" with outcome ") + to_string(u.outcome);
    return out;
}

}  // namespace parley::detail
