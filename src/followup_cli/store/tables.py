"""The schema: one SQLModel table per CSV kind (SPEC section 2), plus the stores' bookkeeping.

Column names are the CSV column names, so import and export map one to one.
Schema changes are Alembic migrations (``store/migrations``); the first
migration was generated from these classes and is never edited.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from sqlalchemy import BigInteger, Column, Index, Integer, LargeBinary, Text
from sqlmodel import Field, SQLModel


class StoreRow(SQLModel, table=True):
    """The stores of a dealer group (issue 8); staff and customers name theirs in ``store``."""

    __tablename__ = "stores"
    code: str = Field(primary_key=True, max_length=32)
    name: Optional[str] = None
    region: Optional[str] = None


class StaffRow(SQLModel, table=True):
    __tablename__ = "staff"
    code: str = Field(primary_key=True, max_length=32)
    name: Optional[str] = None
    role: Optional[str] = Field(default=None, max_length=16)
    team: Optional[str] = None
    daily_capacity: Optional[int] = None
    store: Optional[str] = Field(default=None, max_length=32)


class CustomerRow(SQLModel, table=True):
    __tablename__ = "customers"
    __table_args__ = (
        Index("ix_customers_owner_store", "owner", "store"),
        Index("ix_customers_advisor", "advisor"),
        Index("ix_customers_stage", "stage"),
        Index("ix_customers_referred_by", "referred_by"),
        Index("ix_customers_store", "store"),
    )
    customer_id: str = Field(primary_key=True, max_length=64)
    name: Optional[str] = None
    phone: Optional[str] = Field(default=None, max_length=32)
    wechat: Optional[str] = None
    email: Optional[str] = None
    birthday: Optional[date] = None
    lunar_birthday: Optional[str] = Field(default=None, max_length=5)
    gender: Optional[str] = None
    occupation: Optional[str] = None
    region: Optional[str] = None
    industry: Optional[str] = None
    source: Optional[str] = Field(default=None, max_length=16)
    referred_by: Optional[str] = Field(default=None, max_length=64)
    stage: Optional[str] = Field(default=None, max_length=16)
    intent_level: Optional[str] = Field(default=None, max_length=1)
    grade: Optional[str] = Field(default=None, max_length=16)
    owner: Optional[str] = Field(default=None, max_length=32)
    advisor: Optional[str] = Field(default=None, max_length=32)
    created_on: Optional[date] = None
    interested_model: Optional[str] = None
    budget: Optional[str] = None
    expected_purchase_on: Optional[date] = None
    lost_on: Optional[date] = None
    lost_category: Optional[str] = Field(default=None, max_length=16)
    lost_reason: Optional[str] = None
    competitor: Optional[str] = None
    do_not_contact: Optional[bool] = None
    no_marketing: Optional[bool] = None
    important: Optional[bool] = None
    notes: Optional[str] = None
    store: Optional[str] = Field(default=None, max_length=32)


class VehicleRow(SQLModel, table=True):
    __tablename__ = "vehicles"
    vin: str = Field(primary_key=True, max_length=17)
    customer_id: Optional[str] = Field(default=None, foreign_key="customers.customer_id", index=True, max_length=64)
    model: Optional[str] = None
    plate: Optional[str] = None
    delivered_on: Optional[date] = None
    sold_here: Optional[bool] = None
    warranty_ends_on: Optional[date] = None
    insurance_ends_on: Optional[date] = None
    inspection_due_on: Optional[date] = None
    usage: Optional[str] = Field(default=None, max_length=16)
    service_interval_km: Optional[int] = None
    service_interval_months: Optional[int] = None


class VisitRow(SQLModel, table=True):
    __tablename__ = "visits"
    __table_args__ = (Index("ix_visits_vin_visited_on", "vin", "visited_on"), Index("ix_visits_advisor", "advisor"))
    visit_id: str = Field(primary_key=True, max_length=64)
    vin: Optional[str] = Field(default=None, foreign_key="vehicles.vin", max_length=17)
    visited_on: Optional[date] = None
    odometer_km: Optional[int] = None
    kind: Optional[str] = Field(default=None, max_length=16)
    amount: Optional[float] = None
    advisor: Optional[str] = Field(default=None, max_length=32)
    complaint: Optional[str] = None


class ContactRow(SQLModel, table=True):
    __tablename__ = "contacts"
    __table_args__ = (
        Index("ix_contacts_customer_on", "customer_id", "contacted_on", "id"),
        Index("ix_contacts_fingerprint", "fingerprint", "occurrence"),
    )
    id: Optional[int] = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    customer_id: str = Field(foreign_key="customers.customer_id", max_length=64)
    contacted_on: date
    channel: Optional[str] = Field(default=None, max_length=16)
    touchpoint: Optional[str] = Field(default=None, max_length=32)
    outcome: Optional[str] = Field(default=None, max_length=16)
    staff: Optional[str] = Field(default=None, max_length=32)
    next_contact_on: Optional[date] = None
    score: Optional[int] = None
    note: Optional[str] = None
    # a short hash of the CSV row; with ``occurrence`` the contact's identity, which finds what a file
    # imported again holds already without scanning history
    fingerprint: Optional[str] = Field(default=None, max_length=16)
    # the k-th contact with this fingerprint (three no_answer attempts on one day are 1, 2 and 3): the k-th
    # identical row of a file is the k-th stored identical contact
    occurrence: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))


class ContactDigestRow(SQLModel, table=True):
    """The contacts the morning list can still need (``rules.digest``), copied from ``contacts``.

    Derived data: ``followup import`` and ``followup log`` keep it up to date
    in the same transaction, ``followup check --rebuild`` rebuilds it.
    ``id`` is the contact's id.
    """

    __tablename__ = "contact_digest"
    __table_args__ = (
        Index("ix_contact_digest_customer_on", "customer_id", "contacted_on", "id"),
        Index("ix_contact_digest_staff", "staff", "next_contact_on"),
        Index("ix_contact_digest_on", "contacted_on"),
    )
    id: Optional[int] = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=False))
    customer_id: str = Field(max_length=64)
    contacted_on: date
    channel: Optional[str] = Field(default=None, max_length=16)
    touchpoint: Optional[str] = Field(default=None, max_length=32)
    outcome: Optional[str] = Field(default=None, max_length=16)
    staff: Optional[str] = Field(default=None, max_length=32)
    next_contact_on: Optional[date] = None
    score: Optional[int] = None
    note: Optional[str] = None


class AgendaRow(SQLModel, table=True):
    """A customer's plan (issue 19, ``rules.engine.plan``): the open items from ``planned_on`` until
    ``valid_until`` (exclusive), kept so the morning list reads them instead of evaluating everyone.

    Derived data: triggers on customers, vehicles, visits and contacts delete a customer's row in the
    same statement as any change to their records; a read re-plans (and writes back) what is missing or
    has run out; ``followup check --rebuild`` rebuilds it. ``listed_from``/``listed_until``: the days some
    entry can be listed on. ``body``: the entries (JSON); each also a row of ``agenda_items``, whose
    indexes find one person's or one role's customers.
    """

    __tablename__ = "agenda"
    __table_args__ = (
        Index("ix_agenda_listed", "listed_from"),
        Index("ix_agenda_valid_until", "valid_until"),
        Index("ix_agenda_planned_on", "planned_on"),
    )
    customer_id: str = Field(primary_key=True, max_length=64)
    planned_on: date
    valid_until: date
    listed_from: Optional[date] = None
    listed_until: Optional[date] = None
    body: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class AgendaItemRow(SQLModel, table=True):
    """One entry of a customer's stored plan (``AgendaRow``) as columns, for the whole morning list in one
    query (``store.agenda_list``): the day it opens, is due, closes and is missed (day numbers,
    ``date.toordinal``), who and how, its priority base (hundredths: ``rank.Priorities.base``), whether
    capacity can cut it, and the JSON text of its fixed fields, written once when the plan is stored.

    Derived from ``agenda.body``: deleting a plan deletes its items (a trigger on ``agenda``).
    """

    __tablename__ = "agenda_items"
    __table_args__ = (
        Index("ix_agenda_items_role", "role"),
        Index("ix_agenda_items_staff", "staff"),
        # the one-off items missed in the last days (``report workload``), few of the whole
        Index("ix_agenda_items_missed", "missed"),
    )
    customer_id: str = Field(primary_key=True, max_length=64)
    n: int = Field(default=0, sa_column=Column(Integer, primary_key=True, autoincrement=False))
    opens: int
    due: int
    closes: Optional[int] = None
    missed: Optional[int] = None
    staff: Optional[str] = Field(default=None, max_length=32)
    role: str = Field(max_length=16)
    channel: str = Field(max_length=16)
    touchpoint: str = Field(max_length=64)
    vin: Optional[str] = Field(default=None, max_length=64)
    held: bool = False
    complaint: bool = False
    call: bool = False
    cuttable: bool = False
    base: int = 0
    since: Optional[int] = None
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    head: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    mid: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    flags: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class AgendaStateRow(SQLModel, table=True):
    """What the stored plans were made with: a digest of the policy, the staff and the campaigns (one
    row). Plans made with another are all re-planned."""

    __tablename__ = "agenda_state"
    id: int = Field(default=1, sa_column=Column(Integer, primary_key=True, autoincrement=False))
    made_with: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class AgendaDayRow(SQLModel, table=True):
    """One item of the morning list of the agenda's day (``AgendaDayStateRow``), in one language, as
    ``due --format json`` writes it (``store.agenda_day``): the stored plans' items due that day, each
    with its rank key (bytes ordered as ``rank.rank_key``), so the list is read in order, not sorted.

    Derived from ``agenda_items``: storing a plan rewrites its customer's day items (those of a plan
    that covers the day); a customer deleted or renamed takes theirs along (the triggers on
    ``customers``). While a customer has no plan, nothing reads them.
    """

    __tablename__ = "agenda_day"
    __table_args__ = (
        Index("ix_agenda_day_customer", "customer_id"),
        # one role's items in rank order, and the staff members who have them
        Index("ix_agenda_day_role", "lang", "role", "key", "staff"),
        # one staff member's items (and those nobody can take) in rank order, and their calls' customers
        Index("ix_agenda_day_staff", "lang", "staff", "key", "customer_id", "call"),
        {"sqlite_with_rowid": False},
    )
    lang: str = Field(primary_key=True, max_length=8)
    key: bytes = Field(sa_column=Column(LargeBinary, primary_key=True))
    customer_id: str = Field(max_length=64)
    staff: Optional[str] = Field(default=None, max_length=32)
    role: str = Field(max_length=16)
    call: bool = False
    cuttable: bool = False
    #: the item's JSON text (UTF-8), ``"within_capacity": true``; ``cut_at``: where that ``true`` starts
    text: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    cut_at: int = 0


class AgendaDayStateRow(SQLModel, table=True):
    """The day whose list ``agenda_day`` holds in a language, and what it was made with (the plans'
    digest and the stores' names): one row a language."""

    __tablename__ = "agenda_day_state"
    lang: str = Field(primary_key=True, max_length=8)
    day: date
    made_with: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class AgendaAheadRow(SQLModel, table=True):
    """A customer on a staff member's list on one of the days ahead (``AgendaAheadStateRow``), as
    ``report forecast`` counts it (``rules.engine.Pair``, ``store.agenda_ahead``): the rank of the
    customer's best call with that staff member (its priority and due day: ties go by customer id, as
    ``rank.rank_key`` has it; ``NO_CALL``, after every rank, when there is none), the customer's items
    with them, and how many of those capacity may cut.

    Derived from the stored plans, and kept as ``AgendaDayRow`` is.
    """

    __tablename__ = "agenda_ahead"
    __table_args__ = (
        Index("ix_agenda_ahead_customer", "customer_id"),
        # each staff member's customers in rank order, with what is counted of them
        Index("ix_agenda_ahead_rank", "day", "staff", "rank", "customer_id", "items", "cuttable", "late"),
        {"sqlite_with_rowid": False},
    )
    day: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))  # a day number (date.toordinal)
    staff: str = Field(primary_key=True, max_length=32)  # "": nobody
    customer_id: str = Field(primary_key=True, max_length=64)
    rank: int = Field(sa_column=Column(BigInteger, nullable=False))
    items: int = 0
    cuttable: int = 0
    late: int = 0  # 1: an item past its due day


