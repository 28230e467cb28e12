// The counting operator new/delete of heap_counter.hpp. Each block carries its size in a header
// ahead of what the caller gets, so a delete without the size still subtracts the right count.
#include "heap_counter.hpp"

#include <cstdlib>
#include <new>

namespace {
// A header the size of the strictest fundamental alignment, so the caller's block stays aligned.
constexpr std::size_t header = alignof(std::max_align_t);
std::int64_t live = 0;
std::int64_t count = 0;
bool armed = false;
long countdown = 0;

// Whether this allocation is the one made to fail (and then disarms).
bool should_fail() noexcept {
    if (!armed || --countdown != 0) return false;
    armed = false;
    return true;
}

void* allocate(std::size_t n) noexcept {
    void* raw = std::malloc(n + header);
    if (!raw) return nullptr;
    *static_cast<std::size_t*>(raw) = n;
    live += static_cast<std::int64_t>(n);
    ++count;
    return static_cast<char*>(raw) + header;
}

void release(void* p) noexcept {
    if (!p) return;
    void* raw = static_cast<char*>(p) - header;
    live -= static_cast<std::int64_t>(*static_cast<std::size_t*>(raw));
    std::free(raw);
}
}  // namespace

namespace parley_heap {
std::int64_t live_bytes() noexcept { return live; }
std::int64_t allocations() noexcept { return count; }
void fail_allocation(long nth) noexcept {
    countdown = nth;
    armed = nth > 0;
}
bool failure_armed() noexcept { return armed; }
}  // namespace parley_heap

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"  // the pairs below are replaced together
#endif

void* operator new(std::size_t n) {
    if (should_fail()) throw std::bad_alloc();
    if (void* p = allocate(n)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
// The nothrow forms too (std::stable_sort takes its buffer with them), so that every allocation is
// counted and can fail, and every one is freed by the deletes above.
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return should_fail() ? nullptr : allocate(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return should_fail() ? nullptr : allocate(n); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }
