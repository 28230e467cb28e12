// `parley graph`: a picture of scripts (parley::graph) as Graphviz DOT, Mermaid, SVG (through
// Graphviz's `dot`) or one self-contained HTML page; with `--coverage`, what `parley test` left
// untested is highlighted. Labels come from script authors: every writer escapes them.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <tuple>

#include <fmt/format.h>

#include "parley/parley.hpp"
#include "verbs.hpp"

namespace parley::cli {

namespace {

namespace fs = std::filesystem;

struct GraphCommand {
    std::string path, script, format = "dot", coverage, output;
};

// ---- coverage ---------------------------------------------------------------------------------

// What an lcov tracefile of `parley test --coverage-format lcov` says: the hits of each node (DA at
// the line of its id) and of each entry of its next list (BRDA lines after the node's DA).
struct Coverage {
    std::map<std::pair<std::string, int>, long> node_hits;                // (file, node line)
    std::map<std::tuple<std::string, int, int>, long> branch_hits;       // (file, node line, entry)
    bool has(const std::string& file) const {
        auto it = node_hits.lower_bound({file, 0});
        return it != node_hits.end() && it->first.first == file;
    }
};

std::string canonical(const std::string& file) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(file, ec), ec);
    return ec ? file : p.string();
}

bool read_lcov(const std::string& path, Coverage& out, std::string& problem) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        problem = "cannot read " + path;
        return false;
    }
    std::string file, line;
    int node_line = 0, number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        auto fields = [&](std::size_t from) {
            std::vector<std::string> parts;
            std::istringstream s(line.substr(from));
            for (std::string part; std::getline(s, part, ',');) parts.push_back(part);
            return parts;
        };
        auto bad = [&] {
            problem = fmt::format("{}:{}: not an lcov line parley wrote: {}", path, number, line);
            return false;
        };
        try {
            if (line.rfind("SF:", 0) == 0) {
                file = canonical(line.substr(3));
            } else if (line.rfind("DA:", 0) == 0) {
                auto f = fields(3);
                if (f.size() < 2 || file.empty()) return bad();
                node_line = std::stoi(f[0]);
                out.node_hits[{file, node_line}] = std::stol(f[1]);
            } else if (line.rfind("BRDA:", 0) == 0) {
                auto f = fields(5);
                if (f.size() != 4 || node_line == 0) return bad();
                out.branch_hits[{file, node_line, std::stoi(f[2])}] = f[3] == "-" ? 0 : std::stol(f[3]);
            } else if (line == "end_of_record") {
                file.clear();
                node_line = 0;
            }
        } catch (const std::exception&) {  // stoi/stol on a field that is not a number
            return bad();
        }
    }
    if (out.node_hits.empty()) {
        problem = path + " has no coverage of any node: write it with `parley test PATH --coverage-format lcov`";
        return false;
    }
    return true;
}

// Which nodes and edges of the picture no test reached or took; empty without --coverage.
struct Untested {
    std::vector<bool> nodes, edges;
    bool any() const { return !nodes.empty(); }
};

Untested untested_parts(const Graph& g, const Coverage& c) {
    Untested u;
    u.nodes.assign(g.nodes.size(), false);
    u.edges.assign(g.edges.size(), false);
    std::vector<std::string> files(g.nodes.size());
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
        const Graph::Node& n = g.nodes[i];
        if (n.region.file.empty()) continue;  // outside the picture: covered where it is drawn
        files[i] = canonical(n.region.file);
        auto hit = c.node_hits.find({files[i], n.region.line});
        u.nodes[i] = hit == c.node_hits.end() || hit->second == 0;
    }
    for (std::size_t e = 0; e < g.edges.size(); ++e) {
        const Graph::Edge& edge = g.edges[e];
        if (edge.kind != Graph::EdgeKind::next) continue;  // coverage counts the entries of next lists
        auto hit = c.branch_hits.find({files[edge.from], g.nodes[edge.from].region.line, edge.branch});
        u.edges[e] = hit == c.branch_hits.end() || hit->second == 0;
    }
    return u;
}

