"""Sales follow-up of prospects (seed 001 汽车销售人员客户跟踪管理办法; seed 000; seed 004).

Prospects are customers at stage ``prospect``. They are thanked the day
they are met, called at the cadence of their intent level (A-D), called on
the day the consultant promised, and called ahead of the day they expect to
buy. A prospect not reached for ``lead.cadence.stale_after_periods``
cadence periods is flagged "level stale" (seed 004: 客户级别无进展), never
dropped.

Promises (SPEC 3: "A logged next_contact_on is a promise: lead.promised
comes due that day and the cadence rules wait for it"):

* The promise is the ``next_contact_on`` of the latest contact that set one,
  provided every later contact happened on or after the promised day (those
  are the promised call and its attempts). A contact logged before the
  promised day without a new date supersedes it: the latest contact is what
  the caller knows now (SPEC: "next_contact_on of the latest contact").
  A date not after the contact's own day promises nothing.
* While a promise is pending — the promised day is today or later —
  ``lead.cadence`` is not proposed: on the promised day ``lead.promised`` is
  the one call. From the day after, if the promise was not kept, the cadence
  comes back (usually overdue) beside the overdue ``lead.promised``.
* ``lead.promised`` is proposed at any stage (owners and advisors make
  promises too); the engine's suppression still silences lost customers.
  The caller is the staff member who logged the promise, with their role in
  the dealership's staff list (else the policy's role); an unsigned promise
  goes to the customer's consultant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterator

from followup_cli.message import Message, N_
from followup_cli.vocabulary import term
from followup_cli.rules.context import RuleContext, last_reaching_contact, remembered, until
from followup_cli.rules.model import INTENT_LEVELS, REACHING, Contact, CustomerFile, NotApplicable, Proposal
from followup_cli.rules.policy import Policy
from followup_cli.rules.touchpoint import Touchpoint
from followup_cli.rules.windows import offsets, plain, policy_memo, setting

Answer = Iterator[Proposal | NotApplicable]

_ONE_DAY = timedelta(days=1)
_LEVEL_STALE = ("level_stale",)


def _not_a_prospect(touchpoint: str, file: CustomerFile) -> NotApplicable:
    return NotApplicable(touchpoint, Message.of(N_("not a prospect (stage {stage})"), stage=term(file.customer.stage)))


_NO_CREATION_DATE = NotApplicable("lead.welcome", Message.of(N_("no creation date")))
_NO_CLOCK = NotApplicable("lead.cadence", Message.of(N_("no contact and no creation date to count from")))
_NO_PROMISE = NotApplicable("lead.promised", Message.of(N_("no promised call pending")))
_NO_EXPECTED_PURCHASE = NotApplicable("lead.purchase_window", Message.of(N_("no expected purchase date")))


def current_promise(file: CustomerFile, memo: dict | None = None) -> Contact | None:
    """The contact whose ``next_contact_on`` still stands (see the module docstring), if any.

    ``memo``: the evaluation's (``RuleContext.memo``; lead.cadence and lead.promised both ask)."""
    return remembered(memo, current_promise, file, lambda: _current_promise(file.contacts))


def _current_promise(contacts: tuple[Contact, ...]) -> Contact | None:
    for i in range(len(contacts) - 1, -1, -1):
        contact = contacts[i]
        day = contact.next_contact_on
        if day is None:
            continue
        if day <= contact.contacted_on:
            return None
        if all(c.contacted_on >= day for c in contacts[i + 1 :]):
            return contact
        return None
    return None


