"""`report workload`: each staff member's day — today's list, the backlog, and last week's calls.

Seed 000 (销售活动日报表, the sales activity daily report): "制定今天要联系的客户名单和最低联系的
数量" — every morning a list of whom to call and how many at least; "客户的重要信息及主要的洽谈
经过及时记入'销售活动日报表'中" — what was done is written down the same day. So one row per
staff member (all staff, by code; codes that only appear on items or contacts come in their
code order too; an "(unassigned)" row when an item or a contact names nobody), then a total row:

- ``capacity``: calls a day, ``daily_capacity`` in staff.csv, else ``general.default_daily_capacity``
  (seed 000; the same number ``followup due`` cuts at). Blank for the unassigned row: never cut.
- ``calls``: customers on today's list within capacity — one call per customer, as ``followup due``
  counts them; ``items``: the touchpoints those calls cover.
- ``overdue``: customers with an item past its due day, whether within capacity or cut.
- ``cut``: customers beyond capacity (counted, never dropped; SPEC 3 Ranking and capacity).
- ``missed``: one-off items that went unanswered more than ``general.missed_after_days`` after
  their due day and so left the list (SPEC 3 Lapsing) during the last 7 days, ending today —
  the same week as the contact columns. One day's count is mostly 0 and says little; a week
  shows who lets items slip. Counted by the engine (``due_items(missed_since=...)``) from
  today's rule answers, so an item a newer one replaced (a callback for a later visit) is not
  counted.
- ``contacts_yesterday``: contacts logged for yesterday, attempts (no answer, busy) included —
  the activity the daily report records; ``contacts_7d``: the 7 days ending today;
  ``reach_rate``: the share of those 7 days' contacts with a reaching outcome (SPEC 3: reached,
  appointment, refused, opted out); blank when there were none.

A daily report: the period options do not change it.
"""

from __future__ import annotations

from datetime import timedelta

from followup_cli.message import Message, N_
from followup_cli.reports.model import Chart, Column, Report, ReportInput, Table
from followup_cli.rules.assign import staff_book
from followup_cli.rules.engine import staff_day
from followup_cli.rules.model import REACHING
from followup_cli.rules.rank import capacities

WEEK = 7  # calendar fact: the last 7 days, ending today

UNASSIGNED = Message.of(N_("(unassigned)"))
TOTAL = Message.of(N_("total"))

COLUMNS = (
    Column("staff", Message.of(N_("staff"))),
    Column("name", Message.of(N_("name"))),
    Column("role", Message.of(N_("role")), "term"),
    Column("capacity", Message.of(N_("capacity")), "int"),
    Column("calls", Message.of(N_("calls")), "int"),
    Column("items", Message.of(N_("items")), "int"),
    Column("overdue", Message.of(N_("overdue")), "int"),
    Column("cut", Message.of(N_("cut")), "int"),
    Column("missed", Message.of(N_("missed 7d")), "int"),
    Column("contacts_yesterday", Message.of(N_("yesterday")), "int"),
    Column("contacts_7d", Message.of(N_("contacts 7d")), "int"),
    Column("reach_rate", Message.of(N_("reach rate")), "pct"),
)
_COUNTS = ("calls", "items", "overdue", "cut", "missed", "contacts_yesterday", "contacts_7d")
_TALLIES = (*_COUNTS, "reached_7d")  # reached_7d only makes the rate


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def workload(data: ReportInput) -> Report:
    today, policy = data.today, data.policy
    yesterday = today - timedelta(days=1)
    week_start = today - timedelta(days=WEEK - 1)
    book = staff_book(data.dealership)
    capacity = capacities(book.by_code.values(), policy)
    default_capacity = int(policy.get("general.default_daily_capacity"))

    counts: dict[str | None, dict[str, int]] = {}

    def of(staff: str | None) -> dict[str, int]:
        return counts.setdefault(staff, dict.fromkeys(_TALLIES, 0))

    recent = data.recent_contacts
    if recent is None:
        recent = (contact for file in data.files for contact in file.contacts)
    for contact in recent:  # the last week's contacts, counted
        day = contact.contacted_on
        if not week_start <= day <= today:
            continue
        row = of(contact.staff)
        row["contacts_7d"] += 1
        if contact.outcome in REACHING:
            row["reached_7d"] += 1
        if day == yesterday:
            row["contacts_yesterday"] += 1
    if data.today_list is not None:  # the stored agenda's counts of today
        day = data.today_list(week_start)
    else:
        day = staff_day(data.lists().on(today, missed_since=week_start))
    for name in ("calls", "items", "overdue", "cut", "missed"):
        for staff, n in getattr(day, name).items():
            of(staff)[name] = n

    codes = sorted(set(book.by_code) | {code for code in counts if code is not None})
    rows = []
    for code in codes:
        member = book.by_code.get(code)
        row = of(code)
        rows.append(
            (
                code,
                member.name if member else "",
                member.role if member else None,
                capacity.get(code, default_capacity),
                *(row[k] for k in _COUNTS),
                _rate(row["reached_7d"], row["contacts_7d"]),
            )
        )
    if None in counts:
        row = counts[None]
        rate = _rate(row["reached_7d"], row["contacts_7d"])
        rows.append((UNASSIGNED, "", None, None, *(row[k] for k in _COUNTS), rate))
    totals = {k: sum(r[k] for r in counts.values()) for k in _TALLIES}
    total_capacity = sum(capacity.get(code, default_capacity) for code in codes)
    rate = _rate(totals["reached_7d"], totals["contacts_7d"])
    rows.append((TOTAL, "", None, total_capacity, *(totals[k] for k in _COUNTS), rate))

    notes = (
        Message.of(
            N_("calls: customers on today's list within capacity; cut: customers beyond it; "
               "overdue: customers with an item past its due day"),
        ),
        Message.of(
            N_("missed: one-off items left unanswered {days} days after their due day, from {start} to {end}; "
               "contacts include attempts; reach rate = reached / contacts"),
            days=int(policy.get("general.missed_after_days")),
            start=week_start,
            end=today,
        ),
    )
    table = Table(
        "staff", Message.of(N_("Workload by staff member")), COLUMNS, tuple(rows), notes,
        chart=Chart("bar", ("staff",), ("capacity", "calls", "overdue")),
    )
    return Report("workload", Message.of(N_("Workload on {date}"), date=today), (table,))
