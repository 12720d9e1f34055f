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
from types import MappingProxyType
from typing import Iterator

from followup_cli.message import Message, N_
from followup_cli.vocabulary import term
from followup_cli.rules.context import RuleContext, last_reaching_contact, latest_delivery, remembered
from followup_cli.rules.grading import effective_grade
from followup_cli.rules.model import REACHING, CustomerFile, NotApplicable, Proposal, Vehicle
from followup_cli.rules.policy import Policy
from followup_cli.rules.touchpoint import Touchpoint
from followup_cli.rules.windows import offsets, plain, policy_memo, setting

Answer = Iterator[Proposal | NotApplicable]


def _not_an_owner(tp: str, file: CustomerFile) -> NotApplicable:
    return NotApplicable(tp, Message.of(N_("not an owner (stage {stage})"), stage=term(file.customer.stage)))


_term = term


_NO_VEHICLE = Message.of(N_("no vehicle"))
_NO_DELIVERY_DATE = Message.of(N_("no delivery date"))
_NOT_SOLD_HERE = Message.of(N_("not sold here"))
_NO_VEHICLE_FOR = MappingProxyType({
    tp: NotApplicable(tp, _NO_VEHICLE)
    for tp in ("delivery.thanks", "delivery.manager_call", "delivery.visit", "delivery.week_call")
})


def _deliveries(tp: str, file: CustomerFile, ctx: RuleContext, sold_here_only: bool) -> Answer:
    """One proposal per delivered vehicle: ``tp``'s window from its ``delivered_on``."""
    if file.customer.stage != "owner":
        yield _not_an_owner(tp, file)
        return
    if not file.vehicles:
        yield _NO_VEHICLE_FOR[tp]
        return
    opens, due, role, channel = plain(ctx.policy, tp)
    for car in file.vehicles:
        delivered = car.delivered_on
        if delivered is None:
            yield NotApplicable(tp, _NO_DELIVERY_DATE, car.vin)
        elif car.sold_here is False or (sold_here_only and car.sold_here is not True):
            yield NotApplicable(tp, _NOT_SOLD_HERE, car.vin)
        else:
            why = remembered(ctx.memo, _delivered, car, lambda: _delivered(car))  # one message for all four
            yield Proposal(tp, delivered + opens, delivered + due, role, channel, why, "one_off", car.vin)


def _delivered(car: Vehicle) -> Message:
    return Message(N_("{model} delivered on {date}"), (("date", car.delivered_on), ("model", car.model or car.plate or car.vin)))


