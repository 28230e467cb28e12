// Engine benchmarks: loading, one customer turn, a whole conversation, rendering a turn.
// Run: cmake --workflow --preset bench && build-bench/bench/parley_bench
// The `allocs/turn` counter counts heap allocations inside Session::reply(), which should be 0
// once a session is warmed up (the per-turn path works on ids and reuses its buffers).
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include <parley/parley.hpp>

namespace {
std::atomic<long> allocations{0};
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"  // the pair below is replaced together
#endif

void* operator new(std::size_t n) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

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
    for (int i = 0; i < 8; ++i) (void)s.reply(replies[i % 3]);  // warm up the buffers
    long before = allocations.load();
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(s.reply(replies[i++ % 3]));
    state.counters["allocs/turn"] = benchmark::Counter(
        static_cast<double>(allocations.load() - before) / static_cast<double>(state.iterations()));
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

}  // namespace

BENCHMARK_MAIN();
