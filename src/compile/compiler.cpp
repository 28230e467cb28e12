#include "compile/compiler.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "common/diagnostics.hpp"
#include "common/suggest.hpp"
#include "compile/condition.hpp"
#include "model/values.hpp"
#include "load/format_table.hpp"
#include "load/source_map.hpp"
#include "parley/version.hpp"

namespace parley::detail {

namespace {

bool is_identifier(std::string_view s, bool allow_dots) {
    if (s.empty()) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || (allow_dots && c == '.')))
            return false;
    return true;
}

// Marks, for one entity's compilation, that the reader already reported one of its values.
class EchoGuard {
public:
    EchoGuard(bool& flag, bool on) : flag_(flag), before_(flag) { flag_ = on; }
    ~EchoGuard() { flag_ = before_; }
    EchoGuard(const EchoGuard&) = delete;
    EchoGuard& operator=(const EchoGuard&) = delete;

private:
    bool& flag_;
    bool before_;
};

class Compiler {
public:
    Compiler(const std::vector<ast::Script>& scripts, const ast::Settings* settings, std::vector<Diagnostic>& out)
        : scripts_(scripts), settings_(settings), out_(out), program_(std::make_shared<Program>()) {}

    std::shared_ptr<const Program> run() {
        std::size_t errors_before = error_count();
        register_scripts();
        register_slots();
        register_actions();
        compile_settings();
        for (std::size_t i = 0; i < scripts_.size(); ++i)
            if (script_of_ast_[i] != no_id) compile_script(scripts_[i], script_of_ast_[i]);
        if (error_count() > errors_before) return nullptr;
        apply_closing_courtesy();
        warn_without_cancellation_node();
        return program_;
    }

private:
    std::size_t error_count() const {
        return static_cast<std::size_t>(std::count_if(out_.begin(), out_.end(), [](const Diagnostic& d) {
            return d.severity == Severity::error;
        }));
    }

    void error(std::string rule, const SourceRegion& where, std::string message, std::string note = {}) {
        // Where the reader already reported a malformed value, a missing or misplaced key is its echo.
        if (echo_of_reader_ && (rule == "missing-key" || rule == "missing-next" || rule == "misplaced-key")) return;
        out_.push_back(make_diagnostic(std::move(rule), Severity::error, where, std::move(message), std::move(note)));
    }

    static std::string where(const SourceRegion& r) { return r.file + ":" + std::to_string(r.line); }

    // The allowed words of a key come from the format table (the same list the schema shows).
    bool allowed_word(const ast::Str& value, KeyPlace place, std::string_view key) {
        const std::vector<std::string_view>& words = find_key(place, key)->values;
        if (std::find(words.begin(), words.end(), value.value) != words.end()) return true;
        std::string list;
        for (std::size_t i = 0; i < words.size(); ++i)
            list += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + std::string(words[i]);
        error("wrong-type", value.region, "'" + std::string(key) + "' must be " + list + ", not '" + value.value + "'",
              did_you_mean(value.value, words));
        return false;
    }

    // ---- names first, so that any script can refer to any other ----

    void register_scripts() {
        script_of_ast_.assign(scripts_.size(), no_id);
        for (std::size_t i = 0; i < scripts_.size(); ++i) {
            const ast::Script& s = scripts_[i];
            if (!s.id) {
                bool reported = std::find(s.broken.begin(), s.broken.end(), "script") != s.broken.end();
                if (s.is_map && !reported)  // an empty or broken file was already reported
                    error("missing-key", s.region, "this script has no 'script' id");
                continue;
            }
            if (!is_identifier(s.id->value, false)) {
                error("bad-id", s.id->region, "script id '" + s.id->value +
                                                  "' may use only letters, digits, '_' and '-' (no dots)");
                continue;
            }
            Id existing = program_->find_script(s.id->value);
            if (existing != no_id) {
                error("duplicate-id", s.id->region, "script '" + s.id->value + "' is defined twice",
                      "first defined at " + where(program_->scripts[existing].region));
                continue;
            }
            Id id = static_cast<Id>(program_->scripts.size());
            Script script;
            script.name = s.id->value;
            script.file = s.file;
            script.region = s.id->region;
            script.locale = s.locale ? s.locale->value : "en";
            script.first_node = static_cast<Id>(program_->nodes.size());
            for (const ast::Node& n : s.nodes) {
                if (!is_identifier(n.id.value, false)) {
                    error("bad-id", n.id.region, "node id '" + n.id.value +
                                                     "' may use only letters, digits, '_' and '-' (no dots)");
                }
                Node node;
                node.script = id;
                node.name = n.id.value;
                node.region = n.region;
                program_->nodes.push_back(std::move(node));
            }
            script.node_count = static_cast<Id>(program_->nodes.size()) - script.first_node;
            program_->scripts.push_back(std::move(script));
            program_->script_ids.emplace(s.id->value, id);
            script_of_ast_[i] = id;
        }
    }

