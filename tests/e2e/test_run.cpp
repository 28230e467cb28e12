#include <doctest/doctest.h>

#include "cli.hpp"

using namespace cli_test;

TEST_CASE("parley run --json walks the shipped retention script to a cancellation") {
    Output o = run("run " + scripts + " --script cancel_service --json", slurp(scripts + "/demo/cancel_customer.txt"));
    INFO(o.err);
    REQUIRE(o.exit_code == 0);
    auto lines = json_lines(o.out);
    REQUIRE(lines.size() >= 4);
    CHECK(lines[0]["type"] == "say");
    CHECK(lines[0]["script"] == "cancel_service");
    CHECK(lines[1]["type"] == "ask");
    CHECK(lines[1]["slot"] == "cancel.reason");
    CHECK(lines[1]["choices"] == nlohmann::json::array({"price", "service", "moving", "other"}));
    int offers = 0;
    for (const auto& l : lines) offers += l["type"] == "offer";
    CHECK(offers == 1);
    CHECK(lines.back()["type"] == "end");
    CHECK(lines.back()["outcome"] == "cancelled");
    CHECK(lines.back()["node"] == "cancelled");
}

TEST_CASE("parley run exits 3 when the replies end before the conversation") {
    Output o = run("run " + scripts + " --script cancel_service --json", "price\n");
    CHECK(o.exit_code == 3);
    auto lines = json_lines(o.out);
    REQUIRE(!lines.empty());
    CHECK(lines.back()["type"] == "offer");
    CHECK(o.err.find("ended before the conversation") != std::string::npos);
}

TEST_CASE("parley run exits 1 with file:line:col diagnostics for a script that does not load") {
    Output o = run("run " + std::string(PARLEY_TEST_DATA) + "/bad/unknown_node.yaml --script broken --json");
    CHECK(o.exit_code == 1);
    CHECK(o.out.empty());
    CHECK(o.err.find("unknown_node.yaml:9:11: error:") != std::string::npos);
    CHECK(o.err.find("[unknown-node]") != std::string::npos);
}

TEST_CASE("parley run skips what --set and --done pre-fill") {
    Output o = run("run " + scripts + " --script internet_down --json --set outage.known=no --set modem.lights=green "
                   "--done modem.restart --done cables.check --done power.check",
                   "yes\n");
    INFO(o.err);
    REQUIRE(o.exit_code == 0);
    auto lines = json_lines(o.out);
    for (const auto& l : lines) {
        CHECK(l["node"] != "outage");
        CHECK(l["node"] != "lights");
        CHECK(l["node"] != "tried_already");
        CHECK(l["type"] != "instruct");
    }
    CHECK(lines.back()["type"] == "end");
}

TEST_CASE("parley run --json: each prompt says what it expects, and the end line carries the history") {
    // The lights question, a cable check, "not working", a restart, then "working".
    Output o = run("run " + scripts + " --script internet_down --json", "no\nnone\norange\ndone\nno\ndone\nyes\n");
    INFO(o.err);
    REQUIRE(o.exit_code == 0);
    auto lines = json_lines(o.out);
    bool lights = false;
    for (const auto& l : lines) {
        if (l["node"] == "lights") {
            lights = true;
            const auto& expects = l["expects"];
            CHECK(expects["name"] == "modem.lights");
            CHECK(expects["type"] == "choice");
            CHECK(expects["choices"][1] == nlohmann::json({{"name", "orange"}, {"label", "Orange or amber"}}));
            CHECK(expects["choices"][2]["label"] == "No lights at all");
        }
        if (l["node"] == "check") CHECK(l["expects"]["type"] == "boolean");
        if (l["type"] == "instruct" || l["node"] == "tried_already") CHECK_FALSE(l.contains("expects"));
    }
    CHECK(lights);
    const auto& summary = lines.back()["summary"];
    // service.working: set false at the start, forgotten by the cable check, answered false, forgotten
    // by the restart, answered true.
    std::vector<std::string> working;
    for (const auto& a : summary["answers"])
        if (a["slot"] == "service.working") working.push_back(a["value"].dump() + " " + a["status"].get<std::string>());
    CHECK(working == std::vector<std::string>{"false forgotten", "false forgotten", "true current"});
    REQUIRE(summary["steps"].size() == 2);
    CHECK(summary["steps"][0]["action"] == "cables.check");
    CHECK(summary["steps"][0]["status"] == "done");
    CHECK(summary["steps"][1]["action"] == "modem.restart");
    CHECK(summary["steps_dropped"] == 0);
    CHECK(summary["answers_dropped"] == 0);
}

