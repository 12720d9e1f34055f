"""The six CSV kinds of SPEC section 2: their columns, keys and one parser per column.

The column lists are the contract (order as the SPEC gives it, which is also
the order ``export`` writes). The parsed values have the types of the matching
fields of the records in ``rules/model.py``; the enumerations come from there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Mapping

from followup_cli.message import Message
from followup_cli.rules.model import (
    CAMPAIGN_KINDS,
    CHANNELS,
    GRADES,
    INTENT_LEVELS,
    LOST_CATEGORIES,
    OUTCOMES,
    ROLES,
    SOURCES,
    STAGES,
    USAGES,
    VISIT_KINDS,
    Campaign,
    Contact,
    Customer,
    Staff,
    Store,
    Vehicle,
    Visit,
)

from .fields import (
    Parser,
    check_vin,
    check_vins,
    choice,
    choice_of,
    list_of,
    parse_amount,
    parse_bool,
    parse_date,
    parse_email,
    parse_lunar_birthday,
    parse_key,
    parse_phone,
    parse_vin,
    whole_number,
)


@dataclass(frozen=True)
class Column:
    """How one column's cells are read.

    ``parse`` is None for plain text (trimmed). ``blank`` is the value of a
    blank cell. ``cached``: the parser is pure and its column repeats values
    (dates, enumerations), so the reader memoises it per distinct cell text.
    ``warn`` looks at a parsed value and may return a warning.
    ``words``: a person's words (a name, a note, a complaint), where a phone
    number may be written: ``--mask`` masks the numbers in it (``mask.mask_text``).
    """

    name: str
    parse: Parser | None = None
    blank: object = None
    cached: bool = False
    warn: Callable[[object], Message | None] | None = None
    words: bool = False
    identifier: bool = False  # an id (``parse_key``): read like text, with a check per cell


@dataclass(frozen=True)
class TableSpec:
    kind: str
    record: type
    columns: tuple[str, ...]  # as SPEC section 2 lists them
    optional: tuple[str, ...]  # accepted too, never written unless asked for
    key: str | None
    required: tuple[str, ...]  # a file must have these columns, every row a value in them
    fields: Mapping[str, Column] = field(repr=False)

    @property
    def accepted(self) -> tuple[str, ...]:
        return self.columns + self.optional

    @property
    def phone_columns(self) -> tuple[str, ...]:
        """The columns ``--mask`` hides."""
        return tuple(name for name, col in self.fields.items() if col.parse is parse_phone)

    @property
    def words_columns(self) -> tuple[str, ...]:
        """The free-text columns, whose phone numbers ``--mask`` hides too (ids are never masked)."""
        return tuple(name for name, col in self.fields.items() if col.words)


def _text(name: str) -> Column:
    return Column(name)


def _words(name: str, parse: Parser | None = None) -> Column:
    return Column(name, parse, words=True)


def _key(name: str) -> Column:
    """An id, or a reference to one: NFKC-normalised, trimmed, control and invisible characters refused."""
    return Column(name, parse_key, identifier=True)


def _date(name: str) -> Column:
    return Column(name, parse_date, cached=True)


def _choice(name: str, choices: tuple[str, ...]) -> Column:
    return Column(name, choice(choices), cached=True)


def _touchpoints() -> tuple[str, ...]:
    """SPEC 3's ids, declared with the rules: loaded when a file or option names a touchpoint."""
    from followup_cli.rules.catalogue import TOUCHPOINTS

    return TOUCHPOINTS


_TOUCHPOINT = Column("touchpoint", choice_of(_touchpoints), cached=True)


def _spec(
    kind: str,
    record: type,
    key: str | None,
    required: tuple[str, ...],
    *columns: Column,
    optional: tuple[Column, ...] = (),
) -> TableSpec:
    return TableSpec(
        kind=kind,
        record=record,
        columns=tuple(c.name for c in columns),
        optional=tuple(c.name for c in optional),
        key=key,
        required=required,
        fields={c.name: c for c in columns + optional},
    )


#: dealer groups: which store a person works at, which store a customer belongs to (not in the SPEC yet)
STORE = Column("store")


# A staff code, customer id, visit id or campaign id is an id (``parse_key``): "S01", "C1024".
STAFF = _spec(
    "staff",
    Staff,
    "code",
    ("code",),
    _key("code"),
    _words("name"),
    _choice("role", ROLES),
    _words("team"),
    Column("daily_capacity", whole_number(0, 1000), cached=True),
    optional=(STORE,),
)

