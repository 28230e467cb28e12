// Reads script files and policies.yaml into syntax trees (ast.hpp), checking every key against the
// format table; the readers' shared YAML walking is in yaml_source.hpp.
#include "load/reader.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/exceptions.h>

#include <unordered_map>

#include "load/format_table.hpp"
#include "load/suppressions.hpp"
#include "load/yaml_source.hpp"

namespace parley::detail {

namespace {

class Reader : public YamlSource {
public:
    using YamlSource::YamlSource;

    template <class F>
    void each_key(const YamlNode& map, KeyPlace place, const char* what, F&& on_key,
                  std::vector<std::string>* broken = nullptr) {
        YamlSource::each_key(map, keys_of(place), what, std::forward<F>(on_key), broken);
    }

    std::optional<ast::Str> scalar(const YamlNode& n, std::string_view key, const SourceRegion& where) {
        // An empty value has no position of its own (yaml-cpp gives the next token's): use its key's.
        SourceRegion r = n.IsNull() ? where : at(n, where);
        if (!n.IsScalar()) {
            error(Rule::wrong_type, r, "'" + std::string(key) + "' must be a single value" +
                                       (n.IsNull() ? ", but it is empty" : ""));
            return std::nullopt;
        }
        return str(n, r);
    }

    ast::Str str(const YamlNode& n, const SourceRegion& r) {
        ast::Str s{take(n), r, n.Tag() == "!"};
        if (n.Mark().pos >= 0) s.pos = static_cast<std::size_t>(n.Mark().pos);
        return s;
    }

    std::optional<std::vector<ast::Str>> scalar_list(const YamlNode& n, std::string_view key,
                                                     const SourceRegion& where) {
        SourceRegion r = n.IsNull() ? where : at(n, where);
        std::vector<ast::Str> items;
        if (n.IsScalar()) {  // a single item is accepted as a one-item list
            items.push_back(str(n, r));
            return items;
        }
        if (!n.IsSequence()) {
            error(Rule::wrong_type, r, "'" + std::string(key) + "' must be a list");
            return std::nullopt;
        }
        for (const YamlNode& item : n)
            if (auto s = scalar(item, key, r)) items.push_back(std::move(*s));
        return items;
    }

    std::optional<ast::Text> text(const YamlNode& n, std::string_view key, const SourceRegion& where) {
        ast::Text t;
        t.region = n.IsNull() ? where : at(n, where);
        if (n.IsScalar()) {
            t.variants.push_back({"", str(n, t.region)});
            return t;
        }
        if (!n.IsMap()) {
            error(Rule::wrong_type, t.region,
                  "'" + std::string(key) + "' must be text, or a map of locale to text");
            return std::nullopt;
        }
        bool reported = false;
        for (auto it = n.begin(); it != n.end(); ++it) {
            auto locale = scalar(it->first, "locale", t.region);
            auto value = scalar(it->second, key, at(it->first, t.region));
            if (locale && value) t.variants.push_back({locale->value, std::move(*value)});
            else reported = true;
        }
        if (reported) return std::nullopt;
        if (t.variants.empty()) {
            error(Rule::wrong_type, t.region, "'" + std::string(key) + "' has no text");
            return std::nullopt;
        }
        return t;
    }

    std::vector<ast::Branch> next(const YamlNode& n, const SourceRegion& where) {
        std::vector<ast::Branch> out;
        SourceRegion r = at(n, where);
        if (n.IsScalar()) {
            out.push_back({std::nullopt, str(n, r), r});
            return out;
        }
        if (!n.IsSequence()) {
            error(Rule::wrong_type, r, "'next' must be a node id or a list of {if, goto} branches");
            return out;
        }
        for (const YamlNode& item : n) {
            SourceRegion ir = at(item, r);
            if (!item.IsMap()) {
                error(Rule::wrong_type, ir, "each branch of 'next' must be a map with 'goto' (and 'if')");
                continue;
            }
            ast::Branch b;
            b.region = ir;
            bool has_goto = false;
            each_key(item, KeyPlace::branch, "a branch", [&](const std::string& key, const YamlNode& v,
                                                             const SourceRegion& kr) {
                auto s = scalar(v, key, kr);
                if (!s) return;
                if (key == "if") b.condition = std::move(*s);
                else {
                    b.target = std::move(*s);
                    has_goto = true;
                }
            });
            if (!has_goto) {
                error(Rule::missing_key, ir, "this branch has no 'goto'");
                continue;
            }
            out.push_back(std::move(b));
        }
        return out;
    }

