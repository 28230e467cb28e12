// Embedding parley: load the shipped scripts, start a session with what the CRM already knows,
// and answer its prompts from a canned list (a real host would read them from a chat or an IVR).
#include <iostream>
#include <string>
#include <vector>

#include <parley/parley.hpp>

int main(int argc, char** argv) {
    std::string path = argc > 1 ? argv[1] : "scripts";
    auto lib = parley::Library::load(path);
    if (!lib) {
        for (const auto& d : lib.diagnostics()) std::cerr << d << "\n";
        return 1;
    }
    // The host knows there is no outage, and the customer said before the script started that
    // the lights are orange and that they already restarted the modem: none of that is asked again.
    parley::Session s = lib->start("internet_down", {{"outage.known", false}, {"modem.lights", "orange"}},
                                   {"modem.restart"});
    std::vector<std::string> replies = {"none", "done", "yes"};
    std::size_t next_reply = 0;
    for (parley::Turn t = s.next(); !t.ended(); t = s.next()) {
        for (const auto& m : t.messages) std::cout << "agent: " << m.text << "\n";
        if (t.prompt.kind == parley::Utterance::Kind::lookup) {  // a question for the host, not the customer
            s.fill(t.prompt.slot, false);
            continue;
        }
        std::cout << "agent: " << t.prompt.text << "\n";
        if (next_reply == replies.size()) return 2;
        std::cout << "customer: " << replies[next_reply] << "\n";
        // A reply that was not understood needs nothing more here: the next turn asks again, with a hint.
        (void)s.reply(replies[next_reply++]);
    }
    parley::Turn last = s.next();  // the closing words, and any message said on the way to the end
    for (const auto& m : last.messages) std::cout << "agent: " << m.text << "\n";
    std::cout << "agent: " << last.prompt.text << "\n\n";
    for (const auto& e : s.trace())
        if (e.kind == parley::TraceKind::skipped) std::cout << "trace: " << e.message << "\n";
    std::cout << "\n" << s.summary();
    return 0;
}
