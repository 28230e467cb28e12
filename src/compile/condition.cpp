// Conditions (`if:` of a branch): tokenised, parsed and type-checked against the declared slots, and
// compiled to the bytecode the engine evaluates; also the literals of `set:`.
#include "compile/condition.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <iterator>
#include <utility>

#include "common/diagnostics.hpp"
#include "common/locale.hpp"
#include "common/suggest.hpp"
#include "model/dates.hpp"
#include "model/values.hpp"
#include "load/source_map.hpp"

namespace parley::detail {

namespace {

constexpr std::string_view conversation_prefix = "conversation.";

struct Token {
    enum class Kind { end, word, number, string, op, lparen, rparen, date } kind = Kind::end;
    std::string text;
    double number = 0;
    std::size_t offset = 0;  // in the condition text
};

// A value side of a comparison, held back until the other side says how to read a literal.
struct Operand {
    enum class Kind { slot, string, number, boolean, date, today } kind = Kind::slot;
    Id slot_id = no_id;
    std::string text;
    double number = 0;
    bool boolean = false;
    std::size_t offset = 0;
};

struct ConditionError {
    std::size_t offset;
    std::optional<Rule> rule;  // none: the fault was reported already, nothing to add
    std::string message;
    std::string note;
};

class Parser {
public:
    Parser(std::string_view text, const Program& p) : text_(text), program_(p) {}

    Condition parse() {
        advance();
        parse_or();
        if (token_.kind != Token::Kind::end) fail(token_.offset, "unexpected '" + token_.text + "' after the condition");
        condition_.source = std::string(text_);
        return std::move(condition_);
    }

private:
    [[noreturn]] void fail(std::size_t offset, std::string message, Rule rule = Rule::bad_condition, std::string note = {}) {
        throw ConditionError{offset, rule, std::move(message), std::move(note)};
    }
    // Gives up on the condition without a diagnostic of its own.
    [[noreturn]] void fail_quietly(std::size_t offset) { throw ConditionError{offset, std::nullopt, {}, {}}; }

