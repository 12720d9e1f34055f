"""Campaign stories (seed 002: events, recalls, parts arrivals; seed 003: season checks)."""

from __future__ import annotations

from followup_cli.message import Message
from followup_cli.rules.model import Staff

from .story import VIN, VIN2, D, campaign, contact, customer, dealership_of, file, verdict, verdicts, vehicle, visit


def owner(**kw):
    return customer(**{"stage": "owner", **kw})


def window(v):
    return (v.status, v.opens_on, v.due_on, v.staff, v.channel)


RECENT = [visit(visited_on=D(2026, 8, 1))]
LAVIDA_OWNER = file(owner(), vehicles=[vehicle(model="Lavida", delivered_on=D(2025, 5, 1))], visits=RECENT)
LAUNCH = campaign(campaign_id="E1", name="Lavida owners' day", starts_on=D(2026, 10, 15), target_models=["Lavida"])
SHOP = dealership_of(campaigns=[LAUNCH])


# --- campaign.invite ---------------------------------------------------------------------------------


def test_event_invite_first_notice_a_month_ahead_by_sms_from_crm():
    assert verdict(LAVIDA_OWNER, D(2026, 9, 14), "campaign.invite", dealership=SHOP).status == "not_yet"
    v = verdict(LAVIDA_OWNER, D(2026, 9, 15), "campaign.invite", dealership=SHOP)
    assert window(v) == ("due", D(2026, 9, 15), D(2026, 9, 30), "K01", "sms")
    assert v.why == Message.of("invitation to {campaign} on {date}", campaign="Lavida owners' day", date=D(2026, 10, 15))
    assert verdict(LAVIDA_OWNER, D(2026, 9, 30), "campaign.invite", dealership=SHOP).status == "due"


def test_event_invite_second_notice_two_weeks_ahead_then_lapses():
    v = verdict(LAVIDA_OWNER, D(2026, 10, 1), "campaign.invite", dealership=SHOP)
    assert window(v) == ("due", D(2026, 10, 1), D(2026, 10, 14), "K01", "sms")
    assert verdict(LAVIDA_OWNER, D(2026, 10, 14), "campaign.invite", dealership=SHOP).status == "due"
    assert verdict(LAVIDA_OWNER, D(2026, 10, 15), "campaign.invite", dealership=SHOP).status == "lapsed"


def test_event_over_no_invite():
    v = verdict(LAVIDA_OWNER, D(2026, 10, 16), "campaign.invite", dealership=SHOP)
    assert (v.status, v.why) == ("not_applicable", Message.of("no upcoming event for this customer"))


def test_prospect_interested_in_the_model_gets_a_call_from_the_consultant():
    f = file(customer(interested_model="lavida ", intent_level="B"))
    v = verdict(f, D(2026, 10, 1), "campaign.invite", dealership=SHOP)
    assert window(v) == ("due", D(2026, 10, 1), D(2026, 10, 14), "S01", "phone")


def test_other_models_not_invited():
    f = file(owner(), vehicles=[vehicle(model="Passat", delivered_on=D(2025, 5, 1))], visits=RECENT)
    assert verdict(f, D(2026, 10, 1), "campaign.invite", dealership=SHOP).status == "not_applicable"


def test_stage_and_grade_targets():
    club = campaign(campaign_id="E2", name="Club", starts_on=D(2026, 10, 15), target_stages=["owner"], target_grades=["premium"])
    shop = dealership_of(campaigns=[club])
    three_cars = file(
        owner(),
        vehicles=[vehicle(vin=f"LSVAB2BM0JN00000{i}", delivered_on=D(2025, 5, 1)) for i in (1, 2, 3)],
        visits=RECENT,
    )
    assert verdict(three_cars, D(2026, 10, 1), "campaign.invite", dealership=shop).status == "due"
    assert verdict(LAVIDA_OWNER, D(2026, 10, 1), "campaign.invite", dealership=shop).status == "not_applicable"
    prospect = file(customer(grade="premium"))
    assert verdict(prospect, D(2026, 10, 1), "campaign.invite", dealership=shop).status == "not_applicable"


