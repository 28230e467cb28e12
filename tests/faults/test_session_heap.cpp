// Issue 9, point 5: a live session with 20 facts holds at most 1 KB of heap, with the trace off,
// whether the host pre-filled the facts or the customer answered them one per turn. Counted by the
// operator new of bench/heap_counter.cpp (this executable's), excluding the Library and the buffers a
// thread reuses from step to step (warmed up first: a session holds none of them).
#include <doctest/doctest.h>
#include <parley/parley.hpp>

#include <new>
#include <optional>
#include <string>

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

TEST_CASE("heap: a text replaced again and again keeps only the live text (the buffer is compacted)") {
    parley::Library lib = heap_library();
    const parley::Facts facts = parley_heap::heap_facts();
    parley_heap::LiveBytes live;
    parley::Session s = parley_heap::prefilled_session(lib, facts);
    const std::string text(200, 'n');
    for (int i = 0; i < 2000; ++i) s.fill("case3.detail", text + std::to_string(i));
    // The history keeps the first 256 values replaced (about 52 KB of text); the 1,744 others, 350 KB
    // more, are reclaimed.
    const std::int64_t bytes = live.now();
    MESSAGE("after 2,000 replacements: " << bytes << " B");
    CHECK(bytes < 160 * 1024);
    CHECK(s.get("case3.detail")->as_text() == text + "1999");
    CHECK(s.get("case7.detail")->as_text() == parley_heap::answer(7));
    auto sum = s.summary();
    CHECK(sum.answers_dropped == 2000 - parley::Summary::past_answers_kept);
}

TEST_CASE("heap: a fill whose allocation fails leaves every text value as it was") {
    parley::Library lib = heap_library();
    parley::Session s = parley_heap::answered_session(lib);
    for (int round = 0; round < 40; ++round) {
        CAPTURE(round);
        const std::string before = s.snapshot({/*include_trace=*/true});
        const std::string value = "replacement " + std::to_string(round) + std::string(static_cast<std::size_t>(round * 7), '+');
        for (long nth = 1;; ++nth) {
            parley_heap::fail_allocation(nth);
            bool failed = false;
            try {
                s.fill(parley_heap::slot_name(4 * (round % 5) + 3), parley::Value(value));
            } catch (const std::bad_alloc&) {
                failed = true;
            }
            parley_heap::fail_allocation(0);
            if (!failed) break;
            REQUIRE(s.snapshot({true}) == before);
        }
        CHECK(s.get(parley_heap::slot_name(4 * (round % 5) + 3))->as_text() == value);
    }
    // The other values, packed beside the texts, are untouched.
    for (int i = 0; i < parley_heap::session_facts; ++i) {
        std::optional<parley::Value> v = s.get(parley_heap::slot_name(i));
        REQUIRE(v);
        switch (parley_heap::slot_kind(i)) {
        case 0: CHECK(v->as_boolean() == (i % 8 != 0)); break;
        case 1: CHECK(v->as_text() == "orange"); break;
        case 2: CHECK(v->as_number() == 1200 + 37 * i); break;
        default: break;
        }
    }
}
