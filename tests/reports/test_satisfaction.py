"""`report satisfaction` (seed 000 SSI/CSI, seed 003 回访) on a small hand-built dealership.

Today is 2026-05-31; the period runs from April to June (June has not happened yet).
Three owners of S01 (team sales, so their complaints go to manager M01):

- C001: a callback scored 1 in March (before the period); A01's callbacks scored 5 on
  4 April, 2 on 20 April (a complaint: M01 called back the next day, in time) and 1 on
  10 May (a complaint: M01 answered on 15 May, three days late); K01 heard a 4 on 3 May
  (a quality callback: the score is the work of the advisor, A01, SPEC 3).
- C002: a complaint at a visit on 20 May (S01's own call and K01's unanswered attempt
  do not answer it: still open, overdue); A01 heard a 3 on 28 May and a 2 yesterday (a
  complaint still within its window).
- C003: a complaint at a visit on 1 April nobody answered while it was listed (M01's
  call on 10 May came after it was missed); a score of 4 logged without a staff code (A01's work);
  a score of 1 dated 2 June (after today) does not count yet.
"""

from __future__ import annotations

from followup_cli.message import Message
from followup_cli.reports.satisfaction import Complaint, complaints, satisfaction
from followup_cli.reports.model import Period

from .dealer import (
    DEALERSHIP,
    VIN,
    VIN2,
    D,
    contact,
    customer,
    file,
    policy_of,
    report_input,
    row,
    rows,
    vehicle,
    visit,
)

TODAY = D(2026, 5, 31)
START, END = D(2026, 4, 1), D(2026, 6, 30)
QC = "service.quality_callback"
TOTAL = Message.of("total")


def owner(cid: str):
    return customer(customer_id=cid, stage="owner", owner="S01", advisor="A01")


C001 = file(
    owner("C001"),
    vehicles=[vehicle(vin=VIN)],
    contacts=[
        contact(contacted_on=D(2026, 3, 30), staff="A01", touchpoint=QC, score=1),
        contact(contacted_on=D(2026, 4, 5), staff="A01", touchpoint=QC, score=5),
        contact(contacted_on=D(2026, 4, 20), staff="A01", touchpoint=QC, score=2),
        contact(contacted_on=D(2026, 4, 21), staff="M01"),
        contact(contacted_on=D(2026, 5, 3), staff="K01", touchpoint=QC, score=4),
        contact(contacted_on=D(2026, 5, 10), staff="A01", touchpoint=QC, score=1),
        contact(contacted_on=D(2026, 5, 15), staff="M01", touchpoint="complaint.reply"),
    ],
)
C002 = file(
    owner("C002"),
    vehicles=[vehicle(vin=VIN)],
    visits=[visit(vin=VIN, visited_on=D(2026, 5, 20), kind="repair", complaint="waited three hours")],
    contacts=[
        contact(contacted_on=D(2026, 5, 21), staff="S01"),
        contact(contacted_on=D(2026, 5, 22), staff="K01", touchpoint="complaint.reply", outcome="no_answer"),
        contact(contacted_on=D(2026, 5, 28), staff="A01", touchpoint=QC, score=3),
        contact(contacted_on=D(2026, 5, 30), staff="A01", touchpoint=QC, score=2),
    ],
)
C003 = file(
    owner("C003"),
    vehicles=[vehicle(vin=VIN2)],
    visits=[visit(vin=VIN2, visited_on=D(2026, 4, 1), kind="repair", complaint="scratch on the door")],
    contacts=[
        contact(contacted_on=D(2026, 4, 15), touchpoint=QC, score=4),
        contact(contacted_on=D(2026, 5, 10), staff="M01", touchpoint="complaint.reply"),
        contact(contacted_on=D(2026, 6, 2), staff="A01", touchpoint=QC, score=1),
    ],
)


def report(**policy):
    return satisfaction(report_input([C001, C002, C003], TODAY, START, END, policy=policy))


def found(f):
    return complaints(f, Period(START, END), TODAY, policy_of(), DEALERSHIP)