    void register_slots() {
        for (std::size_t i = 0; i < scripts_.size(); ++i) {
            if (script_of_ast_[i] == no_id) continue;
            for (const ast::Slot& s : scripts_[i].slots) declare_slot(s);
        }
    }

    std::optional<double> number(const ast::Str& s) {
        double d = 0;
        auto r = std::from_chars(s.value.data(), s.value.data() + s.value.size(), d);
        if (r.ec != std::errc() || r.ptr != s.value.data() + s.value.size()) {
            error("wrong-type", s.region, "'" + s.value + "' is not a number");
            return std::nullopt;
        }
        return d;
    }

    std::optional<bool> boolean(const ast::Str& s, const char* key) {
        if (s.value == "true" || s.value == "yes") return true;
        if (s.value == "false" || s.value == "no") return false;
        error("wrong-type", s.region, std::string("'") + key + "' must be true or false, not '" + s.value + "'");
        return std::nullopt;
    }

    void declare_slot(const ast::Slot& s) {
        EchoGuard guard(echo_of_reader_, !s.broken.empty());
        if (!is_identifier(s.name.value, true)) {
            error("bad-id", s.name.region, "slot name '" + s.name.value +
                                               "' may use only letters, digits, '_', '-' and '.'");
            return;
        }
        SlotDecl d;
        d.name = s.name.value;
        d.region = s.region;
        if (!s.type) {
            error("missing-key", s.region, "slot '" + d.name + "' needs a 'type' (boolean, choice, number or text)");
            declare_broken(std::move(d));
            return;
        }
        if (!allowed_word(*s.type, KeyPlace::slot, "type")) {
            declare_broken(std::move(d));
            return;
        }
        const std::string& t = s.type->value;
        d.type = t == "boolean" ? SlotType::boolean : t == "choice" ? SlotType::choice
               : t == "number"  ? SlotType::number  : SlotType::text;
        if (s.choices) {
            if (d.type != SlotType::choice)
                error("misplaced-key", s.choices->empty() ? s.region : s.choices->front().region,
                      "only a choice slot has 'choices'");
            for (const ast::Str& c : *s.choices) {
                if (std::find(d.choices.begin(), d.choices.end(), c.value) != d.choices.end())
                    error("duplicate-id", c.region, "choice '" + c.value + "' is listed twice");
                else d.choices.push_back(c.value);
            }
        }
        if (d.type == SlotType::choice && d.choices.empty()) {
            error("missing-key", s.region, "choice slot '" + d.name + "' needs a list of 'choices'");
            return;
        }
        for (auto [key, bound, has] : {std::tuple{"min", &s.min, &d.has_min}, std::tuple{"max", &s.max, &d.has_max}}) {
            if (!*bound) continue;
            if (d.type != SlotType::number) error("misplaced-key", (*bound)->region, std::string("only a number slot has '") + key + "'");
            else if (auto n = number(**bound)) {
                *has = true;
                (std::string_view(key) == "min" ? d.min : d.max) = *n;
            }
        }
        if (d.has_min && d.has_max && d.min > d.max)
            error("wrong-type", s.max->region, "'max' is smaller than 'min'");
        if (s.prefill)
            if (auto b = boolean(*s.prefill, "prefill")) d.prefill = *b;
        if (s.description) d.description = s.description->value;

        Id existing = program_->find_slot(d.name);
        if (existing != no_id) {
            const SlotDecl& first = program_->slots[existing];
            if (first.type != d.type || first.choices != d.choices || first.has_min != d.has_min ||
                first.has_max != d.has_max || first.min != d.min || first.max != d.max)
                error("conflicting-slot", s.region, "slot '" + d.name + "' is declared differently elsewhere",
                      "first declared at " + where(first.region));
            return;
        }
        program_->slot_ids.emplace(d.name, static_cast<Id>(program_->slots.size()));
        program_->slots.push_back(std::move(d));
    }

    // A slot whose declaration is wrong is still declared, so its uses are not reported as unknown.
    void declare_broken(SlotDecl d) {
        d.broken = true;
        if (program_->find_slot(d.name) != no_id) return;
        program_->slot_ids.emplace(d.name, static_cast<Id>(program_->slots.size()));
        program_->slots.push_back(std::move(d));
    }

