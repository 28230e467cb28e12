#pragma once
// The value grammar, shared by the compiler (literals in scripts) and the engine (replies):
// forgiving, typed parsing of what a customer, a host or a script says.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/program.hpp"
#include "parley/value.hpp"

namespace parley::detail {

struct ParsedReply {
    bool ok = false;
    Val value;
};

/// Case-insensitive (ASCII) equality that also treats '_' and ' ' alike ("not_sure" == "Not sure"):
/// how a customer's words match a choice, an action or an event name.
bool same_word(std::string_view a, std::string_view b);

/// `s` without the white space around it.
std::string_view trim_spaces(std::string_view s);

/// Finite and not subnormal: a number parley holds (read_number, and a host's numbers).
bool fits_number_rule(double n);

/// A number as a reply, a host's text or a script writes it (docs/format.md, "Numbers"): decimal,
/// with an optional sign, fraction and exponent; refused unless finite and either 0 or at least
/// 2.2250738585072014e-308 in size (no subnormals). `out` is left alone when refused.
bool read_number(std::string_view text, double& out);

/// A number as people read it and `read_number` reads it back exactly: whole numbers below 2^53 as
/// digits ("1234567890123456"), others in the shortest form that round-trips ("0.1", "1e+300").
void append_number(std::string& out, double n);

/// A boolean as a file writes it (a script's `prefill`, a policy's switch, a test's expected value):
/// true or yes, false or no, exactly. A customer's reply is read more forgivingly (parse_reply).
std::optional<bool> written_boolean(std::string_view word);

/// Reads `text` as a value of `slot`: yes/y/yeah/no/nope for booleans, choice names in any case
/// (or their number in the list), numbers within min/max, any non-empty text.
ParsedReply parse_reply(std::string_view text, const SlotDecl& slot);

/// A customer's reply to `slot` (id `slot_id`) in the words of a session's locale, `folded` being the
/// reply folded (common/fold.hpp): a boolean by the lexicon's yes and no words, a choice by its id, its
/// labels in the locale or its synonyms (or its number in the list), numbers and text as above.
ParsedReply parse_reply(std::string_view text, const std::string& folded, Id slot_id, const SlotDecl& slot, const Lexicon& lex);

/// Accept/decline for an offer in a locale's words (accept and yes words; decline and no words).
int parse_accept(const std::string& folded, const Lexicon& lex);

/// A folded, comma-separated list of actions among `choices` (ids, labels, synonyms or numbers), or a
/// none word, in a locale's words.
bool parse_action_list(const std::string& folded, const std::vector<Id>& choices, const Lexicon& lex, std::vector<Id>& picked);

/// Converts a host's value (pre-fill, fill) to `slot`'s type without losing precision: a number
/// for a number slot, a boolean for a boolean slot, and text read as a reply would be.
/// Returns false when it does not fit (a number for a choice slot, a boolean for a text slot...).
bool from_host(const Value& value, const SlotDecl& slot, Val& out);

/// Accept/decline for an offer: yes-words, "accept", "ok"; no-words, "decline", "no thanks".
/// Returns 1 for accept, 0 for decline, -1 when unclear.
int parse_accept(std::string_view text);

/// Reads a comma-separated list of action ids among `choices` (or "none") into `picked`.
bool parse_action_list(std::string_view text, const std::vector<Id>& choices, const Program& program,
                       std::vector<Id>& picked);

/// What a reply to `slot` should look like: "Please answer yes or no." — said when re-asking.
std::string expectation(const SlotDecl& slot);
std::string expectation_for_actions(const std::vector<Id>& choices, const Program& program);
inline constexpr const char* offer_expectation = "Please answer yes to accept the offer, or no to decline it.";
/// The same in a session's locale (its built-in texts), the choices and actions shown by their labels.
std::string expectation(const SlotDecl& slot, Id slot_id, const Lexicon& lex);
std::string expectation_for_actions(const std::vector<Id>& choices, const Lexicon& lex);

/// "true"/"false", "12" or "2.5", the choice name, or the text.
std::string render_value(ValView v, const SlotDecl& slot);
void append_value(std::string& out, ValView v, const SlotDecl& slot);

}  // namespace parley::detail
