// The compiler: resolves the names and types of a library's scripts and of its policies.yaml into one
// immutable Program. Names come first (every script, slot and action), so any script may refer to any
// other; then each script's nodes; closing_courtesy is applied to the compiled texts last.
#include "compile/compiler.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <initializer_list>

#include "common/diagnostics.hpp"
#include "common/fold.hpp"
#include "common/locale.hpp"
#include "common/suggest.hpp"
#include "compile/condition.hpp"
#include "load/format_table.hpp"
#include "load/source_map.hpp"
#include "model/dates.hpp"
#include "model/fingerprint.hpp"
#include "model/values.hpp"
#include "model/vocabulary.hpp"
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

std::string lower_case(std::string_view s) {
    std::string out;
    for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
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

// The reader could not read the value of `key` on this node ("*": the node itself).
bool reported(const ast::Node& n, std::string_view key) {
    return std::find(n.broken.begin(), n.broken.end(), key) != n.broken.end();
}

// "an 'ask' node", "a branch node": how messages name a kind of node.
std::string on_kind(NodeKind kind) {
    if (kind == NodeKind::branch) return "a branch node";
    std::string key = to_string(kind);
    bool vowel = std::string_view("aeiou").find(key[0]) != std::string_view::npos;
    return (vowel ? "an '" : "a '") + key + "' node";
}

// The keys only some kinds of node take, in the order a node's misplaced keys are reported.
enum class NodeKey { slot, action, repeat, reason, kind, type, choices, max_attempts, on_fail, on_unknown, hint, outcome };
constexpr Words<NodeKey, 12> node_key_words = {{
    {NodeKey::slot, "slot"}, {NodeKey::action, "action"}, {NodeKey::repeat, "repeat"}, {NodeKey::reason, "reason"},
    {NodeKey::kind, "kind"}, {NodeKey::type, "type"}, {NodeKey::choices, "choices"},
    {NodeKey::max_attempts, "max_attempts"}, {NodeKey::on_fail, "on_fail"}, {NodeKey::on_unknown, "on_unknown"},
    {NodeKey::hint, "hint"}, {NodeKey::outcome, "outcome"},
}};

// Where `key` is written on `n`, or nullopt when it is not.
std::optional<SourceRegion> written_at(const ast::Node& n, NodeKey key) {
    auto at = [](const ast::Maybe<ast::Str>& s) { return s ? std::optional(s->region) : std::nullopt; };
    switch (key) {
    case NodeKey::slot: return at(n.slot);
    case NodeKey::action: return at(n.action);
    case NodeKey::repeat: return at(n.repeat);
    case NodeKey::reason: return at(n.reason);
    case NodeKey::kind: return at(n.kind);
    case NodeKey::type: return at(n.type);
    case NodeKey::max_attempts: return at(n.max_attempts);
    case NodeKey::on_fail: return at(n.on_fail);
    case NodeKey::on_unknown: return at(n.on_unknown);
    case NodeKey::outcome: return at(n.outcome);
    case NodeKey::hint: return n.hint ? std::optional(n.hint->region) : std::nullopt;
    case NodeKey::choices:
        if (!n.choices) return std::nullopt;
        return n.choices->empty() ? n.region : n.choices->front().region;
    }
    return std::nullopt;
}

std::string misplaced_message(NodeKey key, NodeKind kind) {
    if (key == NodeKey::choices)
        return "'choices' on a node lists actions of a 'type: actions' question; a slot's choices go in its declaration";
    if (key == NodeKey::slot && kind == NodeKind::ask_actions)
        return "a 'type: actions' question remembers actions, not a slot";
    return "'" + std::string(word_for(node_key_words, key)) + "' does not belong on " + on_kind(kind);
}

// The value of setting `key` in a policy's map (`settings` or `lists`), or null.
template <class Value>
const Value* setting(const std::vector<std::pair<ast::Str, Value>>& settings, std::string_view key) {
    for (const auto& [k, v] : settings)
        if (k.value == key) return &v;
    return nullptr;
}

// closing_courtesy's phrases when policies.yaml does not list its own, per locale: each is cut only
// from texts in its locale (or a child of it: es's from es-MX's).
const std::pair<const char*, const char*> default_pleasantries[] = {
    {"en", "have a good day"}, {"en", "have a great day"}, {"en", "have a nice day"}, {"en", "have a lovely day"},
    {"en", "have a wonderful day"}, {"en", "enjoy your day"}, {"en", "enjoy the rest of your day"},
    {"en", "have a good one"}, {"en", "have a good evening"}, {"en", "have a great evening"},
    {"en", "have a nice weekend"}, {"en", "glad i could help"}, {"en", "glad we could help"},
    {"en", "happy to have helped"}, {"en", "glad that's sorted"},
    {"es", "que tenga un buen día"}, {"es", "que tenga un buen dia"}, {"es", "que tenga un excelente día"},
    {"es", "que tenga un feliz día"}, {"es", "que pase un buen día"}, {"es", "que pase un buen dia"},
    {"es", "que tenga una buena tarde"}, {"es", "que tenga buena tarde"}, {"es", "que tenga una buena noche"},
    {"es", "que disfrute del resto del día"}, {"es", "que tenga un buen fin de semana"},
    {"es", "buen fin de semana"}, {"es", "me alegra haberle ayudado"}, {"es", "me alegra haber podido ayudarle"},
    {"es", "encantado de ayudarle"}, {"es", "encantada de ayudarle"}, {"es", "un placer ayudarle"}};

class Compiler {
public:
    Compiler(const std::vector<ast::Script>& scripts, const ast::Settings* settings, std::vector<Diagnostic>& out)
        : scripts_(scripts), settings_(settings), out_(out), program_(std::make_shared<Program>()) {}

    std::shared_ptr<const Program> run() {
        std::size_t errors_before = error_count();
        std::size_t first_own = out_.size();
        register_scripts();
        register_slots();
        register_actions();
        register_action_labels();
        compile_settings();
        for (std::size_t i = 0; i < scripts_.size(); ++i)
            if (script_of_ast_[i] != no_id) compile_script(scripts_[i], script_of_ast_[i]);
        hold_back_knock_on(first_own);
        if (error_count() > errors_before) return nullptr;
        mark_branched_on();
        apply_closing_courtesy();
        build_lexicons(*program_);
        warn_without_cancellation_node();
        keep_suppressions();
        compute_fingerprints(*program_);
        index_sole_askers(*program_);
        index_catalog(*program_);
        build_dates();
        return program_;
    }

private:
    // The date words of every locale the library may speak, when it has a date slot (ICU, once).
    void build_dates() {
        if (std::none_of(program_->slots.begin(), program_->slots.end(), [](const SlotDecl& d) { return d.type == SlotType::date; }))
            return;
        std::vector<std::string> locales = program_->policies.locales;
        for (const Script& s : program_->scripts) locales.push_back(s.locale);
        locales.insert(locales.end(), {"en", "es"});
        build_date_book(program_->dates, locales);
        std::int32_t earliest = INT32_MAX;
        for (const Condition& c : program_->conditions)
            for (const Val& v : c.constants)
                if (v.type == SlotType::date) earliest = std::min(earliest, static_cast<std::int32_t>(v.number));
        for (const SlotDecl& d : program_->slots)
            if (d.type == SlotType::date) {
                if (d.has_min && !d.min_today) earliest = std::min(earliest, static_cast<std::int32_t>(d.min));
                if (d.has_max && !d.max_today) earliest = std::min(earliest, static_cast<std::int32_t>(d.max));
            }
        if (earliest != INT32_MAX && earliest > -719000) program_->dates.explored_today = earliest - 1;
    }

    std::size_t error_count() const {
        return static_cast<std::size_t>(std::count_if(out_.begin(), out_.end(), [](const Diagnostic& d) {
            return d.severity == Severity::error;
        }));
    }

    void error(Rule rule, const SourceRegion& where, std::string message, std::string note = {}) {
        // Where the reader already reported a malformed value, a missing or misplaced key is its echo.
        if (echo_of_reader_ && (rule == Rule::missing_key || rule == Rule::missing_next || rule == Rule::misplaced_key)) return;
        out_.push_back(make_diagnostic(rule, where, std::move(message), std::move(note)));
    }

    // A locale tag in its canonical form; a bad one is reported, and kept as written so that nothing
    // else reports it again.
    std::string locale_tag(const std::string& tag, const SourceRegion& at) {
        if (std::optional<std::string> canonical = canonical_locale(tag)) return *canonical;
        LocaleProblem problem = locale_problem(tag);
        error(Rule::bad_locale, at, std::move(problem.message), std::move(problem.note));
        return tag;
    }

    // A file that could not be read declares scripts, slots and actions no one can see, so the other
    // files' references to names its text holds are not mistakes of their own: they are held back, and
    // the unreadable file's error says how many (they are checked again once it reads).
    void hold_back_knock_on(std::size_t first_own) {
        auto unreadable = std::find_if(scripts_.begin(), scripts_.end(), [](const ast::Script& s) { return !s.id && !s.is_map; });
        if (unreadable == scripts_.end()) return;
        auto knock_on = [&](const Diagnostic& d) {
            bool script = d.rule == id_of(Rule::unknown_script);
            if (!script && d.rule != id_of(Rule::unknown_slot) && d.rule != id_of(Rule::unknown_action)) return false;
            std::string name = name_at(d.region);
            if (script) name = name.substr(0, name.find('.'));  // script.node names the script first
            return !name.empty() && std::any_of(scripts_.begin(), scripts_.end(), [&](const ast::Script& s) {
                return !s.id && !s.is_map && s.text.find(name) != std::string::npos;
            });
        };
        auto own = out_.begin() + static_cast<std::ptrdiff_t>(first_own);
        auto held = std::stable_partition(own, out_.end(), [&](const Diagnostic& d) { return !knock_on(d); });
        std::size_t count = static_cast<std::size_t>(out_.end() - held);
        out_.erase(held, out_.end());
        if (count == 0) return;
        auto its_error = std::find_if(out_.begin(), own, [&](const Diagnostic& d) {
            return d.severity == Severity::error && d.region.file == unreadable->file;
        });
        if (its_error == own) return;
        its_error->notes.push_back(std::to_string(count) + (count == 1 ? " reference" : " references") +
                                   " in other files to a name this file holds not checked: it may declare them; they are "
                                   "checked once it reads");
    }

    // The name (letters, digits, '_', '-', '.') a diagnostic points at, read from its file.
    std::string name_at(const SourceRegion& r) const {
        auto file = std::find_if(scripts_.begin(), scripts_.end(), [&](const ast::Script& s) { return s.file == r.file; });
        if (file == scripts_.end() || r.line <= 0 || r.column <= 0) return {};
        std::size_t at = 0;
        for (int line = 1; line < r.line && at != std::string::npos; ++line) {
            at = file->text.find('\n', at);
            if (at != std::string::npos) ++at;
        }
        if (at == std::string::npos) return {};
        at += static_cast<std::size_t>(r.column - 1);
        std::size_t end = at;
        auto in_name = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'; };
        while (end < file->text.size() && in_name(file->text[end])) ++end;
        return at < file->text.size() ? file->text.substr(at, end - at) : std::string();
    }

    static std::string where(const SourceRegion& r) { return r.file + ":" + std::to_string(r.line); }

    // ---- single values ----

    // The allowed words of a key come from the format table (the same list the schema shows).
    bool allowed_word(const ast::Str& value, KeyPlace place, std::string_view key) {
        const std::vector<std::string_view>& words = find_key(place, key)->values;
        if (std::find(words.begin(), words.end(), value.value) != words.end()) return true;
        std::string list;
        for (std::size_t i = 0; i < words.size(); ++i)
            list += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + std::string(words[i]);
        error(Rule::wrong_type, value.region, "'" + std::string(key) + "' must be " + list + ", not '" + value.value + "'",
              did_you_mean(value.value, words));
        return false;
    }

    // What an allowed word of a key means in its vocabulary table; nullopt (reported) for another word.
    template <class E, std::size_t N>
    std::optional<E> meaning(const ast::Str& value, KeyPlace place, std::string_view key, const Words<E, N>& words) {
        if (!allowed_word(value, place, key)) return std::nullopt;
        return meaning_of(words, value.value);
    }

    std::optional<double> number(const ast::Str& s) {
        double d = 0;
        if (!read_number(s.value, d)) {
            error(Rule::wrong_type, s.region,
                  "'" + s.value + "' is not a number parley holds (finite, and 0 or at least 2.2e-308 in size)");
            return std::nullopt;
        }
        return d;
    }

    // A date slot's `min:` or `max:`: a date (2027-07-01), or today with an optional offset in days
    // (`today`, `today + 30`, `today - 1`; `relative` is set and the offset returned).
    std::optional<double> date_bound(const ast::Str& s, bool& relative) {
        std::string_view v = trim_spaces(s.value);
        std::int32_t day = 0;
        bool form = false;
        if (read_iso_date(v, day, &form)) return static_cast<double>(day);
        if (form) {
            error(Rule::bad_date, s.region, "'" + s.value + "' is not a day of the calendar");
            return std::nullopt;
        }
        if (v.substr(0, 5) == "today") {
            std::string_view rest = trim_spaces(v.substr(5));
            relative = true;
            if (rest.empty()) return 0.0;
            char sign = rest.front();
            rest = trim_spaces(rest.substr(1));
            double n = 0;
            if ((sign == '+' || sign == '-') && !rest.empty() && rest.size() <= 6 &&
                std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; }) && read_number(rest, n))
                return sign == '-' ? -n : n;
            relative = false;
        }
        error(Rule::bad_date, s.region, "'" + s.value + "' is not a date: write YYYY-MM-DD (2027-07-01), today, or today + N days");
        return std::nullopt;
    }

    std::optional<int> whole_number(const ast::Str& s, int min, int max, const char* what) {
        int value = 0;
        auto r = std::from_chars(s.value.data(), s.value.data() + s.value.size(), value);
        if (r.ec != std::errc() || r.ptr != s.value.data() + s.value.size() || value < min || value > max) {
            error(Rule::wrong_type, s.region, std::string("'") + what + "' must be a whole number from " + std::to_string(min) +
                                              " to " + std::to_string(max) + ", not '" + s.value + "'");
            return std::nullopt;
        }
        return value;
    }

    std::optional<bool> boolean(const ast::Str& s, const char* key) {
        std::optional<bool> b = written_boolean(s.value);
        if (!b) error(Rule::wrong_type, s.region, std::string("'") + key + "' must be true or false, not '" + s.value + "'");
        return b;
    }

    // ---- names first, so that any script can refer to any other ----

    void register_scripts() {
        script_of_ast_.assign(scripts_.size(), no_id);
        std::size_t node_count = 0;  // grow the node table and its index once, not as they fill
        for (const ast::Script& s : scripts_) node_count += s.nodes.size();
        program_->nodes.reserve(node_count);
        program_->node_index.reserve(node_count);
        for (std::size_t i = 0; i < scripts_.size(); ++i) {
            const ast::Script& s = scripts_[i];
            if (!s.id) {
                bool id_reported = std::find(s.broken.begin(), s.broken.end(), "script") != s.broken.end();
                if (s.is_map && !id_reported)  // an empty or broken file was already reported
                    error(Rule::missing_key, s.region, "this script has no 'script' id");
                continue;
            }
            if (!is_identifier(s.id->value, false)) {
                error(Rule::bad_id, s.id->region, "script id '" + s.id->value +
                                                  "' may use only letters, digits, '_' and '-' (no dots)");
                continue;
            }
            Id existing = program_->find_script(s.id->value);
            if (existing != no_id) {
                error(Rule::duplicate_id, s.id->region, "script '" + s.id->value + "' is defined twice",
                      "first defined at " + where(program_->scripts[existing].region));
                continue;
            }
            Id id = static_cast<Id>(program_->scripts.size());
            Script script;
            script.name = s.id->value;
            script.file = s.file;
            script.region = s.id->region;
            script.locale = s.locale ? locale_tag(s.locale->value, s.locale->region) : "en";
            script.first_node = static_cast<Id>(program_->nodes.size());
            for (const ast::Node& n : s.nodes) {
                if (!is_identifier(n.id.value, false)) {
                    error(Rule::bad_id, n.id.region, "node id '" + n.id.value +
                                                     "' may use only letters, digits, '_' and '-' (no dots)");
                }
                Node node;
                node.script = id;
                node.name = n.id.value;
                node.region = n.region;
                program_->add_node(std::move(node));
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
            for (const ast::Slot& s : scripts_[i].slots) declare_slot(s, program_->scripts[script_of_ast_[i]].locale);
        }
    }

    void declare_slot(const ast::Slot& s, const std::string& script_locale) {
        EchoGuard guard(echo_of_reader_, !s.broken.empty());
        if (!is_identifier(s.name.value, true)) {
            error(Rule::bad_id, s.name.region, "slot name '" + s.name.value +
                                               "' may use only letters, digits, '_', '-' and '.'");
            return;
        }
        SlotDecl d;
        d.name = s.name.value;
        d.region = s.region;
        if (!s.type) {
            error(Rule::missing_key, s.region, "slot '" + d.name + "' needs a 'type' (boolean, choice, number, text or date)");
            declare_broken(std::move(d));
            return;
        }
        std::optional<SlotType> type = meaning(*s.type, KeyPlace::slot, "type", slot_type_words);
        if (!type) {
            declare_broken(std::move(d));
            return;
        }
        d.type = *type;
        if (s.choices) {
            if (d.type != SlotType::choice)
                error(Rule::misplaced_key, s.choices->empty() ? s.region : s.choices->front().region,
                      "only a choice slot has 'choices'");
            for (const ast::Str& c : *s.choices) {
                if (std::find(d.choices.begin(), d.choices.end(), c.value) != d.choices.end())
                    error(Rule::duplicate_id, c.region, "choice '" + c.value + "' is listed twice");
                else d.choices.push_back(c.value);
            }
        }
        if (d.type == SlotType::choice && d.choices.empty()) {
            error(Rule::missing_key, s.region, "choice slot '" + d.name + "' needs a list of 'choices'");
            return;
        }
        if (s.labels) compile_labels(*s.labels, d);
        compile_choice_words(s, d, script_locale);
        for (auto [key, bound, has] : {std::tuple{"min", &s.min, &d.has_min}, std::tuple{"max", &s.max, &d.has_max}}) {
            if (!*bound) continue;
            if (d.type == SlotType::date) {
                bool& relative = std::string_view(key) == "min" ? d.min_today : d.max_today;
                if (auto n = date_bound(**bound, relative)) {
                    *has = true;
                    (std::string_view(key) == "min" ? d.min : d.max) = *n;
                }
            } else if (d.type != SlotType::number) error(Rule::misplaced_key, (*bound)->region, std::string("only a number or date slot has '") + key + "'");
            else if (auto n = number(**bound)) {
                *has = true;
                (std::string_view(key) == "min" ? d.min : d.max) = *n;
            }
        }
        if (d.has_min && d.has_max && d.min_today == d.max_today && d.min > d.max)
            error(Rule::wrong_type, s.max->region, "'max' is smaller than 'min'");
        if (s.prefill)
            if (auto b = boolean(*s.prefill, "prefill")) d.prefill = *b;
        if (s.description) d.description = s.description->value;

        Id existing = program_->find_slot(d.name);
        if (existing != no_id) {
            const SlotDecl& first = program_->slots[existing];
            if (first.type != d.type || first.choices != d.choices || first.has_min != d.has_min ||
                first.has_max != d.has_max || first.min != d.min || first.max != d.max || first.min_today != d.min_today ||
                first.max_today != d.max_today)
                error(Rule::conflicting_slot, s.region, "slot '" + d.name + "' is declared differently elsewhere",
                      "first declared at " + where(first.region));
            else merge_choice_words(program_->slots[existing], d);
            return;
        }
        program_->slot_ids.emplace(d.name, static_cast<Id>(program_->slots.size()));
        program_->slots.push_back(std::move(d));
    }

    // `labels:` of a choice slot: what a console shows for each choice; a choice without one shows its name.
    void compile_labels(const std::vector<std::pair<ast::Str, ast::Str>>& labels, SlotDecl& d) {
        if (d.type != SlotType::choice) {
            if (!labels.empty()) error(Rule::misplaced_key, labels.front().first.region, "only a choice slot has 'labels'");
            return;
        }
        d.labels.assign(d.choices.size(), std::string());
        for (const auto& [choice, label] : labels) {
            auto it = std::find(d.choices.begin(), d.choices.end(), choice.value);
            if (it == d.choices.end())
                error(Rule::bad_choice, choice.region, "'" + choice.value + "' has a label but is not a choice of slot '" + d.name + "'",
                      did_you_mean(choice.value, d.choices, as_name));
            else if (label.value.empty()) error(Rule::wrong_type, label.region, "the label of '" + choice.value + "' is empty");
            else d.labels[static_cast<std::size_t>(it - d.choices.begin())] = label.value;
        }
    }

    // The labels per locale and the synonyms of each choice: `labels:` (a plain label is in the script's
    // locale) and choices written as maps. A plain label also stays what a console shows (SlotInfo).
    void compile_choice_words(const ast::Slot& s, SlotDecl& d, const std::string& script_locale) {
        if (d.type != SlotType::choice) return;
        d.words.assign(d.choices.size(), Labels{});
        for (std::size_t c = 0; c < d.labels.size(); ++c)
            if (!d.labels[c].empty()) d.words[c].by_locale.push_back({script_locale, d.labels[c]});
        for (const ast::Labels& l : s.words) {
            auto it = std::find(d.choices.begin(), d.choices.end(), l.of.value);
            if (it == d.choices.end()) {
                error(Rule::bad_choice, l.of.region, "'" + l.of.value + "' has a label but is not a choice of slot '" + d.name + "'",
                      did_you_mean(l.of.value, d.choices, as_name));
                continue;
            }
            auto c = static_cast<std::size_t>(it - d.choices.begin());
            compile_label_words(l, d.words[c], script_locale);
            if (d.labels.empty()) d.labels.assign(d.choices.size(), std::string());
            if (d.labels[c].empty())
                if (const std::string* label = d.words[c].in(script_locale)) d.labels[c] = *label;
        }
    }

    // One choice's or action's labels: locales checked and made canonical, empty labels refused.
    void compile_label_words(const ast::Labels& l, Labels& out, const std::string& script_locale) {
        out.region = l.region;
        for (const auto& [locale, label] : l.by_locale) {
            std::string tag = locale.empty() ? script_locale : locale_tag(locale, label.region);
            if (label.value.empty()) error(Rule::wrong_type, label.region, "the label of '" + l.of.value + "' is empty");
            else if (out.in(tag))
                error(Rule::duplicate_id, label.region, "'" + l.of.value + "' has a label for locale " + tag + " twice");
            else out.by_locale.push_back({tag, label.value});
        }
        for (const ast::Str& also : l.also)
            if (std::find(out.also.begin(), out.also.end(), also.value) == out.also.end()) out.also.push_back(also.value);
    }

    // A slot declared again in another script may add labels and synonyms its first declaration lacks.
    static void merge_choice_words(SlotDecl& first, const SlotDecl& again) {
        for (std::size_t c = 0; c < again.words.size() && c < first.words.size(); ++c) {
            for (const auto& [locale, label] : again.words[c].by_locale)
                if (!first.words[c].in(locale)) first.words[c].by_locale.push_back({locale, label});
            for (const std::string& also : again.words[c].also)
                if (std::find(first.words[c].also.begin(), first.words[c].also.end(), also) == first.words[c].also.end())
                    first.words[c].also.push_back(also);
        }
    }

    // `actions:` of each script: the labels and synonyms of actions the scripts perform.
    void register_action_labels() {
        program_->action_labels.assign(program_->actions.size(), Labels{});
        for (std::size_t i = 0; i < scripts_.size(); ++i) {
            if (script_of_ast_[i] == no_id) continue;
            const std::string& locale = program_->scripts[script_of_ast_[i]].locale;
            for (const ast::Labels& l : scripts_[i].actions) {
                Id a = program_->find_action(l.of.value);
                if (a == no_id) {
                    error(Rule::unknown_action, l.of.region, "'actions' labels '" + l.of.value + "', which no instruction or 'type: actions' question uses",
                          did_you_mean(l.of.value, program_->actions, as_name));
                    continue;
                }
                Labels words;
                compile_label_words(l, words, locale);
                Labels& into = program_->action_labels[a];
                if (into.region.file.empty()) into.region = words.region;
                for (auto& [tag, label] : words.by_locale)
                    if (!into.in(tag)) into.by_locale.push_back({tag, std::move(label)});
                for (std::string& also : words.also)
                    if (std::find(into.also.begin(), into.also.end(), also) == into.also.end()) into.also.push_back(std::move(also));
            }
        }
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
                if (n.choices && n.type && n.type->value == actions_type_word)
                    for (const ast::Str& c : *n.choices)
                        if (is_identifier(c.value, true)) intern_action(c.value);
            }
        }
    }

    // ---- references by name ----

    Id slot_ref(const ast::Str& name) {
        Id id = program_->find_slot(name.value);
        if (id == no_id)
            error(Rule::unknown_slot, name.region, "slot '" + name.value + "' is not declared in any script's 'slots'",
                  did_you_mean(name.value, program_->slots, &SlotDecl::name));
        return id;
    }

    Id script_ref(std::string_view name, const SourceRegion& where) {
        Id id = program_->find_script(name);
        if (id == no_id)
            error(Rule::unknown_script, where, "no script '" + std::string(name) + "' in the library",
                  did_you_mean(name, program_->scripts, &Script::name));
        return id;
    }

    // A node of `script`, or of another script as script.node.
    Id node_ref(const ast::Str& target, Id script) {
        std::string_view name = target.value;
        std::size_t dot = name.find('.');
        if (dot != std::string_view::npos) {
            script = script_ref(name.substr(0, dot), target.region);
            if (script == no_id) return no_id;
            name = name.substr(dot + 1);
        }
        Id id = program_->find_node(script, name);
        if (id == no_id)
            error(Rule::unknown_node, target.region, "no node '" + std::string(name) + "' in script " + program_->scripts[script].name,
                  did_you_mean(name, program_->nodes_of(script), &Node::name));
        return id;
    }

    // `then:` and event targets name a node in a script: script.node.
    Id qualified_node(const ast::Str& target) {
        if (target.value.find('.') == std::string::npos) {
            error(Rule::bad_id, target.region, "'" + target.value + "' must name a node as script.node");
            return no_id;
        }
        return node_ref(target, 0);
    }

    // ---- then each script's nodes ----

    Id text(const ast::Text& t, const Script& script) {
        Text compiled;
        compiled.region = t.region;
        for (const auto& [locale, str] : t.variants) {
            Text::Variant v;
            v.locale = locale.empty() ? script.locale : locale_tag(locale, str.region);
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
                        error(Rule::bad_template, locate(source_, str, i), "this '{' is not closed; write {{ for a literal brace");
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
        if (!s.version) error(Rule::missing_key, s.region, "script '" + script.name + "' needs 'version: 1'");
        else if (s.version->value != std::to_string(format_version))
            error(Rule::unsupported_version, s.version->region, "this library reads format version " +
                                                                std::to_string(format_version) + ", not '" + s.version->value + "'");
        if (!s.start) error(Rule::missing_key, s.region, "script '" + script.name + "' needs a 'start' node");
        else if ((script.start = program_->find_node(id, s.start->value)) == no_id)
            error(Rule::unknown_node, s.start->region, "no node '" + s.start->value + "' in script " + script.name +
                                                       " to start at", did_you_mean(s.start->value, program_->nodes_of(id), &Node::name));
        if (s.entry)
            if (auto b = boolean(*s.entry, "entry")) script.entry = *b;
        if (s.nodes.empty()) error(Rule::missing_key, s.region, "script '" + script.name + "' has no 'nodes'");
        for (std::size_t i = 0; i < s.nodes.size(); ++i) compile_node(s.nodes[i], script.first_node + static_cast<Id>(i));
        for (const auto& [old_node, target] : s.migrate)
            if (Id node = node_ref(target, id); node != no_id) script.migrate.push_back({old_node.value, node});
    }

    // A node's kind is the one prompt key it has. The function for the kind opens with the keys that kind
    // takes and reads them; what any node may carry (retries, tone, promise, memory effects, next) follows.
    void compile_node(const ast::Node& n, Id id) {
        if (reported(n, "*")) return;
        EchoGuard guard(echo_of_reader_, !n.broken.empty());
        Node& node = program_->nodes[id];
        if (!classify(n, node)) return;
        switch (node.kind) {
        case NodeKind::ask: compile_ask(n, node); break;
        case NodeKind::ask_actions: compile_ask_actions(n, node); break;
        case NodeKind::instruct: compile_instruct(n, node); break;
        case NodeKind::say: compile_say(n, node); break;
        case NodeKind::offer: compile_offer(n, node); break;
        case NodeKind::call: compile_call(n, node); break;
        case NodeKind::lookup: compile_lookup(n, node); break;
        case NodeKind::jump: compile_goto(n, node); break;
        case NodeKind::branch: compile_branch(n, node); break;
        case NodeKind::end: compile_end(n, node); break;
        }
        compile_retries(n, node);
        compile_commitments(n, node);
        compile_effects(n, node);
        compile_next(n, node);
    }

    // Sets the node's kind from the one prompt key it has (`say` may go with `end`). False when nothing
    // more should be said about the node: it has two kinds, or what it is could not be read.
    bool classify(const ast::Node& n, Node& node) {
        auto has = [&](const auto& value, const char* key) { return value.has_value() || reported(n, key); };
        struct Candidate { bool present; NodeKind kind; const char* key; };
        bool actions = n.type && n.type->value == actions_type_word;
        const Candidate candidates[] = {
            {has(n.ask, "ask"), actions ? NodeKind::ask_actions : NodeKind::ask, "ask"},
            {has(n.instruct, "instruct"), NodeKind::instruct, "instruct"},
            {has(n.offer, "offer"), NodeKind::offer, "offer"},
            {has(n.lookup, "lookup"), NodeKind::lookup, "lookup"},
            {has(n.call, "call"), NodeKind::call, "call"},
            {has(n.jump, "goto"), NodeKind::jump, "goto"},
            {has(n.end, "end"), NodeKind::end, "end"},
        };
        const char* kind_key = nullptr;
        node.kind = has(n.say, "say") ? NodeKind::say : NodeKind::branch;
        for (const Candidate& c : candidates) {
            if (!c.present) continue;
            if (kind_key) {
                error(Rule::conflicting_keys, n.region, "node '" + node.name + "' has both '" + kind_key + "' and '" + c.key +
                                                         "'; a node does one thing (split it into two nodes)");
                return false;
            }
            kind_key = c.key;
            node.kind = c.kind;
        }
        if (n.say && kind_key && node.kind != NodeKind::end && node.kind != NodeKind::instruct)
            error(Rule::conflicting_keys, n.say->region, "'say' goes on its own node, on an 'end' or on an 'instruct', not on '" +
                                                         std::string(kind_key) + "'");
        return !(kind_key && reported(n, kind_key));
    }

    // Reports each key of `n` that only other kinds of node take: the node's kind takes `allowed`.
    void takes(const ast::Node& n, const Node& node, std::initializer_list<NodeKey> allowed) {
        for (const Word<NodeKey>& key : node_key_words) {
            std::optional<SourceRegion> at = written_at(n, key.meaning);
            if (at && std::find(allowed.begin(), allowed.end(), key.meaning) == allowed.end())
                error(Rule::misplaced_key, *at, misplaced_message(key.meaning, node.kind));
        }
    }

    // The node's prompt (its own key; for other kinds `say`, an end's closing text) and its hint. Both
    // are compiled even where misplaced, so that the slots they name are checked.
    void prompt_and_hint(const ast::Node& n, Node& node) {
        const ast::Maybe<ast::Text>& prompt = node.kind == NodeKind::ask || node.kind == NodeKind::ask_actions ? n.ask
                                                 : node.kind == NodeKind::instruct ? n.instruct
                                                 : node.kind == NodeKind::offer    ? n.offer
                                                                                   : n.say;
        const Script& script = program_->scripts[node.script];
        if (prompt) node.text = text(*prompt, script);
        if (n.hint) node.hint = text(*n.hint, script);
    }

    // ask: the question, and the `slot` its answer fills. Optional: hint, max_attempts, on_fail.
    void compile_ask(const ast::Node& n, Node& node) {
        takes(n, node, {NodeKey::slot, NodeKey::type, NodeKey::hint, NodeKey::max_attempts, NodeKey::on_fail});
        prompt_and_hint(n, node);
        if (n.type) allowed_word(*n.type, KeyPlace::node, "type");  // not `actions`: another word
        if (!n.slot) error(Rule::missing_key, n.region, "question '" + node.name + "' needs the 'slot' its answer fills");
        else node.slot = slot_ref(*n.slot);
    }

    // ask with `type: actions`: which of the `choices` of actions the customer has already done.
    // Optional: hint, max_attempts, on_fail.
    void compile_ask_actions(const ast::Node& n, Node& node) {
        takes(n, node, {NodeKey::type, NodeKey::choices, NodeKey::hint, NodeKey::max_attempts, NodeKey::on_fail});
        prompt_and_hint(n, node);
        if (!n.choices || n.choices->empty()) {
            error(Rule::missing_key, n.region, "question '" + node.name + "' needs the 'choices' of actions it lists");
            return;
        }
        for (const ast::Str& c : *n.choices) {
            Id a = program_->find_action(c.value);
            if (a == no_id) error(Rule::bad_id, c.region, "action id '" + c.value + "' may use only letters, digits, '_', '-' and '.'");
            else node.action_choices.push_back(a);
        }
    }

    // instruct: the instruction, and the `action` it carries out. Optional: repeat (with a reason),
    // on_fail (where a customer who couldn't do it goes).
    void compile_instruct(const ast::Node& n, Node& node) {
        takes(n, node, {NodeKey::action, NodeKey::repeat, NodeKey::reason, NodeKey::on_fail});
        prompt_and_hint(n, node);
        if (!n.action) error(Rule::missing_key, n.region, "instruction '" + node.name + "' needs the 'action' it carries out");
        else node.action = program_->find_action(n.action->value);
        if (n.action && node.action == no_id)
            error(Rule::bad_id, n.action->region, "action id '" + n.action->value + "' may use only letters, digits, '_', '-' and '.'");
        if (n.repeat)
            if (auto b = boolean(*n.repeat, "repeat")) node.repeat = *b;
        if (n.reason) node.reason = n.reason->value;
        if (node.repeat && node.reason.empty())
            error(Rule::repeat_without_reason, n.repeat->region,
                  "'repeat: true' gives an instruction the customer has already carried out; say why with 'reason'");
        // Its `say` goes with the step: said once the step is done, skipped with it.
        if (n.say) node.step_say = text(*n.say, program_->scripts[node.script]);
    }

    // say: a message that needs no reply.
    void compile_say(const ast::Node& n, Node& node) {
        takes(n, node, {});
        prompt_and_hint(n, node);
    }

    // offer: the offer, its `kind` (retention or upsell), and the boolean `slot` of the answer.
    // Optional: hint, max_attempts, on_fail.
    void compile_offer(const ast::Node& n, Node& node) {
        takes(n, node, {NodeKey::slot, NodeKey::kind, NodeKey::hint, NodeKey::max_attempts, NodeKey::on_fail});
        prompt_and_hint(n, node);
        if (!n.kind) error(Rule::missing_key, n.region, "offer '" + node.name + "' needs a 'kind' (retention or upsell)");
        else if (auto kind = meaning(*n.kind, KeyPlace::node, "kind", offer_kind_words)) node.offer_kind = *kind;
        if (!n.slot) {
            error(Rule::missing_key, n.region, "offer '" + node.name + "' needs a boolean 'slot' for the answer");
            return;
        }
        node.slot = slot_ref(*n.slot);
        if (node.slot != no_id && program_->slots[node.slot].type != SlotType::boolean)
            error(Rule::wrong_type, n.slot->region, "the slot of an offer holds accept/decline, so '" + n.slot->value +
                                                    "' must be a boolean slot");
    }

    // lookup: the question for the host, and the `slot` the host fills. Optional: hint, max_attempts,
    // on_fail, on_unknown (where the host's "could not tell" leads).
    void compile_lookup(const ast::Node& n, Node& node) {
        takes(n, node, {NodeKey::slot, NodeKey::hint, NodeKey::max_attempts, NodeKey::on_fail, NodeKey::on_unknown});
        prompt_and_hint(n, node);
        node.lookup_key = n.lookup->value;
        if (!n.slot) error(Rule::missing_key, n.region, "lookup '" + node.name + "' needs the 'slot' the host fills");
        else node.slot = slot_ref(*n.slot);
    }

    // call: the script to run before going on at `next`.
    void compile_call(const ast::Node& n, Node& node) {
        takes(n, node, {});
        prompt_and_hint(n, node);
        if (call_names_a_node(*n.call)) return;
        node.callee = script_ref(n.call->value, n.call->region);
    }

    // `call: e1.bye` where e1 is a script: the author meant a script id, or a jump to that node.
    bool call_names_a_node(const ast::Str& callee) {
        std::size_t dot = callee.value.find('.');
        if (dot == std::string::npos || program_->find_script(callee.value) != no_id) return false;
        std::string script = callee.value.substr(0, dot);
        if (program_->find_script(script) == no_id) return false;
        error(Rule::unknown_script, callee.region,
              "'call' takes a script id, not script.node: 'call: " + script + "' runs " + script +
                  " from its start, and 'goto: " + callee.value + "' jumps to that node");
        return true;
    }

    // goto: the node to go to, or script.node.
    void compile_goto(const ast::Node& n, Node& node) {
        takes(n, node, {});
        prompt_and_hint(n, node);
        Id target = node_ref(*n.jump, node.script);
        if (target != no_id) node.next.push_back({no_id, target, n.jump->region});
    }

    // branch: only `next`, usually a list of {if, goto}.
    void compile_branch(const ast::Node& n, Node& node) {
        takes(n, node, {});
        prompt_and_hint(n, node);
    }

    // end: the outcome (or `return` to the calling script). Optional: say, the closing text.
    void compile_end(const ast::Node& n, Node& node) {
        takes(n, node, {NodeKey::outcome});
        prompt_and_hint(n, node);
        if (!allowed_word(*n.end, KeyPlace::node, "end")) return;
        node.outcome = end_outcome(n.end->value).value_or(Outcome::none);
        node.is_return = n.end->value == return_word;
        if (n.outcome) outcome_without_caller(*n.outcome, node);
    }

    // `end: return` with `outcome: resolved`: returns when its script was called, and otherwise ends the
    // conversation resolved rather than `completed` (the engine finishes with the node's outcome).
    void outcome_without_caller(const ast::Str& outcome, Node& node) {
        if (!node.is_return) {
            error(Rule::misplaced_key, outcome.region,
                  "'outcome' goes on an 'end: return' (the outcome when nothing called the script); this end's outcome is its value");
            return;
        }
        if (allowed_word(outcome, KeyPlace::node, "outcome")) node.outcome = end_outcome(outcome.value).value_or(node.outcome);
    }

    static bool takes_retries(NodeKind kind) {
        return kind == NodeKind::ask || kind == NodeKind::ask_actions || kind == NodeKind::offer || kind == NodeKind::lookup;
    }

    // max_attempts and on_fail: after how many unclear replies, and where to; on the kinds that take them
    // (elsewhere `takes` reported them once, as misplaced). An instruction's on_fail is where a customer
    // who couldn't do it goes; a lookup's on_unknown, where the host's "could not tell" goes.
    void compile_retries(const ast::Node& n, Node& node) {
        if (node.kind == NodeKind::instruct && n.on_fail) node.on_fail = node_ref(*n.on_fail, node.script);
        if (!takes_retries(node.kind)) return;  // `takes` reported the keys: their values are beside the point
        if (n.max_attempts)
            if (auto attempts = whole_number(*n.max_attempts, 1, 100, "max_attempts")) node.max_attempts = *attempts;
        if (n.on_fail) node.on_fail = node_ref(*n.on_fail, node.script);
        if (n.on_unknown) node.on_unknown = node_ref(*n.on_unknown, node.script);
    }

    // tone and promise: what a node says on the company's behalf, which lint and the policies check.
    void compile_commitments(const ast::Node& n, Node& node) {
        if (n.tone)
            if (auto tone = meaning(*n.tone, KeyPlace::node, "tone", tone_words)) node.tone_apology = *tone == Tone::apology;
        if (!n.promise) return;
        const std::vector<std::string>& caps = program_->policies.capabilities;
        auto it = std::find(caps.begin(), caps.end(), n.promise->value);
        if (it == caps.end())
            error(Rule::undeclared_promise, n.promise->region,
                  "'" + node.name + "' promises '" + n.promise->value +
                      "', which the library does not declare it can keep (capabilities in policies.yaml)",
                  did_you_mean(n.promise->value, caps, as_name));
        else node.promise = static_cast<Id>(it - caps.begin());
    }

    // set and forget: memory effects, applied when the node completes.
    void compile_effects(const ast::Node& n, Node& node) {
        for (const auto& [slot_name, literal] : n.set) {
            Id slot = slot_ref(slot_name);
            if (slot == no_id) continue;
            std::string problem;
            auto value = parse_literal(literal.value, program_->slots[slot], problem);
            std::int32_t day = 0;
            bool date_form = false;
            if (!value && program_->slots[slot].type == SlotType::date && !read_iso_date(literal.value, day, &date_form) && date_form) {
                error(Rule::bad_date, literal.region, "'" + literal.value + "' is not a day of the calendar");
                continue;
            }
            if (!value) {
                error(Rule::wrong_type, literal.region, "'" + literal.value + "' does not fit slot '" + slot_name.value + "' (" +
                                                        to_string(program_->slots[slot].type) + ")",
                      expectation(program_->slots[slot]));
                continue;
            }
            node.set.push_back({slot, std::move(*value)});
        }
        if (n.forget)
            for (const ast::Str& f : *n.forget)
                if (Id slot = slot_ref(f); slot != no_id) node.forget.push_back(slot);
    }

    // next: where the node goes; every node but an end or a goto has one.
    void compile_next(const ast::Node& n, Node& node) {
        bool needs_next = node.kind != NodeKind::end && node.kind != NodeKind::jump;
        if (!needs_next && n.next) {
            error(Rule::misplaced_key, n.next->empty() ? n.region : n.next->front().region,
                  "'next' does not belong on " + on_kind(node.kind) + "; it does not continue");
            return;
        }
        if (needs_next && !n.next) {
            error(Rule::missing_next, n.region, "node '" + node.name + "' needs a 'next' (or it must be an 'end')");
            return;
        }
        if (!n.next) return;
        for (const ast::Branch& b : *n.next) {
            Branch branch;
            if (b.condition) {
                if (auto c = compile_condition(*b.condition, source_, *program_, out_); c && number_locales(*c, b.condition->region)) {
                    program_->conditions.push_back(std::move(*c));
                    branch.condition = static_cast<Id>(program_->conditions.size() - 1);
                }
            }
            branch.target = node_ref(b.target, node.script);
            branch.region = b.region;
            node.next.push_back(branch);
        }
    }

    // ---- the library's settings (policies.yaml) ----

    void compile_settings() {
        Policies& pol = program_->policies;
        for (const auto& [locale, phrase] : default_pleasantries) {
            pol.pleasantries.push_back(phrase);
            pol.pleasantry_locales.push_back(locale);
        }
        if (!settings_) return;
        const ast::Settings& s = *settings_;
        pol.region = s.region;
        if (s.version && s.version->value != "1")
            error(Rule::unsupported_version, s.version->region, "policies.yaml format version must be 1, not '" + s.version->value + "'");
        if (s.capabilities)
            for (const ast::Str& c : *s.capabilities) pol.capabilities.push_back(c.value);
        if (s.locales)
            for (const ast::Str& l : *s.locales) pol.locales.push_back(locale_tag(l.value, l.region));
        compile_words_and_texts(s, pol);
        // Event names match as a customer's words do (Session::signal): case and '_' or ' ' aside.
        for (const auto& [name, target] : s.events) {
            const std::string& declared = name.value;  // a lambda cannot capture a structured binding in C++17
            auto same_name = [&](std::string_view other) { return same_word(declared, other); };
            if (std::any_of(builtin_event_words.begin(), builtin_event_words.end(), same_name)) {
                error(Rule::duplicate_id, name.region, "'" + name.value + "' is a built-in event; its behaviour is set by the policies");
                continue;
            }
            // `!locale TAG` changes the customer's language (Session::set_locale); "locale_es" would read as it too.
            if (same_name(locale_event_word) || locale_event_tag(declared) ||
                (declared.size() > locale_event_word.size() && same_word(declared.substr(0, locale_event_word.size()), locale_event_word) &&
                 (declared[locale_event_word.size()] == '_' || declared[locale_event_word.size()] == ' '))) {
                error(Rule::duplicate_id, name.region, "'" + name.value + "' is reserved: '!locale TAG' changes the customer's language");
                continue;
            }
            if (same_name(unknown_answer_word)) {  // `!unknown` is the host's answer to a lookup, not an event
                error(Rule::duplicate_id, name.region, "'" + name.value + "' is reserved: '!unknown' is a host's answer to a lookup");
                continue;
            }
            auto earlier = std::find_if(pol.events.begin(), pol.events.end(), [&](const auto& e) { return same_name(e.name); });
            if (earlier != pol.events.end()) {
                error(Rule::duplicate_id, name.region,
                      "'" + name.value + "' is the event '" + earlier->name + "' again (event names ignore case)");
                continue;
            }
            pol.events.push_back({name.value, qualified_node(target)});
        }
        for (const ast::Policy& p : s.policies) compile_policy(p, pol);
    }

    // `words:` (locale -> class -> words) and `texts:` (text id -> locale -> text).
    void compile_words_and_texts(const ast::Settings& s, Policies& pol) {
        std::vector<std::string_view> classes = words_of(word_class_words);
        for (const ast::Settings::WordList& w : s.words) {
            std::optional<WordClass> cls = meaning_of(word_class_words, w.word_class.value);
            if (!cls) {
                error(Rule::unknown_key, w.word_class.region, "'" + w.word_class.value + "' is not a class of reply words (" +
                                                                  join(classes) + ")",
                      did_you_mean(w.word_class.value, classes));
                continue;
            }
            std::string locale = locale_tag(w.locale.value, w.locale.region);
            for (const ast::Str& word : w.words) {
                if (fold(word.value).empty() && word.value != "-")
                    error(Rule::wrong_type, word.region, "'" + word.value + "' has no letter or digit: a customer cannot say it");
                else pol.words.push_back({locale, *cls, word.value});
            }
        }
        std::vector<std::string_view> ids = words_of(builtin_text_words);
        for (const ast::Settings::TextOverride& t : s.texts) {
            std::optional<BuiltinText> id = meaning_of(builtin_text_words, t.id.value);
            if (!id) {
                error(Rule::unknown_key, t.id.region, "'" + t.id.value + "' is not one of the engine's texts", did_you_mean(t.id.value, ids));
                continue;
            }
            std::string locale = locale_tag(t.locale.value, t.locale.region);
            if (t.text.value.empty()) error(Rule::wrong_type, t.text.region, "the text '" + t.id.value + "' for " + locale + " is empty");
            else pol.texts.push_back({*id, locale, t.text.value, t.text.region});
        }
    }

    static std::string join(const std::vector<std::string_view>& words) {
        std::string out;
        for (std::string_view w : words) out += (out.empty() ? "" : ", ") + std::string(w);
        return out;
    }

    // One entry under `policies:`; the reader checked its name and the keys of its map.
    void compile_policy(const ast::Policy& p, Policies& pol) {
        std::optional<PolicyId> id = meaning_of(policy_words, p.name.value);
        if (!id) return;
        switch (*id) {
        case PolicyId::honor_cancellation: compile_honor_cancellation(p, pol); break;
        case PolicyId::no_upsell_after_cancel: pol.no_upsell_after_cancel = switched_on(p); break;
        case PolicyId::escalate_on_request:
            pol.escalate_on_request = switched_on(p);
            if (const ast::Str* then = setting(p.settings, "then")) pol.escalation_node = qualified_node(*then);
            break;
        case PolicyId::max_attempts:
            if (auto n = policy_number(p, 1, 100)) program_->default_max_attempts = *n;
            break;
        case PolicyId::max_turns:
            if (auto n = policy_number(p, 1, 100000)) pol.max_turns = *n;
            break;
        case PolicyId::no_repeat_instructions:
            if (!switched_on(p))
                error(Rule::wrong_type, p.value->region, "no_repeat_instructions is always on; a node opts out with repeat: true and a reason");
            break;
        case PolicyId::repeat_contact: compile_repeat_contact(p, pol); break;
        case PolicyId::closing_courtesy: compile_closing_courtesy(p, pol); break;
        }
    }

    // A policy's switch: on, unless its single value says false (a map of settings leaves it on).
    bool switched_on(const ast::Policy& p) {
        if (!p.value) return true;
        return boolean(*p.value, p.name.value.c_str()).value_or(true);
    }

    // The single value of a max_ policy.
    std::optional<int> policy_number(const ast::Policy& p, int min, int max) {
        if (!p.value) return std::nullopt;  // written as a map: the reader reported it
        return whole_number(*p.value, min, max, p.name.value.c_str());
    }

    void compile_honor_cancellation(const ast::Policy& p, Policies& pol) {
        pol.honor_cancellation = switched_on(p);
        if (const ast::Str* v = setting(p.settings, "max_offers"))
            if (auto n = whole_number(*v, 0, 100, "max_offers")) pol.max_offers = *n;
        if (const ast::Str* v = setting(p.settings, "start")) pol.cancel_script = script_ref(v->value, v->region);
        if (const ast::Str* v = setting(p.settings, "then")) pol.cancel_node = qualified_node(*v);
    }

    void compile_repeat_contact(const ast::Policy& p, Policies& pol) {
        if (!switched_on(p)) return;  // off, as it is by default
        const ast::Str* slot = setting(p.settings, "slot");
        const ast::Str* at_least = setting(p.settings, "at_least");
        if (!slot || !at_least) {
            error(Rule::missing_key, p.region, "repeat_contact needs 'slot' (a number slot) and 'at_least'");
            return;
        }
        pol.contact_slot = slot_ref(*slot);
        if (pol.contact_slot != no_id && program_->slots[pol.contact_slot].type != SlotType::number)
            error(Rule::wrong_type, slot->region, "repeat_contact's slot '" + slot->value + "' must be a number slot");
        if (auto n = whole_number(*at_least, 1, 1000, "at_least")) pol.contact_threshold = *n;
    }

    void compile_closing_courtesy(const ast::Policy& p, Policies& pol) {
        pol.closing_courtesy = switched_on(p);
        if (const std::vector<ast::Str>* phrases = setting(p.lists, "phrases")) {  // one list for every locale
            pol.pleasantries.clear();
            pol.pleasantry_locales.clear();
            for (const ast::Str& phrase : *phrases) {
                pol.pleasantries.push_back(lower_case(phrase.value));
                pol.pleasantry_locales.emplace_back();
            }
        }
        for (const auto& [locale_str, phrases] : p.locale_lists) {  // a list per locale replaces that locale's
            std::string locale = locale_tag(locale_str.value, locale_str.region);
            for (std::size_t i = pol.pleasantries.size(); i-- > 0;)
                if (pol.pleasantry_locales[i] == locale) {
                    pol.pleasantries.erase(pol.pleasantries.begin() + static_cast<std::ptrdiff_t>(i));
                    pol.pleasantry_locales.erase(pol.pleasantry_locales.begin() + static_cast<std::ptrdiff_t>(i));
                }
            for (const ast::Str& phrase : phrases) {
                pol.pleasantries.push_back(lower_case(phrase.value));
                pol.pleasantry_locales.push_back(locale);
            }
        }
    }

    // closing_courtesy, done once at load: each sentence holding a pleasantry is cut from the closing text
    // of an end whose outcome is not a solved problem, so no turn ever renders it.
    void apply_closing_courtesy() {
        const Policies& pol = program_->policies;
        if (!pol.closing_courtesy) return;
        for (Node& n : program_->nodes) {
            if (n.kind != NodeKind::end || n.text == no_id || (n.is_return && n.outcome == Outcome::completed)) continue;
            if (n.outcome == Outcome::resolved || n.outcome == Outcome::retained) continue;
            for (Text::Variant& v : program_->texts[n.text].variants)
                for (Id i = 0; i < pol.pleasantries.size(); ++i)  // each locale's phrases in its own texts
                    if ((pol.pleasantry_locales[i].empty() || serves_locale(pol.pleasantry_locales[i], v.locale)) &&
                        drop_pleasantry(v, pol.pleasantries[i]))
                        n.dropped_pleasantry = i;
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

    // Renumbers a condition's `conversation.locale` tags into Program::condition_locales, which a
    // session holds one bit each of (State::locale_bits). False, reported, when there are too many.
    bool number_locales(Condition& c, const SourceRegion& region) {
        std::vector<std::string>& all = program_->condition_locales;
        for (Instr& in : c.code) {
            if (in.op != Op::locale_is) continue;
            const std::string& tag = c.locales[in.arg];
            auto at = std::find(all.begin(), all.end(), tag);
            if (at == all.end()) {
                if (all.size() == Program::max_condition_locales) {
                    error(Rule::bad_condition, region,
                          "conditions compare conversation.locale with more than " +
                              std::to_string(Program::max_condition_locales) + " different locales");
                    return false;
                }
                at = all.insert(all.end(), tag);
            }
            in.arg = static_cast<Id>(at - all.begin());
        }
        c.locales.clear();
        c.locales.shrink_to_fit();
        return true;
    }

    // The slots conditions read: the engine notes when the host corrects one of them (Stepper::fill).
    void mark_branched_on() {
        for (const Condition& c : program_->conditions)
            for (const auto& instruction : c.code)
                if (instruction.op == Op::push_slot || instruction.op == Op::known) program_->slots[instruction.arg].branched_on = true;
    }

    // Lint applies them; the engine never reads them.
    void keep_suppressions() {
        std::vector<Suppression>& kept = program_->suppressions;
        for (const ast::Script& s : scripts_) kept.insert(kept.end(), s.suppressions.begin(), s.suppressions.end());
        if (settings_) kept.insert(kept.end(), settings_->suppressions.begin(), settings_->suppressions.end());
    }

    void warn_without_cancellation_node() {
        const Policies& pol = program_->policies;
        if (!pol.honor_cancellation || pol.cancel_node != no_id) return;
        for (const Node& n : program_->nodes)
            if (n.kind == NodeKind::offer && n.offer_kind == OfferKind::retention) {
                program_->warnings.push_back(make_diagnostic(
                    Rule::no_cancellation_node, n.region,
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
