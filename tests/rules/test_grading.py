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
    from followup_cli.rules.months import plus_months

    assert plus_months(D(2026, 6, 1), -12) == D(2025, 6, 1)
    assert plus_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert plus_months(D(2024, 3, 31), -1) == D(2024, 2, 29)
    assert plus_months(D(2026, 1, 15), -13) == D(2024, 12, 15)


# --- the classification with its reason (for `followup customer show`) -------------------------

from followup_cli.i18n import render  # noqa: E402
from followup_cli.rules.grading import grade_with_reason, service_class_with_reason  # noqa: E402
from followup_cli.rules.sales import level_stale_with_reason  # noqa: E402

from followup_cli.rules.engine import due_items  # noqa: E402

from .story import DEALERSHIP, contact  # noqa: E402


def why_grade(f, policy=P):
    value, reason = grade_with_reason(f, TODAY, policy)
    assert value == effective_grade(f, TODAY, policy)  # the same value as the rules use
    return value, render(reason)


def test_grade_reasons_say_which_rule_decided():
    buyer = customer(customer_id="C002", stage="owner")
    assert why_grade(file(owner(grade="general"), vehicles=[old_car()])) == ("general", "set by hand")
    assert why_grade(file(owner(), vehicles=[old_car()], referrals=[buyer])) == ("premium", "referred a buyer")
    two = [buyer, customer(customer_id="C003", stage="owner"), customer(customer_id="C004")]
    assert why_grade(file(owner(), vehicles=[old_car()], referrals=two)) == ("premium", "referred 2 buyers")
    assert why_grade(file(owner(), vehicles=[old_car(), old_car(VIN2)])) == ("premium", "bought again: 2 vehicles sold here")
    cars = [old_car(v, sold_here=False) for v in (VIN, VIN2, "LSVAB2BM0JN000003")]
    assert why_grade(file(owner(), vehicles=cars)) == ("premium", "owns 3 vehicles (3 or more)")


def test_potential_and_general_reasons_name_the_visit_the_delivery_or_the_referral():
    visited = file(owner(), vehicles=[old_car()], visits=[visit(visited_on=D(2025, 6, 2)), visit(visited_on=D(2025, 9, 1))])
    assert why_grade(visited) == ("potential", "last visit on 2025-09-01, within 12 months")
    new = file(owner(), vehicles=[vehicle(delivered_on=D(2026, 5, 1))])
    assert why_grade(new) == ("potential", "delivered on 2026-05-01, within 12 months")
    shopping = file(owner(), vehicles=[old_car()], referrals=[customer(customer_id="C002")])
    assert why_grade(shopping) == ("potential", "no visit in 12 months, but referred a customer (not bought yet)")
    asleep = file(owner(), vehicles=[old_car()], visits=[visit(visited_on=D(2025, 6, 1))])
    assert why_grade(asleep) == ("general", "no visit or delivery in 12 months and no referral")
    assert why_grade(asleep, policy_of({"grade.general_after_months_without_visit": 13})) == (
        "potential",
        "last visit on 2025-06-01, within 13 months",
    )


def test_service_class_reason_counts_the_visits():
    def cls(*days):
        f = file(owner(), vehicles=[old_car()], visits=[visit(visited_on=d) for d in days])
        value, reason = service_class_with_reason(f, TODAY, P)
        assert value == service_class(f, TODAY, P)
        return f"{value}: {render(reason)}"

    assert cls() == "D: no visit in the last 12 months"
    assert cls(D(2025, 6, 2)) == "C: one visit in the last 12 months"
    assert cls(D(2025, 7, 1), D(2025, 9, 1), D(2026, 1, 1)) == "B: 3 visits in the last 12 months"
    assert cls(D(2025, 7, 1), D(2025, 9, 1), D(2026, 1, 1), D(2026, 5, 31)) == "A: 4 visits in the last 12 months"


def test_level_stale_says_since_when_and_agrees_with_the_cadence_flag():
    # level B: a 7-day period, stale after 3 periods = 21 days without a reaching contact
    f = file(customer(intent_level="B", created_on=D(2026, 5, 1)), contacts=[contact(contacted_on=D(2026, 5, 8))])

    def stale(day):
        flag, reason = level_stale_with_reason(f, day, P)
        return flag, render(reason)

    assert stale(D(2026, 5, 28)) == (False, "last reached on 2026-05-08; level B goes stale on 2026-05-29")
    # a call logged after the day asked about is not history yet
    later = file(f.customer, contacts=[*f.contacts, contact(contacted_on=D(2026, 6, 2))])
    assert render(level_stale_with_reason(later, D(2026, 5, 29), P)[1]).startswith("no reaching contact since 2026-05-08")
    assert stale(D(2026, 5, 29)) == (
        True,
        "no reaching contact since 2026-05-08 (3 cadence periods of 7 days for level B)",
    )
    # the lead.cadence item carries the same verdict as its "level_stale" flag
    for day, flagged in ((D(2026, 5, 28), False), (D(2026, 5, 29), True)):
        items = [i for i in due_items([f], DEALERSHIP, P, day).items if i.touchpoint == "lead.cadence"]
        assert [("level_stale" in i.flags) for i in items] == [flagged]


def test_level_stale_of_a_prospect_never_reached_and_of_an_unset_level():
    f = file(customer(intent_level=None, created_on=D(2026, 1, 1)))  # followed as C: a 30-day period
    flag, reason = level_stale_with_reason(f, D(2026, 4, 1), P)
    assert (flag, render(reason)) == (
        True,
        "never reached since created on 2026-01-01 (3 cadence periods of 30 days for level C (not set))",
    )
    assert level_stale_with_reason(file(owner(), vehicles=[old_car()]), TODAY, P) is None

