// Conduct policies (docs/policies.md): what the engine enforces whatever a script says. Each test
// loads a small library of inline scripts plus a policies.yaml, through the public API only.
#include <doctest/doctest.h>
#include <parley/parley.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

using parley::Library;
using parley::OfferKind;
using parley::Outcome;
using parley::ReplyStatus;
using parley::Session;
using parley::SignalStatus;
using parley::TraceKind;
using parley::Turn;
using parley::Utterance;
using parley::Value;

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

// ---- the scripts most tests share ----------------------------------------------------------

// A bill review: a greeting, two questions, an upsell, a call into a sub-script, a way into the
// cancellation script by the script's own routing, and closings that wish a good day.
const char* plan_yaml = R"(
script: plan
version: 1
slots:
  customer.name:
    type: text
  bill.concern:
    type: choice
    choices: [price, speed, modem, leave, other]
  offer.faster:
    type: boolean
  contact.count:
    type: number
    min: 0
    prefill: true
start: greet
nodes:
  greet:
    say: Thanks for calling.
    next: name
  name:
    ask: May I have your name?
    slot: customer.name
    next: concern
  concern:
    ask: What would you like to change about your plan?
    slot: bill.concern
    next:
      - if: bill.concern == "speed"
        goto: faster
      - if: bill.concern == "modem"
        goto: check
      - if: bill.concern == "leave"
        goto: leaving
      - goto: kept
  faster:
    offer: Our faster plan costs 5 more a month. Would you like it?
    kind: upsell
    slot: offer.faster
    next:
      - if: offer.faster
        goto: switched
      - goto: kept
  check:
    call: diag
    next: kept
  leaving:
    goto: cancel.ack
  switched:
    end: resolved
    say: Done, the faster plan starts tomorrow. Have a good day!
  kept:
    end: unresolved
    say: Your plan stays as it is. Have a good day!
)";

// Called by plan.check.
const char* diag_yaml = R"(
script: diag
version: 1
slots:
  modem.lights:
    type: choice
    choices: [green, orange]
start: lights
nodes:
  lights:
    ask: What colour are the modem's lights?
    slot: modem.lights
    next: back
  back:
    end: return
)";

// The cancellation script: one retention offer; declining it leads to the cancellation.
const char* cancel_yaml = R"(
script: cancel
version: 1
slots:
  cancel.reason:
    type: choice
    choices: [price, service, other]
  offer.discount:
    type: boolean
start: ack
nodes:
  ack:
    say: I can cancel your service on this call.
    next: reason
  reason:
    ask: What is the main reason you want to cancel?
    slot: cancel.reason
    next: discount
  discount:
    offer: I can take 25% off your bill for a year. Would you like that instead?
    kind: retention
    slot: offer.discount
    next:
      - if: offer.discount
        goto: retained
      - goto: confirm
  confirm:
    say: That's done, your service is cancelled.
    next: done
  retained:
    end: retained
    say: The discount is on your account.
  done:
    end: cancelled
    say: Sorry to see you go.
)";

const char* handoff_yaml = R"(
script: handoff
version: 1
start: hello
nodes:
  hello:
    say: I'm passing you to a supervisor now.
    next: bye
  bye:
    end: escalated
    promise: callback_24h
    say: If we get cut off, a supervisor will call you back within 24 hours.
)";

const char* policies_yaml = R"(
version: 1
policies:
  honor_cancellation:
    max_offers: 1
    start: cancel
    then: cancel.confirm
  escalate_on_request:
    then: handoff.hello
capabilities: [callback_24h]
)";

Files base_files(const std::string& policies = policies_yaml) {
    Files f = {{"plan.yaml", plan_yaml}, {"diag.yaml", diag_yaml}, {"cancel.yaml", cancel_yaml}, {"handoff.yaml", handoff_yaml}};
    if (!policies.empty()) f.emplace_back("policies.yaml", policies);
    return f;
}

Library load(const Files& files) {
    auto r = Library::parse(files);
    for (const auto& d : r.diagnostics())
        if (d.severity == parley::Severity::error) MESSAGE(parley::format(d));
    REQUIRE(r.has_value());
    return *r;
}

Library base(const std::string& policies = policies_yaml) { return load(base_files(policies)); }

// A policies.yaml from its `policies:` (and `events:`) part; the capability handoff.yaml promises is
// always declared. Small enough to write out in full in each test that changes the policies.
std::string with_policies(const std::string& body) { return "version: 1\n" + body + "capabilities: [callback_24h]\n"; }

std::string at(const Session& s) {
    Turn t = s.next();
    return std::string(t.prompt.script) + "." + std::string(t.prompt.node);
}

struct PolicyEntry {
    std::string policy, message;
    unsigned turn;
};

// The trace's policy entries, in order.
std::vector<PolicyEntry> policy_trace(const Session& s) {
    std::vector<PolicyEntry> out;
    for (const auto& e : s.trace())
        if (e.kind == TraceKind::policy) out.push_back({std::string(e.policy), e.message, e.turn});
    return out;
}

bool has_policy(const Session& s, const std::string& policy, const std::string& text) {
    for (const auto& e : policy_trace(s))
        if (e.policy == policy && e.message.find(text) != std::string::npos) return true;
    return false;
}

bool has_trace(const Session& s, TraceKind kind, const std::string& text) {
    for (const auto& e : s.trace())
        if (e.kind == kind && e.message.find(text) != std::string::npos) return true;
    return false;
}

// Every intervention is in the summary too, with the same policy ids, in the same order.
void check_summary_matches_trace(const Session& s) {
    auto trace = policy_trace(s);
    auto sum = s.summary();
    REQUIRE(sum.interventions.size() == trace.size());
    for (std::size_t i = 0; i < trace.size(); ++i) {
        CHECK(sum.interventions[i].policy == trace[i].policy);
        CHECK(sum.interventions[i].message == trace[i].message);
        CHECK(sum.interventions[i].turn == trace[i].turn);
    }
}

bool has_diagnostic(const std::vector<parley::Diagnostic>& ds, const std::string& rule) {
    return std::any_of(ds.begin(), ds.end(), [&](const parley::Diagnostic& d) { return d.rule == rule; });
}

}  // namespace

// =============================================================================================
// honor_cancellation

TEST_CASE("policies: honor_cancellation: a cancel signalled in the middle of a question abandons it and keeps the memory") {
    Library lib = base();
    Session s = lib.start("plan");
    CHECK(s.reply("Ann") == ReplyStatus::accepted);
    REQUIRE(at(s) == "plan.concern");

    CHECK(s.signal("cancel") == SignalStatus::handled);
    CHECK(s.turn() == 2);
    Turn t = s.next();
    REQUIRE(t.messages.size() == 1);
    CHECK(t.messages[0].script == "cancel");
    CHECK(t.messages[0].node == "ack");
    CHECK(t.prompt.kind == Utterance::Kind::ask);
    CHECK(at(s) == "cancel.reason");
    // The question about the plan is abandoned: not answered, and not waiting for a reply.
    CHECK_FALSE(s.known("bill.concern"));
    // What the customer said before stays known.
    CHECK(s.get("customer.name") == Value("Ann"));
    CHECK(s.why("customer.name") == "customer.name = Ann: answered at turn 1 to 'name' in script plan");

    auto p = policy_trace(s);
    REQUIRE(p.size() == 1);
    CHECK(p[0].policy == "honor_cancellation");
    CHECK(p[0].message == "cancel request at 'concern': going to cancel.ack");
    CHECK(p[0].turn == 2);
    CHECK(has_trace(s, TraceKind::signalled, "the customer signalled 'cancel' at 'concern'"));

    auto sum = s.summary();
    CHECK(sum.cancel_requested);
    REQUIRE(sum.signals.size() == 1);
    CHECK(sum.signals[0] == "cancel");

    // The one retention offer, declined: the cancellation.
    CHECK(s.reply("price") == ReplyStatus::accepted);
    t = s.next();
    CHECK(t.prompt.kind == Utterance::Kind::offer);
    CHECK(t.prompt.node == "discount");
    CHECK(t.prompt.offer_kind == OfferKind::retention);
    CHECK(s.reply("no") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::cancelled);
    t = s.next();
    REQUIRE(t.messages.size() == 1);
    CHECK(t.messages[0].node == "confirm");
    CHECK(t.prompt.node == "done");
    CHECK(t.prompt.text == "Sorry to see you go.");

    sum = s.summary();
    REQUIRE(sum.offers.size() == 1);
    CHECK(sum.offers[0].node == "discount");
    CHECK(sum.offers[0].kind == OfferKind::retention);
    CHECK(sum.offers[0].accepted == false);
    CHECK(sum.offers[0].turn == 3);
    CHECK(has_policy(s, "honor_cancellation",
                     "retention offer 'discount' declined after the cancel request: going to the cancellation, cancel.confirm"));
    CHECK(sum.script == "cancel");
    CHECK(sum.node == "done");
    check_summary_matches_trace(s);
}

