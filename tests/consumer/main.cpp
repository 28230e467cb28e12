// A program that uses parley as a dependency (installed, or added as a subdirectory; see run.cmake):
// it must build against the public headers alone and walk a one-question script.
#include <iostream>

#include <parley/parley.hpp>

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
    say: Thanks, {name}.
)");
    parley::Session s = lib->start("hello");
    if (s.reply("Ada") != parley::ReplyStatus::accepted) return 1;
    std::cout << s.next().prompt.text << "\n";
    return s.outcome() == parley::Outcome::resolved ? 0 : 1;
}
