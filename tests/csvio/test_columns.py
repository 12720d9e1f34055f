"""The six kinds' columns are SPEC section 2's, and parse to the types of the records in rules/model.py."""

from __future__ import annotations

import types
import typing
from datetime import date

import pytest

from followup_cli.csvio.columns import KINDS, TABLES, table_spec

# copied from SPEC section 2, in its order
SPEC_COLUMNS = {
    "staff": "code,name,role,team,daily_capacity",
    "customers": (
        "customer_id,name,phone,wechat,email,birthday,lunar_birthday,gender,occupation,region,industry,source,"
        "referred_by,stage,intent_level,grade,owner,advisor,created_on,interested_model,budget,"
        "expected_purchase_on,lost_on,lost_category,lost_reason,competitor,do_not_contact,no_marketing,important,notes"
    ),
    "vehicles": (
        "vin,customer_id,model,plate,delivered_on,sold_here,warranty_ends_on,insurance_ends_on,"
        "inspection_due_on,usage,service_interval_km,service_interval_months"
    ),
    "visits": "visit_id,vin,visited_on,odometer_km,kind,amount,advisor,complaint",
    "contacts": "customer_id,contacted_on,channel,touchpoint,outcome,staff,next_contact_on,score,note",
    "campaigns": "campaign_id,name,kind,starts_on,ends_on,target_models,target_stages,target_grades,vins",
}


SPEC_KINDS = ("staff", "customers", "vehicles", "visits", "contacts", "campaigns")


def test_kinds_are_the_spec_kinds_and_the_groups_stores():
    assert KINDS == (*SPEC_KINDS, "stores")
    assert TABLES["stores"].columns == ("code", "name", "region")


@pytest.mark.parametrize("kind", SPEC_KINDS)
def test_columns_are_the_spec_columns_in_order(kind):
    assert ",".join(TABLES[kind].columns) == SPEC_COLUMNS[kind]


@pytest.mark.parametrize(
    "kind, key, required",
    [
        ("staff", "code", ("code",)),
        ("customers", "customer_id", ("customer_id",)),
        ("vehicles", "vin", ("vin",)),
        ("visits", "visit_id", ("visit_id",)),
        ("contacts", None, ("customer_id", "contacted_on")),
        ("campaigns", "campaign_id", ("campaign_id",)),
    ],
)
def test_keys_and_required_columns(kind, key, required):
    spec = TABLES[kind]
    assert spec.key == key
    assert spec.required == required


def test_store_is_an_optional_column_of_staff_customers_and_campaigns_only():
    assert {kind for kind in KINDS if TABLES[kind].optional} == {"staff", "customers", "campaigns"}
    assert TABLES["staff"].optional == ("store",)
    assert "store" not in TABLES["customers"].columns
    assert "store" in TABLES["customers"].accepted


def test_masked_columns():
    assert TABLES["customers"].phone_columns == ("phone",)
    assert TABLES["contacts"].phone_columns == ()


def test_unknown_kind():
    with pytest.raises(ValueError, match="unknown kind 'cars'"):
        table_spec("cars")


# one good cell per column; the parsed value must have the record field's type
SAMPLES = {
    "daily_capacity": "30",
    "phone": "13812345678",
    "email": "a@b.cn",
    "lunar_birthday": "8-15",
    "do_not_contact": "否",
    "no_marketing": "是",
    "important": "no",
    "sold_here": "yes",
    "vin": "1M8GDM9AXKP042788",
    "vins": "1M8GDM9AXKP042788;11111111111111111",
    "odometer_km": "12,345",
    "amount": "¥380",
    "score": "5",
    "service_interval_km": "7500",
    "service_interval_months": "6",
    "target_models": "星越L;博越",
    "target_stages": "owner",
    "target_grades": "premium;general",
}


def _instance_of(value, hint) -> bool:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_instance_of(value, arm) for arm in typing.get_args(hint))
    if origin is tuple:
        return isinstance(value, tuple) and all(isinstance(v, str) for v in value)
    if hint is type(None):
        return value is None
    if hint is float:
        return type(value) is float
    if hint is int:
        return type(value) is int
    return isinstance(value, hint)


@pytest.mark.parametrize("kind", KINDS)
def test_parsed_values_have_the_record_types(kind):
    spec = TABLES[kind]
    hints = typing.get_type_hints(spec.record)
    for name in spec.accepted:
        column = spec.fields[name]
        assert name in hints, f"{kind}.{name} is not a field of {spec.record.__name__}"
        if column.parse is None:
            value = "S01"
        elif name in SAMPLES:
            value = column.parse(SAMPLES[name])
        elif name.endswith("_on") or name == "birthday":
            value = column.parse("2026/1/5")
            assert value == date(2026, 1, 5)
        else:  # an enumeration: its first choice
            value = None
            for choice in ("consultant", "walk_in", "prospect", "A", "premium", "normal", "maintenance",
                           "phone", "lead.welcome", "reached", "event", "price"):  # fmt: skip
                try:
                    value = column.parse(choice)
                    break
                except ValueError:
                    continue
            assert value is not None, f"{kind}.{name}: no sample"
        assert _instance_of(value, hints[name]), f"{kind}.{name}: {value!r} is not {hints[name]}"
        assert _instance_of(column.blank, hints[name]) or column.blank is None


def test_blank_list_is_an_empty_tuple():
    assert TABLES["campaigns"].fields["vins"].blank == ()
    assert TABLES["campaigns"].fields["target_models"].blank == ()
