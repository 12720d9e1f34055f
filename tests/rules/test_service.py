"""Service stories (seeds 002, 003): service reminders, callbacks, win-back, complaints."""

from __future__ import annotations

from followup_cli.vocabulary import term

from followup_cli.message import Message
from followup_cli.rules.model import Visit
from followup_cli.rules.policy import default_policy
from followup_cli.rules.service import add_months, km_per_day

from .story import VIN, VIN2, D, contact, customer, file, verdict, verdicts, vehicle, visit


def owner(**kw):
    return customer(**{"stage": "owner", **kw})


def window(v):
    return (v.status, v.opens_on, v.due_on, v.staff, v.channel)


# --- service.first -------------------------------------------------------------------------------------

DELIVERED = D(2026, 3, 10)
NEW_CAR = file(owner(), vehicles=[vehicle(delivered_on=DELIVERED)])


def test_first_service_three_months_after_delivery_at_the_default_mileage():
    # 15,000 km a year reaches 5,000 km after 122 days (2026-07-10): the 3 months (2026-06-10) come first
    v = verdict(NEW_CAR, D(2026, 5, 27), "service.first", vin=VIN)
    assert window(v) == ("due", D(2026, 5, 27), D(2026, 6, 10), "A01", "phone")
    assert v.why == Message.of(
        "first service due on {date}, {months} months after delivery on {delivered}",
        date=D(2026, 6, 10),
        months=3,
        delivered=DELIVERED,
    )


def test_first_service_boundaries_and_recurring_overdue():
    assert verdict(NEW_CAR, D(2026, 5, 26), "service.first", vin=VIN).status == "not_yet"
    assert verdict(NEW_CAR, D(2026, 6, 10), "service.first", vin=VIN).status == "due"
    # recurring: still listed, overdue, the day after and weeks later
    assert verdict(NEW_CAR, D(2026, 6, 11), "service.first", vin=VIN).status == "due"
    assert verdict(NEW_CAR, D(2026, 7, 9), "service.first", vin=VIN).status == "due"


def test_an_unanswered_first_service_reminder_comes_before_the_win_back_call():
    # four months after delivery nobody has reached the customer: the reminder stays, the win-back waits
    assert verdict(NEW_CAR, D(2026, 7, 10), "service.first", vin=VIN).status == "due"
    w = verdict(NEW_CAR, D(2026, 7, 10), "service.win_back")
    assert w.status == "not_applicable"
    assert w.why == Message.of(
        "the service reminder for {vin} (open since {date}) comes first", vin=VIN, date=D(2026, 5, 27)
    )


def test_once_the_reminder_is_answered_the_win_back_follows_a_month_later():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=DELIVERED)],
        contacts=[contact(contacted_on=D(2026, 6, 20), staff="A01", touchpoint="service.first")],
    )
    assert verdict(f, D(2026, 7, 10), "service.first", vin=VIN).status == "satisfied"
    w = verdict(f, D(2026, 7, 20), "service.win_back")
    assert window(w) == ("due", D(2026, 7, 20), D(2026, 8, 3), "A01", "phone")


def test_first_service_predicted_from_the_odometer_of_earlier_repair_visits():
    # two repair visits: 1,000 km on 03-20, 3,000 km on 04-09 -> 100 km/day; 5,000 km 20 days later, 04-29
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=DELIVERED)],
        visits=[
            visit(visited_on=D(2026, 3, 20), odometer_km=1000, kind="repair"),
            visit(visited_on=D(2026, 4, 9), odometer_km=3000, kind="repair"),
        ],
    )
    v = verdict(f, D(2026, 4, 15), "service.first", vin=VIN)
    assert window(v) == ("due", D(2026, 4, 15), D(2026, 4, 29), "A01", "phone")
    assert v.why == Message.of(
        "predicted first service at {km} km on {date} (avg {rate} km/day)", km=5000, date=D(2026, 4, 29), rate=100
    )


