// One Library shared by several threads, each walking thousands of conversations on it (docs/embedding.md,
// section 6). Each conversation is checked to end with the outcome its replies lead to; CI runs this
// under ThreadSanitizer.
//   parley_example_many_sessions scripts [THREADS [SESSIONS_PER_THREAD]]
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <parley/parley.hpp>

namespace {

struct Conversation {
    const char* script;
    parley::Facts prefill;
    std::vector<std::string> replies;  ///< "!event" is a signal (docs/policies.md), anything else a reply
    parley::Outcome expected;
};

// Conversations through the shipped scripts (their *.test.yaml files check the same paths).
const std::vector<Conversation> conversations = {
    {"cancel_service", {{"account.tenure_years", 4}}, {"price", "no"}, parley::Outcome::cancelled},
    {"cancel_service", {{"account.tenure_years", 1}}, {"service", "deal"}, parley::Outcome::retained},
    {"cancel_service", {}, {"moving"}, parley::Outcome::cancelled},
    {"cancel_service", {}, {"dunno", "still dunno"}, parley::Outcome::cancelled},
    {"internet_down", {{"outage.known", false}}, {"none", "orange", "done", "no", "done", "yes"},
     parley::Outcome::resolved},
    {"internet_down", {{"outage.known", false}}, {"none", "off", "done", "no", "no"}, parley::Outcome::escalated},
    {"internet_down", {{"outage.known", false}}, {"none", "!supervisor"}, parley::Outcome::escalated},
    {"internet_down", {}, {"no", "none", "orange", "done", "yes"}, parley::Outcome::resolved},  // "no": no outage
    {"device_replacement", {}, {"no", "none", "done", "no", "done", "no", "yes"}, parley::Outcome::resolved},
    {"billing_complaint", {{"contact.count", 2}}, {"overcharged", "no", "no", "no"}, parley::Outcome::unresolved},
    {"billing_complaint", {{"contact.count", 3}}, {}, parley::Outcome::escalated},  // repeat_contact
};

// Walks one conversation to its end; the outcome it ended with (none if the replies ran out first).
parley::Outcome walk(const parley::Library& lib, const Conversation& c) {
    parley::Session session = lib.start(c.script, c.prefill);
    for (const std::string& line : c.replies) {
        if (session.ended()) break;
        if (line[0] == '!')
            (void)session.signal(line.substr(1));
        else
            (void)session.reply(line);  // "dunno" is meant not to be understood
    }
    return session.ended() ? session.outcome() : parley::Outcome::none;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: parley_example_many_sessions SCRIPTS [THREADS [SESSIONS_PER_THREAD]]\n";
        return 2;
    }
    const int threads = argc > 2 ? std::atoi(argv[2]) : 4;
    const int sessions = argc > 3 ? std::atoi(argv[3]) : 2500;
    auto lib = parley::Library::load(argv[1]);
    if (!lib) {
        for (const auto& d : lib.diagnostics()) std::cerr << d << "\n";
        return 1;
    }
    const parley::Library& shared = *lib;  // every thread uses this one object: no copy, no lock

    std::atomic<int> as_expected{0};
    std::atomic<int> wrong{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&, t] {
            for (int i = 0; i < sessions; ++i) {
                const Conversation& c = conversations[(t + i) % conversations.size()];
                parley::Outcome outcome = walk(shared, c);
                if (outcome == c.expected) {
                    ++as_expected;
                } else if (wrong++ == 0) {
                    std::cerr << c.script << " conversation " << (t + i) % conversations.size() << " ended "
                              << parley::to_string(outcome) << ", expected " << parley::to_string(c.expected) << "\n";
                }
            }
        });
    for (std::thread& w : workers) w.join();
    std::cout << threads * sessions << " conversations on " << threads << " threads: " << as_expected
              << " ended as expected, " << wrong << " did not\n";
    return wrong == 0 && as_expected == threads * sessions ? 0 : 1;
}
