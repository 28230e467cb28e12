#pragma once
// The testing tools' way into a Library (a friend of it): the compiled program, to read (the
// generator: slot types, condition constants) or to copy and change (the mutants).
#include <memory>

#include "model/program.hpp"
#include "parley/library.hpp"

namespace parley::detail {

struct LibraryAccess {
    static const Program& program(const Library& library) { return *library.program_; }
    static Library make(std::shared_ptr<const Program> program) { return Library(std::move(program)); }
};

}  // namespace parley::detail
