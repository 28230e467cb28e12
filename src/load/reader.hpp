#pragma once
// The reader: YAML text of a script or of policies.yaml in, its syntax tree (ast.hpp) out.
#include <string>
#include <string_view>
#include <vector>

#include "load/ast.hpp"
#include "parley/diagnostic.hpp"

namespace parley::detail {

/// Reads one YAML script into its syntax tree. Problems are appended to `diagnostics`; reading goes
/// on past them so that one pass reports everything. yaml-cpp exceptions never escape.
ast::Script read_script(std::string_view yaml, const std::string& file,
                        std::vector<Diagnostic>& diagnostics);

/// Reads the library's settings file (policies.yaml).
ast::Settings read_settings(std::string_view yaml, const std::string& file, std::vector<Diagnostic>& diagnostics);

}  // namespace parley::detail
