"""Right call, right person, once (SPEC 3): routing by department, important service customers,
complaint holds, no-marketing, the two lanes, colleagues' items, learned service intervals,
expiry wording after the date and the first-days items' missed days. Stories at their boundaries."""

from __future__ import annotations

from followup_cli.message import Message
from followup_cli.rules.assign import rated_staff
from followup_cli.rules.model import Staff

from .story import VIN, VIN2, D, contact, customer, dealership_of, due, file, vehicle, verdict, visit

#: a store with a sales team and a service team, each with its own manager
TEAMS = dealership_of(
    Staff("A02", "Advisor Two", "advisor", "service"),
    Staff("M02", "Service Manager", "manager", "service"),
)


def owner(**kw):
    return customer(stage="owner", **kw)


def serviced(*visits, **kw):
    return file(owner(**kw), vehicles=[vehicle(delivered_on=D(2024, 1, 1))], visits=visits)


# --- routing -------------------------------------------------------------------------------------


def test_a_service_complaint_goes_to_the_manager_of_the_visits_advisors_team():
    f = serviced(visit(visited_on=D(2026, 5, 10), advisor="A02", complaint="等了一个小时"))
    v = verdict(f, D(2026, 5, 10), "complaint.reply", dealership=TEAMS)
    assert (v.status, v.staff) == ("due", "M02")


def test_a_sales_item_goes_to_the_manager_of_the_owners_team():
    f = file(owner(), vehicles=[vehicle(delivered_on=D(2026, 5, 10))])
    v = verdict(f, D(2026, 5, 10), "delivery.manager_call", dealership=TEAMS)
    assert (v.status, v.staff) == ("due", "M01")


def test_a_low_score_on_a_service_callback_goes_to_the_service_team_and_is_the_advisors():
    low = contact(contacted_on=D(2026, 5, 12), touchpoint="service.quality_callback", staff="K01", score=1)
    f = file(owner(advisor=None), vehicles=[vehicle()], visits=[visit(visited_on=D(2026, 5, 10), advisor="A02")], contacts=[low])
    v = verdict(f, D(2026, 5, 13), "complaint.reply", dealership=TEAMS)
    assert (v.status, v.staff) == ("due", "M02")
    assert rated_staff(f, f.contacts[0]) == "A02"


def test_a_low_score_on_a_sales_callback_is_the_owners():
    low = contact(contacted_on=D(2026, 5, 12), touchpoint="delivery.week_call", staff="K01", score=2)
    f = file(owner(), vehicles=[vehicle()], visits=[visit(visited_on=D(2026, 5, 10), advisor="A02")], contacts=[low])
    assert rated_staff(f, f.contacts[0]) == "S01"
    assert verdict(f, D(2026, 5, 12), "complaint.reply", dealership=TEAMS).staff == "M01"


def test_a_team_without_a_manager_hands_the_item_to_a_manager_of_the_store():
    f = serviced(visit(visited_on=D(2026, 5, 10), advisor="A01", complaint="漆面划伤"))
    no_service_manager = dealership_of()  # A01's service team has no manager: M01 (sales) takes it
    assert verdict(f, D(2026, 5, 10), "complaint.reply", dealership=no_service_manager).staff == "M01"


def test_an_item_nobody_can_take_is_listed_unassigned_never_dropped():
    f = file(customer(owner=None), contacts=[])
    (item,) = [i for i in due([f], D(2025, 1, 1)).items if i.touchpoint == "lead.welcome"]
    assert (item.staff, item.flags, item.within_capacity) == (None, ("unassigned",), True)


# --- important service customers (seed 003 §(三)) -------------------------------------------------------


def test_a_complaint_visit_gets_the_managers_callback_instead_of_the_advisors():
    f = serviced(visit(visited_on=D(2026, 5, 10), advisor="A02", complaint="等了一个小时"))
    assert verdict(f, D(2026, 5, 10), "service.manager_callback", dealership=TEAMS).status == "not_yet"
    v = verdict(f, D(2026, 5, 11), "service.manager_callback", dealership=TEAMS)
    assert (v.status, v.opens_on, v.due_on, v.staff) == ("due", D(2026, 5, 11), D(2026, 5, 13), "M02")
    quality = verdict(f, D(2026, 5, 11), "service.quality_callback", dealership=TEAMS)
    assert quality.status == "not_applicable"
    assert quality.why == Message.of("an important customer's visit: the manager calls back")


