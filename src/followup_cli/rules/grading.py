"""Customer classification (SPEC 4): the base grade of seed 004 and the service class of seed 003.

Both are pure functions of the customer's file, the day and the policy
(``[grade]`` and ``[service_class]``).
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from followup_cli.rules.model import CustomerFile
from followup_cli.rules.policy import Policy


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day if it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


#: the last grade worked out: several rules of one evaluation ask for the same file's grade
_LAST: tuple = (None, None, None, None)


def effective_grade(file: CustomerFile, today: date, policy: Policy) -> str:
    """Seed 004 基盘客户分级: 优质 premium / 潜力 potential / 一般 general.

    A grade set by hand wins. Otherwise premium if the customer referred a
    buyer (a referral who became an owner), bought again (two or more
    vehicles sold here with a delivery date) or owns
    ``grade.premium_min_vehicles`` vehicles; general if neither a visit nor
    a delivery in the last ``grade.general_after_months_without_visit``
    months and no referral at all (seed 004: 无续购和转介绍); else potential.
    A delivery counts like a visit, so a new owner starts as potential.
    """
    global _LAST
    if file.customer.grade:
        return file.customer.grade
    if _LAST[0] is file and _LAST[1] == today and _LAST[2] is policy:
        return _LAST[3]
    grade = _base_grade(file, today, policy)
    _LAST = (file, today, policy, grade)
    return grade


def _base_grade(file: CustomerFile, today: date, policy: Policy) -> str:
    if policy.get("grade.premium_if_referred") and any(r.stage == "owner" for r in file.referrals):
        return "premium"
    sold_here = [v for v in file.vehicles if v.sold_here and v.delivered_on is not None and v.delivered_on <= today]
    if policy.get("grade.premium_if_repurchase") and len(sold_here) >= 2:
        return "premium"
    if len(file.vehicles) >= int(policy.get("grade.premium_min_vehicles")):
        return "premium"
    since = months_before(today, int(policy.get("grade.general_after_months_without_visit")))
    recent_visit = any(since < v.visited_on <= today for v in file.visits)
    recent_delivery = any(
        v.delivered_on is not None and since < v.delivered_on <= today for v in file.vehicles
    )
    if not recent_visit and not recent_delivery and not file.referrals:
        return "general"
    return "potential"


def service_class(file: CustomerFile, today: date, policy: Policy) -> str:
    """Seed 003: A with at least ``service_class.A`` visits in the last ``service_class.months`` months,
    B with at least ``B``, C with at least ``C``, else D."""
    since = months_before(today, int(policy.get("service_class.months")))
    visits = sum(1 for v in file.visits if since < v.visited_on <= today)
    for name in ("A", "B", "C"):
        if visits >= int(policy.get(f"service_class.{name}")):
            return name
    return "D"
