#pragma once
// The compiled, immutable form of a script library: flat arrays indexed by small integer ids.
// Produced by the compiler, read by the engine (and later the analysis). No YAML in here.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/dates_book.hpp"
#include "model/lexicon.hpp"
#include "model/suppression.hpp"
#include "model/vocabulary.hpp"
#include "parley/diagnostic.hpp"
#include "parley/outcome.hpp"
#include "parley/slot.hpp"

namespace parley::detail {

using Id = std::uint32_t;  // index of a script, node, slot, action, text or condition
inline constexpr Id no_id = UINT32_MAX;

/// A slot value inside the engine. Choices are stored as their index in the slot's choices.
struct Val {
    // (In this order the members pack: 48 bytes. A session keeps one per fact.)
    SlotType type = SlotType::boolean;
    bool boolean = false;
    Id choice = 0;
    double number = 0;
    std::string text;
};
bool operator==(const Val& a, const Val& b) noexcept;

/// A slot value read where it is kept, without a copy: a Val, or a session's fact (whose text is a
/// view into the session's text buffer, State::texts). Valid while what it views is unchanged.
struct ValView {
    SlotType type = SlotType::boolean;
    bool boolean = false;
    Id choice = 0;
    double number = 0;
    std::string_view text;

    ValView() = default;
    ValView(const Val& v) noexcept  // NOLINT: a Val reads as its view wherever a view is asked for
        : type(v.type), boolean(v.boolean), choice(v.choice), number(v.number), text(v.text) {}
    /// The value as a Val of its own (copies the text).
    Val to_val() const { return Val{type, boolean, choice, number, std::string(text)}; }
};
bool operator==(const ValView& a, const ValView& b) noexcept;
/// What a choice or an action is called per locale, and its synonyms (any locale), as the script wrote
/// them (model/lexicon.hpp indexes them).
struct Labels {
    std::vector<std::pair<std::string, std::string>> by_locale;  // canonical locale -> label
    std::vector<std::string> also;
    SourceRegion region;
    const std::string* in(std::string_view locale) const {
        for (const auto& [l, text] : by_locale)
            if (l == locale) return &text;
        return nullptr;
    }
};

struct SlotDecl {
    std::string name;
    SlotType type = SlotType::text;
    std::vector<std::string> choices;
    std::vector<std::string> labels;  // `labels:`, one per choice ("": none given); empty without `labels:`
    std::vector<Labels> words;  // one per choice of a choice slot: its labels per locale and synonyms
    bool has_min = false, has_max = false;
    double min = 0, max = 0;
    bool min_today = false, max_today = false;  // a date slot's bound is today + min (max) days (model/dates.hpp)
    bool prefill = false;
    std::string description;
    SourceRegion region;
    bool broken = false;  // its declaration was reported; uses of it are not checked further
    bool branched_on = false;  // some condition reads it: a correction may leave the path behind (Stepper::fill)
};

/// Prompt text with its translations, each split at load time into literal runs and slot holes.
struct Text {
    struct Segment {
        std::string literal;  // emitted as is
        Id slot = no_id;      // when set: the slot's value (or "{name}" when unknown)
    };
    struct Variant {
        std::string locale;
        std::vector<Segment> segments;
    };
    std::vector<Variant> variants;
    SourceRegion region;  // where the text is written
};

/// Condition bytecode, evaluated on a small fixed stack with three-valued logic.
enum class Op : std::uint8_t {
    push_slot,   // arg: slot id
    push_const,  // arg: index into constants
    known,       // arg: slot id
    done,        // arg: action id
    failed,      // arg: action id: the customer said they could not do it (and has not done it since)
    truthy,      // pop a value, push its truth (a boolean slot's value)
    eq, ne, lt, le, gt, ge,
    logical_and, logical_or, logical_not,
    conversation,  // arg: ConversationFact; pushes its truth
    locale_is,     // arg: index into Program::condition_locales; pushes whether the session's locale is it or a child
    push_today     // arg: days after today (as int32); pushes the day, unknown when the host gave no today
};
/// What a condition may read of the conversation itself (`conversation.NAME`, read-only).
enum class ConversationFact : std::uint8_t { cancel_requested, offer_accepted };
struct Instr {
    Op op;
    Id arg = 0;
};
struct Condition {
    std::vector<Instr> code;
    std::vector<Val> constants;
    std::vector<std::string> locales;  // locale_is tags while compiling; emptied into Program::condition_locales
    std::string source;
    SourceRegion region;
};
inline constexpr int max_condition_depth = 32;

struct Branch {
    Id condition = no_id;  // no_id: always taken
    Id target = no_id;     // node id
    SourceRegion region;
};

enum class NodeKind : std::uint8_t { ask, ask_actions, instruct, say, offer, call, lookup, jump, branch, end };
const char* to_string(NodeKind k) noexcept;

struct Assignment {
    Id slot;
    Val value;
};

struct Node {
    NodeKind kind = NodeKind::branch;
    Id script = no_id;
    std::string name;
    SourceRegion region;
    Id text = no_id;   // ask/instruct/say/offer/lookup prompt; end: closing text
    Id hint = no_id;   // said when a reply was not understood
    Id step_say = no_id;  // instruct: said once it is acknowledged, never when it is skipped
    Id slot = no_id;   // ask, offer, lookup
    Id action = no_id; // instruct
    std::vector<Id> action_choices;  // ask_actions
    OfferKind offer_kind = OfferKind::retention;
    Outcome outcome = Outcome::none;  // end; `return` is is_return
    bool is_return = false;
    Id callee = no_id;       // call: script id
    std::string lookup_key;  // lookup
    std::vector<Branch> next;  // jump: one unconditional branch
    std::vector<Assignment> set;
    std::vector<Id> forget;
    int max_attempts = 0;  // 0: the library default
    Id on_fail = no_id;      // ask/offer/lookup: after max_attempts unclear replies; instruct: the customer couldn't
    Id on_unknown = no_id;   // lookup: where the host's "could not tell" leads (no_id: `next`, the slot unknown)
    bool repeat = false;
    std::string reason;
    Id promise = no_id;          // index into Policies::capabilities
    Id dropped_pleasantry = no_id;  // closing_courtesy removed this phrase (index into pleasantries)
    bool tone_apology = false;      // `tone: apology`
};

struct Policies {
    bool honor_cancellation = true;
    int max_offers = 1;
    Id cancel_script = no_id;  // where a cancel request leads (`start`)
    Id cancel_node = no_id;    // the cancellation itself (`then`)
    bool no_upsell_after_cancel = true;
    bool escalate_on_request = true;
    Id escalation_node = no_id;
    int max_turns = 0;  // 0: no budget
    Id contact_slot = no_id;
    double contact_threshold = 0;
    bool closing_courtesy = true;
    std::vector<std::string> pleasantries;  // lower case
    std::vector<std::string> pleasantry_locales;  // one per phrase: the locale whose texts it is cut from ("": every)
    struct WordEntry {
        std::string locale;
        WordClass cls;
        std::string word;
    };
    std::vector<WordEntry> words;  // `words:`
    struct TextEntry {
        BuiltinText id;
        std::string locale;
        std::string text;
        SourceRegion region;
    };
    std::vector<TextEntry> texts;  // `texts:`
    std::vector<std::string> capabilities;
    std::vector<std::string> locales;
    struct Event {
        std::string name;
        Id target = no_id;  // node it leads to
    };
    std::vector<Event> events;  // declared by the library, beyond the built-in ones
    SourceRegion region;        // of policies.yaml, for diagnostics about the library as a whole
};

struct Script {
    std::string name;
    std::string locale;
    std::string file;
    SourceRegion region;
    Id start = no_id;
    bool entry = true;  // a host may start a conversation here (`entry: false`: it is only called)
    Id first_node = 0, node_count = 0;  // nodes[first_node, first_node + node_count)
    std::uint64_t fingerprint = 0;      // model/fingerprint.hpp
    struct Migration {
        std::string old_node;  // a node id of an earlier version of the script
        Id node;               // where a session saved at it continues
    };
    std::vector<Migration> migrate;  // `migrate:`, applied by Library::restore
};

/// A run of one of the program's flat arrays, such as the nodes of one script.
template <class T>
struct Slice {
    T* first;
    T* last;
    T* begin() const { return first; }
    T* end() const { return last; }
};

struct Program {
    std::vector<Script> scripts;
    std::vector<Node> nodes;
    std::vector<SlotDecl> slots;
    std::vector<std::string> actions;
    std::vector<Labels> action_labels;  // one per action (`actions:` of the scripts)
    std::vector<Lexicon> lexicons;      // one per locale the library knows (model/lexicon.hpp)
    std::vector<Condition> conditions;
    std::vector<Text> texts;
    /// The locale tags conditions compare `conversation.locale` with (canonical, each once); a session
    /// keeps one bit per tag (State::locale_bits), so a condition reads its locale without a string.
    std::vector<std::string> condition_locales;
    static constexpr std::size_t max_condition_locales = 64;
    std::unordered_map<std::string, Id> script_ids, slot_ids, action_ids;
    /// Node ids by the hash of (script, name), for find_node in constant time. Ids, not pointers into
    /// `nodes`, so a copy of the program finds its own nodes. Filled by add_node.
    std::unordered_multimap<std::size_t, Id> node_index;
    std::vector<Diagnostic> warnings;
    std::vector<Suppression> suppressions;  // every file's `# parley-lint: ignore` comments, for lint
    Policies policies;
    int default_max_attempts = 3;
    int max_call_depth = 16;
    std::uint64_t fingerprint = 0;  // of the whole library (model/fingerprint.hpp)
    /// For each (script, slot) that some node of the script asks (ask, offer, lookup): that node, or
    /// no_id when several do. Keyed by script << 32 | slot; filled by index_sole_askers().
    std::unordered_map<std::uint64_t, Id> sole_askers;
    /// The slots as a host sees them (Library::slots(), Utterance::expects), one per slot, by id.
    /// Filled by index_catalog(); it owns its strings, so a copy of the program stays whole.
    std::vector<SlotInfo> catalog;
    /// Month names, relative words and written forms of dates in the library's locales (model/dates.hpp).
    DateBook dates;

    Id find_script(std::string_view name) const;
    Id find_slot(std::string_view name) const;
    Id find_action(std::string_view name) const;
    /// The nodes of script `script`.
    Slice<const Node> nodes_of(Id script) const;
    /// Node `name` in script `script`, or no_id.
    Id find_node(Id script, std::string_view name) const;
    /// Appends `node` (of script node.script) to `nodes` and indexes it for find_node; returns its id.
    Id add_node(Node node);
    /// The one node of `script` that asks for `slot`, or no_id (none, or several).
    Id sole_asker(Id script, Id slot) const;
};

/// Fills Program::sole_askers (a snapshot names where a fact was learned by it: engine/snapshot.cpp).
void index_sole_askers(Program& p);
/// Fills Program::catalog from the slots' declarations.
void index_catalog(Program& p);

}  // namespace parley::detail
