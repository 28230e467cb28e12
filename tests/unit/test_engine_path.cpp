// Path recording (StartOptions::record_path) and node introspection, which coverage tools build on.
#include <doctest/doctest.h>

#include <parley/parley.hpp>

namespace {
const char* script = R"(script: p
version: 1
slots:
  ok: {type: boolean}
start: q
nodes:
  q:
    ask: Working?
    slot: ok
    next:
      - if: ok
        goto: yes_end
      - goto: no_end
  yes_end:
    end: resolved
  no_end:
    end: unresolved
)";
}

TEST_CASE("record_path: every node entered and the branch taken, in order") {
    auto lib = parley::Library::parse(script, "p.yaml").value();
    parley::Session s = lib.start("p", {}, {}, parley::StartOptions{"", true});
    CHECK(s.reply("no") == parley::ReplyStatus::accepted);
    auto path = s.path();
    REQUIRE(path.size() == 3);
    CHECK(path[0].node == "q");
    CHECK(path[0].branch == -1);
    CHECK(path[1].node == "q");
    CHECK(path[1].branch == 1);
    CHECK(path[2].node == "no_end");
    CHECK(path[2].branch == -1);

    parley::Session quiet = lib.start("p");
    CHECK(quiet.reply("yes") == parley::ReplyStatus::accepted);
    CHECK(quiet.path().empty());
}

TEST_CASE("Library::nodes lists every node with its branches' lines") {
    auto lib = parley::Library::parse(script, "p.yaml").value();
    auto nodes = lib.nodes();
    REQUIRE(nodes.size() == 3);
    CHECK(nodes[0].node == "q");
    CHECK(nodes[0].kind == "ask");
    CHECK(nodes[0].region.line == 7);
    REQUIRE(nodes[0].branches.size() == 2);
    CHECK(nodes[0].branches[0].line == 11);
    CHECK(nodes[0].branches[1].line == 13);
    CHECK(nodes[2].kind == "end");
}
