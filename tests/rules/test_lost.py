"""Lost and quasi-lost prospects: ask why, recheck false defeats, competitor care (seed 004)."""

from __future__ import annotations

from followup_cli.rules.model import Staff

from .story import D, contact, customer, dealership_of, file, verdict


def facts(v):
    return (v.status, v.opens_on, v.due_on, v.staff, v.channel)


def quasi_lost(**kw):
    return customer(stage="quasi_lost", lost_on=D(2026, 3, 1), **kw)


def lost(**kw):
    kw.setdefault("lost_on", D(2026, 1, 1))
    return customer(stage="lost", **kw)


# --- lost.reason -------------------------------------------------------------------------


def test_ask_why_within_three_days_when_no_reason_recorded():
    v = verdict(file(quasi_lost()), D(2026, 3, 1), "lost.reason")
    assert facts(v) == ("due", D(2026, 3, 1), D(2026, 3, 4), "S01", "phone")
    assert v.why.msgid == "lost on {date}, reason not recorded"


def test_ask_why_also_for_lost_customers_and_missed_after_a_month():
    f = file(lost(lost_on=D(2026, 3, 1)))
    assert verdict(f, D(2026, 4, 3), "lost.reason").status == "due"
    assert verdict(f, D(2026, 4, 4), "lost.reason").status == "missed"


def test_no_need_to_ask_when_the_reason_is_known():
    v = verdict(file(quasi_lost(lost_reason="price")), D(2026, 3, 1), "lost.reason")
    assert (v.status, v.why.values()) == ("not_applicable", {"reason": "price"})


def test_no_reason_call_for_prospects_or_without_lost_date():
    assert verdict(file(customer()), D(2026, 3, 1), "lost.reason").status == "not_applicable"
    f = file(customer(stage="quasi_lost"))
    assert verdict(f, D(2026, 3, 1), "lost.reason").why.msgid == "no lost date"


# --- lost.recheck ------------------------------------------------------------------------


def test_first_recheck_by_the_teams_manager():
    f = file(quasi_lost())
    assert verdict(f, D(2026, 3, 7), "lost.recheck").status == "not_yet"
    v = verdict(f, D(2026, 3, 8), "lost.recheck")
    assert facts(v) == ("due", D(2026, 3, 8), D(2026, 3, 15), "M01", "phone")
    assert (v.role, v.why.msgid) == ("manager", "quasi-lost on {date}: first recheck")
    assert verdict(f, D(2026, 3, 30), "lost.recheck").status == "due"  # overdue first


def test_second_recheck_replaces_the_first_when_it_opens():
    f = file(quasi_lost())
    v = verdict(f, D(2026, 3, 31), "lost.recheck")
    assert facts(v) == ("due", D(2026, 3, 31), D(2026, 4, 15), "M01", "phone")
    assert v.why.msgid == "quasi-lost on {date}: second recheck"


def test_both_rechecks_are_made_even_when_the_first_was_done():
    f = file(quasi_lost(), contacts=[contact(contacted_on=D(2026, 3, 10), staff="M01")])
    assert verdict(f, D(2026, 3, 11), "lost.recheck").status == "satisfied"
    assert verdict(f, D(2026, 3, 31), "lost.recheck").status == "due"


def test_first_recheck_not_done_by_the_consultants_untagged_call():
    f = file(quasi_lost(), contacts=[contact(contacted_on=D(2026, 3, 10), staff="S01")])
    assert verdict(f, D(2026, 3, 11), "lost.recheck").status == "due"


def test_recheck_goes_to_the_manager_of_the_owners_team():
    people = dealership_of(
        Staff("S02", role="consultant", team="north"),
        Staff("M00", role="manager", team="east"),
        Staff("M03", role="manager", team="north"),
        Staff("M02", role="manager", team="north"),
    )
    f = file(quasi_lost(owner="S02"))
    assert verdict(f, D(2026, 3, 8), "lost.recheck", dealership=people).staff == "M02"
    f = file(quasi_lost(owner="S09"))  # unknown consultant: any manager, lowest code
    assert verdict(f, D(2026, 3, 8), "lost.recheck", dealership=people).staff == "M00"


def test_no_recheck_for_customers_who_bought_elsewhere():
    f = file(lost(lost_on=D(2026, 3, 1)))
    assert verdict(f, D(2026, 3, 8), "lost.recheck").status == "not_applicable"


# --- lost.competitor_care ------------------------------------------------------------------


def test_competitor_care_five_months_after_the_defeat():
    f = file(lost())
    assert verdict(f, D(2026, 5, 30), "lost.competitor_care").status == "not_yet"
    v = verdict(f, D(2026, 5, 31), "lost.competitor_care")
    assert facts(v) == ("due", D(2026, 5, 31), D(2026, 6, 30), "K01", "sms")
    assert v.role == "crm"
    assert verdict(f, D(2027, 5, 31), "lost.competitor_care").status == "due"  # recurring: never missed


def test_competitor_care_counts_from_the_last_reaching_contact():
    f = file(lost(), contacts=[contact(contacted_on=D(2026, 2, 1), staff="S01")])
    v = verdict(f, D(2026, 7, 1), "lost.competitor_care")
    assert (v.status, v.opens_on, v.due_on) == ("due", D(2026, 7, 1), D(2026, 7, 31))
    assert v.why.msgid == "lost to a competitor; last reached on {date}"


def test_competitor_care_ignores_contacts_before_the_defeat():
    f = file(lost(), contacts=[contact(contacted_on=D(2025, 12, 1), staff="S01")])
    assert verdict(f, D(2026, 5, 31), "lost.competitor_care").opens_on == D(2026, 5, 31)


def test_competitor_care_only_for_lost_customers():
    assert verdict(file(quasi_lost()), D(2026, 9, 1), "lost.competitor_care").status == "not_applicable"
