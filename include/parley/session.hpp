#pragma once
// parley::Session: one conversation walked through a library's scripts, and what it shows the host
// (turns, utterances, trace entries, the summary).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "parley/export.hpp"
#include "parley/outcome.hpp"
#include "parley/result.hpp"
#include "parley/slot.hpp"
#include "parley/value.hpp"

namespace parley {

namespace detail {
struct Program;
struct SessionCore;
}  // namespace detail

/// One thing the agent says or asks. String views point into the Library and stay valid while
/// the Library or any Session started from it is alive.
struct Utterance {
    enum class Kind { say, ask, instruct, offer, lookup, end };
    Kind kind = Kind::say;
    std::string_view script;
    std::string_view node;
    std::string text;                ///< rendered in the session's locale, slots interpolated
    /// The locale `text` is written in: the session's, or the one it fell back to when the script has
    /// no text in the session's locale (docs/format.md, "Locales"); empty when there is no text.
    std::string_view locale;
    bool fell_back = false;  ///< `text` is in another language than the session's (es-MX hearing en, not es)
    std::string_view slot;           ///< ask, offer, lookup: the slot the reply fills
    /// ask, offer, lookup: what the reply fills, as the library declares it (its type, its choices with
    /// their labels, its bounds): the Library's own entry (Library::slots()), so no copy is made per turn.
    const SlotInfo* expects = nullptr;
    std::string_view lookup;         ///< lookup: what the host should look up
    std::vector<std::string_view> choices;  ///< choice questions, and action lists of `type: actions`
    /// One per choice: what to show for it in the session's locale (its label there, else in the
    /// library's default locale, else its id). A reply may give the id, the label or a synonym.
    std::vector<std::string_view> labels;
    bool multi_select = false;       ///< `type: actions`: a comma-separated list or "none"
    OfferKind offer_kind = OfferKind::retention;  ///< offer
    Outcome outcome = Outcome::none;              ///< end
    std::string hint;                ///< set when a reply was not understood and this is asked again
    int attempt = 1;                 ///< 1 on first asking, 2 after one bad reply, ...
};

PARLEY_API const char* to_string(Utterance::Kind k) noexcept;

/// What the agent says now: messages that need no reply, then the one prompt that awaits a reply
/// (or the end of the conversation).
struct Turn {
    std::vector<Utterance> messages;
    Utterance prompt;
    bool ended() const noexcept { return prompt.kind == Utterance::Kind::end; }
};

/// How a fact came to be known.
enum class Source : std::uint8_t { answer, prefill, set, host };
PARLEY_API const char* to_string(Source s) noexcept;

enum class TraceKind : std::uint8_t {
    started, asked, answered, not_understood, gave_up, skipped, said, acknowledged, offered,
    called, returned, jumped, set, forgot, signalled, policy, ended, fault,
    migrated,  ///< restored on a new version of a script: a position continued where `migrate:` says
    dropped,   ///< restored on a new version: a remembered value that no longer fits its slot was dropped
    unknown,   ///< the host could not tell the value a lookup asked for (Session::fill_unknown)
    failed,    ///< the customer said they could not do what an instruction asked
    corrected, ///< the host changed a known value that branches read: where the conversation is may rest on the old one
    cleared,   ///< the host cleared a fact it had filled (Session::clear)
    locale_switched  ///< the customer's language changed mid-call (Session::set_locale, the `locale` event)
};
PARLEY_API const char* to_string(TraceKind k) noexcept;

/// How many of the most recent trace events a session keeps unless StartOptions::trace_capacity
/// says otherwise.
inline constexpr std::size_t default_trace_capacity = 256;

/// One line of the session's trace: what happened and why, in the words a person reads.
struct TraceEntry {
    TraceKind kind;
    unsigned turn;
    std::string_view script;
    std::string_view node;
    std::string message;
    std::string_view policy;  ///< the policy that acted ("honor_cancellation"), or empty
};

/// Handoff summary: everything the next agent needs so nothing is asked again.
struct Summary {
    struct Fact {
        std::string slot;
        Value value;
        Source source;
        std::string script, node;
        unsigned turn;
    };
    struct Action {
        std::string action;
        Source source;
        std::string script, node;
        unsigned turn;
    };
    struct Offer {
        std::string script, node;
        OfferKind kind;
        std::optional<bool> accepted;  ///< empty when the customer never answered
        unsigned turn;
    };
    struct Intervention {
        std::string policy;   ///< e.g. "honor_cancellation"
        std::string message;  ///< what it did and why
        unsigned turn;
    };
    std::vector<Fact> facts;
    std::vector<Action> actions_done;
    /// The actions the customer said they could not do, and has not done since (source: answer;
    /// script, node and turn: the instruction they last could not follow).
    std::vector<Action> actions_failed;