TEST_CASE("policies: honor_cancellation: a second cancel request goes to the cancellation at once") {
    Library lib = base();

    SUBCASE("twice in a row: no offer at all") {
        Session s = lib.start("plan");
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(at(s) == "cancel.reason");
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(s.ended());
        CHECK(s.outcome() == Outcome::cancelled);
        Turn t = s.next();
        REQUIRE(t.messages.size() == 1);
        CHECK(t.messages[0].node == "confirm");
        CHECK(t.prompt.node == "done");
        auto sum = s.summary();
        CHECK(sum.offers.empty());
        CHECK(sum.turns == 2);
        REQUIRE(sum.signals.size() == 2);
        auto p = policy_trace(s);
        REQUIRE(p.size() == 2);
        CHECK(p[0].message == "cancel request at 'name': going to cancel.ack");
        CHECK(p[1].policy == "honor_cancellation");
        CHECK(p[1].message == "the customer asked again to cancel: going to the cancellation, cancel.confirm");
        CHECK(p[1].turn == 2);
        check_summary_matches_trace(s);
    }
    SUBCASE("while the retention offer awaits an answer: the offer stays unanswered") {
        Session s = lib.start("plan");
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(s.reply("price") == ReplyStatus::accepted);
        REQUIRE(at(s) == "cancel.discount");
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(s.outcome() == Outcome::cancelled);
        CHECK(s.summary().node == "done");
        auto sum = s.summary();
        REQUIRE(sum.offers.size() == 1);
        CHECK_FALSE(sum.offers[0].accepted.has_value());
        CHECK_FALSE(s.known("offer.discount"));
    }
}

TEST_CASE("policies: honor_cancellation: a session started in the start script has asked to cancel; a cancel there is the second request") {
    Library lib = base();
    Session s = lib.start("cancel");  // entered directly: that is a cancel request already
    CHECK(s.summary().cancel_requested);
    auto p = policy_trace(s);
    REQUIRE(p.size() == 1);
    CHECK(p[0].policy == "honor_cancellation");
    CHECK(p[0].message == "entered the cancellation script: counted as a cancel request");
    CHECK(p[0].turn == 0);
    // So a cancel signalled now is the second request: the cancellation, at once.
    CHECK(s.signal("cancel") == SignalStatus::handled);
    CHECK(s.outcome() == Outcome::cancelled);
    CHECK(s.summary().offers.empty());
}

TEST_CASE("policies: honor_cancellation: a script's own route into the start script counts as a cancel request") {
    Library lib = base();
    Session s = lib.start("plan");
    CHECK(s.reply("Ann") == ReplyStatus::accepted);
    CHECK(s.reply("leave") == ReplyStatus::accepted);  // the script itself routes to cancel.ack
    CHECK(at(s) == "cancel.reason");
    CHECK(s.summary().cancel_requested);
    CHECK(has_policy(s, "honor_cancellation", "entered the cancellation script: counted as a cancel request"));
    CHECK(s.reply("service") == ReplyStatus::accepted);
    CHECK(at(s) == "cancel.discount");  // one retention offer is still allowed
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::retained);
}

TEST_CASE("policies: honor_cancellation: a retention offer accepted after the cancel request ends retained") {
    Library lib = base();
    Session s = lib.start("plan");
    CHECK(s.signal("cancel") == SignalStatus::handled);
    CHECK(s.reply("price") == ReplyStatus::accepted);
    REQUIRE(s.next().prompt.kind == Utterance::Kind::offer);
    CHECK(s.reply("yes") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::retained);
    Turn t = s.next();
    CHECK(t.prompt.node == "retained");
    CHECK(t.prompt.text == "The discount is on your account.");
    auto sum = s.summary();
    REQUIRE(sum.offers.size() == 1);
    CHECK(sum.offers[0].accepted == true);
    CHECK(sum.cancel_requested);
    CHECK(sum.outcome == Outcome::retained);
    // The acceptance is the script's own course: no intervention beyond the first.
    CHECK(policy_trace(s).size() == 1);
}

namespace {
// A pushy cancellation script: two retention offers in a row, and a declined one leads to another
// question rather than to the cancellation.
const char* pushy_cancel_yaml = R"(
script: cancel
version: 1
slots:
  offer.discount:
    type: boolean
  offer.free_month:
    type: boolean
  cancel.reason:
    type: choice
    choices: [price, service, other]
start: ack
nodes:
  ack:
    say: I can cancel your service on this call.
    next: discount
  discount:
    offer: I can take 25% off your bill for a year. Would you like that?
    kind: retention
    slot: offer.discount
    next: free_month
  free_month:
    offer: And a free month on top?
    kind: retention
    slot: offer.free_month
    next:
      - if: offer.free_month
        goto: retained
      - goto: reason
  reason:
    ask: Why do you want to leave us?
    slot: cancel.reason
    next: confirm
  confirm:
    say: That's done, your service is cancelled.
    next: done
  retained:
    end: retained
  done:
    end: cancelled
)";
}

TEST_CASE("policies: honor_cancellation: two retention offers in a row: one is presented, the second is skipped") {
    Files files = base_files();
    files[2].second = pushy_cancel_yaml;
    Library lib = load(files);

    SUBCASE("the first accepted: the script goes on to the second, which is skipped for the cancellation") {
        Session s = lib.start("plan");
        CHECK(s.signal("cancel") == SignalStatus::handled);
        REQUIRE(at(s) == "cancel.discount");
        CHECK(s.reply("yes") == ReplyStatus::accepted);
        CHECK(s.ended());
        CHECK(s.outcome() == Outcome::cancelled);
        CHECK(s.next().prompt.node == "done");
        auto sum = s.summary();
        REQUIRE(sum.offers.size() == 1);
        CHECK(sum.offers[0].node == "discount");
        auto p = policy_trace(s);
        REQUIRE(p.size() == 2);
        CHECK(p[1].policy == "honor_cancellation");
        CHECK(p[1].message ==
              "skipped offer 'free_month': 1 retention offer already made after the cancel request; going to cancel.confirm");
        CHECK_FALSE(has_trace(s, TraceKind::offered, "free_month"));
        CHECK(has_trace(s, TraceKind::said, "said 'confirm'"));
        check_summary_matches_trace(s);
    }
    SUBCASE("the first declined: the cancellation at once, whatever the script says") {
        Session s = lib.start("plan");
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(s.reply("no") == ReplyStatus::accepted);
        CHECK(s.outcome() == Outcome::cancelled);
        CHECK(s.summary().offers.size() == 1);
        CHECK_FALSE(s.known("cancel.reason"));  // the script's next question was not asked
        CHECK(has_policy(s, "honor_cancellation",
                         "retention offer 'discount' declined after the cancel request: going to the cancellation, cancel.confirm"));
    }
}

