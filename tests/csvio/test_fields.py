"""Cell parsers: what each accepts, what it refuses, and the exact sentence a user reads."""

from __future__ import annotations

from datetime import date

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_cli.csvio.columns import TABLES
from followup_cli.csvio.fields import (
    FieldError,
    check_vin,
    needs_formula_quote,
    parse_amount,
    parse_bool,
    parse_date,
    parse_email,
    parse_lunar_birthday,
    parse_phone,
    parse_vin,
    unquote_formula,
    vin_check_digit,
)
from followup_cli.csvio.problems import render_plain


def parser(kind: str, column: str):
    return TABLES[kind].fields[column].parse


def refusal(parse, text: str) -> str:
    with pytest.raises(FieldError) as info:
        parse(text)
    return render_plain(info.value.message)


# --- dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2026-01-05",
        "2026/01/05",
        "2026.01.05",
        "2026/1/5",  # what Chinese Excel writes
        "2026-1-5",
        "2026.1.05",
        " 2026-01-05 ",
        "2026年1月5日",  # Excel's long date format, zh_CN
        "2026-01-05 00:00:00",  # DMS exports: the time is ignored
        "2026/1/5 9:30",
    ],
)
def test_date_forms_accepted(text):
    assert parse_date(text) == date(2026, 1, 5)


def test_date_year_range_edges():
    assert parse_date("1900-01-01") == date(1900, 1, 1)
    assert parse_date("2100-12-31") == date(2100, 12, 31)


@pytest.mark.parametrize(
    "text, message",
    [
        ("2026-02-30", '"2026-02-30" is not a real date (no such month or day)'),
        ("2026-13-01", '"2026-13-01" is not a real date (no such month or day)'),
        ("2026/0/10", '"2026/0/10" is not a real date (no such month or day)'),
        (
            "45291",
            '"45291" looks like an Excel serial number, not a date (it would be 2023-12-31): '
            "format the column as a date (YYYY-MM-DD) and save again",
        ),
        (
            "45291.5",
            '"45291.5" looks like an Excel serial number, not a date (it would be 2023-12-31): '
            "format the column as a date (YYYY-MM-DD) and save again",
        ),
        ("20261301", '"20261301" is not a date: write it with separators, as YYYY-MM-DD'),
        ("20260105", '"20260105" is not a date: write it with separators, as YYYY-MM-DD'),
        ("05/01/2026", '"05/01/2026" puts the year last: write the date as YYYY-MM-DD'),
        ("1899-12-31", '"1899-12-31" is out of range: the year must be from 1900 to 2100'),
        ("2101-01-01", '"2101-01-01" is out of range: the year must be from 1900 to 2100'),
        ("2026-01/05", '"2026-01/05" is not a date: write it as YYYY-MM-DD'),
        ("26-01-05", '"26-01-05" puts the year last: write the date as YYYY-MM-DD'),
        ("tomorrow", '"tomorrow" is not a date: write it as YYYY-MM-DD'),
        ("0", '"0" is not a date: write it as YYYY-MM-DD'),
        ("2026-01-05T", '"2026-01-05T" is not a date: write it as YYYY-MM-DD'),
    ],
)
def test_date_refusals(text, message):
    assert refusal(parse_date, text) == message


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.sampled_from("-/."))
def test_every_date_reads_back_in_every_form(day, separator):
    assert parse_date(f"{day.year}{separator}{day.month}{separator}{day.day}") == day
    assert parse_date(day.isoformat().replace("-", separator)) == day


# --- whole numbers --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [("12345", 12345), ("12,345", 12345), ("1,234,567", 1234567), (" 42 ", 42), ("0", 0), ("2000000", 2_000_000)],
)
def test_odometer_accepts(text, value):
    assert parser("visits", "odometer_km")(text) == value


