// The C++ testing API (include/parley/testing.hpp), used on the shipped scripts.
#include <doctest/doctest.h>

#include <parley/parley.hpp>
#include <parley/testing.hpp>

namespace {
const parley::Library& shipped() {
    static const parley::Library lib = parley::Library::load(PARLEY_SOURCE_DIR "/scripts").value();
    return lib;
}
}  // namespace

TEST_CASE("testing::Conversation walks the first seed story: one retention offer, then the cancellation") {
    parley::testing::Conversation c(shipped(), "cancel_service", {{"account.tenure_years", 10}});
    c.expect_said("cancel your service").expect_ask("cancel.reason").reply("price")
        .expect_said("with us for 10 years")
        .expect_offer(parley::OfferKind::retention).signal("cancel")
        .expect_said("your service is cancelled")
        .expect_end(parley::Outcome::cancelled);
    CHECK(c.offers(parley::OfferKind::retention) == 1);
    CHECK(c.policy_fired("honor_cancellation"));
}

TEST_CASE("testing::Conversation fails with the transcript when an expectation does not hold") {
    parley::testing::Conversation c(shipped(), "cancel_service");
    try {
        c.expect_offer(parley::OfferKind::retention);
        FAIL("expect_offer should have thrown");
    } catch (const parley::testing::Failure& f) {
        std::string what = f.what();
        CHECK(what.find("expected a retention offer, but the prompt is ask 'cancel_service.reason' for slot cancel.reason") !=
              std::string::npos);
        CHECK(what.find("transcript so far:\n  agent (acknowledge): I can cancel your service") != std::string::npos);
    }
    CHECK_THROWS_AS(c.reply("maybe tomorrow"), parley::testing::Failure);
}

TEST_CASE("testing::Conversation answers lookups with fill and checks unclear replies") {
    parley::testing::Conversation c(shipped(), "internet_down");
    c.expect_lookup("outage.known").fill("outage.known", false)
        .expect_ask("tried_already").reply_unclear("the toaster")
        .expect_ask("tried_already").reply("none")
        .expect_ask("modem.lights").reply("green")
        .expect_instruct("restart").reply("done")
        .expect_ask("service.working").reply("yes")
        .expect_end(parley::Outcome::resolved);
    CHECK(c.turn().prompt.text == "Good, you're back online.");
}