def test_a_repeat_repair_within_90_days_is_important_and_91_days_is_not():
    within = serviced(visit(visited_on=D(2026, 2, 9), kind="repair"), visit(visited_on=D(2026, 5, 10), kind="repair"))
    assert verdict(within, D(2026, 5, 11), "service.manager_callback").status == "due"  # 90 days
    beyond = serviced(visit(visited_on=D(2026, 2, 8), kind="repair"), visit(visited_on=D(2026, 5, 10), kind="repair"))
    assert verdict(beyond, D(2026, 5, 11), "service.manager_callback").status == "not_applicable"  # 91 days
    assert verdict(beyond, D(2026, 5, 11), "service.quality_callback").status == "due"


def test_a_customer_marked_important_gets_the_managers_callback_for_a_routine_visit():
    f = serviced(visit(visited_on=D(2026, 5, 10)), important=True)
    assert verdict(f, D(2026, 5, 13), "service.manager_callback").status == "due"
    assert verdict(f, D(2026, 5, 14), "service.manager_callback").status == "due"  # overdue, one-off
    assert verdict(serviced(visit(visited_on=D(2026, 5, 10))), D(2026, 5, 13), "service.manager_callback").status == "not_applicable"


def test_the_manager_follows_an_important_customer_at_30_60_and_90_days():
    f = serviced(visit(visited_on=D(2026, 1, 1)), important=True)
    assert verdict(f, D(2026, 1, 30), "service.manager_follow").status == "not_yet"
    first = verdict(f, D(2026, 1, 31), "service.manager_follow")
    assert (first.status, first.opens_on, first.due_on) == ("due", D(2026, 1, 31), D(2026, 2, 7))
    second = verdict(f, D(2026, 3, 2), "service.manager_follow")  # the first gave way when the second opened
    assert (second.status, second.opens_on, second.due_on) == ("due", D(2026, 3, 2), D(2026, 3, 9))
    third = verdict(f, D(2026, 4, 1), "service.manager_follow")
    assert (third.status, third.opens_on, third.due_on) == ("due", D(2026, 4, 1), D(2026, 4, 8))
    assert verdict(f, D(2026, 5, 9), "service.manager_follow").status == "missed"  # 97 + 30 days


# --- Suppression 5 and 6 ------------------------------------------------------------------------------


def test_routine_items_are_held_while_a_complaint_is_open_and_come_back_when_answered():
    complaint = visit(visited_on=D(2026, 5, 10), advisor="A02", complaint="等了一个小时")
    base = dict(vehicles=[vehicle(delivered_on=D(2024, 1, 1))], visits=[complaint])
    last_call = contact(contacted_on=D(2026, 3, 1), staff="S01")
    f = file(owner(birthday=D(1980, 5, 12)), contacts=[last_call], **base)
    for touchpoint in ("owner.keep_in_touch", "occasion.birthday"):
        held = verdict(f, D(2026, 5, 10), touchpoint, dealership=TEAMS)
        assert (held.status, held.why) == ("suppressed", Message.of("held: complaint open since {date}", date=D(2026, 5, 10)))
    items = due([f], D(2026, 5, 10), dealership=TEAMS).items
    assert {i.touchpoint for i in items} == {"complaint.reply"}
    # the manager's one call on 05-11 answers the complaint and the manager's callback: the greeting comes back
    answered = file(owner(birthday=D(1980, 5, 12)), contacts=[last_call, contact(contacted_on=D(2026, 5, 11), staff="M02")], **base)
    assert verdict(answered, D(2026, 5, 12), "occasion.birthday", dealership=TEAMS).status == "due"


def test_no_marketing_customers_get_no_campaign_invitation():
    from .story import campaign

    event = campaign(kind="event", starts_on=D(2026, 6, 30), target_stages=["owner"])
    shop = dealership_of(campaigns=[event])
    f = file(owner(no_marketing=True), vehicles=[vehicle()])
    v = verdict(f, D(2026, 6, 16), "campaign.invite", dealership=shop)
    assert (v.status, v.why) == ("suppressed", Message.of("suppressed: the customer wants no marketing"))
    assert verdict(file(owner(), vehicles=[vehicle()]), D(2026, 6, 16), "campaign.invite", dealership=shop).status == "due"


# --- two lanes and colleagues ----------------------------------------------------------------------------


def test_capacity_never_cuts_the_message_batch():
    files = [
        file(customer(customer_id=f"C{n:03d}", owner=None, birthday=D(1980, 6, 3)), contacts=[contact(contacted_on=D(2026, 5, 1))])
        for n in range(5)
    ]
    clerk = dealership_of(base=[Staff("K01", "Clerk", "crm", None, daily_capacity=1)])
    items = [i for i in due(files, D(2026, 6, 1), dealership=clerk).items if i.touchpoint == "occasion.birthday"]
    assert [(i.channel, i.staff, i.within_capacity) for i in items] == [("sms", "K01", True)] * 5


