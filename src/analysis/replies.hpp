#pragma once
// The replies worth trying for a slot: the values that can lead a conversation different ways.
// One list, shared by the linter's exploration and the test generator, so both walk the same paths.
#include <string>
#include <vector>

#include "model/program.hpp"

namespace parley::detail {

class ReplyCandidates {
public:
    explicit ReplyCandidates(const Program& program);

    /// Each choice; yes and no; numbers around every constant a condition compares the slot with
    /// (and its min, max, and the repeat_contact threshold); those texts and one other. Every value
    /// returned is one the slot accepts.
    std::vector<std::string> for_slot(Id slot) const;

private:
    const Program& p_;
    std::vector<std::vector<double>> numbers_;
    std::vector<std::vector<std::string>> texts_;
};

}  // namespace parley::detail
