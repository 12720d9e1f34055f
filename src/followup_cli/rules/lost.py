"""Lost and quasi-lost prospects (seed 004 战败客户跟踪管理; seed 001 §三(三)7).

Seed 004 separates 准战败 (quasi-lost: has not bought elsewhere, intent
unclear) from 战败 (lost: bought a competitor's car). A quasi-lost customer
gets a manager's second follow-up, twice, to remove false defeats (虚战败);
a lost customer goes to the competitor pool and is invited to events.
Either is asked, politely, why — when the reason was not recorded.

``lost.competitor_care`` is recurring: it counts from the last reaching
contact or ``lost_on``, whichever is later, so each reaching contact starts
the next interval.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Iterator

from followup_cli.message import Message, N_
from followup_cli.vocabulary import term
from followup_cli.rules.context import RuleContext, last_reaching_contact
from followup_cli.rules.model import CustomerFile, NotApplicable, Proposal
from followup_cli.rules.windows import plain

Answer = Iterator[Proposal | NotApplicable]

_STAGE_ANSWERS: dict[tuple[str, str, str], NotApplicable] = {}


def _wrong_stage(tp: str, msgid: str, stage: str) -> NotApplicable:
    """The answer for a customer at another stage: one per touchpoint and stage serves every customer."""
    found = _STAGE_ANSWERS.get((tp, msgid, stage))
    if found is None:
        found = _STAGE_ANSWERS[(tp, msgid, stage)] = NotApplicable(tp, Message.of(msgid, stage=term(stage)))
    return found


_NO_LOST_DATE = Message.of(N_("no lost date"))


def reason(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 001 §三(三)7 未成交客户: 礼貌询问未成交原因, 记录反馈."""
    tp = "lost.reason"
    customer = file.customer
    if customer.stage not in ("quasi_lost", "lost"):
        yield _wrong_stage(tp, N_("not lost (stage {stage})"), customer.stage)
        return
    if customer.lost_reason:
        yield NotApplicable(tp, Message.of(N_("reason already recorded: {reason}"), reason=customer.lost_reason))
        return
    lost_on = customer.lost_on
    if lost_on is None:
        yield NotApplicable(tp, _NO_LOST_DATE)
        return
    opens, due, role, channel = plain(ctx.policy, tp)
    yield Proposal(
        tp,
        lost_on + opens,
        lost_on + due,
        role,
        channel,
        Message(N_("lost on {date}, reason not recorded"), (("date", lost_on),)),
        "one_off",
    )


def recheck(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 004: 通过战败后的二次跟踪, 降低战败率, 减少由于错误的判断而导致的"虚"战败.

    Two windows after ``lost_on``: the first until the second opens (then it
    lapses), then the second.
    """
    tp = "lost.recheck"
    customer = file.customer
    if customer.stage != "quasi_lost":
        yield _wrong_stage(tp, N_("not quasi-lost (stage {stage})"), customer.stage)
        return
    if customer.lost_on is None:
        yield NotApplicable(tp, _NO_LOST_DATE)
        return
    first, second = ctx.policy.window(f"{tp}.first"), ctx.policy.window(f"{tp}.second")
    second_opens = customer.lost_on + timedelta(days=second.opens)
    role, channel = ctx.policy.get(f"{tp}.role"), ctx.policy.get(f"{tp}.channel")
    if ctx.today < second_opens:
        yield Proposal(
            touchpoint=tp,
            opens_on=customer.lost_on + timedelta(days=first.opens),
            due_on=customer.lost_on + timedelta(days=first.due),
            role=role,
            channel=channel,
            reason=Message.of(N_("quasi-lost on {date}: first recheck"), date=customer.lost_on),
            lapse="one_off",
            lapses_on=second_opens,
        )
    else:
        yield Proposal(
            touchpoint=tp,
            opens_on=second_opens,
            due_on=customer.lost_on + timedelta(days=second.due),
            role=role,
            channel=channel,
            reason=Message.of(N_("quasi-lost on {date}: second recheck"), date=customer.lost_on),
            lapse="one_off",
        )


def competitor_care(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 004: 将最终战败客户导入竞品客源管理系统; 邀请战败客户和竞品客户参加联谊会或新品上市活动."""
    tp = "lost.competitor_care"
    customer = file.customer
    if customer.stage != "lost":
        yield _wrong_stage(tp, N_("not lost (stage {stage})"), customer.stage)
        return
    last = last_reaching_contact(file)
    days = [d for d in (customer.lost_on, last.contacted_on if last else None) if d is not None]
    if not days:
        yield NotApplicable(tp, _NO_LOST_DATE)
        return
    trigger = max(days)
    if last is not None and trigger == last.contacted_on:
        why = Message.of(N_("lost to a competitor; last reached on {date}"), date=trigger)
    else:
        why = Message.of(N_("lost to a competitor on {date}"), date=trigger)
    w = ctx.policy.window(tp)
    yield Proposal(
        touchpoint=tp,
        opens_on=trigger + timedelta(days=w.opens),
        due_on=trigger + timedelta(days=w.due),
        role=ctx.policy.get(f"{tp}.role"),
        channel=ctx.policy.get(f"{tp}.channel"),
        reason=why,
        lapse="recurring",
    )


RULES = (reason, recheck, competitor_care)