    /// What became of a value a slot held.
    enum class AnswerStatus : std::uint8_t {
        current,     ///< the slot still holds it (it is in `facts` too)
        superseded,  ///< a later answer, fill or `set` replaced it
        forgotten,   ///< a node's `forget` erased it
        cleared      ///< the host cleared it (Session::clear)
    };
    /// Every value a slot has held, in the order they were learned (docs/embedding.md, 4.5).
    struct Answer {
        std::string slot;
        Value value;
        Source source;
        std::string script, node;  ///< where it was learned (empty: before the first node, pre-filled)
        unsigned turn;             ///< the customer turn it was learned at
        AnswerStatus status;
        unsigned ended_turn;       ///< when it was superseded, forgotten or cleared (0 while current)
    };
    /// What became of a step the customer was asked to do.
    enum class StepStatus : std::uint8_t {
        attempted,  ///< given to the customer, not (yet) acknowledged
        done,       ///< acknowledged, picked in an actions question, or done before the session
        failed      ///< the customer could not do it
    };
    struct Step {
        std::string action;
        StepStatus status;
        Source source;
        std::string script, node;  ///< the instruction or actions question (empty: done before the session)
        unsigned turn;
    };
    /// How many past values `answers` keeps (the current ones always): the first ones a conversation
    /// replaced, forgot or cleared; a longer one counts the rest in answers_dropped.
    static constexpr std::size_t past_answers_kept = 256;
    std::vector<Answer> answers;
    unsigned answers_dropped = 0;
    /// How many entries `steps` keeps: the first ones; a longer conversation counts the rest in steps_dropped.
    static constexpr std::size_t steps_kept = 256;
    std::vector<Step> steps;  ///< every step attempted, done or failed, in order (a step done twice: twice)
    unsigned steps_dropped = 0;

