// The heap a live session holds, and what its snapshot costs, for the 20-fact sessions issue 9 bounds
// (at most 1 KB with the trace off; bench/session_heap.hpp). Counted by the operator new of
// heap_counter.cpp, linked into this executable only.
// Run: cmake --workflow --preset bench && build-bench/bench/parley_bench_heap
//   BM_StartPrefilled/trace:T: a session started with 20 facts pre-filled, with a trace of T events
//     (0: off); counters `live_bytes` (what the session holds, the Library and the thread's reused
//     buffers excluded) and `allocs` (made to start it).
//   BM_AnswerTwenty/trace:T: a session started empty and answered 20 questions, one per turn; same
//     counters (`allocs`: for the start and the 20 turns).
//   BM_Snapshot20, BM_Restore20: the answered session's snapshot and restore; counter `bytes`.
#include <benchmark/benchmark.h>

#include <string>

#include <parley/parley.hpp>

#include "heap_counter.hpp"
#include "session_heap.hpp"

namespace {

parley::Library heap_library() { return parley::Library::parse(parley_heap::heap_script()).value(); }

// What one session made by `make` holds once made, the thread's buffers warmed up first.
template <class Make>
void count_live(benchmark::State& state, Make make) {
    (void)make();
    parley_heap::LiveBytes live;
    std::int64_t allocs = parley_heap::allocations();
    {
        parley::Session s = make();
        state.counters["live_bytes"] = static_cast<double>(live.now());
        state.counters["allocs"] = static_cast<double>(parley_heap::allocations() - allocs);
        benchmark::DoNotOptimize(s.turn());
    }
}

void BM_StartPrefilled(benchmark::State& state) {
    parley::Library lib = heap_library();
    const parley::Facts facts = parley_heap::heap_facts();
    auto trace = static_cast<std::size_t>(state.range(0));
    auto make = [&] { return parley_heap::prefilled_session(lib, facts, trace); };
    count_live(state, make);
    for (auto _ : state) benchmark::DoNotOptimize(make().turn());
}
BENCHMARK(BM_StartPrefilled)->ArgName("trace")->Arg(0)->Arg(256);

void BM_AnswerTwenty(benchmark::State& state) {
    parley::Library lib = heap_library();
    auto trace = static_cast<std::size_t>(state.range(0));
    auto make = [&] { return parley_heap::answered_session(lib, trace); };
    count_live(state, make);
    for (auto _ : state) benchmark::DoNotOptimize(make().turn());
}
BENCHMARK(BM_AnswerTwenty)->ArgName("trace")->Arg(0)->Arg(256);

void BM_Snapshot20(benchmark::State& state) {
    parley::Library lib = heap_library();
    parley::Session s = parley_heap::answered_session(lib);
    std::size_t bytes = 0;
    for (auto _ : state) bytes = s.snapshot().size();
    state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_Snapshot20);

void BM_Restore20(benchmark::State& state) {
    parley::Library lib = heap_library();
    const std::string bytes = parley_heap::answered_session(lib).snapshot();
    for (auto _ : state) benchmark::DoNotOptimize(lib.restore(bytes).has_value());
    state.counters["bytes"] = static_cast<double>(bytes.size());
}
BENCHMARK(BM_Restore20);

}  // namespace

BENCHMARK_MAIN();