TEST_CASE("policies: honor_cancellation: max_offers 2 lets a declined first offer lead to the second") {
    Files files = base_files(with_policies(R"(policies:
  honor_cancellation:
    max_offers: 2
    start: cancel
    then: cancel.confirm
  escalate_on_request:
    then: handoff.hello
)"));
    files[2].second = pushy_cancel_yaml;
    Library lib = load(files);
    Session s = lib.start("plan");
    CHECK(s.signal("cancel") == SignalStatus::handled);
    REQUIRE(at(s) == "cancel.discount");
    CHECK(s.reply("no") == ReplyStatus::accepted);
    CHECK(at(s) == "cancel.free_month");  // within the budget: the script's own next offer
    CHECK(s.reply("no") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::cancelled);  // budget used up and declined: the cancellation
    CHECK(s.summary().offers.size() == 2);
    CHECK_FALSE(s.known("cancel.reason"));
    CHECK(has_policy(s, "honor_cancellation",
                     "retention offer 'free_month' declined after the cancel request: going to the cancellation, cancel.confirm"));
}

TEST_CASE("policies: honor_cancellation: max_offers 0 presents no offer at all") {
    Library lib = base(with_policies(R"(policies:
  honor_cancellation:
    max_offers: 0
    start: cancel
    then: cancel.confirm
  escalate_on_request:
    then: handoff.hello
)"));

    SUBCASE("a cancel signal goes straight to the cancellation") {
        Session s = lib.start("plan");
        CHECK(s.reply("Ann") == ReplyStatus::accepted);
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(s.outcome() == Outcome::cancelled);
        CHECK(s.next().prompt.node == "done");
        CHECK(s.summary().offers.empty());
        auto p = policy_trace(s);
        REQUIRE(p.size() == 1);
        CHECK(p[0].policy == "honor_cancellation");
        CHECK(p[0].message == "max_offers is 0: going straight to the cancellation, cancel.confirm");
    }
    SUBCASE("a script that routes into the cancellation script: its offer is skipped") {
        Session s = lib.start("plan");
        CHECK(s.reply("Ann") == ReplyStatus::accepted);
        CHECK(s.reply("leave") == ReplyStatus::accepted);
        REQUIRE(at(s) == "cancel.reason");
        CHECK(s.reply("price") == ReplyStatus::accepted);
        CHECK(s.outcome() == Outcome::cancelled);
        CHECK(s.summary().offers.empty());
        CHECK(has_policy(s, "honor_cancellation",
                         "skipped offer 'discount': 0 retention offers already made after the cancel request; going to cancel.confirm"));
    }
}

TEST_CASE("policies: honor_cancellation: a library without a cancellation node ends cancelled with a plain confirmation") {
    SUBCASE("no policies.yaml, and a retention offer: the load warns") {
        auto r = Library::parse({{"plan.yaml", plan_yaml}, {"diag.yaml", diag_yaml}, {"cancel.yaml", cancel_yaml}});
        REQUIRE(r.has_value());
        REQUIRE(has_diagnostic(r.diagnostics(), "no-cancellation-node"));
        REQUIRE(has_diagnostic(r->warnings(), "no-cancellation-node"));
        for (const auto& d : r.diagnostics())
            if (d.rule == "no-cancellation-node") {
                CHECK(d.severity == parley::Severity::warning);
                CHECK(d.region.file == "cancel.yaml");
                CHECK(d.region.line > 0);
            }

        Session s = r->start("plan");
        CHECK(s.reply("Ann") == ReplyStatus::accepted);
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(s.ended());
        CHECK(s.outcome() == Outcome::cancelled);
        Turn t = s.next();
        CHECK(t.ended());
        CHECK(t.prompt.text == "As you asked, your service will be cancelled. You will receive a confirmation.");
        CHECK(t.prompt.outcome == Outcome::cancelled);
        auto p = policy_trace(s);
        REQUIRE(p.size() == 1);
        CHECK(p[0].policy == "honor_cancellation");
        CHECK(p[0].message == "no cancellation node is declared: ending cancelled with a plain confirmation");
        CHECK(s.summary().cancel_requested);
        check_summary_matches_trace(s);
    }
    SUBCASE("no retention offer anywhere: no warning, same behaviour") {
        auto r = Library::parse({{"diag.yaml", diag_yaml}});
        REQUIRE(r.has_value());
        CHECK(r.diagnostics().empty());
        CHECK(r->warnings().empty());
        Session s = r->start("diag");
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(s.outcome() == Outcome::cancelled);
        CHECK(s.next().prompt.text == "As you asked, your service will be cancelled. You will receive a confirmation.");
    }
    SUBCASE("a start script but no `then`: the second request ends it plainly") {
        auto r = Library::parse(base_files(with_policies("policies:\n  honor_cancellation:\n    start: cancel\n")));
        REQUIRE(r.has_value());
        CHECK(has_diagnostic(r.diagnostics(), "no-cancellation-node"));
        Session s = r->start("plan");
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(at(s) == "cancel.reason");
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(s.outcome() == Outcome::cancelled);
        CHECK(s.next().prompt.text == "As you asked, your service will be cancelled. You will receive a confirmation.");
        CHECK(s.summary().node == "reason");  // ended where the customer asked, not at the script's end node
    }
    SUBCASE("a cancellation node declared: no warning") {
        auto r = Library::parse(base_files());
        REQUIRE(r.has_value());
        CHECK_FALSE(has_diagnostic(r.diagnostics(), "no-cancellation-node"));
    }
}

TEST_CASE("policies: honor_cancellation: false leaves the course to the script, but the request is recorded") {
    Library lib = base(with_policies("policies:\n  honor_cancellation: false\n"));
    Session s = lib.start("plan");
    CHECK(s.reply("Ann") == ReplyStatus::accepted);
    CHECK(s.signal("cancel") == SignalStatus::handled);
    CHECK(at(s) == "plan.concern");
    CHECK(s.summary().cancel_requested);
    CHECK(policy_trace(s).empty());
}

// =============================================================================================
// no_upsell_after_cancel

namespace {
// A cancellation script that tries an upsell before its retention offer, and another after the
// cancellation node.
const char* upselling_cancel_yaml = R"(
script: cancel
version: 1
slots:
  offer.premium:
    type: boolean
  offer.discount:
    type: boolean
  offer.protect:
    type: boolean
  offer.winback:
    type: boolean
start: ack
nodes:
  ack:
    say: I can cancel your service on this call.
    next: premium
  premium:
    offer: Before you go, our premium plan has twice the speed. Interested?
    kind: upsell
    slot: offer.premium
    next:
      - if: offer.premium
        goto: upgraded
      - goto: discount
  discount:
    offer: I can take 25% off your bill for a year. Would you like that?
    kind: retention
    slot: offer.discount
    next:
      - if: offer.discount
        goto: retained
      - goto: confirm
  confirm:
    say: That's done, your service is cancelled.
    next: protect
  protect:
    offer: Would you like device protection for your phone?
    kind: upsell
    slot: offer.protect
    next:
      - if: offer.protect
        goto: done
      - goto: winback
  winback:
    offer: Last chance, half price for a year?
    kind: retention
    slot: offer.winback
    next:
      - if: offer.winback
        goto: retained
      - goto: done
  upgraded:
    end: resolved
  retained:
    end: retained
  done:
    end: cancelled
)";
}

TEST_CASE("policies: no_upsell_after_cancel: an upsell after a cancel request is skipped") {
    SUBCASE("before the cancellation: skipped, and the cancellation follows") {
        Files files = base_files();
        files[2].second = upselling_cancel_yaml;
        Library lib = load(files);
        Session s = lib.start("plan");
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(s.outcome() == Outcome::cancelled);
        CHECK(s.summary().offers.empty());
        CHECK_FALSE(has_trace(s, TraceKind::offered, "premium"));
        CHECK_FALSE(has_trace(s, TraceKind::offered, "protect"));
        CHECK(has_trace(s, TraceKind::policy,
                        "skipped upsell 'premium': the customer asked to cancel; going to the cancellation, cancel.confirm"));
        // After the cancellation node, the upsell is skipped and the script goes on to its end.
        CHECK(has_policy(s, "no_upsell_after_cancel", "skipped upsell 'protect': the customer asked to cancel"));
        // ... and so is a retention offer: once at the cancellation node, no more offers of any kind.
        CHECK(has_policy(s, "honor_cancellation", "skipped offer 'winback': the cancellation is under way"));
        CHECK_FALSE(has_trace(s, TraceKind::offered, "winback"));
        CHECK(s.next().prompt.node == "done");
        check_summary_matches_trace(s);
    }
    SUBCASE("inside the cancellation: skipped, and the script goes on") {
        // With honor_cancellation off, the engine does not steer to a cancellation; the upsell is still
        // skipped (no_upsell_after_cancel), and the script follows its own branches with no answer.
        Library lib = base(with_policies("policies:\n  honor_cancellation: false\n"));
        Session s = lib.start("plan");
        CHECK(s.reply("Ann") == ReplyStatus::accepted);
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(s.reply("speed") == ReplyStatus::accepted);
        CHECK(s.outcome() == Outcome::unresolved);
        CHECK(s.next().prompt.node == "kept");
        CHECK(s.summary().offers.empty());
        auto p = policy_trace(s);
        REQUIRE_FALSE(p.empty());
        CHECK(p[0].policy == "no_upsell_after_cancel");
        CHECK(p[0].message == "skipped upsell 'faster': the customer asked to cancel");
    }
    SUBCASE("no_upsell_after_cancel: false lets the upsell through") {
        Library lib = base(with_policies("policies:\n  honor_cancellation: false\n  no_upsell_after_cancel: false\n"));
        Session s = lib.start("plan");
        CHECK(s.reply("Ann") == ReplyStatus::accepted);
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(s.reply("speed") == ReplyStatus::accepted);
        CHECK(at(s) == "plan.faster");
        CHECK(s.next().prompt.offer_kind == OfferKind::upsell);
    }
    SUBCASE("an upsell before any cancel request is made as usual") {
        Library lib = base();
        Session s = lib.start("plan");
        CHECK(s.reply("Ann") == ReplyStatus::accepted);
        CHECK(s.reply("speed") == ReplyStatus::accepted);
        CHECK(at(s) == "plan.faster");
        CHECK(s.reply("yes") == ReplyStatus::accepted);
        CHECK(s.outcome() == Outcome::resolved);
        CHECK(policy_trace(s).empty());
    }
}

TEST_CASE("policies: no_upsell_after_cancel: the upsell-skipped entry names the policy that skipped it") {
    // Regression (fixed): the upsell is skipped by no_upsell_after_cancel, but when the cancellation is not yet under
    // way the trace entry is recorded under honor_cancellation (go_to_cancellation), so a host that
    // looks for no_upsell_after_cancel in the trace or summary never finds it.
    Files files = base_files();
    files[2].second = upselling_cancel_yaml;
    Library lib = load(files);
    Session s = lib.start("plan");
    CHECK(s.signal("cancel") == SignalStatus::handled);
    CHECK(has_policy(s, "no_upsell_after_cancel", "skipped upsell 'premium'"));
}

namespace {
// A cancellation whose retention offer is fixing the fault first; after the fix the script tries an upsell.
const char* fix_first_cancel_yaml = R"(
script: cancel
version: 1
slots:
  offer.fix_first:
    type: boolean
  offer.premium:
    type: boolean
start: ack
nodes:
  ack:
    say: I can cancel your service on this call.
    next: fix_first
  fix_first:
    offer: Before you go, shall we fix the fault together?
    kind: retention
    slot: offer.fix_first
    next:
      - if: offer.fix_first
        goto: fixed
      - goto: premium
  fixed:
    say: It works again.
    next: premium
  premium:
    offer: Our premium plan is twice as fast. Interested?
    kind: upsell
    slot: offer.premium
    next: thanks
  thanks:
    end: retained
  confirm:
    say: That's done, your service is cancelled.
    next: done
  done:
    end: cancelled
)";
}  // namespace

