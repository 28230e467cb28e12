// The conduct policies through `parley run --json`, on the shipped scripts and their policies.yaml:
// a customer who wants to cancel gets one retention offer and then the cancellation; a customer
// who asks for a supervisor gets one at once.
#include <doctest/doctest.h>

#include "cli.hpp"

using namespace cli_test;

namespace {

int count_type(const std::vector<nlohmann::json>& lines, const std::string& type) {
    int n = 0;
    for (const auto& l : lines) n += l["type"] == type;
    return n;
}

bool has_policy(const nlohmann::json& summary, const std::string& policy, const std::string& text) {
    for (const auto& p : summary["policies"])
        if (p["policy"] == policy && p["message"].get<std::string>().find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("policies: parley run: a customer who asks to cancel twice gets one offer, then the cancellation") {
    // The customer calls about the bill, says at once they want to cancel, gives the price as the
    // reason, hears one retention offer, and repeats that they want to cancel.
    Output o = run("run " + scripts + " --script plan_review --json", "!cancel\nprice\n!cancel\n");
    INFO(o.out << o.err);
    REQUIRE(o.exit_code == 0);
    auto lines = json_lines(o.out);
    REQUIRE(lines.size() >= 5);

    CHECK(lines[0]["type"] == "ask");
    CHECK(lines[0]["script"] == "plan_review");
    CHECK(lines[0]["node"] == "concern");
    CHECK(lines[1]["type"] == "say");
    CHECK(lines[1]["script"] == "cancel_service");
    CHECK(lines[1]["node"] == "acknowledge");

    REQUIRE(count_type(lines, "offer") == 1);
    for (const auto& l : lines)
        if (l["type"] == "offer") {
            CHECK(l["offer_kind"] == "retention");
            CHECK(l["script"] == "cancel_service");
            CHECK(l["node"] == "discount");
        }
    CHECK(count_type(lines, "error") == 0);

    REQUIRE(count_type(lines, "end") == 1);
    const auto& end = lines.back();
    CHECK(end["type"] == "end");
    CHECK(end["outcome"] == "cancelled");
    CHECK(end["script"] == "cancel_service");
    CHECK(end["node"] == "cancelled");

    REQUIRE(end.contains("summary"));
    const auto& summary = end["summary"];
    CHECK(summary["outcome"] == "cancelled");
    CHECK(summary["cancel_requested"] == true);
    CHECK(summary["signals"] == nlohmann::json::array({"cancel", "cancel"}));
    CHECK(summary["signals_received"] == 2);
    CHECK(summary["policies_acted"] == summary["policies"].size());
    CHECK(summary["turns"] == 3);
    REQUIRE(summary["offers"].size() == 1);
    CHECK(summary["offers"][0]["kind"] == "retention");
    CHECK(summary["offers"][0]["accepted"].is_null());
    CHECK(has_policy(summary, "honor_cancellation", "cancel request at 'concern': going to cancel_service.acknowledge"));
    CHECK(has_policy(summary, "honor_cancellation",
                     "the customer asked again to cancel: going to the cancellation, cancel_service.confirm"));
    // The question the customer abandoned stays unanswered; the reason they gave is kept.
    CHECK_FALSE(summary["facts"].contains("bill.concern"));
    CHECK(summary["facts"]["cancel.reason"]["value"] == "price");
}

TEST_CASE("policies: parley run: a declined retention offer leads straight to the cancellation") {
    Output o = run("run " + scripts + " --script plan_review --json", "!cancel\nprice\nno\n");
    INFO(o.out << o.err);
    REQUIRE(o.exit_code == 0);
    auto lines = json_lines(o.out);
    REQUIRE(!lines.empty());
    CHECK(count_type(lines, "offer") == 1);
    CHECK(lines.back()["outcome"] == "cancelled");
    CHECK(lines.back()["summary"]["offers"][0]["accepted"] == false);
}

TEST_CASE("policies: parley run: !supervisor in the middle of a script escalates at once") {
    Output o = run("run " + scripts + " --script internet_down --set outage.known=no --json", "modem.restart\n!supervisor\n");
    INFO(o.out << o.err);
    REQUIRE(o.exit_code == 0);
    auto lines = json_lines(o.out);
    REQUIRE(lines.size() >= 3);
    const auto& end = lines.back();
    CHECK(end["type"] == "end");
    CHECK(end["outcome"] == "escalated");
    CHECK(end["script"] == "escalation");
    CHECK(end["node"] == "callback");
    CHECK(lines[lines.size() - 2]["type"] == "say");
    CHECK(lines[lines.size() - 2]["node"] == "handoff");
    const auto& summary = end["summary"];
    CHECK(summary["signals"] == nlohmann::json::array({"supervisor"}));
    CHECK(summary["cancel_requested"] == false);
    CHECK(summary["actions_done"] == nlohmann::json::array({"modem.restart"}));
    CHECK(has_policy(summary, "escalate_on_request", "the customer asked for a person at 'lights'"));
}

TEST_CASE("policies: parley run: !agent works like !supervisor") {
    Output o = run("run " + scripts + " --script plan_review --json", "!agent\n");
    INFO(o.out << o.err);
    REQUIRE(o.exit_code == 0);
    auto lines = json_lines(o.out);
    REQUIRE(!lines.empty());
    CHECK(lines.back()["outcome"] == "escalated");
    CHECK(lines.back()["node"] == "callback");
}

TEST_CASE("policies: parley run: an unknown event is reported as an error line and the conversation goes on") {
    Output o = run("run " + scripts + " --script plan_review --json", "!foo\nspeed\nyes\n");
    INFO(o.out << o.err);
    REQUIRE(o.exit_code == 0);
    auto lines = json_lines(o.out);
    REQUIRE(lines.size() >= 4);
    CHECK(lines[0]["node"] == "concern");
    REQUIRE(count_type(lines, "error") == 1);
    CHECK(lines[1]["type"] == "error");
    CHECK(lines[1]["node"] == "concern");
    CHECK(lines[1]["text"].get<std::string>().find("unknown event 'foo'") != std::string::npos);
    // The same question again, then the rest of the conversation.
    CHECK(lines[2]["type"] == "ask");
    CHECK(lines[2]["node"] == "concern");
    CHECK(lines[2]["attempt"] == 1);
    CHECK(lines.back()["type"] == "end");
    CHECK(lines.back()["outcome"] == "resolved");
    CHECK(lines.back()["summary"]["signals"].empty());
    CHECK(lines.back()["summary"]["turns"] == 2);  // an unknown event is not a turn
}

TEST_CASE("policies: parley run: the third contact about one problem goes straight to a person") {
    Output o = run("run " + scripts + " --script internet_down --set contact.count=3 --json", "");
    INFO(o.out << o.err);
    REQUIRE(o.exit_code == 0);
    auto lines = json_lines(o.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["node"] == "handoff");
    CHECK(lines[1]["outcome"] == "escalated");
    CHECK(lines[1]["summary"]["turns"] == 0);
    CHECK(has_policy(lines[1]["summary"], "repeat_contact", "contact.count at least 3"));
}