def test_a_car_delivered_past_the_first_service_mileage_is_due_from_delivery():
    # a used car: 6,387 km at its first visit, 1 km in the next 18 months (0.002 km/day); the odometer passed
    # 5,000 km before delivery, so the first service was due on delivery (no date out of range going backwards)
    delivered = D(2024, 1, 1)
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=delivered)],
        visits=[
            visit(visited_on=D(2024, 1, 2), odometer_km=6387, kind="repair"),
            visit(visited_on=D(2025, 6, 18), odometer_km=6388, kind="repair"),
        ],
    )
    v = verdict(f, D(2025, 7, 1), "service.first", vin=VIN)
    assert window(v) == ("due", D(2023, 12, 18), delivered, "A01", "phone")
    assert v.why == Message.of(
        "predicted first service at {km} km on {date} (avg {rate} km/day)", km=5000, date=delivered, rate=0
    )


def test_first_service_done_once_a_service_visit_exists():
    f = file(owner(), vehicles=[vehicle(delivered_on=DELIVERED)], visits=[visit(visited_on=D(2026, 6, 1), kind="first_service")])
    v = verdict(f, D(2026, 6, 2), "service.first", vin=VIN)
    assert v.status == "not_applicable"
    assert v.why == Message.of("first service done on {date}", date=D(2026, 6, 1))


def test_first_service_satisfied_by_the_advisors_call():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=DELIVERED)],
        contacts=[contact(contacted_on=D(2026, 5, 28), staff="A01")],
    )
    assert verdict(f, D(2026, 6, 5), "service.first", vin=VIN).status == "satisfied"


def test_first_service_not_applicable_without_delivery_date_or_vehicle():
    f = file(owner(), vehicles=[vehicle()])
    assert verdict(f, D(2026, 6, 5), "service.first", vin=VIN).status == "not_applicable"
    v = verdict(file(customer()), D(2026, 6, 5), "service.first")
    assert (v.status, v.why) == ("not_applicable", Message.of("no vehicle"))


# --- service.maintenance -----------------------------------------------------------------------------


def test_maintenance_three_months_after_the_last_service():
    # first service 2026-06-01, no odometer: 3 months -> 2026-09-01 (5,000 km at 41 km/day: 2026-10-01)
    f = file(owner(), vehicles=[vehicle(delivered_on=D(2026, 3, 1))], visits=[visit(visited_on=D(2026, 6, 1), kind="first_service")])
    assert verdict(f, D(2026, 8, 17), "service.maintenance", vin=VIN).status == "not_yet"
    v = verdict(f, D(2026, 8, 18), "service.maintenance", vin=VIN)
    assert window(v) == ("due", D(2026, 8, 18), D(2026, 9, 1), "A01", "phone")
    assert v.why == Message.of(
        "service due on {date}, {months} months after the last one on {last} ({interval})",
        date=D(2026, 9, 1),
        months=3,
        last=D(2026, 6, 1),
        interval=Message.of("default interval"),
    )
    assert verdict(f, D(2026, 9, 1), "service.maintenance", vin=VIN).status == "due"
    assert verdict(f, D(2026, 9, 2), "service.maintenance", vin=VIN).status == "due"  # recurring, overdue


def test_maintenance_predicted_from_the_vehicles_own_mileage():
    # 1,000 km on 03-01, 7,440 km at the first service on 06-01: 6,440 km in 92 days = 70 km/day;
    # 12,440 km is 5,000 / 70 = 71.4 -> 72 days later: 2026-08-12, before the 3 months (09-01)
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2026, 2, 1))],
        visits=[
            visit(visited_on=D(2026, 3, 1), odometer_km=1000, kind="repair"),
            visit(visited_on=D(2026, 6, 1), odometer_km=7440, kind="first_service"),
        ],
    )
    v = verdict(f, D(2026, 7, 29), "service.maintenance", vin=VIN)
    assert window(v) == ("due", D(2026, 7, 29), D(2026, 8, 12), "A01", "phone")
    assert v.why == Message.of(
        "predicted {km} km service on {date} (avg {rate} km/day, {interval})",
        km=5000, date=D(2026, 8, 12), rate=70, interval=Message.of("default interval"),
    )


