// parley::graph: what a picture of scripts shows (include/parley/graph.hpp). Read from the compiled
// program, so the picture has exactly the ways the engine takes: each `next` entry, on_fail, calls and
// their returns, and the routes the conduct policies add from any prompt.
#include "parley/graph.hpp"

#include <map>

#include "common/diagnostics.hpp"
#include "common/suggest.hpp"
#include "model/program.hpp"

namespace parley {

using namespace detail;

namespace {

class GraphBuilder {
public:
    explicit GraphBuilder(const Program& p) : p_(p) {}

    Graph build(Id only) {
        for (Id s = 0; s < p_.scripts.size(); ++s)
            if (only == no_id || s == only) add_script_nodes(s);
        for (Id s = 0; s < p_.scripts.size(); ++s)
            if (only == no_id || s == only) add_script_edges(s);
        add_policy_routes();
        return std::move(g_);
    }

private:
    void add_script_nodes(Id s) {
        const Script& script = p_.scripts[s];
        for (const Node& n : p_.nodes_of(s)) {
            Graph::Node out;
            out.script = script.name;
            out.node = n.name;
            out.kind = to_string(n.kind);
            out.text = text_of(n.text, script.locale);
            out.region = n.region;
            out.start = &n - p_.nodes.data() == static_cast<std::ptrdiff_t>(script.start);
            if (n.slot != no_id) out.slot = p_.slots[n.slot].name;
            if (n.kind == NodeKind::offer) out.detail = to_string(n.offer_kind);
            if (n.kind == NodeKind::end) out.detail = n.is_return ? "return" : to_string(n.outcome);
            if (n.kind == NodeKind::call) out.detail = p_.scripts[n.callee].name;
            if (n.kind == NodeKind::lookup) out.detail = n.lookup_key;
            index_[static_cast<Id>(&n - p_.nodes.data())] = g_.nodes.size();
            g_.nodes.push_back(std::move(out));
        }
    }

    void add_script_edges(Id s) {
        for (const Node& n : p_.nodes_of(s)) {
            std::size_t from = index_.at(static_cast<Id>(&n - p_.nodes.data()));
            bool conditional_before = false;
            for (std::size_t b = 0; b < n.next.size(); ++b) {
                const Branch& branch = n.next[b];
                std::string label = branch.condition != no_id ? p_.conditions[branch.condition].source
                                    : conditional_before     ? "otherwise"
                                                             : "";
                conditional_before = conditional_before || branch.condition != no_id;
                add_edge(from, node_at(branch.target), Graph::EdgeKind::next, std::move(label), static_cast<int>(b));
            }
            if (n.on_fail != no_id) {
                int attempts = n.max_attempts > 0 ? n.max_attempts : p_.default_max_attempts;
                add_edge(from, node_at(n.on_fail), Graph::EdgeKind::on_fail,
                         n.kind == NodeKind::instruct ? std::string("the customer couldn't")
                                                      : "after " + std::to_string(attempts) + " unclear replies");
            }
            if (n.on_unknown != no_id)
                add_edge(from, node_at(n.on_unknown), Graph::EdgeKind::on_fail, "the host could not tell");
            if (n.kind == NodeKind::call) add_call(from, n.callee);
        }
    }

    // A call into a script of the picture goes to its start and comes back from each of its returns;
    // a script outside it stands as one node.
    void add_call(std::size_t call, Id callee) {
        const Script& script = p_.scripts[callee];
        if (in_picture(script.start)) {
            add_edge(call, index_.at(script.start), Graph::EdgeKind::call, "call");
            for (const Node& n : p_.nodes_of(callee))
                if (n.kind == NodeKind::end && n.is_return)
                    add_edge(index_.at(static_cast<Id>(&n - p_.nodes.data())), call, Graph::EdgeKind::returns, "return");
            return;
        }
        std::size_t outside = outside_node("script", script.name, "", script.name);
        add_edge(call, outside, Graph::EdgeKind::call, "call");
        for (const Node& n : p_.nodes_of(callee))
            if (n.kind == NodeKind::end && n.is_return) {
                add_edge(outside, call, Graph::EdgeKind::returns, "return");
                break;
            }
    }

    // The routes the conduct policies take from any prompt (docs/policies.md).
    void add_policy_routes() {
        const Policies& pol = p_.policies;
        std::vector<std::pair<std::string, Id>> routes;
        if (pol.honor_cancellation) {
            if (pol.cancel_script != no_id) routes.push_back({"cancel request", p_.scripts[pol.cancel_script].start});
            if (pol.cancel_node != no_id)
                routes.push_back({pol.cancel_script != no_id ? "cancel request after the offers" : "cancel request", pol.cancel_node});
        }
        if (pol.escalate_on_request && pol.escalation_node != no_id)
            routes.push_back({"supervisor or agent", pol.escalation_node});
        for (const Policies::Event& e : pol.events)
            if (e.target != no_id) routes.push_back({"event " + e.name, e.target});
        if (routes.empty()) return;
        std::size_t any_prompt = outside_node("policy", "", "policy", "any prompt");
        for (auto& [label, target] : routes) add_edge(any_prompt, node_at(target), Graph::EdgeKind::policy, label);
    }

    bool in_picture(Id node) const { return index_.count(node) != 0; }

    // The graph node of program node `node`: itself, or the node standing for it outside the picture.
    std::size_t node_at(Id node) {
        if (in_picture(node)) return index_.at(node);
        const Node& n = p_.nodes[node];
        const std::string& script = p_.scripts[n.script].name;
        return outside_node("elsewhere", script, n.name, script + "." + n.name);
    }

    std::size_t outside_node(const char* kind, const std::string& script, const std::string& node, const std::string& text) {
        std::string key = std::string(kind) + ":" + script + "." + node;
        auto [it, added] = outside_.emplace(key, g_.nodes.size());
        if (added) {
            Graph::Node out;
            out.script = script;
            out.node = node;
            out.kind = kind;
            out.text = text;
            g_.nodes.push_back(std::move(out));
        }
        return it->second;
    }

    void add_edge(std::size_t from, std::size_t to, Graph::EdgeKind kind, std::string label, int branch = -1) {
        g_.edges.push_back({from, to, kind, std::move(label), branch});
    }

    // The text in `locale` (or its first translation), with each slot shown as {name}.
    std::string text_of(Id text, const std::string& locale) const {
        if (text == no_id || p_.texts[text].variants.empty()) return {};
        const Text& t = p_.texts[text];
        const Text::Variant* chosen = &t.variants.front();
        for (const Text::Variant& v : t.variants)
            if (v.locale == locale) chosen = &v;
        std::string out;
        for (const Text::Segment& seg : chosen->segments)
            out += seg.slot == no_id ? seg.literal : "{" + p_.slots[seg.slot].name + "}";
        return out;
    }

    const Program& p_;
    Graph g_;
    std::map<Id, std::size_t> index_;               // program node -> graph node, for the picture's scripts
    std::map<std::string, std::size_t> outside_;    // kind:script.node -> graph node, for what lies outside
};

}  // namespace

Graph graph(const Library& library, std::string_view script) {
    const Program& p = *library.program_;
    Id only = no_id;
    if (!script.empty()) {
        only = p.find_script(script);
        if (only == no_id)
            throw Error({make_diagnostic(Rule::unknown_script, {}, "no script '" + std::string(script) + "' in the library",
                                         did_you_mean(script, p.scripts, &Script::name))});
    }
    return GraphBuilder(p).build(only);
}

}  // namespace parley
