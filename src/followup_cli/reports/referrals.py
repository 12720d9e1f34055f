"""`report referrals`: referrals made and bought, and repurchases, by grade, by source and by month.

Seed 004 (基盘客户分级管理效果的详细统计) counts, month by month and for each grade
(优质 / 潜力 / 一般), "推荐数" (referrals) and "续购数" (repurchases), to see whether the
grading works ("根据基盘客户分级后的比例变化, 可以有效地采取对应的措施, 提高推荐客户的成交
率"); seed 003 adds that a well-kept customer "会介绍自己的朋友来厂消费".

Decisions (the period cut to ``--today``):

* A referral is a customer whose ``referred_by`` is set and whose ``created_on`` falls in
  the period (the day the referred customer was met).
* ``bought``: the referred customer has bought — stage ``owner``, or a car sold here
  delivered by ``--today``, whenever that was. ``bought_share`` = bought / referrals.
* Grade: the REFERRER's effective grade on ``--today`` (set by hand, else computed,
  :func:`followup_cli.rules.grading.effective_grade`). Grades are for owners (seed 004
  基盘客户): a referrer who is not an owner and has no grade set by hand reads
  "(not an owner)", one not in the customer list "(unknown referrer)". Note the circle
  the seed draws itself: referring a buyer, or buying again, makes a customer premium
  (seed 004: 优质客户 = 续购/转介绍客户), so premium gathers most of both columns.
* ``by_source``: the referred customer's ``source`` (most referred customers are
  ``referral``; a blank source reads "(not recorded)").
* ``by_month`` also counts every customer met (``created_on``) in the month, and the
  referrals' share of them (seed 004: "推荐客源总数占本部新增总客源的 %").
* Repurchases (续购): customers with two or more cars sold here delivered by ``--today``,
  any but the first delivered in the period — counted once per customer, in the month of
  their first such delivery, under their own effective grade.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from followup_cli.message import Message, N_
from followup_cli.reports.model import Chart, Column, Period, Report, ReportInput, Table, month_periods
from followup_cli.rules.grading import effective_grade
from followup_cli.rules.model import GRADES, SOURCES, CustomerFile
from followup_cli.rules.policy import Policy

TOTAL = Message.of(N_("total"))
NOT_RECORDED = Message.of(N_("(not recorded)"))
NOT_AN_OWNER = "(not an owner)"
UNKNOWN = "(unknown referrer)"
_LABELS = {NOT_AN_OWNER: Message.of(N_("(not an owner)")), UNKNOWN: Message.of(N_("(unknown referrer)"))}


def _sold_here(file: CustomerFile, today: date) -> list[date]:
    days = (v.delivered_on for v in file.vehicles if v.sold_here and v.delivered_on is not None)
    return sorted(d for d in days if d <= today)


def grade_of(file: CustomerFile | None, today: date, policy: Policy) -> str:
    """The customer's effective grade, or why there is none: "(not an owner)", "(unknown referrer)"."""
    if file is None:
        return UNKNOWN
    if file.customer.grade or file.customer.stage == "owner":
        return effective_grade(file, today, policy)
    return NOT_AN_OWNER


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def referrals(data: ReportInput) -> Report:
    today, policy = data.today, data.policy
    period = Period(data.period.start, min(data.period.end, today))
    made: Counter = Counter()  # (axis, key) -> referrals
    bought: Counter = Counter()
    repurchases: Counter = Counter()
    met: Counter = Counter()  # month -> customers met (new customers, referred or not)
    # The files are read a chunk at a time and a referrer may come before or after the customers it
    # referred: the referrals wait here, and each referrer's grade is worked out when its file is read.
    referred: list[tuple[str, str | None, str, bool]] = []  # (referrer, source, month, bought)
    referrers: set[str] = set()
    grades: dict[str, str] = {}  # referrer -> its grade_of
    customers: set[str] = set()

    for file in data.files:
        customer = file.customer
        customers.add(customer.customer_id)
        sold = _sold_here(file, today)
        if customer.created_on in period:
            met[_month(customer.created_on)] += 1
        if customer.referred_by and customer.created_on in period:
            has_bought = customer.stage == "owner" or bool(sold)
            referred.append((customer.referred_by, customer.source or None, _month(customer.created_on), has_bought))
            referrers.add(customer.referred_by)
        if customer.customer_id in referrers or any(r.created_on in period for r in file.referrals):
            grades[customer.customer_id] = grade_of(file, today, policy)
        again = [d for d in sold[1:] if d in period]
        if again:
            repurchases[("grade", grade_of(file, today, policy))] += 1
            repurchases[("month", _month(again[0]))] += 1
    # referrers read before the customer they referred, whose file did not name the referral
    unseen = (referrers & customers) - grades.keys()
    if unseen:
        for file in data.files:
            if file.customer.customer_id in unseen:
                grades[file.customer.customer_id] = grade_of(file, today, policy)
    for referrer, source, month, has_bought in referred:
        for key in (("grade", grades.get(referrer, UNKNOWN)), ("source", source), ("month", month)):
            made[key] += 1
            bought[key] += has_bought

    def keys_of(axis: str) -> list:
        return [k for a, k in set(made) | set(repurchases) if a == axis]

    grades = list(GRADES) + [g for g in (NOT_AN_OWNER, UNKNOWN) if g in keys_of("grade")]
    grades += sorted(g for g in keys_of("grade") if g not in grades)  # a hand-set grade outside the list
    grade_rows = [
        (
            _LABELS.get(g, g),
            made["grade", g],
            bought["grade", g],
            _share(bought["grade", g], made["grade", g]),
            repurchases["grade", g],
        )
        for g in grades
    ]
    total_made = sum(made["grade", g] for g in grades)
    total_bought = sum(bought["grade", g] for g in grades)
    total_again = sum(repurchases["grade", g] for g in grades)
    grade_rows.append((TOTAL, total_made, total_bought, _share(total_bought, total_made), total_again))

    sources = keys_of("source")
    order = {s: i for i, s in enumerate(SOURCES)}
    sources.sort(key=lambda s: (s is None, order.get(s, len(order)), s or ""))
    source_rows = [
        (s or NOT_RECORDED, made["source", s], bought["source", s], _share(bought["source", s], made["source", s]))
        for s in sources
    ]
    source_rows.append((TOTAL, total_made, total_bought, _share(total_bought, total_made)))

    month_rows = [
        (
            label,
            met[label],
            made["month", label],
            _share(made["month", label], met[label]),
            bought["month", label],
            _share(bought["month", label], made["month", label]),
            repurchases["month", label],
        )
        for label, _ in month_periods(period)
    ]
    total_met = sum(met.values())
    month_rows.append(
        (
            TOTAL,
            total_met,
            total_made,
            _share(total_made, total_met),
            total_bought,
            _share(total_bought, total_made),
            total_again,
        )
    )

    referral_columns = (
        Column("referrals", Message.of(N_("referrals")), "int"),
        Column("bought", Message.of(N_("bought")), "int"),
        Column("bought_share", Message.of(N_("bought, share")), "pct"),
    )
    repurchase_column = Column("repurchases", Message.of(N_("repurchases")), "int")
    return Report(
        "referrals",
        Message.of(N_("Referrals and repurchases from {start} to {end}"), start=period.start, end=period.end),
        (
            Table(
                "by_grade",
                Message.of(N_("By the referrer's grade on {day}"), day=today),
                (Column("grade", Message.of(N_("grade")), "term"), *referral_columns, repurchase_column),
                tuple(grade_rows),
                chart=Chart("bar", ("grade",), ("referrals", "bought", "repurchases")),
                notes=(
                    Message.of(N_("referrals: customers met in the period who were referred by a customer; bought: they have bought since")),
                    Message.of(N_("repurchases: customers whose second (or later) car sold here was delivered in the period, by their own grade")),
                    Message.of(N_("referring a buyer or buying again makes a customer premium (seed 004)")),
                ),
            ),
            Table(
                "by_source",
                Message.of(N_("By the referred customer's source")),
                (Column("source", Message.of(N_("source")), "term"), *referral_columns),
                tuple(source_rows),
                chart=Chart("bar", ("source",), ("referrals", "bought")),
            ),
            Table(
                "by_month",
                Message.of(N_("By month")),
                (
                    Column("month", Message.of(N_("month"))),
                    Column("new_customers", Message.of(N_("new customers")), "int"),
                    referral_columns[0],
                    Column("referral_share", Message.of(N_("referred, share")), "pct"),
                    *referral_columns[1:],
                    repurchase_column,
                ),
                tuple(month_rows),
                chart=Chart("line", ("month",), ("new_customers", "referrals", "repurchases")),
                notes=(
                    Message.of(N_("new customers: every customer met that month; referred, share: the referrals among them")),
                    Message.of(N_("referrals by the month the referred customer was met; repurchases by the month of the delivery")),
                ),
            ),
        ),
    )