def test_a_later_odometer_reading_sharpens_the_prediction():
    # a repair at 10,000 km on 07-01: 9,000 km in 122 days = 73.8 km/day; 2,440 km to go -> 34 days: 08-04
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2026, 2, 1))],
        visits=[
            visit(visited_on=D(2026, 3, 1), odometer_km=1000, kind="repair"),
            visit(visited_on=D(2026, 6, 1), odometer_km=7440, kind="first_service"),
            visit(visited_on=D(2026, 7, 1), odometer_km=10000, kind="repair"),
        ],
    )
    v = verdict(f, D(2026, 7, 21), "service.maintenance", vin=VIN)
    assert (v.status, v.opens_on, v.due_on) == ("due", D(2026, 7, 21), D(2026, 8, 4))


def test_an_odometer_that_barely_moves_falls_due_by_the_months():
    # 1 km in four years: by the kilometres never (no date at all, rather than a crash); by the months, 6 months on
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2022, 1, 10), service_interval_months=6)],
        visits=[
            visit(visited_on=D(2022, 2, 4), odometer_km=1000, kind="first_service"),
            visit(visited_on=D(2026, 2, 4), odometer_km=1001, kind="maintenance"),
        ],
    )
    v = verdict(f, D(2026, 8, 4), "service.maintenance", vin=VIN)
    assert (v.status, v.due_on) == ("due", D(2026, 8, 4))


def test_the_spec_example_41_km_a_day_with_a_six_month_interval():
    # 7,421 km in 181 days = 41 km/day; 5,000 km more takes 122 days: 2026-12-04 (6 months: 2027-02-04)
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2026, 1, 10), service_interval_months=6)],
        visits=[
            visit(visited_on=D(2026, 2, 4), odometer_km=1000, kind="first_service"),
            visit(visited_on=D(2026, 8, 4), odometer_km=8421, kind="maintenance"),
        ],
    )
    v = verdict(f, D(2026, 11, 20), "service.maintenance", vin=VIN)
    assert window(v) == ("due", D(2026, 11, 20), D(2026, 12, 4), "A01", "phone")
    assert v.why == Message.of(
        "predicted {km} km service on {date} (avg {rate} km/day, {interval})",
        km=5000, date=D(2026, 12, 4), rate=41, interval=Message.of("the vehicle's own interval"),
    )


def test_severe_usage_halves_both_intervals():
    # 1.5 months after 2026-06-01: 2026-07-01 + 15 days = 07-16 (2,500 km at 41 km/day: 61 days, 07-31)
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2026, 3, 1), usage="severe")],
        visits=[visit(visited_on=D(2026, 6, 1), kind="maintenance")],
    )
    v = verdict(f, D(2026, 7, 2), "service.maintenance", vin=VIN)
    assert window(v) == ("due", D(2026, 7, 2), D(2026, 7, 16), "A01", "phone")
    assert v.why == Message.of(
        "service due on {date}, {months} months after the last one on {last} ({interval})",
        date=D(2026, 7, 16),
        months=1.5,
        last=D(2026, 6, 1),
        interval=Message.of("default interval"),
    )


def test_severe_usage_halves_the_km_interval():
    # 100 km/day: 2,500 km after the service at 20,000 km -> 25 days (1.5 months would be 07-16)
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2025, 1, 1), usage="severe")],
        visits=[
            visit(visited_on=D(2026, 5, 22), odometer_km=19000, kind="repair"),
            visit(visited_on=D(2026, 6, 1), odometer_km=20000, kind="maintenance"),
        ],
    )
    v = verdict(f, D(2026, 6, 12), "service.maintenance", vin=VIN)
    assert (v.status, v.opens_on, v.due_on) == ("due", D(2026, 6, 12), D(2026, 6, 26))
    assert v.why == Message.of(
        "predicted {km} km service on {date} (avg {rate} km/day, {interval})",
        km=2500, date=D(2026, 6, 26), rate=100, interval=Message.of("default interval"),
    )