    std::vector<Offer> offers;
    static constexpr std::size_t signals_kept = 32;
    std::vector<std::string> signals;  ///< the most recent events the customer expressed (at most signals_kept), in order
    unsigned signals_received = 0;     ///< every event expressed, those no longer in `signals` included
    static constexpr std::size_t interventions_kept = 32;
    /// The most recent times a policy changed the conversation's course (at most interventions_kept), in order.
    std::vector<Intervention> interventions;
    unsigned interventions_made = 0;  ///< every intervention, those no longer in `interventions` included
    bool cancel_requested = false;
    Outcome outcome = Outcome::none;
    std::string script, node;  ///< where the conversation is (or ended)
    std::string locale;        ///< the session's locale now (after any switch)
    /// A change of language mid-call (Session::set_locale).
    struct LocaleSwitch {
        std::string from, to;      ///< canonical tags
        unsigned turn;             ///< the customer turn it happened at (a switch is not a turn)
        std::string script, node;  ///< where the conversation was
    };
    /// How many entries `locale_switches` keeps: the first ones; a longer conversation counts the rest
    /// in locale_switches_made.
    static constexpr std::size_t locale_switches_kept = 32;
    std::vector<LocaleSwitch> locale_switches;  ///< in order
    unsigned locale_switches_made = 0;          ///< every switch, those not in `locale_switches` included
    unsigned turns = 0;
};
PARLEY_API std::ostream& operator<<(std::ostream& os, const Summary& s);
PARLEY_API const char* to_string(Summary::AnswerStatus s) noexcept;
PARLEY_API const char* to_string(Summary::StepStatus s) noexcept;

/// Called with each trace event of a step, after the step has taken effect, and the session's
/// correlation id (Session::set_observer).
using Observer = std::function<void(const TraceEntry& event, const std::string& correlation_id)>;

/// What `reply()` made of the customer's words ([[nodiscard]]: a reply that was not understood
/// needs the prompt shown again with its hint).
enum class [[nodiscard]] ReplyStatus {
    accepted,        ///< understood; the session moved on
    not_understood,  ///< asked again with a hint (or, after the last attempt, gave up per on_fail)
    no_question      ///< nothing awaits a reply (the conversation has ended); fill_unknown: no lookup for the slot awaits
};

/// What `signal()` made of an event ([[nodiscard]]: an unknown event changed nothing).
enum class [[nodiscard]] SignalStatus {
    handled,        ///< the policies acted on it (see the trace)
    unknown_event,  ///< neither built in (cancel, supervisor, agent, repeat) nor declared by the library
    no_question     ///< the conversation has ended
};

/// What Session::snapshot() includes beyond the state itself.
struct SnapshotOptions {
    bool include_trace = false;  ///< the recent trace events (restored only on the same library version)
};

/// One conversation walked through a Library's scripts. A cheap value: copy it to branch a
/// conversation, move it between threads, but use one copy from one thread at a time.
/// Every operation gives the strong guarantee: if it throws, the session is unchanged.
class PARLEY_API Session {
public:
    Session(const Session&);
    Session(Session&&) noexcept;
    Session& operator=(const Session&);
    Session& operator=(Session&&) noexcept;
    ~Session();

    /// What the agent says now. Calling it again before a reply returns the same turn.
    Turn next() const;

    /// The customer's reply to the current prompt, parsed by the prompt's type.
    ReplyStatus reply(std::string_view text);

    /// Something the customer expressed, at any point, even in the middle of a question:
    /// "cancel", "supervisor", "agent" (a human), "repeat" (say that again), or an event the
    /// library declares. The conduct policies decide what happens (docs/policies.md).
    /// "locale TAG" ("locale es") is set_locale(TAG): `handled`, or `unknown_event` for "locale" with
    /// no tag; a tag that is not BCP 47 throws parley::Error (bad-locale), as set_locale does.
    SignalStatus signal(std::string_view event);

    /// The customer asks to go on in another language: from now on every text is rendered in `tag`
    /// (canonical BCP 47, "es-MX"; a tag the library has no texts for falls back as at the start,
    /// docs/format.md "Locales"), and `conversation.locale` in conditions reads it. Nothing else
    /// changes: facts, done actions, the prompt awaiting a reply and its attempts stay, and it is not
    /// a customer turn; the next next() says the same turn again, in the new language. The switch is
    /// in the trace (locale_switched) and the summary. Switching to the locale the session has changes
    /// nothing. Throws parley::Error (bad-locale) when `tag` is not a BCP 47 tag of a known language;
    /// the session is then unchanged.
    void set_locale(std::string_view tag);
    /// set_locale() without the exception: the session's locale now, or the bad-locale diagnostic.
    Result<std::string> try_set_locale(std::string_view tag);

    /// The host answers a `lookup` prompt (or tells the session a fact at any time).
    /// Throws parley::Error when the slot is undeclared or the value does not fit its type.
    void fill(std::string_view slot, const Value& value);
    /// fill() without the exception: the value as the slot now holds it ("12" given for a number
    /// slot: 12), or the diagnostic (unknown-slot, wrong-type) and the session unchanged.
    Result<Value> try_fill(std::string_view slot, const Value& value);

