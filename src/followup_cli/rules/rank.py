"""Priority and daily capacity (SPEC 3, Ranking and capacity).

priority = weight(touchpoint) x factor(customer)
           + min(overdue days, ``rank.overdue_cap_days``) x ``rank.overdue_per_day``
           + ``rank.first_bonus`` when the touchpoint's section says ``first = true``
           (recall.notice, complaint.reply: SPEC "come first").

The factor is the prospect's intent level (``lead.cadence.<level>.factor``,
seed 001) or the owner's grade (``rank.grade.<grade>``, seed 004), else 1.

Each staff member's list is cut at their ``daily_capacity`` (staff.csv, else
``general.default_daily_capacity``; seed 000: 制定今天要联系的客户名单和最低联系的数量).
Capacity counts customers (one call each, ranked by their best item), never
cuts ``recall.notice`` and never cuts unassigned items; what is cut is
counted, never dropped. Calls and messages are two lanes: capacity counts
and cuts calls and visits only; items on the message channels (sms, wechat,
email, letter) are the staff member's message batch, never cut.
"""

from __future__ import annotations

from dataclasses import fields

from datetime import date
from typing import Iterable, Mapping

from followup_cli.rules.catalogue import NEVER_CUT
from followup_cli.rules.grading import effective_grade
from followup_cli.rules.model import CALL_CHANNELS, CustomerFile, DueItem, Staff
from followup_cli.rules.policy import Policy


def intent_level(file: CustomerFile, policy: Policy) -> str:
    """The prospect's intent level; one not yet classified counts as ``lead.cadence.default_level``."""
    return file.customer.intent_level or str(policy.get("lead.cadence.default_level"))


def customer_factor(file: CustomerFile, today: date, policy: Policy, memo: dict | None = None) -> float:
    stage = file.customer.stage
    if stage == "prospect":
        return float(policy.get(f"lead.cadence.{intent_level(file, policy)}.factor"))
    if stage == "owner":
        return float(policy.get(f"rank.grade.{effective_grade(file, today, policy, memo)}"))
    return 1.0


def overdue_days(due_on: date, today: date) -> int:
    return max(0, (today - due_on).days)


def priority(touchpoint: str, factor: float, overdue: int, policy: Policy) -> float:
    return priorities(policy).priority(touchpoint, factor, overdue)


class Priorities:
    """One policy's ranking numbers, read once: :func:`priority` runs for every due item.

    Priorities are counted in hundredths of a point, as whole numbers: ``base`` (the touchpoint's weight
    times the customer's factor, plus the bonus of a touchpoint listed first) is fixed when a plan is made,
    and the stored agenda adds the days overdue in SQL (``store.agenda_list``) to the same number."""

    def __init__(self, policy: Policy):
        self.policy = policy
        self.cap = int(policy.get("rank.overdue_cap_days"))
        self.per_day = round(float(policy.get("rank.overdue_per_day")) * 100)
        self.bonus = round(float(policy.get("rank.first_bonus")) * 100)
        self._touchpoints: dict[str, tuple[float, bool]] = {}
        self._bases: dict[tuple[str, float], int] = {}

    def _touchpoint(self, touchpoint: str) -> tuple[float, bool]:
        found = self._touchpoints.get(touchpoint)
        if found is None:
            policy = self.policy
            weight = float(policy.get(f"{touchpoint}.weight"))
            top = policy.has(f"{touchpoint}.top") and policy.get(f"{touchpoint}.top") is True
            found = self._touchpoints[touchpoint] = (weight, top)
        return found

    def base(self, touchpoint: str, factor: float) -> int:
        """The priority of an item not overdue, in hundredths."""
        found = self._bases.get((touchpoint, factor))
        if found is None:
            weight, top = self._touchpoint(touchpoint)
            found = self._bases[(touchpoint, factor)] = round(weight * factor * 100) + (self.bonus if top else 0)
        return found

    def priority(self, touchpoint: str, factor: float, overdue: int) -> float:
        return (self.base(touchpoint, factor) + min(overdue, self.cap) * self.per_day) / 100