@pytest.mark.parametrize(
    "text, message",
    [
        ("12k", '"12k" is not a whole number'),
        ("12345.0", '"12345.0" is not a whole number'),  # decimals are refused, even .0
        ("12.5", '"12.5" is not a whole number'),
        ("1,23", '"1,23" is not a whole number'),  # not thousands groups
        ("12,3456", '"12,3456" is not a whole number'),
        ("about 5000", '"about 5000" is not a whole number'),
        ("-5", '"-5" is out of range: it must be from 0 to 2000000'),
        ("2000001", '"2000001" is out of range: it must be from 0 to 2000000'),
    ],
)
def test_odometer_refusals(text, message):
    assert refusal(parser("visits", "odometer_km"), text) == message


@pytest.mark.parametrize(
    "kind, column, low, high",
    [
        ("contacts", "score", 1, 5),
        ("staff", "daily_capacity", 0, 1000),
        ("vehicles", "service_interval_km", 1, 1_000_000),
        ("vehicles", "service_interval_months", 1, 120),
    ],
)
def test_whole_number_ranges(kind, column, low, high):
    parse = parser(kind, column)
    assert parse(str(low)) == low
    assert parse(str(high)) == high
    for outside in (low - 1, high + 1):
        assert refusal(parse, str(outside)) == f'"{outside}" is out of range: it must be from {low} to {high}'


def test_intervals_must_be_greater_than_zero():
    assert "out of range" in refusal(parser("vehicles", "service_interval_km"), "0")
    assert "out of range" in refusal(parser("vehicles", "service_interval_months"), "0")


# --- amounts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("1234.5", 1234.5),
        ("1,234.50", 1234.5),
        ("¥1234", 1234.0),
        ("￥1,234", 1234.0),
        ("1234元", 1234.0),
        ("RMB 100", 100.0),
        ("0", 0.0),
        (".5", 0.5),
        ("380.00", 380.0),
    ],
)
def test_amount_accepts(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    "text, message",
    [
        ("-1", '"-1" is negative: an amount must be 0 or more'),
        ("¥-20.5", '"¥-20.5" is negative: an amount must be 0 or more'),
        ("abc", '"abc" is not an amount (a number such as 1234.50)'),
        ("1,23.4", '"1,23.4" is not an amount (a number such as 1234.50)'),
        ("nan", '"nan" is not an amount (a number such as 1234.50)'),
        ("inf", '"inf" is not an amount (a number such as 1234.50)'),
        ("1e5", '"1e5" is not an amount (a number such as 1234.50)'),
        ("¥", '"¥" is not an amount (a number such as 1234.50)'),
    ],
)
def test_amount_refusals(text, message):
    assert refusal(parse_amount, text) == message


# --- enumerations -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, column, text, value",
    [
        ("customers", "stage", " Owner ", "owner"),
        ("customers", "stage", "QUASI_LOST", "quasi_lost"),
        ("customers", "stage", "quasi-lost", "quasi_lost"),
        ("customers", "intent_level", "a", "A"),
        ("customers", "intent_level", " d ", "D"),
        ("customers", "source", "walk-in", "walk_in"),
        ("customers", "source", "Walk In", "walk_in"),
        ("customers", "grade", "Premium", "premium"),
        ("staff", "role", "CRM", "crm"),
        ("vehicles", "usage", "Severe", "severe"),
        ("visits", "kind", "first-service", "first_service"),
        ("contacts", "channel", "WeChat", "wechat"),
        ("contacts", "outcome", "no answer", "no_answer"),
        ("contacts", "touchpoint", "Service.Maintenance", "service.maintenance"),
        ("campaigns", "kind", "parts_arrival", "parts_arrival"),
    ],
)
def test_enumerations_accept_any_case(kind, column, text, value):
    assert parser(kind, column)(text) == value