// ---- labels -----------------------------------------------------------------------------------

// `text` as valid UTF-8: each byte that does not start a well-formed sequence becomes U+FFFD, and
// control characters become spaces. Calls `emit(code point, bytes)` for each character.
template <class Emit>
void each_char(std::string_view text, Emit emit) {
    for (std::size_t i = 0; i < text.size();) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        char32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
        bool ok = len != 0 && i + len <= text.size();
        for (std::size_t k = 1; ok && k < len; ++k) {
            unsigned char cc = static_cast<unsigned char>(text[i + k]);
            ok = (cc & 0xC0) == 0x80;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 either.
        ok = ok && !(len == 2 && cp < 0x80) && !(len == 3 && cp < 0x800) && !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) &&
             !(cp >= 0xD800 && cp <= 0xDFFF);
        if (!ok) {
            emit(char32_t{0xFFFD}, std::string_view("\xEF\xBF\xBD"));
            ++i;
            continue;
        }
        if (cp < 0x20 || cp == 0x7F) emit(char32_t{' '}, std::string_view(" "));
        else emit(cp, text.substr(i, len));
        i += len;
    }
}

// The lines of a label: `text` cut to about `width` characters a line, and `max_chars` in all.
std::vector<std::string> wrap(std::string_view text, std::size_t width = 34, std::size_t max_chars = 110) {
    std::vector<std::string> lines;
    std::string line, word;
    std::size_t chars = 0, line_chars = 0, word_chars = 0;
    bool cut = false;
    auto flush_word = [&] {
        if (word.empty()) return;
        if (line_chars > 0 && line_chars + 1 + word_chars > width) {
            lines.push_back(line);
            line.clear();
            line_chars = 0;
        }
        if (line_chars > 0) {
            line += ' ';
            ++line_chars;
        }
        line += word;
        line_chars += word_chars;
        word.clear();
        word_chars = 0;
    };
    each_char(text, [&](char32_t cp, std::string_view bytes) {
        if (cut) return;
        if (++chars > max_chars) {
            cut = true;
            return;
        }
        if (cp == ' ') flush_word();
        else {
            word += bytes;
            ++word_chars;
        }
    });
    flush_word();
    if (cut) line += "\xE2\x80\xA6";  // …
    if (!line.empty()) lines.push_back(line);
    return lines;
}

std::vector<std::string> node_label(const Graph::Node& n, bool untested) {
    std::vector<std::string> lines;
    if (n.kind == "policy" || n.kind == "script" || n.kind == "elsewhere") {
        lines.push_back(n.kind == "script" ? "script " + n.text : n.text);
    } else {
        std::string head = n.node;
        if (n.kind == "end") head += " (end: " + n.detail + ")";
        else if (n.kind == "offer") head += " (" + n.detail + " offer)";
        else if (n.kind == "call") head += " (call " + n.detail + ")";
        else if (n.kind == "lookup") head += " (lookup " + n.detail + ")";
        else if (n.kind != "branch" && n.kind != "goto") head += " (" + n.kind + ")";
        lines.push_back(head);
        for (std::string& l : wrap(n.text)) lines.push_back(std::move(l));
        if (!n.slot.empty() && n.kind != "offer") lines.push_back("-> " + n.slot);
    }
    if (untested) lines.push_back("NOT TESTED");
    return lines;
}

std::vector<std::string> edge_label(const Graph::Edge& e, bool untested) {
    std::vector<std::string> lines = wrap(e.label, 30, 80);
    if (untested) lines.push_back(lines.empty() ? "not taken" : "(not taken)");
    return lines;
}

// ---- style ------------------------------------------------------------------------------------

struct Look {
    const char* dot_shape;
    const char* fill;  // #rrggbb
};

