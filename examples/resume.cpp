// A conversation that outlives the process: each customer message is handled by a fresh "request"
// that restores the session from bytes, applies the message and saves it again, as a stateless
// chat worker would (examples/redis_worker.cpp does the same against Redis).
#include <parley/parley.hpp>

#include <iostream>
#include <map>
#include <string>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: parley_example_resume SCRIPTS_DIR\n";
        return 2;
    }
    auto lib = parley::Library::load(argv[1]);
    if (!lib) {
        for (const auto& d : lib.diagnostics()) std::cerr << d << "\n";
        return 1;
    }
    std::map<std::string, std::string> store;  // stands in for Redis, a database, a cookie...

    // The first request starts the conversation and saves it.
    parley::Session first = lib->start("cancel_service");
    first.set_correlation_id("chat-42");
    parley::Turn opening = first.next();
    for (const auto& m : opening.messages) std::cout << "agent: " << m.text << "\n";
    std::cout << "agent: " << opening.prompt.text << "\n";
    store["chat-42"] = first.snapshot();

    for (std::string message : {"price", "no"}) {
        // A later request, perhaps in another process: restore, apply one message, save.
        parley::Result<parley::Session> restored = lib->restore(store.at("chat-42"));
        if (!restored) {  // damaged bytes, or a script update that strands the conversation
            for (const auto& d : restored.diagnostics()) std::cerr << d << "\n";
            return 1;
        }
        parley::Session& s = *restored;
        std::cout << "customer: " << message << "\n";
        if (s.reply(message) == parley::ReplyStatus::not_understood) std::cout << "(not understood)\n";
        parley::Turn t = s.next();
        for (const auto& m : t.messages) std::cout << "agent: " << m.text << "\n";
        std::cout << "agent: " << t.prompt.text << "\n";
        store["chat-42"] = s.snapshot();
        std::cout << "(saved " << store["chat-42"].size() << " bytes for " << s.correlation_id() << ")\n";
    }
    parley::Session last = lib->restore(store.at("chat-42")).value();
    std::cout << "Outcome: " << parley::to_string(last.outcome()) << " after " << last.turn() << " customer turns\n";
    return last.ended() ? 0 : 1;
}