@pytest.mark.parametrize(
    "kind, column, text, message",
    [
        ("customers", "stage", "customer", '"customer" is not one of: prospect, owner, quasi_lost, lost'),
        ("customers", "intent_level", "E", '"E" is not one of: A, B, C, D'),
        ("customers", "intent_level", "H", '"H" is not one of: A, B, C, D'),
        ("staff", "role", "boss", '"boss" is not one of: consultant, advisor, manager, crm'),
        (
            "customers",
            "grade",
            "premiun",
            '"premiun" is not one of: premium, potential, general (did you mean premium?)',
        ),
        (
            "contacts",
            "outcome",
            "answered",
            '"answered" is not one of: reached, no_answer, busy, wrong_number, appointment, refused, opted_out',
        ),
    ],
)
def test_enumeration_refusals_list_the_choices(kind, column, text, message):
    assert refusal(parser(kind, column), text) == message


def test_touchpoint_typo_suggests_the_id():
    message = refusal(parser("contacts", "touchpoint"), "service.maintenence")
    assert message.startswith('"service.maintenence" is not one of: lead.welcome, lead.cadence,')
    assert message.endswith("(did you mean service.maintenance?)")


# --- booleans ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["true", "TRUE", "1", "yes", "Y", "是", " t "])
def test_bool_true(text):
    assert parse_bool(text) is True


@pytest.mark.parametrize("text", ["false", "False", "0", "no", "n", "否", "F"])
def test_bool_false(text):
    assert parse_bool(text) is False


def test_bool_refusal():
    assert refusal(parse_bool, "maybe") == '"maybe" is not true or false (write true/false, 1/0, yes/no or 是/否)'


# --- phones ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, stored",
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("0571-88888888", "057188888888"),
        ("(0571)88888888", "057188888888"),
        ("010-12345678", "01012345678"),
        ("400-812-3123", "4008123123"),
        ("+49 1512 3456789", "+4915123456789"),
        ("+852 9123 4567", "+85291234567"),
    ],
)
def test_phone_normalised(text, stored):
    assert parse_phone(text) == stored


@pytest.mark.parametrize("text", ["12345", "1381234567", "12012345678", "138123456789", "call me", "+49 12"])
def test_phone_refusals(text):
    assert refusal(parse_phone, text) == f'"{text}" is not a valid phone number'


@pytest.mark.parametrize("text", ["*******5678", "138****5678"])
def test_masked_phone_gets_its_own_message(text):
    assert refusal(parse_phone, text) == f'"{text}" looks masked: re-export without --mask'


@given(st.from_regex(r"1[0-9]{10}", fullmatch=True))
def test_mobile_fast_path_agrees_with_phonenumbers(text):
    try:
        valid = phonenumbers.is_valid_number(phonenumbers.parse(text, "CN"))
    except phonenumbers.NumberParseException:  # e.g. "11000008000": too short once the trunk prefix goes
        valid = False
    try:
        assert parse_phone(text) == text
        accepted = True
    except FieldError:
        accepted = False
    assert accepted == valid


# --- lunar birthdays ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, stored", [("05-06", "05-06"), ("5-6", "05-06"), ("12-30", "12-30"), ("1/1", "01-01")])
def test_lunar_birthday(text, stored):
    assert parse_lunar_birthday(text) == stored


@pytest.mark.parametrize("text", ["13-01", "00-10", "02-31", "05-00", "0506", "5月6日", "2026-05-06"])
def test_lunar_birthday_refusals(text):
    assert (
        refusal(parse_lunar_birthday, text)
        == f'"{text}" is not a lunar month and day: write MM-DD (month 1-12, day 1-30)'
    )


# --- VINs ---------------------------------------------------------------------------------------------

GOOD_VIN = "1M8GDM9AXKP042788"  # the textbook example: check digit X


def test_vin_trimmed_and_upper_cased():
    assert parse_vin(" 1m8gdm9axkp042788 ") == GOOD_VIN


def test_full_width_vin_is_folded():
    assert parse_vin("１Ｍ８ＧＤＭ９ＡＸＫＰ０４２７８８") == GOOD_VIN


