// parley run --save / --resume: a conversation split over several runs prints what one run prints.
#include <doctest/doctest.h>

#include <cstdio>

#include "cli.hpp"

using namespace cli_test;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

/// Runs `replies` one run per reply, each resuming what the previous one saved; returns stdout of all.
std::string split_run(const std::string& start_args, const std::vector<std::string>& replies, const std::string& file) {
    std::remove(file.c_str());
    std::string all;
    int exit_code = -1;
    for (std::size_t i = 0; i <= replies.size() && exit_code != 0; ++i) {
        std::string args = i == 0 ? start_args : "run " + scripts + " --resume " + file;
        Output o = run(args + " --json --save " + file, i < replies.size() ? replies[i] + "\n" : "");
        INFO(o.err);
        exit_code = o.exit_code;
        CHECK((exit_code == 0 || (exit_code == 3 && o.err.find("saved to") != std::string::npos)));
        all += o.out;
    }
    CHECK(exit_code == 0);  // the last run reached the end
    return all;
}

}  // namespace

TEST_CASE("parley run: a conversation split over any number of save/resume runs prints the same JSON") {
    const std::string file = "/tmp/parley-e2e-resume-" + std::to_string(getpid()) + ".snapshot";  // one per run: worktrees test side by side
    struct Walk {
        std::string args;
        std::vector<std::string> replies;
    };
    std::vector<Walk> walks = {
        {"run " + scripts + " --script cancel_service", {"price", "no"}},
        {"run " + scripts + " --script internet_down", {"no", "none", "purple", "orange", "done", "yes"}},
        {"run " + scripts + " --script plan_review", {"!cancel", "price", "!cancel"}},
        {"run " + scripts + " --script internet_down --set outage.known=no", {"!repeat", "modem.restart", "!supervisor"}},
    };
    for (const Walk& w : walks) {
        CAPTURE(w.args);
        std::string input;
        for (const auto& r : w.replies) input += r + "\n";
        Output one = run(w.args + " --json", input);
        REQUIRE(one.exit_code == 0);
        CHECK(lines_of(split_run(w.args, w.replies, file)) == lines_of(one.out));
    }
    std::remove(file.c_str());
}

TEST_CASE("parley run --resume: a damaged or foreign snapshot is refused with exit 1") {
    const std::string file = "/tmp/parley-e2e-resume-bad-" + std::to_string(getpid()) + ".snapshot";
    std::ofstream(file) << "not a snapshot";
    Output o = run("run " + scripts + " --resume " + file + " --json", "yes\n");
    CHECK(o.exit_code == 1);
    CHECK(o.out.empty());
    CHECK(o.err.find("[snapshot-foreign]") != std::string::npos);
    std::remove(file.c_str());
}

TEST_CASE("parley run: --resume and --script are exclusive, and one of them is needed") {
    CHECK(run("run " + scripts + " --json").exit_code == 2);
    CHECK(run("run " + scripts + " --script cancel_service --resume /tmp/x --json").exit_code == 2);
    CHECK(run("run " + scripts + " --resume /tmp/x --set a=b --json").exit_code == 2);
}
