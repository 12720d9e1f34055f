"""Lost and quasi-lost prospects (seed 004 战败客户跟踪管理; seed 001 §三(三)7).

Seed 004 separates 准战败 (quasi-lost: has not bought elsewhere, intent
unclear) from 战败 (lost: bought a competitor's car). A quasi-lost customer
gets a manager's second follow-up, twice, to remove false defeats (虚战败);
a lost customer goes to the competitor pool and is invited to events.
Either is asked, politely, why — until a defeat category is recorded. Every
defeat is verified by a manager (``lost.verify``), and a quasi-lost customer
still undecided after the rechecks is on a manager's list until the stage
changes (``lost.decide``).

``lost.reason``, ``lost.verify`` and ``lost.decide`` are answered here, by
what is recorded (a category, a manager's verification, a new stage), never
by whatever call the engine sees: their declarations say ``answered_by_record``.

``lost.competitor_care`` is recurring: it counts from the last reaching
contact or ``lost_on``, whichever is later, so each reaching contact starts
the next interval.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Iterator

from followup_cli.message import Message, N_
from followup_cli.vocabulary import LOST_CATEGORY_LABELS, term
from followup_cli.rules.assign import assign, staff_book
from followup_cli.rules.context import RuleContext, last_reaching_contact, until
from followup_cli.rules.model import (
    LOST_CATEGORIES,
    REACHING,
    Contact,
    CustomerFile,
    NotApplicable,
    Proposal,
)
from followup_cli.rules.touchpoint import Touchpoint
from followup_cli.rules.windows import plain

Answer = Iterator[Proposal | NotApplicable]

def _wrong_stage(tp: str, msgid: str, stage: str) -> NotApplicable:
    """The answer for a customer at another stage."""
    return NotApplicable(tp, Message.of(msgid, stage=term(stage)))


_NO_LOST_DATE = Message.of(N_("no lost date"))


def reason(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 001 §三(三)7 未成交客户: 礼貌询问未成交原因, 记录反馈; seed 004 (二) 战败原因统计.

    Listed while ``lost_category`` is blank: recording a category (``log
    --lost-category``, ``customer edit``, an import) answers it, a call alone
    does not (the reason must be counted, seed 004's 价格高 / 资金不到位 ...).
    """
    tp = "lost.reason"
    customer = file.customer
    if customer.stage not in ("quasi_lost", "lost"):
        yield _wrong_stage(tp, N_("not lost (stage {stage})"), customer.stage)
        return
    if customer.lost_category:
        yield NotApplicable(tp, Message.of(N_("category recorded: {category}"), category=term(customer.lost_category)))
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
        Message(N_("lost on {date}, category not recorded"), (("date", lost_on),)),
        "one_off",
    )


def _not_quasi_lost(tp: str, customer) -> NotApplicable | None:
    """Why a quasi-lost rule has nothing for ``customer`` (another stage, no lost date), else None."""
    if customer.stage != "quasi_lost":
        return _wrong_stage(tp, N_("not quasi-lost (stage {stage})"), customer.stage)
    if customer.lost_on is None:
        return NotApplicable(tp, _NO_LOST_DATE)
    return None


