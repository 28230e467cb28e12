#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    parley_fuzz::conversation_from_bytes(data, size);
    return 0;
}