    ast::Node node(const std::string& id, const SourceRegion& id_region, const YamlNode& n) {
        ast::Node node;
        node.id = {id, id_region, false};
        node.region = id_region;
        if (!n.IsMap()) {
            error(Rule::wrong_type, at(n, id_region), "node '" + id + "' must be a map of keys");
            node.broken.push_back("*");
            return node;
        }
        each_key(n, KeyPlace::node, "a node", [&](const std::string& key, const YamlNode& v,
                                                  const SourceRegion& kr) {
            if (key == "ask") node.ask = text(v, key, kr);
            else if (key == "instruct") node.instruct = text(v, key, kr);
            else if (key == "say") node.say = text(v, key, kr);
            else if (key == "offer") node.offer = text(v, key, kr);
            else if (key == "hint") node.hint = text(v, key, kr);
            else if (key == "choices") node.choices = scalar_list(v, key, kr);
            else if (key == "forget") node.forget = scalar_list(v, key, kr);
            else if (key == "next") node.next = next(v, kr);
            else if (key == "set") {
                if (!v.IsMap()) {
                    error(Rule::wrong_type, at(v, kr), "'set' must be a map of slot: value");
                    return;
                }
                for (auto it = v.begin(); it != v.end(); ++it) {
                    auto slot = scalar(it->first, "set", kr);
                    auto value = scalar(it->second, "set", at(it->first.Mark()));
                    if (slot && value) node.set.emplace_back(std::move(*slot), std::move(*value));
                }
            } else {
                auto s = scalar(v, key, kr);
                if (!s) return;
                if (key == "slot") node.slot = std::move(s);
                else if (key == "type") node.type = std::move(s);
                else if (key == "action") node.action = std::move(s);
                else if (key == "kind") node.kind = std::move(s);
                else if (key == "call") node.call = std::move(s);
                else if (key == "lookup") node.lookup = std::move(s);
                else if (key == "goto") node.jump = std::move(s);
                else if (key == "end") node.end = std::move(s);
                else if (key == "outcome") node.outcome = std::move(s);
                else if (key == "on_fail") node.on_fail = std::move(s);
                else if (key == "on_unknown") node.on_unknown = std::move(s);
                else if (key == "reason") node.reason = std::move(s);
                else if (key == "promise") node.promise = std::move(s);
                else if (key == "tone") node.tone = std::move(s);
                else if (key == "repeat") node.repeat = std::move(s);
                else if (key == "max_attempts") node.max_attempts = std::move(s);
            }
        }, &node.broken);
        return node;
    }

    // A slot's `choices`: plain ids, or one-key maps of an id to its labels ({orange: {en: Orange,
    // es: Naranja, also: [amber]}}), whose labels go to `words`.
    std::optional<std::vector<ast::Str>> choices(const YamlNode& n, const SourceRegion& where, std::vector<ast::Labels>& words) {
        if (!n.IsSequence()) return scalar_list(n, "choices", where);
        std::vector<ast::Str> items;
        SourceRegion r = at(n, where);
        for (const YamlNode& item : n) {
            if (item.IsMap() && item.size() == 1) {
                auto it = item.begin();
                auto id = scalar(it->first, "choices", at(item, r));
                if (!id) continue;
                if (auto l = labels(*id, it->second)) words.push_back(std::move(*l));
                items.push_back(std::move(*id));
            } else if (auto s = scalar(item, "choices", r)) {
                items.push_back(std::move(*s));
            }
        }
        return items;
    }