    Id intern_action(const std::string& name) {
        auto [it, inserted] = program_->action_ids.emplace(name, static_cast<Id>(program_->actions.size()));
        if (inserted) program_->actions.push_back(name);
        return it->second;
    }

    // Actions are declared by use: an instruct's `action`, or a choice of a `type: actions` question.
    void register_actions() {
        for (std::size_t i = 0; i < scripts_.size(); ++i) {
            if (script_of_ast_[i] == no_id) continue;
            for (const ast::Node& n : scripts_[i].nodes) {
                if (n.action && is_identifier(n.action->value, true)) intern_action(n.action->value);
                if (n.choices && n.type && n.type->value == "actions")
                    for (const ast::Str& c : *n.choices)
                        if (is_identifier(c.value, true)) intern_action(c.value);
            }
        }
    }

    // ---- then each script's nodes ----

    Id slot_ref(const ast::Str& name) {
        Id id = program_->find_slot(name.value);
        if (id == no_id) {
            std::vector<std::string_view> names;
            for (const auto& s : program_->slots) names.push_back(s.name);
            error("unknown-slot", name.region, "slot '" + name.value + "' is not declared in any script's 'slots'",
                  did_you_mean(name.value, names));
        }
        return id;
    }

    Id node_ref(const ast::Str& target, Id script) {
        std::string_view name = target.value;
        std::size_t dot = name.find('.');
        if (dot != std::string_view::npos) {
            std::string_view script_name = name.substr(0, dot);
            Id other = program_->find_script(script_name);
            if (other == no_id) {
                std::vector<std::string_view> names;
                for (const auto& s : program_->scripts) names.push_back(s.name);
                error("unknown-script", target.region, "no script '" + std::string(script_name) + "' in the library",
                      did_you_mean(script_name, names));
                return no_id;
            }
            script = other;
            name = name.substr(dot + 1);
        }
        Id id = program_->find_node(script, name);
        if (id == no_id) {
            const Script& s = program_->scripts[script];
            std::vector<std::string_view> names;
            for (Id i = s.first_node; i < s.first_node + s.node_count; ++i) names.push_back(program_->nodes[i].name);
            error("unknown-node", target.region, "no node '" + std::string(name) + "' in script " + s.name,
                  did_you_mean(name, names));
        }
        return id;
    }

    Id text(const ast::Text& t, const Script& script) {
        Text compiled;
        compiled.region = t.region;
        for (const auto& [locale, str] : t.variants) {
            Text::Variant v;
            v.locale = locale.empty() ? script.locale : locale;
            const std::string& s = str.value;
            std::string literal;
            for (std::size_t i = 0; i < s.size(); ++i) {
                char c = s[i];
                if ((c == '{' || c == '}') && i + 1 < s.size() && s[i + 1] == c) {  // {{ and }} are braces
                    literal += c;
                    ++i;
                } else if (c == '{') {
                    std::size_t close = s.find('}', i);
                    if (close == std::string::npos) {
                        error("bad-template", locate(source_, str, i), "this '{' is not closed; write {{ for a literal brace");
                        break;
                    }
                    ast::Str name{s.substr(i + 1, close - i - 1), locate(source_, str, i + 1), false};
                    Id slot = slot_ref(name);
                    if (!literal.empty()) v.segments.push_back({std::move(literal), no_id});
                    literal.clear();
                    v.segments.push_back({"", slot});
                    i = close;
                } else {
                    literal += c;
                }
            }
            if (!literal.empty()) v.segments.push_back({std::move(literal), no_id});
            compiled.variants.push_back(std::move(v));
        }
        program_->texts.push_back(std::move(compiled));
        return static_cast<Id>(program_->texts.size() - 1);
    }

    void compile_script(const ast::Script& s, Id id) {
        source_ = s.text;
        EchoGuard guard(echo_of_reader_, !s.broken.empty());
        Script& script = program_->scripts[id];
        if (s.title) script.title = s.title->variants.front().second.value;
        if (!s.version) error("missing-key", s.region, "script '" + script.name + "' needs 'version: 1'");
        else if (s.version->value != std::to_string(format_version))
            error("unsupported-version", s.version->region, "this library reads format version " +
                                                                std::to_string(format_version) + ", not '" + s.version->value + "'");
        if (!s.start) error("missing-key", s.region, "script '" + script.name + "' needs a 'start' node");
        else if ((script.start = program_->find_node(id, s.start->value)) == no_id) {
            std::vector<std::string_view> names;
            for (Id i = script.first_node; i < script.first_node + script.node_count; ++i) names.push_back(program_->nodes[i].name);
            error("unknown-node", s.start->region, "no node '" + s.start->value + "' in script " + script.name +
                                                       " to start at", did_you_mean(s.start->value, names));
        }
        if (s.nodes.empty()) error("missing-key", s.region, "script '" + script.name + "' has no 'nodes'");
        for (std::size_t i = 0; i < s.nodes.size(); ++i) compile_node(s.nodes[i], script.first_node + static_cast<Id>(i));
    }

