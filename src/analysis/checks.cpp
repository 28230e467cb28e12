// Structure checks: what can be told from the node graph and the declarations, without walking
// conversations.
#include <algorithm>
#include <cctype>
#include <deque>
#include <functional>
#include <string>

#include "analysis/analysis.hpp"
#include "common/diagnostics.hpp"
#include "common/locale.hpp"

namespace parley::detail {

namespace {

// Where a node can lead: its branches, its on_fail and on_unknown, the start of what it calls.
std::vector<Id> successors(const Program& p, const Node& n) {
    std::vector<Id> out;
    for (const Branch& b : n.next) out.push_back(b.target);
    if (n.on_fail != no_id) out.push_back(n.on_fail);
    if (n.on_unknown != no_id) out.push_back(n.on_unknown);
    if (n.kind == NodeKind::call && n.callee != no_id) out.push_back(p.scripts[n.callee].start);
    return out;
}

// Nodes reachable from every script's start and from every node the policies and events name.
std::vector<bool> reachable(const Program& p) {
    std::vector<bool> seen(p.nodes.size(), false);
    std::deque<Id> queue;
    auto visit = [&](Id n) {
        if (n != no_id && !seen[n]) {
            seen[n] = true;
            queue.push_back(n);
        }
    };
    for (const Script& s : p.scripts)
        if (s.entry) visit(s.start);  // the others from their calls
    if (p.policies.cancel_script != no_id) visit(p.scripts[p.policies.cancel_script].start);
    visit(p.policies.cancel_node);
    visit(p.policies.escalation_node);
    for (const auto& e : p.policies.events) visit(e.target);
    // A called script's `end: return` leads back to every caller's branches.
    while (!queue.empty()) {
        Id n = queue.front();
        queue.pop_front();
        for (Id next : successors(p, p.nodes[n])) visit(next);
        if (p.nodes[n].is_return)
            for (const Node& caller : p.nodes)
                if (caller.kind == NodeKind::call && caller.callee == p.nodes[n].script)
                    for (const Branch& b : caller.next) visit(b.target);
    }
    return seen;
}

void unreachable_nodes(const Program& p, std::vector<Diagnostic>& out) {
    std::vector<bool> seen = reachable(p);
    for (Id n = 0; n < p.nodes.size(); ++n)
        if (!seen[n])
            out.push_back(make_diagnostic(Rule::unreachable_node, p.nodes[n].region,
                                  "node '" + p.nodes[n].name + "' can never be reached"));
}

void branches_without_default(const Program& p, std::vector<Diagnostic>& out) {
    for (const Node& n : p.nodes) {
        if (n.next.empty() || n.kind == NodeKind::jump) continue;
        bool has_default = std::any_of(n.next.begin(), n.next.end(), [](const Branch& b) { return b.condition == no_id; });
        if (has_default) continue;
        out.push_back(make_diagnostic(Rule::no_default_branch, n.next.back().region,
                              "no branch of '" + n.name + "' is taken when every condition is false or unknown; "
                              "end the list with a `goto` without `if`"));
    }
}

void call_cycles(const Program& p, std::vector<Diagnostic>& out) {
    // Script-level call graph; a cycle is reported once, at a call node on it.
    const std::size_t count = p.scripts.size();
    std::vector<std::vector<Id>> calls(count);
    for (const Node& n : p.nodes)
        if (n.kind == NodeKind::call && n.callee != no_id) calls[n.script].push_back(n.callee);
    std::vector<int> colour(count, 0);  // 0 new, 1 on the current path, 2 done
    std::vector<Id> path;
    std::vector<bool> reported(count, false);
    std::function<void(Id)> dfs = [&](Id s) {
        colour[s] = 1;
        path.push_back(s);
        for (Id callee : calls[s]) {
            if (colour[callee] == 1 && !reported[callee]) {
                reported[callee] = true;
                std::string cycle;
                auto from = std::find(path.begin(), path.end(), callee);
                for (auto it = from; it != path.end(); ++it) cycle += p.scripts[*it].name + " -> ";
                cycle += p.scripts[callee].name;
                for (const Node& n : p.nodes)
                    if (n.kind == NodeKind::call && n.script == s && n.callee == callee) {
                        out.push_back(make_diagnostic(Rule::call_cycle, n.region,
                                              "scripts call each other in a cycle: " + cycle));
                        break;
                    }
            } else if (colour[callee] == 0) {
                dfs(callee);
            }
        }
        path.pop_back();
        colour[s] = 2;
    };
    for (Id s = 0; s < count; ++s)
        if (colour[s] == 0) dfs(s);
}

// A call into a script that cannot come back: no way from its start reaches an `end: return`
// (a call on the way counts only when its own callee can come back). What follows the call is dead.
void calls_that_never_return(const Program& p, std::vector<Diagnostic>& out) {
    std::vector<bool> returns(p.scripts.size(), false);
    auto can_return = [&](Id script) {
        std::vector<bool> seen(p.nodes.size(), false);
        std::vector<Id> todo{p.scripts[script].start};
        seen[todo.front()] = true;
        while (!todo.empty()) {
            const Node& n = p.nodes[todo.back()];
            todo.pop_back();
            if (n.is_return) return true;
            if (n.kind == NodeKind::call && (n.callee == no_id || !returns[n.callee])) continue;
            for (const Branch& b : n.next)
                if (!seen[b.target]) seen[b.target] = true, todo.push_back(b.target);
            if (n.on_fail != no_id && !seen[n.on_fail]) seen[n.on_fail] = true, todo.push_back(n.on_fail);
            if (n.on_unknown != no_id && !seen[n.on_unknown]) seen[n.on_unknown] = true, todo.push_back(n.on_unknown);
        }
        return false;
    };
    for (bool grew = true; grew;) {  // until no more scripts are found to come back
        grew = false;
        for (Id s = 0; s < p.scripts.size(); ++s)
            if (!returns[s] && can_return(s)) returns[s] = grew = true;
    }
    for (const Node& n : p.nodes)
        if (n.kind == NodeKind::call && n.callee != no_id && !returns[n.callee])
            out.push_back(make_diagnostic(Rule::call_never_returns, n.region,
                                          "'" + n.name + "' calls " + p.scripts[n.callee].name +
                                              ", which never reaches `end: return`: the conversation never comes back, "
                                              "so what follows the call is dead (end the called script with `end: return`, "
                                              "or use `goto` if it is meant to end the conversation)"));
}

void slot_use(const Program& p, std::vector<Diagnostic>& out) {
    std::vector<bool> written(p.slots.size(), false), read(p.slots.size(), false), mentioned(p.slots.size(), false);
    std::vector<SourceRegion> first_read(p.slots.size());
    for (const Node& n : p.nodes) {
        if (n.slot != no_id) written[n.slot] = mentioned[n.slot] = true;
        for (const Assignment& a : n.set) written[a.slot] = mentioned[a.slot] = true;
        for (Id f : n.forget) mentioned[f] = true;
    }
    for (const Condition& c : p.conditions)
        for (const Instr& in : c.code)
            if (in.op == Op::push_slot || in.op == Op::known) {
                if (!read[in.arg]) first_read[in.arg] = c.region;
                read[in.arg] = mentioned[in.arg] = true;
            }
    for (const Text& t : p.texts)
        for (const auto& v : t.variants)
            for (const auto& seg : v.segments)
                if (seg.slot != no_id) mentioned[seg.slot] = true;
    if (p.policies.contact_slot != no_id) mentioned[p.policies.contact_slot] = true;
    for (Id s = 0; s < p.slots.size(); ++s) {
        const SlotDecl& d = p.slots[s];
        if (!mentioned[s] && !d.prefill)
            out.push_back(make_diagnostic(Rule::unused_slot, d.region, "slot '" + d.name + "' is declared but never used"));
        else if (read[s] && !written[s] && !d.prefill)
            out.push_back(make_diagnostic(Rule::slot_never_set, first_read[s],
                                  "condition reads '" + d.name + "', which no question, lookup or `set` fills; "
                                  "declare it `prefill: true` if the host provides it"));
    }
}

void translations(const Program& p, std::vector<Diagnostic>& out) {
    if (p.policies.locales.empty()) return;
    for (const Node& n : p.nodes) {
        for (Id t : {n.text, n.hint}) {
            if (t == no_id) continue;
            const char* what = t == n.hint ? "the hint of '" : "'";
            std::string missing;
            for (const std::string& locale : p.policies.locales) {
                bool has = std::any_of(p.texts[t].variants.begin(), p.texts[t].variants.end(),
                                       [&](const Text::Variant& v) { return v.locale == locale; });
                if (!has) missing += (missing.empty() ? "" : ", ") + locale;
            }
            if (!missing.empty())
                out.push_back(make_diagnostic(Rule::missing_translation, p.texts[t].region,
                                      what + n.name + "' has no text for locale " + missing + " (declared in policies.yaml)"));
        }
    }
}

// Labels: every choice a question shows, and every action a `type: actions` question lists, has a
// label in each declared locale (else the customer sees its id, or another language).
void label_translations(const Program& p, std::vector<Diagnostic>& out) {
    std::vector<bool> shown_slot(p.slots.size(), false), shown_action(p.actions.size(), false);
    std::vector<SourceRegion> where_slot(p.slots.size()), where_action(p.actions.size());
    for (const Node& n : p.nodes) {
        if (n.kind == NodeKind::ask && n.slot != no_id && p.slots[n.slot].type == SlotType::choice && !shown_slot[n.slot]) {
            shown_slot[n.slot] = true;
            where_slot[n.slot] = p.slots[n.slot].region;
        }
        if (n.kind == NodeKind::ask_actions)
            for (Id a : n.action_choices)
                if (!shown_action[a]) {
                    shown_action[a] = true;
                    where_action[a] = n.region;
                }
    }
    auto missing_in = [&](const Labels* labels) {
        std::string missing;
        for (const std::string& locale : p.policies.locales)
            if (!labels || !labels->in(locale)) missing += (missing.empty() ? "" : ", ") + locale;
        return missing;
    };
    for (Id s = 0; s < p.slots.size(); ++s) {
        if (!shown_slot[s]) continue;
        const SlotDecl& d = p.slots[s];
        for (Id c = 0; c < d.choices.size(); ++c) {
            const Labels* labels = c < d.words.size() ? &d.words[c] : nullptr;
            std::string missing = missing_in(labels);
            if (!missing.empty())
                out.push_back(make_diagnostic(Rule::missing_translation, labels && !labels->region.file.empty() ? labels->region : where_slot[s],
                                              "choice '" + d.choices[c] + "' of slot '" + d.name + "' has no label for locale " +
                                                  missing + " (declared in policies.yaml)"));
        }
    }
    for (Id a = 0; a < p.actions.size(); ++a) {
        if (!shown_action[a]) continue;
        const Labels* labels = a < p.action_labels.size() ? &p.action_labels[a] : nullptr;
        std::string missing = missing_in(labels);
        if (!missing.empty())
            out.push_back(make_diagnostic(Rule::missing_translation, labels && !labels->region.file.empty() ? labels->region : where_action[a],
                                          "action '" + p.actions[a] + "' has no label for locale " + missing +
                                              " (declared in policies.yaml; label it under 'actions:')"));
    }
}

// The engine's own texts: each declared locale has one of its own (shipped, or given in `texts:`), and a
// text the library rewrote in one locale is rewritten in every declared locale.
void builtin_text_translations(const Program& p, std::vector<Diagnostic>& out) {
    for (const Word<BuiltinText>& t : builtin_text_words) {
        // Rewritten for a declared locale (a text for another, say fr in a library of en and es, is extra).
        const Policies::TextEntry* overridden = nullptr;
        for (const Policies::TextEntry& e : p.policies.texts)
            for (const std::string& locale : p.policies.locales)
                if (e.id == t.meaning && !overridden && serves_locale(e.locale, locale)) overridden = &e;
        std::string missing;
        for (const std::string& locale : p.policies.locales) {
            bool own = false;
            for (const Policies::TextEntry& e : p.policies.texts)
                own = own || (e.id == t.meaning && serves_locale(e.locale, locale));
            bool shipped = false;
            for (std::string_view l = locale; !l.empty() && !shipped; l = parent_locale(l)) shipped = !shipped_text(l, t.meaning).empty();
            if (!own && (overridden || !shipped)) missing += (missing.empty() ? "" : ", ") + locale;
        }
        if (!missing.empty())
            out.push_back(make_diagnostic(Rule::missing_translation, overridden ? overridden->region : p.policies.region,
                                          "the engine's text '" + std::string(t.word) + "' has no " +
                                              (overridden ? "library text" : "text") + " for locale " + missing +
                                              " (give it under 'texts:' in policies.yaml)"));
    }
}

// ambiguous-word: at one question, in one locale, one folded word that names two choices (or two of
// the actions listed), a choice that is also a yes or no word of the locale, or a listed action that
// is also a none word ("none" means nothing at a choice question: "ninguna" may name the lights off).
void ambiguous_words(const Program& p, std::vector<Diagnostic>& out) {
    std::vector<std::string> reported;  // locale|slot or node|word, once each
    auto report = [&](const std::string& key, const SourceRegion& where, std::string message) {
        if (std::find(reported.begin(), reported.end(), key) != reported.end()) return;
        reported.push_back(key);
        out.push_back(make_diagnostic(Rule::ambiguous_word, where, std::move(message)));
    };
    auto builtin_clash = [](const Lexicon& lex, const std::string& word, bool choices) -> std::string_view {
        for (WordClass c : {WordClass::yes, WordClass::no, WordClass::none})
            if ((choices ? c != WordClass::none : c == WordClass::none) && lex.is(word, c)) return word_for(word_class_words, c);
        return {};
    };
    std::vector<bool> slot_done(p.slots.size(), false);
    for (const Lexicon& lex : p.lexicons) {
        std::fill(slot_done.begin(), slot_done.end(), false);
        for (const Node& n : p.nodes) {
            std::vector<std::pair<std::string, std::string>> seen;  // word -> the choice or action it names
            auto check = [&](const std::string& owner, std::vector<std::string> words, const SourceRegion& where,
                             const std::string& key, bool choices, const std::string& question) {
                for (const std::string& w : words) {
                    auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& e) { return e.first == w; });
                    if (it != seen.end() && it->second != owner)
                        report(lex.locale + "|" + key + "|" + w, where,
                               "in " + lex.locale + ", \"" + w + "\" names both '" + it->second + "' and '" + owner + "' at " + question);
                    else if (it == seen.end()) seen.emplace_back(w, owner);
                    std::string_view clash = builtin_clash(lex, w, choices);
                    if (!clash.empty())
                        report(lex.locale + "|" + key + "|" + w, where,
                               "in " + lex.locale + ", \"" + w + "\" names '" + owner + "' and is also a '" + std::string(clash) +
                                   "' word at " + question);
                }
            };
            if (n.kind == NodeKind::ask && n.slot != no_id && p.slots[n.slot].type == SlotType::choice && !slot_done[n.slot]) {
                slot_done[n.slot] = true;
                const SlotDecl& d = p.slots[n.slot];
                for (Id c = 0; c < d.choices.size(); ++c)
                    check(d.choices[c], choice_words(p, lex.locale, n.slot, c),
                          c < d.words.size() && !d.words[c].region.file.empty() ? d.words[c].region : d.region, "slot " + d.name, true,
                          "the questions for slot '" + d.name + "'");
            }
            if (n.kind == NodeKind::ask_actions)
                for (Id a : n.action_choices)
                    check(p.actions[a], action_words(p, lex.locale, a),
                          a < p.action_labels.size() && !p.action_labels[a].region.file.empty() ? p.action_labels[a].region : n.region,
                          "node " + std::to_string(&n - p.nodes.data()), false, "question '" + n.name + "'");
        }
    }
}

