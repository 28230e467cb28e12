// parley::testing::Conversation: a conversation driven from a C++ test, with typed expectations
// that fail with the transcript so far.
#include "parley/testing.hpp"

#include "testing/describe_prompt.hpp"

namespace parley::testing {

Conversation::Conversation(const Library& library, std::string_view script, const Facts& prefill,
                           const std::vector<std::string>& done, const StartOptions& options)
    : session_(library.start(script, prefill, done, options)) {
    show();
}

void Conversation::show() {
    turn_ = session_.next();
    for (const Utterance& m : turn_.messages) transcript_ += "  agent (" + std::string(m.node) + "): " + m.text + "\n";
    const Utterance& p = turn_.prompt;
    std::string line = "  " + std::string(to_string(p.kind)) + " (" + std::string(p.script) + "." + std::string(p.node) + ")";
    if (p.kind == Utterance::Kind::end) line += " outcome " + std::string(to_string(p.outcome));
    transcript_ += line + ": " + (p.hint.empty() ? "" : p.hint + " ") + p.text + "\n";
}

void Conversation::fail(const std::string& what) const {
    throw Failure("parley::testing: " + what + "\ntranscript so far:\n" + transcript_);
}

using detail::describe_prompt;

Conversation& Conversation::expect_ask(std::string_view slot_or_node) {
    const Utterance& p = turn_.prompt;
    if (p.kind != Utterance::Kind::ask || (p.slot != slot_or_node && p.node != slot_or_node))
        fail("expected a question for '" + std::string(slot_or_node) + "', but the prompt is " + describe_prompt(p));
    return *this;
}

Conversation& Conversation::expect_instruct(std::string_view node) {
    const Utterance& p = turn_.prompt;
    if (p.kind != Utterance::Kind::instruct || (!node.empty() && p.node != node))
        fail("expected an instruction" + (node.empty() ? std::string() : " '" + std::string(node) + "'") +
             ", but the prompt is " + describe_prompt(p));
    return *this;
}

Conversation& Conversation::expect_offer(OfferKind kind) {
    const Utterance& p = turn_.prompt;
    if (p.kind != Utterance::Kind::offer || p.offer_kind != kind)
        fail(std::string("expected a ") + to_string(kind) + " offer, but the prompt is " + describe_prompt(p));
    return *this;
}

Conversation& Conversation::expect_lookup(std::string_view slot) {
    const Utterance& p = turn_.prompt;
    if (p.kind != Utterance::Kind::lookup || p.slot != slot)
        fail("expected a lookup for '" + std::string(slot) + "', but the prompt is " + describe_prompt(p));
    return *this;
}

Conversation& Conversation::expect_end(Outcome outcome) {
    const Utterance& p = turn_.prompt;
    if (p.kind != Utterance::Kind::end || p.outcome != outcome)
        fail(std::string("expected the end with outcome ") + to_string(outcome) + ", but the prompt is " + describe_prompt(p));
    return *this;
}

Conversation& Conversation::expect_said(std::string_view text) {
    for (const Utterance& m : turn_.messages)
        if (m.text.find(text) != std::string::npos) return *this;
    if (turn_.prompt.text.find(text) != std::string::npos) return *this;
    fail("expected the agent to say \"" + std::string(text) + "\"");
}

Conversation& Conversation::reply(std::string_view text) {
    transcript_ += "  customer: " + std::string(text) + "\n";
    ReplyStatus status = session_.reply(text);
    if (status == ReplyStatus::no_question) fail("replied \"" + std::string(text) + "\" but nothing awaits a reply");
    if (status == ReplyStatus::not_understood)
        fail("the reply \"" + std::string(text) + "\" to " + describe_prompt(turn_.prompt) + " was not understood");
    show();
    return *this;
}

Conversation& Conversation::reply_unclear(std::string_view text) {
    transcript_ += "  customer: " + std::string(text) + "\n";
    if (session_.reply(text) != ReplyStatus::not_understood)
        fail("expected the reply \"" + std::string(text) + "\" not to be understood");
    show();
    return *this;
}

Conversation& Conversation::signal(std::string_view event) {
    transcript_ += "  customer: !" + std::string(event) + "\n";
    SignalStatus status = session_.signal(event);
    if (status == SignalStatus::unknown_event) fail("unknown event '" + std::string(event) + "'");
    if (status == SignalStatus::no_question) fail("signalled '" + std::string(event) + "' after the end");
    show();
    return *this;
}

Conversation& Conversation::fill(std::string_view slot, const Value& value) {
    transcript_ += "  host: " + std::string(slot) + " = " + value.to_string() + "\n";
    session_.fill(slot, value);
    show();
    return *this;
}

int Conversation::offers(OfferKind kind) const {
    int n = 0;
    for (const auto& o : session_.summary().offers) n += o.kind == kind;
    return n;
}

bool Conversation::policy_fired(std::string_view policy) const {
    for (const auto& i : session_.summary().interventions)
        if (i.policy == policy) return true;
    return false;
}

}  // namespace parley::testing
