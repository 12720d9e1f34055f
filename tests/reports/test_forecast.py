"""`report forecast` on a small hand-built dealership: the next 4 days from Tuesday 2026-05-12.

S01 has P1 (A, due from today, overdue from Thursday) and P2 (B, opens
Thursday). S02 can make one call a day and has two hot prospects due all
along: P3 keeps the call (due first, then more overdue), P4 is cut every day.
U1, who has no owner, opens tomorrow. A call to P2 logged for tomorrow (a
record dated after today) does not count: the forecast assumes nothing is
logged in between.
"""

from __future__ import annotations

from datetime import timedelta

from followup_cli.reports.forecast import forecast
from followup_cli.rules.model import Staff

from .dealer import D, contact, customer, dealership_of, file, report_input, rows, table

TODAY = D(2026, 5, 12)
S02 = Staff("S02", "Sales Two", "consultant", "sales", daily_capacity=1)


def day(n: int) -> D:
    return TODAY + timedelta(days=n)


def prospect(cid: str, level: str, reached: D, owner: str | None = "S01", *more):
    return file(
        customer(customer_id=cid, intent_level=level, owner=owner),
        contacts=[contact(contacted_on=reached, staff=owner), *more],
    )


FILES = [
    prospect("P1", "A", day(-2)),  # A: opens today, due tomorrow
    prospect("P2", "B", day(-2), "S01", contact(contacted_on=day(1), staff="S01")),  # B: opens day 2
    prospect("P3", "A", day(-3), "S02"),  # opened yesterday, due today
    prospect("P4", "A", day(-2), "S02"),  # opens today, due tomorrow
    prospect("U1", "A", day(-1), None),  # opens tomorrow, nobody's
]


def report(days: int = 4):
    return forecast(report_input(FILES, TODAY, days=days, dealership=dealership_of(S02)))


def test_calls_per_day_start_today_and_grow_as_nothing_is_logged():
    assert [(r["day"], r["calls"], r["items"], r["cut"]) for r in rows(report(), "days")] == [
        (day(0), 2, 2, 1),  # P1, P3 (P4 cut)
        (day(1), 3, 3, 1),  # + U1
        (day(2), 4, 4, 1),  # + P2 (the call logged for day 1 is not counted)
        (day(3), 4, 4, 1),
    ]


def test_calls_column_is_drawn_as_a_bar():
    kinds = {c.key: c.kind for c in table(report(), "days").columns}
    assert kinds == {"day": "date", "calls": "bar", "items": "int", "cut": "int"}


def test_one_column_per_staff_member_a_cut_column_for_who_is_cut_and_one_for_unassigned():
    staff = table(report(), "staff")
    assert [c.key for c in staff.columns] == ["day", "A01", "K01", "M01", "S01", "S02", "S02_cut", "unassigned"]
    assert [r for r in staff.rows] == [
        (day(0), 0, 0, 0, 1, 1, 1, 0),
        (day(1), 0, 0, 0, 1, 1, 1, 1),
        (day(2), 0, 0, 0, 2, 1, 1, 1),
        (day(3), 0, 0, 0, 2, 1, 1, 1),
    ]


def test_days_gives_the_number_of_rows_and_the_title_the_last_day():
    r = report(days=1)
    assert [x["day"] for x in rows(r, "days")] == [TODAY]
    assert r.title.values() == {"start": TODAY, "end": TODAY}
    assert report(days=14).title.values()["end"] == D(2026, 5, 25)


def test_footer_says_nothing_is_logged_in_between():
    (note,) = report().notes
    assert note.msgid.startswith("assumes nothing is logged in between")
    assert note.values() == {"date": TODAY}


def test_day_zero_is_todays_due_list():
    from followup_cli.rules.engine import due_items

    data = report_input(FILES, TODAY, dealership=dealership_of(S02))
    due = due_items(data.files, data.dealership, data.policy, TODAY)
    first = rows(report(), "days")[0]
    assert first["items"] == len(due.within_capacity())
    assert first["cut"] == sum(due.cut.values())