// Slots a true condition guarantees known: every slot it reads, when it has no `or` and no `not`.
std::vector<Id> known_when_true(const Condition& c) {
    std::vector<Id> out;
    for (const Instr& in : c.code)
        if (in.op == Op::logical_or || in.op == Op::logical_not) return {};
    for (const Instr& in : c.code)
        if (in.op == Op::push_slot || in.op == Op::known) out.push_back(in.arg);
    return out;
}

// Must-be-known analysis: a slot is known on entry to a node when it is known on every way in.
void templates_with_unknown_slots(const Program& p, std::vector<Diagnostic>& out) {
    const std::size_t slots = p.slots.size();
    const std::size_t nodes = p.nodes.size();
    std::vector<std::vector<bool>> in(nodes, std::vector<bool>(slots, true));
    std::vector<bool> entered(nodes, false);
    std::vector<Id> shown;  // only the slots some text shows matter (a long script has few of them)
    std::vector<bool> is_shown(slots, false);
    for (const Text& t : p.texts)
        for (const auto& v : t.variants)
            for (const auto& seg : v.segments)
                if (seg.slot != no_id && !is_shown[seg.slot]) is_shown[seg.slot] = true, shown.push_back(seg.slot);
    std::deque<Id> work;
    auto flow = [&](Id to, const std::vector<bool>& known) {
        bool changed = !entered[to];
        entered[to] = true;
        for (Id s : shown)
            if (in[to][s] && !known[s]) {
                in[to][s] = false;
                changed = true;
            }
        if (changed) work.push_back(to);
    };
    const std::vector<bool> nothing(slots, false);
    for (const Script& s : p.scripts)
        if (s.entry) flow(s.start, nothing);  // a script only called starts with what its callers know
    if (p.policies.cancel_script != no_id) flow(p.scripts[p.policies.cancel_script].start, nothing);
    for (Id n : {p.policies.cancel_node, p.policies.escalation_node})
        if (n != no_id) flow(n, nothing);
    for (const auto& e : p.policies.events) flow(e.target, nothing);
    while (!work.empty()) {
        Id id = work.front();
        work.pop_front();
        const Node& n = p.nodes[id];
        std::vector<bool> known = in[id];
        if (n.slot != no_id) known[n.slot] = true;  // answered or skipped because known: known after
        for (const Assignment& a : n.set) known[a.slot] = true;
        for (Id f : n.forget) known[f] = false;
        for (const Branch& b : n.next) {
            std::vector<bool> along = known;
            if (b.condition != no_id)
                for (Id s : known_when_true(p.conditions[b.condition])) along[s] = true;
            flow(b.target, along);
        }
        if (n.on_fail != no_id) flow(n.on_fail, in[id]);
        if (n.on_unknown != no_id) flow(n.on_unknown, in[id]);
        if (n.kind == NodeKind::call && n.callee != no_id) flow(p.scripts[n.callee].start, known);
        if (n.is_return)
            for (const Node& caller : p.nodes)
                if (caller.kind == NodeKind::call && caller.callee == n.script)
                    for (const Branch& b : caller.next) flow(b.target, known);
    }
    for (Id id = 0; id < nodes; ++id) {
        const Node& n = p.nodes[id];
        if (!entered[id] || n.text == no_id) continue;
        std::vector<bool> known = in[id];
        if (n.kind == NodeKind::end || n.kind == NodeKind::say) {  // rendered after the node's own effects
            for (const Assignment& a : n.set) known[a.slot] = true;
        }
        std::vector<std::string> unknown;
        for (const auto& v : p.texts[n.text].variants)
            for (const auto& seg : v.segments)
                if (seg.slot != no_id && !known[seg.slot] &&
                    std::find(unknown.begin(), unknown.end(), p.slots[seg.slot].name) == unknown.end())
                    unknown.push_back(p.slots[seg.slot].name);
        for (const std::string& name : unknown)
            out.push_back(make_diagnostic(Rule::template_slot_maybe_unknown, n.region,
                                  "the text of '" + n.name + "' shows {" + name + "}, which may be unknown here on some path "
                                  "(it would be said as \"{" + name + "}\"); guard it with `if: known(" + name + ")`"));
    }
}

