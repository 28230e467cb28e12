// A service that uses parley as a dependency and links only parley::runtime (see run.cmake): it must
// build against the public headers alone, walk a one-question script, and say which library it runs.
#include <iostream>

#include <parley/library.hpp>
#include <parley/version.hpp>

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
    std::cout << "runs parley " << parley::version().text << ", built with " << parley::version_string << "\n";
    return s.outcome() == parley::Outcome::resolved ? 0 : 1;
}