    // The labels of a choice or an action: a plain label (in the script's locale), or a map of
    // locale -> label with `also:`, a list of synonyms.
    std::optional<ast::Labels> labels(const ast::Str& id, const YamlNode& n) {
        ast::Labels l;
        l.of = id;
        l.region = n.IsNull() ? id.region : at(n, id.region);
        if (n.IsScalar()) {
            l.by_locale.push_back({"", str(n, l.region)});
            return l;
        }
        if (!n.IsMap()) {
            error(Rule::wrong_type, l.region, "the labels of '" + id.value + "' must be a label, or a map of locale to label with 'also'");
            return std::nullopt;
        }
        for (auto it = n.begin(); it != n.end(); ++it) {
            auto key = scalar(it->first, "labels", l.region);
            if (!key) continue;
            if (key->value == "also") {
                if (auto list = scalar_list(it->second, "also", key->region)) l.also = std::move(*list);
            } else if (auto label = scalar(it->second, key->value, key->region)) {
                l.by_locale.push_back({key->value, std::move(*label)});
            }
        }
        return l;
    }

    ast::Slot slot(const std::string& name, const SourceRegion& name_region, const YamlNode& n) {
        ast::Slot s;
        s.name = {name, name_region, false};
        s.region = name_region;
        if (!n.IsMap()) {
            error(Rule::wrong_type, at(n, name_region), "slot '" + name + "' must be a map with a 'type'");
            s.broken.push_back("*");
            return s;
        }
        each_key(n, KeyPlace::slot, "a slot", [&](const std::string& key, const YamlNode& v,
                                                  const SourceRegion& kr) {
            if (key == "choices") {
                s.choices = choices(v, kr, s.words);
                return;
            }
            if (key == "labels") {
                if (!v.IsMap()) {
                    error(Rule::wrong_type, at(v, kr), "'labels' must be a map of choice: label");
                    return;
                }
                s.labels.emplace();
                for (auto it = v.begin(); it != v.end(); ++it) {
                    auto choice = scalar(it->first, "labels", kr);
                    if (choice && it->second.IsMap()) {
                        if (auto l = labels(*choice, it->second)) s.words.push_back(std::move(*l));
                        continue;
                    }
                    auto label = scalar(it->second, "labels", at(it->first.Mark()));
                    if (choice && label) s.labels->emplace_back(std::move(*choice), std::move(*label));
                }
                return;
            }
            auto value = scalar(v, key, kr);
            if (key == "type") s.type = std::move(value);
            else if (key == "min") s.min = std::move(value);
            else if (key == "max") s.max = std::move(value);
            else if (key == "prefill") s.prefill = std::move(value);
            else if (key == "description") s.description = std::move(value);
        }, &s.broken);
        return s;
    }

    // Iterates a map of id -> body, reporting ids that are not plain scalars or appear twice.
    template <class F>
    void each_entry(const YamlNode& map, const char* what, const SourceRegion& where, F&& on_entry) {
        if (!map.IsMap()) {
            error(Rule::wrong_type, at(map, where), std::string("'") + what + "' must be a map");
            return;
        }
        // The line of each id so far; the views are into `map`'s scalars, alive while it is.
        std::unordered_map<std::string_view, int> seen;
        seen.reserve(map.size());
        for (auto it = map.begin(); it != map.end(); ++it) {
            SourceRegion kr = at(it->first, where);
            if (!it->first.IsScalar()) {
                error(Rule::wrong_type, kr, std::string("ids in '") + what + "' must be plain words");
                continue;
            }
            const std::string& id = take(it->first);
            auto [first, is_new] = seen.emplace(id, kr.line);
            if (!is_new) {
                error(Rule::duplicate_id, kr, "'" + id + "' is defined twice in " + what,
                      "first defined at line " + std::to_string(first->second));
                continue;
            }
            on_entry(id, kr, it->second);
        }
    }

