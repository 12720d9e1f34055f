"""The engine: satisfaction, suppression, lapsing, attempts, assignment, ranking and capacity (SPEC 3)."""

from __future__ import annotations

from followup_cli.vocabulary import term

import random
import zlib
from dataclasses import replace

import pytest

from followup_cli.message import Message, N_
from followup_cli.rules import engine
from followup_cli.rules.model import Proposal, Staff

from .story import (
    STAFF,
    VIN,
    VIN2,
    D,
    contact,
    customer,
    dealership_of,
    due,
    file,
    vehicle,
    verdict,
    verdicts,
    visit,
)


def facts(v):
    return (v.status, v.opens_on, v.due_on, v.staff, v.channel)


def proposing(tp, opens, due_on, role="consultant", channel="phone", lapse="one_off", **kw):
    """A stand-in rule that proposes one window, for engine-only stories."""

    def rule(file, ctx):
        yield Proposal(tp, opens, due_on, role, channel, Message.of(N_("test window")), lapse, **kw)

    return rule


@pytest.fixture
def only(monkeypatch):
    """Run the engine with the given stand-in rules instead of the catalogue."""

    def use(*rules):
        monkeypatch.setattr(engine, "RULES", tuple(rules))

    return use


def delivered(*contacts, **kw):
    """An owner whose car was delivered 2026-03-01: delivery.week_call opens 03-03, due 03-08, S01's."""
    return file(customer(stage="owner", **kw), vehicles=[vehicle(delivered_on=D(2026, 3, 1))], contacts=contacts)


def week_call(f, today=D(2026, 3, 5)):
    return verdict(f, today, "delivery.week_call")


# --- satisfaction ------------------------------------------------------------------------------


def test_a_contact_naming_the_touchpoint_satisfies_whoever_made_it():
    f = delivered(contact(contacted_on=D(2026, 3, 3), staff="A01", touchpoint="delivery.week_call"))
    v = week_call(f)
    assert v.status == "satisfied"
    assert (v.why.msgid, v.why.values()) == (
        "done: {outcome} on {date} by {staff}",
        {"outcome": term("reached"), "date": D(2026, 3, 3), "staff": "A01"},
    )


def test_an_untagged_call_by_the_assigned_staff_satisfies():
    assert week_call(delivered(contact(contacted_on=D(2026, 3, 4), staff="S01"))).status == "satisfied"


def test_an_untagged_call_by_no_staff_satisfies():
    v = week_call(delivered(contact(contacted_on=D(2026, 3, 4), staff=None, outcome="appointment")))
    assert (v.status, v.why.msgid) == ("satisfied", "done: {outcome} on {date}")


def test_an_untagged_call_by_a_colleague_does_not_satisfy():
    assert week_call(delivered(contact(contacted_on=D(2026, 3, 4), staff="A01"))).status == "due"


def test_a_call_naming_another_touchpoint_does_not_satisfy():
    f = delivered(contact(contacted_on=D(2026, 3, 4), staff="S01", touchpoint="delivery.visit"))
    assert week_call(f).status == "due"


def test_an_attempt_does_not_satisfy():
    for outcome in ("no_answer", "busy", "wrong_number"):
        f = delivered(
            contact(contacted_on=D(2026, 3, 4), staff="S01", touchpoint="delivery.week_call", outcome=outcome)
        )
        assert week_call(f).status == "due", outcome


def test_every_reaching_outcome_satisfies():
    for outcome in ("reached", "appointment", "refused"):
        f = delivered(contact(contacted_on=D(2026, 3, 4), staff="S01", outcome=outcome))
        assert week_call(f).status == "satisfied", outcome


def test_a_contact_before_the_window_opens_does_not_satisfy():
    f = delivered(contact(contacted_on=D(2026, 3, 2), staff="S01", touchpoint="delivery.week_call"))
    assert week_call(f).status == "due"


def test_contacts_after_today_are_not_history_yet():
    f = delivered(contact(contacted_on=D(2026, 3, 6), staff="S01"))
    assert week_call(f, D(2026, 3, 5)).status == "due"
    assert week_call(f, D(2026, 3, 7)).status == "satisfied"