    /// The host takes back a fact it gave (fill, a lookup's answer, or the start's pre-fill) by
    /// mistake: the slot is unknown again, so a later question about it asks the customer; the value
    /// stays in the summary's answers as `cleared`, and the trace has a `cleared` event. Returns false
    /// when the slot was not known. What the customer answered or a script set is not the host's to
    /// clear: refused with `not-host-fact` (as is an undeclared slot, `unknown-slot`); clear() throws
    /// parley::Error for those, try_clear() returns the diagnostic. The session is unchanged then.
    bool clear(std::string_view slot);
    Result<bool> try_clear(std::string_view slot);

    /// Registers the host's observer (an empty one removes it). It is called once per trace event, in
    /// order, after the step that made them has taken effect (never for a step that threw and was
    /// undone), whatever the trace capacity. A copy of the session has a copy of it; a snapshot has none.
    /// An observer that throws does not undo the step or stop the others' delivery: the exception is
    /// caught and counted in observer_errors(). It must not step this session (reply, fill...).
    void set_observer(Observer observer);
    unsigned observer_errors() const noexcept;

    /// The host answers the `lookup` prompt for `slot` with "the system could not tell" (a back end
    /// that is down, a record that is not there). Not a customer turn: it counts toward neither
    /// max_attempts nor max_turns. The session goes to the lookup's `on_unknown`, or else follows its
    /// `next` with the slot unknown, so a later question can ask the customer (docs/format.md, 6.6).
    /// Returns `accepted`, or `no_question` (and changes nothing) when no lookup for `slot` awaits an
    /// answer: the conversation moved on, or the prompt is a question for the customer.
    /// Throws parley::Error when the slot is undeclared.
    ReplyStatus fill_unknown(std::string_view slot);

    bool ended() const noexcept;
    Outcome outcome() const noexcept;
    unsigned turn() const noexcept;  ///< customer turns so far
    const std::string& locale() const noexcept;
    /// The host's date, YYYY-MM-DD (StartOptions::today): what "tomorrow", `today` in conditions and a
    /// date slot's bounds relative to today read (docs/format.md, "Dates"). A snapshot does not keep it
    /// (a conversation may resume on another day): set it again after Library::restore. "" unsets it.
    /// Throws parley::Error (bad-date) for anything else, and the session keeps the date it had.
    void set_today(std::string_view date);
    /// The date set, YYYY-MM-DD, or "" when none.
    std::string today() const;

    bool known(std::string_view slot) const;
    std::optional<Value> get(std::string_view slot) const;
    bool done(std::string_view action) const;
    /// The customer said they could not do `action` (a reply such as "I can't find it" to its
    /// instruction), and it has not been done since.
    bool failed(std::string_view action) const;
    /// "modem.lights = green: answered at turn 2 to 'lights' in script internet_down"
    std::string why(std::string_view slot) const;

    /// The most recent events, oldest first: at most StartOptions::trace_capacity of them (none when
    /// it is 0). The session keeps them as ids in a ring that grows as events come, up to that capacity.
    std::vector<TraceEntry> trace() const;

    /// The session as a compact byte string, to keep between requests or hand to another process:
    /// restore it with Library::restore. The trace is included only when asked for.
    std::string snapshot(const SnapshotOptions& options = {}) const;

    /// An id of the host's (a chat id, a call id), kept with the session and in its snapshots.
    void set_correlation_id(std::string id);
    const std::string& correlation_id() const noexcept;

    /// One step of the conversation's path, recorded when started with StartOptions::record_path.
    struct PathStep {
        std::string_view script, node;
        int branch;  ///< index of the `next` entry taken, or -1 for entering the node
    };
    /// How many steps path() keeps: the first ones (a longer conversation counts the rest in path_dropped()).
    static constexpr std::size_t path_kept = 4096;
    std::vector<PathStep> path() const;
    unsigned path_dropped() const noexcept;  ///< steps taken after the first path_kept, not recorded
    Summary summary() const;

private:
    friend class Library;
    PARLEY_INTERNAL explicit Session(std::unique_ptr<detail::SessionCore> core);
    std::unique_ptr<detail::SessionCore> core_;
};

}  // namespace parley