// The rule behind issue 12's first story: a customer who asked to cancel and then accepted a
// retention offer chose to stay. The upsell is still not made, but it no longer cancels them.
TEST_CASE("policies: no_upsell_after_cancel: after an accepted retention offer the upsell is skipped and the script goes on") {
    Files files = base_files();
    files[2].second = fix_first_cancel_yaml;
    Library lib = load(files);
    SUBCASE("the offer accepted: the customer stays") {
        Session s = lib.start("plan");
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(at(s) == "cancel.fix_first");
        CHECK(s.reply("yes") == ReplyStatus::accepted);
        CHECK(s.outcome() == Outcome::retained);
        CHECK_FALSE(has_trace(s, TraceKind::offered, "premium"));
        CHECK(has_policy(s, "no_upsell_after_cancel", "skipped upsell 'premium': the customer asked to cancel"));
        check_summary_matches_trace(s);
    }
    SUBCASE("the offer declined: the request stands, and the upsell leads to the cancellation") {
        // (max_offers 2, so that declining lets the script go on to the upsell rather than cancel at once)
        Files two = base_files(with_policies("policies:\n  honor_cancellation:\n    max_offers: 2\n    start: cancel\n"
                                             "    then: cancel.confirm\n  escalate_on_request:\n    then: handoff.hello\n"));
        two[2].second = fix_first_cancel_yaml;
        Session s = load(two).start("plan");
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(s.reply("no") == ReplyStatus::accepted);
        CHECK(s.outcome() == Outcome::cancelled);
        CHECK(has_trace(s, TraceKind::policy,
                        "skipped upsell 'premium': the customer asked to cancel; going to the cancellation, cancel.confirm"));
    }
}

// =============================================================================================
// escalate_on_request

TEST_CASE("policies: escalate_on_request: supervisor or agent from inside a called script abandons the call stack") {
    Library lib = base();
    for (const char* event : {"supervisor", "agent"}) {
        CAPTURE(event);
        Session s = lib.start("plan");
        CHECK(s.reply("Ann") == ReplyStatus::accepted);
        CHECK(s.reply("modem") == ReplyStatus::accepted);  // plan.check calls diag
        REQUIRE(at(s) == "diag.lights");
        CHECK(s.signal(event) == SignalStatus::handled);
        CHECK(s.ended());
        CHECK(s.outcome() == Outcome::escalated);
        Turn t = s.next();
        REQUIRE(t.messages.size() == 1);
        CHECK(t.messages[0].script == "handoff");
        CHECK(t.messages[0].node == "hello");
        CHECK(t.prompt.script == "handoff");
        CHECK(t.prompt.node == "bye");
        // The call is not returned to: the conversation never goes back to plan.
        CHECK_FALSE(has_trace(s, TraceKind::returned, ""));
        CHECK_FALSE(s.known("modem.lights"));
        auto p = policy_trace(s);
        REQUIRE(p.size() == 1);
        CHECK(p[0].policy == "escalate_on_request");
        CHECK(p[0].message == "the customer asked for a person at 'lights': escalating at once to handoff.hello");
        CHECK(p[0].turn == 3);
        auto sum = s.summary();
        CHECK(sum.script == "handoff");
        CHECK(sum.node == "bye");
        REQUIRE(sum.signals.size() == 1);
        CHECK(sum.signals[0] == event);
        CHECK_FALSE(sum.cancel_requested);
        check_summary_matches_trace(s);
    }
}

TEST_CASE("policies: escalate_on_request: with no escalation node the conversation ends escalated") {
    Library lib = base(with_policies(R"(policies:
  honor_cancellation:
    start: cancel
    then: cancel.confirm
)"));
    Session s = lib.start("plan");
    CHECK(s.reply("Ann") == ReplyStatus::accepted);
    CHECK(s.reply("modem") == ReplyStatus::accepted);
    REQUIRE(at(s) == "diag.lights");
    CHECK(s.signal("agent") == SignalStatus::handled);
    CHECK(s.outcome() == Outcome::escalated);
    Turn t = s.next();
    CHECK(t.ended());
    CHECK(t.prompt.outcome == Outcome::escalated);
    CHECK(t.prompt.text == "I'm passing you to a colleague who can help further; they will see everything you've told me.");
    auto p = policy_trace(s);
    REQUIRE(p.size() == 1);
    CHECK(p[0].policy == "escalate_on_request");
    CHECK(p[0].message == "the customer asked for a person at 'lights': escalating at once");
    CHECK(s.summary().node == "lights");
}

TEST_CASE("policies: escalate_on_request: false leaves the course to the script") {
    Library lib = base(with_policies("policies:\n  escalate_on_request: false\n"));
    Session s = lib.start("plan");
    CHECK(s.signal("supervisor") == SignalStatus::handled);
    CHECK(at(s) == "plan.name");
    CHECK(s.turn() == 1);
    CHECK(policy_trace(s).empty());
}

TEST_CASE("policies: precedence: cancel then supervisor: the escalation wins") {
    Library lib = base();
    Session s = lib.start("plan");
    CHECK(s.reply("Ann") == ReplyStatus::accepted);
    CHECK(s.signal("cancel") == SignalStatus::handled);
    CHECK(s.reply("price") == ReplyStatus::accepted);
    REQUIRE(at(s) == "cancel.discount");
    CHECK(s.signal("supervisor") == SignalStatus::handled);
    CHECK(s.outcome() == Outcome::escalated);
    auto sum = s.summary();
    CHECK(sum.outcome == Outcome::escalated);
    CHECK(sum.cancel_requested);  // the next agent knows the customer asked to cancel
    CHECK(sum.script == "handoff");
    CHECK(sum.node == "bye");
    REQUIRE(sum.offers.size() == 1);
    CHECK_FALSE(sum.offers[0].accepted.has_value());
    REQUIRE(sum.interventions.size() == 2);
    CHECK(sum.interventions[0].policy == "honor_cancellation");
    CHECK(sum.interventions[1].policy == "escalate_on_request");
    REQUIRE(sum.signals.size() == 2);
    CHECK(sum.signals[0] == "cancel");
    CHECK(sum.signals[1] == "supervisor");
}

namespace {
// An escalation script that asks something before the handoff, so that the customer can still
// change their mind while on the way to a person.
const char* asking_handoff_yaml = R"(
script: handoff
version: 1
slots:
  handoff.note:
    type: text
start: note
nodes:
  note:
    ask: In a few words, what should the supervisor know?
    slot: handoff.note
    next: bye
  bye:
    end: escalated
    promise: callback_24h
    say: A supervisor will take it from here.
)";
const char* asking_handoff_policies = R"(
version: 1
policies:
  honor_cancellation:
    start: cancel
    then: cancel.confirm
  escalate_on_request:
    then: handoff.note
  max_turns: 5
capabilities: [callback_24h]
)";
}  // namespace

TEST_CASE("policies: precedence: supervisor then cancel: the later request, the cancellation, wins") {
    Files files = base_files(asking_handoff_policies);
    files[3].second = asking_handoff_yaml;
    Library lib = load(files);
    Session s = lib.start("plan");
    CHECK(s.signal("supervisor") == SignalStatus::handled);
    REQUIRE(at(s) == "handoff.note");
    CHECK(s.signal("cancel") == SignalStatus::handled);
    CHECK(at(s) == "cancel.reason");
    CHECK(s.reply("price") == ReplyStatus::accepted);
    CHECK(s.reply("no") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::cancelled);
}

TEST_CASE("policies: precedence: supervisor, cancel, supervisor: the last request, the escalation, wins") {
    // Regression (fixed): the first escalation leaves the session flagged as escalating; a cancel request takes the
    // conversation away from the handoff, and the second supervisor request is then ignored because
    // the flag is still set. Expected: escalated at handoff; actual: the conversation stays in the
    // cancellation script (cancel.reason) and there is no second escalate_on_request entry.
    Files files = base_files(asking_handoff_policies);
    files[3].second = asking_handoff_yaml;
    Library lib = load(files);
    Session s = lib.start("plan");
    CHECK(s.signal("supervisor") == SignalStatus::handled);
    CHECK(s.signal("cancel") == SignalStatus::handled);
    REQUIRE(at(s) == "cancel.reason");
    CHECK(s.signal("supervisor") == SignalStatus::handled);
    CHECK(at(s) == "handoff.note");
    CHECK(s.reply("they would not let me cancel") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::escalated);
}

