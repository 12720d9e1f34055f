"""Occasion stories (seeds 000, 003, 004): birthdays (solar and lunar), anniversaries, holidays, referral thanks."""

from __future__ import annotations

from lunardate import LunarDate

from followup_cli.message import Message
from followup_cli.rules.calendar import holidays_of_year, lunar_birthdays, lunar_to_solar

from .story import VIN, D, contact, customer, file, verdict, verdicts, vehicle, visit


def window(v):
    return (v.status, v.opens_on, v.due_on, v.staff, v.channel)


# --- occasion.birthday ---------------------------------------------------------------------------------

JUNE = file(customer(birthday=D(1985, 6, 15)))


def test_birthday_sms_from_crm_three_days_ahead():
    assert verdict(JUNE, D(2026, 6, 11), "occasion.birthday").status == "not_yet"
    v = verdict(JUNE, D(2026, 6, 12), "occasion.birthday")
    assert window(v) == ("due", D(2026, 6, 12), D(2026, 6, 15), "K01", "sms")
    assert v.why == Message.of("birthday on {date}", date=D(2026, 6, 15))
    assert verdict(JUNE, D(2026, 6, 15), "occasion.birthday").status == "due"


def test_a_late_birthday_greeting_is_no_greeting():
    v = verdict(JUNE, D(2026, 6, 16), "occasion.birthday")
    assert (v.status, v.due_on) == ("lapsed", D(2026, 6, 15))


def test_birthday_greeted_by_a_tagged_sms():
    f = file(
        customer(birthday=D(1985, 6, 15)),
        contacts=[contact(contacted_on=D(2026, 6, 14), channel="sms", touchpoint="occasion.birthday", staff="K01")],
    )
    assert verdict(f, D(2026, 6, 15), "occasion.birthday").status == "satisfied"


def test_premium_customer_gets_a_call_from_the_consultant():
    f = file(customer(stage="owner", grade="premium", birthday=D(1985, 6, 15)))
    assert window(verdict(f, D(2026, 6, 12), "occasion.birthday")) == (
        "due",
        D(2026, 6, 12),
        D(2026, 6, 15),
        "S01",
        "phone",
    )


def test_a_2_january_birthday_is_greeted_on_31_december():
    f = file(customer(birthday=D(1990, 1, 2)))
    v = verdict(f, D(2026, 12, 31), "occasion.birthday")
    assert window(v) == ("due", D(2026, 12, 30), D(2027, 1, 2), "K01", "sms")
    assert v.why == Message.of("birthday on {date}", date=D(2027, 1, 2))
    # before next year's window opens, this year's birthday (2026-01-02) is the one shown: lapsed
    v = verdict(f, D(2026, 12, 29), "occasion.birthday")
    assert (v.status, v.due_on) == ("lapsed", D(2026, 1, 2))


def test_a_new_years_eve_birthday_viewed_on_new_years_day_waits_for_this_year():
    f = file(customer(birthday=D(1990, 12, 31)))
    v = verdict(f, D(2027, 1, 1), "occasion.birthday")
    assert (v.status, v.opens_on, v.due_on) == ("not_yet", D(2027, 12, 28), D(2027, 12, 31))


def test_29_february_birthday_on_28_february_in_common_years():
    f = file(customer(birthday=D(1988, 2, 29)))
    v = verdict(f, D(2027, 2, 25), "occasion.birthday")
    assert (v.status, v.opens_on, v.due_on) == ("due", D(2027, 2, 25), D(2027, 2, 28))
    v = verdict(f, D(2028, 2, 26), "occasion.birthday")
    assert (v.status, v.opens_on, v.due_on) == ("due", D(2028, 2, 26), D(2028, 2, 29))


def test_lunar_birthday_mid_autumn_2026_and_2027():
    # 八月十五: 2026-09-25 and 2027-09-15 (checked with lunardate, and the holidays package's Mid-Autumn)
    assert LunarDate(2026, 8, 15).to_solar_date() == D(2026, 9, 25)
    f = file(customer(lunar_birthday="08-15", birthday=D(1980, 3, 3)))  # the lunar birthday wins
    v = verdict(f, D(2026, 9, 22), "occasion.birthday")
    assert window(v) == ("due", D(2026, 9, 22), D(2026, 9, 25), "K01", "sms")
    assert v.why == Message.of("lunar birthday ({lunar}) on {date}", lunar="08-15", date=D(2026, 9, 25))
    v = verdict(f, D(2027, 9, 12), "occasion.birthday")
    assert (v.status, v.due_on) == ("due", D(2027, 9, 15))


