// `parley schema [--kind script|policies|test]`: a JSON Schema of a script, of policies.yaml or of a
// test file (*.test.yaml), derived from the loader's key table, for editors that check YAML as it is
// typed (`# yaml-language-server: $schema=parley.schema.json`; docs/format.md, section 1).
#include <iostream>

#include <nlohmann/json.hpp>

#include "parley/format.hpp"
#include "verbs.hpp"
#include "writers.hpp"

namespace parley::cli {

namespace {

using nlohmann::json;

// A YAML scalar as it reaches the schema: `no` and `3` are read as a boolean and a number.
json scalar() { return {{"type", json::array({"string", "number", "boolean"})}}; }

json object_for(std::string_view place, const std::vector<FormatKey>& keys);

json schema_for(const FormatKey& k, const std::vector<FormatKey>& keys) {
    json s;
    if (k.shape == "word" || k.shape == "string") s = scalar();
    else if (k.shape == "integer") s = {{"type", "integer"}};
    else if (k.shape == "number") s = {{"type", "number"}};
    else if (k.shape == "boolean") s = {{"type", "boolean"}};
    else if (k.shape == "text") s = {{"$ref", "#/definitions/text"}};
    else if (k.shape == "list") s = {{"oneOf", json::array({scalar(), {{"type", "array"}, {"items", scalar()}}})}};
    else if (k.shape == "next") s = {{"$ref", "#/definitions/next"}};
    else if (k.shape == "list of maps") s = {{"type", "array"}, {"items", object_for(k.holds, keys)}};
    else if (!k.holds.empty()) s = object_for(k.holds, keys);
    else if (!k.values.empty())  // a map keyed by the allowed words, e.g. a test's {retention: 1}
        s = {{"type", "object"},
             {"propertyNames", {{"enum", k.values}}},
             {"additionalProperties", {{"type", "integer"}, {"minimum", 0}}}};
    else  // names (slots, events, old node ids) to a value; `~` where a value may be unknown
        s = {{"type", "object"}, {"additionalProperties", {{"type", json::array({"string", "number", "boolean", "null"})}}}};
    if (!k.values.empty() && k.shape != "map") s = {{"enum", k.values}};
    s["description"] = std::string(k.summary);
    return s;
}

json object_for(std::string_view place, const std::vector<FormatKey>& keys) {
    json o = {{"type", "object"}, {"additionalProperties", false}, {"properties", json::object()}};
    json required = json::array();
    for (const FormatKey& k : keys) {
        if (k.place != place) continue;
        o["properties"][std::string(k.key)] = schema_for(k, keys);
        if (k.required) required.push_back(std::string(k.key));
    }
    if (!required.empty()) o["required"] = required;
    return o;
}

json with_header(json schema, const char* title) {
    schema["$schema"] = "http://json-schema.org/draft-07/schema#";
    schema["title"] = title;
    return schema;
}

json script_schema(const std::vector<FormatKey>& keys) {
    json script = object_for("script", keys);
    // Maps of ids: each value is a slot or a node.
    script["properties"]["slots"] = {{"type", "object"}, {"additionalProperties", {{"$ref", "#/definitions/slot"}}},
                                     {"description", "typed session memory, shared by name across scripts"}};
    script["properties"]["nodes"] = {{"type", "object"}, {"additionalProperties", {{"$ref", "#/definitions/node"}}},
                                     {"description", "the script's nodes by id"}};
    // Labels of a choice or an action: a label, or {LOCALE: label, also: [synonyms]}.
    json list = {{"oneOf", json::array({scalar(), {{"type", "array"}, {"items", scalar()}}})}};
    json by_locale = {{"type", "object"}, {"properties", {{"also", list}}}, {"additionalProperties", {{"type", "string"}}}};
    json labels = {{"oneOf", json::array({scalar(), by_locale})}};
    script["properties"]["actions"]["additionalProperties"] = labels;
    json slot = object_for("slot", keys);
    slot["properties"]["labels"]["additionalProperties"] = labels;
    json one_choice = {{"oneOf", json::array({scalar(), {{"type", "object"}, {"minProperties", 1}, {"maxProperties", 1},
                                                         {"additionalProperties", labels}}})}};
    slot["properties"]["choices"]["oneOf"] = json::array({scalar(), {{"type", "array"}, {"items", one_choice}}});
    json node = object_for("node", keys);
    node["properties"]["set"]["additionalProperties"] = scalar();
    json schema = with_header(script, "parley conversation script");
    schema["definitions"] = {
        {"text", {{"oneOf", json::array({{{"type", "string"}},
                                         {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}, {"minProperties", 1}}})}}},
        {"next", {{"oneOf", json::array({{{"type", "string"}}, {{"type", "array"}, {"items", {{"$ref", "#/definitions/branch"}}}}})}}},
        {"branch", object_for("branch", keys)},
        {"slot", slot},
        {"node", node}};
    return schema;
}

json policies_schema(const std::vector<FormatKey>& keys) {
    json library = object_for("library", keys);
    // Every policy also takes a single value: a switch, or the number of a max_ policy.
    for (auto& [name, policy] : library["properties"]["policies"]["properties"].items()) {
        if (policy.contains("properties")) {
            std::string description = policy["description"];
            policy.erase("description");
            policy = {{"oneOf", json::array({policy, {{"type", "boolean"}}})}, {"description", description}};
        }
    }
    library["properties"]["events"]["additionalProperties"] = {{"type", "string"}};
    json list = {{"oneOf", json::array({scalar(), {{"type", "array"}, {"items", scalar()}}})}};
    library["properties"]["words"]["additionalProperties"] = {{"type", "object"}, {"additionalProperties", list}};
    library["properties"]["texts"]["additionalProperties"] = {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}};
    json& courtesy = library["properties"]["policies"]["properties"]["closing_courtesy"]["oneOf"][0]["properties"]["phrases"];
    courtesy["oneOf"].push_back({{"type", "object"}, {"additionalProperties", list}});
    return with_header(library, "parley library settings (policies.yaml)");
}

json test_schema(const std::vector<FormatKey>& keys) {
    return with_header(object_for("test_file", keys), "parley test file (*.test.yaml)");
}

}  // namespace

void add_schema(CLI::App& app) {
    auto kind = std::make_shared<std::string>("script");
    CLI::App* cmd = app.add_subcommand("schema", "Print a JSON Schema of a file kind of the format (for editors)");
    cmd->add_option("--kind", *kind, "script (default), policies (policies.yaml) or test (*.test.yaml)")
        ->check(CLI::IsMember({"script", "policies", "test"}));
    cmd->callback([kind] {
        const std::vector<FormatKey> keys = format_keys();
        json schema = *kind == "policies" ? policies_schema(keys) : *kind == "test" ? test_schema(keys) : script_schema(keys);
        std::cout << dump(schema, 2) << "\n";
        std::exit(ok);
    });
}

}  // namespace parley::cli
