"""What every rule receives besides the customer's file, and the history questions rules share.

A rule is a plain function ``rule(file: CustomerFile, ctx: RuleContext) ->
Iterable[Proposal | NotApplicable]``. Each family module (``sales``, ``lost``,
``delivery``, ``service``, ``expiry``, ``campaigns``, ``occasions``)
declares its touchpoints, each with the rule that proposes it, in a
module-level tuple ``TOUCHPOINTS`` (``rules.touchpoint``); ``catalogue``
derives the engine's rule list from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable, Union

from followup_cli.rules.model import (
    REACHING,
    Contact,
    CustomerFile,
    Dealership,
    NotApplicable,
    Proposal,
    Vehicle,
)
from followup_cli.rules.policy import Policy


@dataclass(frozen=True)
class RuleContext:
    today: date
    policy: Policy
    dealership: Dealership
    #: what the rules work out once per evaluation and share: the day's (the staff book, the campaign
    #: index) under their own keys, and the customer's being judged in single slots keyed by the file
    #: (:func:`remembered`). It lives as long as the context: nothing is kept in a module.
    memo: dict = field(default_factory=dict, compare=False, repr=False)


#: the key in ``RuleContext.memo`` of the list of days collected by :func:`until` (only while planning)
BOUNDS = "until"


def planning(memo: dict | None) -> bool:
    """Whether :func:`until` keeps what it is told (a plan is being made): a bound that costs something to
    work out is worked out only then."""
    return memo is not None and memo.get(BOUNDS) is not None


def until(memo: dict | None, day: date) -> None:
    """The answer being worked out for today may differ from ``day`` on (the agenda plans a customer
    until the first such day: ``rules.agenda``). ``memo``: the evaluation's (``RuleContext.memo``).
    Asked at every comparison of today with a day that can change an answer; nothing happens outside
    planning."""
    if memo is not None:
        bounds = memo.get(BOUNDS)
        if bounds is not None:
            bounds.append(day)


def remembered(memo: dict | None, key: object, file: object, compute: Callable[[], Any]) -> Any:
    """``compute()``, kept in ``memo`` under ``key`` for as long as the same ``file`` is asked about
    (several rules of one customer's evaluation ask, one after the other); no ``memo``: computed.

    The days :func:`until` collected while computing are kept with the answer and collected again
    whenever it is reused."""
    if memo is None:
        return compute()
    hit = memo.get(key)
    bounds = memo.get(BOUNDS)
    if hit is not None and hit[0] is file:
        if bounds is None:
            return hit[1]
        if hit[2] is not None:  # worked out while planning: its days are known
            bounds.extend(hit[2])
            return hit[1]
    mark = len(bounds) if bounds is not None else 0
    value = compute()
    memo[key] = (file, value, tuple(bounds[mark:]) if bounds is not None else None)
    return value


Rule = Callable[[CustomerFile, RuleContext], Iterable[Union[Proposal, NotApplicable]]]


# --- history questions the rules share -------------------------------------------------------


def last_reaching_contact(file: CustomerFile, before: date | None = None, memo: dict | None = None) -> Contact | None:
    """The latest contact with a reaching outcome, by anyone, about anything (SPEC 3).

    ``before``: only contacts strictly before that day count (None: all).
    ``memo``: the evaluation's (``RuleContext.memo``), where the answer is kept for the file.
    """
    if before is None:
        return remembered(memo, last_reaching_contact, file, lambda: _last_reaching(file))
    for contact in reversed(file.contacts):
        if contact.outcome in REACHING and contact.contacted_on < before:
            return contact
    return None


def _last_reaching(file: CustomerFile) -> Contact | None:
    for contact in reversed(file.contacts):
        if contact.outcome in REACHING:
            return contact
    return None


def latest_delivery(file: CustomerFile, memo: dict | None = None) -> date | None:
    """The latest delivery of any of the customer's vehicles (``memo``: see :func:`last_reaching_contact`)."""
    return remembered(memo, latest_delivery, file, lambda: _latest_delivery(file))


def _latest_delivery(file: CustomerFile) -> date | None:
    dates = [v.delivered_on for v in file.vehicles if v.delivered_on is not None]
    return max(dates) if dates else None


def vehicle(file: CustomerFile, vin: str) -> Vehicle | None:
    for v in file.vehicles:
        if v.vin == vin:
            return v
    return None
