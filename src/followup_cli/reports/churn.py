"""`report churn`: customers by churn state month over month, the churn rate, and by advisor.

Seed 003 (客户流失): "当客户6个月未来厂时, 应视为客户处于流失边缘, 是边际流失客户; 12个月未来厂时
就可以确定为流失客户; 24个月未来厂则确定为永久流失客户。对于客户流失率要每个月进行考核" — the
states are :func:`followup_cli.rules.churn.churn_state` (thresholds in the policy's
``[churn]``); "去除永久性流失客户后的售后管理客户是售后有效管理客户" — the managed customers
are those not lost for good; and "接车员负责其管理客户的全程服务, 直接对管理客户流失负责" —
each advisor answers for their customers' churn.

Decisions:

* Who: every customer with a vehicle that has a visit or a delivery date by the day
  counted (``churn_state`` is not None) — the workshop's customers, whatever their sales
  stage, whether the car was sold here or not.
* ``months``: each month of the period (cut to the period and to ``--today``) counted on
  its last day: how many customers are active, at risk, churned and lost for good;
  ``managed`` = all but the lost for good; ``at_risk_or_churned`` is drawn as a bar.
* ``churn_rate`` (seed 003 流失率, monthly): ``entered_churned`` / ``managed_at_start``, where
  ``entered_churned`` counts the customers churned on the month's last day who were not
  churned on the day before the month began (they passed 12 months without a visit during
  the month), and ``managed_at_start`` the managed customers on that day before. A
  customer who passed the mark and came back within the month is not counted: the seed
  assesses once a month. Seed 003 also follows a customer "从第7个月开始 ... 连续考核6个
  月" — that is the ``at_risk`` column.
* ``advisors``: every customer's state on ``--today``, by the advisor who answers for
  them: ``customer.advisor``, else the advisor of their latest visit, else
  "(unassigned)"; ``at_risk_or_churned_share`` is of their managed customers.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from followup_cli.message import Message, N_
from followup_cli.reports.model import Chart, Column, Period, Report, ReportInput, Table, month_periods
from followup_cli.rules.churn import churn_state
from followup_cli.rules.model import CustomerFile

STATES = ("active", "at_risk", "churned", "lost_for_good")
TOTAL = Message.of(N_("total"))
UNASSIGNED = Message.of(N_("(unassigned)"))

STATE_COLUMNS = (
    Column("active", Message.of(N_("active")), "int"),
    Column("at_risk", Message.of(N_("at risk")), "int"),
    Column("churned", Message.of(N_("churned")), "int"),
    Column("lost_for_good", Message.of(N_("lost for good")), "int"),
    Column("managed", Message.of(N_("managed")), "int"),
)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def advisor_of(file: CustomerFile, today: date) -> str | None:
    """Seed 003 前台负责制: the customer's advisor, else the advisor of their latest visit (not after ``today``)."""
    if file.customer.advisor:
        return file.customer.advisor
    for visit in reversed(file.visits):
        if visit.visited_on <= today and visit.advisor:
            return visit.advisor
    return None


def _state_cells(counts: Counter) -> tuple[int, ...]:
    return (*(counts[s] for s in STATES), sum(counts[s] for s in STATES) - counts["lost_for_good"])


def churn(data: ReportInput) -> Report:
    today, policy = data.today, data.policy
    period = Period(data.period.start, min(data.period.end, today))
    months = month_periods(period)
    # the day before the period, then each month's last day: month i runs from day i to day i + 1
    days = [period.start - timedelta(days=1), *(p.end for _, p in months)]
    counts = [Counter() for _ in days]
    entered = [0] * len(months)
    by_advisor: dict[str | None, Counter] = {}

    for file in data.files:
        if not file.vehicles:
            continue
        states = [churn_state(file, day, policy) for day in days]
        for i, state in enumerate(states):
            if state is not None:
                counts[i][state] += 1
        for i in range(len(months)):
            if states[i + 1] == "churned" and states[i] != "churned":
                entered[i] += 1
        now = churn_state(file, today, policy)
        if now is not None:
            by_advisor.setdefault(advisor_of(file, today), Counter())[now] += 1

    state_rows, rate_rows = [], []
    for i, (label, _) in enumerate(months):
        end = counts[i + 1]
        state_rows.append((label, *_state_cells(end), end["at_risk"] + end["churned"]))
        managed_at_start = _state_cells(counts[i])[-1]
        rate_rows.append((label, entered[i], managed_at_start, _share(entered[i], managed_at_start)))

    staff_names = {s.code: s.name for s in data.dealership.staff}
    advisor_rows = []
    total = Counter()
    for code in sorted(by_advisor, key=lambda c: (c is None, c or "")):
        tally = by_advisor[code]
        total.update(tally)
        cells = _state_cells(tally)
        name = staff_names.get(code, "") if code else ""
        advisor_rows.append((code or UNASSIGNED, name, *cells, _share(tally["at_risk"] + tally["churned"], cells[-1])))
    cells = _state_cells(total)
    advisor_rows.append((TOTAL, "", *cells, _share(total["at_risk"] + total["churned"], cells[-1])))

    return Report(
        "churn",
        Message.of(N_("Churn from {start} to {end}"), start=period.start, end=period.end),
        (
            Table(
                "months",
                Message.of(N_("Customers by churn state at each month's end")),
                (
                    Column("month", Message.of(N_("month"))),
                    *STATE_COLUMNS,
                    Column("at_risk_or_churned", Message.of(N_("at risk + churned")), "bar"),
                ),
                tuple(state_rows),
                chart=Chart("line", ("month",), ("active", "at_risk", "churned")),
                notes=(
                    Message.of(
                        N_("months since the last visit (or the delivery of a car never visited): at risk from {at_risk}, churned from {churned}, lost for good from {lost}"),
                        at_risk=policy.get("churn.at_risk_months"),
                        churned=policy.get("churn.churned_months"),
                        lost=policy.get("churn.lost_for_good_months"),
                    ),
                    Message.of(
                        N_("managed = all but the lost for good; the last month is counted on {day}"), day=period.end
                    ),
                ),
            ),
            Table(
                "churn_rate",
                Message.of(N_("Churn rate by month")),
                (
                    Column("month", Message.of(N_("month"))),
                    Column("entered_churned", Message.of(N_("newly churned")), "int"),
                    Column("managed_at_start", Message.of(N_("managed at start")), "int"),
                    Column("churn_rate", Message.of(N_("churn rate")), "pct"),
                ),
                tuple(rate_rows),
                chart=Chart("line", ("month",), ("entered_churned",)),
                notes=(
                    Message.of(N_("churn rate = customers who became churned during the month / managed customers on the day before it began")),
                ),
            ),
            Table(
                "advisors",
                Message.of(N_("Customers by advisor and churn state on {day}"), day=today),
                (
                    Column("advisor", Message.of(N_("advisor"))),
                    Column("name", Message.of(N_("name"))),
                    *STATE_COLUMNS,
                    Column("at_risk_or_churned_share", Message.of(N_("at risk + churned, share")), "pct"),
                ),
                tuple(advisor_rows),
                chart=Chart("bar", ("advisor",), ("at_risk", "churned")),
                notes=(Message.of(N_("advisor: the customer's advisor, else the advisor of their latest visit; share: of the advisor's managed customers")),),
            ),
        ),
    )
