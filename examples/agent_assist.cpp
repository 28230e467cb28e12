// An agent-assist console: the CRM already knows things about the customer, the agent types what
// the customer says, and when the conversation goes to a person the console hands over a summary
// as JSON (for the supervisor's screen or the ticket).
//   parley_example_agent_assist SCRIPTS CRM_RECORD.json < replies.txt
// A reply line that starts with '!' is something the customer expressed (`!supervisor`); any other
// line is their answer to the current prompt.
#include <fstream>
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>
#include <parley/json.hpp>
#include <parley/parley.hpp>

namespace {

// The CRM record's `known` map as parley facts: JSON booleans, numbers and strings map one to one.
parley::Facts facts_from(const nlohmann::json& known) {
    parley::Facts facts;
    for (const auto& [slot, value] : known.items()) {
        if (value.is_boolean()) facts.emplace_back(slot, value.get<bool>());
        else if (value.is_number()) facts.emplace_back(slot, value.get<double>());
        else facts.emplace_back(slot, value.get<std::string>());
    }
    return facts;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: " << argv[0] << " SCRIPTS CRM_RECORD.json < replies\n";
        return 2;
    }
    auto lib = parley::Library::load(argv[1]);
    if (!lib) {
        for (const auto& d : lib.diagnostics()) std::cerr << d << "\n";
        return 1;
    }
    std::ifstream crm_file(argv[2]);
    const nlohmann::json crm = nlohmann::json::parse(crm_file);

    // What the CRM knows is never asked again; an unknown slot in the record is an error here.
    auto started = lib->try_start(crm.at("script").get<std::string>(), facts_from(crm.at("known")),
                                  crm.value("done", std::vector<std::string>{}));
    if (!started) {
        for (const auto& d : started.diagnostics()) std::cerr << d << "\n";
        return 1;
    }
    parley::Session session = std::move(*started);
    session.set_correlation_id(crm.at("conversation").get<std::string>());

    std::string line;
    for (parley::Turn turn = session.next(); !turn.ended(); turn = session.next()) {
        for (const auto& m : turn.messages) std::cout << "agent: " << m.text << "\n";
        std::cout << "agent: " << turn.prompt.text << "\n";
        if (!std::getline(std::cin, line)) return 0;  // the chat is still open: nothing to hand over
        std::cout << "customer: " << line << "\n";
        if (!line.empty() && line[0] == '!') (void)session.signal(line.substr(1));
        else (void)session.reply(line);
    }
    for (const auto& m : session.next().messages) std::cout << "agent: " << m.text << "\n";

    if (session.outcome() == parley::Outcome::escalated) std::cout << parley::to_json(session.summary()) << "\n";
    return 0;
}
