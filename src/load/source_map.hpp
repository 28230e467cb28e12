#pragma once
// Maps an offset inside a scalar's value back to its line and column in the file, through quotes,
// escapes and YAML's folding of line breaks, so a diagnostic can point inside a condition or a text.
#include <string_view>

#include "load/ast.hpp"

namespace parley::detail {

/// The position of `value[offset]` in `file_text`; the scalar's own start when the mapping is unsure.
SourceRegion locate(std::string_view file_text, const ast::Str& scalar, std::size_t offset);

}  // namespace parley::detail