def test_per_vehicle_interval_overrides():
    # 6 months or 10,000 km: 2026-07-15 (10,000 km at 41 km/day: 244 days)
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2025, 6, 1), service_interval_km=10000, service_interval_months=6)],
        visits=[visit(visited_on=D(2026, 1, 15), kind="maintenance")],
    )
    v = verdict(f, D(2026, 7, 1), "service.maintenance", vin=VIN)
    assert (v.status, v.opens_on, v.due_on) == ("due", D(2026, 7, 1), D(2026, 7, 15))


def test_a_repair_visit_does_not_reset_the_service_clock():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2026, 3, 1))],
        visits=[visit(visited_on=D(2026, 6, 1), kind="first_service"), visit(visited_on=D(2026, 7, 1), kind="repair")],
    )
    v = verdict(f, D(2026, 9, 2), "service.maintenance", vin=VIN)
    assert (v.status, v.due_on) == ("due", D(2026, 9, 1))


def test_a_new_service_visit_resets_the_clock():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2026, 3, 1))],
        visits=[visit(visited_on=D(2026, 6, 1), kind="first_service"), visit(visited_on=D(2026, 9, 5), kind="maintenance")],
    )
    v = verdict(f, D(2026, 9, 10), "service.maintenance", vin=VIN)
    assert (v.status, v.opens_on, v.due_on) == ("not_yet", D(2026, 11, 21), D(2026, 12, 5))


def test_maintenance_satisfied_by_the_advisors_untagged_call_not_by_the_consultants():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2026, 3, 1))],
        visits=[visit(visited_on=D(2026, 6, 1), kind="first_service")],
        contacts=[contact(contacted_on=D(2026, 8, 20), staff="S01")],
    )
    assert verdict(f, D(2026, 9, 10), "service.maintenance", vin=VIN).status == "due"
    f2 = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2026, 3, 1))],
        visits=[visit(visited_on=D(2026, 6, 1), kind="first_service")],
        contacts=[contact(contacted_on=D(2026, 8, 20), staff="A01")],
    )
    assert verdict(f2, D(2026, 9, 10), "service.maintenance", vin=VIN).status == "satisfied"


def test_an_overdue_maintenance_reminder_stays_until_answered_then_win_back():
    f = file(owner(), vehicles=[vehicle(delivered_on=D(2026, 3, 1))], visits=[visit(visited_on=D(2026, 6, 1), kind="first_service")])
    v = verdict(f, D(2027, 3, 1), "service.maintenance", vin=VIN)
    assert (v.status, v.due_on) == ("due", D(2026, 9, 1))  # recurring: never dropped unanswered
    assert verdict(f, D(2027, 3, 1), "service.win_back").status == "not_applicable"
    answered = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2026, 3, 1))],
        visits=[visit(visited_on=D(2026, 6, 1), kind="first_service")],
        contacts=[contact(contacted_on=D(2026, 8, 25), staff="A01")],
    )
    assert verdict(answered, D(2026, 10, 1), "service.maintenance", vin=VIN).status == "satisfied"
    w = verdict(answered, D(2026, 10, 1), "service.win_back")
    assert window(w) == ("due", D(2026, 10, 1), D(2026, 10, 15), "A01", "phone")


def test_a_long_interval_vehicle_does_not_hold_back_the_win_back():
    # a 12-month interval: the reminder opens after the win-back date, so the win-back goes ahead
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2025, 3, 1), service_interval_months=12, service_interval_km=30000)],
        visits=[visit(visited_on=D(2026, 1, 15), kind="maintenance")],
    )
    assert verdict(f, D(2026, 5, 15), "service.win_back").status == "due"
    assert verdict(f, D(2026, 5, 15), "service.maintenance", vin=VIN).status == "not_yet"