CUSTOMERS = _spec(
    "customers",
    Customer,
    "customer_id",
    ("customer_id",),
    _key("customer_id"),
    _words("name"),
    Column("phone", parse_phone),
    _words("wechat"),
    _words("email", parse_email),
    _date("birthday"),
    Column("lunar_birthday", parse_lunar_birthday, cached=True),
    _words("gender"),
    _words("occupation"),
    _words("region"),
    _words("industry"),
    _choice("source", SOURCES),
    _key("referred_by"),
    _choice("stage", STAGES),
    _choice("intent_level", INTENT_LEVELS),
    _choice("grade", GRADES),
    _key("owner"),
    _key("advisor"),
    _date("created_on"),
    _words("interested_model"),
    _words("budget"),
    _date("expected_purchase_on"),
    _date("lost_on"),
    _choice("lost_category", LOST_CATEGORIES),
    _words("lost_reason"),
    _words("competitor"),
    Column("do_not_contact", parse_bool, cached=True),
    Column("no_marketing", parse_bool, cached=True),
    Column("important", parse_bool, cached=True),
    _words("notes"),
    optional=(STORE,),
)

VEHICLES = _spec(
    "vehicles",
    Vehicle,
    "vin",
    ("vin",),
    Column("vin", parse_vin, warn=check_vin),
    _key("customer_id"),
    _words("model"),
    _text("plate"),
    _date("delivered_on"),
    Column("sold_here", parse_bool, cached=True),
    _date("warranty_ends_on"),
    _date("insurance_ends_on"),
    _date("inspection_due_on"),
    _choice("usage", USAGES),
    Column("service_interval_km", whole_number(1, 1_000_000), cached=True),
    Column("service_interval_months", whole_number(1, 120), cached=True),
)

VISITS = _spec(
    "visits",
    Visit,
    "visit_id",
    ("visit_id",),
    _key("visit_id"),
    Column("vin", parse_vin),  # the check digit is warned about in vehicles.csv, once
    _date("visited_on"),
    Column("odometer_km", whole_number(0, 2_000_000)),
    _choice("kind", VISIT_KINDS),
    Column("amount", parse_amount),
    _key("advisor"),
    _words("complaint"),
)

CONTACTS = _spec(
    "contacts",
    Contact,
    None,
    ("customer_id", "contacted_on"),
    _key("customer_id"),
    _date("contacted_on"),
    _choice("channel", CHANNELS),
    _TOUCHPOINT,
    _choice("outcome", OUTCOMES),
    _key("staff"),
    _date("next_contact_on"),
    Column("score", whole_number(1, 5), cached=True),
    _words("note"),
)

CAMPAIGNS = _spec(
    "campaigns",
    Campaign,
    "campaign_id",
    ("campaign_id",),
    _key("campaign_id"),
    _words("name"),
    _choice("kind", CAMPAIGN_KINDS),
    _date("starts_on"),
    _date("ends_on"),
    Column("target_models", list_of(), blank=()),
    Column("target_stages", list_of(choice(STAGES)), blank=(), cached=True),
    Column("target_grades", list_of(choice(GRADES)), blank=(), cached=True),
    Column("vins", list_of(parse_vin), blank=(), warn=check_vins),
    optional=(STORE,),
)

#: a dealer group's stores (issue 8); files of a single store never need it
STORES = _spec("stores", Store, "code", ("code",), _text("code"), _words("name"), _words("region"))

TABLES: Mapping[str, TableSpec] = {
    t.kind: t for t in (STAFF, CUSTOMERS, VEHICLES, VISITS, CONTACTS, CAMPAIGNS, STORES)
}
KINDS: tuple[str, ...] = tuple(TABLES)


def _staff_codes(text: str) -> tuple[str, ...]:
    """One staff code, or several (the call list's ``staff`` of a customer several people have today)."""
    return tuple(dict.fromkeys(parse_key(code) for code in re.split(r"[\s;；,，]+", text) if code))


#: `followup log --from FILE` (SPEC 2): contacts made from a list; the call list written by `due` with its
#: ``outcome`` filled in is such a file (its other columns are read and left alone). Not a kind of import.
CONTACT_LOG = _spec(
    "log",
    Contact,
    None,
    ("customer_id",),  # and an outcome column; a row left without an outcome was not called yet
    _key("customer_id"),
    _choice("outcome", OUTCOMES),
    _TOUCHPOINT,
    _choice("channel", CHANNELS),
    Column("staff", _staff_codes),
    _date("contacted_on"),
    _date("next_contact_on"),
    Column("score", whole_number(1, 5), cached=True),
    _words("note"),
    optional=(
        Column("touchpoints", list_of(choice_of(_touchpoints)), blank=(), cached=True),
        *(_text(name) for name in (
            "name", "phone", "vin", "plate", "reasons", "role", "due_on", "overdue_days", "priority", "message",
        )),
    ),
)
FILES: Mapping[str, TableSpec] = {**TABLES, CONTACT_LOG.kind: CONTACT_LOG}


def table_spec(kind: str) -> TableSpec:
    try:
        return FILES[kind]
    except KeyError:
        raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}") from None
