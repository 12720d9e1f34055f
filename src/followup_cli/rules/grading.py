"""Customer classification (SPEC 4): the base grade of seed 004 and the service class of seed 003.

Both are pure functions of the customer's file, the day and the policy
(``[grade]`` and ``[service_class]``). ``effective_grade`` and
``service_class`` give the value (the rules and reports use them);
``grade_with_reason`` and ``service_class_with_reason`` give the same value
with a :class:`Message` saying why, for `followup customer show`. Both come
from one computation, so the value and its reason never disagree.
"""

from __future__ import annotations

from datetime import date

from followup_cli.message import Message, N_
from followup_cli.rules.context import planning, remembered, until
from followup_cli.rules.model import CustomerFile
from followup_cli.rules.months import first_day_months_after, plus_months
from followup_cli.rules.policy import Policy


def effective_grade(file: CustomerFile, today: date, policy: Policy, memo: dict | None = None) -> str:
    """Seed 004 基盘客户分级: 优质 premium / 潜力 potential / 一般 general.

    A grade set by hand wins. Otherwise premium if the customer referred a
    buyer (a referral who became an owner), bought again (two or more
    vehicles sold here with a delivery date) or owns
    ``grade.premium_min_vehicles`` vehicles; general if neither a visit nor
    a delivery in the last ``grade.general_after_months_without_visit``
    months and no referral at all (seed 004: 无续购和转介绍); else potential.
    A delivery counts like a visit, so a new owner starts as potential.
    ``memo``: the evaluation's (``RuleContext.memo``): several rules of one evaluation ask for the grade.
    """
    if file.customer.grade:
        return file.customer.grade
    return remembered(memo, (effective_grade, today), file, lambda: _base_grade(file, today, policy, explain=False, memo=memo)[0])


def grade_with_reason(file: CustomerFile, today: date, policy: Policy) -> tuple[str, Message]:
    """:func:`effective_grade` and why: "set by hand", "referred 2 buyers",
    "no visit or delivery in 12 months and no referral"."""
    if file.customer.grade:
        return file.customer.grade, Message.of(N_("set by hand"))
    return _base_grade(file, today, policy)  # type: ignore[return-value]


def _base_grade(
    file: CustomerFile, today: date, policy: Policy, explain: bool = True, memo: dict | None = None
) -> tuple[str, Message | None]:
    """The grade and, when ``explain``, why (``effective_grade`` asks for every owner, every day: no why)."""
    buyers = sum(1 for r in file.referrals if r.stage == "owner") if file.referrals else 0
    if buyers and policy.get("grade.premium_if_referred"):
        if not explain:
            return "premium", None
        if buyers == 1:
            return "premium", Message.of(N_("referred a buyer"))
        return "premium", Message.of(N_("referred {n} buyers"), n=buyers)
    vehicles = file.vehicles
    if len(vehicles) >= 2:  # fewer cannot be two vehicles sold here
        sold_here = [v for v in vehicles if v.sold_here and v.delivered_on is not None and v.delivered_on <= today]
        if policy.get("grade.premium_if_repurchase") and len(sold_here) >= 2:
            if not explain:
                return "premium", None
            return "premium", Message.of(N_("bought again: {n} vehicles sold here"), n=len(sold_here))
    least = int(policy.get("grade.premium_min_vehicles"))
    if len(vehicles) >= least:
        if not explain:
            return "premium", None
        return "premium", Message.of(N_("owns {n} vehicles ({least} or more)"), n=len(vehicles), least=least)
    months = int(policy.get("grade.general_after_months_without_visit"))
    since = plus_months(today, -months)
    visits = [v.visited_on for v in file.visits if since < v.visited_on <= today]
    if visits:
        if planning(memo):
            until(memo, first_day_months_after(max(visits), months))
        if not explain:
            return "potential", None
        why = Message.of(N_("last visit on {date}, within {months} months"), date=max(visits), months=months)
        return "potential", why
    delivered = [v.delivered_on for v in vehicles if v.delivered_on is not None]
    deliveries = [d for d in delivered if since < d <= today]
    if deliveries:
        if planning(memo):
            until(memo, first_day_months_after(max(deliveries), months))
        if not explain:
            return "potential", None
        why = Message.of(N_("delivered on {date}, within {months} months"), date=max(deliveries), months=months)
        return "potential", why
    if not explain:
        return ("potential", None) if file.referrals else ("general", None)
    if len(file.referrals) == 1:
        why = Message.of(N_("no visit in {months} months, but referred a customer (not bought yet)"), months=months)
        return "potential", why
    if file.referrals:
        why = Message.of(
            N_("no visit in {months} months, but referred {n} customers (none has bought yet)"),
            months=months,
            n=len(file.referrals),
        )
        return "potential", why
    return "general", Message.of(N_("no visit or delivery in {months} months and no referral"), months=months)


def service_class(file: CustomerFile, today: date, policy: Policy) -> str:
    """Seed 003: A with at least ``service_class.A`` visits in the last ``service_class.months`` months,
    B with at least ``B``, C with at least ``C``, else D."""
    return service_class_with_reason(file, today, policy)[0]


def service_class_with_reason(file: CustomerFile, today: date, policy: Policy) -> tuple[str, Message]:
    """:func:`service_class` and why: "3 visits in the last 12 months"."""
    months = int(policy.get("service_class.months"))
    since = plus_months(today, -months)
    visits = sum(1 for v in file.visits if since < v.visited_on <= today)
    if visits == 0:
        why = Message.of(N_("no visit in the last {months} months"), months=months)
    elif visits == 1:
        why = Message.of(N_("one visit in the last {months} months"), months=months)
    else:
        why = Message.of(N_("{n} visits in the last {months} months"), n=visits, months=months)
    for name in ("A", "B", "C"):
        if visits >= int(policy.get(f"service_class.{name}")):
            return name, why
    return "D", why