# --- suppression -------------------------------------------------------------------------------


def test_do_not_contact_suppresses_everything():
    f = delivered(do_not_contact=True)
    found = [v for v in verdicts(f, D(2026, 3, 1)) if v.status != "not_applicable"]
    assert found and {v.status for v in found} == {"suppressed"}
    assert {v.why.msgid for v in found} == {"suppressed: do not contact"}
    assert due([f], D(2026, 3, 1)).items == ()


def test_an_opted_out_contact_suppresses_everything_ever_after():
    f = delivered(contact(contacted_on=D(2026, 3, 1), staff="S01", outcome="opted_out"))
    v = verdict(f, D(2027, 3, 1), "owner.keep_in_touch")
    assert (v.status, v.why.msgid, v.why.values()) == (
        "suppressed",
        "suppressed: opted out on {date}",
        {"date": D(2026, 3, 1)},
    )
    assert due([f], D(2027, 3, 1)).items == ()


def test_lost_for_good_owners_leave_every_list():
    f = file(
        customer(stage="owner"),
        vehicles=[vehicle(delivered_on=D(2020, 1, 1))],
        visits=[visit(visited_on=D(2023, 1, 1))],
    )
    v = verdict(f, D(2025, 1, 1), "owner.keep_in_touch")
    assert (v.status, v.why.msgid, v.why.values()) == (
        "suppressed",
        "suppressed: lost for good, no visit in {months} months",
        {"months": 24},
    )
    assert verdict(f, D(2024, 12, 31), "owner.keep_in_touch").status == "due"
    assert due([f], D(2025, 1, 1)).items == ()


def test_lost_customers_get_only_lost_items_events_and_holiday_greetings(only):
    day = D(2026, 3, 1)
    only(
        proposing("lost.competitor_care", day, day, role="crm", channel="sms", lapse="recurring"),
        proposing("campaign.invite", day, day, role="crm", channel="sms", lapse="greeting"),
        proposing("occasion.holiday", day, day, role="crm", channel="sms", lapse="greeting"),
        proposing("occasion.birthday", day, day, role="crm", channel="sms", lapse="greeting"),
        proposing("lead.promised", day, day),
    )
    found = {v.touchpoint: v.status for v in verdicts(file(customer(stage="lost")), day)}
    assert found == {
        "lost.competitor_care": "due",
        "campaign.invite": "due",
        "occasion.holiday": "due",
        "occasion.birthday": "suppressed",
        "lead.promised": "suppressed",
    }


def test_a_customer_reached_today_by_anyone_gets_nothing_more_today():
    f = delivered(contact(contacted_on=D(2026, 3, 5), staff="A01", touchpoint="service.care_callback"))
    v = week_call(f, D(2026, 3, 5))
    assert (v.status, v.why.msgid, v.why.values()) == (
        "suppressed",
        "suppressed: already reached today ({outcome} by {staff})",
        {"outcome": term("reached"), "staff": "A01"},
    )
    assert due([f], D(2026, 3, 5)).items == ()
    assert week_call(f, D(2026, 3, 6)).status == "due"  # tomorrow: the colleague's call did not do it


def test_an_attempt_today_does_not_suppress():
    f = delivered(contact(contacted_on=D(2026, 3, 5), staff="S01", outcome="busy"))
    assert week_call(f, D(2026, 3, 5)).status == "due"


# --- lapsing and missing -------------------------------------------------------------------------


def test_a_greeting_lapses_the_day_after_it_is_due(only):
    only(proposing("occasion.birthday", D(2026, 3, 7), D(2026, 3, 10), role="crm", channel="sms", lapse="greeting"))
    f = file(customer(stage="owner"))
    assert verdict(f, D(2026, 3, 10), "occasion.birthday").status == "due"
    v = verdict(f, D(2026, 3, 11), "occasion.birthday")
    assert (v.status, v.why.msgid, v.why.values()["date"]) == ("lapsed", "lapsed on {date}: {reason}", D(2026, 3, 11))


