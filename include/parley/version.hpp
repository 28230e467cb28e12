#pragma once
// The library version is defined here once; CMakeLists.txt reads it from this file.
#define PARLEY_VERSION_MAJOR 0
#define PARLEY_VERSION_MINOR 1
#define PARLEY_VERSION_PATCH 0
#define PARLEY_VERSION_TEXT_OF_(n) #n
#define PARLEY_VERSION_TEXT_OF(n) PARLEY_VERSION_TEXT_OF_(n)
#define PARLEY_VERSION_STRING                        \
    PARLEY_VERSION_TEXT_OF(PARLEY_VERSION_MAJOR) "." \
    PARLEY_VERSION_TEXT_OF(PARLEY_VERSION_MINOR) "." \
    PARLEY_VERSION_TEXT_OF(PARLEY_VERSION_PATCH)

#include "parley/export.hpp"

namespace parley {
/// The script format version this library reads (`version: 1` in a script).
/// It changes independently of the library version.
inline constexpr int format_version = 1;
/// The version of these headers, as text.
inline constexpr const char* version_string = PARLEY_VERSION_STRING;

/// A library version: major.minor.patch. While major is 0, each minor version may change the ABI
/// (a shared libparley's SOVERSION is major.minor).
struct Version {
    int major = 0;
    int minor = 0;
    int patch = 0;
    const char* text = "";  ///< "0.1.0"
};

/// The version of the library the program runs with. A program linked with a shared parley may run
/// with a newer library than the headers it was compiled with (PARLEY_VERSION_*, version_string).
PARLEY_API Version version() noexcept;
}  // namespace parley