    void misplaced(const std::optional<ast::Str>& key, const char* name, const char* kind) {
        if (key) error("misplaced-key", key->region, std::string("'") + name + "' does not belong on " + kind);
    }

    void compile_node(const ast::Node& n, Id id) {
        auto reported = [&](const char* key) { return std::find(n.broken.begin(), n.broken.end(), key) != n.broken.end(); };
        if (reported("*")) return;
        EchoGuard guard(echo_of_reader_, !n.broken.empty());
        Node& node = program_->nodes[id];
        const Script& script = program_->scripts[node.script];

        // The kind is the one prompt key the node has.
        struct Candidate { bool present; NodeKind kind; const char* key; };
        const Candidate candidates[] = {
            {n.ask || reported("ask"), n.type && n.type->value == "actions" ? NodeKind::ask_actions : NodeKind::ask, "ask"},
            {n.instruct || reported("instruct"), NodeKind::instruct, "instruct"},
            {n.offer || reported("offer"), NodeKind::offer, "offer"},
            {n.lookup || reported("lookup"), NodeKind::lookup, "lookup"},
            {n.call || reported("call"), NodeKind::call, "call"},
            {n.jump || reported("goto"), NodeKind::jump, "goto"},
            {n.end || reported("end"), NodeKind::end, "end"},
        };
        const char* kind_key = nullptr;
        node.kind = n.say || reported("say") ? NodeKind::say : NodeKind::branch;
        for (const Candidate& c : candidates) {
            if (!c.present) continue;
            if (kind_key) {
                error("conflicting-keys", n.region, "node '" + node.name + "' has both '" + kind_key + "' and '" + c.key +
                                                         "'; a node does one thing (split it into two nodes)");
                return;
            }
            kind_key = c.key;
            node.kind = c.kind;
        }
        if (n.say && kind_key && node.kind != NodeKind::end) {
            error("conflicting-keys", n.say->region, "'say' goes on its own node or on an 'end', not on '" +
                                                         std::string(kind_key) + "'");
        }
        if (kind_key && reported(kind_key)) return;  // what the node is was unreadable: nothing more to say
        const char* kind_name = kind_key ? kind_key : n.say ? "say" : "a branch";
        bool vowel = std::string_view("aeiou").find(kind_name[0]) != std::string_view::npos;
        std::string on_kind = kind_key || n.say ? std::string(vowel ? "an '" : "a '") + kind_name + "' node" : "a branch node";

        bool takes_reply = node.kind == NodeKind::ask || node.kind == NodeKind::ask_actions ||
                           node.kind == NodeKind::offer || node.kind == NodeKind::lookup;
        bool fills_slot = node.kind == NodeKind::ask || node.kind == NodeKind::offer || node.kind == NodeKind::lookup;
        if (node.kind == NodeKind::ask_actions && n.slot)
            error("misplaced-key", n.slot->region, "a 'type: actions' question remembers actions, not a slot");
        else if (!fills_slot) misplaced(n.slot, "slot", on_kind.c_str());
        if (node.kind != NodeKind::instruct) {
            misplaced(n.action, "action", on_kind.c_str());
            misplaced(n.repeat, "repeat", on_kind.c_str());
            misplaced(n.reason, "reason", on_kind.c_str());
        }
        if (node.kind != NodeKind::offer) misplaced(n.kind, "kind", on_kind.c_str());
        if (node.kind != NodeKind::ask && node.kind != NodeKind::ask_actions) misplaced(n.type, "type", on_kind.c_str());
        if (n.choices && node.kind != NodeKind::ask_actions)
            error("misplaced-key", n.choices->empty() ? n.region : n.choices->front().region,
                  "'choices' on a node lists actions of a 'type: actions' question; a slot's choices go in its declaration");
        if (!takes_reply) {
            misplaced(n.max_attempts, "max_attempts", on_kind.c_str());
            misplaced(n.on_fail, "on_fail", on_kind.c_str());
            if (n.hint) error("misplaced-key", n.hint->region, "'hint' does not belong on " + on_kind);
        }

        // Prompt text.
        const std::optional<ast::Text>* prompt = node.kind == NodeKind::ask || node.kind == NodeKind::ask_actions ? &n.ask
                                                 : node.kind == NodeKind::instruct ? &n.instruct
                                                 : node.kind == NodeKind::offer    ? &n.offer
                                                                                   : &n.say;
        if (*prompt) node.text = text(**prompt, script);
        if (n.hint) node.hint = text(*n.hint, script);

        switch (node.kind) {
        case NodeKind::ask:
            if (n.type) allowed_word(*n.type, KeyPlace::node, "type");
            if (!n.slot) error("missing-key", n.region, "question '" + node.name + "' needs the 'slot' its answer fills");
            break;
        case NodeKind::ask_actions:
            if (!n.choices || n.choices->empty())
                error("missing-key", n.region, "question '" + node.name + "' needs the 'choices' of actions it lists");
            else
                for (const ast::Str& c : *n.choices) {
                    Id a = program_->find_action(c.value);
                    if (a == no_id) error("bad-id", c.region, "action id '" + c.value + "' may use only letters, digits, '_', '-' and '.'");
                    else node.action_choices.push_back(a);
                }
            break;
        case NodeKind::instruct:
            if (!n.action) error("missing-key", n.region, "instruction '" + node.name + "' needs the 'action' it carries out");
            else node.action = program_->find_action(n.action->value);
            if (n.action && node.action == no_id)
                error("bad-id", n.action->region, "action id '" + n.action->value + "' may use only letters, digits, '_', '-' and '.'");
            if (n.repeat)
                if (auto b = boolean(*n.repeat, "repeat")) node.repeat = *b;
            if (n.reason) node.reason = n.reason->value;
            if (node.repeat && node.reason.empty())
                error("repeat-without-reason", n.repeat->region,
                      "'repeat: true' gives an instruction the customer has already carried out; say why with 'reason'");
            break;
        case NodeKind::offer:
            if (!n.kind) error("missing-key", n.region, "offer '" + node.name + "' needs a 'kind' (retention or upsell)");
            else if (allowed_word(*n.kind, KeyPlace::node, "kind"))
                node.offer_kind = n.kind->value == "upsell" ? OfferKind::upsell : OfferKind::retention;
            if (!n.slot) error("missing-key", n.region, "offer '" + node.name + "' needs a boolean 'slot' for the answer");
            break;
        case NodeKind::lookup:
            node.lookup_key = n.lookup->value;
            if (!n.slot) error("missing-key", n.region, "lookup '" + node.name + "' needs the 'slot' the host fills");
            break;
        case NodeKind::call:
            node.callee = program_->find_script(n.call->value);
            if (node.callee == no_id) {
                std::vector<std::string_view> names;
                for (const auto& s : program_->scripts) names.push_back(s.name);
                error("unknown-script", n.call->region, "no script '" + n.call->value + "' in the library",
                      did_you_mean(n.call->value, names));
            }
            break;
        case NodeKind::jump: {
            Id target = node_ref(*n.jump, node.script);
            if (target != no_id) node.next.push_back({no_id, target, n.jump->region});
            break;
        }
        case NodeKind::end: {
            if (!allowed_word(*n.end, KeyPlace::node, "end")) break;
            static const std::pair<std::string_view, Outcome> outcomes[] = {
                {"resolved", Outcome::resolved}, {"cancelled", Outcome::cancelled}, {"retained", Outcome::retained},
                {"escalated", Outcome::escalated}, {"transferred", Outcome::transferred},
                {"unresolved", Outcome::unresolved}, {"return", Outcome::completed}};
            for (const auto& [name, outcome] : outcomes)
                if (n.end->value == name) node.outcome = outcome;
            node.is_return = n.end->value == "return";
            break;
        }
        case NodeKind::say:
        case NodeKind::branch:
            break;
        }

        if (n.slot && fills_slot) {
            node.slot = slot_ref(*n.slot);
            if (node.slot != no_id && node.kind == NodeKind::offer &&
                program_->slots[node.slot].type != SlotType::boolean)
                error("wrong-type", n.slot->region, "the slot of an offer holds accept/decline, so '" + n.slot->value +
                                                        "' must be a boolean slot");
        }
        if (n.max_attempts) {
            int value = 0;
            const std::string& s = n.max_attempts->value;
            auto r = std::from_chars(s.data(), s.data() + s.size(), value);
            if (r.ec != std::errc() || r.ptr != s.data() + s.size() || value < 1 || value > 100)
                error("wrong-type", n.max_attempts->region, "'max_attempts' must be a whole number from 1 to 100");
            else node.max_attempts = value;
        }
        if (n.on_fail) node.on_fail = node_ref(*n.on_fail, node.script);
        if (n.tone && allowed_word(*n.tone, KeyPlace::node, "tone")) node.tone_apology = n.tone->value == "apology";
        if (n.promise) {
            const auto& caps = program_->policies.capabilities;
            auto it = std::find(caps.begin(), caps.end(), n.promise->value);
            if (it == caps.end())
                error("undeclared-promise", n.promise->region,
                      "'" + node.name + "' promises '" + n.promise->value +
                          "', which the library does not declare it can keep (capabilities in policies.yaml)",
                      did_you_mean(n.promise->value, std::vector<std::string_view>(caps.begin(), caps.end())));
            else node.promise = static_cast<Id>(it - caps.begin());
        }

        // Memory effects, applied when the node completes.
        for (const auto& [slot_name, literal] : n.set) {
            Id slot = slot_ref(slot_name);
            if (slot == no_id) continue;
            std::string problem;
            auto value = parse_literal(literal.value, program_->slots[slot], problem);
            if (!value) {
                error("wrong-type", literal.region, "'" + literal.value + "' does not fit slot '" + slot_name.value + "' (" +
                                                        to_string(program_->slots[slot].type) + ")",
                      expectation(program_->slots[slot]));
                continue;
            }
            node.set.push_back({slot, std::move(*value)});
        }
        if (n.forget)
            for (const ast::Str& f : *n.forget)
                if (Id slot = slot_ref(f); slot != no_id) node.forget.push_back(slot);

        // Where it goes next.
        bool needs_next = node.kind != NodeKind::end && node.kind != NodeKind::jump;
        if (!needs_next && n.next) {
            error("misplaced-key", n.next->empty() ? n.region : n.next->front().region,
                  std::string("'next' does not belong on ") + on_kind + "; it does not continue");
        } else if (needs_next && !n.next) {
            error("missing-next", n.region, "node '" + node.name + "' needs a 'next' (or it must be an 'end')");
        } else if (n.next) {
            for (const ast::Branch& b : *n.next) {
                Branch branch;
                if (b.condition) {
                    auto c = compile_condition(*b.condition, source_, *program_, out_);
                    if (c) {
                        program_->conditions.push_back(std::move(*c));
                        branch.condition = static_cast<Id>(program_->conditions.size() - 1);
                    }
                }
                branch.target = node_ref(b.target, node.script);
                branch.region = b.region;
                node.next.push_back(branch);
            }
        }
    }

