#pragma once
// Runs the `parley` binary with stdin from a string and captures stdout, stderr and the exit code.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

namespace cli_test {

struct Output {
    int exit_code = -1;
    std::string out, err;
};

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// `args` is appended to the binary's path as written (quote what needs quoting); `launcher`, when
/// given, is written before it (e.g. "setpriv --reuid=65534" to run it as another user).
inline Output run(const std::string& args, const std::string& input = "", const std::string& launcher = "") {
    char dir_template[] = "/tmp/parley-e2e-XXXXXX";
    std::string dir = mkdtemp(dir_template);
    std::ofstream(dir + "/in") << input;
    std::string command = (launcher.empty() ? "" : launcher + " ") + std::string(PARLEY_CLI) + " " + args + " <" + dir + "/in >" + dir + "/out 2>" + dir + "/err";
    int status = std::system(command.c_str());
    Output o;
    o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    o.out = slurp(dir + "/out");
    o.err = slurp(dir + "/err");
    std::system(("rm -rf " + dir).c_str());
    return o;
}

/// Each line of `text` parsed as one JSON object.
inline std::vector<nlohmann::json> json_lines(const std::string& text) {
    std::vector<nlohmann::json> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    return out;
}

inline const std::string scripts = std::string(PARLEY_SOURCE_DIR) + "/scripts";

}  // namespace cli_test
