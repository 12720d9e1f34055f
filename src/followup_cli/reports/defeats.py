"""`report defeats`: deliveries, defeats and quasi-defeats by month, and why customers were lost.

Seed 004 (战败客户跟踪管理) separates 准战败 (quasi-lost: "尚未选购其他品牌但目前意向不明
车辆的客户") from 战败 (lost: "已购竞品车辆的客户"), and asks for the defeat rate to be
brought down ("假定成交率30% 战败率70% ... 目标: 战败率65%") by a second follow-up that removes
false defeats ("通过战败后的二次跟踪, 降低战败率, 减少由于错误的判断而导致的'虚'战败"), and for
the defeats to be analysed by competitor brand and reason ("主要战败车型品牌 / 战败例数 /
主要战败原因").

Decisions (each month of the period, cut to the period, and never after ``--today``):

* ``won``: vehicles sold here (``sold_here``) delivered that month — a delivery is a sale
  won (seed 000 交车). A vehicle bought elsewhere and serviced here is not a sale.
* ``lost`` / ``quasi_lost``: customers whose stage is still ``lost`` / ``quasi_lost`` and
  whose ``lost_on`` falls in the month. A quasi-lost customer has not bought elsewhere, so
  is not (yet) a defeat.
* ``defeat_rate`` = lost / (won + lost), blank when both are 0 (SPEC 6). With 3 won, 2
  lost and 1 quasi-lost in a month it is 2 / 5 = 40 %.
* ``recovered`` (false defeats recovered, 虚战败): customers with a ``lost_on`` who took
  delivery of a car sold here after it — their stage is ``owner`` again — counted once,
  in the month of that first delivery (which is also counted in ``won``). They are no
  longer in ``lost`` or ``quasi_lost``: only customers still lost count as defeats.
* The ``reasons`` table counts the period's lost and quasi-lost customers (as above) by
  ``lost_reason`` × ``competitor``; a blank reason or competitor reads "(not recorded)"
  (a quasi-lost customer has no competitor by definition). Most frequent first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from followup_cli.message import Message, N_
from followup_cli.reports.model import Chart, Column, Period, Report, ReportInput, Table, month_periods
from followup_cli.rules.model import CustomerFile

TOTAL = Message.of(N_("total"))
NOT_RECORDED = Message.of(N_("(not recorded)"))


@dataclass
class _Month:
    won: int = 0
    lost: int = 0
    quasi_lost: int = 0
    recovered: int = 0

    def row(self, label: object) -> tuple:
        return (label, self.won, self.lost, self.quasi_lost, defeat_rate(self.won, self.lost), self.recovered)


@dataclass
class _Reason:
    lost: int = 0
    quasi_lost: int = 0
    counts: Counter = field(default_factory=Counter)


def defeat_rate(won: int, lost: int) -> float | None:
    """Seed 004 战败率: lost / (won + lost); None when there is nothing to divide."""
    return lost / (won + lost) if won + lost else None


def _first_purchase_after(file: CustomerFile, day: date, today: date) -> date | None:
    """The first delivery of a car sold here after ``day`` (and not after ``today``)."""
    days = [v.delivered_on for v in file.vehicles if v.sold_here and v.delivered_on is not None]
    later = [d for d in days if day < d <= today]
    return min(later) if later else None


def defeats(data: ReportInput) -> Report:
    today = data.today
    period = Period(data.period.start, min(data.period.end, today))
    months = month_periods(period)
    by_month = {label: _Month() for label, _ in months}
    reasons: dict[tuple[str | None, str | None], _Reason] = {}

    def month_of(day: date) -> _Month:
        return by_month[f"{day.year:04d}-{day.month:02d}"]

    for file in data.files:
        customer = file.customer
        for v in file.vehicles:
            if v.sold_here and v.delivered_on in period:
                month_of(v.delivered_on).won += 1
        lost_on = customer.lost_on
        if lost_on is None:
            continue
        if customer.stage in ("lost", "quasi_lost"):
            if lost_on not in period:
                continue
            tally = month_of(lost_on)
            key = (customer.lost_reason or None, customer.competitor or None)
            reason = reasons.setdefault(key, _Reason())
            if customer.stage == "lost":
                tally.lost += 1
                reason.lost += 1
            else:
                tally.quasi_lost += 1
                reason.quasi_lost += 1
        elif customer.stage == "owner":
            bought_on = _first_purchase_after(file, lost_on, today)
            if bought_on in period:
                month_of(bought_on).recovered += 1

    total = _Month()
    for tally in by_month.values():
        total.won += tally.won
        total.lost += tally.lost
        total.quasi_lost += tally.quasi_lost
        total.recovered += tally.recovered
    month_rows = [tally.row(label) for label, tally in by_month.items()]
    month_rows.append(total.row(TOTAL))

    def most_first(item):
        (reason, competitor), t = item
        return -(t.lost + t.quasi_lost), -t.lost, reason is None, reason or "", competitor or ""

    ranked = sorted(reasons.items(), key=most_first)
    reason_rows = [
        (r or NOT_RECORDED, c or NOT_RECORDED, t.lost, t.quasi_lost, t.lost + t.quasi_lost) for (r, c), t in ranked
    ]
    reason_rows.append((TOTAL, None, total.lost, total.quasi_lost, total.lost + total.quasi_lost))

    span = dict(start=period.start, end=period.end)
    return Report(
        "defeats",
        Message.of(N_("Defeats from {start} to {end}"), **span),
        (
            Table(
                "months",
                Message.of(N_("Won, lost and quasi-lost by month")),
                (
                    Column("month", Message.of(N_("month"))),
                    Column("won", Message.of(N_("won (deliveries)")), "int"),
                    Column("lost", Message.of(N_("lost")), "int"),
                    Column("quasi_lost", Message.of(N_("quasi-lost")), "int"),
                    Column("defeat_rate", Message.of(N_("defeat rate")), "pct"),
                    Column("recovered", Message.of(N_("false defeats recovered")), "int"),
                ),
                tuple(month_rows),
                chart=Chart("line", ("month",), ("won", "lost", "quasi_lost")),
                notes=(
                    Message.of(N_("defeat rate = lost / (won + lost); quasi-lost customers have not bought elsewhere and are not counted as defeats")),
                    Message.of(N_("won: cars sold here delivered that month; lost, quasi-lost: customers still at that stage, by the month of their lost date")),
                    Message.of(N_("false defeats recovered: customers once lost or quasi-lost who later took delivery here, in the month of that delivery")),
                ),
            ),
            Table(
                "reasons",
                Message.of(N_("Why customers were lost, and to whom")),
                (
                    Column("reason", Message.of(N_("reason"))),
                    Column("competitor", Message.of(N_("competitor"))),
                    Column("lost", Message.of(N_("lost")), "int"),
                    Column("quasi_lost", Message.of(N_("quasi-lost")), "int"),
                    Column("total", Message.of(N_("total")), "int"),
                ),
                tuple(reason_rows),
                chart=Chart("bar", ("reason", "competitor"), ("lost", "quasi_lost")),
            ),
        ),
    )
