"""`report churn` (seed 003 客户流失, 流失率) on a small hand-built dealership.

Today is 2026-06-30; the period is April to June, counted at each month's end (and on
31 March, the day before the period, for the churn rate's base).

- A (A01): last visit 2025-10-15, then 2026-05-10: active, at risk in April, active again.
- B (A01): last visit 2025-04-15: at risk, churned from 15 April (entered in April).
- C (no advisor; last visit with A02): last visit 2024-06-10: churned, lost for good in June.
- D (no advisor, never visited): delivered 2026-05-20: counted from May, active.
- E (A02): last visit 2025-06-05: at risk, churned from 5 June (entered in June).
- G (no advisor; last visit without one, the one before with A01): last visit
  2025-05-02, churned on 2 May but back on 25 May — active at May's end, never
  counted as entered.
- P: a prospect without a vehicle is not a workshop customer.
"""

from __future__ import annotations

from followup_cli.message import Message
from followup_cli.reports.churn import advisor_of, churn

from .dealer import D, customer, file, report_input, rows, vehicle, visit

TODAY = D(2026, 6, 30)
START, END = D(2026, 4, 1), D(2026, 6, 30)
TOTAL, UNASSIGNED = Message.of("total"), Message.of("(unassigned)")


def owner(cid: str, advisor: str | None, delivered: D, *visits: tuple[D, str | None]):
    return file(
        customer(customer_id=cid, stage="owner", advisor=advisor),
        vehicles=[vehicle(delivered_on=delivered)],
        visits=[visit(visit_id=f"{cid}-{i}", visited_on=day, advisor=by) for i, (day, by) in enumerate(visits)],
    )


A = owner("A", "A01", D(2025, 1, 1), (D(2025, 10, 15), "A01"), (D(2026, 5, 10), "A01"))
B = owner("B", "A01", D(2024, 1, 1), (D(2025, 4, 15), "A01"))
C = owner("C", None, D(2023, 1, 1), (D(2024, 1, 5), "A01"), (D(2024, 6, 10), "A02"))
D_ = owner("D", None, D(2026, 5, 20))
E = owner("E", "A02", D(2024, 1, 1), (D(2025, 6, 5), "A02"))
G = owner("G", None, D(2024, 1, 1), (D(2025, 3, 1), "A01"), (D(2025, 5, 2), None), (D(2026, 5, 25), None))
P = file(customer(customer_id="P"))
FILES = [A, B, C, D_, E, G, P]


def report():
    return churn(report_input(FILES, TODAY, START, END))


def test_counts_by_state_at_each_month_end():
    got = [tuple(r.values()) for r in rows(report(), "months")]
    # month, active, at risk, churned, lost for good, managed, at risk + churned (the bar)
    assert got == [
        ("2026-04", 0, 3, 2, 0, 5, 5),
        ("2026-05", 3, 1, 2, 0, 6, 3),
        ("2026-06", 3, 0, 2, 1, 5, 2),
    ]


def test_churn_rate_is_customers_who_became_churned_over_managed_at_the_start():
    got = [tuple(r.values()) for r in rows(report(), "churn_rate")]
    assert got == [
        ("2026-04", 1, 5, 1 / 5),  # B; on 31 March A, B, C, E and G (D had no car yet)
        ("2026-05", 0, 5, 0.0),  # G passed twelve months on 2 May but came back on 25 May
        ("2026-06", 1, 6, 1 / 6),  # E; C moved on to lost for good, which is not a new churn
    ]


def test_by_advisor_today_falls_back_to_the_latest_visit_that_names_one():
    got = [tuple(r.values()) for r in rows(report(), "advisors")]
    # advisor, name, active, at risk, churned, lost for good, managed, share at risk + churned
    assert got == [
        ("A01", "Advisor One", 2, 0, 1, 0, 3, 1 / 3),  # A, B, and G by his visit of March 2025
        ("A02", "", 0, 0, 1, 1, 1, 1.0),  # C by her last visit, and E
        (UNASSIGNED, "", 1, 0, 0, 0, 1, 0.0),  # D: no advisor, no visit
        (TOTAL, "", 3, 0, 2, 1, 5, 2 / 5),
    ]
    assert advisor_of(C, TODAY) == "A02"
    assert advisor_of(C, D(2024, 6, 9)) == "A01"  # visits after the day do not count yet


def test_the_bar_column_draws_at_risk_and_churned():
    months = [t for t in report().tables if t.name == "months"][0]
    assert [c.key for c in months.columns if c.kind == "bar"] == ["at_risk_or_churned"]


def test_a_period_that_runs_past_today_stops_at_today():
    r = churn(report_input(FILES, D(2026, 5, 15), D(2026, 5, 1), D(2026, 7, 31)))
    assert [r["month"] for r in rows(r, "months")] == ["2026-05"]
    # on 15 May: A back (10 May), G churned since 2 May and not back yet; D has no car yet
    assert rows(r, "months")[0] == {
        "month": "2026-05", "active": 1, "at_risk": 1, "churned": 3, "lost_for_good": 0, "managed": 5, "at_risk_or_churned": 4,
    }
    assert rows(r, "churn_rate")[0] == {"month": "2026-05", "entered_churned": 1, "managed_at_start": 5, "churn_rate": 0.2}
