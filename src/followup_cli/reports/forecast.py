"""`report forecast`: the calls each staff member will have on each of the next days.

So a manager sees tomorrow's load before it arrives and can move customers or
capacity (seed 000: "制定今天要联系的客户名单和最低联系的数量" — the list and how many calls
a day; SPEC 3 Ranking and capacity).

Day 0 is ``--today`` itself, so the first row is what ``followup due`` lists
now; ``--days N`` gives N rows (today and the N-1 days after). Each day is the
engine's own list for that day (ranked, cut at each staff member's capacity),
made from the customers' plans (the stored agenda: ``ReportInput.lists``); a
plan that runs out during the days is made again from the records as they
stand today: nothing is logged in between — no call made, no visit — so an
item due and not called stays due (and overdue) and one-off items drop off
when they are missed, as they would if nobody called. Contacts and visits
dated after today are left out for the same reason.

Two tables, both with the numbers for Excel:

- ``days``: per day, ``calls`` (customers on a staff member's list within
  capacity, one call per customer and staff member; unassigned customers
  included), drawn as a bar; ``items`` (their touchpoints); ``cut``
  (customers beyond capacity).
- ``staff``: days × staff members — one column of calls per staff member
  (the code as key and header), plus a ``<code>_cut`` column for each one
  with customers cut on some day, and ``unassigned`` when an item names
  nobody. Wide rather than long (day, staff, calls) because 14 days × 10
  staff reads at a glance on a terminal and pivots nothing away in Excel.
"""

from __future__ import annotations

from datetime import timedelta

from followup_cli.message import Message, N_
from followup_cli.reports.model import Chart, Column, Report, ReportInput, Table

UNASSIGNED_KEY = "unassigned"


def forecast(data: ReportInput) -> Report:
    today = data.today
    lists = data.lists()
    staff_codes = sorted(s.code for s in data.dealership.staff)

    # (day, {staff: calls}, items, {staff: cut}); one day's list at a time, only its counts kept
    days = []
    for offset in range(data.days):
        day = today + timedelta(days=offset)
        counted = lists.counts(day)
        days.append((day, counted.calls, counted.items, counted.cut))

    totals = tuple(
        (day, sum(calls.values()), items, sum(cut.values())) for day, calls, items, cut in days
    )
    per_day = Table(
        "days",
        Message.of(N_("Calls per day")),
        (
            Column("day", Message.of(N_("day")), "date"),
            Column("calls", Message.of(N_("calls")), "bar"),
            Column("items", Message.of(N_("items")), "int"),
            Column("cut", Message.of(N_("cut")), "int"),
        ),
        totals,
        chart=Chart("line", ("day",), ("calls", "cut")),
        notes=(Message.of(N_("calls: customers on a staff member's list within capacity; cut: customers beyond it")),),
    )

    seen = {staff for _, calls, _, cut in days for staff in (*calls, *cut)}
    codes = sorted(set(staff_codes) | {s for s in seen if s is not None})
    cut_codes = [c for c in codes if any(cut.get(c) for _, _, _, cut in days)]
    columns = [Column("day", Message.of(N_("day")), "date")]
    for code in codes:
        columns.append(Column(code, Message(code), "int"))  # a staff code: nothing to translate
        if code in cut_codes:
            columns.append(Column(f"{code}_cut", Message.of(N_("{staff} cut"), staff=code), "int"))
    unassigned = None in seen
    if unassigned:
        columns.append(Column(UNASSIGNED_KEY, Message.of(N_("(unassigned)")), "int"))
    rows = []
    for day, calls, _, cut in days:
        row: list = [day]
        for code in codes:
            row.append(calls.get(code, 0))
            if code in cut_codes:
                row.append(cut.get(code, 0))
        if unassigned:
            row.append(calls.get(None, 0))
        rows.append(tuple(row))
    by_staff = Table(
        "staff", Message.of(N_("Calls per day by staff member")), tuple(columns), tuple(rows),
        chart=Chart("line", ("day",), tuple(c.key for c in columns[1:] if not c.key.endswith("_cut"))),
    )

    last = today + timedelta(days=data.days - 1)
    return Report(
        "forecast",
        Message.of(N_("Forecast from {start} to {end}"), start=today, end=last),
        (per_day, by_staff),
        (Message.of(N_("assumes nothing is logged in between: no calls, no visits after {date}"), date=today),),
    )