    void advance() {
        std::size_t i = pos_;
        while (i < text_.size() && std::isspace(static_cast<unsigned char>(text_[i]))) ++i;
        token_ = Token{};
        token_.offset = i;
        if (i >= text_.size()) {
            pos_ = i;
            return;
        }
        char c = text_[i];
        auto is_word = [](char ch) {
            return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.' || ch == '-';
        };
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t j = i;
            while (j < text_.size() && is_word(text_[j])) ++j;
            token_.kind = Token::Kind::word;
            token_.text = std::string(text_.substr(i, j - i));
            pos_ = j;
        } else if (starts_date(i)) {
            // A date, 2027-07-01: compared with a date slot. Four digits and a '-' make one; what
            // follows must then be a day of the calendar written YYYY-MM-DD.
            std::size_t j = i + 5;
            while (j < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[j])) || text_[j] == '-')) ++j;
            token_.kind = Token::Kind::date;
            token_.text = std::string(text_.substr(i, j - i));
            std::int32_t day = 0;
            bool form = false;
            if (!read_iso_date(token_.text, day, &form))
                fail(i, form ? "'" + token_.text + "' is not a day of the calendar" : "'" + token_.text + "' is not a date; write YYYY-MM-DD",
                     Rule::bad_date);
            token_.number = day;
            pos_ = j;
        } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+') {
            std::size_t j = i + 1;
            while (j < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[j])) || text_[j] == '.')) ++j;
            token_.kind = Token::Kind::number;
            token_.text = std::string(text_.substr(i, j - i));
            if (!read_number(token_.text, token_.number))
                fail(i, "'" + token_.text + "' is not a number parley holds (finite, and 0 or at least 2.2e-308 in size)");
            pos_ = j;
        } else if (c == '"' || c == '\'') {
            std::size_t j = i + 1;
            while (j < text_.size() && text_[j] != c) ++j;
            if (j >= text_.size()) fail(i, "this string is not closed; add " + std::string(1, c));
            token_.kind = Token::Kind::string;
            token_.text = std::string(text_.substr(i + 1, j - i - 1));
            pos_ = j + 1;
        } else if (c == '(' || c == ')') {
            token_.kind = c == '(' ? Token::Kind::lparen : Token::Kind::rparen;
            token_.text = std::string(1, c);
            pos_ = i + 1;
        } else {
            static const char* ops[] = {"==", "!=", "<=", ">=", "<", ">"};
            for (const char* op : ops) {
                std::string_view o(op);
                if (text_.substr(i, o.size()) == o) {
                    token_.kind = Token::Kind::op;
                    token_.text = std::string(o);
                    pos_ = i + o.size();
                    return;
                }
            }
            if (c == '=') fail(i, "'=' is not a comparison; use '=='");
            if (c == '&' || c == '|' || c == '!') fail(i, "use 'and', 'or' and 'not' instead of symbols");
            fail(i, std::string("unexpected character '") + c + "'");
        }
    }

    bool starts_date(std::size_t i) const {
        if (i + 5 > text_.size() || text_[i + 4] != '-') return false;
        for (std::size_t k = i; k < i + 4; ++k)
            if (!std::isdigit(static_cast<unsigned char>(text_[k]))) return false;
        return true;
    }

    void emit(Op op, Id arg = 0, int stack_change = 0) {
        condition_.code.push_back({op, arg});
        depth_ += stack_change;
        if (depth_ > max_condition_depth) fail(token_.offset, "this condition is too deeply nested");
    }

    void enter(std::size_t offset) {
        if (++nesting_ > max_condition_depth) fail(offset, "this condition is too deeply nested");
    }

    void parse_or() {
        enter(token_.offset);
        parse_and();
        while (token_.kind == Token::Kind::word && token_.text == "or") {
            advance();
            parse_and();
            emit(Op::logical_or, 0, -1);
        }
        --nesting_;
    }
    void parse_and() {
        parse_not();
        while (token_.kind == Token::Kind::word && token_.text == "and") {
            advance();
            parse_not();
            emit(Op::logical_and, 0, -1);
        }
    }
    void parse_not() {
        if (token_.kind == Token::Kind::word && token_.text == "not") {
            enter(token_.offset);
            advance();
            parse_not();
            emit(Op::logical_not);
            --nesting_;
            return;
        }
        parse_comparison();
    }

    // `compared_with`: the slot on the other side of a comparison, if any, whose choice the word may be.
    Id slot_named(const Token& t, const Operand* compared_with = nullptr) {
        Id id = program_.find_slot(t.text);
        if (id == no_id && compared_with && compared_with->kind == Operand::Kind::slot) unquoted_choice(t, compared_with->slot_id);
        if (id == no_id)
            fail(t.offset, "'" + t.text + "' is not a declared slot", Rule::unknown_slot,
                 did_you_mean(t.text, program_.slots, &SlotDecl::name));
        if (program_.slots[id].broken) fail_quietly(t.offset);  // its declaration was reported: nothing to add
        return id;
    }

    // `conversation.NAME`: a yes/no fact of the conversation itself, read as `done(...)` is; or
    // `conversation.locale == TAG`, the session's locale (TAG itself or one of its children: es-MX is es).
    void conversation_name() {
        static constexpr std::pair<std::string_view, ConversationFact> names[] = {
            {"conversation.cancel_requested", ConversationFact::cancel_requested},
            {"conversation.offer_accepted", ConversationFact::offer_accepted},
        };
        static constexpr std::string_view locale_name = "conversation.locale";
        Token name = token_;
        if (name.text == locale_name) return conversation_locale();
        auto it = std::find_if(std::begin(names), std::end(names), [&](const auto& n) { return n.first == name.text; });
        if (it == std::end(names)) {
            std::vector<std::string_view> known;
            for (const auto& n : names) known.push_back(n.first);
            known.push_back(locale_name);
            fail(name.offset, "'" + name.text + "' is not a declared slot, nor one of the conversation's own facts "
                              "(conversation.cancel_requested, conversation.offer_accepted, conversation.locale)",
                 Rule::unknown_slot, did_you_mean(name.text, known));
        }
        emit(Op::conversation, static_cast<Id>(it->second), +1);
        advance();
        if (token_.kind == Token::Kind::op)
            fail(token_.offset, "'" + name.text + "' is yes or no on its own; write it alone, or with 'not'", Rule::wrong_type);
    }

    void conversation_locale() {
        advance();
        if (token_.kind != Token::Kind::op || (token_.text != "==" && token_.text != "!="))
            fail(token_.offset, "compare conversation.locale with a locale: conversation.locale == es", Rule::wrong_type);
        const bool negated = token_.text == "!=";
        advance();
        if (token_.kind != Token::Kind::word && token_.kind != Token::Kind::string)
            fail(token_.offset, "conversation.locale is compared with a locale tag (es, es-MX)", Rule::wrong_type);
        std::optional<std::string> tag = canonical_locale(token_.text);
        if (!tag) {
            LocaleProblem problem = locale_problem(token_.text);
            fail(token_.offset, problem.message, Rule::bad_locale, problem.note);
        }
        // Numbered within the condition; the compiler renumbers into Program::condition_locales.
        auto known = std::find(condition_.locales.begin(), condition_.locales.end(), *tag);
        if (known == condition_.locales.end()) known = condition_.locales.insert(known, std::move(*tag));
        emit(Op::locale_is, static_cast<Id>(known - condition_.locales.begin()), +1);
        if (negated) emit(Op::logical_not);
        advance();
    }

    // `cancel.reason == price`: the word is one of the slot's choices, written without its quotes.
    void unquoted_choice(const Token& t, Id slot) {
        const SlotDecl& decl = program_.slots[slot];
        if (decl.type != SlotType::choice ||
            std::find(decl.choices.begin(), decl.choices.end(), t.text) == decl.choices.end()) return;
        std::string quoted = std::string(text_.substr(0, t.offset)) + '"' + t.text + '"' +
                             std::string(text_.substr(t.offset + t.text.size()));
        fail(t.offset, "'" + t.text + "' is not a declared slot but one of the choices of '" + decl.name +
                           "'; a choice is written in quotes", Rule::unknown_slot, "write: " + quoted);
    }

    void parse_comparison() {
        if (token_.kind == Token::Kind::lparen) {
            std::size_t open = token_.offset;
            advance();
            parse_or();
            if (token_.kind != Token::Kind::rparen) fail(token_.kind == Token::Kind::end ? open : token_.offset,
                                                   "this '(' is not closed");
            advance();
            return;
        }
        if (token_.kind == Token::Kind::word && (token_.text == "known" || token_.text == "done" || token_.text == "failed")) {
            const std::string word = token_.text;
            advance();
            if (token_.kind != Token::Kind::lparen) fail(token_.offset, "write " + word + "(name)");
            advance();
            if (token_.kind != Token::Kind::word)
                fail(token_.offset, word == "known" ? "known() needs a slot name" : word + "() needs an action id");
            Token name = token_;
            if (word == "known") {
                emit(Op::known, slot_named(name), +1);
            } else {
                Id action = program_.find_action(name.text);
                if (action == no_id)
                    fail(name.offset, "'" + name.text + "' is not an action of any instruct or actions question",
                         Rule::unknown_action, did_you_mean(name.text, program_.actions, as_name));
                emit(word == "done" ? Op::done : Op::failed, action, +1);
            }
            advance();
            if (token_.kind != Token::Kind::rparen) fail(token_.offset, "expected ')'");
            advance();
            return;
        }
        if (token_.kind == Token::Kind::word && token_.text.rfind(conversation_prefix, 0) == 0 &&
            program_.find_slot(token_.text) == no_id)  // a slot declared with that name keeps it
            return conversation_name();
        Operand left = operand();
        if (token_.kind != Token::Kind::op) {
            // A value on its own is a test of truth: only a boolean slot or true/false makes sense.
            if (left.kind == Operand::Kind::boolean) {
                push_constant(Val{SlotType::boolean, left.boolean, 0, 0, {}});
            } else if (left.kind == Operand::Kind::slot && program_.slots[left.slot_id].type == SlotType::boolean) {
                emit(Op::push_slot, left.slot_id, +1);
            } else {
                fail(left.offset, left.kind == Operand::Kind::slot
                                      ? "'" + program_.slots[left.slot_id].name + "' is not a yes/no slot; compare it with a value"
                                      : "a value on its own is not a condition; compare it with a slot");
            }
            emit(Op::truthy);
            return;
        }
        Token op = token_;
        advance();
        Operand right = operand(&left);
        comparison(left, op, right);
    }

    Operand operand(const Operand* other_side = nullptr) {
        Operand o;
        o.offset = token_.offset;
        switch (token_.kind) {
        case Token::Kind::word:
            if (token_.text == "true" || token_.text == "false") {
                o.kind = Operand::Kind::boolean;
                o.boolean = token_.text == "true";
            } else if (token_.text == "and" || token_.text == "or" || token_.text == "not") {
                fail(token_.offset, "expected a slot or a value before '" + token_.text + "'");
            } else if (token_.text == "today" && program_.find_slot("today") == no_id) {
                o.kind = Operand::Kind::today;
                o.number = today_offset();
            } else {
                o.kind = Operand::Kind::slot;
                o.slot_id = slot_named(token_, other_side);
            }
            break;
        case Token::Kind::number:
            o.kind = Operand::Kind::number;
            o.number = token_.number;
            break;
        case Token::Kind::string:
            o.kind = Operand::Kind::string;
            o.text = token_.text;
            break;
        case Token::Kind::date:
            o.kind = Operand::Kind::date;
            o.number = token_.number;
            break;
        case Token::Kind::end:
            fail(token_.offset, "the condition ends too early; expected a slot or a value");
        default:
            fail(token_.offset, "expected a slot or a value, not '" + token_.text + "'");
        }
        advance();
        return o;
    }

    // After `today`: an optional `+ N` or `- N`, whole days (today + 30). Read from the text, since
    // the tokeniser would take "-1" for a number and "+ 30" for a fault.
    double today_offset() {
        std::size_t i = pos_;
        while (i < text_.size() && std::isspace(static_cast<unsigned char>(text_[i]))) ++i;
        if (i >= text_.size() || (text_[i] != '+' && text_[i] != '-')) return 0;
        const bool minus = text_[i] == '-';
        const std::size_t sign = i++;
        while (i < text_.size() && std::isspace(static_cast<unsigned char>(text_[i]))) ++i;
        std::size_t start = i;
        while (i < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i]))) ++i;
        if (i == start || i - start > 6 || (i < text_.size() && (std::isalpha(static_cast<unsigned char>(text_[i])) || text_[i] == '.')))
            fail(sign, "write today + N or today - N, N a whole number of days (today + 30)");
        double n = 0;
        read_number(text_.substr(start, i - start), n);
        pos_ = i;
        return minus ? -n : n;
    }

    void push_constant(Val v) {
        condition_.constants.push_back(std::move(v));
        emit(Op::push_const, static_cast<Id>(condition_.constants.size() - 1), +1);
    }

    // Emits one side; a literal is read as a value of the slot on the other side.
    void push_operand(const Operand& o, const SlotDecl& as) {
        if (o.kind == Operand::Kind::slot) {
            emit(Op::push_slot, o.slot_id, +1);
            return;
        }
        if (o.kind == Operand::Kind::today) {
            if (as.type != SlotType::date) fail(o.offset, "'" + as.name + "' is not a date; only a date is compared with today", Rule::wrong_type);
            emit(Op::push_today, static_cast<Id>(static_cast<std::int32_t>(o.number)), +1);
            return;
        }
        std::string literal = o.kind == Operand::Kind::string ? o.text
                              : o.kind == Operand::Kind::boolean ? (o.boolean ? "true" : "false")
                                                           : std::string();
        Val v;
        v.type = as.type;
        std::string problem;
        bool fits = false;
        switch (as.type) {
        case SlotType::boolean:
            fits = o.kind == Operand::Kind::boolean;
            v.boolean = o.boolean;
            problem = "'" + as.name + "' is yes/no; compare it with true or false";
            break;
        case SlotType::number:
            fits = o.kind == Operand::Kind::number;
            v.number = o.number;
            problem = "'" + as.name + "' is a number; compare it with a number";
            break;
        case SlotType::text:
            fits = o.kind == Operand::Kind::string;
            v.text = o.text;
            problem = "'" + as.name + "' is text; compare it with a quoted string";
            break;
        case SlotType::date:
            fits = o.kind == Operand::Kind::date;
            v.number = o.number;
            problem = "'" + as.name + "' is a date; compare it with a date (2027-07-01) or today";
            break;
        case SlotType::choice:
            if (o.kind == Operand::Kind::string) {
                for (Id i = 0; i < as.choices.size(); ++i)
                    if (as.choices[i] == o.text) {
                        v.choice = i;
                        fits = true;
                    }
                if (!fits) {
                    std::string choices;
                    for (const auto& c : as.choices) choices += (choices.empty() ? "" : ", ") + c;
                    fail(o.offset, "\"" + o.text + "\" is not one of the choices of '" + as.name + "' (" + choices + ")",
                         Rule::bad_choice, did_you_mean(o.text, as.choices, as_name));
                }
            }
            problem = "'" + as.name + "' is a choice; compare it with one of its choices in quotes";
            break;
        }
        (void)literal;
        if (!fits) fail(o.offset, problem, Rule::wrong_type);
        push_constant(std::move(v));
    }

    void comparison(const Operand& left, const Token& op, const Operand& right) {
        const Operand* slot_side = left.kind == Operand::Kind::slot ? &left : right.kind == Operand::Kind::slot ? &right : nullptr;
        if (!slot_side) fail(left.offset, "a comparison needs a slot on at least one side");
        const SlotDecl& decl = program_.slots[slot_side->slot_id];
        if (left.kind == Operand::Kind::slot && right.kind == Operand::Kind::slot) {
            const SlotDecl& other = program_.slots[right.slot_id];
            if (other.type != decl.type || other.choices != decl.choices)
                fail(right.offset, "'" + decl.name + "' and '" + other.name + "' have different types", Rule::wrong_type);
        }
        bool ordering = op.text != "==" && op.text != "!=";
        if (ordering && decl.type != SlotType::number && decl.type != SlotType::date)
            fail(op.offset, "'" + op.text + "' compares numbers and dates, but '" + decl.name + "' is " + to_string(decl.type),
                 Rule::wrong_type);
        push_operand(left, decl);
        push_operand(right, decl);
        Op code = op.text == "==" ? Op::eq : op.text == "!=" ? Op::ne : op.text == "<" ? Op::lt
                : op.text == "<=" ? Op::le : op.text == ">" ? Op::gt : Op::ge;
        emit(code, 0, -1);
    }

    std::string_view text_;
    const Program& program_;
    std::size_t pos_ = 0;
    Token token_;
    Condition condition_;
    int depth_ = 0;
    int nesting_ = 0;
};

}  // namespace

std::optional<Condition> compile_condition(const ast::Str& source, std::string_view file_text, const Program& program,
                                           std::vector<Diagnostic>& diagnostics) {
    try {
        Parser parser(source.value, program);
        Condition c = parser.parse();
        c.region = source.region;
        return c;
    } catch (const ConditionError& e) {
        if (!e.rule) return std::nullopt;
        SourceRegion where = locate(file_text, source, e.offset);  // the fault, inside the condition
        diagnostics.push_back(make_diagnostic(*e.rule, where, e.message + " in condition '" + source.value + "'", e.note));
        return std::nullopt;
    }
}

std::optional<Val> parse_literal(std::string_view text, const SlotDecl& slot, std::string& problem) {
    ParsedReply r = parse_reply(text, slot);
    if (!r.ok) {
        problem = expectation(slot);
        return std::nullopt;
    }
    return std::move(r.value);
}

}  // namespace parley::detail
