// Three-valued (Kleene) evaluation of a condition's bytecode on the session's facts.
#include "engine/evaluate.hpp"

#include <algorithm>

#include "common/locale.hpp"

namespace parley::detail {

namespace {

struct Cell {
    enum Kind : std::uint8_t { empty, logic, held, day } kind = empty;
    Truth truth = Truth::unknown;
    ValView value;
    double number = 0;  // a day (`today + N`): compared with a date slot's value
};

Truth compare(Op op, const Cell& ca, const Cell& cb) {
    auto yes = [](bool c) { return c ? Truth::yes : Truth::no; };
    if (ca.kind == Cell::held && cb.kind == Cell::held) {
        if (op == Op::eq) return yes(ca.value == cb.value);
        if (op == Op::ne) return yes(!(ca.value == cb.value));
    }
    // Ordering is checked at load to be between numbers, or between dates (a slot's, a literal, today).
    double x = ca.kind == Cell::day ? ca.number : ca.value.number, y = cb.kind == Cell::day ? cb.number : cb.value.number;
    switch (op) {
    case Op::eq: return yes(x == y);
    case Op::ne: return yes(x != y);
    case Op::lt: return yes(x < y);
    case Op::le: return yes(x <= y);
    case Op::gt: return yes(x > y);
    case Op::ge: return yes(x >= y);
    default: return Truth::unknown;
    }
}

Truth truth_of(const Cell& c) {
    if (c.kind == Cell::logic) return c.truth;
    if (c.kind == Cell::held && c.value.type == SlotType::boolean) return c.value.boolean ? Truth::yes : Truth::no;
    return Truth::unknown;
}

}  // namespace

bool conversation_fact(ConversationFact fact, const State& state) {
    switch (fact) {
    case ConversationFact::cancel_requested: return state.cancel_requested;
    case ConversationFact::offer_accepted:
        return std::any_of(state.offers.begin(), state.offers.end(), [](const OfferMade& o) { return o.accepted == 1; });
    }
    return false;
}

std::uint64_t locale_bits(const Program& program, std::string_view locale) noexcept {
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < program.condition_locales.size(); ++i)
        if (serves_locale(program.condition_locales[i], locale)) bits |= std::uint64_t{1} << i;
    return bits;
}

Truth evaluate(const Condition& condition, const State& state) {
    Cell stack[max_condition_depth + 1];
    int top = 0;  // the compiler guarantees the depth never exceeds max_condition_depth
    auto push_truth = [&](Truth t) { stack[top++] = Cell{Cell::logic, t, {}}; };
    for (const Instr& in : condition.code) {
        switch (in.op) {
        case Op::push_slot: {
            const Fact* f = state.fact(in.arg);
            stack[top++] = f ? Cell{Cell::held, Truth::unknown, state.value(*f)} : Cell{};
            break;
        }
        case Op::push_const:
            stack[top++] = Cell{Cell::held, Truth::unknown, condition.constants[in.arg]};
            break;
        case Op::known: push_truth(state.fact(in.arg) ? Truth::yes : Truth::no); break;
        case Op::done: push_truth(state.done_action(in.arg) ? Truth::yes : Truth::no); break;
        case Op::failed: push_truth(state.failed_action(in.arg) ? Truth::yes : Truth::no); break;
        case Op::push_today:
            stack[top++] = state.today == INT32_MIN
                               ? Cell{}
                               : Cell{Cell::day, Truth::unknown, {}, double(state.today) + double(static_cast<std::int32_t>(in.arg))};
            break;
        case Op::locale_is: push_truth(state.locale_bits >> in.arg & 1 ? Truth::yes : Truth::no); break;
        case Op::conversation: push_truth(conversation_fact(static_cast<ConversationFact>(in.arg), state) ? Truth::yes : Truth::no); break;
        case Op::truthy: stack[top - 1] = Cell{Cell::logic, truth_of(stack[top - 1]), {}}; break;
        case Op::eq: case Op::ne: case Op::lt: case Op::le: case Op::gt: case Op::ge: {
            Cell b = stack[--top];
            Cell a = stack[--top];
            bool a_known = a.kind == Cell::held || a.kind == Cell::day, b_known = b.kind == Cell::held || b.kind == Cell::day;
            push_truth(a_known && b_known ? compare(in.op, a, b) : Truth::unknown);
            break;
        }
        case Op::logical_and: case Op::logical_or: {
            Truth b = truth_of(stack[--top]);
            Truth a = truth_of(stack[--top]);
            Truth dominant = in.op == Op::logical_and ? Truth::no : Truth::yes;
            if (a == dominant || b == dominant) push_truth(dominant);
            else if (a == Truth::unknown || b == Truth::unknown) push_truth(Truth::unknown);
            else push_truth(a);
            break;
        }
        case Op::logical_not: {
            Truth a = truth_of(stack[top - 1]);
            stack[top - 1] = Cell{Cell::logic, a == Truth::yes ? Truth::no : a == Truth::no ? Truth::yes : Truth::unknown, {}};
            break;
        }
        }
    }
    return top > 0 ? truth_of(stack[top - 1]) : Truth::unknown;
}

}  // namespace parley::detail