def recheck(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 004: 通过战败后的二次跟踪, 降低战败率, 减少由于错误的判断而导致的"虚"战败.

    Two windows after ``lost_on``: the first until the second opens (then it
    lapses), then the second.
    """
    tp = "lost.recheck"
    customer = file.customer
    not_quasi_lost = _not_quasi_lost(tp, customer)
    if not_quasi_lost is not None:
        yield not_quasi_lost
        return
    first, second = ctx.policy.window(f"{tp}.first"), ctx.policy.window(f"{tp}.second")
    second_opens = customer.lost_on + timedelta(days=second.opens)
    role, channel = ctx.policy.get(f"{tp}.role"), ctx.policy.get(f"{tp}.channel")
    if ctx.today < second_opens:
        until(ctx.memo, second_opens)
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
    last = last_reaching_contact(file, memo=ctx.memo)
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


def verifying_contact(file: CustomerFile, ctx: RuleContext, assigned: str | None) -> Contact | None:
    """The manager's reaching contact on or after ``lost_on`` that verified the defeat, else None.

    A contact naming ``lost.verify`` by a manager (or by nobody: an imported
    DMS contact), or an untagged one by ``assigned`` (the manager the item
    went to).
    """
    lost_on = file.customer.lost_on
    if lost_on is None:
        return None
    book = staff_book(ctx.dealership, ctx.memo)
    for contact in file.contacts:
        if contact.contacted_on < lost_on or contact.outcome not in REACHING:
            continue
        if contact.touchpoint == "lost.verify":
            who = book.by_code.get(contact.staff) if contact.staff else None
            if contact.staff is None or (who is not None and who.role == "manager"):
                return contact
        elif contact.touchpoint is None and assigned is not None and contact.staff == assigned:
            return contact
    return None


def verify(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 004 (三): 对所有战败客户由核实后转交批售经理统一分配跟踪维护; 减少由于错误的判断而导致的"虚"战败.

    Every defeat is verified by a manager of the owner's team within
    ``lost.verify`` days of ``lost_on``. A verification that finds a false
    defeat moves the customer back to ``prospect`` (``log --stage prospect
    --level B``), which ``report defeats`` counts as recovered.
    """
    tp = "lost.verify"
    customer = file.customer
    if customer.stage != "lost":
        yield _wrong_stage(tp, N_("not lost (stage {stage})"), customer.stage)
        return
    lost_on = customer.lost_on
    if lost_on is None:
        yield NotApplicable(tp, _NO_LOST_DATE)
        return
    opens, due, role, channel = plain(ctx.policy, tp)
    proposal = Proposal(
        tp,
        lost_on + opens,
        lost_on + due,
        role,
        channel,
        Message.of(N_("lost on {date}: a manager verifies the defeat"), date=lost_on),
        "one_off",
    )
    done = verifying_contact(file, ctx, assign(proposal, file, staff_book(ctx.dealership, ctx.memo)))
    if done is not None:
        yield NotApplicable(tp, _verified(done))
        return
    yield proposal


def _verified(contact: Contact) -> Message:
    if contact.staff is None:
        return Message.of(N_("defeat verified on {date}"), date=contact.contacted_on)
    return Message.of(N_("defeat verified on {date} by {staff}"), date=contact.contacted_on, staff=contact.staff)


def decide(file: CustomerFile, ctx: RuleContext) -> Answer:
    """Seed 004 (三): 将战败客户先导入战败客源管理系统, 进行过滤, 消除虚战败 — quasi-lost is a filter, not a state.

    A quasi-lost customer still quasi-lost ``lost.decide.opens`` days after the
    second recheck's due date is on a manager's list, overdue, until the stage
    changes: back to ``prospect`` with a level, or ``lost``.
    """
    tp = "lost.decide"
    customer = file.customer
    not_quasi_lost = _not_quasi_lost(tp, customer)
    if not_quasi_lost is not None:
        yield not_quasi_lost
        return
    second = ctx.policy.window("lost.recheck.second")
    opens, due, role, channel = plain(ctx.policy, tp)
    rechecked = customer.lost_on + timedelta(days=second.due)
    yield Proposal(
        tp,
        rechecked + opens,
        rechecked + due,
        role,
        channel,
        Message.of(N_("quasi-lost since {date}, still undecided: back to prospect with a level, or lost"), date=customer.lost_on),
        "recurring",
    )


def stage_refusal(
    stage: str | None,
    category: str | None,
    competitor: str | None,
    stage_before: str | None = None,
    level: str | None = None,
) -> tuple[str, Message] | None:
    """Seed 004's definitions, as SPEC 2 states them: what a change to ``stage`` still lacks, else None.

    Returns the customers.csv column that is missing and why. 准战败
    (``quasi_lost``) needs a category; 战败 (``lost``: bought a competitor or
    lost contact) needs a competitor unless the category is ``lost_contact``;
    a defeat taken back to ``prospect`` needs an intent level (seed 001: every
    prospect is classified). ``category``, ``competitor`` and ``level`` are the
    values after the change. ``log --stage`` and ``customer edit`` refuse with
    this; an import only warns (DMS history has no categories).
    """
    if stage == "quasi_lost" and not category:
        return "lost_category", Message.of(
            N_("a quasi-lost customer needs a lost category; categories: {categories}"), categories=category_list()
        )
    if stage == "lost" and not competitor and category != "lost_contact":
        return "competitor", Message.of(
            N_("a lost customer needs a competitor (the brand bought) unless the category is lost_contact")
        )
    if stage == "prospect" and stage_before in ("quasi_lost", "lost") and not level:
        return "intent_level", Message.of(N_("a defeat taken back to prospect needs an intent level: A, B, C or D"))
    return None


def category_list() -> Message:
    """Every category with its label: "model (model not liked), price (price too high), ..." in the reader's words."""
    parts = [Message.of(N_("{value} ({label})"), value=c, label=Message(LOST_CATEGORY_LABELS[c])) for c in LOST_CATEGORIES]
    listed = parts[-1]
    for part in reversed(parts[:-1]):
        listed = Message.of(N_("{first}, {rest}"), first=part, rest=listed)  # zh: 、
    return listed


#: this family's touchpoints, in SPEC 3 order (``rules.touchpoint``; ``rules.catalogue`` gathers them)
TOUCHPOINTS = (
    Touchpoint("lost.reason", reason, "one_off", N_("ask why lost"), when_lost=True, answered_by_record=True),
    Touchpoint("lost.recheck", recheck, "one_off", N_("recheck defeat"), when_lost=True),
    Touchpoint("lost.competitor_care", competitor_care, "recurring", N_("competitor-owner care"),
               when_lost=True, marketing=True),
    Touchpoint("lost.verify", verify, "one_off", N_("verify defeat"), when_lost=True, answered_by_record=True),
    Touchpoint("lost.decide", decide, "recurring", N_("decide quasi-lost"),
               when_lost=True, answered_by_record=True),
)
