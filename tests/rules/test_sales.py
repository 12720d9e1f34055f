"""Prospects: welcome, cadence by intent level, promised calls, purchase window (seed 001)."""

from __future__ import annotations

from .story import D, contact, customer, due, file, verdict, verdicts


def prospect(**kw):
    kw.setdefault("created_on", D(2026, 3, 1))
    return customer(stage="prospect", **kw)


def facts(v):
    return (v.status, v.opens_on, v.due_on, v.staff, v.channel)


# --- lead.welcome ---------------------------------------------------------------------------


def test_welcome_is_due_the_day_the_prospect_is_met():
    f = file(prospect())
    v = verdict(f, D(2026, 3, 1), "lead.welcome")
    assert facts(v) == ("due", D(2026, 3, 1), D(2026, 3, 2), "S01", "sms")
    assert v.role == "consultant"


def test_welcome_stays_listed_overdue_until_missed_seven_days_after_due():
    f = file(prospect())  # SPEC Lapsing: lead.welcome.missed_after_days = 7
    assert verdict(f, D(2026, 3, 9), "lead.welcome").status == "due"  # due 03-02 + 7
    missed = verdict(f, D(2026, 3, 10), "lead.welcome")
    assert missed.status == "missed"
    assert missed.why.msgid == "missed: was due on {date}: {reason}"


def test_welcome_done_by_the_consultants_untagged_sms():
    f = file(prospect(), contacts=[contact(contacted_on=D(2026, 3, 1), channel="sms", staff="S01")])
    assert verdict(f, D(2026, 3, 2), "lead.welcome").status == "satisfied"


def test_welcome_not_for_owners_nor_without_creation_date():
    assert verdict(file(customer(stage="owner")), D(2026, 3, 1), "lead.welcome").status == "not_applicable"
    v = verdict(file(prospect(created_on=None)), D(2026, 3, 1), "lead.welcome")
    assert (v.status, v.why.msgid) == ("not_applicable", "no creation date")


# --- lead.cadence ---------------------------------------------------------------------------


def test_cadence_level_a_counts_from_creation_when_never_reached():
    f = file(prospect(intent_level="A"))
    assert verdict(f, D(2026, 3, 2), "lead.cadence").status == "not_yet"
    v = verdict(f, D(2026, 3, 3), "lead.cadence")
    assert facts(v) == ("due", D(2026, 3, 3), D(2026, 3, 4), "S01", "phone")
    assert v.why.msgid == "level {level}: never reached, created on {date}"


def test_cadence_windows_per_level():
    expected = {
        "A": (D(2026, 3, 3), D(2026, 3, 4)),
        "B": (D(2026, 3, 5), D(2026, 3, 8)),
        "C": (D(2026, 3, 15), D(2026, 3, 31)),
        "D": (D(2026, 3, 31), D(2026, 5, 30)),
    }
    for level, window in expected.items():
        v = verdict(file(prospect(intent_level=level)), D(2026, 3, 1), "lead.cadence")
        assert (v.opens_on, v.due_on) == window, level


def test_cadence_counts_from_the_last_reaching_contact_not_from_attempts():
    f = file(
        prospect(intent_level="B"),
        contacts=[
            contact(contacted_on=D(2026, 3, 10), staff="S01"),
            contact(contacted_on=D(2026, 3, 12), staff="S01", outcome="no_answer"),
        ],
    )
    v = verdict(f, D(2026, 3, 14), "lead.cadence")
    assert facts(v) == ("due", D(2026, 3, 14), D(2026, 3, 17), "S01", "phone")
    assert v.why.msgid == "level {level}: last reached on {date}"


def test_cadence_restarts_after_an_advisors_call():
    """SPEC 3: the last reaching contact by anyone, whatever touchpoint it names."""
    f = file(
        prospect(intent_level="A"),
        contacts=[contact(contacted_on=D(2026, 3, 5), staff="A01", touchpoint="service.quality_callback")],
    )
    v = verdict(f, D(2026, 3, 6), "lead.cadence")
    assert (v.status, v.opens_on, v.due_on) == ("not_yet", D(2026, 3, 7), D(2026, 3, 8))


def test_cadence_recurs_overdue_without_end():
    v = verdict(file(prospect(intent_level="A")), D(2027, 3, 1), "lead.cadence")
    assert (v.status, v.due_on) == ("due", D(2026, 3, 4))


