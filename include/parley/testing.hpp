#pragma once
// Testing script logic from C++, independent of the test framework: a failed expectation throws
// parley::testing::Failure (a std::exception) whose message holds the transcript so far, which
// doctest, Catch2 and GoogleTest all report.
//
//   parley::testing::Conversation c(lib, "cancel_service", {{"account.tenure_years", 10}});
//   c.expect_ask("cancel.reason").reply("price")
//    .expect_offer(parley::OfferKind::retention).signal("cancel")
//    .expect_end(parley::Outcome::cancelled);
//   CHECK(c.offers(parley::OfferKind::retention) == 1);
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "parley/export.hpp"
#include "parley/library.hpp"
#include "parley/session.hpp"

namespace parley::testing {

class PARLEY_API Failure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class PARLEY_API Conversation {
public:
    Conversation(const Library& library, std::string_view script, const Facts& prefill = {},
                 const std::vector<std::string>& done = {}, const StartOptions& options = {});

    /// The current prompt is a question for `slot_or_node` (a slot name, or the node's id).
    Conversation& expect_ask(std::string_view slot_or_node);
    Conversation& expect_instruct(std::string_view node = {});
    Conversation& expect_offer(OfferKind kind);
    Conversation& expect_lookup(std::string_view slot);
    Conversation& expect_end(Outcome outcome);
    /// Some message said since the last reply (or the prompt) contains `text`.
    Conversation& expect_said(std::string_view text);

    /// Replies; fails when the reply is not understood (use reply_unclear to test re-asking).
    Conversation& reply(std::string_view text);
    Conversation& reply_unclear(std::string_view text);
    Conversation& signal(std::string_view event);
    Conversation& fill(std::string_view slot, const Value& value);

    /// Offers presented so far, of one kind.
    int offers(OfferKind kind) const;
    /// True when some trace entry was made by `policy`.
    bool policy_fired(std::string_view policy) const;
    const Session& session() const noexcept { return session_; }
    const Turn& turn() const noexcept { return turn_; }
    /// What was said and replied so far, one line each.
    const std::string& transcript() const noexcept { return transcript_; }

private:
    [[noreturn]] void fail(const std::string& what) const;
    void show();
    Session session_;
    Turn turn_;
    std::string transcript_;
};

}  // namespace parley::testing
