"""Delivery follow-up per vehicle, and keeping in touch with owners (seeds 000, 001, 004)."""

from __future__ import annotations

from followup_cli.vocabulary import term

from .story import VIN, VIN2, D, contact, customer, file, vehicle, verdict, verdicts, visit


def facts(v):
    return (v.status, v.opens_on, v.due_on, v.staff, v.channel)


def owner(**kw):
    return customer(stage="owner", **kw)


def delivered(day=D(2026, 3, 1), **kw):
    return file(owner(), vehicles=[vehicle(delivered_on=day, **kw)])


# --- delivery.* ---------------------------------------------------------------------------


def test_thanks_within_a_day_for_a_car_sold_here():
    v = verdict(delivered(), D(2026, 3, 1), "delivery.thanks", vin=VIN)
    assert facts(v) == ("due", D(2026, 3, 1), D(2026, 3, 2), "S01", "sms")
    assert v.why.values() == {"model": "Lavida", "date": D(2026, 3, 1)}


def test_thanks_only_when_sold_here():
    for sold_here in (None, False):
        v = verdict(delivered(sold_here=sold_here), D(2026, 3, 1), "delivery.thanks")
        assert (v.status, v.vin, v.why.msgid) == ("not_applicable", VIN, "not sold here")


def test_managers_call_within_a_day():
    v = verdict(delivered(), D(2026, 3, 2), "delivery.manager_call")
    assert facts(v) == ("due", D(2026, 3, 1), D(2026, 3, 2), "M01", "phone")
    assert verdict(delivered(sold_here=None), D(2026, 3, 2), "delivery.manager_call").status == "due"
    assert verdict(delivered(sold_here=False), D(2026, 3, 2), "delivery.manager_call").status == "not_applicable"


def test_home_visit_on_the_third_day():
    f = delivered()
    assert verdict(f, D(2026, 3, 3), "delivery.visit").status == "not_yet"
    v = verdict(f, D(2026, 3, 4), "delivery.visit")
    assert facts(v) == ("due", D(2026, 3, 4), D(2026, 3, 4), "S01", "visit")
    assert verdict(f, D(2026, 3, 5), "delivery.visit").status == "due"  # overdue


def test_week_call_from_day_two_to_day_seven():
    f = delivered()
    assert verdict(f, D(2026, 3, 2), "delivery.week_call").status == "not_yet"
    v = verdict(f, D(2026, 3, 3), "delivery.week_call")
    assert facts(v) == ("due", D(2026, 3, 3), D(2026, 3, 8), "S01", "phone")


def test_old_deliveries_are_missed_not_listed():
    f = delivered(D(2025, 1, 1))
    for tp in ("delivery.thanks", "delivery.manager_call", "delivery.visit", "delivery.week_call"):
        assert verdict(f, D(2026, 3, 1), tp).status == "missed", tp


def test_one_item_per_vehicle():
    f = file(owner(), vehicles=[vehicle(delivered_on=D(2026, 3, 1)), vehicle(vin=VIN2, delivered_on=D(2026, 2, 20))])
    found = {(v.vin, v.due_on) for v in verdicts(f, D(2026, 3, 1), "delivery.thanks")}
    assert found == {(VIN, D(2026, 3, 2)), (VIN2, D(2026, 2, 21))}


def test_delivery_items_need_an_owner_and_a_delivery_date():
    f = file(customer(stage="prospect"), vehicles=[vehicle(delivered_on=D(2026, 3, 1))])
    assert verdict(f, D(2026, 3, 1), "delivery.thanks").status == "not_applicable"
    v = verdict(file(owner(), vehicles=[vehicle()]), D(2026, 3, 1), "delivery.thanks")
    assert (v.status, v.why.msgid) == ("not_applicable", "no delivery date")
    assert verdict(file(owner()), D(2026, 3, 1), "delivery.thanks").why.msgid == "no vehicle"


def test_thanks_sent_by_sms_is_logged_under_its_touchpoint():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2026, 3, 1))],
        contacts=[contact(contacted_on=D(2026, 3, 1), channel="sms", touchpoint="delivery.thanks", staff="K01")],
    )
    assert verdict(f, D(2026, 3, 2), "delivery.thanks").status == "satisfied"
    assert verdict(f, D(2026, 3, 2), "delivery.manager_call").status == "due"


