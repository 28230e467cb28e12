// `parley schema`: a JSON Schema of the script format, derived from the loader's key table, for
// editors that check YAML as it is typed (`# yaml-language-server: $schema=parley.schema.json`).
#include <iostream>

#include <nlohmann/json.hpp>

#include "parley/format.hpp"
#include "verbs.hpp"
#include "writers.hpp"

namespace parley::cli {

namespace {

nlohmann::json schema_for(const FormatKey& k) {
    using nlohmann::json;
    json s;
    if (k.shape == "word" || k.shape == "string") s = {{"type", json::array({"string", "number", "boolean"})}};
    else if (k.shape == "integer") s = {{"type", "integer"}};
    else if (k.shape == "number") s = {{"type", "number"}};
    else if (k.shape == "boolean") s = {{"type", "boolean"}};
    else if (k.shape == "text") s = {{"$ref", "#/definitions/text"}};
    else if (k.shape == "list")
        s = {{"oneOf", json::array({{{"type", json::array({"string", "number", "boolean"})}},
                                    {{"type", "array"}, {"items", {{"type", json::array({"string", "number", "boolean"})}}}}})}};
    else if (k.shape == "next") s = {{"$ref", "#/definitions/next"}};
    else s = {{"type", "object"}};
    if (!k.values.empty()) {
        s = {{"enum", json::array()}};
        for (auto v : k.values) s["enum"].push_back(std::string(v));
    }
    s["description"] = std::string(k.summary);
    return s;
}

nlohmann::json object_for(std::string_view place, const std::vector<FormatKey>& keys) {
    nlohmann::json o = {{"type", "object"}, {"additionalProperties", false}, {"properties", nlohmann::json::object()}};
    nlohmann::json required = nlohmann::json::array();
    for (const FormatKey& k : keys) {
        if (k.place != place) continue;
        o["properties"][std::string(k.key)] = schema_for(k);
        if (k.required) required.push_back(std::string(k.key));
    }
    if (!required.empty()) o["required"] = required;
    return o;
}

nlohmann::json script_schema() {
    using nlohmann::json;
    std::vector<FormatKey> keys = format_keys();
    json script = object_for("script", keys);
    script["properties"]["slots"] = {{"type", "object"}, {"additionalProperties", {{"$ref", "#/definitions/slot"}}},
                                     {"description", "typed session memory, shared by name across scripts"}};
    script["properties"]["nodes"] = {{"type", "object"}, {"additionalProperties", {{"$ref", "#/definitions/node"}}},
                                     {"description", "the script's nodes by id"}};
    json node = object_for("node", keys);
    node["properties"]["set"] = {{"type", "object"},
                                 {"additionalProperties", {{"type", json::array({"string", "number", "boolean"})}}},
                                 {"description", "slots assigned when the node completes"}};
    json schema = script;
    schema["$schema"] = "http://json-schema.org/draft-07/schema#";
    schema["title"] = "parley conversation script";
    schema["definitions"] = {
        {"text", {{"oneOf", json::array({{{"type", "string"}},
                                         {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}, {"minProperties", 1}}})}}},
        {"next", {{"oneOf", json::array({{{"type", "string"}}, {{"type", "array"}, {"items", {{"$ref", "#/definitions/branch"}}}}})}}},
        {"branch", object_for("branch", keys)},
        {"slot", object_for("slot", keys)},
        {"node", node}};
    return schema;
}

}  // namespace

void add_schema(CLI::App& app) {
    CLI::App* cmd = app.add_subcommand("schema", "Print a JSON Schema of the script format (for editors)");
    cmd->callback([] {
        std::cout << dump(script_schema(), 2) << "\n";
        std::exit(ok);
    });
}

}  // namespace parley::cli
