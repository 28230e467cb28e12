// Snapshot benchmarks: the cost and size of taking a session out of the process and back.
// Run: cmake --workflow --preset bench && build-bench/bench/parley_bench_snapshot
//   BM_Snapshot/N, BM_Restore/N, BM_SnapshotRestore/N: a session that knows N facts (mixed types,
//     names as long as the shipped scripts' ones), waiting at its next question; counter `bytes`.
//   BM_Request/N: what a stateless worker does per message: restore, reply, snapshot.
//   The 200-question tree of bench/peers: bench_peer_tree.cpp.
#include <benchmark/benchmark.h>

#include <string>

#include <parley/parley.hpp>

#include "chain_script.hpp"

namespace {

using parley_bench::chain_answer;
using parley_bench::chain_script;

/// A session of a chain of `facts + 1` questions, with `facts` answered.
parley::Session session_with(const parley::Library& lib, int facts, bool long_names) {
    parley::Session s = lib.start("chain");
    for (int i = 0; i < facts; ++i) benchmark::DoNotOptimize(s.reply(chain_answer(i, long_names)));
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
    const char* reply = chain_answer(facts, true);
    for (auto _ : state) {
        parley::Session s = lib.restore(bytes).value();
        benchmark::DoNotOptimize(s.reply(reply));
        benchmark::DoNotOptimize(s.snapshot().size());
    }
}
BENCHMARK(BM_Request)->Arg(5)->Arg(20)->Arg(100);

}  // namespace

BENCHMARK_MAIN();
