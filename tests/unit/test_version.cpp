// parley::version(): the library a program runs with says which version it is, and it is the one
// include/parley/version.hpp names (CMakeLists.txt reads the same macros for the package version).
#include <doctest/doctest.h>
#include <parley/version.hpp>

#include <string>

TEST_CASE("version: the library reports the version its headers name") {
    parley::Version v = parley::version();
    CHECK(v.major == PARLEY_VERSION_MAJOR);
    CHECK(v.minor == PARLEY_VERSION_MINOR);
    CHECK(v.patch == PARLEY_VERSION_PATCH);
    CHECK(std::string(v.text) == parley::version_string);
    CHECK(std::string(v.text) ==
          std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch));
}
