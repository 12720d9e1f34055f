"""`report satisfaction`: callback scores by staff member and month, and how complaints were answered.

Seed 000 (SSI/CSI 满意度目标, 月/季/年目标): a dealership sets satisfaction targets by month
and checks them ("Check 检核评价 ... 日常管理"); seed 003 (定期回访回复制度): a quality callback
within a week of a visit, a care callback within a month, and "对客户所提意见登记,并在规定时限
回复客户" — every complaint registered and answered within the set time, by the department
manager for important customers ("重大投诉的客户 ... 必须由部门主管经理亲自回访").

Scores: every contact in the period (and not after ``--today``) with a ``score``
(``followup log --score 1-5``), credited to the staff member whose work was rated (SPEC 3:
the visit's advisor, else the owner; :func:`followup_cli.rules.assign.rated_staff`), not
to whoever logged the callback (a CRM clerk hears the score of the advisor's work), and
for the month it was logged in. A score of
``complaint.reply.low_score_max`` or less (default 2) is low: it opens a complaint.

Complaints: each ``complaint.reply`` trigger opened in the period — a visit with a
complaint or a low-scored contact, found by the rule itself
(:func:`followup_cli.rules.service.complaint_reply`, asked again before each complaint it
finds, so one customer's earlier complaints are counted too; one per customer and day, a
visit's complaint winning as in the rule). Each is assigned as the engine assigns it (a
manager of the team whose work it concerns) and judged with the engine's own satisfaction test
(:func:`followup_cli.rules.satisfy.satisfying_contact`: a reaching contact on or after
the day it opened that names ``complaint.reply``, or names nothing and is the assigned
manager's; a low-scored contact never answers a complaint). Answered by its due day
(opened + ``complaint.reply.due``): ``in_time``; answered later but while the item was
still listed (up to ``general.missed_after_days`` after the due day, SPEC 3 Lapsing):
``late``; not answered yet and still listed: ``open`` (within its window or overdue);
left the list unanswered: ``missed`` — a call a year later answers the customer's newer
complaint, not this one. A reply after a newer complaint opened still answers the older
one (late, if past its due day): the engine lists only the newest, but the customer got
their call. ``in_time_rate`` = in time / complaints whose due day has passed or that were
answered (one still within its window is not late yet). Complaints count for the month
they opened in and for the staff member assigned.

Tables: ``months`` (the dealership, every month of the period, and a total),
``staff`` (each staff member with a score or a complaint in the period, and a total),
``staff_months`` (scores by staff member and month).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from followup_cli.message import Message, N_
from followup_cli.reports.model import Chart, Column, Period, Report, ReportInput, Table, month_periods
from followup_cli.rules.assign import assign, rated_staff, staff_book
from followup_cli.rules.context import RuleContext
from followup_cli.rules.engine import as_of
from followup_cli.rules.model import CustomerFile, Dealership, Proposal
from followup_cli.rules.policy import Policy
from followup_cli.rules.satisfy import ContactLog, satisfying_contact
from followup_cli.rules.service import complaint_reply
from followup_cli.rules.windows import offsets

UNASSIGNED = Message.of(N_("(unassigned)"))
TOTAL = Message.of(N_("total"))
TOUCHPOINT = "complaint.reply"


@dataclass(frozen=True)
class Complaint:
    """One complaint opened in the period and what became of it by today."""

    customer_id: str
    opened_on: date
    due_on: date
    staff: str | None
    answered_on: date | None
    outcome: str  # "in_time", "late", "open" or "missed"


def complaints(
    file: CustomerFile, period: Period, today: date, policy: Policy, dealership: Dealership
) -> list[Complaint]:
    """The customer's complaints opened in ``period`` (not after ``today``), newest first."""
    file = as_of(file, today)
    opens = offsets(policy, TOUCHPOINT)[0]
    low = int(policy.get(f"{TOUCHPOINT}.low_score_max"))
    missed_after = timedelta(days=int(policy.get("general.missed_after_days")))
    book = staff_book(dealership)
    log = ContactLog(file.contacts)
    found: list[Complaint] = []
    day = min(period.end, today)
    while day >= period.start:
        ctx = RuleContext(today=day, policy=policy, dealership=dealership)
        latest = next((p for p in complaint_reply(file, ctx) if isinstance(p, Proposal)), None)
        if latest is None:
            break
        opened = latest.opens_on - opens
        if opened < period.start:
            break
        staff = assign(latest, file, book)
        last_chance = latest.due_on + missed_after  # then the engine counts it missed
        answer = satisfying_contact(log, TOUCHPOINT, latest.opens_on, staff, last_chance, low)
        if answer is not None:
            outcome = "in_time" if answer.contacted_on <= latest.due_on else "late"
        else:
            outcome = "open" if today <= last_chance else "missed"
        answered = answer.contacted_on if answer else None
        found.append(Complaint(file.customer.customer_id, opened, latest.due_on, staff, answered, outcome))
        day = opened - timedelta(days=1)
    return found


