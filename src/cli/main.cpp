// The `parley` tool: registers each verb (one file per verb, verbs.hpp) and maps a bad command
// line to the usage exit code.
#include <ctime>
#include <iostream>

#include "parley/version.hpp"
#include "verbs.hpp"

std::string parley::cli::system_today() {
    std::time_t now = std::time(nullptr);
    std::tm local{};
    if (!localtime_r(&now, &local)) return {};
    char buf[16];
    std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
    return std::string(buf, n);
}

int main(int argc, char** argv) {
    CLI::App app{"parley: load, walk and check contact-centre conversation scripts"};
    app.set_version_flag("--version", parley::version_string);
    app.require_subcommand(1);
    parley::cli::add_run(app);
    parley::cli::add_test(app);
    parley::cli::add_lint(app);
    parley::cli::add_schema(app);
    parley::cli::add_diff(app);
    parley::cli::add_graph(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : parley::cli::usage;
    } catch (const std::exception& e) {  // out of memory, a session past its limits: an error, never an abort
        std::cerr << "parley: error: " << e.what() << "\n";
        return parley::cli::usage;
    }
    return 0;  // the verb's callback exits with its own status
}
