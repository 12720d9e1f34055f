"""Classification (SPEC 4): base grade (seed 004) and service class (seed 003)."""

from __future__ import annotations

from followup_cli.rules.grading import effective_grade, service_class

from .story import VIN, VIN2, D, customer, file, policy_of, vehicle, visit

TODAY = D(2026, 6, 1)
P = policy_of()


def grade(f, policy=P):
    return effective_grade(f, TODAY, policy)


def owner(**kw):
    return customer(stage="owner", **kw)


def old_car(vin=VIN, **kw):
    return vehicle(vin=vin, delivered_on=D(2020, 1, 1), **kw)


def test_grade_set_by_hand_wins():
    f = file(owner(grade="general"), vehicles=[old_car(), old_car(VIN2), old_car("LSVAB2BM0JN000003")])
    assert grade(f) == "general"


def test_premium_when_a_referral_bought():
    f = file(owner(), vehicles=[old_car()], referrals=[customer(customer_id="C002", stage="owner")])
    assert grade(f) == "premium"


def test_a_referral_still_shopping_makes_potential_not_premium():
    f = file(owner(), vehicles=[old_car()], referrals=[customer(customer_id="C002", stage="prospect")])
    assert grade(f) == "potential"


def test_premium_when_bought_again_here():
    f = file(owner(), vehicles=[old_car(), old_car(VIN2)])
    assert grade(f) == "premium"
    f = file(owner(), vehicles=[old_car(), old_car(VIN2, sold_here=False)])
    assert grade(f) == "general"


def test_premium_with_three_vehicles_wherever_bought():
    cars = [old_car(v, sold_here=False) for v in (VIN, VIN2, "LSVAB2BM0JN000003")]
    assert grade(file(owner(), vehicles=cars)) == "premium"


def test_general_without_a_visit_in_twelve_months():
    f = file(owner(), vehicles=[old_car()], visits=[visit(visited_on=D(2025, 6, 1))])
    assert grade(f) == "general"


def test_potential_with_a_visit_in_the_last_twelve_months():
    f = file(owner(), vehicles=[old_car()], visits=[visit(visited_on=D(2025, 6, 2))])
    assert grade(f) == "potential"


def test_a_new_owner_is_potential():
    f = file(owner(), vehicles=[vehicle(delivered_on=D(2026, 5, 1))])
    assert grade(f) == "potential"


def test_grade_rules_come_from_the_policy():
    f = file(owner(), vehicles=[old_car(), old_car(VIN2)])
    assert grade(f, policy_of({"grade.premium_if_repurchase": False})) == "general"
    assert grade(f, policy_of({"grade.premium_min_vehicles": 2})) == "premium"


def test_service_class_by_visits_in_the_last_twelve_months():
    def cls(*days):
        return service_class(file(owner(), vehicles=[old_car()], visits=[visit(visited_on=d) for d in days]), TODAY, P)

    assert cls() == "D"
    assert cls(D(2025, 6, 1)) == "D"  # exactly twelve months ago: outside
    assert cls(D(2025, 6, 2)) == "C"
    assert cls(D(2025, 7, 1), D(2026, 1, 1)) == "B"
    assert cls(D(2025, 7, 1), D(2025, 9, 1), D(2026, 1, 1)) == "B"
    assert cls(D(2025, 7, 1), D(2025, 9, 1), D(2026, 1, 1), D(2026, 5, 31)) == "A"
    assert cls(D(2026, 6, 2)) == "D"  # a visit after today is not history yet


def test_months_before_keeps_the_day_or_takes_the_months_last():
    from followup_cli.rules.grading import months_before

    assert months_before(D(2026, 6, 1), 12) == D(2025, 6, 1)
    assert months_before(D(2026, 3, 31), 1) == D(2026, 2, 28)
    assert months_before(D(2024, 3, 31), 1) == D(2024, 2, 29)
    assert months_before(D(2026, 1, 15), 13) == D(2024, 12, 15)