def test_level_stale_after_three_periods_without_reaching_contact():
    f = file(prospect(intent_level="A"))  # period = 3 days: stale from 03-10
    before = verdict(f, D(2026, 3, 9), "lead.cadence")
    assert before.why.msgid == "level {level}: never reached, created on {date}"
    stale = verdict(f, D(2026, 3, 10), "lead.cadence")
    assert stale.status == "due"
    assert stale.why.msgid == "level {level} stale: never reached, created on {date}"
    (item,) = [i for i in due([f], D(2026, 3, 10)).items if i.touchpoint == "lead.cadence"]
    assert "level_stale" in item.flags
    assert "level_stale" not in [i for i in due([f], D(2026, 3, 9)).items if i.touchpoint == "lead.cadence"][0].flags


def test_level_stale_counts_from_the_last_reach():
    f = file(prospect(intent_level="B"), contacts=[contact(contacted_on=D(2026, 3, 2), staff="S01")])
    assert verdict(f, D(2026, 3, 22), "lead.cadence").why.msgid == "level {level}: last reached on {date}"
    assert verdict(f, D(2026, 3, 23), "lead.cadence").why.msgid == "level {level} stale: last reached on {date}"


def test_unclassified_prospect_is_followed_as_level_c():
    v = verdict(file(prospect(intent_level=None)), D(2026, 3, 1), "lead.cadence")
    assert (v.opens_on, v.due_on) == (D(2026, 3, 15), D(2026, 3, 31))
    level = v.why.values()["reason"].values()["level"]  # not_yet wraps the reason
    assert (level.msgid, level.values()) == ("{level} (not set)", {"level": "C"})


def test_cadence_only_for_prospects():
    for stage in ("owner", "quasi_lost", "lost"):
        assert verdict(file(customer(stage=stage)), D(2026, 3, 1), "lead.cadence").status == "not_applicable"


# --- lead.promised and the cadence waiting for it ---------------------------------------------


def promise_story(**kw):
    return file(
        prospect(intent_level="A"),
        contacts=[contact(contacted_on=D(2026, 3, 1), staff="S01", next_contact_on=D(2026, 3, 10), **kw)],
    )


def test_promise_comes_due_on_the_promised_day_for_who_logged_it():
    f = promise_story()
    early = verdict(f, D(2026, 3, 9), "lead.promised")
    assert facts(early) == ("not_yet", D(2026, 3, 10), D(2026, 3, 10), "S01", "phone")
    v = verdict(f, D(2026, 3, 10), "lead.promised")
    assert facts(v) == ("due", D(2026, 3, 10), D(2026, 3, 10), "S01", "phone")
    assert v.why.values() == {"logged": D(2026, 3, 1), "date": D(2026, 3, 10)}


def test_cadence_waits_for_the_promise_then_comes_back():
    f = promise_story()
    for day in (D(2026, 3, 5), D(2026, 3, 10)):
        v = verdict(f, day, "lead.cadence")
        assert (v.status, v.why.msgid) == ("not_applicable", "waiting for the promised call on {date}")
    after = verdict(f, D(2026, 3, 11), "lead.cadence")
    assert (after.status, after.due_on) == ("due", D(2026, 3, 4))
    assert verdict(f, D(2026, 3, 11), "lead.promised").status == "due"
    assert verdict(f, D(2026, 4, 9), "lead.promised").status == "due"
    assert verdict(f, D(2026, 4, 10), "lead.promised").status == "missed"


def test_promise_kept_by_an_untagged_call_of_its_caller():
    f = file(
        prospect(intent_level="A"),
        contacts=[
            contact(contacted_on=D(2026, 3, 1), staff="S01", next_contact_on=D(2026, 3, 10)),
            contact(contacted_on=D(2026, 3, 10), staff="S01", outcome="no_answer"),
            contact(contacted_on=D(2026, 3, 11), staff="S01"),
        ],
    )
    v = verdict(f, D(2026, 3, 12), "lead.promised")
    assert (v.status, v.why.values()["date"]) == ("satisfied", D(2026, 3, 11))
    cad = verdict(f, D(2026, 3, 12), "lead.cadence")
    assert (cad.status, cad.opens_on) == ("not_yet", D(2026, 3, 13))