TEST_CASE("policies: precedence: cancel then supervisor, then max_turns: the escalation is not undone") {
    // Regression (fixed): when max_turns is reached after a cancel request the engine completes the cancellation,
    // even when the customer has since asked for a supervisor and the conversation is on its way to
    // a person (the later request). Expected: the handoff goes on and ends escalated; actual: the
    // budget pulls the conversation to cancel.confirm and it ends cancelled.
    Files files = base_files(asking_handoff_policies);  // max_turns: 5
    files[3].second = asking_handoff_yaml;
    Library lib = load(files);
    Session s = lib.start("plan");
    CHECK(s.reply("Ann") == ReplyStatus::accepted);           // 1
    CHECK(s.signal("cancel") == SignalStatus::handled);       // 2
    CHECK(s.signal("supervisor") == SignalStatus::handled);   // 3
    REQUIRE(at(s) == "handoff.note");
    CHECK(s.signal("repeat") == SignalStatus::handled);       // 4
    CHECK(s.signal("repeat") == SignalStatus::handled);       // 5: the budget is reached
    CHECK(at(s) == "handoff.note");
    CHECK_FALSE(s.ended());
    CHECK(s.reply("they would not let me cancel") == ReplyStatus::accepted);
    CHECK(s.outcome() == Outcome::escalated);
}

// =============================================================================================
// max_attempts

TEST_CASE("policies: max_attempts: the library default; no on_fail escalates through the escalation node") {
    Library lib = base(with_policies(R"(policies:
  escalate_on_request:
    then: handoff.hello
  max_attempts: 2
)"));
    Session s = lib.start("plan");
    CHECK(s.reply("Ann") == ReplyStatus::accepted);
    CHECK(s.reply("purple") == ReplyStatus::not_understood);
    CHECK(s.next().prompt.attempt == 2);
    CHECK(s.reply("mauve") == ReplyStatus::not_understood);
    CHECK(s.outcome() == Outcome::escalated);
    CHECK(s.next().prompt.node == "bye");
    CHECK(has_trace(s, TraceKind::gave_up, "gave up on 'concern' after unclear replies; no on_fail"));
    auto p = policy_trace(s);
    REQUIRE(p.size() == 1);
    CHECK(p[0].policy == "max_attempts");
    CHECK(p[0].message == "unclear replies at 'concern' and no on_fail: escalating");
}

TEST_CASE("policies: max_attempts: after a cancel request, unclear replies complete the cancellation") {
    // Regression (fixed): honoring a cancellation wins over everything else, and max_turns reached after a cancel
    // request completes the cancellation; but a question that runs out of attempts with no on_fail
    // escalates even after a cancel request. Input (shipped scripts): plan_review, signal cancel, reply
    // "price", then answer the retention offer "I just want to cancel" three times; expected outcome
    // cancelled at cancel_service.cancelled; actual escalated at escalation.callback (max_attempts).
    auto r = Library::load(PARLEY_SOURCE_DIR "/scripts");
    REQUIRE(r.has_value());
    Session s = r->start("plan_review");
    CHECK(s.signal("cancel") == SignalStatus::handled);
    CHECK(s.reply("price") == ReplyStatus::accepted);
    REQUIRE(at(s) == "cancel_service.discount");
    for (int i = 0; i < 3; ++i) CHECK(s.reply("I just want to cancel") == ReplyStatus::not_understood);
    CHECK(s.outcome() == Outcome::cancelled);
    CHECK(s.summary().node == "cancelled");
    // The trace says one thing: the cancellation, never "escalating" (issue 14, point 1).
    CHECK(has_trace(s, TraceKind::gave_up, "gave up on 'discount' after unclear replies; no on_fail"));
    CHECK(has_trace(s, TraceKind::policy, "unclear replies at 'discount' after a cancel request: going to the cancellation"));
    for (const auto& e : s.trace()) CHECK_MESSAGE(e.message.find("escalat") == std::string::npos, e.message);
}

// =============================================================================================
// no_repeat_instructions

TEST_CASE("policies: no_repeat_instructions is always on") {
    const char* script = R"(
script: t
version: 1
start: restart
nodes:
  restart:
    instruct: Please restart the modem.
    action: modem.restart
    next: fin
  fin:
    end: resolved
)";
    SUBCASE("false is a load error") {
        auto r = Library::parse({{"t.yaml", script}, {"policies.yaml", "version: 1\npolicies:\n  no_repeat_instructions: false\n"}});
        CHECK_FALSE(r.has_value());
        REQUIRE(has_diagnostic(r.diagnostics(), "wrong-type"));
        for (const auto& d : r.diagnostics())
            if (d.rule == "wrong-type") {
                CHECK(d.region.file == "policies.yaml");
                CHECK(d.region.line == 3);
                CHECK(d.message.find("no_repeat_instructions is always on") != std::string::npos);
            }
    }
    SUBCASE("true is accepted, and a done action's instruction is skipped with the policy named") {
        auto r = Library::parse({{"t.yaml", script}, {"policies.yaml", "version: 1\npolicies:\n  no_repeat_instructions: true\n"}});
        REQUIRE(r.has_value());
        Session s = r->start("t", {}, {"modem.restart"});
        CHECK(s.outcome() == Outcome::resolved);
        bool found = false;
        for (const auto& e : s.trace())
            if (e.kind == TraceKind::skipped && e.node == "restart") {
                found = true;
                CHECK(e.policy == "no_repeat_instructions");
            }
        CHECK(found);
    }
}

// =============================================================================================
// max_turns