    ast::Script script(const YamlNode& root) {
        ast::Script s;
        s.file = file_;
        s.region = {file_, 1, 1};
        if (!root.IsMap()) {
            error(Rule::wrong_type, at(root, s.region),
                  root.IsNull() ? "the file is empty; a script needs 'script', 'version', 'start' and 'nodes'"
                                : "a script must be a map with 'script', 'version', 'start' and 'nodes'");
            return s;
        }
        s.is_map = true;
        each_key(root, KeyPlace::script, "a script", [&](const std::string& key, const YamlNode& v,
                                                         const SourceRegion& kr) {
            if (key == "title") s.title = text(v, key, kr);
            else if (key == "slots")
                each_entry(v, "slots", kr, [&](const std::string& id, const SourceRegion& r,
                                               const YamlNode& body) { s.slots.push_back(slot(id, r, body)); });
            else if (key == "nodes") {
                if (v.IsMap()) s.nodes.reserve(v.size());  // an ast::Node is large: grow the array once
                each_entry(v, "nodes", kr, [&](const std::string& id, const SourceRegion& r,
                                               const YamlNode& body) { s.nodes.push_back(node(id, r, body)); });
            }
            else if (key == "actions")
                each_entry(v, "actions", kr, [&](const std::string& id, const SourceRegion& r, const YamlNode& body) {
                    if (auto l = labels(ast::Str{id, r, false}, body)) s.actions.push_back(std::move(*l));
                });
            else if (key == "migrate")
                each_entry(v, "migrate", kr, [&](const std::string& id, const SourceRegion& r, const YamlNode& body) {
                    if (auto target = scalar(body, id, r)) s.migrate.emplace_back(ast::Str{id, r, false}, std::move(*target));
                });
            else {
                auto value = scalar(v, key, kr);
                if (key == "script") s.id = std::move(value);
                else if (key == "version") s.version = std::move(value);
                else if (key == "locale") s.locale = std::move(value);
                else if (key == "start") s.start = std::move(value);
                else if (key == "entry") s.entry = std::move(value);
            }
        }, &s.broken);
        return s;
    }

    // A policy is a single value (a switch, or a max_ policy's number) or, where the format table says
    // it holds settings, a map of them.
    ast::Policy policy(const std::string& name, const SourceRegion& name_region, const YamlNode& n) {
        ast::Policy p;
        p.name = {name, name_region, false};
        p.region = name_region;
        if (!n.IsMap()) {
            p.value = scalar(n, name, name_region);
            return p;
        }
        std::optional<KeyPlace> place = find_key(KeyPlace::policies, name)->holds;
        if (!place) {
            error(Rule::wrong_type, at(n, name_region), "policy '" + name + "' takes a single value, not a map");
            return p;
        }
        std::string what = "policy " + name;
        each_key(n, *place, what.c_str(), [&](const std::string& key, const YamlNode& v, const SourceRegion& kr) {
            ast::Str setting{key, kr, false};
            if (key == "phrases" && v.IsMap()) {  // closing_courtesy's phrases per locale
                each_entry(v, "phrases", kr, [&](const std::string& locale, const SourceRegion& r, const YamlNode& body) {
                    if (auto list = scalar_list(body, locale, r)) p.locale_lists.emplace_back(ast::Str{locale, r, false}, std::move(*list));
                });
            } else if (find_key(*place, key)->shape == KeyShape::scalar_list) {
                if (auto list = scalar_list(v, key, kr)) p.lists.emplace_back(std::move(setting), std::move(*list));
            } else if (auto s = scalar(v, key, kr)) {
                p.settings.emplace_back(std::move(setting), std::move(*s));
            }
        });
        return p;
    }