def test_complaints_of_one_customer_newest_first_each_judged_by_the_engine():
    assert found(C001) == [
        Complaint("C001", D(2026, 5, 10), D(2026, 5, 12), "M01", D(2026, 5, 15), "late"),
        Complaint("C001", D(2026, 4, 20), D(2026, 4, 22), "M01", D(2026, 4, 21), "in_time"),
    ]  # March's complaint is before the period
    assert [(c.opened_on, c.answered_on, c.outcome) for c in found(C002)] == [
        (D(2026, 5, 30), None, "open"),
        (D(2026, 5, 20), None, "open"),
    ]
    assert [(c.opened_on, c.answered_on, c.outcome) for c in found(C003)] == [
        (D(2026, 4, 1), None, "missed"),  # listed until 3 May; the call on 10 May came too late
    ]


def test_by_month_every_month_of_the_period_then_the_total():
    assert rows(report(), "months") == [
        {
            "month": "2026-04", "scored": 3, "average": 3.67, "low": 1, "low_share": 0.3333,
            "complaints": 2, "in_time": 1, "late": 0, "open": 0, "missed": 1, "in_time_rate": 0.5,
        },
        {
            "month": "2026-05", "scored": 4, "average": 2.5, "low": 2, "low_share": 0.5,
            # the complaint of 30 May is not late yet: left out of the rate
            "complaints": 3, "in_time": 0, "late": 1, "open": 2, "missed": 0, "in_time_rate": 0.0,
        },
        {
            "month": "2026-06", "scored": 0, "average": None, "low": 0, "low_share": None,
            "complaints": 0, "in_time": 0, "late": 0, "open": 0, "missed": 0, "in_time_rate": None,
        },
        {
            "month": TOTAL, "scored": 7, "average": 3.0, "low": 3, "low_share": 0.4286,
            "complaints": 5, "in_time": 1, "late": 1, "open": 2, "missed": 1, "in_time_rate": 0.25,
        },
    ]


def test_by_staff_scores_for_whose_work_was_rated_complaints_for_the_manager():
    got = {(r["staff"], r["name"]): r for r in rows(report(), "staff")}
    assert list(got) == [("A01", "Advisor One"), ("M01", "Manager One"), (TOTAL, "")]
    a01 = got["A01", "Advisor One"]  # every quality callback rates the advisor's work, whoever heard it
    assert (a01["scored"], a01["average"], a01["low"], a01["low_share"], a01["complaints"]) == (7, 3.0, 3, 0.4286, 0)
    m01 = got["M01", "Manager One"]
    assert (m01["scored"], m01["average"], m01["low_share"]) == (0, None, None)
    assert (m01["complaints"], m01["in_time"], m01["late"], m01["open"], m01["missed"], m01["in_time_rate"]) == (
        5, 1, 1, 2, 1, 0.25,
    )


def test_by_staff_and_month_only_where_there_are_scores():
    keys = ("staff", "month", "scored", "average", "low", "low_share")
    got = [tuple(r[k] for k in keys) for r in rows(report(), "staff_months")]
    assert got == [
        ("A01", "2026-04", 3, 3.67, 1, 0.3333),
        ("A01", "2026-05", 4, 2.5, 2, 0.5),
    ]


def test_the_low_score_threshold_is_the_policys():
    # at 3 or less, C002's 3 on 28 May is low too and opens one more complaint
    may = row(report(**{"complaint.reply.low_score_max": 3}), "months", month="2026-05")
    assert (may["low"], may["complaints"], may["open"]) == (3, 4, 3)


def test_a_reply_to_a_newer_complaint_answers_an_older_one_late():
    f = file(
        owner("C009"),
        vehicles=[vehicle(vin=VIN)],
        visits=[visit(vin=VIN, visited_on=D(2026, 5, 1), kind="repair", complaint="noise")],
        contacts=[
            contact(contacted_on=D(2026, 5, 8), staff="A01", touchpoint=QC, score=1),
            contact(contacted_on=D(2026, 5, 9), staff="M01"),
        ],
    )
    assert [(c.opened_on, c.outcome) for c in found(f)] == [
        (D(2026, 5, 8), "in_time"),
        (D(2026, 5, 1), "late"),
    ]


def test_a_period_across_the_new_year_has_a_row_per_month():
    data = report_input([C001], D(2026, 2, 1), D(2025, 11, 15), D(2026, 2, 1))
    months = [r["month"] for r in rows(satisfaction(data), "months")]
    assert months == ["2025-11", "2025-12", "2026-01", "2026-02", TOTAL]
