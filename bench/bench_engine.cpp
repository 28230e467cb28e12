// Engine benchmarks: loading, one customer turn, a whole conversation, rendering a turn, and what a
// session costs as it grows (a long run of signals, a turn beside a very large fact; its heap:
// bench_heap.cpp).
// Run: cmake --workflow --preset bench && build-bench/bench/parley_bench
// The `allocs/turn` counter counts heap allocations inside Session::reply(), which should be 0
// once a session is warmed up (the per-turn path works on ids and reuses its buffers).
#include <benchmark/benchmark.h>

#include <string>

#include <parley/parley.hpp>

#include "heap_counter.hpp"  // the counting operator new (heap_counter.cpp, linked in)

namespace {

const std::string scripts = std::string(PARLEY_SOURCE_DIR) + "/scripts";

// A script that asks, forgets and asks again forever, so each iteration is exactly one turn.
const char* loop_script = R"yaml(
script: loop
version: 1
slots:
  answer: {type: choice, choices: [green, orange, "off"]}
  count: {type: number, min: 0, max: 100}
  ok: {type: boolean}
start: ask
nodes:
  ask:
    ask: "What colour? (seen {count} times)"
    slot: answer
    next:
      - if: answer == "off" and not known(ok)
        goto: power
      - if: answer == "orange" or (known(count) and count >= 50)
        goto: again
      - goto: again
  power:
    instruct: Check the power.
    action: power.check
    next: again
  again:
    forget: [answer]
    next: ask
)yaml";

void BM_LoadShippedLibrary(benchmark::State& state) {
    for (auto _ : state) {
        auto lib = parley::Library::load(scripts);
        benchmark::DoNotOptimize(lib.has_value());
    }
}
BENCHMARK(BM_LoadShippedLibrary)->Unit(benchmark::kMicrosecond);

void BM_ReplyTurn(benchmark::State& state) {
    auto lib = parley::Library::parse(loop_script, "loop.yaml").value();
    parley::Session s = lib.start("loop", {{"count", 7}});
    const char* replies[] = {"green", "Orange", "2"};
    for (int i = 0; i < 200; ++i) (void)s.reply(replies[i % 3]);  // warm up the buffers; fill the trace's ring
    long before = parley_heap::allocations();
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(s.reply(replies[i++ % 3]));
    state.counters["allocs/turn"] = benchmark::Counter(
        static_cast<double>(parley_heap::allocations() - before) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_ReplyTurn);

void BM_RenderTurn(benchmark::State& state) {
    auto lib = parley::Library::parse(loop_script, "loop.yaml").value();
    parley::Session s = lib.start("loop", {{"count", 7}});
    for (auto _ : state) {
        parley::Turn t = s.next();
        benchmark::DoNotOptimize(t.prompt.text.data());
    }
}
BENCHMARK(BM_RenderTurn);

void BM_CancelConversation(benchmark::State& state) {
    auto lib = parley::Library::load(scripts).value();
    for (auto _ : state) {
        parley::Session s = lib.start("plan_review", {{"account.tenure_years", 4}});
        (void)s.signal("cancel");
        (void)s.reply("price");
        (void)s.signal("cancel");
        benchmark::DoNotOptimize(s.outcome());
    }
}
BENCHMARK(BM_CancelConversation);

void BM_InternetConversation(benchmark::State& state) {
    auto lib = parley::Library::load(scripts).value();
    const char* replies[] = {"no", "modem.restart", "orange", "done", "no", "done", "yes"};
    for (auto _ : state) {
        parley::Session s = lib.start("internet_down");
        for (const char* r : replies) (void)s.reply(r);
        benchmark::DoNotOptimize(s.outcome());
    }
}
BENCHMARK(BM_InternetConversation);

// The heap a live session holds once it knows 20 facts: bench_heap.cpp.

// A long run of "say that again": each signal should cost the same, however many came before.
void BM_RepeatSignals(benchmark::State& state) {
    auto lib = parley::Library::parse(loop_script, "loop.yaml").value();
    const auto signals = state.range(0);
    for (auto _ : state) {
        parley::Session s = lib.start("loop");
        for (long i = 0; i < signals; ++i) (void)s.signal("repeat");
        benchmark::DoNotOptimize(s.turn());
    }
    state.counters["per_signal"] = benchmark::Counter(static_cast<double>(signals),
                                                      benchmark::Counter::kIsIterationInvariantRate |
                                                          benchmark::Counter::kInvert);
}
BENCHMARK(BM_RepeatSignals)->Arg(100000)->Arg(1000000)->Iterations(1)->Unit(benchmark::kMillisecond);

// One turn of a session that knows a 10 MB text: the turn should not pay for the text.
void BM_ReplyTurnBesideLargeText(benchmark::State& state) {
    std::string script = loop_script;
    script.replace(script.find("  ok: {type: boolean}"), 0, "  notes: {type: text}\n");
    auto lib = parley::Library::parse(script, "loop.yaml").value();
    parley::Session s = lib.start("loop", {{"count", 7}, {"notes", std::string(10u << 20, 'x')}});
    const char* replies[] = {"green", "Orange", "2"};
    for (int i = 0; i < 200; ++i) (void)s.reply(replies[i % 3]);
    long before = parley_heap::allocations();
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(s.reply(replies[i++ % 3]));
    state.counters["allocs/turn"] = benchmark::Counter(
        static_cast<double>(parley_heap::allocations() - before) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_ReplyTurnBesideLargeText)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
