// Reads test files (`*.test.yaml`, docs/testing.md) into parley::testing::TestSuite, in the style of
// reader.cpp: every problem is reported with file:line:col and a rule id, reading goes on past it,
// and yaml-cpp exceptions never escape. The keys each map may have come from the format table.
#include "load/test_reader.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/exceptions.h>

#include <cstdlib>
#include <filesystem>
#include <utility>

#include "common/locale.hpp"
#include "model/dates.hpp"
#include "common/suggest.hpp"
#include "load/format_table.hpp"
#include "model/values.hpp"
#include "model/vocabulary.hpp"
#include "load/yaml_source.hpp"

namespace parley::detail {

namespace {

namespace fs = std::filesystem;
using namespace parley::testing;

// The words an outcome or an offer kind may be (the table's `values` of those keys).
const std::vector<std::string_view>& allowed_words(std::string_view expect_key) {
    return find_key(KeyPlace::test_expect, expect_key)->values;
}
// The conduct policies of docs/policies.md: a misspelt one is caught when the file loads.
const std::vector<std::string_view> policies = words_of(policy_words);

bool among(std::string_view word, const std::vector<std::string_view>& words) {
    for (auto w : words)
        if (w == word) return true;
    return false;
}

std::string quoted_list(const std::vector<std::string_view>& words) {
    std::string out;
    for (auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
    return out;
}

class TestReader : public YamlSource {
public:
    TestReader(const std::string& file, std::vector<Diagnostic>& out) : YamlSource(file, out, test_key_rules) {}

    // YamlSource::each_key with the keys the format table gives `place`.
    template <class F>
    void each_key(const YamlNode& map, KeyPlace place, const std::string& what, F&& on_key) {
        YamlSource::each_key(map, keys_of(place), what, std::forward<F>(on_key));
    }

    // A single value. `empty_ok`: an empty value reads as "" rather than an error.
    std::optional<Written> scalar(const YamlNode& n, std::string_view key, const SourceRegion& where,
                                  bool empty_ok = false) {
        SourceRegion r = at(n, where);
        if (n.IsNull() && empty_ok) return Written{"", r};
        if (!n.IsScalar()) {
            error(Rule::test_wrong_type, r,
                  "'" + std::string(key) + "' must be a single value" + (n.IsNull() ? ", but it is empty" : ""));
            return std::nullopt;
        }
        return Written{take(n), r};
    }

    // A list of single values; one value alone is a one-item list.
    std::optional<std::vector<Written>> scalar_list(const YamlNode& n, std::string_view key, const SourceRegion& where) {
        SourceRegion r = at(n, where);
        std::vector<Written> items;
        if (n.IsScalar()) {
            items.push_back({take(n), r});
            return items;
        }
        if (!n.IsSequence()) {
            error(Rule::test_wrong_type, r, "'" + std::string(key) + "' must be a value or a list of values" +
                                            (n.IsNull() ? ", but it is empty" : ""));
            return std::nullopt;
        }
        for (const YamlNode& item : n)
            if (auto s = scalar(item, key, r)) items.push_back(std::move(*s));
        return items;
    }


    // Each entry of a map of name -> single value (prefill, slots, offers, fill). `null_ok`: a value
    // written `~`, `null` or nothing comes back with `null` set.
    template <class F>
    void each_entry(const YamlNode& map, std::string_view key, const SourceRegion& where, bool null_ok, F&& on_entry) {
        if (!map.IsMap()) {
            error(Rule::test_wrong_type, at(map, where), "'" + std::string(key) + "' must be a map" +
                                                          (map.IsNull() ? ", but it is empty" : ""));
            return;
        }
        std::vector<std::string> seen;
        for (auto it = map.begin(); it != map.end(); ++it) {
            SourceRegion kr = at(it->first.Mark());
            if (!it->first.IsScalar()) {
                error(Rule::test_wrong_type, kr, "names in '" + std::string(key) + "' must be plain words");
                continue;
            }
            const std::string& name = take(it->first);
            bool duplicate = false;
            for (const auto& s : seen) duplicate = duplicate || s == name;
            if (duplicate) {
                error(Rule::test_duplicate_key, kr, "'" + name + "' appears twice in '" + std::string(key) + "'");
                continue;
            }
            seen.push_back(name);
            const YamlNode v = it->second;  // a copy: `it->second` is a temporary
            if (v.IsNull() && null_ok) {
                on_entry(Written{name, kr}, Written{"", kr}, true);
                continue;
            }
            if (auto value = scalar(v, key, kr)) {
                std::int32_t day = 0;
                bool date_form = false;
                if (!read_iso_date(value->value, day, &date_form) && date_form) {  // 2027-02-30: a date of no calendar
                    error(Rule::bad_date, value->region, "'" + value->value + "' is not a day of the calendar");
                    continue;
                }
                on_entry(Written{name, kr}, std::move(*value), false);
            }
        }
    }

    std::optional<bool> yes_no(const Written& w, std::string_view key) {
        if (w.value == "true" || w.value == "yes") return true;
        if (w.value == "false" || w.value == "no") return false;
        error(Rule::test_wrong_type, w.region, "'" + std::string(key) + "' must be true or false, not '" + w.value + "'");
        return std::nullopt;
    }

    bool one_of(const Written& w, std::string_view key, const std::vector<std::string_view>& words) {
        if (among(w.value, words)) return true;
        std::string note = did_you_mean(w.value, words);
        error(Rule::test_wrong_type, w.region,
              "'" + std::string(key) + "' must be one of " + quoted_list(words) + ", not '" + w.value + "'", note);
        return false;
    }

    Expectations expectations(const YamlNode& n, const SourceRegion& where, bool at_start) {
        Expectations e;
        e.region = at(n, where);
        if (!n.IsMap()) {
            error(Rule::test_wrong_type, e.region, "'" + std::string(at_start ? "start" : "expect") +
                                                   "' must be a map of assertions" + (n.IsNull() ? ", but it is empty" : ""));
            return e;
        }
        using K = Assertion::Kind;
        auto add = [&](K kind, Written w, std::string key = {}) {
            Assertion a;
            a.kind = kind;
            a.key = std::move(key);
            a.value = std::move(w.value);
            a.region = w.region;
            e.assertions.push_back(std::move(a));
        };
        each_key(n, KeyPlace::test_expect, at_start ? "start" : "expect", [&](const std::string& key, const YamlNode& v,
                                                                               const SourceRegion& kr) {
            if (key == "slots") {
                each_entry(v, key, kr, true, [&](Written slot, Written value, bool unknown) {
                    Assertion a;
                    a.kind = K::slot;
                    a.key = std::move(slot.value);
                    a.value = std::move(value.value);
                    a.unknown = unknown;
                    a.region = slot.region;
                    e.assertions.push_back(std::move(a));
                });
            } else if (key == "offers") {
                each_entry(v, key, kr, false, [&](Written kind, Written count, bool) {
                    if (!one_of(kind, "offers", allowed_words("offers"))) return;
                    char* end = nullptr;
                    long n = std::strtol(count.value.c_str(), &end, 10);
                    if (count.value.empty() || *end != '\0' || n < 0 || n > 1000000) {
                        error(Rule::test_wrong_type, count.region,
                              "an offer count must be a whole number, 0 or more, not '" + count.value + "'");
                        return;
                    }
                    count.region = kind.region;
                    add(K::offers, std::move(count), kind.value);
                });
            } else if (key == "actions_done" || key == "actions_failed") {
                // The list is the whole set: one assertion, at the key.
                if (v.IsNull()) {
                    error(Rule::test_wrong_type, kr, "'" + key + "' must be a list; write [] for none");
                    return;
                }
                if (auto list = scalar_list(v, key, kr)) {
                    Assertion a;
                    a.kind = key == "actions_done" ? K::actions_done : K::actions_failed;
                    a.region = kr;
                    for (auto& w : *list) a.values.push_back(std::move(w.value));
                    e.assertions.push_back(std::move(a));
                }
            } else if (key == "not_asked" || key == "policy" || key == "trace") {
                K kind = key == "not_asked" ? K::not_asked : key == "policy" ? K::policy : K::trace;
                auto list = scalar_list(v, key, kr);
                if (!list) return;
                for (auto& w : *list) {
                    if (kind == K::policy && !one_of(w, "policy", policies)) continue;
                    if (w.value.empty()) {
                        error(Rule::test_wrong_type, w.region, "'" + key + "' needs a non-empty value");
                        continue;
                    }
                    add(kind, std::move(w));
                }
            } else if (key == "understood") {
                if (at_start) {
                    error(Rule::test_misplaced_key, kr, "'understood' is about a reply; 'start' has none");
                    return;
                }
                auto w = scalar(v, key, kr);
                if (!w) return;
                if (auto b = yes_no(*w, key)) add(K::understood, Written{*b ? "true" : "false", w->region});
            } else if (key == "outcome") {
                auto w = scalar(v, key, kr);
                if (w && one_of(*w, key, allowed_words("outcome"))) add(K::outcome, std::move(*w));
            } else {
                // prompt, text, text_contains, said, hint: a single value (text may be empty: an end
                // without a say; hint too: the prompt is given without one)
                bool empty_ok = key == "text" || key == "hint";
                auto w = scalar(v, key, kr, empty_ok);
                if (!w) return;
                if (!empty_ok && w->value.empty()) {
                    error(Rule::test_wrong_type, w->region, "'" + key + "' needs a non-empty value");
                    return;
                }
                K kind = key == "prompt" ? K::prompt : key == "text" ? K::text : key == "text_contains" ? K::text_contains
                         : key == "hint" ? K::hint : K::said;
                add(kind, std::move(*w));
            }
        });
        return e;
    }

    std::optional<TestTurn> turn(const YamlNode& n, const SourceRegion& where) {
        SourceRegion r = at(n, where);
        if (!n.IsMap()) {
            error(Rule::test_wrong_type, r, "each turn must be a map with 'reply', 'signal' or 'fill' (and 'expect')");
            return std::nullopt;
        }
        TestTurn t;
        t.region = r;
        std::vector<std::string> steps;
        bool ok = true;
        each_key(n, KeyPlace::test_turn, "a turn", [&](const std::string& key, const YamlNode& v, const SourceRegion& kr) {
            if (key == "expect") {
                t.expect = expectations(v, kr, false);
                return;
            }
            steps.push_back(key);
            if (steps.size() > 1) {
                error(Rule::test_conflicting_keys, kr,
                      "a turn has one step, but this one has both '" + steps.front() + "' and '" + key + "'",
                      "write each step as a turn of its own");
                ok = false;
                return;
            }
            t.region = kr;
            if (key == "fill") {
                bool any = false;
                each_entry(v, key, kr, false, [&](Written slot, Written value, bool) {
                    if (any) {
                        error(Rule::test_wrong_type, slot.region, "'fill' gives one slot per turn", "write each fill as a turn of its own");
                        ok = false;
                        return;
                    }
                    any = true;
                    t.kind = TestTurn::Kind::fill;
                    t.slot = std::move(slot.value);
                    t.text = std::move(value.value);
                });
                if (!any) ok = false;
                if (v.IsMap() && v.size() == 0) error(Rule::test_wrong_type, kr, "'fill' needs a slot and its value: fill: {SLOT: VALUE}");
                return;
            }
            auto w = scalar(v, key, kr);
            if (!w) {
                ok = false;
                return;
            }
            if (key == "signal" && w->value.empty()) {
                error(Rule::test_wrong_type, w->region, "'signal' needs an event name (cancel, supervisor, agent, repeat, ...)");
                ok = false;
                return;
            }
            t.kind = key == "reply" ? TestTurn::Kind::reply : TestTurn::Kind::signal;
            t.text = std::move(w->value);
            // `signal: locale es`, `reply: "!locale es"`: the customer goes on in another language.
            std::string_view event = t.text;
            if (t.kind == TestTurn::Kind::reply) {
                event = trim_spaces(event);
                if (event.size() < 2 || event.front() != '!') return;
                event.remove_prefix(1);
            }
            std::optional<std::string_view> tag = locale_event_tag(event);
            if (!tag) return;
            if (tag->empty()) {
                error(Rule::test_wrong_type, w->region, "'locale' needs the language to go on in: " +
                                                            std::string(t.kind == TestTurn::Kind::reply ? "reply: \"!locale es\"" : "signal: locale es"));
                ok = false;
            } else if (std::optional<std::string> canonical = canonical_locale(*tag)) {
                t.kind = TestTurn::Kind::locale;
                t.text = std::move(*canonical);
            } else {
                LocaleProblem problem = locale_problem(*tag);
                error(Rule::bad_locale, w->region, std::move(problem.message), std::move(problem.note));
                ok = false;
            }
        });
        if (steps.empty()) {
            error(Rule::test_missing_key, r, "this turn has no step: give 'reply', 'signal' or 'fill'");
            return std::nullopt;
        }
        for (const Assertion& a : t.expect.assertions)
            if (a.kind == Assertion::Kind::understood && t.kind != TestTurn::Kind::reply) {
                error(Rule::test_misplaced_key, a.region, "'understood' is about a reply; this turn is a " + std::string(to_string(t.kind)));
                ok = false;
            }
        if (!ok) return std::nullopt;
        return t;
    }

    std::optional<TestCase> test_case(const YamlNode& n, const SourceRegion& where) {
        SourceRegion r = at(n, where);
        if (!n.IsMap()) {
            error(Rule::test_wrong_type, r, "each test must be a map with 'name', 'script' and 'turns'");
            return std::nullopt;
        }
        TestCase c;
        c.region = r;
        bool has_name = false, has_script = false;
        each_key(n, KeyPlace::test_case, "a test", [&](const std::string& key, const YamlNode& v, const SourceRegion& kr) {
            if (key == "prefill") {
                each_entry(v, key, kr, false, [&](Written slot, Written value, bool) {
                    c.prefill.emplace_back(std::move(slot), std::move(value));
                });
            } else if (key == "done") {
                if (auto list = scalar_list(v, key, kr)) c.done = std::move(*list);
            } else if (key == "start") {
                c.start = expectations(v, kr, true);
            } else if (key == "turns") {
                if (v.IsNull()) return;  // a case may check only its start
                if (!v.IsSequence()) {
                    error(Rule::test_wrong_type, at(v, kr), "'turns' must be a list of turns");
                    return;
                }
                for (const YamlNode& item : v)
                    if (auto t = turn(item, at(v, kr))) c.turns.push_back(std::move(*t));
            } else {
                auto w = scalar(v, key, kr);
                if (!w) return;
                if (w->value.empty()) {
                    error(Rule::test_wrong_type, w->region, "'" + key + "' needs a non-empty value");
                    return;
                }
                if (key == "name") {
                    c.name = std::move(w->value);
                    c.region = kr;
                    has_name = true;
                } else if (key == "script") {
                    c.script = std::move(*w);
                    has_script = true;
                } else if (key == "locale") {
                    if (std::optional<std::string> canonical = canonical_locale(w->value)) {
                        c.locale = std::move(*canonical);
                    } else {
                        LocaleProblem problem = locale_problem(w->value);
                        error(Rule::bad_locale, w->region, std::move(problem.message), std::move(problem.note));
                    }
                } else if (key == "today") {
                    std::int32_t day = 0;
                    if (read_iso_date(w->value, day)) c.today = w->value;
                    else error(Rule::bad_date, w->region, "'" + w->value + "' is not a date: write YYYY-MM-DD (2027-06-30)");
                }
            }
        });
        if (!has_name) error(Rule::test_missing_key, r, "this test has no 'name'");
        if (!has_script) error(Rule::test_missing_key, has_name ? c.region : r,
                               "test" + (has_name ? " '" + c.name + "'" : std::string()) + " has no 'script' to run");
        if (!has_name || !has_script) return std::nullopt;
        return c;
    }

    TestSuite suite(const YamlNode& root) {
        TestSuite s;
        s.file = file_;
        SourceRegion top{file_, 1, 1};
        if (!root.IsMap()) {
            error(Rule::test_wrong_type, at(root, top),
                  root.IsNull() ? "the test file is empty; it needs a list of 'tests'"
                                : "a test file must be a map with a list of 'tests'");
            return s;
        }
        bool has_tests = false;
        each_key(root, KeyPlace::test_file, "a test file", [&](const std::string& key, const YamlNode& v, const SourceRegion& kr) {
            if (key == "library") {
                if (auto w = scalar(v, key, kr); w && !w->value.empty()) s.library = w->value;
                else if (w) error(Rule::test_wrong_type, w->region, "'library' needs a path");
                return;
            }
            has_tests = true;
            if (!v.IsSequence() || v.size() == 0) {
                error(v.IsSequence() || v.IsNull() ? Rule::test_missing_key : Rule::test_wrong_type, at(v, kr),
                      v.IsSequence() || v.IsNull() ? "'tests' has no test cases" : "'tests' must be a list of test cases");
                return;
            }
            for (const YamlNode& item : v)
                if (auto c = test_case(item, at(v, kr))) s.cases.push_back(std::move(*c));
            for (std::size_t i = 0; i < s.cases.size(); ++i)
                for (std::size_t j = 0; j < i; ++j)
                    if (s.cases[i].name == s.cases[j].name) {
                        error(Rule::test_duplicate_name, s.cases[i].region, "two tests are named '" + s.cases[i].name + "'",
                              "the first is at line " + std::to_string(s.cases[j].region.line));
                        break;
                    }
        });
        if (!has_tests) error(Rule::test_missing_key, top, "this test file has no 'tests'");
        // `library:` is written relative to the test file's folder; by default it is that folder.
        fs::path dir = fs::path(file_).parent_path();
        if (s.library.empty()) s.library = dir.empty() ? "." : dir.string();
        else if (fs::path(s.library).is_relative() && !dir.empty()) {
            fs::path p = (dir / s.library).lexically_normal();
            if (p.filename().empty() && p.has_parent_path()) p = p.parent_path();  // "a/" from "a/b/.."
            s.library = p.empty() ? "." : p.string();
        }
        return s;
    }

};

}  // namespace

Result<TestSuite> read_test_file(std::string_view yaml, const std::string& file_name) {
    std::vector<Diagnostic> diagnostics;
    TestReader reader(file_name, diagnostics);
    TestSuite suite;
    try {
        if (std::optional<YamlNode> root = reader.load(yaml)) suite = reader.suite(*root);
    } catch (const YAML::DeepRecursion& e) {
        reader.error(Rule::yaml_syntax, reader.at(e.mark), "the YAML is nested too deeply to be a test file");
    } catch (const YAML::Exception& e) {
        reader.error(Rule::yaml_syntax, reader.at(e.mark), "this is not valid YAML: " + e.msg);
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        reader.error(Rule::yaml_syntax, {file_name, 0, 0}, std::string("the YAML reader failed: ") + e.what());
    }
    if (has_errors(diagnostics)) return Result<TestSuite>(std::move(diagnostics));
    return Result<TestSuite>(std::move(suite), std::move(diagnostics));
}

}  // namespace parley::detail
