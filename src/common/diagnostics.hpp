#pragma once
// The one way the library builds a Diagnostic: a Rule from the rule table (rules.hpp), which
// gives the diagnostic its id and severity, where it is, and what it says.
#include <string>

#include "common/rules.hpp"
#include "parley/diagnostic.hpp"

namespace parley::detail {

/// A diagnostic of `rule`, with the rule's severity from the table (an empty `note` adds none).
inline Diagnostic make_diagnostic(Rule rule, SourceRegion where, std::string message, std::string note = {}) {
    Diagnostic d;
    d.rule = std::string(id_of(rule));
    d.severity = row_of(rule).severity;
    d.region = std::move(where);
    d.message = std::move(message);
    if (!note.empty()) d.notes.push_back(std::move(note));
    return d;
}

}  // namespace parley::detail