def thanks(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 000: 交车后 24 小时内寄出第一封感谢信 (vehicles sold here)."""
    return _deliveries("delivery.thanks", file, ctx, sold_here_only=True)


def manager_call(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 000: 销售经理 24 小时内第一次电话回访."""
    return _deliveries("delivery.manager_call", file, ctx, sold_here_only=False)


def visit(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 004 一般客户应对策略: 交车后三日亲访."""
    return _deliveries("delivery.visit", file, ctx, sold_here_only=False)


def week_call(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seeds 000, 001 §三(三)6: 一周内回访 — plates, first-service reminder."""
    return _deliveries("delivery.week_call", file, ctx, sold_here_only=False)


def keep_in_touch(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 004: 舊客拜訪以一個月至少電訪一次; seed 000: every two months for ordinary owners."""
    tp = "owner.keep_in_touch"
    if file.customer.stage != "owner":
        yield _not_an_owner(tp, file)
        return
    policy = ctx.policy
    grade = effective_grade(file, ctx.today, policy, ctx.memo)
    window = _keep_in_touch(policy, grade)
    if window is None:
        yield NotApplicable(tp, Message.of(N_("no keep-in-touch interval for {grade} owners"), grade=term(grade)))
        return
    last = last_reaching_contact(file, memo=ctx.memo)
    delivered = latest_delivery(file, ctx.memo)
    days = [d for d in (last.contacted_on if last else None, delivered) if d is not None]
    if not days:
        yield NotApplicable(tp, Message.of(N_("no contact and no delivery to count from")))
        return
    trigger = max(days)
    if last is not None and trigger == last.contacted_on:
        why = Message(N_("{grade} owner, last reached on {date}"), (("date", trigger), ("grade", _term(grade))))
    else:
        why = Message(N_("{grade} owner, delivered on {date}"), (("date", trigger), ("grade", _term(grade))))
    opens, due = window
    yield Proposal(
        tp,
        trigger + opens,
        trigger + due,
        setting(policy, "owner.keep_in_touch.role"),
        setting(policy, "owner.keep_in_touch.channel"),
        why,
        "recurring",
    )


def _keep_in_touch(policy: Policy, grade: str) -> tuple[timedelta, timedelta] | None:
    """The keep-in-touch window of ``grade`` owners (None: the policy has none)."""
    memo = policy_memo(policy)
    key = ("keep in touch", grade)
    if key not in memo:
        path = f"owner.keep_in_touch.{grade}"
        memo[key] = offsets(policy, path) if policy.has(path) else None
    return memo[key]


def last_home_visit(file: CustomerFile, opens_after: int) -> date | None:
    """The day the latest home visit counts from (see the module docstring), or None."""
    consultant = file.customer.owner
    delivered = latest_delivery(file)
    after = timedelta(days=opens_after)
    last: date | None = None
    for c in file.contacts:
        if c.outcome not in REACHING:
            continue
        if c.channel == "visit" or c.touchpoint == "owner.visit":
            last = c.contacted_on if last is None else max(last, c.contacted_on)
        elif c.touchpoint is None and (c.staff is None or consultant is None or c.staff == consultant):
            if last is None:
                base = delivered
            elif delivered is None:
                base = last
            else:
                base = max(last, delivered)
            if base is not None and c.contacted_on >= base + after:
                last = c.contacted_on
    return last


def home_visit(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 004: 三個月至少登門一次 (premium and potential owners)."""
    tp = "owner.visit"
    if file.customer.stage != "owner":
        yield _not_an_owner(tp, file)
        return
    policy = ctx.policy
    grade = effective_grade(file, ctx.today, policy, ctx.memo)
    if grade not in setting(policy, "owner.visit.grades"):
        yield NotApplicable(tp, Message.of(N_("no home visits for {grade} owners"), grade=term(grade)))
        return
    opens, due, role, channel = plain(policy, tp)
    visited = last_home_visit(file, opens.days)
    delivered = latest_delivery(file, ctx.memo)
    days = [d for d in (visited, delivered) if d is not None]
    if not days:
        yield NotApplicable(tp, Message.of(N_("no home visit and no delivery to count from")))
        return
    trigger = max(days)
    if visited is not None and trigger == visited:
        why = Message(N_("{grade} owner, last visited on {date}"), (("date", trigger), ("grade", _term(grade))))
    else:
        why = Message(N_("{grade} owner, delivered on {date}"), (("date", trigger), ("grade", _term(grade))))
    yield Proposal(tp, trigger + opens, trigger + due, role, channel, why, "recurring")


#: this family's touchpoints, in SPEC 3 order (``rules.touchpoint``; ``rules.catalogue`` gathers them)
TOUCHPOINTS = (
    Touchpoint("delivery.thanks", thanks, "one_off", N_("delivery thank-you")),
    Touchpoint("delivery.manager_call", manager_call, "one_off", N_("manager's delivery call"), scored=True),
    Touchpoint("delivery.visit", visit, "one_off", N_("3-day delivery visit")),
    Touchpoint("delivery.week_call", week_call, "one_off", N_("first-week call"), scored=True),
    Touchpoint("owner.keep_in_touch", keep_in_touch, "recurring", N_("keep in touch"), held=True),
    Touchpoint("owner.visit", home_visit, "recurring", N_("owner visit"), held=True),
)