def test_lunar_30th_in_a_29_day_month_falls_on_the_29th():
    # lunar 2025's 12th month has 29 days: 腊月三十 becomes 腊月廿九 = 2026-02-16 (除夕)
    assert LunarDate(2025, 12, 29).to_solar_date() == D(2026, 2, 16)
    assert lunar_to_solar(2025, 12, 30) == D(2026, 2, 16)
    f = file(customer(lunar_birthday="12-30"))
    v = verdict(f, D(2026, 2, 14), "occasion.birthday")
    assert (v.status, v.opens_on, v.due_on) == ("due", D(2026, 2, 13), D(2026, 2, 16))


def test_lunar_12th_month_birthday_falls_in_the_next_solar_year():
    # 腊月初八 of lunar 2026 is 2027-01-15; of lunar 2025, 2026-01-26
    assert lunar_birthdays(12, 8, range(2026, 2028)) == [D(2026, 1, 26), D(2027, 1, 15)]


def test_lunar_new_year_birthday_2027():
    f = file(customer(lunar_birthday="01-01"))
    v = verdict(f, D(2027, 2, 3), "occasion.birthday")
    assert (v.status, v.due_on) == ("due", D(2027, 2, 6))


def test_no_birthday_or_no_phone():
    v = verdict(file(customer()), D(2026, 6, 12), "occasion.birthday")
    assert (v.status, v.why) == ("not_applicable", Message.of("no birthday"))
    v = verdict(file(customer(phone=None, birthday=D(1985, 6, 15))), D(2026, 6, 12), "occasion.birthday")
    assert (v.status, v.why) == ("not_applicable", Message.of("no phone number"))


# --- occasion.anniversary ------------------------------------------------------------------------------


def test_delivery_anniversary_per_vehicle():
    f = file(
        customer(stage="owner"),
        vehicles=[vehicle(delivered_on=D(2024, 5, 20))],
        visits=[visit(visited_on=D(2026, 3, 1))],
    )
    assert verdict(f, D(2026, 5, 16), "occasion.anniversary", vin=VIN).status == "not_yet"
    v = verdict(f, D(2026, 5, 17), "occasion.anniversary", vin=VIN)
    assert window(v) == ("due", D(2026, 5, 17), D(2026, 5, 20), "K01", "sms")
    assert v.why == Message.of("{years}-year delivery anniversary on {date}", years=2, date=D(2026, 5, 20))
    assert verdict(f, D(2026, 5, 21), "occasion.anniversary", vin=VIN).status == "lapsed"


def test_no_anniversary_in_the_delivery_year():
    f = file(customer(stage="owner"), vehicles=[vehicle(delivered_on=D(2026, 5, 20))])
    v = verdict(f, D(2026, 5, 18), "occasion.anniversary", vin=VIN)
    assert (v.status, v.opens_on, v.due_on) == ("not_yet", D(2027, 5, 17), D(2027, 5, 20))
    assert v.why.values()["reason"] == Message.of(
        "{years}-year delivery anniversary on {date}", years=1, date=D(2027, 5, 20)
    )


def test_anniversary_of_a_29_february_delivery():
    f = file(customer(stage="owner"), vehicles=[vehicle(delivered_on=D(2024, 2, 29))])
    v = verdict(f, D(2025, 2, 25), "occasion.anniversary", vin=VIN)
    assert (v.status, v.opens_on, v.due_on) == ("due", D(2025, 2, 25), D(2025, 2, 28))


# --- occasion.holiday ----------------------------------------------------------------------------------


def test_holiday_dates_come_from_the_holidays_package():
    assert dict((k, d) for d, k in holidays_of_year(2027) if k in ("new_year", "spring_festival", "mid_autumn", "national_day")) == {
        "new_year": D(2027, 1, 1),
        "spring_festival": D(2027, 2, 6),
        "mid_autumn": D(2027, 9, 15),
        "national_day": D(2027, 10, 1),
    }
    assert (D(2026, 2, 17), "spring_festival") in holidays_of_year(2026)
    assert (D(2026, 9, 25), "mid_autumn") in holidays_of_year(2026)


def test_spring_festival_2027_greeting():
    f = file(customer())
    assert verdict(f, D(2027, 2, 2), "occasion.holiday").due_on == D(2026, 12, 31)  # New Year's, lapsed
    v = verdict(f, D(2027, 2, 3), "occasion.holiday")
    assert window(v) == ("due", D(2027, 2, 3), D(2027, 2, 5), "K01", "sms")
    assert v.why == Message.of("{holiday} on {date}", holiday=Message.of("Spring Festival"), date=D(2027, 2, 6))
    assert verdict(f, D(2027, 2, 5), "occasion.holiday").status == "due"
    assert verdict(f, D(2027, 2, 6), "occasion.holiday").status == "lapsed"


