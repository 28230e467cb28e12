// parley::format_keys(): the loader's key table (src/load/format_table.cpp) in the public API's terms.
#include "parley/format.hpp"

#include "load/format_table.hpp"

namespace parley {

std::vector<FormatKey> format_keys() {
    std::vector<FormatKey> out;
    for (const detail::KeyInfo& k : detail::format_keys())
        out.push_back({detail::place_name(k.place), k.key, detail::to_string(k.shape), k.required, k.summary, k.values,
                       k.holds ? detail::place_name(*k.holds) : std::string_view()});
    return out;
}

}  // namespace parley