def test_empty_targets_invite_everyone_even_lost_customers():
    everyone = dealership_of(campaigns=[campaign(campaign_id="E3", name="Open day", starts_on=D(2026, 10, 15))])
    lost = file(customer(stage="lost", lost_on=D(2026, 1, 5), lost_reason="price"))
    assert window(verdict(lost, D(2026, 10, 1), "campaign.invite", dealership=everyone)) == (
        "due",
        D(2026, 10, 1),
        D(2026, 10, 14),
        "K01",
        "sms",
    )


def test_two_events_two_invites():
    other = campaign(campaign_id="E4", name="Autumn fair", starts_on=D(2026, 10, 25))
    found = verdicts(LAVIDA_OWNER, D(2026, 10, 11), "campaign.invite", dealership=dealership_of(campaigns=[LAUNCH, other]))
    assert [(v.status, v.opens_on, v.due_on) for v in found] == [
        ("due", D(2026, 10, 1), D(2026, 10, 14)),
        ("due", D(2026, 10, 11), D(2026, 10, 24)),
    ]


def test_invite_satisfied_by_a_tagged_contact():
    f = file(
        owner(),
        vehicles=[vehicle(model="Lavida", delivered_on=D(2025, 5, 1))],
        visits=RECENT,
        contacts=[contact(contacted_on=D(2026, 10, 2), channel="sms", touchpoint="campaign.invite", staff="K01")],
    )
    assert verdict(f, D(2026, 10, 5), "campaign.invite", dealership=SHOP).status == "satisfied"


# --- recall.notice ---------------------------------------------------------------------------------------

RECALL = campaign(campaign_id="R1", name="Airbag recall", kind="recall", starts_on=D(2026, 9, 1), vins=[VIN.lower()])
RECALLS = dealership_of(campaigns=[RECALL])


def test_recall_due_from_its_first_day_and_never_missed():
    assert verdict(LAVIDA_OWNER, D(2026, 8, 31), "recall.notice", vin=VIN, dealership=RECALLS).status == "not_yet"
    v = verdict(LAVIDA_OWNER, D(2026, 9, 1), "recall.notice", vin=VIN, dealership=RECALLS)
    assert window(v) == ("due", D(2026, 9, 1), D(2026, 9, 1), "A01", "phone")
    assert v.why == Message.of("recall {campaign} since {date}", campaign="Airbag recall", date=D(2026, 9, 1))
    assert verdict(LAVIDA_OWNER, D(2026, 12, 1), "recall.notice", vin=VIN, dealership=RECALLS).status == "due"


def test_recall_done_by_a_recall_visit_on_or_after_the_start():
    before = file(
        owner(),
        vehicles=[vehicle(model="Lavida", delivered_on=D(2025, 5, 1))],
        visits=[visit(visited_on=D(2026, 8, 20), kind="recall")],
    )
    assert verdict(before, D(2026, 9, 16), "recall.notice", vin=VIN, dealership=RECALLS).status == "due"
    after = file(
        owner(),
        vehicles=[vehicle(model="Lavida", delivered_on=D(2025, 5, 1))],
        visits=[visit(visited_on=D(2026, 9, 15), kind="recall")],
    )
    assert verdict(after, D(2026, 9, 14), "recall.notice", vin=VIN, dealership=RECALLS).status == "due"
    v = verdict(after, D(2026, 9, 16), "recall.notice", vin=VIN, dealership=RECALLS)
    assert (v.status, v.why) == ("not_applicable", Message.of("recall done on {date}", date=D(2026, 9, 15)))


def test_recall_only_for_listed_vins():
    f = file(owner(), vehicles=[vehicle(vin=VIN2, delivered_on=D(2025, 5, 1))], visits=[visit(vin=VIN2, visited_on=D(2026, 8, 1))])
    assert verdict(f, D(2026, 9, 1), "recall.notice", dealership=RECALLS).status == "not_applicable"


# --- parts.arrived ---------------------------------------------------------------------------------------

