#pragma once
// Every rule id the library reports, with its severity and summary: one table, indexed by `Rule`.
// Code names a rule by its enumerator (a misspelt one does not compile); the public
// parley::rules() (src/api/lint.cpp) is this table, and docs/lint.md and docs/testing.md document it.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string_view>

#include "parley/diagnostic.hpp"

namespace parley::detail {

/// One enumerator per row of `rule_table`, in the same order (checked below).
enum class Rule : std::uint8_t {
    // Loading: the file and its format.
    yaml_syntax,
    io_error,
    bad_encoding,
    several_documents,
    file_too_large,
    aliases_too_large,
    unknown_key,
    duplicate_key,
    duplicate_id,
    missing_key,
    missing_next,
    misplaced_key,
    conflicting_keys,
    unknown_node,
    unknown_script,
    unknown_slot,
    unknown_action,
    bad_condition,
    bad_choice,
    wrong_type,
    conflicting_slot,
    unsupported_version,
    repeat_without_reason,
    bad_template,
    bad_id,
    bad_locale,
    undeclared_promise,
    bad_date,
    internal_error,
    // Restoring a session snapshot.
    snapshot_foreign,
    snapshot_version,
    snapshot_corrupt,
    stranded_position,
    snapshot_fact_dropped,
    snapshot_trace_dropped,
    // A host's request a session refuses.
    not_host_fact,
    // A loader warning about policies.yaml.
    no_cancellation_node,
    // Structure.
    unreachable_node,
    no_default_branch,
    call_cycle,
    call_never_returns,
    slot_never_set,
    unused_slot,
    missing_translation,
    template_slot_maybe_unknown,
    pleasantry_on_unresolved,
    apology_without_remedy,
    ambiguous_word,
    // Conduct.
    offer_after_cancel,
    upsell_after_cancel,
    offer_during_cancellation,
    repeated_question,
    repeated_instruction,
    dead_end,
    no_unknown_route,
    loop_without_turn,
    call_depth,
    endless_loop,
    no_cancel_path,
    no_escalation_path,
    exploration_incomplete,
    // Reading a test file.
    test_unknown_key,
    test_duplicate_key,
    test_missing_key,
    test_conflicting_keys,
    test_duplicate_name,
    test_misplaced_key,
    test_wrong_type,
    // In-source suppressions of lint findings.
    bad_suppression,
    unused_suppression,
    count  ///< not a rule: the number of rules
};

struct RuleRow {
    Rule rule;  ///< the row's own enumerator, so that a row out of place fails to compile
    std::string_view id;
    Severity severity;
    std::string_view summary;
};

inline constexpr RuleRow rule_table[] = {
    // Loading: the file and its format.
    {Rule::yaml_syntax, "yaml-syntax", Severity::error, "the file is not valid YAML"},
    {Rule::io_error, "io-error", Severity::error, "a file or directory cannot be read"},
    {Rule::bad_encoding, "bad-encoding", Severity::error, "a file that is not UTF-8 text, or holds a NUL byte"},
    {Rule::several_documents, "several-documents", Severity::error, "a file with more than one YAML document"},
    {Rule::file_too_large, "file-too-large", Severity::error, "a file over the size limit (16 MiB)"},
    {Rule::aliases_too_large, "aliases-too-large", Severity::error,
     "YAML aliases that expand a file's values beyond the size limit (16 MiB)"},
    {Rule::unknown_key, "unknown-key", Severity::error, "a key the format does not have (with a did-you-mean)"},
    {Rule::duplicate_key, "duplicate-key", Severity::error, "the same key twice in one map"},
    {Rule::duplicate_id, "duplicate-id", Severity::error, "two scripts, nodes or choices with the same id"},
    {Rule::missing_key, "missing-key", Severity::error, "a key the node or script needs is missing"},
    {Rule::missing_next, "missing-next", Severity::error, "a node that is not an end has no next"},
    {Rule::misplaced_key, "misplaced-key", Severity::error, "a key that does not belong on this kind of node or slot"},
    {Rule::conflicting_keys, "conflicting-keys", Severity::error, "a node with two kinds (e.g. ask and instruct)"},
    {Rule::unknown_node, "unknown-node", Severity::error, "a reference to a node that does not exist"},
    {Rule::unknown_script, "unknown-script", Severity::error, "a reference to a script that does not exist"},
    {Rule::unknown_slot, "unknown-slot", Severity::error, "a slot used but declared in no script"},
    {Rule::unknown_action, "unknown-action", Severity::error, "an action used in done() that no script performs"},
    {Rule::bad_condition, "bad-condition", Severity::error, "a condition that does not parse"},
    {Rule::bad_choice, "bad-choice", Severity::error, "a condition compares a choice slot with a value outside its choices, or a label names one"},
    {Rule::wrong_type, "wrong-type", Severity::error, "a value of the wrong type"},
    {Rule::conflicting_slot, "conflicting-slot", Severity::error, "one slot declared differently in two scripts"},
    {Rule::unsupported_version, "unsupported-version", Severity::error, "a format version this library does not read"},
    {Rule::repeat_without_reason, "repeat-without-reason", Severity::error, "repeat: true without a reason"},
    {Rule::bad_template, "bad-template", Severity::error, "a text with an unclosed {"},
    {Rule::bad_id, "bad-id", Severity::error, "an id with characters ids may not use"},
    {Rule::bad_locale, "bad-locale", Severity::error, "a locale that is not a BCP 47 tag of a known language (en, es, es-MX)"},
    {Rule::undeclared_promise, "undeclared-promise", Severity::error, "a promise of a capability the library does not declare"},
    {Rule::bad_date, "bad-date", Severity::error, "a date that does not exist (2027-02-30) or is not written YYYY-MM-DD"},
    {Rule::internal_error, "internal-error", Severity::error, "a bug in parley; please report it"},
    // Restoring a session snapshot (Library::restore).
    {Rule::snapshot_foreign, "snapshot-foreign", Severity::error, "bytes that are not a parley session snapshot"},
    {Rule::snapshot_version, "snapshot-version", Severity::error, "a snapshot format this build does not read"},
    {Rule::snapshot_corrupt, "snapshot-corrupt", Severity::error, "a snapshot that was truncated or changed"},
    {Rule::stranded_position, "stranded-position", Severity::error,
     "a position the conversation continues from is gone or means something else"},
    {Rule::snapshot_fact_dropped, "snapshot-fact-dropped", Severity::warning,
     "a remembered fact, action, offer or signal that no longer fits the library"},
    {Rule::snapshot_trace_dropped, "snapshot-trace-dropped", Severity::warning,
     "a snapshot's trace from another version of the library"},
    // A host's request a session refuses (Session::clear).
    {Rule::not_host_fact, "not-host-fact", Severity::error,
     "the host asked to clear a fact it did not give (the customer's answer, or a script's set)"},
    // A loader warning about policies.yaml.
    {Rule::no_cancellation_node, "no-cancellation-node", Severity::warning,
     "retention offers, but no cancellation node in policies.yaml"},
    // Structure.
    {Rule::unreachable_node, "unreachable-node", Severity::warning, "a node no path reaches"},
    {Rule::no_default_branch, "no-default-branch", Severity::warning, "branches whose conditions can all be false or unknown"},
    {Rule::call_cycle, "call-cycle", Severity::warning, "scripts that call each other in a cycle"},
    {Rule::call_never_returns, "call-never-returns", Severity::warning,
     "a call into a script that can never reach `end: return`: what follows the call is dead"},
    {Rule::slot_never_set, "slot-never-set", Severity::warning,
     "a condition reads a slot that nothing fills and the host does not pre-fill"},
    {Rule::unused_slot, "unused-slot", Severity::warning, "a slot declared but never used"},
    {Rule::missing_translation, "missing-translation", Severity::warning, "a text without a locale the library declares"},
    {Rule::template_slot_maybe_unknown, "template-slot-maybe-unknown", Severity::warning,
     "a text shows a slot that may be unknown there"},
    {Rule::pleasantry_on_unresolved, "pleasantry-on-unresolved", Severity::warning,
     "a closing pleasantry when the problem is not solved"},
    {Rule::apology_without_remedy, "apology-without-remedy", Severity::warning,
     "an apology not followed by an offer, instruction or resolution"},
    {Rule::ambiguous_word, "ambiguous-word", Severity::warning,
     "a reply word that means two things at one question in one locale (two choices, or a choice and yes/no/none)"},
    // Conduct, proved over every path.
    {Rule::offer_after_cancel, "offer-after-cancel", Severity::error,
     "more retention offers after a cancel request than honor_cancellation allows"},
    {Rule::upsell_after_cancel, "upsell-after-cancel", Severity::error, "an upsell after a cancel request"},
    {Rule::offer_during_cancellation, "offer-during-cancellation", Severity::error, "an offer after the cancellation has begun"},
    {Rule::repeated_question, "repeated-question", Severity::warning, "a question asked again for a slot nothing forgot"},
    {Rule::repeated_instruction, "repeated-instruction", Severity::warning, "an instruction given again without repeat: true"},
    {Rule::dead_end, "dead-end", Severity::error, "a path on which no branch of a node matches"},
    {Rule::no_unknown_route, "no-unknown-route", Severity::error,
     "a lookup whose host answer \"could not tell\" (!unknown) leads to no branch"},
    {Rule::loop_without_turn, "loop-without-turn", Severity::error, "a loop that never asks the customer anything"},
    {Rule::call_depth, "call-depth", Severity::error, "calls that nest without end"},
    {Rule::endless_loop, "endless-loop", Severity::warning, "a conversation that can come back to the same state forever"},
    {Rule::no_cancel_path, "no-cancel-path", Severity::warning, "a prompt from which the customer cannot cancel"},
    {Rule::no_escalation_path, "no-escalation-path", Severity::warning, "a prompt from which the customer cannot reach a person"},
    {Rule::exploration_incomplete, "exploration-incomplete", Severity::note, "the state exploration stopped at max_states"},
    // Reading a test file (parley test; docs/testing.md, "Errors in test files").
    {Rule::test_unknown_key, "test-unknown-key", Severity::error, "a key the test-file format does not have (with a did-you-mean)"},
    {Rule::test_duplicate_key, "test-duplicate-key", Severity::error, "the same key, or the same slot or offer, twice in one map"},
    {Rule::test_missing_key, "test-missing-key", Severity::error,
     "no tests, a case without a name or script, or a turn without a step"},
    {Rule::test_conflicting_keys, "test-conflicting-keys", Severity::error, "a turn with more than one step"},
    {Rule::test_duplicate_name, "test-duplicate-name", Severity::error, "two cases of a test file with the same name"},
    {Rule::test_misplaced_key, "test-misplaced-key", Severity::error, "understood in start, or on a turn that is not a reply"},
    {Rule::test_wrong_type, "test-wrong-type", Severity::error, "a value of the wrong shape or type in a test file"},
    // In-source suppressions of lint findings (docs/lint.md, section 4).
    {Rule::bad_suppression, "bad-suppression", Severity::warning,
     "a `# parley-lint:` comment without a reason, or naming no rule parley has"},
    {Rule::unused_suppression, "unused-suppression", Severity::warning, "a suppression that silences no finding"},
};

inline constexpr std::size_t rule_count = static_cast<std::size_t>(Rule::count);
static_assert(std::size(rule_table) == rule_count, "rule_table needs exactly one row per Rule");

// Row i is Rule i, and no id is listed twice.
constexpr bool rule_table_is_consistent() {
    for (std::size_t i = 0; i < rule_count; ++i) {
        if (static_cast<std::size_t>(rule_table[i].rule) != i) return false;
        for (std::size_t j = 0; j < i; ++j)
            if (rule_table[i].id == rule_table[j].id) return false;
    }
    return true;
}
static_assert(rule_table_is_consistent(), "rule_table's rows must follow the order of enum Rule, with distinct ids");

constexpr const RuleRow& row_of(Rule rule) { return rule_table[static_cast<std::size_t>(rule)]; }
/// The stable id a Diagnostic carries, e.g. "unknown-node".
constexpr std::string_view id_of(Rule rule) { return row_of(rule).id; }

}  // namespace parley::detail