    // ---- the library's settings (policies.yaml) ----

    std::optional<int> whole_number(const ast::Str& s, int min, int max, const char* what) {
        int value = 0;
        auto r = std::from_chars(s.value.data(), s.value.data() + s.value.size(), value);
        if (r.ec != std::errc() || r.ptr != s.value.data() + s.value.size() || value < min || value > max) {
            error("wrong-type", s.region, std::string("'") + what + "' must be a whole number from " + std::to_string(min) +
                                              " to " + std::to_string(max) + ", not '" + s.value + "'");
            return std::nullopt;
        }
        return value;
    }

    // `then:` and event targets name a node in a script: script.node.
    Id qualified_node(const ast::Str& target) {
        if (target.value.find('.') == std::string::npos) {
            error("bad-id", target.region, "'" + target.value + "' must name a node as script.node");
            return no_id;
        }
        return node_ref(target, 0);
    }

    void compile_settings() {
        Policies& pol = program_->policies;
        pol.pleasantries = {"have a good day", "have a great day", "have a nice day", "have a lovely day",
                            "have a wonderful day", "enjoy your day", "enjoy the rest of your day",
                            "have a good one", "have a good evening", "have a great evening", "have a nice weekend",
                            "glad i could help", "glad we could help", "happy to have helped", "glad that's sorted"};
        if (!settings_) return;
        const ast::Settings& s = *settings_;
        pol.region = s.region;
        if (s.version && s.version->value != "1")
            error("unsupported-version", s.version->region, "policies.yaml format version must be 1, not '" + s.version->value + "'");
        if (s.capabilities)
            for (const ast::Str& c : *s.capabilities) pol.capabilities.push_back(c.value);
        if (s.locales)
            for (const ast::Str& l : *s.locales) pol.locales.push_back(l.value);
        for (const auto& [name, target] : s.events) {
            if (name.value == "cancel" || name.value == "supervisor" || name.value == "agent" || name.value == "repeat") {
                error("duplicate-id", name.region, "'" + name.value + "' is a built-in event; its behaviour is set by the policies");
                continue;
            }
            pol.events.push_back({name.value, qualified_node(target)});
        }
        for (const ast::Policy& p : s.policies) compile_policy(p, pol);
    }