def test_each_item_names_the_colleagues_items_for_the_customer_today():
    f = serviced(visit(visited_on=D(2026, 5, 10), advisor="A02", complaint="等了一个小时"))
    items = due([f], D(2026, 5, 11), dealership=TEAMS).items
    by_touchpoint = {i.touchpoint: i for i in items}
    assert by_touchpoint["complaint.reply"].colleagues() == ()  # the manager's two items are one manager's
    assert set(by_touchpoint) == {"complaint.reply", "service.manager_callback"}
    # the same customer whose insurance runs out: the advisor and the manager each see the other
    insured = file(owner(), vehicles=[vehicle(delivered_on=D(2024, 1, 1), insurance_ends_on=D(2026, 5, 20))],
                   visits=[visit(visited_on=D(2026, 5, 10), advisor="A02", complaint="等了一个小时")])
    items = {i.touchpoint: i for i in due([insured], D(2026, 5, 11), dealership=TEAMS).items}
    assert items["expiry.insurance"].colleagues() == (("M02", "complaint.reply"), ("M02", "service.manager_callback"))
    assert items["complaint.reply"].colleagues() == (("A01", "expiry.insurance"),)
    assert items["complaint.reply"].also is items["expiry.insurance"].also  # one tuple per customer


# --- service clock ------------------------------------------------------------------------------


def test_the_interval_is_learned_from_two_gaps_and_not_from_one():
    one_gap = serviced(
        visit(visited_on=D(2026, 1, 1), odometer_km=10000), visit(visited_on=D(2026, 3, 2), odometer_km=12000)
    )
    assert dict(verdict(one_gap, D(2026, 5, 20), "service.maintenance", vin=VIN).why.params)["interval"] == Message.of(
        "default interval"
    )
    # gaps of 60, 62 and 64 days (4,000, 4,000 and 1,000 km): medians 62 days and 4,000 km;
    # 9,000 km in 186 days is 48 km/day, so 4,000 km takes 83 days: the 62 days come first
    learned = serviced(
        visit(visited_on=D(2026, 1, 1), odometer_km=10000),
        visit(visited_on=D(2026, 3, 2), odometer_km=14000),
        visit(visited_on=D(2026, 5, 3), odometer_km=18000),
        visit(visited_on=D(2026, 7, 6), odometer_km=19000),
    )
    v = verdict(learned, D(2026, 8, 23), "service.maintenance", vin=VIN)
    assert (v.status, v.due_on) == ("due", D(2026, 9, 6))
    assert v.why == Message.of(
        "service due on {date}, {days} days after the last one on {last} ({interval})",
        date=D(2026, 9, 6), days=62, last=D(2026, 7, 6), interval=Message.of("interval learned from its service history"),
    )


# --- wording and timing ----------------------------------------------------------------------------


def test_an_expiry_after_its_date_says_how_long_it_has_been():
    f = file(owner(), vehicles=[vehicle(insurance_ends_on=D(2026, 11, 27))])
    on_the_day = verdict(f, D(2026, 11, 27), "expiry.insurance", vin=VIN)
    assert on_the_day.why == Message.of("insurance ends on {date}", date=D(2026, 11, 27))
    later = verdict(f, D(2026, 12, 5), "expiry.insurance", vin=VIN)
    assert (later.status, later.why) == (
        "due", Message.of("insurance ended on {date}, {days} days uninsured", date=D(2026, 11, 27), days=8)
    )


def test_a_thank_you_call_is_missed_after_seven_days():
    f = file(owner(), vehicles=[vehicle(delivered_on=D(2026, 11, 23))])  # manager's call due 11-24
    assert verdict(f, D(2026, 12, 1), "delivery.manager_call").status == "due"  # 7 days late
    assert verdict(f, D(2026, 12, 2), "delivery.manager_call").status == "missed"
    assert verdict(f, D(2026, 12, 2), "delivery.week_call").status == "due"  # not a first-days item: 30 days


def test_two_vehicles_each_get_their_own_callback():
    f = file(owner(), vehicles=[vehicle(), vehicle(vin=VIN2)], visits=[visit(visited_on=D(2026, 5, 10)), visit(vin=VIN2, visited_on=D(2026, 5, 10), complaint="异响")])
    assert verdict(f, D(2026, 5, 11), "service.quality_callback", vin=VIN).status == "due"
    assert verdict(f, D(2026, 5, 11), "service.manager_callback", vin=VIN2).status == "due"
