// The strong guarantee under failure: every allocation of every step of conversations on the shipped
// scripts is made to fail in turn, and the session must be exactly as it was before that step (its
// snapshot with the trace, byte for byte, and its summary), then go on as if nothing had happened.
// Its own executable, as it replaces the global operator new (bench/heap_counter.cpp).
#include <doctest/doctest.h>
#include <parley/parley.hpp>

#include "heap_counter.hpp"

#include <new>
#include <sstream>
#include <string>
#include <vector>

namespace {
// The counting operator new of bench/heap_counter.cpp, linked into this executable, makes the Nth
// allocation fail (and throw std::bad_alloc, or return null from its nothrow form).
using parley_heap::fail_allocation;
void disarm() { fail_allocation(0); }
}  // namespace

namespace {

// One step of a conversation: a reply; "!event", a signal; "=slot:value", a fill by the host;
// "-slot", the host clearing its fact.
void take_step(parley::Session& s, const std::string& step) {
    if (step.rfind("!", 0) == 0) {
        (void)s.signal(step.substr(1));
    } else if (step.rfind("=", 0) == 0) {
        auto colon = step.find(':');
        s.fill(step.substr(1, colon - 1), parley::Value(step.substr(colon + 1)));
    } else if (step.rfind("-", 0) == 0) {
        (void)s.clear(step.substr(1));
    } else {
        (void)s.reply(step);
    }
}

// Everything a host can see of a session (what the snapshot does not hold shows in the summary).
std::string observed(const parley::Session& s) {
    std::ostringstream out;
    out << s.snapshot({/*include_trace=*/true}) << '\n' << s.summary();
    for (const auto& e : s.trace()) out << e.message << '\n';
    return out.str();
}

struct Conversation {
    std::string script;
    parley::Facts prefill;
    std::vector<std::string> done;
    std::vector<std::string> steps;
    parley::StartOptions options;
};

parley::StartOptions with(bool record_path, std::size_t trace_capacity) {
    parley::StartOptions o;
    o.record_path = record_path;
    o.trace_capacity = trace_capacity;
    return o;
}

// Calls and returns, look-ups and fills, action lists, unclear replies, set and forget, offers,
// cancellation and escalation policies, repeated signals; with a trace ring that wraps, and none.
std::vector<Conversation> conversations() {
    return {
        {"internet_down", {}, {}, {"no", "none", "orange", "done", "no", "done", "yes"}, with(true, 256)},
        {"internet_down", {{"outage.known", "no"}}, {}, {"none", "green", "done", "no", "=account.suspended:yes", "yes", "no"},
         with(false, 5)},
        {"internet_down", {{"outage.known", "no"}}, {}, {"1, 2", "purple", "!repeat", "blue", "I don't know"}, with(true, 0)},
        {"internet_down", {{"outage.known", "no"}, {"modem.lights", "green"}}, {"modem.restart"}, {"none", "", "yes"},
         with(false, 3)},
        {"internet_down", {{"outage.known", "no"}}, {}, {"none", "!supervisor", "ok"}, with(false, 256)},
        // Changes of language: the locale, its condition bits, the switches kept and the trace.
        {"internet_down", {{"outage.known", "no"}}, {}, {"!locale es", "none", "!locale es-MX", "purple", "!locale en", "green"},
         with(true, 256)},
        {"plan_review", {}, {}, {"!locale es", "!locale en", "!locale es", "!repeat", "speed"}, with(false, 2)},
        {"plan_review", {{"account.tenure_years", 4}}, {}, {"!cancel", "price", "!cancel"}, with(true, 2)},
        {"plan_review", {}, {}, {"!repeat", "!repeat", "speed", "maybe", "yes"}, with(false, 256)},
        {"cancel_service", {{"account.tenure_years", 0}}, {}, {"price", "!cancel"}, with(false, 256)},
        {"cancel_service", {{"account.tenure_years", 1}}, {}, {"service", "deal"}, with(true, 1)},
        {"cancel_service", {}, {}, {"dunno", "still dunno", "!agent"}, with(false, 256)},
        {"account_status", {}, {}, {"", "no"}, with(false, 256)},
        // The history: a cleared pre-fill, superseded fills, forgotten values, steps attempted then done.
        {"internet_down", {{"modem.lights", "green"}}, {}, {"=outage.known:no", "-modem.lights", "=account.suspended:yes",
         "=account.suspended:no", "none", "orange", "done", "no", "done", "yes"}, with(false, 256)},
    };
}

}  // namespace

TEST_CASE("a step whose allocation fails leaves the session exactly as it was, and usable") {
    parley::Library lib = parley::Library::load(std::string(PARLEY_SOURCE_DIR) + "/scripts").value();
    for (const Conversation& c : conversations()) {
        CAPTURE(c.script);
        parley::Session reference = lib.start(c.script, c.prefill, c.done, c.options);
        parley::Session s = reference;
        for (const std::string& step : c.steps) {
            CAPTURE(step);
            const std::string before = observed(s);
            long failures = 0;
            for (long nth = 1;; ++nth) {
                bool failed = false;
                fail_allocation(nth);
                try {
                    take_step(s, step);
                } catch (const std::bad_alloc&) {
                    failed = true;
                }
                disarm();
                if (!failed) break;
                ++failures;
                CAPTURE(nth);
                REQUIRE(observed(s) == before);
            }
            MESSAGE(c.script << " '" << step << "': " << failures << " allocations failed in turn");
            take_step(reference, step);  // after the failures, so that they meet the step's buffers cold
            REQUIRE(observed(s) == observed(reference));
        }
    }
}

TEST_CASE("a start whose allocation fails throws and leaks nothing a sanitizer would see") {
    parley::Library lib = parley::Library::load(std::string(PARLEY_SOURCE_DIR) + "/scripts").value();
    const std::string expected = observed(lib.start("internet_down", {{"outage.known", "no"}}));
    for (long nth = 1;; ++nth) {
        fail_allocation(nth);
        try {
            parley::Session s = lib.start("internet_down", {{"outage.known", "no"}});
            disarm();
            CHECK(observed(s) == expected);
            break;
        } catch (const std::bad_alloc&) {
            disarm();
        }
    }
}
