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
* ``verified`` / ``unverified``: of the month's ``lost`` customers, those whose defeat a
  manager verified (``lost.verify``: a manager's reaching contact naming it, or the assigned
  manager's untagged one, on or after ``lost_on``) and those not verified (yet).
* ``recovered`` (false defeats recovered, 虚战败): a stage change made by hand (``log
  --stage``, ``customer edit``; ``store.history``) from ``quasi_lost`` or ``lost`` back to
  ``prospect`` or ``owner``, in the month of the change; ``by_verification``: those made
  with a contact naming ``lost.verify`` (the manager's verification found the defeat
  false). A customer with no recorded change (an import, an older database) who is a
  ``prospect`` or ``owner`` with a ``lost_on`` counts once: on the day of the last reaching
  contact naming ``lost.verify``, ``lost.recheck`` or ``lost.decide`` since ``lost_on``
  (the manager's follow-up that took the defeat back), else — an owner — in the month of
  the first delivery of a car sold here after ``lost_on`` (also counted in ``won``). Recovered
  customers are no longer in ``lost`` or ``quasi_lost``: only customers still lost count
  as defeats.
* The ``reasons`` table counts the period's lost and quasi-lost customers (as above) by
  ``lost_category`` (seed 004's categories) × ``competitor``; a blank category reads
  "uncategorised" — an old database's free-text reasons are never guessed into a
  category — and a blank competitor "(not recorded)" (a quasi-lost customer has none by
  definition). Most frequent first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from followup_cli.message import Message, N_
from followup_cli.reports.model import Chart, Column, Period, Report, ReportInput, Table, month_periods
from followup_cli.rules.assign import staff_book
from followup_cli.rules.context import RuleContext
from followup_cli.rules.engine import as_of
from followup_cli.rules.lost import verifying_contact
from followup_cli.rules.model import REACHING, CustomerFile, StageChange

TOTAL = Message.of(N_("total"))
NOT_RECORDED = Message.of(N_("(not recorded)"))
UNCATEGORISED = Message.of(N_("uncategorised"))
#: the stages a defeat is taken back to when it proves false
_BACK = ("prospect", "owner")


@dataclass
class _Month:
    won: int = 0
    lost: int = 0
    quasi_lost: int = 0
    verified: int = 0
    recovered: int = 0
    by_verification: int = 0

    def row(self, label: object) -> tuple:
        return (
            label, self.won, self.lost, self.quasi_lost, defeat_rate(self.won, self.lost),
            self.verified, self.lost - self.verified, self.recovered, self.by_verification,
        )

    def add(self, other: "_Month") -> None:
        for name in ("won", "lost", "quasi_lost", "verified", "recovered", "by_verification"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


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


#: the manager's follow-ups of a defeat (SPEC 3): a customer back at prospect after one was taken back by it
_FILTERS = ("lost.verify", "lost.recheck", "lost.decide")


def _recovered_without_record(file: CustomerFile, lost_on: date, today: date) -> tuple[date, bool] | None:
    """A defeat taken back with no recorded change (an import, an older database): the day and whether by verification.

    The last reaching contact naming a manager's follow-up of the defeat (``lost.verify``, ``lost.recheck``,
    ``lost.decide``) on or after ``lost_on`` — the customer is a prospect or owner again since; else, for an
    owner, the first delivery of a car sold here after ``lost_on``.
    """
    found = None
    for c in file.contacts:
        if c.touchpoint in _FILTERS and c.outcome in REACHING and lost_on <= c.contacted_on <= today:
            found = (c.contacted_on, c.touchpoint == "lost.verify")
    if found is not None:
        return found
    if file.customer.stage == "owner":
        bought_on = _first_purchase_after(file, lost_on, today)
        if bought_on is not None:
            return bought_on, False
    return None


def recoveries(changes: tuple[StageChange, ...], today: date) -> list[StageChange]:
    """The changes that took a defeat back (quasi-lost or lost to prospect or owner), up to ``today``."""
    return [
        c for c in changes
        if c.stage_from in ("quasi_lost", "lost") and c.stage_to in _BACK and c.changed_on <= today
    ]


def defeats(data: ReportInput) -> Report:
    today = data.today
    ctx = RuleContext(today, data.policy, data.dealership)
    book = staff_book(data.dealership)
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
        back = recoveries(data.changes.get(customer.customer_id, ()), today)
        for change in back:
            if change.changed_on in period:
                tally = month_of(change.changed_on)
                tally.recovered += 1
                tally.by_verification += change.touchpoint == "lost.verify"
        lost_on = customer.lost_on
        if lost_on is None:
            continue
        if customer.stage in ("lost", "quasi_lost"):
            if lost_on not in period:
                continue
            tally = month_of(lost_on)
            key = (customer.lost_category or None, customer.competitor or None)
            reason = reasons.setdefault(key, _Reason())
            if customer.stage == "lost":
                tally.lost += 1
                reason.lost += 1
                manager = book.manager_for(customer.owner, customer.store)
                if verifying_contact(as_of(file, today), ctx, manager) is not None:
                    tally.verified += 1
            else:
                tally.quasi_lost += 1
                reason.quasi_lost += 1
        elif customer.stage in _BACK and not back:
            found = _recovered_without_record(file, lost_on, today)
            if found is not None and found[0] in period:
                tally = month_of(found[0])
                tally.recovered += 1
                tally.by_verification += found[1]

    total = _Month()
    for tally in by_month.values():
        total.add(tally)
    month_rows = [tally.row(label) for label, tally in by_month.items()]
    month_rows.append(total.row(TOTAL))

    def most_first(item):
        (reason, competitor), t = item
        return -(t.lost + t.quasi_lost), -t.lost, reason is None, reason or "", competitor or ""

    ranked = sorted(reasons.items(), key=most_first)
    reason_rows = [
        (r or UNCATEGORISED, c or NOT_RECORDED, t.lost, t.quasi_lost, t.lost + t.quasi_lost) for (r, c), t in ranked
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
                    Column("verified", Message.of(N_("verified by a manager")), "int"),
                    Column("unverified", Message.of(N_("not verified")), "int"),
                    Column("recovered", Message.of(N_("false defeats recovered")), "int"),
                    Column("by_verification", Message.of(N_("of which found by verification")), "int"),
                ),
                tuple(month_rows),
                chart=Chart("line", ("month",), ("won", "lost", "quasi_lost")),
                notes=(
                    Message.of(N_("defeat rate = lost / (won + lost); quasi-lost customers have not bought elsewhere and are not counted as defeats")),
                    Message.of(N_("won: cars sold here delivered that month; lost, quasi-lost: customers still at that stage, by the month of their lost date")),
                    Message.of(N_("verified, not verified: of the lost customers, whether a manager verified the defeat (lost.verify)")),
                    Message.of(N_("false defeats recovered: customers taken back from quasi-lost or lost to prospect or owner, in the month of the change (without a recorded change: of their first delivery here)")),
                ),
            ),
            Table(
                "reasons",
                Message.of(N_("Why customers were lost, and to whom")),
                (
                    Column("category", Message.of(N_("category")), "term"),
                    Column("competitor", Message.of(N_("competitor"))),
                    Column("lost", Message.of(N_("lost")), "int"),
                    Column("quasi_lost", Message.of(N_("quasi-lost")), "int"),
                    Column("total", Message.of(N_("total")), "int"),
                ),
                tuple(reason_rows),
                (Message.of(N_("uncategorised: no lost_category recorded (free-text reasons are never guessed into one)")),),
                chart=Chart("bar", ("category", "competitor"), ("lost", "quasi_lost")),
            ),
        ),
    )