Look look_of(const Graph::Node& n) {
    if (n.kind == "ask") return {"box", "#dbeafe"};
    if (n.kind == "instruct") return {"parallelogram", "#e0e7ff"};
    if (n.kind == "say") return {"note", "#f3f4f6"};
    if (n.kind == "offer") return {"hexagon", n.detail == "upsell" ? "#fbcfe8" : "#fde68a"};
    if (n.kind == "call") return {"component", "#ede9fe"};
    if (n.kind == "lookup") return {"cylinder", "#ccfbf1"};
    if (n.kind == "goto") return {"circle", "#ffffff"};
    if (n.kind == "branch") return {"diamond", "#ffffff"};
    if (n.kind == "script") return {"box3d", "#ede9fe"};
    if (n.kind == "elsewhere") return {"box", "#ffffff"};
    if (n.kind == "policy") return {"octagon", "#fee2e2"};
    // end: coloured by outcome
    if (n.detail == "resolved" || n.detail == "completed") return {"doubleoctagon", "#bbf7d0"};
    if (n.detail == "retained") return {"doubleoctagon", "#fde68a"};
    if (n.detail == "cancelled") return {"doubleoctagon", "#d1d5db"};
    if (n.detail == "escalated" || n.detail == "transferred") return {"doubleoctagon", "#fed7aa"};
    if (n.detail == "unresolved") return {"doubleoctagon", "#fecaca"};
    return {"doubleoctagon", "#ffffff"};  // return
}

bool dashed(Graph::EdgeKind k) { return k == Graph::EdgeKind::policy; }
const char* untested_colour = "#dc2626";

// ---- DOT --------------------------------------------------------------------------------------

// A DOT double-quoted string: quotes and backslashes escaped, `&` as an entity (dot reads entities in
// labels), lines joined with \n.
std::string dot_quote(const std::vector<std::string>& lines) {
    std::string out = "\"";
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) out += "\\n";
        each_char(lines[i], [&](char32_t cp, std::string_view bytes) {
            if (cp == '"' || cp == '\\') out += '\\';
            if (cp == '&') out += "&amp;";
            else out += bytes;
        });
    }
    return out + "\"";
}
std::string dot_quote(const std::string& text) { return dot_quote(std::vector<std::string>{text}); }

std::string to_dot(const Graph& g, const Untested& u, const std::string& title) {
    std::string out = "digraph parley {\n";
    out += "  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=12, labelloc=t";
    if (!title.empty()) out += ", label=" + dot_quote(title);  // one script's cluster already names it
    out += "];\n";
    out += "  node [fontname=\"Helvetica\", fontsize=10, style=filled, color=\"#374151\"];\n";
    out += "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#374151\"];\n";
    // Each script of the picture is a cluster; what lies outside it is drawn beside.
    std::vector<std::string> scripts;
    for (const Graph::Node& n : g.nodes)
        if (!n.region.file.empty() && (scripts.empty() || scripts.back() != n.script)) scripts.push_back(n.script);
    auto node_line = [&](std::size_t i) {
        const Graph::Node& n = g.nodes[i];
        Look look = look_of(n);
        bool untested = u.any() && u.nodes[i];
        std::string attrs = fmt::format("shape={}, fillcolor=\"{}\", label={}", look.dot_shape, look.fill,
                                        dot_quote(node_label(n, untested)));
        if (n.kind == "elsewhere" || n.kind == "policy") attrs += ", style=\"filled,dashed\"";
        if (n.start) attrs += ", penwidth=2";
        if (untested) attrs += fmt::format(", color=\"{}\", fontcolor=\"{}\", penwidth=3", untested_colour, untested_colour);
        if (n.region.line > 0) attrs += ", tooltip=" + dot_quote(fmt::format("{}.{}, line {}", n.script, n.node, n.region.line));
        return fmt::format("n{} [{}];\n", i, attrs);
    };
    for (std::size_t s = 0; s < scripts.size(); ++s) {
        out += fmt::format("  subgraph cluster_{} {{\n    label={}; style=\"rounded\"; color=\"#9ca3af\";\n", s,
                           dot_quote("script " + scripts[s]));
        for (std::size_t i = 0; i < g.nodes.size(); ++i)
            if (!g.nodes[i].region.file.empty() && g.nodes[i].script == scripts[s]) out += "    " + node_line(i);
        out += "  }\n";
    }
    for (std::size_t i = 0; i < g.nodes.size(); ++i)
        if (g.nodes[i].region.file.empty()) out += "  " + node_line(i);
    for (std::size_t e = 0; e < g.edges.size(); ++e) {
        const Graph::Edge& edge = g.edges[e];
        bool untested = u.any() && u.edges[e];
        std::string attrs = "label=" + dot_quote(edge_label(edge, untested));
        if (dashed(edge.kind)) attrs += ", style=dashed, color=\"#b91c1c\", fontcolor=\"#b91c1c\"";
        if (edge.kind == Graph::EdgeKind::on_fail) attrs += ", style=dotted";
        if (edge.kind == Graph::EdgeKind::call || edge.kind == Graph::EdgeKind::returns)
            attrs += ", color=\"#6d28d9\", fontcolor=\"#6d28d9\"";
        if (untested) attrs += fmt::format(", color=\"{}\", fontcolor=\"{}\", penwidth=2.5", untested_colour, untested_colour);
        out += fmt::format("  n{} -> n{} [{}];\n", edge.from, edge.to, attrs);
    }
    return out + "}\n";
}

