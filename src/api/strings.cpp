// Names of the public enums (the format's words from model/vocabulary.hpp), diagnostics formatting,
// and Value printing.
#include <sstream>

#include "model/values.hpp"
#include "model/vocabulary.hpp"
#include "parley/diagnostic.hpp"
#include "parley/session.hpp"
#include "parley/value.hpp"

namespace parley {

const char* to_string(Severity s) noexcept {
    switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
    }
    return "?";
}

std::string format(const Diagnostic& d) {
    std::string out = d.region.file.empty() ? std::string("parley") : d.region.file;
    if (d.region.line > 0) out += ":" + std::to_string(d.region.line) + ":" + std::to_string(d.region.column);
    out += std::string(": ") + to_string(d.severity) + ": " + d.message + " [" + d.rule + "]";
    for (const auto& n : d.notes) out += "\n    note: " + n;
    return out;
}

std::ostream& operator<<(std::ostream& os, const Diagnostic& d) { return os << format(d); }

bool has_errors(const std::vector<Diagnostic>& diagnostics) noexcept {
    for (const auto& d : diagnostics)
        if (d.severity == Severity::error && !d.suppressed()) return true;
    return false;
}

namespace {
std::string error_message(const std::vector<Diagnostic>& diagnostics) {
    if (diagnostics.empty()) return "parley error";
    std::string out = format(diagnostics.front());
    if (diagnostics.size() > 1) out += " (and " + std::to_string(diagnostics.size() - 1) + " more)";
    return out;
}
}  // namespace

Error::Error(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(error_message(diagnostics)), diagnostics_(std::move(diagnostics)) {}

const char* to_string(Outcome o) noexcept { return detail::word_for(detail::outcome_words, o).data(); }

const char* to_string(OfferKind k) noexcept { return detail::word_for(detail::offer_kind_words, k).data(); }

const char* to_string(SlotType t) noexcept { return detail::word_for(detail::slot_type_words, t).data(); }

const char* to_string(Utterance::Kind k) noexcept {
    switch (k) {
    case Utterance::Kind::say: return "say";
    case Utterance::Kind::ask: return "ask";
    case Utterance::Kind::instruct: return "instruct";
    case Utterance::Kind::offer: return "offer";
    case Utterance::Kind::lookup: return "lookup";
    case Utterance::Kind::end: return "end";
    }
    return "?";
}

const char* to_string(Summary::AnswerStatus s) noexcept {
    switch (s) {
    case Summary::AnswerStatus::current: return "current";
    case Summary::AnswerStatus::superseded: return "superseded";
    case Summary::AnswerStatus::forgotten: return "forgotten";
    case Summary::AnswerStatus::cleared: return "cleared";
    }
    return "?";
}

const char* to_string(Summary::StepStatus s) noexcept {
    switch (s) {
    case Summary::StepStatus::attempted: return "attempted";
    case Summary::StepStatus::done: return "done";
    case Summary::StepStatus::failed: return "failed";
    }
    return "?";
}

const char* to_string(Source s) noexcept {
    switch (s) {
    case Source::answer: return "answer";
    case Source::prefill: return "pre-fill";
    case Source::set: return "set";
    case Source::host: return "host";
    }
    return "?";
}

const char* to_string(TraceKind k) noexcept {
    switch (k) {
    case TraceKind::started: return "started";
    case TraceKind::asked: return "asked";
    case TraceKind::answered: return "answered";
    case TraceKind::not_understood: return "not_understood";
    case TraceKind::gave_up: return "gave_up";
    case TraceKind::skipped: return "skipped";
    case TraceKind::said: return "said";
    case TraceKind::acknowledged: return "acknowledged";
    case TraceKind::offered: return "offered";
    case TraceKind::called: return "called";
    case TraceKind::returned: return "returned";
    case TraceKind::jumped: return "jumped";
    case TraceKind::set: return "set";
    case TraceKind::forgot: return "forgot";
    case TraceKind::signalled: return "signalled";
    case TraceKind::policy: return "policy";
    case TraceKind::ended: return "ended";
    case TraceKind::fault: return "fault";
    case TraceKind::migrated: return "migrated";
    case TraceKind::dropped: return "dropped";
    case TraceKind::unknown: return "unknown";
    case TraceKind::failed: return "failed";
    case TraceKind::corrected: return "corrected";
    case TraceKind::cleared: return "cleared";
    case TraceKind::locale_switched: return "locale_switched";
    }
    return "?";
}

std::string Value::to_string() const {
    switch (type_) {
    case Type::boolean: return boolean_ ? "true" : "false";
    case Type::number: {
        std::string out;
        detail::append_number(out, number_);
        return out;
    }
    case Type::text: return text_;
    }
    return {};
}

}  // namespace parley
