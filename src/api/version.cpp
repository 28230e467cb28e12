// parley::version(): the version compiled into the library, which a program linked with a shared
// parley may find newer than the headers it was compiled with.
#include "parley/version.hpp"

namespace parley {

Version version() noexcept {
    return {PARLEY_VERSION_MAJOR, PARLEY_VERSION_MINOR, PARLEY_VERSION_PATCH, PARLEY_VERSION_STRING};
}

}  // namespace parley