// ---- Mermaid ----------------------------------------------------------------------------------

// A Mermaid quoted label: every character but letters, digits, spaces and plain punctuation as an
// entity code (#35; for '#'), lines joined with <br>.
std::string mermaid_quote(const std::vector<std::string>& lines) {
    std::string out = "\"";
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) out += "<br>";
        each_char(lines[i], [&](char32_t cp, std::string_view bytes) {
            bool plain = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
                         std::string_view(" .,:;!?'-_+*/=$@%^~").find(static_cast<char>(cp)) != std::string_view::npos;
            if (plain && cp < 0x80) out += bytes;
            else out += "#" + std::to_string(static_cast<unsigned long>(cp)) + ";";
        });
    }
    return out + "\"";
}

std::string to_mermaid(const Graph& g, const Untested& u) {
    std::string out = "flowchart TD\n";
    std::map<std::string, std::string> classes;  // class name -> style
    auto node_line = [&](std::size_t i) {
        const Graph::Node& n = g.nodes[i];
        std::string label = mermaid_quote(node_label(n, u.any() && u.nodes[i]));
        std::string shape;
        if (n.kind == "ask") shape = "(" + label + ")";
        else if (n.kind == "instruct") shape = "[/" + label + "/]";
        else if (n.kind == "say") shape = ">" + label + "]";
        else if (n.kind == "offer") shape = "{{" + label + "}}";
        else if (n.kind == "call" || n.kind == "script") shape = "[[" + label + "]]";
        else if (n.kind == "lookup") shape = "[(" + label + ")]";
        else if (n.kind == "goto") shape = "((" + label + "))";
        else if (n.kind == "branch") shape = "{" + label + "}";
        else if (n.kind == "end") shape = "([" + label + "])";
        else shape = "[" + label + "]";
        return fmt::format("n{}{}\n", i, shape);
    };
    std::vector<std::string> scripts;
    for (const Graph::Node& n : g.nodes)
        if (!n.region.file.empty() && (scripts.empty() || scripts.back() != n.script)) scripts.push_back(n.script);
    for (std::size_t s = 0; s < scripts.size(); ++s) {
        out += fmt::format("  subgraph s{}[{}]\n", s, mermaid_quote({"script " + scripts[s]}));
        for (std::size_t i = 0; i < g.nodes.size(); ++i)
            if (!g.nodes[i].region.file.empty() && g.nodes[i].script == scripts[s]) out += "    " + node_line(i);
        out += "  end\n";
    }
    for (std::size_t i = 0; i < g.nodes.size(); ++i)
        if (g.nodes[i].region.file.empty()) out += "  " + node_line(i);
    std::vector<std::size_t> untested_links, policy_links;
    for (std::size_t e = 0; e < g.edges.size(); ++e) {
        const Graph::Edge& edge = g.edges[e];
        bool untested = u.any() && u.edges[e];
        std::vector<std::string> label = edge_label(edge, untested);
        const char* arrow = dashed(edge.kind) || edge.kind == Graph::EdgeKind::on_fail ? "-.->" : "-->";
        out += fmt::format("  n{} {}", edge.from, arrow);
        if (!label.empty()) out += "|" + mermaid_quote(label) + "|";
        out += fmt::format(" n{}\n", edge.to);
        if (untested) untested_links.push_back(e);
        else if (dashed(edge.kind)) policy_links.push_back(e);
    }
    // Colours: one class per look, and the untested ones on top.
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
        Look look = look_of(g.nodes[i]);
        std::string name = std::string("fill") + (look.fill + 1);
        classes[name] = fmt::format("fill:{},stroke:#374151", look.fill);
        out += fmt::format("  class n{} {}\n", i, name);
    }
    if (u.any()) {
        classes["untested"] = fmt::format("stroke:{},stroke-width:3px,color:{}", untested_colour, untested_colour);
        for (std::size_t i = 0; i < g.nodes.size(); ++i)
            if (u.nodes[i]) out += fmt::format("  class n{} untested\n", i);
    }
    for (const auto& [name, style] : classes) out += fmt::format("  classDef {} {}\n", name, style);
    for (std::size_t e : policy_links) out += fmt::format("  linkStyle {} stroke:#b91c1c\n", e);
    for (std::size_t e : untested_links) out += fmt::format("  linkStyle {} stroke:{},stroke-width:3px\n", e, untested_colour);
    return out;
}

