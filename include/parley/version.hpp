#pragma once
// The library version is defined here once; CMakeLists.txt reads it from this file.
#define PARLEY_VERSION_MAJOR 0
#define PARLEY_VERSION_MINOR 1
#define PARLEY_VERSION_PATCH 0

namespace parley {
/// The script format version this library reads (`version: 1` in a script).
/// It changes independently of the library version.
inline constexpr int format_version = 1;
inline constexpr const char* version_string = "0.1.0";
}  // namespace parley