    void compile_policy(const ast::Policy& p, Policies& pol) {
        const std::string& name = p.name.value;
        bool enabled = true;
        if (p.value && (name != "max_attempts" && name != "max_turns")) {
            if (auto b = boolean(*p.value, name.c_str())) enabled = *b;
        }
        auto setting = [&](const char* key) -> const ast::Str* {
            for (const auto& [k, v] : p.settings)
                if (k.value == key) return &v;
            return nullptr;
        };
        if (name == "honor_cancellation") {
            pol.honor_cancellation = enabled;
            if (auto* v = setting("max_offers"))
                if (auto n = whole_number(*v, 0, 100, "max_offers")) pol.max_offers = *n;
            if (auto* v = setting("start")) {
                pol.cancel_script = program_->find_script(v->value);
                if (pol.cancel_script == no_id) {
                    std::vector<std::string_view> names;
                    for (const auto& sc : program_->scripts) names.push_back(sc.name);
                    error("unknown-script", v->region, "no script '" + v->value + "' in the library", did_you_mean(v->value, names));
                }
            }
            if (auto* v = setting("then")) pol.cancel_node = qualified_node(*v);
        } else if (name == "no_upsell_after_cancel") {
            pol.no_upsell_after_cancel = enabled;
        } else if (name == "escalate_on_request") {
            pol.escalate_on_request = enabled;
            if (auto* v = setting("then")) pol.escalation_node = qualified_node(*v);
        } else if (name == "max_attempts") {
            if (p.value)
                if (auto n = whole_number(*p.value, 1, 100, "max_attempts")) program_->default_max_attempts = *n;
        } else if (name == "max_turns") {
            if (p.value)
                if (auto n = whole_number(*p.value, 1, 100000, "max_turns")) pol.max_turns = *n;
        } else if (name == "no_repeat_instructions") {
            if (!enabled)
                error("wrong-type", p.value->region, "no_repeat_instructions is always on; a node opts out with repeat: true and a reason");
        } else if (name == "repeat_contact") {
            if (p.value && !enabled) return;  // off, as it is by default
            const ast::Str* slot = setting("slot");
            const ast::Str* at_least = setting("at_least");
            if (!slot || !at_least) {
                error("missing-key", p.region, "repeat_contact needs 'slot' (a number slot) and 'at_least'");
                return;
            }
            pol.contact_slot = slot_ref(*slot);
            if (pol.contact_slot != no_id && program_->slots[pol.contact_slot].type != SlotType::number)
                error("wrong-type", slot->region, "repeat_contact's slot '" + slot->value + "' must be a number slot");
            if (auto n = whole_number(*at_least, 1, 1000, "at_least")) pol.contact_threshold = *n;
        } else if (name == "closing_courtesy") {
            pol.closing_courtesy = enabled;
            if (p.phrases) {
                pol.pleasantries.clear();
                for (const ast::Str& ph : *p.phrases) {
                    std::string lower;
                    for (char c : ph.value) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                    pol.pleasantries.push_back(lower);
                }
            }
        }
    }