def test_a_first_notice_lapses_when_the_second_opens_even_before_due(only):
    only(proposing("expiry.insurance", D(2026, 3, 1), D(2026, 3, 20), role="advisor", lapses_on=D(2026, 3, 15)))
    f = file(customer(stage="owner"))
    assert verdict(f, D(2026, 3, 14), "expiry.insurance").status == "due"
    assert verdict(f, D(2026, 3, 15), "expiry.insurance").status == "lapsed"


def test_a_one_off_item_is_missed_after_thirty_days(only):
    only(proposing("delivery.week_call", D(2026, 3, 3), D(2026, 3, 8)))
    f = file(customer(stage="owner"))
    assert verdict(f, D(2026, 4, 7), "delivery.week_call").status == "due"
    assert verdict(f, D(2026, 4, 8), "delivery.week_call").status == "missed"
    assert verdict(f, D(2026, 4, 8), "delivery.week_call", policy={"general.missed_after_days": 31}).status == "due"


def test_a_recurring_item_stays_overdue_until_done(only):
    only(proposing("owner.keep_in_touch", D(2026, 3, 3), D(2026, 3, 8), lapse="recurring"))
    f = file(customer(stage="owner"))
    (item,) = due([f], D(2027, 3, 8)).items
    assert (item.touchpoint, item.overdue_days) == ("owner.keep_in_touch", 365)


def test_a_satisfied_greeting_is_satisfied_not_lapsed(only):
    only(proposing("occasion.birthday", D(2026, 3, 7), D(2026, 3, 10), role="crm", channel="sms", lapse="greeting"))
    f = file(customer(stage="owner"), contacts=[contact(contacted_on=D(2026, 3, 8), channel="sms")])
    assert verdict(f, D(2026, 3, 20), "occasion.birthday").status == "satisfied"


def test_missed_items_are_counted_the_day_they_are_missed(only):
    only(proposing("delivery.week_call", D(2026, 3, 3), D(2026, 3, 8)))
    f = file(customer(stage="owner"))
    assert due([f], D(2026, 4, 7)).missed == {}
    assert dict(due([f], D(2026, 4, 8)).missed) == {"S01": 1}
    assert due([f], D(2026, 4, 9)).missed == {}
    from .story import ctx

    c = ctx(D(2026, 4, 30))
    assert dict(engine.due_items([f], c.dealership, c.policy, c.today, missed_since=D(2026, 4, 1)).missed) == {"S01": 1}


def test_items_with_the_same_reason_and_days_share_one_copy_of_them():
    """A dealer group's list is long but its reasons and days repeat: equal values are one object."""
    cars = [delivered(customer_id=f"C{n}") for n in range(3)]
    items = due(cars, D(2026, 3, 5)).items
    week_calls = [i for i in items if i.touchpoint == "delivery.week_call"]
    assert [i.customer_id for i in week_calls] == ["C0", "C1", "C2"]
    first, *others = week_calls
    for other in others:
        assert other.reason == first.reason and other.reason is first.reason
        assert other.opens_on is first.opens_on and other.due_on is first.due_on
        assert other.priority is first.priority


# --- attempts ------------------------------------------------------------------------------------


def attempts(*who, outcome="no_answer", day=D(2026, 3, 3), touchpoint=None):
    return [contact(contacted_on=day, staff=s, outcome=outcome, touchpoint=touchpoint) for s in who]


def test_three_failed_attempts_switch_to_sms():
    f = delivered(*attempts("S01", "S01", "S01"))
    v = week_call(f)
    assert (v.status, v.channel) == ("due", "sms")
    (item,) = [i for i in due([f], D(2026, 3, 5)).items if i.touchpoint == "delivery.week_call"]
    assert (item.channel, item.flags) == ("sms", ("switched_to_sms",))


def test_two_attempts_keep_the_phone():
    assert week_call(delivered(*attempts("S01", "S01"))).channel == "phone"


def test_a_colleagues_untagged_attempts_do_not_count_but_tagged_ones_do():
    assert week_call(delivered(*attempts("A01", "A01", "A01"))).channel == "phone"
    f = delivered(*attempts("A01", "A01", "A01", touchpoint="delivery.week_call"))
    assert week_call(f).channel == "sms"