    ast::Settings settings(const YamlNode& root) {
        ast::Settings s;
        s.file = file_;
        s.region = {file_, 1, 1};
        if (root.IsNull()) return s;  // an empty settings file means every default
        if (!root.IsMap()) {
            error(Rule::wrong_type, at(root, s.region), "policies.yaml must be a map with 'policies', 'capabilities' or 'events'");
            return s;
        }
        each_key(root, KeyPlace::library, "policies.yaml", [&](const std::string& key, const YamlNode& v,
                                                               const SourceRegion& kr) {
            if (key == "version") s.version = scalar(v, key, kr);
            else if (key == "capabilities") s.capabilities = scalar_list(v, key, kr);
            else if (key == "locales") s.locales = scalar_list(v, key, kr);
            else if (key == "policies") {
                if (!v.IsMap()) {
                    error(Rule::wrong_type, at(v, kr), "'policies' must be a map of policy name to its settings");
                    return;
                }
                each_key(v, KeyPlace::policies, "policies", [&](const std::string& name, const YamlNode& body,
                                                                const SourceRegion& nr) {
                    s.policies.push_back(policy(name, nr, body));
                });
            } else if (key == "words") {
                each_entry(v, "words", kr, [&](const std::string& locale, const SourceRegion& r, const YamlNode& body) {
                    each_entry(body, "words", r, [&](const std::string& cls, const SourceRegion& cr, const YamlNode& list) {
                        if (auto l = scalar_list(list, cls, cr))
                            s.words.push_back({ast::Str{locale, r, false}, ast::Str{cls, cr, false}, std::move(*l)});
                    });
                });
            } else if (key == "texts") {
                each_entry(v, "texts", kr, [&](const std::string& id, const SourceRegion& r, const YamlNode& body) {
                    each_entry(body, "texts", r, [&](const std::string& locale, const SourceRegion& lr, const YamlNode& text) {
                        if (auto t = scalar(text, id, lr))
                            s.texts.push_back({ast::Str{id, r, false}, ast::Str{locale, lr, false}, std::move(*t)});
                    });
                });
            } else if (key == "events") {
                each_entry(v, "events", kr, [&](const std::string& id, const SourceRegion& r, const YamlNode& body) {
                    if (auto target = scalar(body, id, r)) s.events.emplace_back(ast::Str{id, r, false}, std::move(*target));
                });
            }
        });
        return s;
    }

};

// yaml-cpp's words, and what to do about the mistake authors make most: ': ' inside a plain text
// (a second ': ' on the line of a key; a lone one is a key out of place, which yaml-cpp's words fit).
std::string syntax_message(const YAML::Exception& e, const SourceRegion& where, std::string_view yaml) {
    std::size_t line_start = 0;
    for (int line = 1; line < where.line && line_start != std::string_view::npos; ++line) {
        line_start = yaml.find('\n', line_start);
        if (line_start != std::string_view::npos) ++line_start;
    }
    bool inside_text = where.column > 0 && line_start != std::string_view::npos &&
                       yaml.substr(line_start, static_cast<std::size_t>(where.column - 1)).find(": ") != std::string_view::npos;
    if (e.msg != YAML::ErrorMsg::MAP_VALUE || !inside_text) return "this is not valid YAML: " + e.msg;
    return "the ': ' at column " + std::to_string(where.column) +
           " makes YAML read this text as a key and a value; quote the whole text (\"...\") or write it as a folded "
           "block (>-)";
}

template <class T, class F>
T read_with(std::string_view yaml, const std::string& file, std::vector<Diagnostic>& diagnostics, F&& build) {
    Reader reader(file, diagnostics);
    try {
        if (std::optional<YamlNode> root = reader.load(yaml)) return build(reader, *root);
    } catch (const YAML::DeepRecursion& e) {
        reader.error(Rule::yaml_syntax, reader.at(e.mark), "the YAML is nested too deeply to be a script");
    } catch (const YAML::Exception& e) {
        SourceRegion where = reader.at(e.mark);
        reader.error(Rule::yaml_syntax, where, syntax_message(e, where, yaml));
    } catch (const std::exception& e) {
        reader.error(Rule::yaml_syntax, {file, 0, 0}, std::string("the YAML reader failed: ") + e.what());
    }
    T empty;
    empty.file = file;
    return empty;
}

}  // namespace

ast::Settings read_settings(std::string_view yaml, const std::string& file, std::vector<Diagnostic>& diagnostics) {
    ast::Settings s = read_with<ast::Settings>(yaml, file, diagnostics,
                                               [](Reader& r, const YamlNode& root) { return r.settings(root); });
    s.suppressions = scan_suppressions(yaml, file);
    return s;
}

ast::Script read_script(std::string_view yaml, const std::string& file, std::vector<Diagnostic>& diagnostics) {
    ast::Script s = read_with<ast::Script>(yaml, file, diagnostics,
                                           [](Reader& r, const YamlNode& root) { return r.script(root); });
    s.text = std::string(yaml);
    s.suppressions = scan_suppressions(yaml, file);
    return s;
}

}  // namespace parley::detail