def test_a_recent_visit_of_another_car_keeps_the_maintenance_reminder():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2025, 3, 1)), vehicle(vin=VIN2, delivered_on=D(2025, 3, 1))],
        visits=[
            visit(visited_on=D(2026, 1, 10), kind="maintenance"),
            visit(vin=VIN2, visited_on=D(2026, 5, 20), kind="maintenance"),
        ],
    )
    v = verdict(f, D(2026, 6, 1), "service.maintenance", vin=VIN)
    assert (v.status, v.due_on) == ("due", D(2026, 4, 10))
    assert verdict(f, D(2026, 6, 1), "service.win_back").status == "not_applicable"  # the reminder comes first


def test_maintenance_not_applicable_before_any_service_visit():
    v = verdict(NEW_CAR, D(2026, 5, 1), "service.maintenance", vin=VIN)
    assert (v.status, v.why) == ("not_applicable", Message.of("no service visit yet"))


def test_km_per_day_needs_two_forward_readings():
    policy = default_policy()
    default = 15000 / 365
    one = [Visit("V1", VIN, D(2026, 1, 1), odometer_km=1000)]
    same_day = one + [Visit("V2", VIN, D(2026, 1, 1), odometer_km=1200)]
    backwards = one + [Visit("V3", VIN, D(2026, 2, 1), odometer_km=900)]
    assert km_per_day(one, policy) == default
    assert km_per_day(same_day, policy) == default
    assert km_per_day(backwards, policy) == default
    assert km_per_day(one + [Visit("V4", VIN, D(2026, 1, 11), odometer_km=1500)], policy) == 50


def test_add_months_keeps_month_ends_and_half_months():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 6, 1), 1.5) == D(2026, 7, 16)


# --- callbacks -----------------------------------------------------------------------------------------

SERVICED = file(owner(), vehicles=[vehicle(delivered_on=D(2025, 1, 1))], visits=[visit(visited_on=D(2026, 5, 10), kind="repair")])


def test_quality_callback_the_day_after_to_a_week_after_any_visit():
    assert verdict(SERVICED, D(2026, 5, 10), "service.quality_callback", vin=VIN).status == "not_yet"
    v = verdict(SERVICED, D(2026, 5, 11), "service.quality_callback", vin=VIN)
    assert window(v) == ("due", D(2026, 5, 11), D(2026, 5, 17), "A01", "phone")
    assert v.why == Message.of("{kind} visit on {date}", kind=term("repair"), date=D(2026, 5, 10))
    assert verdict(SERVICED, D(2026, 5, 17), "service.quality_callback", vin=VIN).status == "due"
    assert verdict(SERVICED, D(2026, 5, 18), "service.quality_callback", vin=VIN).status == "due"  # overdue
    # one-off: missed 30 days after due
    assert verdict(SERVICED, D(2026, 6, 16), "service.quality_callback", vin=VIN).status == "due"
    assert verdict(SERVICED, D(2026, 6, 17), "service.quality_callback", vin=VIN).status == "missed"


def test_care_callback_two_weeks_to_a_month_after_any_visit():
    assert verdict(SERVICED, D(2026, 5, 23), "service.care_callback", vin=VIN).status == "not_yet"
    v = verdict(SERVICED, D(2026, 5, 24), "service.care_callback", vin=VIN)
    assert window(v) == ("due", D(2026, 5, 24), D(2026, 6, 9), "A01", "phone")