def test_attempts_before_the_window_opens_do_not_count():
    assert week_call(delivered(*attempts("S01", "S01", "S01", day=D(2026, 3, 2)))).channel == "phone"


def test_a_wrong_number_flags_the_phone():
    f = delivered(*attempts("S01", outcome="wrong_number"))
    (item,) = [i for i in due([f], D(2026, 3, 5)).items if i.touchpoint == "delivery.week_call"]
    assert (item.channel, item.flags) == ("phone", ("wrong_number",))


# --- assignment ----------------------------------------------------------------------------------


def test_consultant_items_go_to_the_owner(only):
    only(proposing("delivery.week_call", D(2026, 3, 1), D(2026, 3, 2)))
    assert verdict(file(customer(owner="S07")), D(2026, 3, 1), "delivery.week_call").staff == "S07"
    assert verdict(file(customer(owner=None)), D(2026, 3, 1), "delivery.week_call").staff is None


def test_advisor_items_go_to_the_advisor_else_the_vehicles_last_advisor(only):
    only(
        proposing("expiry.insurance", D(2026, 3, 1), D(2026, 3, 2), role="advisor", vin=VIN),
        proposing("expiry.warranty", D(2026, 3, 1), D(2026, 3, 2), role="advisor", vin=VIN2),
        proposing("service.win_back", D(2026, 3, 1), D(2026, 3, 2), role="advisor", lapse="recurring"),
    )
    history = [
        visit(vin=VIN, visited_on=D(2025, 1, 1), advisor="A02"),
        visit(vin=VIN, visited_on=D(2025, 6, 1), advisor="A03"),
        visit(vin=VIN2, visited_on=D(2025, 3, 1), advisor="A04"),
        visit(vin=VIN2, visited_on=D(2025, 4, 1), advisor=None),
    ]
    cars = [vehicle(), vehicle(vin=VIN2)]
    assert verdict(file(customer(), cars, history), D(2026, 3, 1), "expiry.insurance").staff == "A01"
    f = file(customer(advisor=None), cars, history)
    assert verdict(f, D(2026, 3, 1), "expiry.insurance").staff == "A03"
    assert verdict(f, D(2026, 3, 1), "expiry.warranty").staff == "A04"
    assert verdict(f, D(2026, 3, 1), "service.win_back").staff == "A03"  # the customer's latest
    assert verdict(file(customer(advisor=None), cars), D(2026, 3, 1), "expiry.insurance").staff is None


def test_manager_items_without_any_manager_are_unassigned(only):
    only(proposing("complaint.reply", D(2026, 3, 1), D(2026, 3, 2), role="manager"))
    nobody = dealership_of(base=[s for s in STAFF if s.role != "manager"])
    assert verdict(file(customer()), D(2026, 3, 1), "complaint.reply", dealership=nobody).staff is None


def test_crm_items_go_to_the_same_clerk_every_day(only):
    only(proposing("occasion.holiday", D(2026, 3, 1), D(2026, 3, 9), role="crm", channel="sms", lapse="greeting"))
    clerks = dealership_of(Staff("K02", role="crm"))
    chosen = {}
    for cid in ("C001", "C002", "C003", "C004", "C005"):
        f = file(customer(customer_id=cid))
        first = verdict(f, D(2026, 3, 1), "occasion.holiday", dealership=clerks).staff
        again = verdict(f, D(2026, 3, 5), "occasion.holiday", dealership=clerks).staff
        assert first == again == ["K01", "K02"][zlib.crc32(cid.encode()) % 2]
        chosen[cid] = first
    assert set(chosen.values()) == {"K01", "K02"}


