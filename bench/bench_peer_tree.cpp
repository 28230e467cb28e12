// parley's side of the peer benchmark (bench/peers): the same 200-question yes/no tree as the XState
// and inkjs versions, measured the same way, operation for operation. bench/peers/run.sh runs this
// binary and prints its figures beside the peers' with the ratios; it can also run alone:
//   cmake --workflow --preset bench && build-bench/bench/parley_bench_peer_tree
// Every answer is "yes", as in the peers' runs. Counter `bytes`: the size of the persisted session.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include <parley/parley.hpp>

#include "chain_script.hpp"

namespace {

constexpr int questions = 200;

const parley::Library& tree() {
    static const parley::Library lib = parley::Library::parse(parley_bench::chain_script(questions, false)).value();
    return lib;
}

parley::Session after(int answers) {
    parley::Session s = tree().start("chain");
    for (int i = 0; i < answers; ++i) (void)s.reply("yes");
    return s;
}

// One answer, as the peers time `send(YES)` / `ChooseChoiceIndex + ContinueMaximally`: whole
// conversations, restarted outside the timing so every timed turn answers a question.
void BM_Turn(benchmark::State& state) {
    const parley::Session start = after(0);
    parley::Session s = start;
    int answered = 0;
    for (auto _ : state) {
        if (answered == questions) {
            state.PauseTiming();
            s = start;
            answered = 0;
            state.ResumeTiming();
        }
        benchmark::DoNotOptimize(s.reply("yes"));
        ++answered;
    }
}
BENCHMARK(BM_Turn);

void BM_Persist(benchmark::State& state) {
    const parley::Session s = after(static_cast<int>(state.range(0)));
    std::size_t bytes = 0;
    for (auto _ : state) bytes = s.snapshot().size();
    state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_Persist)->Arg(20)->Arg(100);

void BM_Restore(benchmark::State& state) {
    const std::string saved = after(static_cast<int>(state.range(0))).snapshot();
    for (auto _ : state) benchmark::DoNotOptimize(tree().restore(saved).has_value());
    state.counters["bytes"] = static_cast<double>(saved.size());
}
BENCHMARK(BM_Restore)->Arg(20)->Arg(100);

void BM_PersistRestore(benchmark::State& state) {
    const parley::Session s = after(static_cast<int>(state.range(0)));
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::string saved = s.snapshot();
        bytes = saved.size();
        benchmark::DoNotOptimize(tree().restore(saved).has_value());
    }
    state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_PersistRestore)->Arg(20)->Arg(100);

// What a stateless worker does per message: restore, answer, persist.
void BM_Request(benchmark::State& state) {
    const std::string saved = after(static_cast<int>(state.range(0))).snapshot();
    for (auto _ : state) {
        parley::Session s = tree().restore(saved).value();
        benchmark::DoNotOptimize(s.reply("yes"));
        benchmark::DoNotOptimize(s.snapshot().size());
    }
    state.counters["bytes"] = static_cast<double>(saved.size());
}
BENCHMARK(BM_Request)->Arg(20)->Arg(100);

}  // namespace

BENCHMARK_MAIN();
