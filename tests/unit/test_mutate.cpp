// Mutation testing (include/parley/mutate.hpp, docs/testing.md section 9): which mutants a library
// has, that each one changes a conversation the way its description says (and nothing else of the
// original), which are left out as equivalent, and what mutation_test makes of weak, strong and
// failing suites; the shipped scripts' suites kill at least 90% of their mutants.
#include <doctest/doctest.h>

#include <malloc.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <parley/mutate.hpp>
#include <parley/parley.hpp>
#include <parley/test_suite.hpp>

namespace fs = std::filesystem;
using namespace parley::testing;
using parley::Library;
using parley::ReplyStatus;
using parley::Session;

namespace {

// Every kind of mutant once or more; happy_q's two branches share a target.
const char* shop = R"(script: shop
version: 1
slots:
  colour: {type: choice, choices: [red, blue]}
  size: {type: number, min: 1, max: 10}
  happy: {type: boolean}
  deal: {type: boolean}
  seen: {type: boolean}
start: colour_q
nodes:
  colour_q:
    ask: Which colour?
    slot: colour
    max_attempts: 2
    on_fail: sorry
    next:
      - if: colour == "red"
        goto: size_q
      - goto: happy_q
  size_q:
    ask: What size?
    slot: size
    set: {seen: true}
    next:
      - if: size > 5
        goto: big
      - goto: happy_q
  big:
    say: That's a big one.
    forget: [happy]
    next: fold
  fold:
    instruct: Please fold it again.
    action: shirt.fold
    repeat: true
    reason: Big ones crease.
    next: happy_q
  happy_q:
    ask: Happy?
    slot: happy
    next:
      - if: happy
        goto: offer_q
      - goto: offer_q
  offer_q:
    offer: Want the deal?
    kind: upsell
    slot: deal
    next: done
  done:
    end: resolved
    say: Bye.
  sorry:
    end: unresolved
    say: Sorry.
)";

Library load(const std::string& yaml) {
    auto lib = Library::parse(yaml, "shop.yaml");
    std::string problems;
    for (const auto& d : lib.diagnostics()) problems += parley::format(d) + "\n";
    INFO(problems);
    REQUIRE(lib.has_value());
    return std::move(lib).value();
}

Library load(const std::vector<std::pair<std::string, std::string>>& files) {
    auto lib = Library::parse(files);
    std::string problems;
    for (const auto& d : lib.diagnostics()) problems += parley::format(d) + "\n";
    INFO(problems);
    REQUIRE(lib.has_value());
    return std::move(lib).value();
}

const Mutant& find(const std::vector<Mutant>& ms, Mutant::Kind kind, const std::string& node) {
    for (const Mutant& m : ms)
        if (m.kind == kind && m.node == node) return m;
    FAIL("no " << to_string(kind) << " mutant of " << node);
    throw std::logic_error("unreachable");
}

std::string node_of(const Session& s) { return std::string(s.next().prompt.node); }

// A two-offer cancellation under policies that allow one offer after a cancel request.
const std::vector<std::pair<std::string, std::string>> cancel_library = {
    {"cancel.yaml", R"(script: cancel
version: 1
slots:
  first_ok: {type: boolean}
  second_ok: {type: boolean}
start: first
nodes:
  first:
    offer: Half price for a year?
    kind: retention
    slot: first_ok
    next:
      - if: first_ok
        goto: kept
      - goto: second
  second:
    offer: A free month?
    kind: retention
    slot: second_ok
    next:
      - if: second_ok
        goto: kept
      - goto: gone
  kept:
    end: retained
    say: Glad you're staying.
  gone:
    end: cancelled
    say: Cancelled.
)"},
    {"policies.yaml", R"(version: 1
policies:
  honor_cancellation:
    max_offers: 1
    start: cancel
    then: cancel.gone
)"}};

TestSuite suite(const std::string& yaml) {
    auto r = parse_tests(yaml, "t.test.yaml");
    std::string problems;
    for (const auto& d : r.diagnostics()) problems += parley::format(d) + "\n";
    INFO(problems);
    REQUIRE(r.has_value());
    return std::move(r).value();
}

}  // namespace

