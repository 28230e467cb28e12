#pragma once
#include <string>

#include "parley/diagnostic.hpp"

namespace parley::detail {

/// The one way the library builds a diagnostic (an empty `note` adds none).
inline Diagnostic make_diagnostic(std::string rule, Severity severity, SourceRegion where, std::string message,
                                  std::string note = {}) {
    Diagnostic d;
    d.rule = std::move(rule);
    d.severity = severity;
    d.region = std::move(where);
    d.message = std::move(message);
    if (!note.empty()) d.notes.push_back(std::move(note));
    return d;
}

}  // namespace parley::detail