TEST_CASE("policies: max_turns: reaching the budget escalates") {
    Library lib = base(with_policies(R"(policies:
  honor_cancellation:
    start: cancel
    then: cancel.confirm
  escalate_on_request:
    then: handoff.hello
  max_turns: 3
)"));
    Session s = lib.start("plan");
    CHECK(s.reply("Ann") == ReplyStatus::accepted);              // 1
    for (int i = 0; i < 3; ++i) CHECK(s.signal("repeat") == SignalStatus::handled);  // not turns
    CHECK(s.signal("repeat") == SignalStatus::handled);          // 2: the fourth repeat at one prompt counts
    CHECK_FALSE(s.ended());
    CHECK(s.reply("purple") == ReplyStatus::not_understood);     // 3: unclear replies count
    CHECK(s.ended());
    CHECK(s.outcome() == Outcome::escalated);
    CHECK(s.next().prompt.node == "bye");
    auto p = policy_trace(s);
    REQUIRE(p.size() == 1);
    CHECK(p[0].policy == "max_turns");
    CHECK(p[0].message == "max_turns (3) reached at 'concern': escalating");
    CHECK(p[0].turn == 3);
    CHECK(s.summary().turns == 3);
    check_summary_matches_trace(s);
}

TEST_CASE("policies: max_turns: reached during a cancellation, the cancellation completes") {
    Library lib = base(with_policies(R"(policies:
  honor_cancellation:
    start: cancel
    then: cancel.confirm
  escalate_on_request:
    then: handoff.hello
  max_turns: 3
)"));
    Session s = lib.start("plan");
    CHECK(s.signal("cancel") == SignalStatus::handled);          // 1
    CHECK(s.reply("price") == ReplyStatus::accepted);            // 2
    REQUIRE(at(s) == "cancel.discount");
    CHECK(s.reply("hmm") == ReplyStatus::not_understood);        // 3
    CHECK(s.ended());
    CHECK(s.outcome() == Outcome::cancelled);
    CHECK(s.next().prompt.node == "done");
    auto p = policy_trace(s);
    REQUIRE(p.size() == 2);
    CHECK(p[1].message == "max_turns (3) reached during a cancel request: completing the cancellation, cancel.confirm");
    for (const auto& e : p) CHECK(e.message.find("escalating") == std::string::npos);
    CHECK(s.summary().outcome == Outcome::cancelled);
}

TEST_CASE("policies: max_turns: not reached, nothing happens") {
    Library lib = base(with_policies("policies:\n  max_turns: 3\n"));
    Session s = lib.start("plan");
    CHECK(s.reply("Ann") == ReplyStatus::accepted);
    CHECK(s.reply("speed") == ReplyStatus::accepted);
    CHECK(at(s) == "plan.faster");
    CHECK(s.turn() == 2);
    CHECK(policy_trace(s).empty());
}

// =============================================================================================
// repeat_contact

TEST_CASE("policies: repeat_contact: at the threshold the conversation escalates at the start") {
    Library lib = base(with_policies(R"(policies:
  escalate_on_request:
    then: handoff.hello
  repeat_contact:
    slot: contact.count
    at_least: 3
)"));
    SUBCASE("at the threshold") {
        Session s = lib.start("plan", {{"contact.count", 3}});
        CHECK(s.ended());
        CHECK(s.outcome() == Outcome::escalated);
        CHECK(s.turn() == 0);
        Turn t = s.next();
        REQUIRE(t.messages.size() == 1);
        CHECK(t.messages[0].node == "hello");
        CHECK(t.prompt.node == "bye");
        auto p = policy_trace(s);
        REQUIRE(p.size() == 1);
        CHECK(p[0].policy == "repeat_contact");
        CHECK(p[0].message == "repeat contact (contact.count at least 3): escalating with the summary instead of the script");
        CHECK(p[0].turn == 0);
        CHECK_FALSE(has_trace(s, TraceKind::asked, ""));
        check_summary_matches_trace(s);
    }
    SUBCASE("above the threshold") {
        Session s = lib.start("plan", {{"contact.count", 7}});
        CHECK(s.outcome() == Outcome::escalated);
    }
    SUBCASE("under the threshold: the script as usual") {
        Session s = lib.start("plan", {{"contact.count", 2}});
        CHECK_FALSE(s.ended());
        CHECK(at(s) == "plan.name");
        CHECK(policy_trace(s).empty());
    }
    SUBCASE("not known: the script as usual") {
        Session s = lib.start("plan");
        CHECK(at(s) == "plan.name");
    }
}

TEST_CASE("policies: repeat_contact: false is accepted and leaves it off") {
    // Regression (fixed): every other policy that is off or on takes `NAME: false`, but `repeat_contact: false` is
    // rejected with "repeat_contact needs 'slot' (a number slot) and 'at_least'" [missing-key].
    // Input: policies.yaml "policies:\n  repeat_contact: false"; expected: the library loads and a
    // session with contact.count = 5 starts at plan.name; actual: the library does not load.
    auto r = Library::parse(base_files(with_policies("policies:\n  repeat_contact: false\n")));
    for (const auto& d : r.diagnostics()) MESSAGE(parley::format(d));
    REQUIRE(r.has_value());
    Session s = r->start("plan", {{"contact.count", 5}});
    CHECK(at(s) == "plan.name");
}

TEST_CASE("policies: repeat_contact needs a number slot") {
    auto r = Library::parse(base_files(with_policies(R"(policies:
  repeat_contact:
    slot: customer.name
    at_least: 3
)")));
    CHECK_FALSE(r.has_value());
    CHECK(has_diagnostic(r.diagnostics(), "wrong-type"));
    auto r2 = Library::parse(base_files(with_policies("policies:\n  repeat_contact:\n    at_least: 3\n")));
    CHECK_FALSE(r2.has_value());
    CHECK(has_diagnostic(r2.diagnostics(), "missing-key"));
}

// =============================================================================================
// closing_courtesy

namespace {
const char* closings_yaml = R"(
script: closings
version: 1
slots:
  how:
    type: choice
    choices: [resolved, unresolved, escalated, cancelled, transferred, retained, several]
start: how
nodes:
  how:
    ask: How does it end?
    slot: how
    next:
      - if: how == "resolved"
        goto: fixed
      - if: how == "unresolved"
        goto: unfixed
      - if: how == "escalated"
        goto: escalated
      - if: how == "cancelled"
        goto: cancelled
      - if: how == "transferred"
        goto: transferred
      - if: how == "retained"
        goto: retained
      - goto: several
  fixed:
    end: resolved
    say: You're back online. Have a good day!
  unfixed:
    end: unresolved
    say: I couldn't fix it today. Have a good day!
  escalated:
    end: escalated
    say: A technician will call you. Have a nice day.
  cancelled:
    end: cancelled
    say: Your service is cancelled. Enjoy the rest of your day!
  transferred:
    end: transferred
    say: Have a great day! Billing will take it from here.
  retained:
    end: retained
    say: The discount is on your account. Have a good day!
  several:
    end: unresolved
    say: I couldn't fix it today. Have a good day! We will call you tomorrow.
)";

std::string closing_of(const Library& lib, const std::string& how) {
    Session s = lib.start("closings");
    REQUIRE(s.reply(how) == ReplyStatus::accepted);
    REQUIRE(s.ended());
    return s.next().prompt.text;
}
}  // namespace

TEST_CASE("policies: closing_courtesy: no pleasantry when the problem is not solved") {
    auto r = Library::parse({{"closings.yaml", closings_yaml}});
    REQUIRE(r.has_value());
    Library lib = *r;
    CHECK(closing_of(lib, "resolved") == "You're back online. Have a good day!");
    CHECK(closing_of(lib, "retained") == "The discount is on your account. Have a good day!");
    CHECK(closing_of(lib, "unresolved") == "I couldn't fix it today.");
    CHECK(closing_of(lib, "escalated") == "A technician will call you.");
    CHECK(closing_of(lib, "cancelled") == "Your service is cancelled.");
    CHECK(closing_of(lib, "transferred") == "Billing will take it from here.");

    Session s = lib.start("closings");
    CHECK(s.reply("unresolved") == ReplyStatus::accepted);
    auto p = policy_trace(s);
    REQUIRE(p.size() == 1);
    CHECK(p[0].policy == "closing_courtesy");
    CHECK(p[0].message == "dropped \"have a good day\" from the closing of 'unfixed': the outcome is unresolved");
    CHECK(p[0].turn == 1);
    check_summary_matches_trace(s);

    Session fixed = lib.start("closings");
    CHECK(fixed.reply("resolved") == ReplyStatus::accepted);
    CHECK(policy_trace(fixed).empty());  // nothing was dropped, nothing to report
}

TEST_CASE("policies: closing_courtesy: the sentences around the pleasantry keep their spacing") {
    // Regression (fixed): drop_sentence cuts from the space after the previous sentence's full stop, so the
    // sentence that follows is glued to it. Input "I couldn't fix it today. Have a good day! We will
    // call you tomorrow." (end: unresolved); expected "I couldn't fix it today. We will call you
    // tomorrow."; actual "I couldn't fix it today.We will call you tomorrow."
    auto r = Library::parse({{"closings.yaml", closings_yaml}});
    REQUIRE(r.has_value());
    CHECK(closing_of(*r, "several") == "I couldn't fix it today. We will call you tomorrow.");
}

TEST_CASE("policies: closing_courtesy: a pleasantry that names the customer is cut whole") {
    // Regression (fixed): the cut works on one literal segment of the text at a time, so a sentence interrupted by a
    // slot is cut only up to the slot. Input: end: unresolved, say "I couldn't fix it. Have a good day,
    // {customer.name}! Thanks." with customer.name = Ann; expected "I couldn't fix it. Thanks.";
    // actual "I couldn't fix it.Ann! Thanks."
    const char* yaml = R"(
script: t
version: 1
slots:
  customer.name:
    type: text
start: name
nodes:
  name:
    ask: May I have your name?
    slot: customer.name
    next: fin
  fin:
    end: unresolved
    say: I couldn't fix it. Have a good day, {customer.name}! Thanks.
)";
    auto r = Library::parse(yaml, "t.yaml");
    REQUIRE(r.has_value());
    Session s = r->start("t");
    CHECK(s.reply("Ann") == ReplyStatus::accepted);
    CHECK(s.next().prompt.text == "I couldn't fix it. Thanks.");
}

TEST_CASE("policies: closing_courtesy: every occurrence of a pleasantry is cut") {
    // Regression (fixed): drop_sentence removes only the first occurrence of each phrase. Input: end: unresolved,
    // say "Have a good day! Sorry. Have a good day!"; expected "Sorry."; actual "Sorry. Have a good day!"
    const char* yaml = R"(
script: t
version: 1
start: fin
nodes:
  fin:
    end: unresolved
    say: Have a good day! Sorry. Have a good day!
)";
    auto r = Library::parse(yaml, "t.yaml");
    REQUIRE(r.has_value());
    Session s = r->start("t");
    CHECK(s.next().prompt.text == "Sorry.");
}

TEST_CASE("policies: closing_courtesy: the escalation node's closing loses its pleasantry too") {
    std::string handoff = handoff_yaml;
    handoff.replace(handoff.find("within 24 hours."), 16, "within 24 hours. Have a good day!");
    Files files = base_files();
    files[3].second = handoff;
    Library lib = load(files);
    Session s = lib.start("plan");
    CHECK(s.signal("supervisor") == SignalStatus::handled);
    CHECK(s.outcome() == Outcome::escalated);
    CHECK(s.next().prompt.text == "If we get cut off, a supervisor will call you back within 24 hours.");
    CHECK(has_policy(s, "closing_courtesy", "dropped \"have a good day\" from the closing of 'bye': the outcome is escalated"));
}

TEST_CASE("policies: closing_courtesy: custom phrases replace the default list") {
    std::string yaml = closings_yaml;
    yaml.replace(yaml.find("I couldn't fix it today. Have a good day!\n"), 42, "I couldn't fix it today. Talk soon!\n");
    auto r = Library::parse({{"closings.yaml", yaml},
                             {"policies.yaml", "version: 1\npolicies:\n  closing_courtesy:\n    phrases: [Talk soon, \"Cheerio\"]\n"}});
    for (const auto& d : r.diagnostics()) MESSAGE(parley::format(d));
    REQUIRE(r.has_value());
    Session s = r->start("closings");
    CHECK(s.reply("unresolved") == ReplyStatus::accepted);
    CHECK(s.next().prompt.text == "I couldn't fix it today.");
    CHECK(has_policy(s, "closing_courtesy", "dropped \"talk soon\" from the closing of 'unfixed': the outcome is unresolved"));
    // "Have a nice day" is not in the replaced list: it stays.
    CHECK(closing_of(*r, "escalated") == "A technician will call you. Have a nice day.");
}

TEST_CASE("policies: closing_courtesy: false keeps every closing as written") {
    auto r = Library::parse({{"closings.yaml", closings_yaml}, {"policies.yaml", "version: 1\npolicies:\n  closing_courtesy: false\n"}});
    for (const auto& d : r.diagnostics()) MESSAGE(parley::format(d));
    REQUIRE(r.has_value());
    CHECK(closing_of(*r, "unresolved") == "I couldn't fix it today. Have a good day!");
    CHECK(closing_of(*r, "cancelled") == "Your service is cancelled. Enjoy the rest of your day!");
    Session s = r->start("closings");
    CHECK(s.reply("escalated") == ReplyStatus::accepted);
    CHECK(s.next().prompt.text == "A technician will call you. Have a nice day.");
    CHECK(policy_trace(s).empty());
}

TEST_CASE("policies: closing_courtesy: a return end is not a closing") {
    const char* yaml = R"(
script: sub
version: 1
start: back
nodes:
  back:
    end: return
    say: Thanks. Have a good day!
)";
    auto r = Library::parse({{"sub.yaml", yaml}});
    REQUIRE(r.has_value());
    Session s = r->start("sub");  // started on its own, a return end ends the conversation
    CHECK(s.outcome() == Outcome::completed);
    CHECK(s.next().prompt.text == "Thanks. Have a good day!");
    CHECK(policy_trace(s).empty());
}

// =============================================================================================
// promises and capabilities

namespace {
const char* promising_yaml = R"(
script: promising
version: 1
start: bye
nodes:
  bye:
    end: escalated
    promise: callback_48h
    say: Someone will call you back within 48 hours.
)";
}