def welcome(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 001 §三(三)1: 初次接触后 24 小时内发送感谢信息, 约定下次沟通时间."""
    tp = "lead.welcome"
    customer = file.customer
    if customer.stage != "prospect":
        yield _not_a_prospect(tp, file)
        return
    created = customer.created_on
    if created is None:
        yield _NO_CREATION_DATE
        return
    opens, due, role, channel = plain(ctx.policy, tp)
    yield Proposal(
        tp,
        created + opens,
        created + due,
        role,
        channel,
        Message(N_("new prospect since {date}: thank and set the next contact"), (("date", created),)),
        "one_off",
    )


@dataclass(frozen=True)
class CadenceClock:
    """Where a prospect's cadence counts from, and the day its level goes stale (seed 004: 客户级别无进展)."""

    code: str  # the intent level followed: A-D, or the policy's default when not set
    level: object  # what a reason shows: the level, or "C (not set)"
    trigger: date  # the last reaching contact or the creation date, whichever is later
    reached_on: date | None  # the last reaching contact's day, None if never reached
    period_days: int  # the level's cadence period (its window's due offset)
    periods: int  # lead.cadence.stale_after_periods
    stale_on: date  # trigger + periods x period_days: from this day on, the level is stale


def cadence_clock(file: CustomerFile, policy: Policy, today: date | None = None) -> CadenceClock | None:
    """The prospect's cadence clock; None when there is neither a reaching contact nor a creation date.

    ``today``: contacts after it are not history yet (the engine's files are already cut to the day).
    """
    tp = "lead.cadence"
    customer = file.customer
    level: object = customer.intent_level
    code = customer.intent_level if customer.intent_level in INTENT_LEVELS else None
    if code is None:
        code = str(setting(policy, "lead.cadence.default_level"))
        level = Message.of(N_("{level} (not set)"), level=code)
    last = last_reaching_contact(file, None if today is None else today + _ONE_DAY)
    reached_on = last.contacted_on if last is not None else None
    created = customer.created_on
    if reached_on is None:
        if created is None:
            return None
        trigger = created
    else:
        trigger = reached_on if created is None or reached_on >= created else created
    period, periods, stale_after = _cadence(policy, code)
    return CadenceClock(code, level, trigger, reached_on, period, periods, trigger + stale_after)


def _cadence(policy: Policy, code: str) -> tuple[int, int, timedelta]:
    """The level's period (days), ``stale_after_periods``, and the two multiplied, as a timedelta."""
    memo = policy_memo(policy)
    key = ("cadence clock", code)
    found = memo.get(key)
    if found is None:
        period = policy.window(f"lead.cadence.{code}").due
        periods = int(policy.get("lead.cadence.stale_after_periods"))
        found = memo[key] = (period, periods, timedelta(days=period * periods))
    return found


def level_stale_with_reason(file: CustomerFile, today: date, policy: Policy) -> tuple[bool, Message] | None:
    """Seed 004 客户级别无进展: is the prospect's level stale on ``today``, and why.

    The same clock as ``lead.cadence`` (which flags its item "level_stale"),
    but asked whatever the promises: a prospect not reached for
    ``stale_after_periods`` cadence periods is stale even while a promised
    call is pending. None for a customer who is not a prospect, or with
    nothing to count from.
    """
    if file.customer.stage != "prospect":
        return None
    clock = cadence_clock(file, policy, today)
    if clock is None:
        return None
    params = dict(level=clock.level, periods=clock.periods, days=clock.period_days, stale_on=clock.stale_on)
    if today >= clock.stale_on:
        if clock.reached_on is not None and clock.trigger == clock.reached_on:
            msgid = N_("no reaching contact since {date} ({periods} cadence periods of {days} days for level {level})")
        else:
            msgid = N_("never reached since created on {date} ({periods} cadence periods of {days} days for level {level})")
        return True, Message.of(msgid, date=clock.trigger, **params)
    if clock.reached_on is not None and clock.trigger == clock.reached_on:
        msgid = N_("last reached on {date}; level {level} goes stale on {stale_on}")
    else:
        msgid = N_("never reached, created on {date}; level {level} goes stale on {stale_on}")
    return False, Message.of(msgid, date=clock.trigger, **params)


def cadence(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 001 §三(一): A 3 天内至少 1 次, B 1 周内 1-2 次, C 2 周-1 个月 1 次, D 1-3 个月 1 次.

    Counts from the last reaching contact by anyone (or the creation date,
    whichever is later); waits while a promised call is pending.
    """
    tp = "lead.cadence"
    customer, policy = file.customer, ctx.policy
    if customer.stage != "prospect":
        yield _not_a_prospect(tp, file)
        return
    promise = current_promise(file, ctx.memo)
    if promise is not None and promise.next_contact_on is not None and promise.next_contact_on >= ctx.today:
        until(ctx.memo, promise.next_contact_on + _ONE_DAY)
        yield NotApplicable(
            tp, Message(N_("waiting for the promised call on {date}"), (("date", promise.next_contact_on),))
        )
        return
    clock = cadence_clock(file, policy)
    if clock is None:
        yield _NO_CLOCK
        return
    level, code, trigger, reached_on = clock.level, clock.code, clock.trigger, clock.reached_on
    opens, due = offsets(policy, f"{tp}.{code}")
    stale = ctx.today >= clock.stale_on
    until(ctx.memo, clock.stale_on)
    if reached_on is not None and trigger == reached_on:
        msgid = (
            N_("level {level} stale: last reached on {date}") if stale else N_("level {level}: last reached on {date}")
        )
    else:
        msgid = (
            N_("level {level} stale: never reached, created on {date}")
            if stale
            else N_("level {level}: never reached, created on {date}")
        )
    yield Proposal(
        tp,
        trigger + opens,
        trigger + due,
        setting(policy, "lead.cadence.role"),
        setting(policy, "lead.cadence.channel"),
        Message(msgid, (("date", trigger), ("level", level))),
        "recurring",
        flags=_LEVEL_STALE if stale else (),
    )


def promised(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 001 §三(三)1 约定下次沟通时间; seed 000 约定的时间: call on the day promised.

    A promise is to call on that day, not to call about a topic: any reaching
    contact by the person who promised (or logged without a name) on or after
    the promised day keeps it, whatever touchpoint that contact names.
    """
    tp = "lead.promised"
    promise = current_promise(file, ctx.memo)
    if promise is None or promise.next_contact_on is None:
        yield _NO_PROMISE
        return
    day = promise.next_contact_on
    kept = next(
        (
            c
            for c in file.contacts
            if day <= c.contacted_on <= ctx.today
            and c.outcome in REACHING
            and c.touchpoint not in (None, tp)  # the engine's satisfaction covers the rest (SPEC 3)
            and (c.staff is None or promise.staff is None or c.staff == promise.staff)
        ),
        None,
    )
    if kept is not None:
        yield NotApplicable(
            tp, Message.of(N_("promise of {logged} kept on {date}"), logged=promise.contacted_on, date=kept.contacted_on)
        )
        return
    opens, due, role, channel = plain(ctx.policy, tp)
    if promise.staff is not None:
        for person in ctx.dealership.staff:
            if person.code == promise.staff:
                role = person.role or role  # a staff member without a role: the policy's
                break
    yield Proposal(
        tp,
        day + opens,
        day + due,
        role,
        channel,
        Message(N_("promised on {logged} to call on {date}"), (("date", day), ("logged", promise.contacted_on))),
        "one_off",
        staff=promise.staff,
    )


def purchase_window(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 001 §二 预计购车时间: call ahead of the day the prospect expects to buy."""
    tp = "lead.purchase_window"
    customer = file.customer
    if customer.stage != "prospect":
        yield _not_a_prospect(tp, file)
        return
    expected = customer.expected_purchase_on
    if expected is None:
        yield _NO_EXPECTED_PURCHASE
        return
    opens, due, role, channel = plain(ctx.policy, tp)
    yield Proposal(
        tp,
        expected + opens,
        expected + due,
        role,
        channel,
        Message(N_("expects to buy on {date}"), (("date", expected),)),
        "one_off",
    )


#: this family's touchpoints, in SPEC 3 order (``rules.touchpoint``; ``rules.catalogue`` gathers them)
TOUCHPOINTS = (
    Touchpoint("lead.welcome", welcome, "one_off", N_("welcome new lead")),
    Touchpoint("lead.cadence", cadence, "recurring", N_("lead follow-up")),
    Touchpoint("lead.promised", promised, "one_off", N_("promised call")),
    Touchpoint("lead.purchase_window", purchase_window, "one_off", N_("purchase date near")),
)