def test_new_years_day_greeting_across_the_year_end():
    v = verdict(file(customer()), D(2026, 12, 29), "occasion.holiday")
    assert (v.status, v.opens_on, v.due_on) == ("due", D(2026, 12, 29), D(2026, 12, 31))
    assert v.why == Message.of("{holiday} on {date}", holiday=Message.of("New Year's Day"), date=D(2027, 1, 1))


def test_mid_autumn_and_national_day_2026():
    f = file(customer())
    v = verdict(f, D(2026, 9, 22), "occasion.holiday")
    assert (v.status, v.opens_on, v.due_on) == ("due", D(2026, 9, 22), D(2026, 9, 24))
    v = verdict(f, D(2026, 9, 28), "occasion.holiday")
    assert (v.status, v.opens_on, v.due_on) == ("due", D(2026, 9, 28), D(2026, 9, 30))
    assert v.why.values()["holiday"] == Message.of("National Day")


def test_overlapping_windows_2028_national_day_first_then_mid_autumn():
    # 2028: National Day 10-01, Mid-Autumn 10-03 (windows 09-28..09-30 and 09-30..10-02)
    f = file(customer())
    assert verdict(f, D(2028, 9, 30), "occasion.holiday").due_on == D(2028, 9, 30)
    v = verdict(f, D(2028, 10, 1), "occasion.holiday")
    assert (v.status, v.opens_on, v.due_on) == ("due", D(2028, 9, 30), D(2028, 10, 2))


def test_two_holidays_on_one_day_are_one_greeting():
    v = verdict(file(customer()), D(2020, 9, 28), "occasion.holiday")
    assert v.why.values()["holiday"] == Message.of(
        "{first} and {second}", first=Message.of("Mid-Autumn Festival"), second=Message.of("National Day")
    )


def test_lost_customers_get_holiday_greetings_customers_without_phone_do_not():
    lost = file(customer(stage="lost", lost_on=D(2026, 1, 5), lost_reason="price", birthday=D(1985, 2, 5)))
    assert verdict(lost, D(2027, 2, 3), "occasion.holiday").status == "due"
    assert verdict(lost, D(2027, 2, 3), "occasion.birthday").status == "suppressed"  # SPEC suppression 3
    v = verdict(file(customer(phone=" ")), D(2027, 2, 3), "occasion.holiday")
    assert (v.status, v.why) == ("not_applicable", Message.of("no phone number"))


def test_the_policy_chooses_the_holidays():
    v = verdict(file(customer()), D(2027, 6, 6), "occasion.holiday", policy={"occasion.holiday.names": ["dragon_boat"]})
    assert (v.status, v.opens_on, v.due_on) == ("due", D(2027, 6, 6), D(2027, 6, 8))


# --- referral.thanks -----------------------------------------------------------------------------------


def referred(cid, name, created_on):
    return customer(customer_id=cid, name=name, created_on=created_on, referred_by="C001", source="referral")


def test_referral_thanks_by_the_consultant_within_three_days():
    f = file(customer(stage="owner"), referrals=[referred("C002", "李女士", D(2026, 4, 10))])
    v = verdict(f, D(2026, 4, 10), "referral.thanks")
    assert window(v) == ("due", D(2026, 4, 10), D(2026, 4, 13), "S01", "phone")
    assert v.why == Message.of(
        "referred {name} ({customer_id}) on {date}", name="李女士", customer_id="C002", date=D(2026, 4, 10)
    )
    assert verdict(f, D(2026, 4, 13), "referral.thanks").status == "due"
    assert verdict(f, D(2026, 4, 14), "referral.thanks").status == "lapsed"


def test_one_thanks_per_referred_customer():
    f = file(
        customer(stage="owner"),
        referrals=[referred("C003", "赵先生", D(2026, 4, 12)), referred("C002", "李女士", D(2026, 4, 10))],
    )
    found = verdicts(f, D(2026, 4, 12), "referral.thanks")
    assert [(v.status, v.due_on, v.why.values()["customer_id"]) for v in found] == [
        ("due", D(2026, 4, 13), "C002"),
        ("due", D(2026, 4, 15), "C003"),
    ]
    # both past: only the latest is shown
    assert [v.due_on for v in verdicts(f, D(2026, 6, 1), "referral.thanks")] == [D(2026, 4, 15)]


def test_no_referral():
    v = verdict(file(customer()), D(2026, 4, 10), "referral.thanks")
    assert (v.status, v.why) == ("not_applicable", Message.of("no referral"))
