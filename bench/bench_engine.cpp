// Engine benchmarks: loading, one customer turn, a whole conversation, rendering a turn, and what a
// session costs as it grows (its heap, a long run of signals, a turn beside a very large fact).
// Run: cmake --workflow --preset bench && build-bench/bench/parley_bench
// The `allocs/turn` counter counts heap allocations inside Session::reply(), which should be 0
// once a session is warmed up (the per-turn path works on ids and reuses its buffers).
// `heap_bytes` is what a live session holds on the heap (bytes asked of operator new, net of frees).
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include <parley/parley.hpp>

namespace {
std::atomic<long> allocations{0};
std::atomic<long> live_bytes{0};
// Each block starts with its size, so a free knows how many bytes it gives back.
constexpr std::size_t header = alignof(std::max_align_t);
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"  // the pair below is replaced together
#endif

void* operator new(std::size_t n) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    if (auto* block = static_cast<char*>(std::malloc(n + header))) {
        *reinterpret_cast<std::size_t*>(block) = n;
        live_bytes.fetch_add(static_cast<long>(n), std::memory_order_relaxed);
        return block + header;
    }
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    if (!p) return;
    char* block = static_cast<char*>(p) - header;
    live_bytes.fetch_sub(static_cast<long>(*reinterpret_cast<std::size_t*>(block)), std::memory_order_relaxed);
    std::free(block);
}
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }

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

// Twenty slots of every type, a question on each: a session that knows them all is live at `more`.
std::string twenty_slot_script() {
    std::string yaml = "script: many\nversion: 1\nslots:\n";
    const char* types[] = {"{type: number}", "{type: boolean}", "{type: choice, choices: [a, b, c]}", "{type: text}"};
    for (int i = 0; i < 20; ++i) yaml += "  s" + std::to_string(i) + ": " + types[i % 4] + "\n";
    yaml += "  more: {type: boolean}\nstart: q0\nnodes:\n";
    for (int i = 0; i < 20; ++i)
        yaml += "  q" + std::to_string(i) + ":\n    ask: S" + std::to_string(i) + "?\n    slot: s" + std::to_string(i) +
                "\n    next: q" + std::to_string(i + 1) + "\n";
    yaml += "  q20:\n    ask: More?\n    slot: more\n    next: fin\n  fin:\n    end: resolved\n";
    return yaml;
}

// The heap a live session holds once it knows 20 facts, pre-filled or answered one turn at a time,
// with the default trace (its events so far) or none.
void BM_SessionHeap20Facts(benchmark::State& state) {
    auto lib = parley::Library::parse(twenty_slot_script(), "many.yaml").value();
    const bool answered = state.range(0) == 1;
    parley::StartOptions options;
    options.trace_capacity = static_cast<std::size_t>(state.range(1));
    parley::Facts prefill;
    if (!answered)
        for (int i = 0; i < 20; ++i) {
            std::string slot = "s" + std::to_string(i);
            switch (i % 4) {
            case 0: prefill.emplace_back(slot, parley::Value(i * 1.5)); break;
            case 1: prefill.emplace_back(slot, parley::Value(i % 2 == 0)); break;
            case 2: prefill.emplace_back(slot, parley::Value("b")); break;
            default: prefill.emplace_back(slot, parley::Value("short text")); break;
            }
        }
    const char* replies[] = {"3", "yes", "b", "short text"};
    long held = 0;
    for (auto _ : state) {
        long before = live_bytes.load();
        {
            parley::Session s = lib.start("many", prefill, {}, options);
            if (answered)
                for (int i = 0; i < 20; ++i) (void)s.reply(replies[i % 4]);
            held = live_bytes.load() - before;
            benchmark::DoNotOptimize(s.turn());
        }
    }
    state.counters["heap_bytes"] = static_cast<double>(held);
}
BENCHMARK(BM_SessionHeap20Facts)->ArgNames({"answered", "trace"})->ArgsProduct({{0, 1}, {256, 0}});

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
    long before = allocations.load();
    std::size_t i = 0;
    for (auto _ : state) benchmark::DoNotOptimize(s.reply(replies[i++ % 3]));
    state.counters["allocs/turn"] = benchmark::Counter(
        static_cast<double>(allocations.load() - before) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_ReplyTurnBesideLargeText)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
