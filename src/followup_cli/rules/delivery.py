"""Delivery follow-up and keeping in touch with owners (seeds 000, 001, 004).

The delivery items are per vehicle and count from its ``delivered_on``;
they are for customers at stage ``owner``. ``delivery.thanks`` is for
vehicles sold here (``sold_here`` true); the other delivery calls are
skipped only for a vehicle known to be sold elsewhere (``sold_here``
false): a blank ``sold_here`` does not stop the manager's call.

The owner items recur. ``owner.keep_in_touch`` counts from the last
reaching contact by anyone (SPEC 3: an advisor's callback keeps the
customer in touch too) or the latest delivery, whichever is later; its
window depends on the owner's grade (seed 004). ``owner.visit`` counts
from the last home visit — a reaching ``visit``-channel contact, a contact
naming ``owner.visit``, or an untagged reaching contact by the consultant
made while a visit was due (it satisfied that visit, SPEC 3) — or the
latest delivery, whichever is later.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterator

from followup_cli.message import Message, N_
from followup_cli.vocabulary import term
from followup_cli.rules.context import RuleContext, last_reaching_contact, latest_delivery
from followup_cli.rules.grading import effective_grade
from followup_cli.rules.model import REACHING, CustomerFile, NotApplicable, Proposal, Vehicle

Answer = Iterator[Proposal | NotApplicable]


def _not_an_owner(tp: str, file: CustomerFile) -> NotApplicable:
    return NotApplicable(tp, Message.of(N_("not an owner (stage {stage})"), stage=term(file.customer.stage)))


def _deliveries(tp: str, file: CustomerFile, ctx: RuleContext, sold_here_only: bool) -> Answer:
    """One proposal per delivered vehicle: ``tp``'s window from its ``delivered_on``."""
    if file.customer.stage != "owner":
        yield _not_an_owner(tp, file)
        return
    if not file.vehicles:
        yield NotApplicable(tp, Message.of(N_("no vehicle")))
        return
    w = ctx.policy.window(tp)
    for car in file.vehicles:
        if car.delivered_on is None:
            yield NotApplicable(tp, Message.of(N_("no delivery date")), vin=car.vin)
        elif car.sold_here is False or (sold_here_only and car.sold_here is not True):
            yield NotApplicable(tp, Message.of(N_("not sold here")), vin=car.vin)
        else:
            yield Proposal(
                touchpoint=tp,
                opens_on=car.delivered_on + timedelta(days=w.opens),
                due_on=car.delivered_on + timedelta(days=w.due),
                role=ctx.policy.get(f"{tp}.role"),
                channel=ctx.policy.get(f"{tp}.channel"),
                reason=_delivered(car),
                lapse="one_off",
                vin=car.vin,
            )


def _delivered(car: Vehicle) -> Message:
    return Message.of(N_("{model} delivered on {date}"), model=car.model or car.plate or car.vin, date=car.delivered_on)


def thanks(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 000: 交车后 24 小时内寄出第一封感谢信 (vehicles sold here)."""
    yield from _deliveries("delivery.thanks", file, ctx, sold_here_only=True)


def manager_call(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 000: 销售经理 24 小时内第一次电话回访."""
    yield from _deliveries("delivery.manager_call", file, ctx, sold_here_only=False)


def visit(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 004 一般客户应对策略: 交车后三日亲访."""
    yield from _deliveries("delivery.visit", file, ctx, sold_here_only=False)


def week_call(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seeds 000, 001 §三(三)6: 一周内回访 — plates, first-service reminder."""
    yield from _deliveries("delivery.week_call", file, ctx, sold_here_only=False)


def keep_in_touch(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 004: 舊客拜訪以一個月至少電訪一次; seed 000: every two months for ordinary owners."""
    tp = "owner.keep_in_touch"
    if file.customer.stage != "owner":
        yield _not_an_owner(tp, file)
        return
    grade = effective_grade(file, ctx.today, ctx.policy)
    if not ctx.policy.has(f"{tp}.{grade}"):
        yield NotApplicable(tp, Message.of(N_("no keep-in-touch interval for {grade} owners"), grade=term(grade)))
        return
    last = last_reaching_contact(file)
    delivered = latest_delivery(file)
    days = [d for d in (last.contacted_on if last else None, delivered) if d is not None]
    if not days:
        yield NotApplicable(tp, Message.of(N_("no contact and no delivery to count from")))
        return
    trigger = max(days)
    if last is not None and trigger == last.contacted_on:
        why = Message.of(N_("{grade} owner, last reached on {date}"), grade=term(grade), date=trigger)
    else:
        why = Message.of(N_("{grade} owner, delivered on {date}"), grade=term(grade), date=trigger)
    w = ctx.policy.window(f"{tp}.{grade}")
    yield Proposal(
        touchpoint=tp,
        opens_on=trigger + timedelta(days=w.opens),
        due_on=trigger + timedelta(days=w.due),
        role=ctx.policy.get(f"{tp}.role"),
        channel=ctx.policy.get(f"{tp}.channel"),
        reason=why,
        lapse="recurring",
    )


def last_home_visit(file: CustomerFile, opens_after: int) -> date | None:
    """The day the latest home visit counts from (see the module docstring), or None."""
    consultant = file.customer.owner
    delivered = latest_delivery(file)
    last: date | None = None
    for c in file.contacts:
        if c.outcome not in REACHING:
            continue
        if c.channel == "visit" or c.touchpoint == "owner.visit":
            last = c.contacted_on if last is None else max(last, c.contacted_on)
        elif c.touchpoint is None and (c.staff is None or consultant is None or c.staff == consultant):
            base = max((d for d in (last, delivered) if d is not None), default=None)
            if base is not None and c.contacted_on >= base + timedelta(days=opens_after):
                last = c.contacted_on
    return last


def home_visit(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 004: 三個月至少登門一次 (premium and potential owners)."""
    tp = "owner.visit"
    if file.customer.stage != "owner":
        yield _not_an_owner(tp, file)
        return
    grade = effective_grade(file, ctx.today, ctx.policy)
    if grade not in ctx.policy.get(f"{tp}.grades"):
        yield NotApplicable(tp, Message.of(N_("no home visits for {grade} owners"), grade=term(grade)))
        return
    w = ctx.policy.window(tp)
    visited = last_home_visit(file, w.opens)
    delivered = latest_delivery(file)
    days = [d for d in (visited, delivered) if d is not None]
    if not days:
        yield NotApplicable(tp, Message.of(N_("no home visit and no delivery to count from")))
        return
    trigger = max(days)
    if visited is not None and trigger == visited:
        why = Message.of(N_("{grade} owner, last visited on {date}"), grade=term(grade), date=trigger)
    else:
        why = Message.of(N_("{grade} owner, delivered on {date}"), grade=term(grade), date=trigger)
    yield Proposal(
        touchpoint=tp,
        opens_on=trigger + timedelta(days=w.opens),
        due_on=trigger + timedelta(days=w.due),
        role=ctx.policy.get(f"{tp}.role"),
        channel=ctx.policy.get(f"{tp}.channel"),
        reason=why,
        lapse="recurring",
    )


RULES = (thanks, manager_call, visit, week_call, keep_in_touch, home_visit)
