"""`report defeats` (seed 004 战败分析) on a small hand-built dealership.

Today is 2026-06-30; the period runs from March to July (July has not happened yet).

- March: nothing happened (no rate: 0 / 0).
- April: L3 bought a 比亚迪 (lost, reason not recorded); nobody took delivery: 100 %.
- May: O1, O2 and O3 took delivery of cars sold here (O3's second car, bought
  elsewhere, does not count); L1 and L2 were lost to 大众 over the price; Q1 is
  quasi-lost (暂缓购车): 3 won, 2 lost, 1 quasi-lost gives 2 / (3 + 2) = 40 %.
- June: R1, quasi-lost on 20 April, came back and took delivery on 10 June: one won,
  one false defeat recovered, and no longer a defeat.
- Not counted: L0 lost in February (before the period); P1, lost in May but a prospect
  again with nothing saying how; Q2 quasi-lost with no date; O4's delivery on 2 July (after today).
- Categories: L1 and L2 were recorded as ``price``; L3 and Q1 (an old free-text reason
  only) are uncategorised.
"""

from __future__ import annotations

from followup_cli.message import Message
from followup_cli.reports.defeats import defeat_rate, defeats

from followup_cli.rules.model import StageChange

from .dealer import D, contact, customer, file, report_input, rows, vehicle

TODAY = D(2026, 6, 30)
START, END = D(2026, 3, 1), D(2026, 7, 31)
TOTAL, NOT_RECORDED, UNCATEGORISED = Message.of("total"), Message.of("(not recorded)"), Message.of("uncategorised")
NOTHING_MORE = {"verified": 0, "unverified": 0, "by_verification": 0}


def owner(cid: str, *delivered: D, elsewhere: D | None = None, **kw):
    cars = [vehicle(vin=f"{cid}VIN{i}", delivered_on=d) for i, d in enumerate(delivered)]
    if elsewhere:
        cars.append(vehicle(vin=f"{cid}OTHER", delivered_on=elsewhere, sold_here=False))
    return file(customer(customer_id=cid, stage="owner", **kw), vehicles=cars)


def lost(cid: str, on: D | None, stage: str = "lost", reason: str | None = None, competitor: str | None = None,
         category: str | None = None, contacts=()):
    return file(customer(customer_id=cid, stage=stage, lost_on=on, lost_reason=reason, competitor=competitor,
                         lost_category=category), contacts=[contact(customer_id=cid, **c) for c in contacts])


DEALERSHIP_FILES = [
    owner("O1", D(2026, 5, 2)),
    owner("O2", D(2026, 5, 31)),
    owner("O3", D(2026, 5, 15), elsewhere=D(2026, 5, 20)),
    owner("O4", D(2026, 7, 2)),
    owner("R1", D(2026, 6, 10), lost_on=D(2026, 4, 20), lost_reason="暂缓购车"),
    lost("L0", D(2026, 2, 27), reason="价格原因", competitor="大众"),
    lost("L1", D(2026, 5, 3), reason="价格原因", competitor="大众", category="price"),
    lost("L2", D(2026, 5, 28), reason="价格原因", competitor="大众", category="price"),
    lost("L3", D(2026, 4, 9), competitor="比亚迪"),
    lost("Q1", D(2026, 5, 12), stage="quasi_lost", reason="暂缓购车"),
    lost("Q2", None, stage="quasi_lost"),
    lost("P1", D(2026, 5, 5), stage="prospect", reason="预算不足"),
]


def report():
    return defeats(report_input(DEALERSHIP_FILES, TODAY, START, END))


def test_three_won_two_lost_one_quasi_lost_is_a_defeat_rate_of_40_percent():
    files = [owner("O1", D(2026, 5, 2)), owner("O2", D(2026, 5, 31)), owner("O3", D(2026, 5, 15))]
    files += [lost("L1", D(2026, 5, 3)), lost("L2", D(2026, 5, 28)), lost("Q1", D(2026, 5, 12), stage="quasi_lost")]
    may = defeats(report_input(files, D(2026, 5, 31), D(2026, 5, 1), D(2026, 5, 31)))
    assert rows(may, "months")[0] == {
        "month": "2026-05", "won": 3, "lost": 2, "quasi_lost": 1, "defeat_rate": 0.4, "recovered": 0,
        "verified": 0, "unverified": 2, "by_verification": 0,
    }


def test_months_of_the_period_up_to_today_with_a_total():
    got = [(r["month"], r["won"], r["lost"], r["quasi_lost"], r["defeat_rate"], r["recovered"]) for r in rows(report(), "months")]
    assert got == [
        ("2026-03", 0, 0, 0, None, 0),
        ("2026-04", 0, 1, 0, 1.0, 0),
        ("2026-05", 3, 2, 1, 0.4, 0),
        ("2026-06", 1, 0, 0, 0.0, 1),
        (TOTAL, 4, 3, 1, 3 / 7, 1),
    ]


