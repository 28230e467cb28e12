// Issue 9, point 5: a live session with 20 facts holds at most 1 KB of heap, with the trace off,
// whether the host pre-filled the facts or the customer answered them one per turn. Counted by the
// operator new of bench/heap_counter.cpp (this executable's), excluding the Library and the buffers a
// thread reuses from step to step (warmed up first: a session holds none of them).
#include <doctest/doctest.h>
#include <parley/parley.hpp>

#include "heap_counter.hpp"
#include "session_heap.hpp"

namespace {

constexpr std::int64_t budget = 1024;

parley::Library heap_library() { return parley::Library::parse(parley_heap::heap_script()).value(); }

}  // namespace

TEST_CASE("heap: a live session with 20 pre-filled facts holds at most 1 KB") {
    parley::Library lib = heap_library();
    const parley::Facts facts = parley_heap::heap_facts();
    (void)parley_heap::prefilled_session(lib, facts);  // the thread's step buffers, grown once
    parley_heap::LiveBytes live;
    parley::Session s = parley_heap::prefilled_session(lib, facts);
    const std::int64_t bytes = live.now();
    MESSAGE("pre-filled: " << bytes << " B");
    CHECK(bytes <= budget);
    CHECK(s.summary().facts.size() == 20);
    CHECK_FALSE(s.ended());
    CHECK(s.next().prompt.node == "anything_else");
}

TEST_CASE("heap: a live session with 20 facts answered one per turn holds at most 1 KB") {
    parley::Library lib = heap_library();
    (void)parley_heap::answered_session(lib);
    parley_heap::LiveBytes live;
    parley::Session s = parley_heap::answered_session(lib);
    const std::int64_t bytes = live.now();
    MESSAGE("answered: " << bytes << " B");
    CHECK(bytes <= budget);
    CHECK(s.turn() == 20);
    CHECK(s.summary().facts.size() == 20);
    CHECK(s.next().prompt.node == "anything_else");
}

TEST_CASE("heap: the trace ring at 0 allocates nothing, and at 1 holds one event") {
    parley::Library lib = heap_library();
    const parley::Facts facts = parley_heap::heap_facts();
    auto live_with_trace = [&](std::size_t capacity) {
        parley::StartOptions options;
        options.trace_capacity = capacity;
        (void)lib.start("heap", facts, {}, options);
        parley_heap::LiveBytes live;
        parley::Session s = lib.start("heap", facts, {}, options);
        CHECK(s.trace().size() == capacity);  // (the start's events outnumber both capacities)
        return live.now();
    };
    std::int64_t off = live_with_trace(0), one = live_with_trace(1);
    CHECK(one - off == 24);  // one event of 24 bytes, and nothing else
}
