// A tool that uses parley's tooling (parley::parley): lints a script with a dead end and reports it.
#include <iostream>

#include <parley/lint.hpp>

int main() {
    auto lib = parley::Library::parse(R"(
script: hello
version: 1
slots:
  name: {type: text}
start: ask
nodes:
  ask:
    ask: What is your name?
    slot: name
    next: bye
  bye:
    end: resolved
  unused:
    end: resolved
)");
    parley::LintReport report = parley::lint(*lib);
    for (const parley::Diagnostic& d : report.diagnostics) std::cout << d << "\n";
    return report.diagnostics.empty() ? 1 : 0;
}