def test_in_a_dealer_group_managers_and_clerks_are_those_of_the_customers_store(only):
    only(
        proposing("occasion.holiday", D(2026, 3, 1), D(2026, 3, 9), role="crm", channel="sms", lapse="greeting"),
        proposing("complaint.reply", D(2026, 3, 1), D(2026, 3, 2), role="manager"),
    )
    group = dealership_of(
        Staff("K02", role="crm", store="HZ"),
        Staff("K03", role="crm", store="HZ;NB"),  # the CRM centre serves two stores
        Staff("M02", role="manager", team="sales", store="NB"),
        base=[replace(s, store="HZ") for s in STAFF if s.role != "crm"],
    )
    for cid in ("C001", "C002", "C003", "C004", "C005", "C006"):
        nb = file(customer(customer_id=cid, store="NB", owner="S09"))
        assert verdict(nb, D(2026, 3, 1), "occasion.holiday", dealership=group).staff == "K03"
        assert verdict(nb, D(2026, 3, 1), "complaint.reply", dealership=group).staff == "M02"
        hz = file(customer(customer_id=cid, store="HZ"))
        expected = ["K02", "K03"][zlib.crc32(cid.encode()) % 2]
        assert verdict(hz, D(2026, 3, 1), "occasion.holiday", dealership=group).staff == expected
        assert verdict(hz, D(2026, 3, 1), "complaint.reply", dealership=group).staff == "M01"
    # a single store never has to think about it: blank stores serve everyone
    assert verdict(file(customer(store="NB")), D(2026, 3, 1), "complaint.reply").staff == "M01"


def test_a_rule_that_names_the_caller_wins(only):
    only(proposing("lead.promised", D(2026, 3, 1), D(2026, 3, 1), staff="S09"))
    assert verdict(file(customer()), D(2026, 3, 1), "lead.promised").staff == "S09"


# --- ranking -------------------------------------------------------------------------------------


def test_priority_is_weight_times_factor_plus_days_overdue():
    owner = delivered()  # potential owner: factor 1.2; week_call weight 55
    by_tp = {i.touchpoint: i for i in due([owner], D(2026, 3, 11)).items}
    assert (by_tp["delivery.week_call"].overdue_days, by_tp["delivery.week_call"].priority) == (3, 72.0)
    prospect = file(customer(intent_level="A", created_on=D(2026, 3, 1)))  # factor 1.5; cadence weight 50
    (item,) = [i for i in due([prospect], D(2026, 3, 3)).items if i.touchpoint == "lead.cadence"]
    assert item.priority == 75.0
    (late,) = [i for i in due([prospect], D(2027, 3, 3)).items if i.touchpoint == "lead.cadence"]
    assert late.priority == 75.0 + 30 * 2.0  # overdue days are capped at 30


def test_recalls_and_complaints_come_first(only):
    only(
        proposing("recall.notice", D(2026, 3, 1), D(2026, 3, 1), role="advisor", lapse="recurring"),
        proposing("complaint.reply", D(2026, 3, 1), D(2026, 3, 3), role="manager"),
        proposing("delivery.week_call", D(2026, 2, 1), D(2026, 2, 2), role="manager"),
    )
    items = due([file(customer(stage="quasi_lost"))], D(2026, 3, 1)).items
    assert [(i.touchpoint, i.priority) for i in items] == [
        ("recall.notice", 1100.0),
        ("complaint.reply", 1090.0),
        ("delivery.week_call", 55.0 + 27 * 2.0),
    ]


def test_rank_is_total_and_independent_of_input_order(only):
    only(proposing("delivery.week_call", D(2026, 3, 1), D(2026, 3, 2)))
    files = [file(customer(customer_id=f"C{n:03d}", stage="quasi_lost")) for n in range(1, 30)]
    first = due(files, D(2026, 3, 2)).items
    assert [i.customer_id for i in first] == sorted(i.customer_id for i in first)  # ties: by customer id
    rng = random.Random(7)
    for _ in range(5):
        rng.shuffle(files)
        assert due(files, D(2026, 3, 2)).items == first


