// Lint benchmarks on generated libraries of 100, 1,000 and 10,000 nodes with branching and offers.
// Run: cmake --workflow --preset bench && build-bench/bench/parley_bench_lint
// The `states` counter is the number of distinct conversation states the exploration visited.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>

#include <parley/parley.hpp>

namespace {

// Scripts of 50 nodes each: questions whose answers branch (and are read again at the next question),
// instructions, calls into the next script, and a retention script with policies. About `nodes` nodes.
std::vector<std::pair<std::string, std::string>> generate(int nodes) {
    std::vector<std::pair<std::string, std::string>> files;
    files.emplace_back("policies.yaml",
                       "policies:\n  honor_cancellation: {max_offers: 1, start: cancel, then: cancel.confirm}\n");
    files.emplace_back("cancel.yaml", R"(script: cancel
version: 1
slots:
  keep: {type: boolean}
start: offer
nodes:
  offer:
    offer: Half price for a year?
    kind: retention
    slot: keep
    next:
      - if: keep
        goto: kept
      - goto: confirm
  confirm:
    say: Cancelled.
    next: done
  done:
    end: cancelled
  kept:
    end: retained
)");
    const int per_script = 50;
    const int scripts = std::max(1, nodes / per_script);
    for (int s = 0; s < scripts; ++s) {
        std::string id = "s" + std::to_string(s);
        std::string y = "script: " + id + "\nversion: 1\nslots:\n";
        const int questions = per_script / 5;
        for (int q = 0; q < questions; ++q) y += "  " + id + ".q" + std::to_string(q) + ": {type: choice, choices: [a, b, c]}\n";
        y += "start: n0\nnodes:\n";
        for (int q = 0; q < questions; ++q) {
            std::string n = "n" + std::to_string(q), slot = id + ".q" + std::to_string(q);
            std::string next = q + 1 < questions ? "n" + std::to_string(q + 1) : "last";
            // ask -> branch on the answer -> one of two instructions -> a say -> the next question
            y += "  " + n + ":\n    ask: Question " + std::to_string(q) + "?\n    slot: " + slot + "\n    next:\n";
            y += "      - if: " + slot + " == \"a\"\n        goto: " + n + "_fix\n";
            y += "      - if: " + slot + " == \"b\" and " + (q > 0 ? id + ".q" + std::to_string(q - 1) + " != \"c\"" : "true") +
                 "\n        goto: " + n + "_other\n      - goto: " + n + "_note\n";
            y += "  " + n + "_fix:\n    instruct: Try fix " + std::to_string(q) + ".\n    action: " + id + ".fix" +
                 std::to_string(q) + "\n    next: " + n + "_note\n";
            y += "  " + n + "_other:\n    instruct: Try other " + std::to_string(q) + ".\n    action: " + id + ".other" +
                 std::to_string(q) + "\n    next: " + n + "_note\n";
            y += "  " + n + "_note:\n    say: Noted.\n    next: " + n + "_gate\n";
            y += "  " + n + "_gate:\n    next: " + next + "\n";
        }
        // Scripts call each other in chains of five, as troubleshooting hands over to billing and so on.
        std::string after = s + 1 < scripts && s % 5 != 4 ? "s" + std::to_string(s + 1) : "";
        y += "  last:\n    " + (after.empty() ? std::string("end: return\n") : "call: " + after + "\n    next: fin\n");
        if (!after.empty()) y += "  fin:\n    end: return\n";
        files.emplace_back(id + ".yaml", y);
    }
    return files;
}

void BM_LintGenerated(benchmark::State& state) {
    auto lib = parley::Library::parse(generate(static_cast<int>(state.range(0))));
    if (!lib) {
        state.SkipWithError(parley::format(lib.diagnostics().front()).c_str());
        return;
    }
    std::size_t states = 0;
    for (auto _ : state) {
        parley::LintReport report = parley::lint(*lib);
        states = report.states;
        benchmark::DoNotOptimize(report.diagnostics.data());
    }
    state.counters["nodes"] = static_cast<double>(lib->nodes().size());
    state.counters["states"] = static_cast<double>(states);
}
BENCHMARK(BM_LintGenerated)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(1);

// One script of `questions` yes/no questions, each answer deciding whether the next is asked (yes:
// the next; no: the one after it), the shape of a long troubleshooting tree (issue 12: a 2,000-question
// one took 8 s, a 10,000-question one more than 150 s; the aim is at most 1 s and 10 s).
std::string chain(int questions) {
    std::string y = "script: chain\nversion: 1\nslots:\n";
    for (int q = 0; q < questions; ++q) y += "  c.q" + std::to_string(q) + ": {type: boolean}\n";
    y += "start: q0\nnodes:\n";
    auto name = [&](int q) { return q < questions ? "q" + std::to_string(q) : std::string("done"); };
    for (int q = 0; q < questions; ++q)
        y += "  q" + std::to_string(q) + ":\n    ask: Question " + std::to_string(q) + "?\n    slot: c.q" + std::to_string(q) +
             "\n    next:\n      - if: c.q" + std::to_string(q) + "\n        goto: " + name(q + 1) + "\n      - goto: " +
             name(std::min(q + 2, questions)) + "\n";
    y += "  done:\n    end: resolved\n";
    return y;
}

void BM_LintChain(benchmark::State& state) {
    auto lib = parley::Library::parse({{"chain.yaml", chain(static_cast<int>(state.range(0)))}});
    if (!lib) {
        state.SkipWithError(parley::format(lib.diagnostics().front()).c_str());
        return;
    }
    std::size_t states = 0, findings = 0;
    for (auto _ : state) {
        parley::LintReport report = parley::lint(*lib);
        states = report.states;
        findings = report.diagnostics.size();
        benchmark::DoNotOptimize(report.diagnostics.data());
    }
    state.counters["questions"] = static_cast<double>(state.range(0));
    state.counters["states"] = static_cast<double>(states);
    state.counters["findings"] = static_cast<double>(findings);
}
BENCHMARK(BM_LintChain)->Arg(2000)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