TEST_CASE("policies: promises: a node may only promise a declared capability") {
    SUBCASE("declared") {
        auto r = Library::parse({{"promising.yaml", promising_yaml},
                                 {"policies.yaml", "version: 1\ncapabilities: [callback_48h, refund_prorated]\n"}});
        for (const auto& d : r.diagnostics()) MESSAGE(parley::format(d));
        REQUIRE(r.has_value());
        CHECK(r.diagnostics().empty());
        Session s = r->start("promising");
        CHECK(s.outcome() == Outcome::escalated);
        CHECK(s.next().prompt.text == "Someone will call you back within 48 hours.");
    }
    SUBCASE("undeclared: a load error at the promise, with a suggestion") {
        auto r = Library::parse({{"promising.yaml", promising_yaml},
                                 {"policies.yaml", "version: 1\ncapabilities: [callback_24h]\n"}});
        CHECK_FALSE(r.has_value());
        REQUIRE(r.diagnostics().size() == 1);
        const auto& d = r.diagnostics()[0];
        CHECK(d.rule == "undeclared-promise");
        CHECK(d.severity == parley::Severity::error);
        CHECK(d.region.file == "promising.yaml");
        CHECK(d.region.line == 8);
        CHECK(d.region.column == 14);
        CHECK(d.message.find("'bye' promises 'callback_48h'") != std::string::npos);
        REQUIRE(d.notes.size() == 1);
        CHECK(d.notes[0].find("callback_24h") != std::string::npos);
        CHECK(parley::format(d).rfind("promising.yaml:8:14: error:", 0) == 0);
    }
    SUBCASE("no policies.yaml: nothing is declared, so any promise is an error") {
        auto r = Library::parse({{"promising.yaml", promising_yaml}});
        CHECK_FALSE(r.has_value());
        CHECK(has_diagnostic(r.diagnostics(), "undeclared-promise"));
    }
}

// =============================================================================================
// events: built in, declared, unknown

namespace {
const char* transfer_yaml = R"(
script: transfer
version: 1
start: out
nodes:
  out:
    end: transferred
    say: I'm transferring you to our billing team.
)";
}

TEST_CASE("policies: events: a declared event jumps to its node, from anywhere") {
    Files files = base_files(R"(
version: 1
policies:
  honor_cancellation:
    start: cancel
    then: cancel.confirm
events:
  billing_question: transfer.out
  wrong_name: plan.name
capabilities: [callback_24h]
)");
    files.emplace_back("transfer.yaml", transfer_yaml);
    Library lib = load(files);

    SUBCASE("from inside a called script: the call is abandoned") {
        Session s = lib.start("plan");
        CHECK(s.reply("Ann") == ReplyStatus::accepted);
        CHECK(s.reply("modem") == ReplyStatus::accepted);
        REQUIRE(at(s) == "diag.lights");
        CHECK(s.signal("billing_question") == SignalStatus::handled);
        CHECK(s.outcome() == Outcome::transferred);
        CHECK(s.next().prompt.node == "out");
        CHECK(s.turn() == 3);
        CHECK(has_trace(s, TraceKind::signalled, "the customer signalled 'billing_question' at 'lights'"));
        auto sum = s.summary();
        REQUIRE(sum.signals.size() == 1);
        CHECK(sum.signals[0] == "billing_question");
        CHECK(sum.script == "transfer");
    }
    SUBCASE("to a question: it is asked (the memory stays)") {
        Session s = lib.start("plan");
        CHECK(s.reply("Ann") == ReplyStatus::accepted);
        REQUIRE(at(s) == "plan.concern");
        CHECK(s.signal("wrong_name") == SignalStatus::handled);
        // The answer is already known, so the question is skipped, as everywhere else.
        CHECK(at(s) == "plan.concern");
        CHECK(has_trace(s, TraceKind::skipped, "skipped name: customer.name known since turn 1"));
    }
}

TEST_CASE("policies: events: a built-in event name cannot be redeclared") {
    auto r = Library::parse(base_files("version: 1\nevents:\n  cancel: plan.kept\ncapabilities: [callback_24h]\n"));
    CHECK_FALSE(r.has_value());
    CHECK(has_diagnostic(r.diagnostics(), "duplicate-id"));
}

TEST_CASE("policies: events: an unknown event changes nothing") {
    Library lib = base();
    Session s = lib.start("plan");
    CHECK(s.reply("Ann") == ReplyStatus::accepted);
    auto before = s.trace().size();
    CHECK(s.signal("foo") == SignalStatus::unknown_event);
    CHECK(s.signal("cancelled") == SignalStatus::unknown_event);  // case and white space aside, names are exact
    CHECK(s.signal("") == SignalStatus::unknown_event);
    CHECK(s.turn() == 1);
    CHECK(at(s) == "plan.concern");
    CHECK(s.trace().size() == before);
    CHECK(s.summary().signals.empty());
    CHECK_FALSE(s.summary().cancel_requested);
    CHECK(s.reply("speed") == ReplyStatus::accepted);  // the conversation goes on
    CHECK(at(s) == "plan.faster");
}

TEST_CASE("policies: events: a signal after the end is not taken") {
    Files files = base_files(R"(
version: 1
events:
  billing_question: plan.kept
capabilities: [callback_24h]
)");
    Library lib = load(files);
    Session s = lib.start("plan");
    CHECK(s.reply("Ann") == ReplyStatus::accepted);
    CHECK(s.reply("price") == ReplyStatus::accepted);
    REQUIRE(s.ended());
    auto before = s.summary();
    for (const char* e : {"cancel", "supervisor", "agent", "repeat", "billing_question"}) {
        CAPTURE(e);
        CHECK(s.signal(e) == SignalStatus::no_question);
    }
    CHECK(s.signal("foo") == SignalStatus::unknown_event);
    CHECK(s.turn() == before.turns);
    CHECK(s.outcome() == Outcome::unresolved);
    CHECK_FALSE(s.summary().cancel_requested);
    CHECK(s.summary().signals.empty());
}