void pleasantries(const Program& p, std::vector<Diagnostic>& out) {
    for (const Node& n : p.nodes)
        if (n.dropped_pleasantry != no_id)
            out.push_back(make_diagnostic(Rule::pleasantry_on_unresolved, n.region,
                                  "the closing text of '" + n.name + "' says \"" + p.policies.pleasantries[n.dropped_pleasantry] +
                                      "\" although the outcome is " + to_string(n.outcome) +
                                      "; closing_courtesy drops it at run time"));
}

bool apologises(const Program& p, const Node& n) {
    if (n.tone_apology) return true;
    if (n.text == no_id) return false;
    for (const auto& v : p.texts[n.text].variants)
        for (const auto& seg : v.segments) {
            std::string lower;
            for (char c : seg.literal) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (lower.find("sorry") != std::string::npos || lower.find("apologi") != std::string::npos) return true;
        }
    return false;
}

// An apology must be followed, on every path, by something that helps: an offer, an instruction,
// or a resolution.
void apologies(const Program& p, std::vector<Diagnostic>& out) {
    for (Id id = 0; id < p.nodes.size(); ++id) {
        const Node& start = p.nodes[id];
        if (!apologises(p, start)) continue;
        std::vector<bool> seen(p.nodes.size(), false);
        std::vector<Id> parent(p.nodes.size(), no_id);
        std::deque<Id> queue{id};
        seen[id] = true;
        Id bad_end = no_id;
        while (!queue.empty() && bad_end == no_id) {
            Id n = queue.front();
            queue.pop_front();
            const Node& node = p.nodes[n];
            bool helps = n != id && (node.kind == NodeKind::offer || node.kind == NodeKind::instruct);
            if (helps) continue;
            if (node.kind == NodeKind::end && !node.is_return) {
                // Solving the problem, keeping the customer, or doing what they asked (cancel) all help.
                if (node.outcome != Outcome::resolved && node.outcome != Outcome::retained &&
                    node.outcome != Outcome::cancelled)
                    bad_end = n;
                continue;
            }
            for (Id next : successors(p, node))
                if (!seen[next]) {
                    seen[next] = true;
                    parent[next] = n;
                    queue.push_back(next);
                }
        }
        if (bad_end == no_id) continue;
        std::string route;
        for (Id n = bad_end; n != no_id; n = parent[n]) route = "'" + p.nodes[n].name + "'" + (route.empty() ? "" : " -> ") + route;
        Diagnostic d = make_diagnostic(Rule::apology_without_remedy, start.region,
                               "'" + start.name + "' apologises, but a path reaches an end (" + to_string(p.nodes[bad_end].outcome) +
                                   ") without any offer, instruction or resolution");
        d.notes.push_back("path: " + route);
        out.push_back(std::move(d));
    }
}

}  // namespace

void check_structure(const Program& p, std::vector<Diagnostic>& out) {
    unreachable_nodes(p, out);
    branches_without_default(p, out);
    call_cycles(p, out);
    calls_that_never_return(p, out);
    slot_use(p, out);
    translations(p, out);
    if (!p.policies.locales.empty()) {
        label_translations(p, out);
        builtin_text_translations(p, out);
    }
    ambiguous_words(p, out);
    templates_with_unknown_slots(p, out);
    pleasantries(p, out);
    apologies(p, out);
}

}  // namespace parley::detail
