#pragma once
// Folding a customer's words for comparison: accents and case ignored ("Sí" == "si", "NARANJA" ==
// "naranja", "ámbar" == "ambar"), apostrophes dropped ("can't" == "cant"), and every other mark that is
// not a letter, a digit or a comma read as a space, so "¡Sí!", " si. " and "sí" fold alike. ICU does the
// Unicode work (NFD, then the combining marks stripped, then case folding); it stays behind this header.
#include <string>
#include <string_view>

namespace parley::detail {

/// `text` folded: lower case without accents, words separated by single spaces, commas kept (they
/// separate the items of a list), no space at either end. A byte that is not UTF-8 separates words.
std::string fold(std::string_view text);

/// Folds into `out` (cleared first), reusing its capacity: the per-turn path folds each reply once.
void fold_into(std::string& out, std::string_view text);

}  // namespace parley::detail