def test_categories_by_competitor_most_frequent_first_free_text_is_uncategorised():
    got = [(r["category"], r["competitor"], r["lost"], r["quasi_lost"], r["total"]) for r in rows(report(), "reasons")]
    assert got == [
        ("price", "大众", 2, 0, 2),
        (UNCATEGORISED, "比亚迪", 1, 0, 1),
        (UNCATEGORISED, NOT_RECORDED, 0, 1, 1),
        (TOTAL, None, 3, 1, 4),
    ]


def test_defeats_verified_by_a_manager_and_not():
    files = [
        lost("V1", D(2026, 5, 3), competitor="大众", contacts=[dict(contacted_on=D(2026, 5, 5), staff="M01", touchpoint="lost.verify")]),
        lost("V2", D(2026, 5, 4), competitor="大众", contacts=[dict(contacted_on=D(2026, 5, 4), staff="M01")]),  # the assigned manager, untagged
        lost("U1", D(2026, 5, 6), competitor="大众", contacts=[dict(contacted_on=D(2026, 5, 6), staff="S01", touchpoint="lost.verify")]),
        lost("U2", D(2026, 5, 7), competitor="大众", contacts=[dict(contacted_on=D(2026, 5, 8), staff="M01", outcome="no_answer", touchpoint="lost.verify")]),
    ]
    may = rows(defeats(report_input(files, D(2026, 5, 31), D(2026, 5, 1), D(2026, 5, 31))), "months")[0]
    assert (may["lost"], may["verified"], may["unverified"]) == (4, 2, 2)


def test_false_defeats_recovered_from_the_recorded_changes_and_from_the_contact_log():
    changes = {
        # verified on 5 May and found false: back to prospect B
        "F1": (StageChange("F1", D(2026, 5, 1), "prospect", "lost"),
               StageChange("F1", D(2026, 5, 5), "lost", "prospect", None, "B", "M01", "lost.verify")),
        # quasi-lost, rechecked and taken back in June
        "F2": (StageChange("F2", D(2026, 6, 2), "quasi_lost", "prospect", None, "C", "M01", "lost.recheck"),),
        # lost then quasi-lost: not a recovery
        "F3": (StageChange("F3", D(2026, 5, 9), "lost", "quasi_lost"),),
    }
    files = [
        lost("F1", D(2026, 5, 1), stage="prospect", competitor="大众"),
        lost("F2", D(2026, 4, 20), stage="prospect"),
        lost("F3", D(2026, 5, 9), stage="quasi_lost", category="funds"),
        # an imported history: prospect again, the manager's verification in the contact log
        lost("F4", D(2026, 5, 10), stage="prospect", competitor="大众",
             contacts=[dict(contacted_on=D(2026, 5, 12), staff="M01", touchpoint="lost.verify")]),
    ]
    data = report_input(files, TODAY, START, END)
    data = type(data)(**{**data.__dict__, "changes": changes})
    got = [(r["month"], r["recovered"], r["by_verification"]) for r in rows(defeats(data), "months")]
    assert got == [("2026-03", 0, 0), ("2026-04", 0, 0), ("2026-05", 2, 2), ("2026-06", 1, 0), (TOTAL, 3, 2)]


def test_a_recovered_customer_counts_in_the_month_of_the_first_purchase_after_the_defeat():
    # lost in January, bought in February (before the period) and again in May: not recovered in the period
    early = owner("R2", D(2026, 2, 1), D(2026, 5, 20), lost_on=D(2026, 1, 10))
    # a car bought before the defeat is not a recovery
    before = owner("R3", D(2025, 12, 1), lost_on=D(2026, 4, 1))
    got = rows(defeats(report_input([early, before], TODAY, START, END)), "months")
    assert [(r["month"], r["won"], r["recovered"]) for r in got[:-1]] == [
        ("2026-03", 0, 0),
        ("2026-04", 0, 0),
        ("2026-05", 1, 0),
        ("2026-06", 0, 0),
    ]


def test_defeat_rate_is_blank_when_nothing_was_won_or_lost():
    assert defeat_rate(0, 0) is None
    assert defeat_rate(3, 2) == 0.4
    assert defeat_rate(0, 2) == 1.0


def test_an_empty_dealership_gives_empty_months_and_a_zero_total():
    r = defeats(report_input([], TODAY, D(2026, 6, 1), TODAY))
    assert rows(r, "months") == [
        {"month": "2026-06", "won": 0, "lost": 0, "quasi_lost": 0, "defeat_rate": None, "recovered": 0, **NOTHING_MORE},
        {"month": TOTAL, "won": 0, "lost": 0, "quasi_lost": 0, "defeat_rate": None, "recovered": 0, **NOTHING_MORE},
    ]
    assert rows(r, "reasons") == [{"category": TOTAL, "competitor": None, "lost": 0, "quasi_lost": 0, "total": 0}]
