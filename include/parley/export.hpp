#pragma once
// PARLEY_API marks what a shared parley exports: the public API. The libraries are compiled with
// hidden visibility, so everything else (parley::detail, yaml-cpp) stays inside them. A declaration
// in include/parley that the library defines (a function, or a class with members defined out of
// line) needs it; what is defined in the header does not. PARLEY_INTERNAL keeps a member of such a
// class unexported: a private one that takes a parley::detail type. Built for GCC and Clang on ELF.
#if defined(__GNUC__)
#define PARLEY_API __attribute__((visibility("default")))
#define PARLEY_INTERNAL __attribute__((visibility("hidden")))
#else
#define PARLEY_API
#define PARLEY_INTERNAL
#endif