def test_an_older_due_date_ranks_first_at_equal_priority(only):
    def by_customer(file, ctx):
        due_on = D(2026, 3, 5) if file.customer.customer_id == "C002" else D(2026, 3, 8)
        reason = Message.of(N_("test window"))
        yield Proposal("delivery.week_call", D(2026, 3, 1), due_on, "consultant", "phone", reason, "one_off")

    only(by_customer)
    files = [file(customer(customer_id=cid, stage="quasi_lost")) for cid in ("C001", "C002")]
    items = due(files, D(2026, 3, 4)).items
    assert [(i.customer_id, i.priority) for i in items] == [("C002", 55.0), ("C001", 55.0)]


# --- capacity ------------------------------------------------------------------------------------


def capped(capacity, extra=()):
    return dealership_of(*extra, base=[replace(s, daily_capacity=capacity) if s.code == "S01" else s for s in STAFF])


def test_each_staff_members_list_is_cut_at_capacity(only):
    only(
        proposing("delivery.week_call", D(2026, 3, 1), D(2026, 3, 2)),
        proposing("delivery.thanks", D(2026, 3, 1), D(2026, 3, 2)),
    )
    files = [file(customer(customer_id=cid, stage="quasi_lost")) for cid in ("C001", "C002", "C003")]
    result = due(files, D(2026, 3, 5), dealership=capped(2))
    assert [(i.customer_id, i.touchpoint, i.within_capacity) for i in result.items] == [
        ("C001", "delivery.thanks", True),
        ("C002", "delivery.thanks", True),
        ("C003", "delivery.thanks", False),
        ("C001", "delivery.week_call", True),
        ("C002", "delivery.week_call", True),
        ("C003", "delivery.week_call", False),
    ]
    assert dict(result.cut) == {"S01": 1}
    assert [i.customer_id for i in result.within_capacity()] == ["C001", "C002", "C001", "C002"]


def test_the_policy_default_capacity_applies_when_staff_csv_has_none(only):
    only(proposing("delivery.week_call", D(2026, 3, 1), D(2026, 3, 2)))
    files = [file(customer(customer_id=cid, stage="quasi_lost")) for cid in ("C001", "C002", "C003")]
    result = due(files, D(2026, 3, 5), policy={"general.default_daily_capacity": 1})
    assert dict(result.cut) == {"S01": 2}
    assert [i.within_capacity for i in result.items] == [True, False, False]


def test_recalls_are_never_cut(only):
    only(
        proposing("recall.notice", D(2026, 3, 1), D(2026, 3, 1), role="consultant", lapse="recurring"),
        proposing("delivery.week_call", D(2026, 3, 1), D(2026, 3, 2)),
    )
    files = [file(customer(customer_id=cid, stage="quasi_lost")) for cid in ("C001", "C002")]
    result = due(files, D(2026, 3, 2), dealership=capped(1))
    assert [(i.customer_id, i.touchpoint, i.within_capacity) for i in result.items] == [
        ("C001", "recall.notice", True),
        ("C002", "recall.notice", True),
        ("C001", "delivery.week_call", True),
        ("C002", "delivery.week_call", False),
    ]
    assert dict(result.cut) == {"S01": 1}


def test_unassigned_items_are_never_cut(only):
    only(proposing("delivery.week_call", D(2026, 3, 1), D(2026, 3, 2)))
    files = [file(customer(customer_id=cid, stage="quasi_lost", owner=None)) for cid in ("C001", "C002")]
    result = due(files, D(2026, 3, 2), policy={"general.default_daily_capacity": 0})
    assert [i.within_capacity for i in result.items] == [True, True]
    assert result.cut == {}


def test_capacity_is_per_staff_member(only):
    only(proposing("delivery.week_call", D(2026, 3, 1), D(2026, 3, 2)))
    files = [
        file(customer(customer_id="C001", stage="quasi_lost")),
        file(customer(customer_id="C002", stage="quasi_lost")),
        file(customer(customer_id="C003", stage="quasi_lost", owner="S02")),
    ]
    result = due(files, D(2026, 3, 2), dealership=capped(1, [Staff("S02", role="consultant", daily_capacity=1)]))
    assert [(i.customer_id, i.staff, i.within_capacity) for i in result.items] == [
        ("C001", "S01", True),
        ("C002", "S01", False),
        ("C003", "S02", True),
    ]