TEST_CASE("mutants: one per change, in file order, each described at its place in the script") {
    const Library lib = load(shop);
    std::vector<std::string> equivalent;
    auto ms = mutants(lib, &equivalent);
    std::vector<std::string> got;
    for (const Mutant& m : ms) got.push_back(m.node + " " + to_string(m.kind));
    const std::vector<std::string> expected = {
        "colour_q swap-targets", "colour_q negate-condition", "colour_q drop-on-fail",
        "size_q swap-targets",   "size_q negate-condition",   "size_q drop-set",
        "big drop-forget",       "fold drop-repeat",
        "offer_q flip-offer-kind", "done change-outcome",     "sorry change-outcome"};
    CHECK(got == expected);
    for (const Mutant& m : ms) {
        CHECK(m.script == "shop");
        CHECK(m.region.file == "shop.yaml");
        CHECK(m.region.line > 0);
        CHECK(m.description.rfind("shop." + m.node + ": ", 0) == 0);
    }
    const Mutant& swap = find(ms, Mutant::Kind::swap_targets, "colour_q");
    CHECK(swap.description == "shop.colour_q: branches 1 and 2 swap targets (size_q, happy_q)");
    CHECK(swap.region.line == 17);  // the first branch
    const Mutant& negate = find(ms, Mutant::Kind::negate_condition, "size_q");
    CHECK(negate.description == "shop.size_q: branch 1 taken when its condition does not hold: not (size > 5)");
    CHECK(negate.region.line == 25);
    CHECK(find(ms, Mutant::Kind::drop_set, "size_q").description == "shop.size_q: sets nothing (instead of seen = true)");
    CHECK(find(ms, Mutant::Kind::drop_forget, "big").description == "shop.big: forgets nothing (instead of happy)");
    CHECK(find(ms, Mutant::Kind::drop_forget, "big").region.line == 28);
    CHECK(find(ms, Mutant::Kind::flip_offer_kind, "offer_q").description ==
          "shop.offer_q: an upsell offer becomes a retention offer");
    CHECK(find(ms, Mutant::Kind::drop_on_fail, "colour_q").description ==
          "shop.colour_q: gives up without on_fail (instead of going to sorry)");
    CHECK(find(ms, Mutant::Kind::change_outcome, "done").description == "shop.done: ends unresolved instead of resolved");
    CHECK(find(ms, Mutant::Kind::change_outcome, "sorry").description == "shop.sorry: ends resolved instead of unresolved");

    // Left out: happy_q's swap and its negation (both branches lead to offer_q), and max_offers (no
    // retention offer to budget).
    REQUIRE(equivalent.size() == 3);
    CHECK(equivalent[0] == "shop.happy_q: branches 1 and 2 swap targets (offer_q, offer_q): the same target");
    CHECK(equivalent[1] == "shop.happy_q: branch 1 negated: the branches after it lead to offer_q too");
    CHECK(equivalent[2].find("max_offers") == std::string::npos);
    CHECK(equivalent[2].find("the library makes no retention offer") != std::string::npos);
    CHECK(mutants(lib).size() == ms.size());  // the list of equivalent ones is optional
}

