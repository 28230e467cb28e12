#pragma once
// Text on demand: prompts, trace lines and explanations are rendered only when the host asks.
#include <string>
#include <string_view>

#include "model/program.hpp"
#include "parley/session.hpp"
#include "engine/state.hpp"

namespace parley::detail {

/// Appends text `text` in `locale` (or the first locale of its fallback chain the text has: see
/// render.cpp), with known slots interpolated and unknown ones left as `{slot}`. Returns the locale
/// the text was written in, which differs from `locale` when it fell back.
std::string_view render_text(std::string& out, const Program& p, Id text, std::string_view locale, Id script, const State& s);

/// The name of an event id (built-in or declared by the library).
std::string_view event_name(const Program& p, Id event);

/// The words of one trace event.
std::string describe(const Program& p, const Event& e);

/// "green: answered at turn 2 to 'lights' in script internet_down"
std::string provenance(const Program& p, Source source, Id node, std::uint32_t turn);

}  // namespace parley::detail