TEST_CASE("policies: events: repeat changes nothing but the trace, and is not a turn") {
    Library lib = base();
    Session s = lib.start("plan");
    Turn before = s.next();
    REQUIRE(before.messages.size() == 1);  // "Thanks for calling."
    CHECK(s.signal("repeat") == SignalStatus::handled);
    CHECK(s.turn() == 0);
    Turn after = s.next();
    CHECK(after.prompt.node == before.prompt.node);
    CHECK(after.prompt.text == before.prompt.text);
    CHECK(after.prompt.attempt == 1);
    CHECK(has_trace(s, TraceKind::signalled, "the customer signalled 'repeat' at 'name'"));
    CHECK(policy_trace(s).empty());
    auto sum = s.summary();
    REQUIRE(sum.signals.size() == 1);
    CHECK(sum.signals[0] == "repeat");
    CHECK(sum.facts.empty());
    CHECK_FALSE(sum.cancel_requested);

    // After an unclear reply, the prompt keeps its attempt number and hint.
    CHECK(s.reply("Ann") == ReplyStatus::accepted);
    CHECK(s.reply("purple") == ReplyStatus::not_understood);
    Turn unclear = s.next();
    CHECK(s.signal("repeat") == SignalStatus::handled);
    Turn again = s.next();
    CHECK(again.prompt.attempt == 2);
    CHECK(again.prompt.hint == unclear.prompt.hint);
    CHECK(s.turn() == 2);
}

TEST_CASE("policies: events: repeat shows the same turn again, messages included") {
    // Regression (fixed): Stepper::signal clears the messages said since the last reply before it handles the event,
    // and "repeat" adds nothing back, so the turn shown again loses them. Input: start plan (greet says
    // "Thanks for calling." before asking 'name'), signal("repeat"); expected next().messages ==
    // ["Thanks for calling."] as before; actual: no messages.
    Library lib = base();
    Session s = lib.start("plan");
    Turn before = s.next();
    REQUIRE(before.messages.size() == 1);
    CHECK(s.signal("repeat") == SignalStatus::handled);
    Turn after = s.next();
    REQUIRE(after.messages.size() == 1);
    CHECK(after.messages[0].text == before.messages[0].text);
}

// =============================================================================================
// policies.yaml itself

TEST_CASE("policies: policies.yaml mistakes are load errors with their place") {
    const char* script = R"(
script: t
version: 1
start: fin
nodes:
  fin:
    end: resolved
)";
    struct Case {
        const char* policies;
        const char* rule;
        int line, column;
    };
    const Case cases[] = {
        {"version: 1\npolicies:\n  honour_cancellation:\n    max_offers: 1\n", "unknown-key", 3, 3},
        {"version: 1\npolicies:\n  honor_cancellation:\n    retries: 2\n", "unknown-key", 4, 5},
        {"version: 1\npolicies:\n  honor_cancellation:\n    then: fin\n", "bad-id", 4, 11},
        {"version: 1\npolicies:\n  honor_cancellation:\n    start: nope\n", "unknown-script", 4, 12},
        {"version: 1\npolicies:\n  honor_cancellation:\n    max_offers: -1\n", "wrong-type", 4, 17},
        {"version: 1\npolicies:\n  escalate_on_request:\n    then: t.nope\n", "unknown-node", 4, 11},
        {"version: 1\npolicies:\n  max_turns: 0\n", "wrong-type", 3, 14},
        {"version: 1\npolicies:\n  closing_courtesy: maybe\n", "wrong-type", 3, 21},
        {"version: 1\nevents:\n  billing: t\n", "bad-id", 3, 12},
        {"version: 2\n", "unsupported-version", 1, 10},
    };
    for (const Case& c : cases) {
        CAPTURE(c.policies);
        auto r = Library::parse({{"t.yaml", script}, {"policies.yaml", c.policies}});
        CHECK_FALSE(r.has_value());
        REQUIRE(r.diagnostics().size() == 1);
        const auto& d = r.diagnostics()[0];
        CHECK(d.rule == c.rule);
        CHECK(d.region.file == "policies.yaml");
        CHECK(d.region.line == c.line);
        CHECK(d.region.column == c.column);
    }
    auto typo = Library::parse({{"t.yaml", script}, {"policies.yaml", cases[0].policies}});
    REQUIRE(typo.diagnostics().size() == 1);
    REQUIRE(typo.diagnostics()[0].notes.size() == 1);
    CHECK(typo.diagnostics()[0].notes[0] == "did you mean 'honor_cancellation'?");
}

TEST_CASE("policies: the settings file is found by its name, wherever it is") {
    const char* script = R"(
script: t
version: 1
slots:
  q:
    type: boolean
start: q
nodes:
  q:
    ask: Ready?
    slot: q
    next: fin
  fin:
    end: resolved
)";
    auto r = Library::parse({{"t.yaml", script}, {"lib/sub/policies.yaml", "version: 1\npolicies:\n  max_turns: 1\n"}});
    REQUIRE(r.has_value());
    Session s = r->start("t");
    CHECK(s.reply("maybe") == ReplyStatus::not_understood);
    CHECK(s.outcome() == Outcome::escalated);
    CHECK(has_policy(s, "max_turns", "max_turns (1) reached at 'q': escalating"));

    auto two = Library::parse({{"t.yaml", script}, {"a/policies.yaml", "version: 1\n"}, {"b/policies.yaml", "version: 1\n"}});
    CHECK_FALSE(two.has_value());
    CHECK(has_diagnostic(two.diagnostics(), "duplicate-id"));

    // Any other name is a script: settings in a file with another name do not load as settings.
    auto misnamed = Library::parse({{"t.yaml", script}, {"policy.yaml", "version: 1\npolicies:\n  max_turns: 1\n"}});
    CHECK_FALSE(misnamed.has_value());
}

// =============================================================================================
// the shipped library

TEST_CASE("policies: the shipped library obeys its policies.yaml") {
    auto r = Library::load(PARLEY_SOURCE_DIR "/scripts");
    for (const auto& d : r.diagnostics()) MESSAGE(parley::format(d));
    REQUIRE(r.has_value());
    CHECK(r.diagnostics().empty());
    Library lib = *r;

    SUBCASE("internet_down, !cancel in the middle of a question: cancel_service") {
        Session s = lib.start("internet_down", {{"outage.known", false}});
        REQUIRE(at(s) == "internet_down.tried_already");
        CHECK(s.reply("modem.restart") == ReplyStatus::accepted);
        REQUIRE(at(s) == "internet_down.lights");
        CHECK(s.signal("cancel") == SignalStatus::handled);
        Turn t = s.next();
        REQUIRE(t.messages.size() == 1);
        CHECK(t.messages[0].script == "cancel_service");
        CHECK(t.messages[0].node == "acknowledge");
        CHECK(at(s) == "cancel_service.reason");
        CHECK(s.done("modem.restart"));
        CHECK(has_policy(s, "honor_cancellation", "cancel request at 'lights': going to cancel_service.acknowledge"));
        CHECK(s.reply("price") == ReplyStatus::accepted);
        CHECK(at(s) == "cancel_service.discount");
        CHECK(s.reply("no") == ReplyStatus::accepted);
        CHECK(s.outcome() == Outcome::cancelled);
        CHECK(s.next().prompt.node == "cancelled");
        CHECK(s.summary().offers.size() == 1);
    }
    SUBCASE("plan_review, !cancel, an answer, !cancel again: one offer, then the cancellation") {
        Session s = lib.start("plan_review");
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(s.reply("price") == ReplyStatus::accepted);
        REQUIRE(s.next().prompt.kind == Utterance::Kind::offer);
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(s.outcome() == Outcome::cancelled);
        CHECK(s.summary().offers.size() == 1);
    }
    SUBCASE("plan_review: the faster plan is not offered once the customer asked to cancel") {
        Session s = lib.start("plan_review");
        CHECK(s.signal("cancel") == SignalStatus::handled);
        CHECK(s.signal("cancel") == SignalStatus::handled);
        for (const auto& o : s.summary().offers) CHECK(o.kind != OfferKind::upsell);
        CHECK(s.outcome() == Outcome::cancelled);
    }
    SUBCASE("!supervisor: the escalation script's callback") {
        Session s = lib.start("internet_down", {{"outage.known", false}});
        CHECK(s.signal("supervisor") == SignalStatus::handled);
        CHECK(s.outcome() == Outcome::escalated);
        auto sum = s.summary();
        CHECK(sum.script == "escalation");
        CHECK(sum.node == "callback");
    }
    SUBCASE("the third contact goes straight to a person") {
        Session s = lib.start("internet_down", {{"contact.count", 3}});
        CHECK(s.outcome() == Outcome::escalated);
        CHECK(s.summary().node == "callback");
        CHECK(has_policy(s, "repeat_contact", "repeat contact (contact.count at least 3)"));
        Session second = lib.start("internet_down", {{"contact.count", 2}, {"outage.known", false}});
        CHECK_FALSE(second.ended());
    }
    SUBCASE("an outage is not wished a good day") {
        Session s = lib.start("internet_down", {{"outage.known", true}});
        CHECK(s.outcome() == Outcome::unresolved);
        CHECK(s.next().prompt.text.find("good day") == std::string::npos);
    }
}
