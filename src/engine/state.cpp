// A State's text buffer: where the text values of its facts live (state.hpp).
#include "engine/state.hpp"

#include <cstring>
#include <functional>
#include <new>
#include <stdexcept>

namespace parley::detail {

ValView State::value(const Fact& f) const noexcept {
    ValView v;
    v.type = f.slot_type();
    switch (v.type) {
    case SlotType::boolean: v.boolean = f.bits != 0; break;
    case SlotType::choice: v.choice = static_cast<Id>(f.bits); break;
    case SlotType::number:
    case SlotType::date: std::memcpy(&v.number, &f.bits, sizeof v.number); break;
    case SlotType::text: v.text = std::string_view(texts.data() + f.text_offset(), f.text_size()); break;
    }
    return v;
}

Fact State::make_fact(Id slot, ValView value, Source source, Id node, std::uint32_t turn) {
    Fact f;
    f.slot = slot;
    f.node = node;
    f.turn = turn;
    f.source = source;
    f.type = static_cast<std::uint8_t>(value.type);
    switch (value.type) {
    case SlotType::boolean: f.bits = value.boolean ? 1 : 0; break;
    case SlotType::choice: f.bits = value.choice; break;
    case SlotType::number:
    case SlotType::date: std::memcpy(&f.bits, &value.number, sizeof f.bits); break;
    case SlotType::text: {
        std::size_t size = value.text.size(), offset = texts.size();
        if (size > UINT32_MAX || offset + size > UINT32_MAX) throw std::length_error("parley: a session's text values exceed 4 GB");
        // The text may be one this buffer holds already (another fact's): found by its offset, so
        // that growing the buffer does not leave it behind.
        const char* from = value.text.data();
        bool inside = size > 0 && !texts.empty() && !std::less<const char*>()(from, texts.data()) &&
                      std::less<const char*>()(from, texts.data() + texts.size());
        std::size_t from_offset = inside ? static_cast<std::size_t>(from - texts.data()) : 0;
        if (offset + size > texts.capacity()) texts.reserve(offset + size + (offset + size) / 4 + 16);
        if (inside) from = texts.data() + from_offset;
        texts.insert(texts.end(), from, from + size);  // within the room made above: cannot throw
        f.bits = std::uint64_t(offset) << 32 | size;
        break;
    }
    }
    return f;
}

bool State::compact_texts() noexcept {
    std::size_t live = 0;
    for (const Fact& f : facts)
        if (f.is_text()) live += f.text_size();
    for (const PastFact& p : past)
        if (p.fact.is_text()) live += p.fact.text_size();
    std::vector<char> fresh;
    try {
        fresh.reserve(live);
    } catch (const std::bad_alloc&) {
        return false;  // the old buffer serves as well, only larger
    }
    auto move_text = [&](Fact& f) {
        if (!f.is_text()) return;
        std::size_t offset = fresh.size();
        fresh.insert(fresh.end(), texts.data() + f.text_offset(), texts.data() + f.text_offset() + f.text_size());
        f.bits = std::uint64_t(offset) << 32 | f.text_size();
    };
    for (Fact& f : facts) move_text(f);
    for (PastFact& p : past) move_text(p.fact);
    texts.swap(fresh);
    texts_dead = 0;
    return true;
}

}  // namespace parley::detail