def test_callbacks_follow_the_latest_visit_of_each_vehicle():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2025, 1, 1)), vehicle(vin=VIN2, delivered_on=D(2025, 1, 1))],
        visits=[
            visit(visited_on=D(2026, 5, 10), kind="repair"),
            visit(visited_on=D(2026, 5, 20), kind="maintenance"),
            visit(vin=VIN2, visited_on=D(2026, 5, 12), kind="accident"),
        ],
    )
    v = verdict(f, D(2026, 5, 21), "service.quality_callback", vin=VIN)
    assert (v.status, v.opens_on, v.due_on) == ("due", D(2026, 5, 21), D(2026, 5, 27))
    v2 = verdict(f, D(2026, 5, 21), "service.quality_callback", vin=VIN2)
    assert (v2.status, v2.opens_on, v2.due_on) == ("due", D(2026, 5, 13), D(2026, 5, 19))


def test_quality_callback_satisfied_by_a_tagged_call_care_callback_stays():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2025, 1, 1))],
        visits=[visit(visited_on=D(2026, 5, 10), kind="repair")],
        contacts=[contact(contacted_on=D(2026, 5, 12), staff="A01", touchpoint="service.quality_callback", score=5)],
    )
    assert verdict(f, D(2026, 5, 13), "service.quality_callback", vin=VIN).status == "satisfied"
    assert verdict(f, D(2026, 5, 25), "service.care_callback", vin=VIN).status == "due"


def test_callback_assigned_to_the_visits_advisor_when_the_customer_has_none():
    f = file(
        owner(advisor=None),
        vehicles=[vehicle(delivered_on=D(2025, 1, 1))],
        visits=[visit(visited_on=D(2026, 5, 10), kind="repair", advisor="A07")],
    )
    assert verdict(f, D(2026, 5, 11), "service.quality_callback", vin=VIN).staff == "A07"


# --- service.win_back ----------------------------------------------------------------------------------

#: serviced on 2026-01-15; the advisor reached them about the next service (open since 04-01) on 04-10
STAYED_AWAY = file(
    owner(),
    vehicles=[vehicle(delivered_on=D(2025, 1, 1))],
    visits=[visit(visited_on=D(2026, 1, 15))],
    contacts=[contact(contacted_on=D(2026, 4, 10), staff="A01")],
)


def test_win_back_opens_four_months_after_the_last_visit():
    assert verdict(STAYED_AWAY, D(2026, 5, 14), "service.win_back").status == "not_yet"
    v = verdict(STAYED_AWAY, D(2026, 5, 15), "service.win_back")
    assert window(v) == ("due", D(2026, 5, 15), D(2026, 5, 29), "A01", "phone")
    assert v.why == Message.of("no visit since {date}", date=D(2026, 1, 15))
    assert verdict(STAYED_AWAY, D(2026, 6, 30), "service.win_back").status == "due"  # recurring


def test_win_back_waits_30_days_after_the_last_reaching_contact():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2025, 1, 1))],
        visits=[visit(visited_on=D(2026, 1, 15))],
        contacts=[contact(contacted_on=D(2026, 5, 1), staff="S01", touchpoint="owner.keep_in_touch")],
    )
    v = verdict(f, D(2026, 5, 20), "service.win_back")
    assert (v.status, v.opens_on, v.due_on) == ("not_yet", D(2026, 5, 31), D(2026, 6, 14))


def test_win_back_call_moves_the_next_one_a_month_on():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2025, 1, 1))],
        visits=[visit(visited_on=D(2026, 1, 15))],
        contacts=[contact(contacted_on=D(2026, 5, 20), staff="A01", touchpoint="service.win_back")],
    )
    v = verdict(f, D(2026, 5, 25), "service.win_back")
    assert (v.status, v.opens_on) == ("not_yet", D(2026, 6, 19))
    assert verdict(f, D(2026, 6, 19), "service.win_back").status == "due"


def test_win_back_never_visited_counts_from_delivery():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=DELIVERED)],
        contacts=[contact(contacted_on=D(2026, 6, 1), staff="A01")],
    )
    v = verdict(f, D(2026, 7, 10), "service.win_back")
    assert (v.status, v.opens_on) == ("due", D(2026, 7, 10))
    assert v.why == Message.of("no visit since {date}", date=DELIVERED)


