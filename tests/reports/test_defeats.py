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
  again; Q2 quasi-lost with no date; O4's delivery on 2 July (after today).
"""

from __future__ import annotations

from followup_cli.message import Message
from followup_cli.reports.defeats import defeat_rate, defeats

from .dealer import D, customer, file, report_input, rows, vehicle

TODAY = D(2026, 6, 30)
START, END = D(2026, 3, 1), D(2026, 7, 31)
TOTAL, NOT_RECORDED = Message.of("total"), Message.of("(not recorded)")


def owner(cid: str, *delivered: D, elsewhere: D | None = None, **kw):
    cars = [vehicle(vin=f"{cid}VIN{i}", delivered_on=d) for i, d in enumerate(delivered)]
    if elsewhere:
        cars.append(vehicle(vin=f"{cid}OTHER", delivered_on=elsewhere, sold_here=False))
    return file(customer(customer_id=cid, stage="owner", **kw), vehicles=cars)


def lost(cid: str, on: D | None, stage: str = "lost", reason: str | None = None, competitor: str | None = None):
    return file(customer(customer_id=cid, stage=stage, lost_on=on, lost_reason=reason, competitor=competitor))


DEALERSHIP_FILES = [
    owner("O1", D(2026, 5, 2)),
    owner("O2", D(2026, 5, 31)),
    owner("O3", D(2026, 5, 15), elsewhere=D(2026, 5, 20)),
    owner("O4", D(2026, 7, 2)),
    owner("R1", D(2026, 6, 10), lost_on=D(2026, 4, 20), lost_reason="暂缓购车"),
    lost("L0", D(2026, 2, 27), reason="价格原因", competitor="大众"),
    lost("L1", D(2026, 5, 3), reason="价格原因", competitor="大众"),
    lost("L2", D(2026, 5, 28), reason="价格原因", competitor="大众"),
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


def test_reasons_by_competitor_most_frequent_first_blank_reads_not_recorded():
    got = [(r["reason"], r["competitor"], r["lost"], r["quasi_lost"], r["total"]) for r in rows(report(), "reasons")]
    assert got == [
        ("价格原因", "大众", 2, 0, 2),
        (NOT_RECORDED, "比亚迪", 1, 0, 1),
        ("暂缓购车", NOT_RECORDED, 0, 1, 1),
        (TOTAL, None, 3, 1, 4),
    ]


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
        {"month": "2026-06", "won": 0, "lost": 0, "quasi_lost": 0, "defeat_rate": None, "recovered": 0},
        {"month": TOTAL, "won": 0, "lost": 0, "quasi_lost": 0, "defeat_rate": None, "recovered": 0},
    ]
    assert rows(r, "reasons") == [{"reason": TOTAL, "competitor": None, "lost": 0, "quasi_lost": 0, "total": 0}]