TEST_CASE("parley run --locale takes BCP 47 tags only, and says which texts fell back") {
    Output o = run("run " + scripts + " --script internet_down --locale es_MX", "");
    CHECK(o.exit_code == 2);
    CHECK(o.out.empty());
    CHECK(o.err.find("'es_MX' is not a locale tag") != std::string::npos);
    CHECK(o.err.find("[bad-locale]") != std::string::npos);
    CHECK(o.err.find("did you mean 'es-MX'?") != std::string::npos);
    CHECK(run("run " + scripts + " --script internet_down --locale 'klingon!!'", "").exit_code == 2);

    // The shipped library is written in English and Spanish: es-MX finds no text of its own, and es has
    // every one, so a Mexican customer hears Spanish throughout, with no fallback to say.
    // The customer answers in Spanish (the lookup's answer is the host's, written as a file writes it).
    const std::string spanish_replies = "no\nReinicio del módem\nnaranja\nlisto, los dos extremos están bien encajados\nno\nlisto\nsí\n";
    o = run("run " + scripts + " --script internet_down --locale ES-mx --json", spanish_replies);
    INFO(o.err);
    REQUIRE(o.exit_code == 0);
    int spanish = 0, fell_back = 0;
    for (const auto& l : json_lines(o.out)) {
        if (l.contains("fell_back_to")) ++fell_back;
        else if (l.contains("text") && !l["text"].get<std::string>().empty()) ++spanish;
    }
    CHECK(spanish > 0);
    CHECK(fell_back == 0);

    // French is in neither: every text falls back to the script's English, and each says so; French
    // has no words either, so the library default's (English) are heard.
    const std::string replies = slurp(scripts + "/demo/internet_customer.txt");
    o = run("run " + scripts + " --script internet_down --locale fr --json", replies);
    REQUIRE(o.exit_code == 0);
    int texts = 0;
    fell_back = 0;
    for (const auto& l : json_lines(o.out)) {
        if (!l.contains("text") || l["text"].get<std::string>().empty()) continue;
        ++texts;
        if (l.contains("fell_back_to")) {
            CHECK(l["fell_back_to"] == "en");
            ++fell_back;
        }
    }
    CHECK(texts > 0);
    CHECK(fell_back == texts);
}

TEST_CASE("parley run: !unknown answers a lookup without a customer turn; elsewhere it is refused") {
    Output o = run("run " + scripts + " --script account_status --json", "!unknown\nno\n");
    INFO(o.err);
    REQUIRE(o.exit_code == 0);
    auto lines = json_lines(o.out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0]["type"] == "lookup");
    CHECK(lines[1]["node"] == "notice");  // on_unknown
    CHECK(lines[2]["type"] == "end");
    CHECK(lines[2]["summary"]["turns"] == 1);  // only the customer's "no"
    CHECK(lines[2]["summary"]["facts"].count("account.suspended") == 0);

    Output refused = run("run " + scripts + " --script cancel_service --json", "!unknown\n");
    CHECK(refused.exit_code == 3);
    auto r = json_lines(refused.out);
    REQUIRE(r.size() >= 3);
    CHECK(r[2]["type"] == "error");
    CHECK(r[2]["text"] == "!unknown answers a host lookup; 'reason' is ask, not a lookup");
    CHECK(r.back()["node"] == "reason");  // the same prompt again

    Output text = run("run " + scripts + " --script internet_down", "!Unknown \n");
    CHECK(text.out.find("host lookup: outage.status -> outage.known (reply with the value, or !unknown)\ncustomer: !Unknown \n"
                        "agent: Before we start") != std::string::npos);
}

TEST_CASE("parley run: a customer who couldn't do an instruction; the summary lists the failed action") {
    // No lights, and no power at the socket: the power check's on_fail hands over to a technician.
    Output o = run("run " + scripts + " --script internet_down --set outage.known=no --json", "none\noff\nI can't, there's no power at the socket\n");
    INFO(o.err);
    REQUIRE(o.exit_code == 0);
    auto lines = json_lines(o.out);
    REQUIRE(!lines.empty());
    const auto& summary = lines.back()["summary"];
    CHECK(lines.back()["outcome"] == "escalated");
    CHECK(summary["actions_done"] == nlohmann::json::array());
    REQUIRE(summary["actions_failed"].size() == 1);
    CHECK(summary["actions_failed"][0] == nlohmann::json{{"action", "power.check"}, {"node", "power"}, {"script", "internet_down"}, {"turn", 3}});
}
