// Loading benchmarks: a generated chain of `say` nodes (1,000, 10,000 and 100,000 nodes), loaded and
// compiled by parley, beside yaml-cpp's own parse (YAML::Load) of the same text. Loading must cost in
// proportion to the file: issue 13 sets load + compile at most 1.5x the parse's time and 3x its memory.
// Run: cmake --workflow --preset bench && build-bench/bench/parley_bench_load
// `peak_bytes` is the most heap held at once while loading (bytes asked of operator new, net of frees,
// above what was held before); `x_yaml_peak` divides it by YAML::Load's peak for the same text.
#include <benchmark/benchmark.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include <parley/parley.hpp>

namespace {
std::atomic<long> live_bytes{0};
std::atomic<long> peak_bytes{0};
// Each block starts with its size, so a free knows how many bytes it gives back.
constexpr std::size_t header = alignof(std::max_align_t);
}  // namespace

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"  // the pair below is replaced together
#endif

void* operator new(std::size_t n) {
    if (auto* block = static_cast<char*>(std::malloc(n + header))) {
        *reinterpret_cast<std::size_t*>(block) = n;
        long now = live_bytes.fetch_add(static_cast<long>(n), std::memory_order_relaxed) + static_cast<long>(n);
        long peak = peak_bytes.load(std::memory_order_relaxed);
        while (now > peak && !peak_bytes.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
        }
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

// A script of `nodes` nodes: `say` after `say`, each to the next, and an end.
std::string say_chain(int nodes) {
    std::string y = "script: chain\nversion: 1\nstart: n0\nnodes:\n";
    for (int i = 0; i + 1 < nodes; ++i)
        y += "  n" + std::to_string(i) + ":\n    say: This is step " + std::to_string(i) +
             " of the chain.\n    next: n" + std::to_string(i + 1) + "\n";
    y += "  n" + std::to_string(nodes - 1) + ":\n    end: resolved\n";
    return y;
}

// The most heap `work` holds at once, above what was held before it.
template <class Work>
long peak_of(Work&& work) {
    long before = live_bytes.load();
    peak_bytes.store(before);
    work();
    return peak_bytes.load() - before;
}

void BM_YamlParse(benchmark::State& state) {
    const std::string text = say_chain(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        YAML::Node root = YAML::Load(text);
        benchmark::DoNotOptimize(root);
    }
    state.counters["peak_bytes"] = static_cast<double>(peak_of([&] { YAML::Node root = YAML::Load(text); }));
    state.counters["file_bytes"] = static_cast<double>(text.size());
}

void BM_LoadCompile(benchmark::State& state) {
    const std::string text = say_chain(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        auto lib = parley::Library::parse(text, "chain.yaml");
        if (!lib) {
            state.SkipWithError(parley::format(lib.diagnostics().front()).c_str());
            return;
        }
        benchmark::DoNotOptimize(lib);
    }
    long yaml_peak = peak_of([&] { YAML::Node root = YAML::Load(text); });
    long load_peak = peak_of([&] { auto lib = parley::Library::parse(text, "chain.yaml"); });
    state.counters["peak_bytes"] = static_cast<double>(load_peak);
    state.counters["x_yaml_peak"] = static_cast<double>(load_peak) / static_cast<double>(yaml_peak);
}

}  // namespace

BENCHMARK(BM_YamlParse)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoadCompile)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
