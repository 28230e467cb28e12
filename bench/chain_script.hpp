// The generated scripts the snapshot and peer benchmarks share: a chain of questions, each answer
// kept in its own slot and leading to the next question.
#pragma once

#include <string>

namespace parley_bench {

/// `questions` questions in a row; question i fills its own slot and both answers lead on.
/// Short names (`q<i>`, all yes/no) are the peers' tree (bench/peers/README.md); long names mix
/// yes/no, choice and number slots with names as long as the shipped scripts' ones.
inline std::string chain_script(int questions, bool long_names) {
    std::string slots, nodes;
    for (int i = 0; i < questions; ++i) {
        std::string slot = long_names ? "step" + std::to_string(i) + ".confirmed" : "q" + std::to_string(i);
        std::string node = long_names ? "confirm_step" + std::to_string(i) : "n" + std::to_string(i);
        std::string next = i + 1 < questions ? (long_names ? "confirm_step" : "n") + std::to_string(i + 1) : "done";
        std::string type = !long_names || i % 3 == 0 ? "{type: boolean}"
                           : i % 3 == 1            ? "{type: choice, choices: [green, orange, blinking]}"
                                                   : "{type: number, min: 0, max: 1000}";
        slots += "  " + slot + ": " + type + "\n";
        nodes += "  " + node + ": {ask: \"Question " + std::to_string(i) + "?\", slot: " + slot + ", next: " + next + "}\n";
    }
    return "script: chain\nversion: 1\nslots:\n" + slots + "start: " + (long_names ? "confirm_step0" : "n0") +
           "\nnodes:\n" + nodes + "  done: {end: resolved, say: \"Thanks.\"}\n";
}

/// A reply question i of chain_script understands.
inline const char* chain_answer(int i, bool long_names) {
    if (!long_names || i % 3 == 0) return i % 2 ? "yes" : "no";
    return i % 3 == 1 ? "orange" : "42";
}

}  // namespace parley_bench