// ---- SVG and HTML -----------------------------------------------------------------------------

// Graphviz's `dot` on PATH, or empty.
std::string find_dot() {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        std::string candidate = (dir.empty() ? "." : dir) + "/dot";
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return {};
}

// `dot -Tsvg` of `dot_text`; false (with why) when dot is missing or fails.
bool render_svg(const std::string& dot_text, std::string& svg, std::string& problem) {
    std::string dot = find_dot();
    if (dot.empty()) {
        problem = "--format svg and html need Graphviz's `dot` on PATH (Debian: apt-get install graphviz)";
        return false;
    }
    char name[] = "/tmp/parley-graph-XXXXXX";
    int fd = ::mkstemp(name);
    if (fd < 0) {
        problem = "cannot create a temporary file for dot";
        return false;
    }
    bool written = ::write(fd, dot_text.data(), dot_text.size()) == static_cast<ssize_t>(dot_text.size());
    ::close(fd);
    std::string command = "'" + dot + "' -Tsvg '" + name + "' 2>&1";  // neither path holds a quote: PATH's dirs
    FILE* pipe = written && dot.find('\'') == std::string::npos ? ::popen(command.c_str(), "r") : nullptr;
    if (pipe) {
        char buffer[4096];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) svg.append(buffer, n);
    }
    int status = pipe ? ::pclose(pipe) : -1;
    ::unlink(name);
    if (status != 0) {
        problem = "dot failed: " + svg;
        return false;
    }
    // What varies from one Graphviz build to the next, and nothing a reader sees.
    std::size_t generated = svg.find("<!-- Generated by graphviz");
    if (generated != std::string::npos) svg.erase(generated, svg.find("-->", generated) + 4 - generated);
    return true;
}

std::string html_escape(std::string_view text) {
    std::string out;
    each_char(text, [&](char32_t cp, std::string_view bytes) {
        if (cp == '<') out += "&lt;";
        else if (cp == '>') out += "&gt;";
        else if (cp == '&') out += "&amp;";
        else if (cp == '"') out += "&quot;";
        else out += bytes;
    });
    return out;
}