def test_win_back_ends_at_24_months():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2023, 1, 1))],
        visits=[visit(visited_on=D(2024, 1, 15))],
        contacts=[contact(contacted_on=D(2024, 4, 20), staff="A01")],
    )
    assert verdict(f, D(2026, 1, 14), "service.win_back").status == "due"
    v = verdict(f, D(2026, 1, 15), "service.win_back")
    assert v.status == "not_applicable"
    assert v.why == Message.of("no visit since {date}: past the win-back period", date=D(2024, 1, 15))


def test_win_back_not_for_customers_without_vehicles():
    assert verdict(file(customer()), D(2026, 5, 15), "service.win_back").status == "not_applicable"


# --- complaint.reply -----------------------------------------------------------------------------------


def test_complaint_at_a_visit_goes_to_the_manager_within_two_days():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2025, 1, 1))],
        visits=[visit(visited_on=D(2026, 5, 10), kind="repair", complaint="waited three hours")],
    )
    v = verdict(f, D(2026, 5, 10), "complaint.reply")
    assert window(v) == ("due", D(2026, 5, 10), D(2026, 5, 12), "M01", "phone")
    assert v.vin == VIN
    assert v.why == Message.of(
        "complaint at the visit on {date}: {complaint}", date=D(2026, 5, 10), complaint="waited three hours"
    )
    assert verdict(f, D(2026, 5, 13), "complaint.reply").status == "due"  # overdue one-off
    assert verdict(f, D(2026, 6, 12), "complaint.reply").status == "missed"


def test_a_callback_scored_2_opens_a_complaint_3_does_not():
    def story(score):
        return file(
            owner(),
            vehicles=[vehicle(delivered_on=D(2025, 1, 1))],
            visits=[visit(visited_on=D(2026, 5, 10), kind="repair")],
            contacts=[contact(contacted_on=D(2026, 5, 12), staff="A01", touchpoint="service.quality_callback", score=score)],
        )

    v = verdict(story(2), D(2026, 5, 13), "complaint.reply")
    assert window(v) == ("due", D(2026, 5, 12), D(2026, 5, 14), "M01", "phone")
    assert v.why == Message.of("callback on {date} scored {score}", date=D(2026, 5, 12), score=2)
    assert verdict(story(3), D(2026, 5, 13), "complaint.reply").status == "not_applicable"


def test_complaint_answered_by_the_manager():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2025, 1, 1))],
        visits=[visit(visited_on=D(2026, 5, 10), kind="repair", complaint="scratch")],
        contacts=[contact(contacted_on=D(2026, 5, 11), staff="M01")],
    )
    assert verdict(f, D(2026, 5, 12), "complaint.reply").status == "satisfied"


def test_service_rules_propose_for_a_quasi_lost_owner_and_suppress_a_lost_one():
    quasi = file(owner(stage="quasi_lost"), vehicles=[vehicle(delivered_on=DELIVERED)])
    assert verdict(quasi, D(2026, 5, 27), "service.first", vin=VIN).status == "due"
    lost = file(owner(stage="lost"), vehicles=[vehicle(delivered_on=DELIVERED)])
    assert verdict(lost, D(2026, 5, 27), "service.first", vin=VIN).status == "suppressed"


def test_every_service_rule_answers_once_per_vehicle():
    f = file(owner(), vehicles=[vehicle(delivered_on=DELIVERED), vehicle(vin=VIN2, delivered_on=DELIVERED)])
    for tp in ("service.first", "service.maintenance", "service.quality_callback", "service.care_callback"):
        assert sorted(v.vin for v in verdicts(f, D(2026, 5, 27), tp)) == [VIN, VIN2]
    assert len(verdicts(f, D(2026, 5, 27), "service.win_back")) == 1
