// Snapshot benchmarks: the cost and size of taking a session out of the process and back.
// Run: cmake --workflow --preset bench && build-bench/bench/parley_bench_snapshot
//   BM_Snapshot/N, BM_Restore/N, BM_SnapshotRestore/N: a session that knows N facts (mixed types,
//     names as long as the shipped scripts' ones), waiting at its next question; counter `bytes`.
//   BM_Request/N: what a stateless worker does per message: restore, reply, snapshot.
//   BM_Tree200_*: the 200-question tree of bench/peers (the same shape as the XState and inkjs
//     versions there): one turn, and persist + restore after 20 and 100 answers.
#include <benchmark/benchmark.h>

#include <string>

#include <parley/parley.hpp>

namespace {

// `questions` questions in a row; question i fills slot `<prefix>i<suffix>` and both answers lead on.
std::string chain_script(int questions, bool long_names) {
    std::string slots, nodes;
    for (int i = 0; i < questions; ++i) {
        std::string slot = long_names ? "step" + std::to_string(i) + ".confirmed" : "q" + std::to_string(i);
        std::string node = long_names ? "confirm_step" + std::to_string(i) : "n" + std::to_string(i);
        std::string next = i + 1 < questions ? (long_names ? "confirm_step" : "n") + std::to_string(i + 1) : "done";
        std::string type = !long_names || i % 3 == 0 ? "{type: boolean}"
                           : i % 3 == 1            ? "{type: choice, choices: [green, orange, blinking]}"
                                                   : "{type: number, min: 0, max: 1000}";
        slots += "  " + slot + ": " + type + "\n";
        nodes += "  " + node + ": {ask: \"Question " + std::to_string(i) + "?\", slot: " + slot + ", next: " + next + "}\n";
    }
    return "script: chain\nversion: 1\nslots:\n" + slots + "start: " + (long_names ? "confirm_step0" : "n0") +
           "\nnodes:\n" + nodes + "  done: {end: resolved, say: \"Thanks.\"}\n";
}

const char* answer(int i, bool long_names) {
    if (!long_names || i % 3 == 0) return i % 2 ? "yes" : "no";
    return i % 3 == 1 ? "orange" : "42";
}

/// A session of a chain of `facts + 1` questions, with `facts` answered.
parley::Session session_with(const parley::Library& lib, int facts, bool long_names) {
    parley::Session s = lib.start("chain");
    for (int i = 0; i < facts; ++i) benchmark::DoNotOptimize(s.reply(answer(i, long_names)));
    return s;
}

void BM_Snapshot(benchmark::State& state) {
    int facts = static_cast<int>(state.range(0));
    auto lib = parley::Library::parse(chain_script(facts + 1, true)).value();
    parley::Session s = session_with(lib, facts, true);
    std::size_t bytes = 0;
    for (auto _ : state) bytes = s.snapshot().size();
    state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_Snapshot)->Arg(5)->Arg(20)->Arg(100);

void BM_Restore(benchmark::State& state) {
    int facts = static_cast<int>(state.range(0));
    auto lib = parley::Library::parse(chain_script(facts + 1, true)).value();
    std::string bytes = session_with(lib, facts, true).snapshot();
    for (auto _ : state) benchmark::DoNotOptimize(lib.restore(bytes).has_value());
    state.counters["bytes"] = static_cast<double>(bytes.size());
}
BENCHMARK(BM_Restore)->Arg(5)->Arg(20)->Arg(100);

void BM_SnapshotRestore(benchmark::State& state) {
    int facts = static_cast<int>(state.range(0));
    auto lib = parley::Library::parse(chain_script(facts + 1, true)).value();
    parley::Session s = session_with(lib, facts, true);
    for (auto _ : state) benchmark::DoNotOptimize(lib.restore(s.snapshot()).has_value());
}
BENCHMARK(BM_SnapshotRestore)->Arg(5)->Arg(20)->Arg(100);

void BM_Request(benchmark::State& state) {
    int facts = static_cast<int>(state.range(0));
    auto lib = parley::Library::parse(chain_script(facts + 2, true)).value();
    std::string bytes = session_with(lib, facts, true).snapshot();
    const char* reply = answer(facts, true);
    for (auto _ : state) {
        parley::Session s = lib.restore(bytes).value();
        benchmark::DoNotOptimize(s.reply(reply));
        benchmark::DoNotOptimize(s.snapshot().size());
    }
}
BENCHMARK(BM_Request)->Arg(5)->Arg(20)->Arg(100);

// The peers' tree (bench/peers/README.md): 200 yes/no questions, each answer kept in q<i>.
void BM_Tree200_Turn(benchmark::State& state) {
    auto lib = parley::Library::parse(chain_script(200, false)).value();
    parley::Session start = lib.start("chain");
    parley::Session s = start;
    int i = 0;
    for (auto _ : state) {
        if (i == 199) {  // restart outside the timing so every timed turn is a question answered
            state.PauseTiming();
            s = start;
            i = 0;
            state.ResumeTiming();
        }
        benchmark::DoNotOptimize(s.reply(i++ % 2 ? "yes" : "no"));
    }
}
BENCHMARK(BM_Tree200_Turn);

void BM_Tree200_PersistRestore(benchmark::State& state) {
    int answered = static_cast<int>(state.range(0));
    auto lib = parley::Library::parse(chain_script(200, false)).value();
    parley::Session s = session_with(lib, answered, false);
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::string saved = s.snapshot();
        bytes = saved.size();
        benchmark::DoNotOptimize(lib.restore(saved).has_value());
    }
    state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_Tree200_PersistRestore)->Arg(20)->Arg(100);

}  // namespace

BENCHMARK_MAIN();
