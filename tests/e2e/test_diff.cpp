// parley diff OLD NEW: stranded positions, migrations and changed slots; exit 1 only when stranded.
#include <doctest/doctest.h>

#include "cli.hpp"

using namespace cli_test;

namespace {
const std::string data = std::string(PARLEY_TEST_DATA) + "/diff/";
}

TEST_CASE("parley diff: a renamed question strands sessions waiting at it") {
    Output o = run("diff " + data + "v1 " + data + "v2");
    CHECK(o.exit_code == 1);
    CHECK(o.out.find("v1/t.yaml:9:3: stranded: t.q2 (ask) no longer exists") != std::string::npos);
    CHECK(o.out.find("slot b: choices removed: red") != std::string::npos);
    CHECK(o.out.find("1 stranded, 0 migrated, 1 slots changed") != std::string::npos);
}

TEST_CASE("parley diff: migrate: covers it, and JSON says where it goes") {
    Output o = run("diff " + data + "v1 " + data + "v3 --format json");
    CHECK(o.exit_code == 0);
    auto j = nlohmann::json::parse(o.out);
    CHECK(j["strands"] == false);
    REQUIRE(j["positions"].size() == 1);
    CHECK(j["positions"][0]["node"] == "q2");
    CHECK(j["positions"][0]["migrated_to"] == "t.colour");
    CHECK(j["slots"][0]["slot"] == "b");
}

TEST_CASE("parley diff: the same library changes nothing; a library that does not load is a usage error") {
    Output same = run("diff " + data + "v1 " + data + "v1");
    CHECK(same.exit_code == 0);
    CHECK(same.out.find("0 stranded, 0 migrated, 0 slots changed") != std::string::npos);
    CHECK(run("diff " + data + "v1 " + data + "nowhere").exit_code == 2);
}
