"""Plain, frozen records: what the rule engine reads and what it returns.

Nothing here knows about the database, the terminal or the clock. The store's
loaders build these records; the rules turn them into items and verdicts; the
renderers turn those into tables, call lists and JSON.

Sentences a person reads are never finished here: a rule returns a
:class:`Message` (an English msgid with named parameters) and the shell
renders it through gettext in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Literal

from followup_cli.message import Message, N_  # noqa: F401  (re-exported)

# --- enumerations (SPEC section 2, CSV columns) -------------------------------

ROLES = ("consultant", "advisor", "manager", "crm")
STAGES = ("prospect", "owner", "quasi_lost", "lost")
INTENT_LEVELS = ("A", "B", "C", "D")
GRADES = ("premium", "potential", "general")
SOURCES = ("walk_in", "phone", "online", "referral", "event", "other")
USAGES = ("normal", "severe")
VISIT_KINDS = ("first_service", "maintenance", "repair", "accident", "warranty", "recall", "inspection", "other")
CHANNELS = ("phone", "sms", "wechat", "email", "visit", "letter", "event")
OUTCOMES = ("reached", "no_answer", "busy", "wrong_number", "appointment", "refused", "opted_out")
CAMPAIGN_KINDS = ("event", "recall", "parts_arrival", "season_check")
#: seed 004's defeat analysis (战败分析): why a customer was lost or quasi-lost
LOST_CATEGORIES = (
    "model", "price", "funds", "brand", "people", "cancelled", "stock", "unreasonable", "slow_follow_up",
    "lost_contact", "other",
)

#: outcomes that mean the customer was spoken to (SPEC section 3, satisfaction)
REACHING = frozenset({"reached", "appointment", "refused", "opted_out"})
#: outcomes that are only attempts: they never satisfy an item
ATTEMPTS = frozenset({"no_answer", "busy", "wrong_number"})
#: visit kinds that reset the service clock (SPEC: first_service, maintenance)
SERVICE_KINDS = frozenset({"first_service", "maintenance"})
#: SPEC 3 Ranking and capacity: the message lane (never cut by capacity); calls and visits are the other
MESSAGE_CHANNELS = frozenset({"sms", "wechat", "email", "letter"})
#: SPEC 3 Ranking and capacity: what ``daily_capacity`` counts
CALL_CHANNELS = frozenset({"phone", "visit"})

#: derived from the touchpoint declarations (``rules.catalogue``, which imports the rule modules, which
#: import this one), so looked up there on first use: ``TOUCHPOINTS`` (every id of SPEC 3, in catalogue
#: order) and ``CALLBACKS`` (the callbacks that ask for a satisfaction score 1-5)
_FROM_CATALOGUE = MappingProxyType({"TOUCHPOINTS": "TOUCHPOINTS", "CALLBACKS": "SCORED"})


def __getattr__(name: str) -> object:
    if name in _FROM_CATALOGUE:
        from followup_cli.rules import catalogue

        return getattr(catalogue, _FROM_CATALOGUE[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Message and N_ live in followup_cli.message so csvio can use them too.


# --- what the store knows --------------------------------------------------------


@dataclass(frozen=True)
class Store:
    """A store of a dealer group (issue 8): ``stores.csv``. A single store needs none."""

    code: str
    name: str = ""
    region: str | None = None


@dataclass(frozen=True)
class Staff:
    code: str
    name: str = ""
    role: str = "consultant"
    team: str | None = None
    daily_capacity: int | None = None
    store: str | None = None


@dataclass(frozen=True)
class Customer:
    customer_id: str
    name: str = ""
    phone: str | None = None
    wechat: str | None = None
    email: str | None = None
    birthday: date | None = None
    lunar_birthday: str | None = None  # "MM-DD" in the Chinese lunar calendar
    gender: str | None = None
    occupation: str | None = None
    region: str | None = None
    industry: str | None = None
    source: str | None = None
    referred_by: str | None = None
    stage: str = "prospect"
    intent_level: str | None = None
    grade: str | None = None  # None: computed (SPEC section 4)
    owner: str | None = None  # sales consultant's staff code
    advisor: str | None = None  # service advisor's staff code
    created_on: date | None = None
    interested_model: str | None = None
    budget: str | None = None
    expected_purchase_on: date | None = None
    lost_on: date | None = None
    lost_category: str | None = None  # seed 004 (LOST_CATEGORIES); None: not recorded yet
    lost_reason: str | None = None
    competitor: str | None = None
    do_not_contact: bool = False
    no_marketing: bool = False  # SPEC Suppression 6: no campaign invitations, season checks, competitor care
    important: bool = False  # seed 003 §(三) 重要客户, marked by hand
    notes: str | None = None
    store: str | None = None


@dataclass(frozen=True)
class Vehicle:
    vin: str
    customer_id: str | None = None
    model: str | None = None
    plate: str | None = None
    delivered_on: date | None = None
    sold_here: bool | None = None
    warranty_ends_on: date | None = None
    insurance_ends_on: date | None = None
    inspection_due_on: date | None = None
    usage: str | None = None  # "normal" | "severe"; None means normal
    service_interval_km: int | None = None
    service_interval_months: int | None = None


@dataclass(frozen=True)
class Visit:
    visit_id: str
    vin: str
    visited_on: date
    odometer_km: int | None = None
    kind: str | None = None
    amount: float | None = None
    advisor: str | None = None
    complaint: str | None = None


@dataclass(frozen=True)
class Contact:
    customer_id: str
    contacted_on: date
    channel: str | None = None
    touchpoint: str | None = None
    outcome: str | None = None
    staff: str | None = None
    next_contact_on: date | None = None
    score: int | None = None
    note: str | None = None
    seq: int = 0  # insertion order: breaks ties between contacts of one day


@dataclass(frozen=True)
class StageChange:
    """A change of a customer's stage or intent level made by hand (``log``, ``customer edit``).

    ``*_from``/``*_to`` are None when that column did not change. ``touchpoint``: what the
    contact that made it answered (``lost.verify`` for a manager's verification).
    """

    customer_id: str
    changed_on: date
    stage_from: str | None = None
    stage_to: str | None = None
    level_from: str | None = None
    level_to: str | None = None
    staff: str | None = None
    touchpoint: str | None = None
    seq: int = 0


@dataclass(frozen=True)
class Campaign:
    campaign_id: str
    name: str = ""
    kind: str = "event"
    starts_on: date | None = None
    ends_on: date | None = None
    target_models: tuple[str, ...] = ()
    target_stages: tuple[str, ...] = ()
    target_grades: tuple[str, ...] = ()
    vins: tuple[str, ...] = ()
    store: str | None = None  # a dealer group's store that runs it (issue 8); blank: every store


@dataclass(frozen=True)
class CustomerFile:
    """Everything the rules read about one customer.

    ``visits`` are the visits of the customer's vehicles, oldest first;
    ``contacts`` are oldest first (by ``contacted_on`` then ``seq``);
    ``referrals`` are the customers whose ``referred_by`` is this customer.
    The loaders may leave out contacts that cannot change any verdict.
    """

    customer: Customer
    vehicles: tuple[Vehicle, ...] = ()
    visits: tuple[Visit, ...] = ()
    contacts: tuple[Contact, ...] = ()
    referrals: tuple[Customer, ...] = ()


@dataclass(frozen=True)
class Dealership:
    """What every customer's evaluation shares: staff and campaigns."""

    staff: tuple[Staff, ...] = ()
    campaigns: tuple[Campaign, ...] = ()


# --- what the rules return ---------------------------------------------------------

#: how an unsatisfied item ends (SPEC section 3, Lapsing):
#: "greeting" lapses the day after due_on; "one_off" is missed missed_after_days
#: after due_on; "recurring" stays listed, overdue, until satisfied.
Lapse = Literal["greeting", "one_off", "recurring"]


@dataclass(frozen=True, slots=True)
class Proposal:
    """A rule's claim: this touchpoint's window for this customer (and vehicle).

    The engine, not the rule, decides whether it is due today: window open,
    lapsed or missed, satisfied by a contact, suppressed.
    ``staff`` is set only when the rule itself names who calls
    (``lead.promised``: who logged the promise); otherwise the engine assigns
    from ``role``. ``lapses_on``: a first notice that gives way to a second
    one lapses that day even if it is not yet due.
    """

    touchpoint: str
    opens_on: date
    due_on: date
    role: str
    channel: str
    reason: Message
    lapse: Lapse
    vin: str | None = None
    staff: str | None = None
    lapses_on: date | None = None
    flags: tuple[str, ...] = ()  # e.g. "level_stale" (seed 004: 客户级别无进展)
    #: a manager item's team (SPEC 3 assignment): the staff member whose work it concerns (a visit's
    #: advisor for a service complaint); None: the customer's owner
    concerns: str | None = None
    #: the day its reason counts ``days`` from ("ended 8 days ago" reads 9 the next day): a listed item's
    #: reason says so on its own day; None: the reason holds as it is
    days_since: date | None = None
    #: a first notice's second (SPEC Lapsing): what the rule proposes from ``lapses_on`` on, so an agenda
    #: plans both and need not be made again that day; None: nothing known to follow
    then: "Proposal | None" = None


@dataclass(frozen=True, slots=True)
class NotApplicable:
    """A rule's answer when it has nothing for this customer, and why (for ``followup why``)."""

    touchpoint: str
    why: Message
    vin: str | None = None


Status = Literal["due", "not_yet", "satisfied", "lapsed", "missed", "suppressed", "not_applicable"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The engine's answer for one rule and one customer (and vehicle) on one day."""

    customer_id: str
    touchpoint: str
    status: Status
    why: Message  # the reason it is due, or why it is not
    vin: str | None = None
    opens_on: date | None = None
    due_on: date | None = None
    role: str | None = None
    staff: str | None = None
    channel: str | None = None


@dataclass(frozen=True, slots=True)
class DueItem:
    """One touchpoint due today for one customer: a row of the JSON call list."""

    customer_id: str
    name: str
    phone: str | None
    vin: str | None
    touchpoint: str
    opens_on: date
    due_on: date
    overdue_days: int
    priority: float
    staff: str | None
    role: str
    channel: str
    reason: Message
    within_capacity: bool = True
    flags: tuple[str, ...] = field(default=())  # e.g. "wrong_number": the phone was reported wrong
    #: every (staff, touchpoint) due for the customer today when several staff members have them, shared
    #: by the customer's items; ``colleagues()`` leaves out the item's own staff (SPEC: ``also``)
    also: tuple[tuple[str | None, str], ...] = ()
    store: str | None = None  # the customer's store: an unassigned item is on its managers' lists
    notes: str | None = None  # the customer's notes (shown on the row)

    def colleagues(self) -> tuple[tuple[str | None, str], ...]:
        """SPEC ``also``: the other staff members' items for the same customer today."""
        return tuple(pair for pair in self.also if pair[0] != self.staff)
