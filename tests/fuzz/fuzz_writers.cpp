// The writers on arbitrary bytes: every string a diagnostic, a test run, a summary, an utterance or
// a trace entry can hold is taken from the input, and each writer's output must be valid (JSON:
// nlohmann's strict parser; JUnit: XML 1.0, tests/fuzz/valid_output.hpp; printable(): one line with
// no control character). Covers `parley lint --format json|sarif`, `parley test --format json|junit`,
// parley/json.hpp and `operator<<` for a Summary.
#include <cmath>
#include <sstream>

#include <fuzzer/FuzzedDataProvider.h>
#include <parley/json.hpp>
#include <parley/parley.hpp>
#include <parley/test_suite.hpp>

#include "../../src/cli/writers.hpp"
#include "valid_output.hpp"

namespace {

void require(bool ok) {
    if (!ok) __builtin_trap();
}

struct Input {
    FuzzedDataProvider& in;
    std::string text() { return in.ConsumeRandomLengthString(64); }
    std::vector<std::string> texts() {
        std::vector<std::string> out(in.ConsumeIntegralInRange<std::size_t>(0, 3));
        for (auto& s : out) s = text();
        return out;
    }
    parley::SourceRegion region() { return {text(), in.ConsumeIntegral<int>(), in.ConsumeIntegral<int>()}; }
    parley::Diagnostic diagnostic() {
        parley::Diagnostic d;
        d.rule = text();
        d.severity = static_cast<parley::Severity>(in.ConsumeIntegralInRange(0, 2));
        d.region = region();
        d.message = text();
        d.notes = texts();
        d.path = texts();
        d.script = text();
        return d;
    }
    parley::Value value() {
        switch (in.ConsumeIntegralInRange(0, 2)) {
        case 0: return parley::Value(in.ConsumeBool());
        case 1: return parley::Value(in.ConsumeFloatingPoint<double>());  // infinities and NaN included
        default: return parley::Value(text());
        }
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider provider(data, size);
    Input in{provider};

    std::vector<parley::cli::Findings> findings(in.in.ConsumeIntegralInRange(1, 2));
    for (auto& f : findings) {
        f.path = in.text();
        f.diagnostics.resize(in.in.ConsumeIntegralInRange(0, 3));
        for (auto& d : f.diagnostics) d = in.diagnostic();
    }
    require(valid_output::json(parley::cli::lint_json(findings)));
    require(valid_output::json(parley::cli::lint_sarif(findings)));

    parley::testing::TestRun run;
    run.files.resize(in.in.ConsumeIntegralInRange(0, 3));
    for (auto& f : run.files) {
        f.file = in.text();
        if (in.in.ConsumeBool()) {
            f.problems.push_back(in.diagnostic());
            continue;
        }
        f.results.resize(in.in.ConsumeIntegralInRange(0, 2));
        for (auto& r : f.results) {
            r.name = in.text();
            r.region = in.region();
            r.failed_turn = in.in.ConsumeIntegralInRange(-1, 3);
            r.step = in.text();
            r.step_region = in.region();
            r.transcript = in.texts();
            r.seconds = in.in.ConsumeFloatingPoint<double>();
            if (r.failed_turn >= 0)
                r.failures.push_back({in.region(), in.text(), in.text(), in.text(), in.texts()});
        }
    }
    std::ostringstream lines, xml, text;
    parley::cli::write_test_json(lines, run);
    require(valid_output::json_lines(lines.str()));
    parley::testing::write_junit_report(xml, run);
    require(valid_output::xml(xml.str()));
    parley::testing::write_text_report(text, run);

    parley::Summary s;
    s.script = in.text();
    s.node = in.text();
    s.turns = in.in.ConsumeIntegral<unsigned>();
    for (int n = in.in.ConsumeIntegralInRange(0, 3); n > 0; --n)  // a Value has no default
        s.facts.push_back({in.text(), in.value(), parley::Source::answer, in.text(), in.text(), 1});
    s.actions_done.push_back({in.text(), parley::Source::host, in.text(), in.text(), 2});
    s.offers.push_back({in.text(), in.text(), parley::OfferKind::retention, std::nullopt, 3});
    s.signals = in.texts();
    s.interventions.push_back({in.text(), in.text(), 4});
    require(valid_output::json(parley::to_json(s)));
    std::ostringstream printed;
    printed << s;
    std::string out = printed.str();
    for (std::size_t at = 0, end; at < out.size(); at = end + 1) {  // every line printable
        end = out.find('\n', at);
        require(end != std::string::npos && valid_output::one_safe_line(out.substr(at, end - at)));
    }

    parley::Utterance u;
    u.kind = static_cast<parley::Utterance::Kind>(in.in.ConsumeIntegralInRange(0, 5));
    std::string script = in.text(), node = in.text(), slot = in.text(), choice = in.text();
    u.script = script;
    u.node = node;
    u.slot = slot;
    u.lookup = slot;
    u.choices = {choice};
    u.text = in.text();
    u.hint = in.text();
    require(valid_output::json(parley::to_json(u)));
    require(valid_output::json(parley::to_json(u, s)));
    require(valid_output::json(parley::to_json(parley::Turn{{u}, u})));
    std::string message = in.text();
    parley::TraceEntry e{parley::TraceKind::policy, 1, script, node, message, slot};
    require(valid_output::json(parley::to_json(std::vector<parley::TraceEntry>{e, e})));
    require(valid_output::one_safe_line(parley::printable(message)));
    return 0;
}
