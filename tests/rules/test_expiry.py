"""Expiry stories (seed 002: a month and two weeks before; seed 004 续保, 年检)."""

from __future__ import annotations

from followup_cli.message import Message

from .story import VIN, VIN2, D, contact, customer, file, verdict, verdicts, vehicle, visit


def owner(**kw):
    return customer(**{"stage": "owner", **kw})


#: a visit this year keeps the stories' customers active (not lost for good)
RECENT = [visit(visited_on=D(2026, 9, 1))]


def window(v):
    return (v.status, v.opens_on, v.due_on, v.staff, v.channel)


ENDS = D(2026, 12, 10)
INSURED = file(owner(), vehicles=[vehicle(delivered_on=D(2024, 12, 1), insurance_ends_on=ENDS)], visits=RECENT)


def test_insurance_first_notice_a_month_ahead():
    assert verdict(INSURED, D(2026, 11, 9), "expiry.insurance", vin=VIN).status == "not_yet"
    v = verdict(INSURED, D(2026, 11, 10), "expiry.insurance", vin=VIN)
    assert window(v) == ("due", D(2026, 11, 10), D(2026, 11, 25), "A01", "phone")
    assert v.why == Message.of("insurance ends on {date}", date=ENDS)
    v = verdict(INSURED, D(2026, 11, 25), "expiry.insurance", vin=VIN)
    assert window(v) == ("due", D(2026, 11, 10), D(2026, 11, 25), "A01", "phone")


def test_insurance_second_notice_replaces_the_first_two_weeks_ahead():
    v = verdict(INSURED, D(2026, 11, 26), "expiry.insurance", vin=VIN)
    assert window(v) == ("due", D(2026, 11, 26), D(2026, 12, 10), "A01", "phone")
    assert verdict(INSURED, D(2026, 12, 10), "expiry.insurance", vin=VIN).status == "due"
    assert verdict(INSURED, D(2026, 12, 11), "expiry.insurance", vin=VIN).status == "due"  # overdue


def test_insurance_second_notice_missed_30_days_after_the_end():
    assert verdict(INSURED, D(2027, 1, 9), "expiry.insurance", vin=VIN).status == "due"
    assert verdict(INSURED, D(2027, 1, 10), "expiry.insurance", vin=VIN).status == "missed"


def test_answered_first_notice_does_not_answer_the_second():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2024, 12, 1), insurance_ends_on=ENDS)],
        visits=RECENT,
        contacts=[contact(contacted_on=D(2026, 11, 12), staff="A01", touchpoint="expiry.insurance")],
    )
    assert verdict(f, D(2026, 11, 20), "expiry.insurance", vin=VIN).status == "satisfied"
    assert verdict(f, D(2026, 11, 26), "expiry.insurance", vin=VIN).status == "due"


def test_the_consultants_untagged_call_does_not_answer_the_advisors_notice():
    f = file(
        owner(),
        vehicles=[vehicle(delivered_on=D(2024, 12, 1), insurance_ends_on=ENDS)],
        visits=RECENT,
        contacts=[contact(contacted_on=D(2026, 11, 12), staff="S01")],
    )
    assert verdict(f, D(2026, 11, 20), "expiry.insurance", vin=VIN).status == "due"


def test_warranty_two_notices():
    f = file(owner(), vehicles=[vehicle(delivered_on=D(2023, 3, 1), warranty_ends_on=D(2027, 3, 1))], visits=[visit(visited_on=D(2026, 12, 1))])
    v = verdict(f, D(2027, 1, 30), "expiry.warranty", vin=VIN)
    assert window(v) == ("due", D(2027, 1, 30), D(2027, 2, 14), "A01", "phone")
    assert v.why == Message.of("warranty ends on {date}", date=D(2027, 3, 1))
    v = verdict(f, D(2027, 2, 15), "expiry.warranty", vin=VIN)
    assert window(v) == ("due", D(2027, 2, 15), D(2027, 3, 1), "A01", "phone")


def test_inspection_notice_by_sms():
    f = file(owner(), vehicles=[vehicle(delivered_on=D(2020, 6, 1), inspection_due_on=D(2026, 6, 30))], visits=[visit(visited_on=D(2026, 3, 1))])
    v = verdict(f, D(2026, 5, 31), "expiry.inspection", vin=VIN)
    assert window(v) == ("due", D(2026, 5, 31), D(2026, 6, 15), "A01", "sms")
    assert v.why == Message.of("annual inspection due on {date}", date=D(2026, 6, 30))


def test_one_notice_per_vehicle():
    f = file(
        owner(),
        vehicles=[
            vehicle(delivered_on=D(2024, 12, 1), insurance_ends_on=ENDS),
            vehicle(vin=VIN2, delivered_on=D(2025, 3, 1), insurance_ends_on=D(2027, 3, 1)),
        ],
        visits=RECENT,
    )
    found = {v.vin: (v.status, v.due_on) for v in verdicts(f, D(2026, 11, 26), "expiry.insurance")}
    assert found == {VIN: ("due", D(2026, 12, 10)), VIN2: ("not_yet", D(2027, 2, 14))}


def test_no_date_no_notice():
    f = file(owner(), vehicles=[vehicle(delivered_on=D(2024, 12, 1))])
    v = verdict(f, D(2026, 11, 26), "expiry.insurance", vin=VIN)
    assert (v.status, v.why) == ("not_applicable", Message.of("no insurance end date"))
    v = verdict(file(customer()), D(2026, 11, 26), "expiry.warranty")
    assert (v.status, v.why) == ("not_applicable", Message.of("no vehicle"))


def test_lost_for_good_customer_gets_no_expiry_notice():
    f = file(owner(), vehicles=[vehicle(delivered_on=D(2020, 1, 1), insurance_ends_on=ENDS)])
    assert verdict(f, D(2026, 11, 26), "expiry.insurance", vin=VIN).status == "suppressed"