class AgendaAheadStateRow(SQLModel, table=True):
    """The days ``agenda_ahead`` counts (from ``first``, ``days`` of them) and what their plans were made
    with (one row)."""

    __tablename__ = "agenda_ahead_state"
    id: int = Field(default=1, sa_column=Column(Integer, primary_key=True, autoincrement=False))
    first: date
    days: int
    made_with: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class StageChangeRow(SQLModel, table=True):
    """A stage or intent-level change made by hand (``log --stage/--level``, ``customer edit``).

    What ``report pipeline`` counts as level changes and ``report defeats`` as
    false defeats recovered. Imports (DMS files) change stages without a record
    here: their history is what the file says, not a change made in this store.
    """

    __tablename__ = "stage_changes"
    __table_args__ = (Index("ix_stage_changes_customer", "customer_id", "changed_on"),)
    id: Optional[int] = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    customer_id: str = Field(foreign_key="customers.customer_id", max_length=64)
    changed_on: date
    stage_from: Optional[str] = Field(default=None, max_length=16)
    stage_to: Optional[str] = Field(default=None, max_length=16)
    level_from: Optional[str] = Field(default=None, max_length=1)
    level_to: Optional[str] = Field(default=None, max_length=1)
    staff: Optional[str] = Field(default=None, max_length=32)
    touchpoint: Optional[str] = Field(default=None, max_length=32)


class CampaignRow(SQLModel, table=True):
    __tablename__ = "campaigns"
    campaign_id: str = Field(primary_key=True, max_length=64)
    name: Optional[str] = None
    kind: Optional[str] = Field(default=None, max_length=16)
    starts_on: Optional[date] = None
    ends_on: Optional[date] = None
    target_models: Optional[str] = None  # ';'-separated
    target_stages: Optional[str] = None
    target_grades: Optional[str] = None
    vins: Optional[str] = None
    store: Optional[str] = Field(default=None, max_length=32)


#: CSV kind -> (table, key column or None)
KIND_TABLES = {
    "stores": (StoreRow, "code"),
    "staff": (StaffRow, "code"),
    "customers": (CustomerRow, "customer_id"),
    "vehicles": (VehicleRow, "vin"),
    "visits": (VisitRow, "visit_id"),
    "contacts": (ContactRow, None),
    "campaigns": (CampaignRow, "campaign_id"),
}

metadata = SQLModel.metadata
