#pragma once
// The syntax tree of one script file, as written, with a source region on every piece.
// The reader builds it from YAML; the compiler resolves names and types. No yaml-cpp here.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/suppression.hpp"
#include "parley/diagnostic.hpp"

namespace parley::detail::ast {

struct Str {
    std::string value;
    SourceRegion region;
    bool quoted = false;   // written in quotes
    std::size_t pos = std::string::npos;  // byte offset of the scalar in the file (see source_map.hpp)
};

/// A prompt: plain text, or a map of locale -> text.
struct Text {
    std::vector<std::pair<std::string, Str>> variants;  // locale "" for plain text
    SourceRegion region;
};

struct Branch {
    std::optional<Str> condition;
    Str target;
    SourceRegion region;
};

/// An optional value kept on the heap, read like std::optional. A node has a few of the many keys a
/// node may have: inline optionals made each node 2 KB, most of it empty (issue 13), while an absent
/// key costs a pointer here.
template <class T>
class Maybe {
public:
    Maybe() = default;
    Maybe(std::nullopt_t) {}
    Maybe(T value) : value_(std::make_unique<T>(std::move(value))) {}
    Maybe(std::optional<T> value) {
        if (value) value_ = std::make_unique<T>(std::move(*value));
    }
    Maybe(const Maybe& other) : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
    Maybe(Maybe&&) noexcept = default;
    Maybe& operator=(Maybe other) noexcept {
        value_ = std::move(other.value_);
        return *this;
    }
    ~Maybe() = default;

    bool has_value() const noexcept { return value_ != nullptr; }
    explicit operator bool() const noexcept { return has_value(); }
    const T& operator*() const { return *value_; }
    T& operator*() { return *value_; }
    const T* operator->() const { return value_.get(); }
    T* operator->() { return value_.get(); }

private:
    std::unique_ptr<T> value_;
};

struct Node {
    Str id;
    SourceRegion region;
    Maybe<Text> ask, instruct, say, offer, hint;
    Maybe<Str> slot, type, action, kind, call, lookup, jump, end, on_fail, on_unknown, reason, promise, tone;
    Maybe<Str> outcome;  // on an `end: return`: the outcome when nothing called the script
    Maybe<Str> repeat, max_attempts;  // checked by the compiler for their type
    Maybe<std::vector<Str>> choices, forget;
    std::vector<std::pair<Str, Str>> set;
    Maybe<std::vector<Branch>> next;
    std::vector<std::string> broken;  // keys present whose value the reader already reported ("*": the whole node)
};

/// What a choice or an action is called in each locale, and other words that mean it: a plain label
/// (locale "": the script's), or a map of locale -> label with an optional `also:` list of synonyms.
struct Labels {
    Str of;  // the choice or action id
    std::vector<std::pair<std::string, Str>> by_locale;
    std::vector<Str> also;
    SourceRegion region;
};

struct Slot {
    Str name;
    SourceRegion region;
    std::optional<Str> type, min, max, prefill, description;
    std::optional<std::vector<Str>> choices;
    std::optional<std::vector<std::pair<Str, Str>>> labels;  // choice -> label, as written (plain labels)
    std::vector<Labels> words;  // choices written as maps, and `labels:` entries written as maps
    std::vector<std::string> broken;
};

struct Script {
    std::string file;
    std::string text;  // the file as read, for positions inside scalars
    SourceRegion region;
    bool is_map = false;  // the file held a map: anything missing from it is worth reporting
    std::optional<Str> id, version, locale, start, entry;
    std::optional<Text> title;  // read for its shape only: nothing in a library uses it
    std::vector<Slot> slots;
    std::vector<Node> nodes;
    std::vector<std::pair<Str, Str>> migrate;  // old node id -> node (or script.node) it continues at
    std::vector<Labels> actions;  // `actions:`: each action id's labels and synonyms
    std::vector<std::string> broken;
    std::vector<Suppression> suppressions;  // its `# parley-lint: ignore` comments
};

/// One entry under `policies:` in policies.yaml: `name: false`, `name: 3`, or `name: {key: value}`.
struct Policy {
    Str name;
    SourceRegion region;
    std::optional<Str> value;                                // the scalar form
    std::vector<std::pair<Str, Str>> settings;               // the map form: its single values...
    std::vector<std::pair<Str, std::vector<Str>>> lists;     // ...and its lists (closing_courtesy's phrases)
    std::vector<std::pair<Str, std::vector<Str>>> locale_lists;  // closing_courtesy's phrases per locale
};

/// The library's own settings file, policies.yaml: conduct policies, capabilities, events.
struct Settings {
    std::string file;
    SourceRegion region;
    std::optional<Str> version;
    std::vector<Policy> policies;
    std::optional<std::vector<Str>> capabilities, locales;
    std::vector<std::pair<Str, Str>> events;  // event name -> node it leads to
    struct WordList {
        Str locale, word_class;
        std::vector<Str> words;
    };
    std::vector<WordList> words;  // `words:` locale -> class -> words
    struct TextOverride {
        Str id, locale, text;
    };
    std::vector<TextOverride> texts;  // `texts:` text id -> locale -> text
    std::vector<Suppression> suppressions;    // its `# parley-lint: ignore` comments
};

}  // namespace parley::detail::ast
