// An agent's console: each prompt shown as the control its slot calls for (yes/no buttons, a number
// field, a button per choice with its label), a CRM value the agent knows to be stale cleared, every
// event streamed to the supervisor's log with the call's id, and the handoff with its history.
//   parley_example_console SCRIPTS < replies      (the supervisor's log is standard error)
#include <iostream>
#include <string>

#include <parley/json.hpp>
#include <parley/parley.hpp>

namespace {

// What the console draws comes from the slot's declaration, never from the question's wording.
std::string control_for(const parley::Utterance& u) {
    if (!u.expects) return u.multi_select ? "[tick what was tried]" : "[Done]";
    const parley::SlotInfo& slot = *u.expects;
    std::string control;
    switch (slot.type) {
    case parley::SlotType::boolean: return "[Yes] [No]";
    case parley::SlotType::number: return "[number field]";
    case parley::SlotType::text: return "[text field]";
    case parley::SlotType::date: return "[date picker]";
    case parley::SlotType::choice:
        for (const parley::Choice& c : slot.choices) control += "[" + c.label + "] ";
        control.pop_back();
        return control;
    }
    return control;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: " << argv[0] << " SCRIPTS < replies\n";
        return 2;
    }
    auto lib = parley::Library::load(argv[1]);
    if (!lib) {
        for (const auto& d : lib.diagnostics()) std::cerr << d << "\n";
        return 1;
    }
    parley::Session s = lib->start("internet_down", {{"modem.lights", "green"}});
    s.set_correlation_id("call-0042");
    s.set_observer([](const parley::TraceEntry& event, const std::string& call) {
        std::cerr << call << " " << parley::to_json(event) << "\n";
    });
    // The customer says the lights changed since the CRM recorded them: the host's own fact, cleared.
    (void)s.clear("modem.lights");

    std::string line;
    for (parley::Turn t = s.next(); !t.ended(); t = s.next()) {
        for (const auto& m : t.messages) std::cout << "agent: " << parley::printable(m.text) << "\n";
        if (t.prompt.kind == parley::Utterance::Kind::lookup) {  // the back end: no outage
            auto filled = s.try_fill(t.prompt.slot, false);
            if (filled) continue;
            std::cerr << filled.diagnostics().front() << "\n";
            return 1;
        }
        std::cout << "agent: " << parley::printable(t.prompt.text) << "  " << control_for(t.prompt) << "\n";
        if (!std::getline(std::cin, line)) return 0;
        std::cout << "customer: " << parley::printable(line) << "\n";
        (void)s.reply(line);
    }
    std::cout << s.summary();
    return 0;
}
