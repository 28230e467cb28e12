#pragma once
// What is worth trying at a prompt: the replies and values that can lead a conversation different
// ways, and the events a customer may signal. One list, for the state explorer (state_space.hpp)
// that lint and the test generator both use, so both walk the same paths.
#include <string>
#include <vector>

#include "model/program.hpp"

namespace parley::detail {

/// What a customer says at a prompt: a reply, or an event, as the line typed into `parley run`
/// ("!cancel" for an event); or, at a lookup, the host's "could not tell" ("!unknown").
struct Input {
    bool is_signal = false;
    Id event = no_id;
    std::string text;
    bool host_unknown = false;  ///< Session::fill_unknown for the lookup's slot
};

/// The reply tried for "I couldn't do it" at an instruction (model/vocabulary.hpp's couldnt_words).
inline constexpr const char* couldnt_reply = "I couldn't";

/// The reply tried for "not understood" (a look-up gets an empty one: the host has no answer).
inline constexpr const char* unclear_reply = "I'm not sure";

class ReplyCandidates {
public:
    explicit ReplyCandidates(const Program& program);

    /// Each choice; yes and no; numbers around every constant a condition compares the slot with
    /// (and its min, max, and the repeat_contact threshold); those texts and one other. Every value
    /// returned is one the slot accepts.
    std::vector<std::string> for_slot(Id slot) const;

    /// The replies tried at `node`'s prompt: a question or look-up gets for_slot's values and one
    /// reply it does not understand (and a look-up the host's "!unknown"); an offer yes, no and one
    /// unclear; a list of actions none, each action, all of them and one unclear; an instruction
    /// done and "I couldn't". Nothing for any other node.
    std::vector<Input> replies_at(Id node) const;

    /// The events a customer may signal at any prompt: cancel, supervisor and the library's own
    /// (agent does what supervisor does, and repeat changes nothing a later step reads).
    std::vector<Input> events() const;

    /// The event `id` as an input.
    Input signal(Id event) const;

private:
    const Program& p_;
    std::vector<std::vector<double>> numbers_;
    std::vector<std::vector<std::string>> texts_;
};

}  // namespace parley::detail