# --- owner.keep_in_touch ------------------------------------------------------------------


def test_keep_in_touch_counts_from_delivery_for_a_potential_owner():
    f = delivered()
    v = verdict(f, D(2026, 3, 22), "owner.keep_in_touch")
    assert facts(v) == ("due", D(2026, 3, 22), D(2026, 3, 31), "S01", "phone")
    assert v.why.values() == {"grade": term("potential"), "date": D(2026, 3, 1)}


def test_keep_in_touch_interval_by_grade():
    expected = {
        "premium": (D(2026, 3, 22), D(2026, 3, 31)),
        "potential": (D(2026, 3, 22), D(2026, 3, 31)),
        "general": (D(2026, 4, 15), D(2026, 4, 30)),
    }
    for grade, window in expected.items():
        f = file(owner(grade=grade), vehicles=[vehicle(delivered_on=D(2026, 3, 1))])
        v = verdict(f, D(2026, 3, 1), "owner.keep_in_touch")
        assert (v.opens_on, v.due_on) == window, grade


def test_an_advisors_callback_keeps_the_owner_in_touch():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2026, 3, 1))],
        visits=[visit(visited_on=D(2026, 6, 1))],
        contacts=[contact(contacted_on=D(2026, 6, 3), staff="A01", touchpoint="service.quality_callback")],
    )
    v = verdict(f, D(2026, 6, 10), "owner.keep_in_touch")
    assert (v.status, v.opens_on, v.due_on) == ("not_yet", D(2026, 6, 24), D(2026, 7, 3))
    assert v.why.values()["reason"].msgid == "{grade} owner, last reached on {date}"


def test_keep_in_touch_stays_overdue_until_done():
    f = file(owner(), vehicles=[vehicle(delivered_on=D(2026, 3, 1))], visits=[visit(visited_on=D(2026, 9, 1))])
    v = verdict(f, D(2026, 10, 1), "owner.keep_in_touch")
    assert (v.status, v.due_on) == ("due", D(2026, 3, 31))


# --- owner.visit ----------------------------------------------------------------------------


def test_home_visit_every_three_months_for_potential_owners():
    f = delivered()
    v = verdict(f, D(2026, 5, 15), "owner.visit")
    assert facts(v) == ("due", D(2026, 5, 15), D(2026, 5, 30), "S01", "visit")


def test_no_home_visits_for_general_owners():
    f = file(owner(grade="general"), vehicles=[vehicle(delivered_on=D(2026, 3, 1))])
    v = verdict(f, D(2026, 5, 15), "owner.visit")
    assert (v.status, v.why.values()) == ("not_applicable", {"grade": term("general")})


def test_home_visit_counts_from_the_last_visit_channel_contact():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2026, 3, 1))],
        contacts=[
            contact(contacted_on=D(2026, 4, 1), channel="visit", staff="S01"),
            contact(contacted_on=D(2026, 4, 20), channel="phone", staff="S01"),  # before the window: a call, no visit
        ],
    )
    v = verdict(f, D(2026, 6, 15), "owner.visit")
    assert (v.status, v.opens_on, v.due_on) == ("due", D(2026, 6, 15), D(2026, 6, 30))


def test_an_untagged_call_while_the_visit_is_due_clears_it_and_starts_the_next():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2026, 3, 1))],
        contacts=[contact(contacted_on=D(2026, 5, 20), channel="phone", staff="S01")],
    )
    v = verdict(f, D(2026, 5, 21), "owner.visit")
    assert (v.status, v.opens_on, v.due_on) == ("not_yet", D(2026, 8, 3), D(2026, 8, 18))


def test_a_colleagues_call_does_not_count_as_a_home_visit():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2026, 3, 1))],
        contacts=[contact(contacted_on=D(2026, 5, 20), channel="phone", staff="A01")],
    )
    v = verdict(f, D(2026, 5, 21), "owner.visit")
    assert (v.status, v.opens_on) == ("due", D(2026, 5, 15))


def test_owner_items_only_for_owners():
    f = file(customer(stage="quasi_lost"), vehicles=[vehicle(delivered_on=D(2026, 3, 1))])
    assert verdict(f, D(2026, 5, 15), "owner.visit").status == "not_applicable"
    assert verdict(f, D(2026, 5, 15), "owner.keep_in_touch").status == "not_applicable"