class _Tally:
    """Scores and complaints of one row: a month, a staff member, or both."""

    __slots__ = ("scored", "total", "low", "opened", "in_time", "late", "open", "missed", "waiting")

    def __init__(self) -> None:
        self.scored = self.total = self.low = 0
        self.opened = self.in_time = self.late = self.open = self.missed = self.waiting = 0

    def score(self, value: int, low_max: int) -> None:
        self.scored += 1
        self.total += value
        self.low += value <= low_max

    def complaint(self, c: Complaint, today: date) -> None:
        self.opened += 1
        setattr(self, c.outcome, getattr(self, c.outcome) + 1)
        self.waiting += c.outcome == "open" and today <= c.due_on  # not late yet: left out of the rate

    def add(self, other: _Tally) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def scores(self) -> tuple:
        average = round(self.total / self.scored, 2) if self.scored else None
        share = round(self.low / self.scored, 4) if self.scored else None
        return (self.scored, average, self.low, share)

    def answers(self) -> tuple:
        decided = self.opened - self.waiting
        rate = round(self.in_time / decided, 4) if decided else None
        return (self.opened, self.in_time, self.late, self.open, self.missed, rate)


def _total(tallies: Iterable[_Tally]) -> _Tally:
    out = _Tally()
    for t in tallies:
        out.add(t)
    return out


SCORE_COLUMNS = (
    Column("scored", Message.of(N_("scored")), "int"),
    Column("average", Message.of(N_("average")), "float"),
    Column("low", Message.of(N_("low")), "int"),
    Column("low_share", Message.of(N_("low share")), "pct"),
)
COMPLAINT_COLUMNS = (
    Column("complaints", Message.of(N_("complaints")), "int"),
    Column("in_time", Message.of(N_("in time")), "int"),
    Column("late", Message.of(N_("late")), "int"),
    Column("open", Message.of(N_("open")), "int"),
    Column("missed", Message.of(N_("missed")), "int"),
    Column("in_time_rate", Message.of(N_("in-time rate")), "pct"),
)


def satisfaction(data: ReportInput) -> Report:
    period, today, policy = data.period, data.today, data.policy
    low_max = int(policy.get(f"{TOUCHPOINT}.low_score_max"))
    by_month = {month: _Tally() for month, _ in month_periods(period)}
    by_staff: dict[str | None, _Tally] = {}
    by_staff_month: dict[tuple[str | None, str], _Tally] = {}

    for file in data.files:
        for contact in file.contacts:
            if contact.score is None or contact.contacted_on not in period or contact.contacted_on > today:
                continue
            month = contact.contacted_on.strftime("%Y-%m")
            rated = rated_staff(file, contact) or contact.staff
            for tally in (
                by_month[month],
                by_staff.setdefault(rated, _Tally()),
                by_staff_month.setdefault((rated, month), _Tally()),
            ):
                tally.score(contact.score, low_max)
        for complaint in complaints(file, period, today, policy, data.dealership):
            by_month[complaint.opened_on.strftime("%Y-%m")].complaint(complaint, today)
            by_staff.setdefault(complaint.staff, _Tally()).complaint(complaint, today)

    month_rows = [(m, *t.scores(), *t.answers()) for m, t in by_month.items()]
    total = _total(by_month.values())
    month_rows.append((TOTAL, *total.scores(), *total.answers()))
    months_table = Table(
        "months",
        Message.of(N_("Scores and complaints by month")),
        (Column("month", Message.of(N_("month"))), *SCORE_COLUMNS, *COMPLAINT_COLUMNS),
        tuple(month_rows),
        chart=Chart("line", ("month",), ("average",)),
        notes=(
            Message.of(
                N_("low: scored {low_max} or less, which opens a complaint; a complaint is answered in time "
                   "by a reaching call within {days} days"),
                low_max=low_max,
                days=int(policy.get(f"{TOUCHPOINT}.due")),
            ),
        ),
    )

    book = staff_book(data.dealership)

    def label(code: str | None) -> object:
        return UNASSIGNED if code is None else code

    def name(code: str | None) -> str:
        member = book.by_code.get(code) if code else None
        return member.name if member else ""

    def order(code: str | None) -> tuple:
        return (code is None, code or "")

    staff_rows = [
        (label(code), name(code), *t.scores(), *t.answers())
        for code, t in sorted(by_staff.items(), key=lambda kv: order(kv[0]))
    ]
    staff_rows.append((TOTAL, "", *total.scores(), *total.answers()))
    staff_table = Table(
        "staff",
        Message.of(N_("Scores and complaints by staff member")),
        (
            Column("staff", Message.of(N_("staff"))),
            Column("name", Message.of(N_("name"))),
            *SCORE_COLUMNS,
            *COMPLAINT_COLUMNS,
        ),
        tuple(staff_rows),
        chart=Chart("bar", ("staff",), ("average",)),
        notes=(Message.of(N_("scores count for who logged the callback; complaints for the manager who answers them")),),
    )

    detail_rows = [
        (label(code), name(code), month, *t.scores())
        for (code, month), t in sorted(by_staff_month.items(), key=lambda kv: (order(kv[0][0]), kv[0][1]))
    ]
    detail_table = Table(
        "staff_months",
        Message.of(N_("Scores by staff member and month")),
        (
            Column("staff", Message.of(N_("staff"))),
            Column("name", Message.of(N_("name"))),
            Column("month", Message.of(N_("month"))),
            *SCORE_COLUMNS,
        ),
        tuple(detail_rows),
    )
    return Report(
        "satisfaction",
        Message.of(N_("Satisfaction from {start} to {end}"), start=period.start, end=period.end),
        (months_table, staff_table, detail_table),
    )
