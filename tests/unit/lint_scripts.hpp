#pragma once
// Scripts both lint test files use: each breaks one rule (docs/lint.md), so the rule tests and the
// counterexample replays start from the same library.

namespace lint_scripts {

inline const char* const cancel_then_policies = R"(
version: 1
policies:
  honor_cancellation:
    start: c
    then: c.confirm
)";
inline const char* const two_offers_policies = R"(
version: 1
policies:
  honor_cancellation:
    max_offers: 1
    start: c
    then: c.confirm
)";
inline const char* const two_offers_bad = R"(
script: c
version: 1
slots:
  c.discount:
    type: boolean
  c.free_month:
    type: boolean
start: discount
nodes:
  discount:
    offer: Would 25% off for a year keep you with us?
    kind: retention
    slot: c.discount
    next:
      - if: c.discount
        goto: kept
      - goto: free_month
  free_month:
    offer: What about a free month?
    kind: retention
    slot: c.free_month
    next:
      - if: c.free_month
        goto: kept
      - goto: confirm
  confirm:
    say: Your service is cancelled.
    next: bye
  kept:
    end: retained
  bye:
    end: cancelled
)";
inline const char* const upsell_bad = R"(
script: c
version: 1
slots:
  c.reason:
    type: choice
    choices: [price, moving]
  c.faster:
    type: boolean
start: reason
nodes:
  reason:
    ask: May I ask why you are leaving?
    slot: c.reason
    next: faster
  faster:
    offer: Would you like faster broadband for 5 more a month?
    kind: upsell
    slot: c.faster
    next: confirm
  confirm:
    say: Your service is cancelled.
    next: bye
  bye:
    end: cancelled
)";
inline const char* const during_policies = R"(
version: 1
policies:
  honor_cancellation:
    then: a.confirm
)";
inline const char* const during_bad = R"(
script: a
version: 1
slots:
  a.ok:
    type: boolean
  a.save:
    type: boolean
start: q
nodes:
  q:
    ask: Is everything working?
    slot: a.ok
    next: done
  confirm:
    say: I'm cancelling your service.
    next: save
  save:
    offer: Would half price for a year keep you with us?
    kind: retention
    slot: a.save
    next:
      - if: a.save
        goto: kept
      - goto: bye
  kept:
    end: retained
  bye:
    end: cancelled
  done:
    end: resolved
)";
inline const char* const repeated_question_bad = R"(
script: a
version: 1
slots:
  a.ok:
    type: boolean
start: check
nodes:
  check:
    ask: Is the internet working?
    slot: a.ok
    next:
      - if: a.ok
        goto: fixed
      - goto: restart
  restart:
    instruct: Please restart the modem.
    action: modem.restart
    next: check_again
  check_again:
    ask: Is it working now?
    slot: a.ok
    next:
      - if: a.ok
        goto: fixed
      - goto: handover
  fixed:
    end: resolved
  handover:
    end: escalated
)";
inline const char* const repeated_instruction_bad = R"(
script: a
version: 1
slots:
  a.ok:
    type: boolean
start: restart
nodes:
  restart:
    instruct: Please restart the modem.
    action: modem.restart
    next: cables
  cables:
    instruct: Please check the cable is clicked in at both ends.
    action: cables.check
    next: restart_again
  restart_again:
    instruct: Now please restart the modem once more.
    action: modem.restart
    next: check
  check:
    ask: Is it working now?
    slot: a.ok
    next:
      - if: a.ok
        goto: fixed
      - goto: handover
  fixed:
    end: resolved
  handover:
    end: escalated
)";
inline const char* const dead_end_bad = R"(
script: a
version: 1
slots:
  modem.lights:
    type: choice
    choices: [green, orange, "off"]
start: lights
nodes:
  lights:
    ask: What colour are the lights on the modem?
    slot: modem.lights
    next:
      - if: modem.lights == "green"
        goto: fine
      - if: modem.lights == "orange"
        goto: cables
  cables:
    instruct: Please check the cable from the wall socket.
    action: cables.check
    next: fine
  fine:
    end: resolved
)";
inline const char* const loop_bad = R"(
script: a
version: 1
slots:
  a.check:
    type: boolean
start: q
nodes:
  q:
    ask: Shall I check the line for you?
    slot: a.check
    next:
      - if: a.check
        goto: checking
      - goto: done
  checking:
    say: Checking the line.
    next: still
  still:
    next: checking
  done:
    end: resolved
)";
inline const char* const depth_a = R"(
script: a
version: 1
slots:
  a.plans:
    type: boolean
start: q
nodes:
  q:
    ask: Would you like to hear about our plans?
    slot: a.plans
    next:
      - if: a.plans
        goto: plans
      - goto: done
  plans:
    call: b
    next: done
  done:
    end: resolved
)";
inline const char* const depth_b_bad = R"(
script: b
version: 1
start: again
nodes:
  again:
    call: b
    next: back
  back:
    end: return
)";
inline const char* const endless_bad = R"(
script: a
version: 1
slots:
  a.ok:
    type: boolean
  a.plugged:
    type: boolean
start: q
nodes:
  q:
    ask: Is the internet working?
    slot: a.ok
    next:
      - if: a.ok
        goto: fixed
      - goto: plugged
  plugged:
    ask: Is the modem plugged in?
    slot: a.plugged
    next: retry
  retry:
    say: Let's try again.
    forget: [a.ok, a.plugged]
    next: q
  fixed:
    end: resolved
)";

}  // namespace lint_scripts
