"""Churn stories (seed 003): months since the last visit; 6, 12, 24 months."""

from __future__ import annotations

from followup_cli.rules.churn import churn_state, last_activity
from followup_cli.rules.months import months_between
from followup_cli.rules.policy import default_policy

from .story import VIN2, D, contact, customer, file, verdict, vehicle, visit

POLICY = default_policy()


def owner(**kw):
    return customer(**{"stage": "owner", **kw})


VISITED = file(owner(), vehicles=[vehicle(delivered_on=D(2024, 6, 1))], visits=[visit(visited_on=D(2026, 1, 15))])


def test_states_by_months_since_the_last_visit():
    assert churn_state(VISITED, D(2026, 7, 14), POLICY) == "active"  # 5 months
    assert churn_state(VISITED, D(2026, 7, 15), POLICY) == "at_risk"  # 6 months
    assert churn_state(VISITED, D(2027, 1, 14), POLICY) == "at_risk"
    assert churn_state(VISITED, D(2027, 1, 15), POLICY) == "churned"  # 12 months
    assert churn_state(VISITED, D(2028, 1, 14), POLICY) == "churned"
    assert churn_state(VISITED, D(2028, 1, 15), POLICY) == "lost_for_good"  # 24 months


def test_a_never_visited_vehicle_counts_from_its_delivery():
    f = file(owner(), vehicles=[vehicle(delivered_on=D(2025, 3, 1))])
    assert churn_state(f, D(2025, 8, 31), POLICY) == "active"
    assert churn_state(f, D(2025, 9, 1), POLICY) == "at_risk"


def test_the_latest_of_all_vehicles_counts():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2020, 1, 1)), vehicle(vin=VIN2, delivered_on=D(2026, 2, 1))],
        visits=[visit(visited_on=D(2023, 5, 1))],
    )
    assert last_activity(f, D(2026, 6, 1)) == D(2026, 2, 1)
    assert churn_state(f, D(2026, 6, 1), POLICY) == "active"


def test_visits_after_today_are_not_history_yet():
    f = file(owner(), vehicles=[vehicle(delivered_on=D(2024, 6, 1))], visits=[visit(visited_on=D(2025, 1, 10)), visit(visited_on=D(2026, 3, 1))])
    assert last_activity(f, D(2026, 2, 1)) == D(2025, 1, 10)
    assert churn_state(f, D(2026, 2, 1), POLICY) == "churned"


def test_no_vehicle_no_churn_state():
    assert churn_state(file(customer()), D(2026, 6, 1), POLICY) is None
    assert churn_state(file(owner(), vehicles=[vehicle()]), D(2026, 6, 1), POLICY) is None


def test_thresholds_come_from_the_policy():
    from .story import policy_of

    policy = policy_of({"churn.at_risk_months": 3})
    assert churn_state(VISITED, D(2026, 4, 15), policy) == "at_risk"


def test_months_between_counts_whole_months():
    # a month from 31 January ends on 28 February, as date + relativedelta(months=1) does
    assert months_between(D(2026, 1, 31), D(2026, 2, 27)) == 0
    assert months_between(D(2026, 1, 31), D(2026, 2, 28)) == 1
    assert months_between(D(2026, 1, 15), D(2026, 7, 14)) == 5
    assert months_between(D(2026, 5, 1), D(2026, 4, 1)) == 0


def test_lost_for_good_customers_leave_every_list():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2024, 6, 1))],
        visits=[visit(visited_on=D(2026, 1, 15))],
        contacts=[contact(contacted_on=D(2026, 4, 10), staff="A01")],
    )
    assert verdict(f, D(2028, 1, 14), "service.win_back").status == "due"
    assert verdict(f, D(2028, 1, 15), "service.win_back").status == "not_applicable"
    assert verdict(f, D(2028, 1, 15), "occasion.holiday").status == "suppressed"


# --- the state with its reason (for `followup customer show`) ----------------------------------

from followup_cli.i18n import render  # noqa: E402
from followup_cli.rules.churn import churn_with_reason  # noqa: E402


def why(f, today):
    state, reason = churn_with_reason(f, today, POLICY)
    assert state == churn_state(f, today, POLICY)  # the same state as the rules use
    return state, render(reason)


def test_churn_reason_names_the_last_visit_and_how_long_ago():
    assert why(VISITED, D(2026, 2, 14)) == ("active", "last visit on 2026-01-15, less than a month ago")
    assert why(VISITED, D(2026, 2, 15)) == ("active", "last visit on 2026-01-15, a month ago")
    assert why(VISITED, D(2026, 9, 20)) == ("at_risk", "last visit on 2026-01-15, 8 months ago")
    assert why(VISITED, D(2027, 1, 15)) == ("churned", "last visit on 2026-01-15, 12 months ago")
    assert why(VISITED, D(2028, 3, 1)) == ("lost_for_good", "last visit on 2026-01-15, 25 months ago")


def test_churn_reason_of_a_car_never_visited_names_its_delivery():
    f = file(owner(), vehicles=[vehicle(delivered_on=D(2025, 3, 1))])
    assert why(f, D(2025, 10, 1)) == ("at_risk", "delivered on 2025-03-01, 7 months ago, not visited since")


def test_no_churn_state_says_why():
    assert why(file(customer()), D(2026, 6, 1)) == (None, "no vehicle")
    assert why(file(owner(), vehicles=[vehicle()]), D(2026, 6, 1)) == (None, "no visit and no delivery date to count from")


def test_months_between_agrees_with_relativedelta_on_every_pair_of_days():
    from datetime import timedelta

    from dateutil.relativedelta import relativedelta

    days = [D(2023, 12, 1) + timedelta(days=n) for n in range(0, 800, 5)] + [D(2024, 2, 29), D(2025, 1, 31), D(2025, 3, 31)]
    for start in days:
        for end in days:
            delta = relativedelta(end, start)
            expected = delta.years * 12 + delta.months if end > start else 0
            assert months_between(start, end) == expected, (start, end)
