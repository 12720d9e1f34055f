"""Churn states by months since the last visit (seed 003, 客户流失).

Seed 003: "当客户6个月未来厂时,应视为客户处于流失边缘,是边际流失客户;12个月未来厂时就
可以确定为流失客户;24个月未来厂则确定为永久流失客户。" The thresholds are
``[churn]`` in the policy; the engine suppresses ``lost_for_good`` customers
(SPEC suppression 2) and ``report churn`` counts every state.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from dateutil.relativedelta import relativedelta

from followup_cli.rules.model import CustomerFile
from followup_cli.rules.policy import Policy

ChurnState = Literal["active", "at_risk", "churned", "lost_for_good"]


def last_activity(file: CustomerFile, today: date) -> date | None:
    """The customer's latest sign of life at the workshop, as of ``today``.

    The latest visit of any of the customer's vehicles (visits after ``today``
    are not history yet); a vehicle never visited counts from its
    ``delivered_on``. None when no vehicle has a visit or a delivery date.
    """
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


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start`` to ``end`` (0 if ``end`` is earlier)."""
    if end <= start:
        return 0
    delta = relativedelta(end, start)
    return delta.years * 12 + delta.months


def churn_state(file: CustomerFile, today: date, policy: Policy) -> ChurnState | None:
    """Seed 003: active < 6 months <= at_risk < 12 <= churned < 24 <= lost_for_good.

    None for a customer without vehicles (a prospect), or whose vehicles have
    neither a visit nor a delivery date (nothing to count from).
    """
    if not file.vehicles:
        return None
    since = last_activity(file, today)
    if since is None:
        return None
    months = months_between(since, today)
    if months >= policy.get("churn.lost_for_good_months"):
        return "lost_for_good"
    if months >= policy.get("churn.churned_months"):
        return "churned"
    if months >= policy.get("churn.at_risk_months"):
        return "at_risk"
    return "active"