def test_promise_kept_by_its_callers_call_about_something_else():
    # promised for 19 Nov; that day the consultant reached the customer, logged as the cadence call
    f = file(
        prospect(intent_level="B"),
        contacts=[
            contact(contacted_on=D(2026, 11, 14), staff="S01", next_contact_on=D(2026, 11, 19)),
            contact(contacted_on=D(2026, 11, 19), staff="S01", touchpoint="lead.cadence", channel="visit"),
        ],
    )
    v = verdict(f, D(2026, 11, 24), "lead.promised")
    assert (v.status, v.why.msgid, v.why.values()) == (
        "not_applicable", "promise of {logged} kept on {date}", {"logged": D(2026, 11, 14), "date": D(2026, 11, 19)}
    )
    colleague = file(
        prospect(intent_level="B"),
        contacts=[
            contact(contacted_on=D(2026, 11, 14), staff="S01", next_contact_on=D(2026, 11, 19)),
            contact(contacted_on=D(2026, 11, 19), staff="A01", touchpoint="service.care_callback"),
        ],
    )
    assert verdict(colleague, D(2026, 11, 24), "lead.promised").status == "due"  # S01's promise, still S01's call


def test_promise_superseded_by_a_contact_before_the_promised_day():
    f = file(
        prospect(intent_level="A"),
        contacts=[
            contact(contacted_on=D(2026, 3, 1), staff="S01", next_contact_on=D(2026, 3, 10)),
            contact(contacted_on=D(2026, 3, 5), staff="S01"),
        ],
    )
    assert verdict(f, D(2026, 3, 10), "lead.promised").status == "not_applicable"
    assert verdict(f, D(2026, 3, 8), "lead.cadence").status == "due"


def test_a_new_promise_replaces_the_old_one():
    f = file(
        prospect(intent_level="A"),
        contacts=[
            contact(contacted_on=D(2026, 3, 1), staff="S01", next_contact_on=D(2026, 3, 10)),
            contact(contacted_on=D(2026, 3, 5), staff="S01", next_contact_on=D(2026, 3, 20)),
        ],
    )
    v = verdict(f, D(2026, 3, 10), "lead.promised")
    assert (v.status, v.opens_on) == ("not_yet", D(2026, 3, 20))


def test_promise_by_an_advisor_to_an_owner_is_the_advisors_call():
    f = file(
        customer(stage="owner"),
        contacts=[contact(contacted_on=D(2026, 3, 1), staff="A01", next_contact_on=D(2026, 3, 4))],
    )
    v = verdict(f, D(2026, 3, 4), "lead.promised")
    assert (v.status, v.staff, v.role) == ("due", "A01", "advisor")


def test_unsigned_promise_goes_to_the_consultant():
    f = file(prospect(), contacts=[contact(contacted_on=D(2026, 3, 1), next_contact_on=D(2026, 3, 4))])
    v = verdict(f, D(2026, 3, 4), "lead.promised")
    assert (v.status, v.staff, v.role) == ("due", "S01", "consultant")


def test_a_next_date_not_after_the_contact_promises_nothing():
    f = file(prospect(), contacts=[contact(contacted_on=D(2026, 3, 4), next_contact_on=D(2026, 3, 4))])
    assert verdict(f, D(2026, 3, 4), "lead.promised").status == "not_applicable"


def test_no_contact_no_promise():
    v = verdict(file(prospect()), D(2026, 3, 4), "lead.promised")
    assert (v.status, v.why.msgid) == ("not_applicable", "no promised call pending")


# --- lead.purchase_window ------------------------------------------------------------------


def test_purchase_window_two_weeks_to_one_week_before():
    f = file(prospect(expected_purchase_on=D(2026, 6, 30)))
    assert verdict(f, D(2026, 6, 15), "lead.purchase_window").status == "not_yet"
    v = verdict(f, D(2026, 6, 16), "lead.purchase_window")
    assert facts(v) == ("due", D(2026, 6, 16), D(2026, 6, 23), "S01", "phone")
    assert v.why.values() == {"date": D(2026, 6, 30)}
    assert verdict(f, D(2026, 7, 24), "lead.purchase_window").status == "missed"


def test_purchase_window_needs_a_date_and_a_prospect():
    assert verdict(file(prospect()), D(2026, 6, 16), "lead.purchase_window").status == "not_applicable"
    f = file(customer(stage="owner", expected_purchase_on=D(2026, 6, 30)))
    assert verdict(f, D(2026, 6, 16), "lead.purchase_window").status == "not_applicable"


def test_a_new_prospect_gets_one_item_per_touchpoint():
    found = verdicts(file(prospect(intent_level="A")), D(2026, 3, 1))
    names = [v.touchpoint for v in found if v.touchpoint.startswith("lead.")]
    assert names == ["lead.welcome", "lead.cadence", "lead.promised", "lead.purchase_window"]