    // closing_courtesy, done once at load: each sentence holding a pleasantry is cut from the closing text
    // of an end whose outcome is not a solved problem, so no turn ever renders it.
    void apply_closing_courtesy() {
        const Policies& pol = program_->policies;
        if (!pol.closing_courtesy) return;
        for (Node& n : program_->nodes) {
            if (n.kind != NodeKind::end || n.text == no_id || n.is_return) continue;
            if (n.outcome == Outcome::resolved || n.outcome == Outcome::retained) continue;
            for (Text::Variant& v : program_->texts[n.text].variants)
                for (Id i = 0; i < pol.pleasantries.size(); ++i)
                    if (drop_pleasantry(v, pol.pleasantries[i])) n.dropped_pleasantry = i;
        }
    }

    // Cuts every sentence holding `phrase` (lower case) from one text. A slot hole belongs to its
    // sentence, so a pleasantry that names the customer ("Have a good day, {customer.name}!") goes as a whole.
    static bool drop_pleasantry(Text::Variant& v, const std::string& phrase) {
        bool dropped = false;
        while (drop_sentence(v.segments, phrase)) dropped = true;
        return dropped;
    }

    // A place in a text: character `ch` of segment `seg` (a slot hole is one character wide).
    struct TextPlace {
        std::size_t seg, ch;
    };

