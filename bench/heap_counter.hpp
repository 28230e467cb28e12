// A counting global operator new/delete, shared by the heap benchmark (bench_heap.cpp) and the fault
// tests (tests/faults/): link heap_counter.cpp into an executable and every allocation made through
// the global operator new is counted, and can be made to fail.
#pragma once

#include <cstddef>
#include <cstdint>

namespace parley_heap {

/// Bytes asked of the global operator new and not yet given back, since the program started.
std::int64_t live_bytes() noexcept;
/// Allocations made through the global operator new since the program started.
std::int64_t allocations() noexcept;

/// From now on, the `nth` allocation (1: the next one) fails: operator new throws std::bad_alloc,
/// its nothrow form returns null. Only that one; 0 disarms.
void fail_allocation(long nth) noexcept;
/// Whether an armed failure is still to come.
bool failure_armed() noexcept;

/// What a piece of code leaves allocated: live bytes after it minus live bytes before it.
class LiveBytes {
public:
    LiveBytes() noexcept : start_(live_bytes()) {}
    std::int64_t now() const noexcept { return live_bytes() - start_; }

private:
    std::int64_t start_;
};

}  // namespace parley_heap
