#pragma once
// The compiler: the syntax trees of a library's scripts and its policies.yaml in, one Program out.
#include <memory>
#include <vector>

#include "model/program.hpp"
#include "load/ast.hpp"

namespace parley::detail {

/// Resolves names and types across every script of a library and builds the immutable Program.
/// Returns null when any error was reported; every problem found is appended to `diagnostics`.
/// `settings` is the library's policies.yaml, or null for every default.
std::shared_ptr<const Program> compile(const std::vector<ast::Script>& scripts, const ast::Settings* settings,
                                       std::vector<Diagnostic>& diagnostics);

}  // namespace parley::detail
