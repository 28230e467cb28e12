#pragma once
// The condition language of `if:` (docs/format.md), compiled to bytecode against the program's slots.
#include <optional>
#include <vector>

#include "model/program.hpp"
#include "load/ast.hpp"

namespace parley::detail {

/// Compiles a branch condition into bytecode, checking every slot, action and literal against the
/// library's declarations. Reports `bad-condition` (with the column of the fault), `unknown-slot`,
/// `unknown-action`, `wrong-type` or `bad-choice`; returns nothing when it reported an error.
/// `file_text` is the script file the condition was read from, to place faults inside it.
std::optional<Condition> compile_condition(const ast::Str& source, std::string_view file_text, const Program& program,
                                           std::vector<Diagnostic>& diagnostics);

/// Parses a literal written in a script (`set: {n: 4}`) as a value of `slot`'s type.
/// Returns nothing, and `problem` says why, when it does not fit.
std::optional<Val> parse_literal(std::string_view text, const SlotDecl& slot, std::string& problem);

}  // namespace parley::detail
