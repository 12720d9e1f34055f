"""What counts as an answer: recalls come back until the car is in, late greetings, complaints, today's call."""

from __future__ import annotations

from .story import VIN, D, campaign, contact, customer, dealership_of, file, verdict, vehicle, visit

RECALLS = dealership_of(
    campaigns=[campaign(campaign_id="R1", name="Airbag recall", kind="recall", starts_on=D(2026, 9, 1), vins=[VIN])]
)


def owner_file(contacts=(), visits=()):
    return file(
        customer(stage="owner"),
        vehicles=[vehicle(delivered_on=D(2025, 5, 1))],
        visits=[visit(visited_on=D(2026, 8, 1)), *visits],
        contacts=contacts,
    )


def test_a_reached_recall_customer_is_reminded_again_after_repeat_days():
    f = owner_file(contacts=[contact(contacted_on=D(2026, 9, 2), staff="A01", touchpoint="recall.notice")])
    assert verdict(f, D(2026, 9, 2), "recall.notice", vin=VIN, dealership=RECALLS).status == "satisfied"
    v = verdict(f, D(2026, 9, 15), "recall.notice", vin=VIN, dealership=RECALLS)
    assert (v.status, v.opens_on) == ("not_yet", D(2026, 9, 16))
    v = verdict(f, D(2026, 9, 16), "recall.notice", vin=VIN, dealership=RECALLS)
    assert (v.status, v.opens_on, v.staff) == ("due", D(2026, 9, 16), "A01")


def test_the_recall_visit_ends_the_reminders():
    f = owner_file(
        contacts=[contact(contacted_on=D(2026, 9, 2), staff="A01", touchpoint="recall.notice")],
        visits=[visit(visited_on=D(2026, 9, 10), kind="recall")],
    )
    assert verdict(f, D(2026, 9, 20), "recall.notice", vin=VIN, dealership=RECALLS).status == "not_applicable"


def test_a_greeting_answered_after_its_due_day_is_lapsed_not_satisfied():
    # birthday 15 June: window 12 June -> 15 June; the clerk only reached the customer on 20 June
    late = file(customer(birthday=D(1985, 6, 15)), contacts=[contact(contacted_on=D(2026, 6, 20))])
    assert verdict(late, D(2026, 6, 25), "occasion.birthday").status == "lapsed"
    on_time = file(customer(birthday=D(1985, 6, 15)), contacts=[contact(contacted_on=D(2026, 6, 14))])
    assert verdict(on_time, D(2026, 6, 25), "occasion.birthday").status == "satisfied"


def test_a_low_callback_score_opens_a_complaint_it_cannot_answer():
    scored = contact(contacted_on=D(2026, 5, 10), staff="A01", touchpoint="service.quality_callback", score=2)
    f = owner_file(contacts=[scored])
    v = verdict(f, D(2026, 5, 11), "complaint.reply")
    assert (v.status, v.opens_on, v.due_on, v.staff) == ("due", D(2026, 5, 10), D(2026, 5, 12), "M01")
    answered = owner_file(contacts=[scored, contact(contacted_on=D(2026, 5, 11), staff="M01", touchpoint="complaint.reply")])
    assert verdict(answered, D(2026, 5, 12), "complaint.reply").status == "satisfied"


def test_an_item_not_yet_open_says_so_even_on_a_day_the_customer_was_reached():
    f = file(customer(expected_purchase_on=D(2026, 12, 31)), contacts=[contact(contacted_on=D(2026, 11, 24), staff="S01")])
    v = verdict(f, D(2026, 11, 24), "lead.purchase_window")
    assert (v.status, v.opens_on) == ("not_yet", D(2026, 12, 17))


def test_an_open_item_on_a_day_the_customer_was_reached_by_a_colleague_is_suppressed():
    f = file(customer(expected_purchase_on=D(2026, 12, 1)), contacts=[contact(contacted_on=D(2026, 11, 20), staff="A01")])
    v = verdict(f, D(2026, 11, 20), "lead.purchase_window")
    assert v.status == "suppressed"
    assert "already reached today" in v.why.msgid