    // Cuts the first sentence holding `phrase`. Relies on the compiler's segments: literals are never
    // empty and never next to each other (a literal runs up to a hole), so the phrase lies in one literal.
    static bool drop_sentence(std::vector<Text::Segment>& segs, const std::string& phrase) {
        if (phrase.empty()) return false;
        auto ends_sentence = [](char c) { return c == '.' || c == '!' || c == '?'; };
        auto is_hole = [&](std::size_t seg) { return segs[seg].slot != no_id; };
        TextPlace match{segs.size(), 0};
        for (std::size_t seg = 0; seg < segs.size() && match.seg == segs.size(); ++seg) {
            std::string lower;
            for (char c : segs[seg].literal) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (std::size_t at = lower.find(phrase); !is_hole(seg) && at != std::string::npos) match = {seg, at};
        }
        if (match.seg == segs.size()) return false;

        // The sentence begins after the previous one's punctuation and the spaces that follow it.
        TextPlace begin = match;
        for (;;) {
            const std::string& text = segs[begin.seg].literal;
            while (begin.ch > 0 && !is_hole(begin.seg) && !ends_sentence(text[begin.ch - 1])) --begin.ch;
            if (is_hole(begin.seg)) begin.ch = 0;
            if (begin.ch > 0 || begin.seg == 0) break;
            --begin.seg;
            begin.ch = is_hole(begin.seg) ? 1 : segs[begin.seg].literal.size();
        }
        const std::string& first = segs[begin.seg].literal;
        std::size_t limit = begin.seg == match.seg ? match.ch : first.size();
        while (begin.ch < limit && first[begin.ch] == ' ') ++begin.ch;

        // It ends at its own punctuation, with the spaces after it (a hole ends that run).
        TextPlace end{match.seg, match.ch + phrase.size()};
        for (; end.seg < segs.size(); ++end.seg, end.ch = 0) {
            const std::string& text = segs[end.seg].literal;
            while (end.ch < text.size() && !ends_sentence(text[end.ch])) ++end.ch;
            if (end.ch < text.size()) break;
        }
        if (end.seg < segs.size()) {
            const std::string& text = segs[end.seg].literal;
            while (end.ch < text.size() && (ends_sentence(text[end.ch]) || text[end.ch] == ' ')) ++end.ch;
        }

        if (begin.seg == end.seg) {
            segs[begin.seg].literal.erase(begin.ch, end.ch - begin.ch);
        } else {
            if (end.seg < segs.size()) segs[end.seg].literal.erase(0, end.ch);  // `end` is never in a hole
            if (is_hole(begin.seg)) segs[begin.seg] = Text::Segment{"", no_id};  // the text began with it
            else segs[begin.seg].literal.erase(begin.ch);
            segs.erase(segs.begin() + static_cast<std::ptrdiff_t>(begin.seg) + 1,
                       segs.begin() + static_cast<std::ptrdiff_t>(end.seg));
        }
        tidy_after_cut(segs);
        return true;
    }

    // After a cut: literals merged and never empty again, and no spaces left at the end of the text.
    static void tidy_after_cut(std::vector<Text::Segment>& segs) {
        std::vector<Text::Segment> joined;
        for (Text::Segment& seg : segs) {
            bool literal = seg.slot == no_id;
            if (literal && seg.literal.empty()) continue;
            if (literal && !joined.empty() && joined.back().slot == no_id) joined.back().literal += seg.literal;
            else joined.push_back(std::move(seg));
        }
        while (!joined.empty() && joined.back().slot == no_id) {
            std::string& text = joined.back().literal;
            while (!text.empty() && text.back() == ' ') text.pop_back();
            if (!text.empty()) break;
            joined.pop_back();
        }
        segs = std::move(joined);
    }

    void warn_without_cancellation_node() {
        const Policies& pol = program_->policies;
        if (!pol.honor_cancellation || pol.cancel_node != no_id) return;
        for (const Node& n : program_->nodes)
            if (n.kind == NodeKind::offer && n.offer_kind == OfferKind::retention) {
                program_->warnings.push_back(make_diagnostic(
                    "no-cancellation-node", Severity::warning, n.region,
                    "this library makes retention offers but declares no cancellation node; a cancel request will end "
                    "the conversation with a plain confirmation",
                    "declare one in policies.yaml: policies: {honor_cancellation: {then: script.node}}"));
                return;
            }
    }

    const std::vector<ast::Script>& scripts_;
    const ast::Settings* settings_;
    std::vector<Diagnostic>& out_;
    std::shared_ptr<Program> program_;
    std::vector<Id> script_of_ast_;
    std::string_view source_;  // the text of the script being compiled
    bool echo_of_reader_ = false;  // the entity being compiled has a value the reader reported
};


}  // namespace

std::shared_ptr<const Program> compile(const std::vector<ast::Script>& scripts, const ast::Settings* settings,
                                       std::vector<Diagnostic>& diagnostics) {
    return Compiler(scripts, settings, diagnostics).run();
}

}  // namespace parley::detail
