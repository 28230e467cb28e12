// parley::graph (include/parley/graph.hpp): the nodes and ways a picture of scripts shows, read from the
// compiled library: next entries with their conditions, on_fail, calls and returns, policy routes, and
// what lies outside a one-script picture.
#include <doctest/doctest.h>
#include <parley/parley.hpp>

#include <string>
#include <utility>
#include <vector>

namespace {

using Kind = parley::Graph::EdgeKind;

const char* main_script = R"(script: main
version: 1
slots:
  m.ok: {type: boolean}
start: q
nodes:
  q:
    ask: Is it {m.ok}?
    slot: m.ok
    max_attempts: 2
    on_fail: help
    next:
      - if: m.ok
        goto: done
      - goto: help
  help:
    call: helper
    next: done
  done:
    end: resolved
)";
const char* helper_script = R"(script: helper
version: 1
start: tip
nodes:
  tip:
    say: Try again later.
    next: back
  back:
    end: return
  person:
    end: escalated
)";
const char* policies = R"(version: 1
policies:
  escalate_on_request: {then: helper.person}
events:
  callback: main.done
)";

parley::Library library() {
    auto lib = parley::Library::parse({{"main.yaml", main_script}, {"helper.yaml", helper_script}, {"policies.yaml", policies}});
    REQUIRE(lib.has_value());
    return *lib;
}

std::size_t node(const parley::Graph& g, const std::string& script, const std::string& id) {
    for (std::size_t i = 0; i < g.nodes.size(); ++i)
        if (g.nodes[i].script == script && g.nodes[i].node == id) return i;
    FAIL("no node " << script << "." << id);
    return 0;
}

std::vector<const parley::Graph::Edge*> edges(const parley::Graph& g, std::size_t from, std::size_t to) {
    std::vector<const parley::Graph::Edge*> out;
    for (const auto& e : g.edges)
        if (e.from == from && e.to == to) out.push_back(&e);
    return out;
}

}  // namespace

TEST_CASE("graph: a library's nodes, with kind, text, detail and start") {
    parley::Graph g = graph(library());
    std::size_t q = node(g, "main", "q");
    CHECK(g.nodes[q].kind == "ask");
    CHECK(g.nodes[q].text == "Is it {m.ok}?");
    CHECK(g.nodes[q].slot == "m.ok");
    CHECK(g.nodes[q].start);
    CHECK(g.nodes[q].region.line == 7);
    CHECK(g.nodes[node(g, "main", "help")].detail == "helper");
    CHECK(g.nodes[node(g, "main", "done")].detail == "resolved");
    CHECK(g.nodes[node(g, "helper", "back")].detail == "return");
    CHECK_FALSE(g.nodes[node(g, "helper", "back")].start);
}

TEST_CASE("graph: next entries carry their condition and index; the default after conditions says otherwise") {
    parley::Graph g = graph(library());
    std::size_t q = node(g, "main", "q"), done = node(g, "main", "done"), help = node(g, "main", "help");
    auto to_done = edges(g, q, done);
    REQUIRE(to_done.size() == 1);
    CHECK(to_done[0]->kind == Kind::next);
    CHECK(to_done[0]->label == "m.ok");
    CHECK(to_done[0]->branch == 0);
    auto to_help = edges(g, q, help);
    REQUIRE(to_help.size() == 2);  // the default entry, and on_fail
    CHECK(to_help[0]->label == "otherwise");
    CHECK(to_help[0]->branch == 1);
    CHECK(to_help[1]->kind == Kind::on_fail);
    CHECK(to_help[1]->label == "after 2 unclear replies");
    CHECK(to_help[1]->branch == -1);
    auto single = edges(g, node(g, "helper", "tip"), node(g, "helper", "back"));
    REQUIRE(single.size() == 1);
    CHECK(single[0]->label.empty());  // a lone next has no condition to show
}

TEST_CASE("graph: a call goes to the called script's start and comes back from each of its returns") {
    parley::Graph g = graph(library());
    std::size_t help = node(g, "main", "help");
    auto call = edges(g, help, node(g, "helper", "tip"));
    REQUIRE(call.size() == 1);
    CHECK(call[0]->kind == Kind::call);
    auto back = edges(g, node(g, "helper", "back"), help);
    REQUIRE(back.size() == 1);
    CHECK(back[0]->kind == Kind::returns);
    CHECK(edges(g, node(g, "helper", "person"), help).empty());  // an end with an outcome does not return
}

TEST_CASE("graph: policy routes start at one 'any prompt' node: escalation and each event") {
    parley::Graph g = graph(library());
    std::size_t any = g.nodes.size();
    for (std::size_t i = 0; i < g.nodes.size(); ++i)
        if (g.nodes[i].kind == "policy") any = i;
    REQUIRE(any < g.nodes.size());
    CHECK(g.nodes[any].text == "any prompt");
    auto escalation = edges(g, any, node(g, "helper", "person"));
    REQUIRE(escalation.size() == 1);
    CHECK(escalation[0]->kind == Kind::policy);
    CHECK(escalation[0]->label == "supervisor or agent");
    auto event = edges(g, any, node(g, "main", "done"));
    REQUIRE(event.size() == 1);
    CHECK(event[0]->label == "event callback");
}

TEST_CASE("graph: one script's picture shows a called script as one node and other scripts' nodes as references") {
    parley::Graph g = graph(library(), "main");
    std::size_t script = g.nodes.size(), elsewhere = g.nodes.size();
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
        CHECK((g.nodes[i].script != "helper" || g.nodes[i].region.line == 0));  // nothing of helper is drawn in full
        if (g.nodes[i].kind == "script") script = i;
        if (g.nodes[i].kind == "elsewhere") elsewhere = i;
    }
    REQUIRE(script < g.nodes.size());
    CHECK(g.nodes[script].text == "helper");
    std::size_t help = node(g, "main", "help");
    REQUIRE(edges(g, help, script).size() == 1);
    CHECK(edges(g, help, script)[0]->kind == Kind::call);
    REQUIRE(edges(g, script, help).size() == 1);
    CHECK(edges(g, script, help)[0]->kind == Kind::returns);
    REQUIRE(elsewhere < g.nodes.size());
    CHECK(g.nodes[elsewhere].text == "helper.person");  // where escalation leads
}

TEST_CASE("graph: an unknown script is refused with a did-you-mean") {
    try {
        (void)graph(library(), "mian");
        FAIL("no error");
    } catch (const parley::Error& e) {
        REQUIRE(e.diagnostics().size() == 1);
        CHECK(e.diagnostics()[0].rule == "unknown-script");
        REQUIRE(e.diagnostics()[0].notes.size() == 1);
        CHECK(e.diagnostics()[0].notes[0].find("main") != std::string::npos);
    }
}
