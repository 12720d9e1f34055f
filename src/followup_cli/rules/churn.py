"""Churn states by months since the last visit (seed 003, 客户流失).

Seed 003: "当客户6个月未来厂时,应视为客户处于流失边缘,是边际流失客户;12个月未来厂时就
可以确定为流失客户;24个月未来厂则确定为永久流失客户。" The thresholds are
``[churn]`` in the policy; the engine suppresses ``lost_for_good`` customers
(SPEC suppression 2) and ``report churn`` counts every state.
``churn_with_reason`` gives the same state with a :class:`Message` saying
why ("last visit on 2026-03-02, 8 months ago"), for `followup customer show`.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from followup_cli.message import Message, N_
from followup_cli.rules.context import planning, remembered, until
from followup_cli.rules.model import CustomerFile
from followup_cli.rules.months import first_day_months_between, months_between
from followup_cli.rules.policy import Policy

ChurnState = Literal["active", "at_risk", "churned", "lost_for_good"]


def last_activity(file: CustomerFile, today: date, memo: dict | None = None) -> date | None:
    """The customer's latest sign of life at the workshop, as of ``today``.

    The latest visit of any of the customer's vehicles (visits after ``today``
    are not history yet); a vehicle never visited counts from its
    ``delivered_on``. None when no vehicle has a visit or a delivery date.
    ``memo``: the evaluation's (``RuleContext.memo``; the engine's suppression and win-back both ask).
    """
    return remembered(memo, (last_activity, today), file, lambda: _last_activity(file, today))


def _last_activity(file: CustomerFile, today: date) -> date | None:
    latest: date | None = None
    visited = set()
    for visit in file.visits:
        if visit.visited_on <= today:
            visited.add(visit.vin)
            if latest is None or visit.visited_on > latest:
                latest = visit.visited_on
    for vehicle in file.vehicles:
        if vehicle.vin in visited or vehicle.delivered_on is None or vehicle.delivered_on > today:
            continue
        if latest is None or vehicle.delivered_on > latest:
            latest = vehicle.delivered_on
    return latest


def churn_state(file: CustomerFile, today: date, policy: Policy, memo: dict | None = None) -> ChurnState | None:
    """Seed 003: active < 6 months <= at_risk < 12 <= churned < 24 <= lost_for_good.

    None for a customer without vehicles (a prospect), or whose vehicles have
    neither a visit nor a delivery date (nothing to count from).
    """
    if not file.vehicles:
        return None
    since = last_activity(file, today, memo)
    if since is None:
        return None
    if planning(memo):
        for threshold in ("churn.at_risk_months", "churn.churned_months", "churn.lost_for_good_months"):
            until(memo, first_day_months_between(since, int(policy.get(threshold))))
    months = months_between(since, today)
    if months >= policy.get("churn.lost_for_good_months"):
        return "lost_for_good"
    if months >= policy.get("churn.churned_months"):
        return "churned"
    if months >= policy.get("churn.at_risk_months"):
        return "at_risk"
    return "active"


def churn_with_reason(file: CustomerFile, today: date, policy: Policy) -> tuple[ChurnState | None, Message]:
    """:func:`churn_state` and why: "last visit on 2026-03-02, 8 months ago", "delivered on ..., never visited"."""
    if not file.vehicles:
        return None, Message.of(N_("no vehicle"))
    since = last_activity(file, today)
    if since is None:
        return None, Message.of(N_("no visit and no delivery date to count from"))
    months = months_between(since, today)
    if months == 0:
        ago = Message.of(N_("less than a month ago"))
    elif months == 1:
        ago = Message.of(N_("a month ago"))
    else:
        ago = Message.of(N_("{months} months ago"), months=months)
    if any(v.visited_on == since for v in file.visits):
        why = Message.of(N_("last visit on {date}, {ago}"), date=since, ago=ago)
    else:
        why = Message.of(N_("delivered on {date}, {ago}, not visited since"), date=since, ago=ago)
    return churn_state(file, today, policy), why