@pytest.mark.parametrize(
    "text, message",
    [
        ("LSVAB2BR5FN00001", '"LSVAB2BR5FN00001" is not a VIN: a VIN has 17 characters, this has 16'),
        ("LSVAB2BR5FN0000012", '"LSVAB2BR5FN0000012" is not a VIN: a VIN has 17 characters, this has 18'),
        (
            "LSVAB2BR5FN0000I1",
            '"LSVAB2BR5FN0000I1" is not a VIN: it contains I (a VIN has digits and letters but I, O and Q)',
        ),
        (
            "LSVOB2BR5FN00Q001",
            '"LSVOB2BR5FN00Q001" is not a VIN: it contains O Q (a VIN has digits and letters but I, O and Q)',
        ),
        ("LSVAB2BR5FN-00001", '"LSVAB2BR5FN-00001" is not a VIN: it contains - (a VIN has digits and letters but I, O and Q)'),
    ],
)
def test_vin_refusals(text, message):
    assert refusal(parse_vin, text) == message


def test_vin_check_digit():
    assert vin_check_digit(GOOD_VIN) == "X"
    assert vin_check_digit("11111111111111111") == "1"
    assert check_vin(GOOD_VIN) is None
    warning = check_vin("1M8GDM9A1KP042788")
    assert render_plain(warning) == (
        "the check digit (9th character) of 1M8GDM9A1KP042788 is 1, expected X: check the VIN for a typo"
    )


VIN_CHARACTERS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


@given(st.text(alphabet=VIN_CHARACTERS, min_size=17, max_size=17))
def test_a_vin_with_its_check_digit_passes(text):
    vin = parse_vin(text)
    fixed = vin[:8] + vin_check_digit(vin) + vin[9:]
    assert check_vin(fixed) is None
    assert (check_vin(vin) is None) == (vin[8] == vin_check_digit(vin))


# --- campaign lists -------------------------------------------------------------------------------------


def test_lists_split_on_semicolons():
    assert parser("campaigns", "target_stages")("prospect; Owner") == ("prospect", "owner")
    assert parser("campaigns", "target_stages")("prospect；owner；") == ("prospect", "owner")
    assert parser("campaigns", "target_grades")("premium;premium") == ("premium",)
    assert parser("campaigns", "target_models")("星越L; 博越 L ;") == ("星越L", "博越 L")
    assert parser("campaigns", "vins")(f"{GOOD_VIN.lower()};11111111111111111") == (GOOD_VIN, "11111111111111111")


def test_list_items_are_checked():
    assert refusal(parser("campaigns", "target_stages"), "owner;boss") == (
        '"boss" is not one of: prospect, owner, quasi_lost, lost'
    )
    assert "is not a VIN" in refusal(parser("campaigns", "vins"), f"{GOOD_VIN};LSV123")


# --- text, email ----------------------------------------------------------------------------------------------


def test_email():
    assert parse_email(" wang@example.cn ") == "wang@example.cn"
    for text in ("wang", "wang@example", "wang @example.cn", "a@b@c.cn"):
        assert refusal(parse_email, text) == f'"{text}" is not an email address'


# --- formula neutralising --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, read",
    [
        ("'=SUM(A1)", "=SUM(A1)"),
        ("'+8613812345678", "+8613812345678"),
        ("'-5", "-5"),
        ("'@home", "@home"),
        ("'\tx", "\tx"),
        ("'\rx", "\rx"),
        ("''=x", "'=x"),  # a value that itself began with '=
        ("'abc", "'abc"),  # an apostrophe the writer did not add stays
        ("'", "'"),
        ("abc", "abc"),
    ],
)
def test_unquote_formula(written, read):
    assert unquote_formula(written) == read


@given(st.text())
def test_formula_quote_round_trips(text):
    written = "'" + text if needs_formula_quote(text) else text
    assert unquote_formula(written) == text
