"""Lost and quasi-lost prospects: ask why, recheck false defeats, competitor care, verify, decide (seed 004)."""

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


def test_ask_why_within_three_days_when_no_category_recorded():
    v = verdict(file(quasi_lost()), D(2026, 3, 1), "lost.reason")
    assert facts(v) == ("due", D(2026, 3, 1), D(2026, 3, 4), "S01", "phone")
    assert v.why.msgid == "lost on {date}, category not recorded"


def test_ask_why_also_for_lost_customers_and_missed_after_a_month():
    f = file(lost(lost_on=D(2026, 3, 1)))
    assert verdict(f, D(2026, 4, 3), "lost.reason").status == "due"
    assert verdict(f, D(2026, 4, 4), "lost.reason").status == "missed"


def test_no_need_to_ask_when_the_category_is_recorded():
    v = verdict(file(quasi_lost(lost_category="price")), D(2026, 3, 1), "lost.reason")
    assert (v.status, v.why.msgid) == ("not_applicable", "category recorded: {category}")
    assert v.why.values()["category"].msgid == "price too high"


def test_a_free_text_reason_alone_does_not_answer_it():
    v = verdict(file(quasi_lost(lost_reason="价格原因")), D(2026, 3, 2), "lost.reason")
    assert v.status == "due"


def test_a_call_does_not_answer_it_only_a_category_does():
    # the consultant's untagged call that marked the stage, and a call naming lost.reason
    calls = [contact(contacted_on=D(2026, 3, 1), staff="S01"),
             contact(contacted_on=D(2026, 3, 2), staff="S01", touchpoint="lost.reason")]
    v = verdict(file(quasi_lost(), contacts=calls), D(2026, 3, 3), "lost.reason")
    assert (v.status, v.due_on) == ("due", D(2026, 3, 4))


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


# --- lost.verify -----------------------------------------------------------------------------


def test_every_defeat_is_verified_by_the_teams_manager_within_three_days():
    f = file(lost(lost_on=D(2026, 3, 1), competitor="比亚迪"))
    v = verdict(f, D(2026, 3, 1), "lost.verify")
    assert facts(v) == ("due", D(2026, 3, 1), D(2026, 3, 4), "M01", "phone")
    assert (v.role, v.why.msgid) == ("manager", "lost on {date}: a manager verifies the defeat")
    assert verdict(f, D(2026, 3, 4), "lost.verify").status == "due"
    assert verdict(f, D(2026, 4, 3), "lost.verify").status == "due"  # overdue, one-off
    assert verdict(f, D(2026, 4, 4), "lost.verify").status == "missed"


def test_verified_by_a_managers_call_naming_it():
    calls = [contact(contacted_on=D(2026, 3, 3), staff="M01", touchpoint="lost.verify")]
    v = verdict(file(lost(lost_on=D(2026, 3, 1)), contacts=calls), D(2026, 3, 4), "lost.verify")
    assert (v.status, v.why.msgid, v.why.values()["staff"]) == ("not_applicable", "defeat verified on {date} by {staff}", "M01")


def test_verified_by_the_assigned_managers_untagged_call():
    calls = [contact(contacted_on=D(2026, 3, 2), staff="M01")]
    v = verdict(file(lost(lost_on=D(2026, 3, 1)), contacts=calls), D(2026, 3, 3), "lost.verify")
    assert v.status == "not_applicable"


def test_not_verified_by_the_consultant_nor_by_a_failed_attempt_nor_before_the_defeat():
    calls = [
        contact(contacted_on=D(2026, 2, 28), staff="M01", touchpoint="lost.verify"),  # before lost_on
        contact(contacted_on=D(2026, 3, 1), staff="S01"),  # the consultant's call that marked the stage
        contact(contacted_on=D(2026, 3, 2), staff="S01", touchpoint="lost.verify"),  # not a manager
        contact(contacted_on=D(2026, 3, 2), staff="M01", touchpoint="lost.verify", outcome="no_answer"),
    ]
    v = verdict(file(lost(lost_on=D(2026, 3, 1)), contacts=calls), D(2026, 3, 3), "lost.verify")
    assert (v.status, v.staff) == ("due", "M01")


def test_no_verification_for_quasi_lost_or_recovered_customers():
    assert verdict(file(quasi_lost()), D(2026, 3, 2), "lost.verify").status == "not_applicable"
    back = customer(stage="prospect", intent_level="B", lost_on=D(2026, 3, 1))  # a false defeat, recovered
    assert verdict(file(back), D(2026, 3, 2), "lost.verify").status == "not_applicable"


# --- lost.decide -----------------------------------------------------------------------------


def test_undecided_quasi_lost_goes_on_the_managers_list_a_week_after_the_second_recheck():
    # quasi-lost on 2026-03-01: second recheck due 2026-04-15 (+45), decide from 2026-04-22 (+7)
    f = file(quasi_lost())
    assert verdict(f, D(2026, 4, 21), "lost.decide").status == "not_yet"
    v = verdict(f, D(2026, 4, 22), "lost.decide")
    assert facts(v) == ("due", D(2026, 4, 22), D(2026, 4, 22), "M01", "phone")
    assert v.why.msgid == "quasi-lost since {date}, still undecided: back to prospect with a level, or lost"


def test_decide_stays_listed_through_calls_until_the_stage_changes():
    calls = [contact(contacted_on=D(2026, 4, 25), staff="M01", touchpoint="lost.decide"),
             contact(contacted_on=D(2026, 5, 1), staff="M01")]
    f = file(quasi_lost(), contacts=calls)
    assert verdict(f, D(2027, 1, 1), "lost.decide").status == "due"  # recurring: never missed
    decided = file(customer(stage="prospect", intent_level="C", lost_on=D(2026, 3, 1)), contacts=calls)
    assert verdict(decided, D(2026, 5, 2), "lost.decide").status == "not_applicable"
    assert verdict(file(lost(lost_on=D(2026, 3, 1))), D(2026, 5, 2), "lost.decide").status == "not_applicable"


# --- stage rules (SPEC 2, seed 004 definitions) -----------------------------------------------------


def test_stage_rules():
    from followup_cli.rules.lost import stage_refusal

    column, why = stage_refusal("quasi_lost", None, None)
    assert (column, why.msgid) == ("lost_category", "a quasi-lost customer needs a lost category; categories: {categories}")
    assert stage_refusal("quasi_lost", "funds", None) is None
    column, why = stage_refusal("lost", "price", None)
    assert column == "competitor"
    assert stage_refusal("lost", None, "比亚迪") is None
    assert stage_refusal("lost", "lost_contact", None) is None
    assert stage_refusal("prospect", None, None) is None
    assert stage_refusal("prospect", None, None, stage_before="lost")[0] == "intent_level"
    assert stage_refusal("prospect", None, None, stage_before="lost", level="B") is None