TEST_CASE("mutants: each changes the conversation as described, and the original stays as it was") {
    const Library lib = load(shop);
    auto ms = mutants(lib);

    SUBCASE("swapped targets and a negated condition send red to happy_q") {
        for (auto kind : {Mutant::Kind::swap_targets, Mutant::Kind::negate_condition}) {
            Session original = lib.start("shop");
            Session mutant = find(ms, kind, "colour_q").library.start("shop");
            CHECK(original.reply("red") == ReplyStatus::accepted);
            CHECK(mutant.reply("red") == ReplyStatus::accepted);
            CHECK(node_of(original) == "size_q");
            CHECK(node_of(mutant) == "happy_q");
        }
    }
    SUBCASE("a negated number condition sends a small size to big") {
        Session original = lib.start("shop");
        Session mutant = find(ms, Mutant::Kind::negate_condition, "size_q").library.start("shop");
        for (Session* s : {&original, &mutant}) {
            CHECK(s->reply("red") == ReplyStatus::accepted);
            CHECK(s->reply("3") == ReplyStatus::accepted);
        }
        CHECK(node_of(original) == "happy_q");
        CHECK(node_of(mutant) == "fold");
    }
    SUBCASE("a dropped set leaves the slot unknown") {
        Session original = lib.start("shop");
        Session mutant = find(ms, Mutant::Kind::drop_set, "size_q").library.start("shop");
        for (Session* s : {&original, &mutant}) {
            CHECK(s->reply("red") == ReplyStatus::accepted);
            CHECK(s->reply("3") == ReplyStatus::accepted);
        }
        CHECK(original.known("seen"));
        CHECK_FALSE(mutant.known("seen"));
    }
    SUBCASE("a dropped forget keeps a known answer, so the question is skipped") {
        Session original = lib.start("shop", {{"happy", true}}, {"shirt.fold"});
        Session mutant = find(ms, Mutant::Kind::drop_forget, "big").library.start("shop", {{"happy", true}}, {"shirt.fold"});
        for (Session* s : {&original, &mutant}) {
            CHECK(s->reply("red") == ReplyStatus::accepted);
            CHECK(s->reply("7") == ReplyStatus::accepted);
            CHECK(node_of(*s) == "fold");  // repeat: true instructs it although it is done
            CHECK(s->reply("done") == ReplyStatus::accepted);
        }
        CHECK(node_of(original) == "happy_q");
        CHECK(node_of(mutant) == "offer_q");
    }
    SUBCASE("a dropped repeat skips an instruction already done") {
        Session mutant = find(ms, Mutant::Kind::drop_repeat, "fold").library.start("shop", {}, {"shirt.fold"});
        CHECK(mutant.reply("red") == ReplyStatus::accepted);
        CHECK(mutant.reply("7") == ReplyStatus::accepted);
        CHECK(node_of(mutant) == "happy_q");
    }
    SUBCASE("a flipped offer kind is counted as the other kind") {
        Session mutant = find(ms, Mutant::Kind::flip_offer_kind, "offer_q").library.start("shop");
        CHECK(mutant.reply("blue") == ReplyStatus::accepted);
        CHECK(mutant.reply("yes") == ReplyStatus::accepted);
        REQUIRE(node_of(mutant) == "offer_q");
        REQUIRE(mutant.summary().offers.size() == 1);
        CHECK(mutant.summary().offers[0].kind == parley::OfferKind::retention);
    }
    SUBCASE("a changed outcome") {
        Session mutant = find(ms, Mutant::Kind::change_outcome, "sorry").library.start("shop");
        CHECK(mutant.reply("green") == ReplyStatus::not_understood);
        CHECK(mutant.reply("purple") == ReplyStatus::not_understood);
        CHECK(mutant.outcome() == parley::Outcome::resolved);
    }
    SUBCASE("a dropped on_fail leaves the unclear replies to the policies") {
        Session original = lib.start("shop");
        Session mutant = find(ms, Mutant::Kind::drop_on_fail, "colour_q").library.start("shop");
        for (Session* s : {&original, &mutant}) {
            CHECK(s->reply("green") == ReplyStatus::not_understood);
            CHECK(s->reply("purple") == ReplyStatus::not_understood);
        }
        CHECK(original.outcome() == parley::Outcome::unresolved);
        CHECK(mutant.outcome() == parley::Outcome::escalated);
    }

    // The original is untouched by all of this.
    Session s = lib.start("shop");
    CHECK(s.reply("red") == ReplyStatus::accepted);
    CHECK(s.reply("3") == ReplyStatus::accepted);
    CHECK(node_of(s) == "happy_q");
    CHECK(s.known("seen"));
}

TEST_CASE("mutants: max_offers is raised when a retention offer can be made after a cancel request") {
    const Library lib = load(cancel_library);
    std::vector<std::string> equivalent;
    auto ms = mutants(lib, &equivalent);
    const Mutant* raise = nullptr;
    for (const Mutant& m : ms)
        if (m.kind == Mutant::Kind::raise_max_offers) raise = &m;
    REQUIRE(raise != nullptr);
    CHECK(raise->script.empty());
    CHECK(raise->node.empty());
    CHECK(raise->region.file == "policies.yaml");
    CHECK(raise->description == "policies: honor_cancellation allows 2 retention offers after a cancel request instead of 1");
    CHECK(ms.back().kind == Mutant::Kind::raise_max_offers);  // after the nodes' mutants

    // Starting in the cancellation script is a cancel request: one offer, then the cancellation;
    // with two allowed, a decline lets the script make its next offer.
    Session original = lib.start("cancel");
    Session mutant = raise->library.start("cancel");
    CHECK(original.reply("no") == ReplyStatus::accepted);
    CHECK(mutant.reply("no") == ReplyStatus::accepted);
    CHECK(original.outcome() == parley::Outcome::cancelled);
    CHECK(node_of(mutant) == "second");

    SUBCASE("not when cancellations are not honoured") {
        auto files = cancel_library;
        files[1].second = "version: 1\npolicies:\n  honor_cancellation: false\n";
        std::vector<std::string> eq;
        auto off = mutants(load(files), &eq);
        CHECK(std::none_of(off.begin(), off.end(), [](const Mutant& m) { return m.kind == Mutant::Kind::raise_max_offers; }));
        REQUIRE(eq.size() == 1);
        CHECK(eq[0].find("honor_cancellation is off") != std::string::npos);
    }
}