def priorities(policy: Policy) -> Priorities:
    """The ranking numbers of ``policy`` (kept with the policy)."""
    found = policy.derived.get(Priorities)
    if found is None:
        found = policy.derived[Priorities] = Priorities(policy)
    return found


def rank_key(item: DueItem) -> tuple:
    """Priority first, then the oldest due date; ids make the order input-independent.

    Items of one customer that tie on every field keep the order ``judge``
    gave them, which depends on the customer's records only.
    """
    return (-item.priority, item.due_on, item.customer_id, item.touchpoint, item.vin or "", item.staff or "", item.opens_on)


def ranked(items: Iterable[DueItem]) -> list[DueItem]:
    return sorted(items, key=rank_key)


def capacities(staff: Iterable[Staff], policy: Policy) -> dict[str, int]:
    """Each known staff member's daily capacity (``None`` in staff.csv: the policy default)."""
    default = int(policy.get("general.default_daily_capacity"))
    return {s.code: (s.daily_capacity if s.daily_capacity is not None else default) for s in staff}


_ITEM_FIELDS = tuple(f.name for f in fields(DueItem))
_set = object.__setattr__


def _beyond_capacity(item: DueItem) -> DueItem:
    """``replace(item, within_capacity=False)`` without re-running the frozen ``__init__`` (no
    ``__post_init__``, nothing to check: the same record, at a fifth of the cost)."""
    cut = object.__new__(DueItem)
    for name in _ITEM_FIELDS:
        _set(cut, name, getattr(item, name))
    _set(cut, "within_capacity", False)
    return cut


class Capacity:
    """Each staff member's daily capacity, taken call by call in rank order: a staff member takes
    customers in the order of their first call, up to their capacity; ``beyond``: the customers left."""

    def __init__(self, capacity: Mapping[str, int], default: int) -> None:
        self.capacity = capacity
        self.default = default
        self.called: dict[str, set[str]] = {}
        self.beyond: dict[str, set[str]] = {}

    def call(self, staff: str, customer_id: str) -> None:
        seen = self.called.get(staff)
        if seen is None:
            seen = self.called[staff] = set()
        if customer_id in seen or customer_id in self.beyond.get(staff, ()):
            return
        if len(seen) < self.capacity.get(staff, self.default):
            seen.add(customer_id)
        else:
            self.beyond.setdefault(staff, set()).add(customer_id)


def beyond_capacity(calls: Iterable[tuple[str, str]], capacity: Mapping[str, int], default: int) -> dict[str, set[str]]:
    """The customers beyond each staff member's daily capacity (:class:`Capacity`): ``calls`` are (staff,
    customer) in rank order."""
    taken = Capacity(capacity, default)
    for staff, customer_id in calls:
        taken.call(staff, customer_id)
    return taken.beyond


def apply_capacity(
    items: list[DueItem], capacity: Mapping[str, int], default: int
) -> tuple[list[DueItem], dict[str | None, int]]:
    """Mark what each staff member cannot call today; ``items`` must be ranked.

    Returns the items (same order; cut ones with ``within_capacity=False``)
    and the number of customers cut per staff member.
    """
    beyond = beyond_capacity(
        ((item.staff, item.customer_id) for item in items if item.staff is not None and item.channel in CALL_CHANNELS),
        capacity,
        default,
    )
    out: list[DueItem] = []
    cut: dict[str | None, set[str]] = {}
    if not beyond:
        return items[:], {}
    for item in items:
        over = item.staff is not None and item.customer_id in beyond.get(item.staff, ())
        if over and item.touchpoint not in NEVER_CUT and item.channel in CALL_CHANNELS:
            out.append(_beyond_capacity(item))
            cut.setdefault(item.staff, set()).add(item.customer_id)
        else:
            out.append(item)
    return out, {staff: len(customers) for staff, customers in sorted(cut.items())}