PARTS = dealership_of(campaigns=[campaign(campaign_id="A1", name="Mirror", kind="parts_arrival", starts_on=D(2026, 9, 1), vins=[VIN])])


def test_parts_arrived_invite_within_two_days():
    v = verdict(LAVIDA_OWNER, D(2026, 9, 1), "parts.arrived", vin=VIN, dealership=PARTS)
    assert window(v) == ("due", D(2026, 9, 1), D(2026, 9, 3), "A01", "phone")
    assert verdict(LAVIDA_OWNER, D(2026, 9, 4), "parts.arrived", vin=VIN, dealership=PARTS).status == "due"
    assert verdict(LAVIDA_OWNER, D(2026, 10, 4), "parts.arrived", vin=VIN, dealership=PARTS).status == "missed"


def test_parts_arrived_not_applicable_once_the_car_came_in():
    f = file(
        owner(),
        vehicles=[vehicle(model="Lavida", delivered_on=D(2025, 5, 1))],
        visits=[visit(visited_on=D(2026, 9, 2), kind="repair")],
    )
    assert verdict(f, D(2026, 9, 3), "parts.arrived", vin=VIN, dealership=PARTS).status == "not_applicable"


# --- campaign.season_check -----------------------------------------------------------------------------

WINTER = campaign(
    campaign_id="S1", name="Winter check", kind="season_check", starts_on=D(2026, 11, 1), ends_on=D(2026, 11, 30)
)
WINTER_SHOP = dealership_of(campaigns=[WINTER])


def test_season_check_for_vehicles_past_warranty():
    f = file(
        owner(),
        vehicles=[
            vehicle(delivered_on=D(2021, 3, 1), warranty_ends_on=D(2026, 3, 1)),
            vehicle(vin=VIN2, delivered_on=D(2025, 3, 1), warranty_ends_on=D(2028, 3, 1)),
        ],
        visits=RECENT,
    )
    assert verdict(f, D(2026, 10, 17), "campaign.season_check", vin=VIN, dealership=WINTER_SHOP).status == "not_yet"
    v = verdict(f, D(2026, 10, 18), "campaign.season_check", vin=VIN, dealership=WINTER_SHOP)
    assert window(v) == ("due", D(2026, 10, 18), D(2026, 11, 1), "K01", "sms")
    assert v.why == Message.of(
        "{campaign} on {date}: warranty ended on {ended}", campaign="Winter check", date=D(2026, 11, 1), ended=D(2026, 3, 1)
    )
    assert verdict(f, D(2026, 11, 1), "campaign.season_check", vin=VIN, dealership=WINTER_SHOP).status == "due"
    assert verdict(f, D(2026, 11, 2), "campaign.season_check", vin=VIN, dealership=WINTER_SHOP).status == "lapsed"
    assert [v.vin for v in verdicts(f, D(2026, 10, 18), "campaign.season_check", dealership=WINTER_SHOP)] == [VIN]


def test_season_check_not_for_vehicles_in_warranty_or_after_the_campaign():
    f = file(owner(), vehicles=[vehicle(delivered_on=D(2025, 3, 1), warranty_ends_on=D(2028, 3, 1))], visits=RECENT)
    assert verdict(f, D(2026, 10, 18), "campaign.season_check", dealership=WINTER_SHOP).status == "not_applicable"
    old = file(owner(), vehicles=[vehicle(delivered_on=D(2021, 3, 1), warranty_ends_on=D(2026, 3, 1))], visits=RECENT)
    assert verdict(old, D(2026, 12, 1), "campaign.season_check", dealership=WINTER_SHOP).status == "not_applicable"


def test_crm_clerk_is_chosen_deterministically_among_several():
    shop = dealership_of(Staff("K02", "Clerk Two", "crm"), campaigns=[LAUNCH])
    first = verdict(LAVIDA_OWNER, D(2026, 10, 1), "campaign.invite", dealership=shop).staff
    assert first in ("K01", "K02")
    assert verdict(LAVIDA_OWNER, D(2026, 10, 2), "campaign.invite", dealership=shop).staff == first
