"""Occasion touchpoints (seeds 000, 001, 003, 004): birthdays, delivery anniversaries, holidays, referral thanks.

Greetings lapse the day after they are due (SPEC 3 Lapsing). For a yearly
occasion the rule proposes this year's date (or next year's once its window
has opened, so a 2 January birthday is greeted on 31 December); see
:func:`followup_cli.rules.calendar.this_years_occurrence`. Birthday,
anniversary and holiday greetings go by phone or SMS: a customer without a
phone number gets none of them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from types import MappingProxyType
from typing import Iterable, Union

from followup_cli.message import Message, N_
from followup_cli.rules.calendar import (
    HOLIDAY_LABELS,
    current_holiday,
    lunar_birthdays,
    parse_month_day,
    same_day_in_year,
    following_occurrence,
    this_years_occurrence,
)
from followup_cli.rules.context import RuleContext, until
from followup_cli.rules.grading import effective_grade
from followup_cli.rules.model import CustomerFile, NotApplicable, Proposal
from followup_cli.rules.touchpoint import Touchpoint
from followup_cli.rules.windows import offsets, propose, setting

Item = Union[Proposal, NotApplicable]


def _years(today: date) -> range:
    """Last year to next year: enough for any window around today."""
    return range(today.year - 1, today.year + 2)


def _greeting(
    ctx: RuleContext,
    touchpoint: str,
    trigger: date,
    reason: Message,
    vin: str | None = None,
    role: str | None = None,
    channel: str | None = None,
) -> Proposal:
    return propose(ctx, touchpoint, trigger, reason, "greeting", vin=vin, role=role, channel=channel)


_NO_PHONE = MappingProxyType({
    tp: NotApplicable(tp, Message.of(N_("no phone number")))
    for tp in ("occasion.birthday", "occasion.anniversary", "occasion.holiday")
})


def _no_phone(file: CustomerFile, touchpoint: str) -> NotApplicable | None:
    if not (file.customer.phone and file.customer.phone.strip()):
        return _NO_PHONE[touchpoint]
    return None


class _Day:
    """Answers that depend only on the day and the policy, not on the customer (kept for one day)."""

    def __init__(self, ctx: RuleContext):
        self.policy = ctx.policy
        self.today = ctx.today
        self.birthdays: dict[object, object] = {}
        self.anniversaries: dict[date, object] = {}
        self.holiday: tuple[Item, date] | None = None


def _day(ctx: RuleContext) -> _Day:
    """The day's answers, kept in the evaluation's memo (the context is one day's)."""
    found = ctx.memo.get(_Day)
    if found is None:
        found = ctx.memo[_Day] = _Day(ctx)
    return found


_NO_BIRTHDAY = NotApplicable("occasion.birthday", Message.of(N_("no birthday")))
_OUT_OF_RANGE = NotApplicable("occasion.birthday", Message.of(N_("lunar birthday outside the lunar calendar's range")))


def birthday(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 000/004: birthday greetings — an SMS from CRM, a call from the consultant for premium customers.

    The lunar birthday (农历生日, ``MM-DD``) wins when given: whoever recorded
    it celebrates that one. It is converted to this year's solar date; a 30th
    in a 29-day lunar month falls on the 29th. A 29 February solar birthday
    is greeted on 28 February in common years.
    """
    touchpoint = "occasion.birthday"
    if (missing := _no_phone(file, touchpoint)) is not None:
        yield missing
        return
    customer = file.customer
    lunar = parse_month_day(customer.lunar_birthday)
    if lunar is not None:
        key: object = customer.lunar_birthday
    elif customer.birthday is not None:
        key = (customer.birthday.month, customer.birthday.day)
    else:
        yield _NO_BIRTHDAY
        return
    # the greeting depends on the birthday and the day only: worked out once per birthday
    known = _day(ctx).birthdays
    found = known.get(key)
    if found is None:
        found = known[key] = _birthday_greeting(customer.lunar_birthday, lunar, customer.birthday, ctx)
    greeting, changes = found
    until(ctx.memo, changes)
    if isinstance(greeting, NotApplicable):
        yield greeting
        return
    plain_greeting, premium_greeting = greeting  # type: ignore[misc]
    if effective_grade(file, ctx.today, ctx.policy, ctx.memo) == "premium":
        yield premium_greeting
    else:
        yield plain_greeting


def _birthday_greeting(
    lunar_text: str | None, lunar: tuple[int, int] | None, solar: date | None, ctx: RuleContext
) -> tuple[NotApplicable | tuple[Proposal, Proposal], date]:
    """The birthday greeting (for everyone, then for premium customers) of a lunar or a solar birthday,
    and the day it may change (:func:`occurrence_changes`)."""
    touchpoint = "occasion.birthday"
    years = _years(ctx.today)
    occurrences: list[tuple[date, object]]
    if lunar is not None:
        occurrences = [(d, "lunar") for d in lunar_birthdays(lunar[0], lunar[1], years)]
    else:
        assert solar is not None
        occurrences = [(same_day_in_year(solar, y), "solar") for y in years]
    window = offsets(ctx.policy, touchpoint)
    chosen = this_years_occurrence(occurrences, ctx.today, *window)
    following, changes = following_occurrence(occurrences, ctx.today, *window, chosen)
    if chosen is None:
        return _OUT_OF_RANGE, changes
    role = setting(ctx.policy, f"{touchpoint}.premium_role")
    channel = setting(ctx.policy, f"{touchpoint}.premium_channel")

    def greetings(day: date, kind: object) -> tuple[Proposal, Proposal]:
        if kind == "lunar":
            reason = Message.of(N_("lunar birthday ({lunar}) on {date}"), lunar=lunar_text.strip(), date=day)  # type: ignore[union-attr]
        else:
            reason = Message.of(N_("birthday on {date}"), date=day)
        return _greeting(ctx, touchpoint, day, reason), _greeting(ctx, touchpoint, day, reason, role=role, channel=channel)

    now = greetings(*chosen)
    if following is None:
        return now, changes
    after = greetings(*following)
    return (replace(now[0], then=after[0]), replace(now[1], then=after[1])), changes


_NO_VEHICLE = NotApplicable("occasion.anniversary", Message.of(N_("no vehicle")))
_NO_DELIVERY_DATE = Message.of(N_("no delivery date"))


def anniversary(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 000: greet each vehicle's delivery anniversary (购车周年), from the first anniversary on."""
    touchpoint = "occasion.anniversary"
    if not file.vehicles:
        yield _NO_VEHICLE
        return
    if (missing := _no_phone(file, touchpoint)) is not None:
        yield missing
        return
    known = _day(ctx).anniversaries
    for vehicle in file.vehicles:
        delivered = vehicle.delivered_on
        if delivered is None:
            yield NotApplicable(touchpoint, _NO_DELIVERY_DATE, vehicle.vin)
            continue
        # the greeting depends on the delivery day and today only: worked out once per delivery day
        found = known.get(delivered)
        if found is None:
            found = known[delivered] = _anniversary(delivered, ctx)
        chosen, changes = found
        until(ctx.memo, changes)
        if isinstance(chosen, Message):
            yield NotApplicable(touchpoint, chosen, vehicle.vin)
            continue
        (day, reason), following = chosen  # type: ignore[misc]
        greeting = _greeting(ctx, touchpoint, day, reason, vin=vehicle.vin)
        if following is not None:
            greeting = replace(greeting, then=_greeting(ctx, touchpoint, *following, vin=vehicle.vin))
        yield greeting


def _anniversary(delivered: date, ctx: RuleContext) -> tuple[Message | tuple[tuple[date, Message], tuple | None], date]:
    """This year's anniversary of a delivery on ``delivered`` and its reason (and the next one's, which
    takes over), or why there is none; and the day anything else may change (:func:`following_occurrence`)."""
    opens, due = offsets(ctx.policy, "occasion.anniversary")
    occurrences: list[tuple[date, object]] = [
        (same_day_in_year(delivered, y), y - delivered.year) for y in _years(ctx.today) if y > delivered.year
    ]
    chosen = this_years_occurrence(occurrences, ctx.today, opens, due)
    following, changes = following_occurrence(occurrences, ctx.today, opens, due, chosen)
    if chosen is None:
        return Message.of(N_("delivered on {date}"), date=delivered), changes

    def greeting(day: date, years: object) -> tuple[date, Message]:
        return day, Message.of(N_("{years}-year delivery anniversary on {date}"), years=years, date=day)

    return (greeting(*chosen), None if following is None else greeting(*following)), changes


def holiday(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 000/004: holiday greetings (重大节日问候) — Spring Festival, Mid-Autumn, National Day, New Year's Day.

    Dates from the ``holidays`` package's China calendar (policy
    ``occasion.holiday.names``). Every customer with a phone, whatever the
    stage (SPEC suppression 3 keeps it for lost customers). Two holidays on
    one day are one greeting.
    """
    touchpoint = "occasion.holiday"
    if (missing := _no_phone(file, touchpoint)) is not None:
        yield missing
        return
    day = _day(ctx)
    if day.holiday is None:  # the same greeting for every customer with a phone
        day.holiday = _holiday(ctx)
    greeting, changes = day.holiday
    until(ctx.memo, changes)
    yield greeting


def _holiday(ctx: RuleContext) -> tuple[Item, date]:
    """The day's holiday greeting and the day it may change."""
    touchpoint = "occasion.holiday"
    names = tuple(setting(ctx.policy, f"{touchpoint}.names"))
    window = offsets(ctx.policy, touchpoint)
    chosen, following, changes = current_holiday(names, ctx.today, *window)
    if chosen is None:
        return NotApplicable(touchpoint, Message.of(N_("no holiday in the calendar"))), changes

    def greeting(day: date, keys: tuple[str, ...]) -> Proposal:
        labels = [HOLIDAY_LABELS[k] for k in keys]
        label = labels[0]
        for other in labels[1:]:
            label = Message.of(N_("{first} and {second}"), first=label, second=other)
        return _greeting(ctx, touchpoint, day, Message.of(N_("{holiday} on {date}"), holiday=label, date=day))

    now = greeting(*chosen)
    return (now if following is None else replace(now, then=greeting(*following))), changes


_NO_REFERRAL = NotApplicable("referral.thanks", Message.of(N_("no referral")))


def referral_thanks(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 003/004: thank a customer for each new customer they referred (referral rewards).

    One item per referred customer whose thank-you is still ahead or open;
    when none is, the latest referral's (lapsed or satisfied) so ``why``
    shows it.
    """
    touchpoint = "referral.thanks"
    if not file.referrals:
        yield _NO_REFERRAL
        return
    referred = sorted(
        (r for r in file.referrals if r.created_on is not None and r.created_on <= ctx.today),
        key=lambda r: (r.created_on, r.customer_id),
    )
    if not referred:
        yield _NO_REFERRAL
        return
    proposals = []
    for r in referred:
        assert r.created_on is not None
        reason = Message.of(
            N_("referred {name} ({customer_id}) on {date}"), name=r.name, customer_id=r.customer_id, date=r.created_on
        )
        proposals.append(_greeting(ctx, touchpoint, r.created_on, reason))
    current = [p for p in proposals if p.due_on >= ctx.today]
    for p in current:
        until(ctx.memo, p.due_on + timedelta(days=1))  # from then on it is not current
    yield from current or proposals[-1:]


#: this family's touchpoints, in SPEC 3 order (``rules.touchpoint``; ``rules.catalogue`` gathers them)
TOUCHPOINTS = (
    Touchpoint("occasion.birthday", birthday, "greeting", N_("birthday"), held=True),
    Touchpoint("occasion.anniversary", anniversary, "greeting", N_("purchase anniversary"), held=True),
    Touchpoint("occasion.holiday", holiday, "greeting", N_("holiday greeting"), when_lost=True, held=True),
    Touchpoint("referral.thanks", referral_thanks, "greeting", N_("referral thanks"), held=True),
)