// One page that works offline: the SVG inline (without its XML prolog), the legend, no scripts.
std::string to_html(const std::string& svg, const std::string& title, bool coverage) {
    std::size_t start = svg.find("<svg");
    std::string body = start == std::string::npos ? svg : svg.substr(start);
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html_escape(title) +
                      "</title>\n<style>\nbody{font-family:Helvetica,Arial,sans-serif;margin:1.5em;color:#111827}\n"
                      ".legend span{display:inline-block;margin:0 .8em .4em 0;padding:.1em .5em;border:1px solid #374151;"
                      "border-radius:3px;font-size:.85em}\n.picture svg{max-width:100%;height:auto}\n</style>\n</head>\n<body>\n";
    out += "<h1>" + html_escape(title) + "</h1>\n<p class=\"legend\">";
    const std::pair<const char*, const char*> legend[] = {
        {"ask", "#dbeafe"},        {"instruct", "#e0e7ff"},  {"say", "#f3f4f6"},          {"retention offer", "#fde68a"},
        {"upsell offer", "#fbcfe8"}, {"call", "#ede9fe"},    {"lookup", "#ccfbf1"},       {"end: resolved", "#bbf7d0"},
        {"end: cancelled", "#d1d5db"}, {"end: escalated", "#fed7aa"}, {"end: unresolved", "#fecaca"}};
    for (const auto& [name, fill] : legend) out += fmt::format("<span style=\"background:{}\">{}</span>", fill, name);
    out += "<span style=\"border-style:dashed;color:#b91c1c\">policy route</span>";
    if (coverage) out += fmt::format("<span style=\"border:3px solid {0};color:{0}\">not tested</span>", untested_colour);
    out += "</p>\n<div class=\"picture\">\n" + body + "</div>\n</body>\n</html>\n";
    return out;
}

int graph_command(const GraphCommand& o) {
    auto lib = Library::load(o.path);
    for (const auto& d : lib.diagnostics()) std::cerr << format(d) << "\n";
    if (!lib) return findings;
    Graph g;
    try {
        g = graph(*lib, o.script);
    } catch (const Error& e) {
        for (const auto& d : e.diagnostics()) std::cerr << "parley: " << d.message << (d.notes.empty() ? "" : "; " + d.notes[0]) << "\n";
        return usage;
    }
    Untested untested;
    if (!o.coverage.empty()) {
        Coverage coverage;
        std::string problem;
        if (!read_lcov(o.coverage, coverage, problem)) {
            std::cerr << "parley: " << problem << "\n";
            return usage;
        }
        untested = untested_parts(g, coverage);
    }
    std::string title = o.script.empty() ? "parley scripts" : "script " + o.script;
    std::string text;
    if (o.format == "mermaid") {
        text = to_mermaid(g, untested);
    } else if (o.format == "dot") {
        text = to_dot(g, untested, o.script.empty() ? title : "");
    } else {
        std::string problem;
        if (!render_svg(to_dot(g, untested, o.script.empty() ? title : ""), text, problem)) {
            std::cerr << "parley: " << problem << "\n";
            return usage;
        }
        if (o.format == "html") text = to_html(text, title, untested.any());
    }
    if (o.output.empty()) {
        std::cout << text;
        return ok;
    }
    std::ofstream out(o.output, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
        std::cerr << "parley: cannot write " << o.output << "\n";
        return usage;
    }
    return ok;
}

}  // namespace

void add_graph(CLI::App& app) {
    auto opts = std::make_shared<GraphCommand>();
    CLI::App* cmd = app.add_subcommand("graph", "Draw scripts: nodes, branches, calls and policy routes (DOT, Mermaid, SVG, HTML)");
    cmd->add_option("path", opts->path, "a script file or a library directory")->required();
    cmd->add_option("--script", opts->script, "the script to draw (default: every script of the library)");
    cmd->add_option("--format", opts->format, "dot (default), mermaid, svg or html (svg and html need Graphviz's dot)")
        ->check(CLI::IsMember({"dot", "mermaid", "svg", "html"}));
    cmd->add_option("--coverage", opts->coverage, "an lcov file from `parley test --coverage-format lcov`: highlight what no test reached");
    cmd->add_option("-o,--output", opts->output, "write to FILE instead of standard output");
    cmd->callback([opts] { std::exit(graph_command(*opts)); });
}

}  // namespace parley::cli
