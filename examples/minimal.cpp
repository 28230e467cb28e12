// The smallest host: load a library, start one script, and answer its prompts with lines read from
// standard input, one reply per line (a look-up's answer too). docs/embedding.md, section 1.
//   parley_example_minimal scripts cancel_service < replies.txt
#include <iostream>
#include <string>
#include <vector>

#include <parley/parley.hpp>

static int print(const std::vector<parley::Diagnostic>& diagnostics) {
    for (const auto& d : diagnostics) std::cerr << d << "\n";
    return 1;
}

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: parley_example_minimal SCRIPTS SCRIPT_ID < REPLIES\n";
        return 2;
    }
    auto lib = parley::Library::load(argv[1]);
    if (!lib) return print(lib.diagnostics());
    auto session = lib->try_start(argv[2]);
    if (!session) return print(session.diagnostics());
    std::string line;
    for (parley::Turn turn = session->next(); !turn.ended(); turn = session->next()) {
        for (const auto& m : turn.messages) std::cout << "agent: " << m.text << "\n";
        if (!turn.prompt.hint.empty()) std::cout << "agent: " << turn.prompt.hint << "\n";  // after a reply not understood
        std::cout << "agent: " << turn.prompt.text << "\n";
        if (!std::getline(std::cin, line)) return 1;  // the customer left mid-conversation
        std::cout << "customer: " << line << "\n";
        (void)session->reply(line);  // not understood: the next turn asks again, with a hint
    }
    parley::Turn last = session->next();  // the closing words, and any message on the way to the end
    for (const auto& m : last.messages) std::cout << "agent: " << m.text << "\n";
    std::cout << "agent: " << last.prompt.text << "\noutcome: " << parley::to_string(session->outcome()) << "\n";
}