TEST_CASE("mutation_test: weak, strong and failing suites; only the scripts the cases enter") {
    const Library lib = load(shop);

    SUBCASE("a case that only looks at the start kills nothing") {
        auto r = mutation_test(lib, suite("tests:\n  - name: start\n    script: shop\n    start: {prompt: colour_q}\n").cases);
        CHECK(r.failing.empty());
        CHECK(r.results.size() == 11);
        CHECK(r.killed() == 0);
        CHECK(r.score() == 0);
        CHECK(r.equivalent.size() == 3);
    }
    SUBCASE("cases that pin the paths down kill what they reach, and name the case that did") {
        auto r = mutation_test(lib, suite(R"(tests:
  - name: red and small
    script: shop
    turns:
      - reply: red
        expect: {prompt: size_q}
      - reply: "3"
        expect: {prompt: happy_q, slots: {seen: true}}
      - reply: "yes"
        expect: {prompt: offer_q, offers: {upsell: 1}}
  - name: unsure twice
    script: shop
    turns:
      - reply: green
        expect: {understood: false}
      - reply: purple
        expect: {understood: false, outcome: unresolved}
)")
                                        .cases);
        CHECK(r.failing.empty());
        std::vector<std::string> survived;
        for (const auto& m : r.results) {
            if (m.killed) CHECK_FALSE(m.killed_by.empty());
            else survived.push_back(m.mutant.node + " " + to_string(m.mutant.kind));
        }
        // Nothing takes size > 5, nor answers happy_q with no, nor reaches done.
        CHECK(survived == std::vector<std::string>{"big drop-forget", "fold drop-repeat", "done change-outcome"});
        CHECK(r.killed() == 8);
        CHECK(r.score() == doctest::Approx(800.0 / 11));
        for (const auto& m : r.results)
            if (m.mutant.kind == Mutant::Kind::swap_targets && m.mutant.node == "colour_q") CHECK(m.killed_by == "red and small");
    }
    SUBCASE("a case that fails on the library itself: no mutant is tried") {
        auto r = mutation_test(lib, suite("tests:\n  - name: wrong\n    script: shop\n    start: {prompt: size_q}\n").cases);
        CHECK(r.failing == std::vector<std::string>{"wrong"});
        CHECK(r.results.empty());
        CHECK(r.score() == 100);
    }
    SUBCASE("mutants of a script no case enters are not tried") {
        const Library two = load({{"shop.yaml", shop}, {"other.yaml", R"(script: other
version: 1
slots:
  ok: {type: boolean}
start: q
nodes:
  q:
    ask: OK?
    slot: ok
    next:
      - if: ok
        goto: fine
      - goto: bad
  fine:
    end: resolved
  bad:
    end: unresolved
)"}});
        auto r = mutation_test(two, suite("tests:\n  - name: start\n    script: other\n    start: {prompt: q}\n").cases);
        REQUIRE(r.results.size() == 4);  // q's swap and negation, fine's and bad's outcomes
        for (const auto& m : r.results) CHECK(m.mutant.script == "other");
        // shop's equivalent mutants are not about these cases either; the policies' are.
        REQUIRE(r.equivalent.size() == 1);
        CHECK(r.equivalent[0].rfind("policies: ", 0) == 0);
    }
}

TEST_CASE("mutation_test: the shipped scripts' suites kill at least 90% of their mutants") {
    const std::string dir = PARLEY_SOURCE_DIR "/scripts";
    const Library lib = Library::load(dir).value();
    std::vector<TestCase> cases;
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (is_test_file(entry.path().string())) files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        auto s = load_tests(file);
        REQUIRE(s.has_value());
        cases.insert(cases.end(), s->cases.begin(), s->cases.end());
    }
    MutationReport r = mutation_test(lib, cases);
    CHECK(r.failing.empty());
    std::string survived;
    for (const auto& m : r.results)
        if (!m.killed) survived += "\n  " + m.mutant.description;
    INFO("survived:" << survived);
    CHECK(r.results.size() >= 40);
    // Every kind of mutant occurs in the shipped library.
    for (auto kind : {Mutant::Kind::swap_targets, Mutant::Kind::negate_condition, Mutant::Kind::drop_forget,
                      Mutant::Kind::drop_set, Mutant::Kind::flip_offer_kind, Mutant::Kind::drop_repeat,
                      Mutant::Kind::drop_on_fail, Mutant::Kind::change_outcome, Mutant::Kind::raise_max_offers})
        CHECK(std::any_of(r.results.begin(), r.results.end(), [&](const MutantResult& m) { return m.mutant.kind == kind; }));
    CHECK(r.score() >= 90.0);
}

namespace {

// `n` questions in a row, each forgetting its answer and with two branches to the same next node
// (issue 13: 300 such negations survived and scored 0%).
std::string same_target_chain(int n) {
    std::string y = "script: chain\nversion: 1\nslots:\n  ok: {type: boolean}\nstart: q0\nnodes:\n";
    for (int i = 0; i < n; ++i)
        y += "  q" + std::to_string(i) + ":\n    ask: OK " + std::to_string(i) + "?\n    slot: ok\n    forget: [ok]\n"
             "    next:\n      - if: ok\n        goto: q" + std::to_string(i + 1) + "\n      - goto: q" + std::to_string(i + 1) + "\n";
    y += "  q" + std::to_string(n) + ":\n    end: resolved\n";
    return y;
}

}  // namespace

TEST_CASE("mutation_test: a negated condition whose branches all lead to one node is equivalent, not a survivor") {
    const Library lib = load(same_target_chain(300));
    std::string turns;
    for (int i = 0; i < 299; ++i) turns += "      - reply: \"yes\"\n";
    auto r = mutation_test(lib, suite("tests:\n  - name: all yes\n    script: chain\n    turns:\n" + turns +
                                      "      - reply: \"yes\"\n        expect: {outcome: resolved}\n")
                                    .cases);
    REQUIRE(r.failing.empty());
    for (const auto& m : r.results) CHECK(m.mutant.kind != Mutant::Kind::negate_condition);
    std::size_t negations = std::count_if(r.equivalent.begin(), r.equivalent.end(), [](const std::string& e) {
        return e.find("negated: the branches after it lead to") != std::string::npos;
    });
    CHECK(negations == 300);
    CHECK(r.score() > 0);
    // A condition with a branch after it elsewhere is still mutated: a third branch changes that.
    const Library three = load(R"(script: three
version: 1
slots:
  n: {type: number}
start: q
nodes:
  q:
    ask: How many?
    slot: n
    next:
      - if: n > 5
        goto: many
      - if: n > 2
        goto: many
      - goto: few
  many:
    end: resolved
  few:
    end: unresolved
)");
    std::vector<std::string> equivalent;
    auto ms = mutants(three, &equivalent);
    CHECK(std::count_if(ms.begin(), ms.end(), [](const Mutant& m) { return m.kind == Mutant::Kind::negate_condition; }) == 2);
}

TEST_CASE("mutation_test: mutants are made one at a time, so the report holds no copy of the program") {
    // Before, every mutant was a full copy of the program, all made up front and kept in the report
    // (1,000 three-node scripts: 10.3 GB). The heap the report holds is measured with glibc's mallinfo2.
    const std::string yaml = same_target_chain(400);
    auto heap_in_use = [] { return static_cast<long>(mallinfo2().uordblks); };
    const long before_load = heap_in_use();
    std::optional<Library> lib = load(yaml);
    const long library_bytes = heap_in_use() - before_load;
    if (library_bytes <= 0) {
        MESSAGE("the allocator is not glibc's (a sanitizer build?): heap use not measured");
        return;
    }
    auto cases = suite("tests:\n  - name: start\n    script: chain\n    start: {prompt: q0}\n").cases;
    const long before = heap_in_use();
    MutationReport r = mutation_test(*lib, cases);
    const long held = heap_in_use() - before;
    CHECK(r.results.size() == 401);  // each question's drop-forget, and the end's outcome
    INFO("library: " << library_bytes << " bytes; report: " << held << " bytes for " << r.results.size() << " mutants");
    CHECK(held < 2 * library_bytes);
}
