"""Expiry reminders per vehicle (seed 002 §预约 6)-7), seed 004 续保/年检): warranty, insurance, inspection.

Seed 002: "在客户车辆的质量保证期截止日期的前一个月和前两周,分别向目标客户发送邀请" and
the same for "保险期限截止日期". Two notices each: the first (a month ahead)
until the second opens (two weeks ahead), then the second. The first
notice carries ``lapses_on`` = the second's opening day, so an unanswered
first notice gives way instead of being listed twice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Iterable, Union

from followup_cli.message import Message, N_
from followup_cli.rules.context import RuleContext, until
from followup_cli.rules.model import CustomerFile, NotApplicable, Proposal
from followup_cli.rules.service import no_vehicle
from followup_cli.rules.touchpoint import Touchpoint
from followup_cli.rules.windows import two_notices

Item = Union[Proposal, NotApplicable]

_DAY = timedelta(days=1)


def _expiry(
    touchpoint: str,
    file: CustomerFile,
    ctx: RuleContext,
    field: str,
    reason_msgid: str,
    missing_msgid: str,
    past_msgid: str,
) -> Iterable[Item]:
    """Two notices before ``field``'s date; an item still listed after it says how long ago it was (SPEC 3)."""
    if not file.vehicles:
        yield no_vehicle(touchpoint)
        return
    missing = Message.of(missing_msgid)
    for vehicle in file.vehicles:
        ends: date | None = getattr(vehicle, field)
        if ends is None:
            yield NotApplicable(touchpoint, missing, vehicle.vin)
            continue
        if ends < ctx.today:
            reason = Message(past_msgid, (("date", ends), ("days", (ctx.today - ends).days)))
            # "ended N days ago" reads one more each day
            notice = two_notices(ctx, touchpoint, ends, reason, "one_off", vin=vehicle.vin)
            then = notice.then if notice.then is None else replace(notice.then, days_since=ends)  # it counts on too
            yield replace(notice, days_since=ends, then=then)
        else:
            until(ctx.memo, ends + _DAY)  # from the day after, it reads "ended N days ago"
            reason = Message(reason_msgid, (("date", ends),))
            yield two_notices(ctx, touchpoint, ends, reason, "one_off", vin=vehicle.vin)


def warranty(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 002: invite a month and two weeks before the warranty (质量保证期) ends."""
    return _expiry(
        "expiry.warranty",
        file,
        ctx,
        "warranty_ends_on",
        N_("warranty ends on {date}"),
        N_("no warranty end date"),
        N_("warranty ended on {date}, {days} days ago"),
    )


def insurance(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 002: invite to renew insurance a month and two weeks before it ends (seed 004 续保)."""
    return _expiry(
        "expiry.insurance",
        file,
        ctx,
        "insurance_ends_on",
        N_("insurance ends on {date}"),
        N_("no insurance end date"),
        N_("insurance ended on {date}, {days} days uninsured"),
    )


def inspection(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 004: 年检通知 — remind a month and two weeks before the annual inspection is due."""
    return _expiry(
        "expiry.inspection",
        file,
        ctx,
        "inspection_due_on",
        N_("annual inspection due on {date}"),
        N_("no inspection due date"),
        N_("annual inspection overdue since {date} ({days} days)"),
    )


#: this family's touchpoints, in SPEC 3 order (``rules.touchpoint``; ``rules.catalogue`` gathers them)
TOUCHPOINTS = (
    Touchpoint("expiry.warranty", warranty, "one_off", N_("warranty ends")),
    Touchpoint("expiry.insurance", insurance, "one_off", N_("insurance renewal")),
    Touchpoint("expiry.inspection", inspection, "one_off", N_("annual inspection")),
)

