"""The rule engine: every rule's proposal, judged against the contact log, assigned, ranked and capped.

``evaluate(file, ctx)`` answers ``followup why``: one :class:`Verdict` per
rule answer. ``due_items(files, dealership, policy, today)`` answers
``followup due``: the ranked :class:`DueList` of every item due today.

Rules propose windows; the engine decides, in this order (SPEC 3):
suppressed (Suppression 1-4) -> not_yet (window not open) -> satisfied (a
counting reaching contact on/after ``opens_on``) -> lapsed (greetings after
``due_on``; first notices once ``lapses_on`` comes) -> missed (one-off items
more than ``general.missed_after_days`` past due) -> due.

Because suppression comes first, an item cleared by a call logged today
reads "already reached today" until tomorrow, when it reads "done".

Everything is judged "as of today": contacts and visits dated after
``today`` are ignored, so the same data gives the same answer whichever day
it was loaded on. Records are put in a canonical order first, so the order
the loaders give them in never changes a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import islice
from operator import attrgetter, lt
from types import MappingProxyType
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple, Sequence

from followup_cli.message import Message, N_
from followup_cli.rules import catalogue, service
from followup_cli.rules.assign import StaffBook, assign, staff_book
from followup_cli.rules.churn import churn_state
from followup_cli.rules.context import BOUNDS, Rule, RuleContext
from followup_cli.rules.model import (
    ATTEMPTS,
    CALL_CHANNELS,
    REACHING,
    TOUCHPOINTS,
    Contact,
    CustomerFile,
    Dealership,
    DueItem,
    NotApplicable,
    Proposal,
    Verdict,
)
from followup_cli.rules.policy import Policy
from followup_cli.rules.catalogue import NEVER_CUT
from followup_cli.rules.rank import Priorities, apply_capacity, capacities, customer_factor, overdue_days, priorities, ranked
from followup_cli.rules.satisfy import (
    HELD,
    MARKETING,
    NO_MARKETING,
    ContactLog,
    allowed_when_lost,
    held,
    done_by,
    failed_attempts,
    lost_for_good,
    lost_stage,
    opted_out,
    reached_today,
    satisfying_contact,
)

#: every rule, once, in SPEC 3 catalogue order (derived from the touchpoint declarations)
RULES: tuple[Rule, ...] = catalogue.RULES

_CATALOGUE = MappingProxyType({tp: i for i, tp in enumerate(TOUCHPOINTS)})


#: the rules that can propose what a customer lost to a competitor still gets (SPEC Suppression 3:
#: ``lost.*``, ``campaign.invite``, ``occasion.holiday``); ``due_items`` runs only these for them
_WHEN_LOST: tuple[Rule, ...] = catalogue.WHEN_LOST_RULES


@dataclass(frozen=True)
class Judgement:
    """A verdict with what ``due_items`` needs beyond it: the proposal and its flags."""

    verdict: Verdict
    proposal: Proposal | None = None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class DueList:
    """What is due today, ranked.

    ``items``: every due item in rank order; those beyond their staff
    member's capacity have ``within_capacity=False``. ``cut``: customers cut
    per staff code. ``missed``: one-off items that became missed in the
    counted period (``missed_since`` to today; default today), per staff
    code (None: unassigned), for ``report workload``.
    """

    items: tuple[DueItem, ...] = ()
    cut: Mapping[str | None, int] = field(default_factory=dict)
    missed: Mapping[str | None, int] = field(default_factory=dict)

    def within_capacity(self) -> tuple[DueItem, ...]:
        return tuple(i for i in self.items if i.within_capacity)


# --- judging one customer ------------------------------------------------------------------------


def _contact_key(c: Contact) -> tuple:
    return (
        c.contacted_on,
        c.seq,
        c.staff or "",
        c.touchpoint or "",
        c.outcome or "",
        c.channel or "",
        c.next_contact_on or date.min,
        -1 if c.score is None else c.score,
        c.note or "",
    )


def _in_order(records: Sequence, key: Callable[[Any], Any]) -> bool:
    """Strictly increasing by ``key``: already canonical, nothing to sort."""
    keys = list(map(key, records))
    return all(map(lt, keys, islice(keys, 1, None)))


_contact_day_seq = attrgetter("contacted_on", "seq")
_visit_day_id = attrgetter("visited_on", "visit_id")
_vin = attrgetter("vin")
_customer_id = attrgetter("customer_id")


def as_of(file: CustomerFile, today: date) -> CustomerFile:
    """The file as it stood on ``today``, in canonical order (so input order never matters)."""
    contacts, visits = file.contacts, file.visits
    if contacts and not (contacts[-1].contacted_on <= today and _in_order(contacts, _contact_day_seq)):
        contacts = tuple(sorted((c for c in contacts if c.contacted_on <= today), key=_contact_key))
    if visits and not (visits[-1].visited_on <= today and _in_order(visits, _visit_day_id)):
        visits = tuple(sorted((v for v in visits if v.visited_on <= today), key=_visit_day_id))
    vehicles, referrals = file.vehicles, file.referrals
    if len(vehicles) > 1 and not _in_order(vehicles, _vin):
        vehicles = tuple(sorted(vehicles, key=_vin))
    if len(referrals) > 1 and not _in_order(referrals, _customer_id):
        referrals = tuple(sorted(referrals, key=_customer_id))
    if (
        contacts is file.contacts
        and visits is file.visits
        and vehicles is file.vehicles
        and referrals is file.referrals
    ) or (contacts, visits, vehicles, referrals) == (file.contacts, file.visits, file.vehicles, file.referrals):
        return file
    return CustomerFile(file.customer, vehicles, visits, contacts, referrals)


class _Shared:
    """What every customer's evaluation on one day shares: the staff book and the engine's settings."""

    __slots__ = (
        "ctx", "book", "missed_after", "attempts_before_sms", "sms", "low_score_max", "lost_for_good", "_missed_after",
        "ordinary_rules",
    )

    def __init__(self, ctx: RuleContext):
        policy = ctx.policy
        self.ctx = ctx
        self.book = staff_book(ctx.dealership, ctx.memo)
        self.missed_after = timedelta(days=int(policy.get("general.missed_after_days")))
        self.attempts_before_sms = int(policy.get("general.failed_attempts_before_sms"))
        self.sms = str(policy.get("general.crm_channel"))
        self.low_score_max = int(policy.get("complaint.reply.low_score_max"))
        self.lost_for_good = int(policy.get("churn.lost_for_good_months"))
        self._missed_after: dict[str, timedelta] = {}
        #: the catalogue for a customer none of whose visits can be an important customer's
        self.ordinary_rules = tuple(rule for rule in RULES if rule not in service.IMPORTANT_RULES)

    def missed_after_of(self, touchpoint: str) -> timedelta:
        """SPEC Lapsing: ``<touchpoint>.missed_after_days``, else ``general.missed_after_days``."""
        found = self._missed_after.get(touchpoint)
        if found is None:
            policy = self.ctx.policy
            key = f"{touchpoint}.missed_after_days"
            found = timedelta(days=int(policy.get(key))) if policy.has(key) else self.missed_after
            self._missed_after[touchpoint] = found
        return found


def _shared(ctx: RuleContext) -> _Shared:
    """The shared answers for ``ctx``, kept in its memo (judge runs per customer)."""
    found = ctx.memo.get(_Shared)
    if found is None:
        found = ctx.memo[_Shared] = _Shared(ctx)
    return found


class _Evaluation:
    """One customer on one day: the file as of today, its contact log, and the customer-wide answers."""

    def __init__(self, file: CustomerFile, ctx: RuleContext, shared: _Shared | None = None):
        self.file = file
        self.ctx = ctx
        shared = shared or _shared(ctx)
        self.shared = shared
        self.book = shared.book
        contacts = file.contacts
        self.log = ContactLog(contacts)
        # only reaching contacts satisfy and only attempts count as tries: each question scans its own kind
        reaching = [c for c in contacts if c.outcome in REACHING]
        self.reaching = self.log if len(reaching) == len(contacts) else ContactLog(reaching)
        attempts = [c for c in contacts if c.outcome in ATTEMPTS]
        self.attempts = ContactLog(attempts)
        self.attempted = bool(attempts)
        self._general: Message | None = None
        self._today: Message | None = None
        self._done = False
        self._complaint: date | None | bool = False  # False: not yet asked
        self._important: bool | None = None  # service.may_be_important, asked once

    def _customer_wide(self) -> None:
        self._done = True
        ctx = self.ctx
        self._general = opted_out(self.file)
        if self._general is None and churn_state(self.file, ctx.today, ctx.policy, ctx.memo) == "lost_for_good":
            self._general = lost_for_good(self.shared.lost_for_good)
        self._today = reached_today(self.log, ctx.today)

    def general(self) -> Message | None:
        """SPEC Suppression 1-2 (opted out, lost for good): the customer gets nothing at all."""
        if not self._done:
            self._customer_wide()
        return self._general

    def silent(self) -> Message | None:
        """Why nothing at all is due for the customer today: Suppression 1-2, or 4 (already reached today)."""
        if not self._done:
            self._customer_wide()
        return self._general or self._today

    def may_be_important(self) -> bool:
        if self._important is None:
            self._important = service.may_be_important(self.file)
        return self._important

    def rules(self) -> tuple[Rule, ...]:
        """The rules that can propose anything for this customer: only ``_WHEN_LOST`` for a customer lost to a
        competitor (Suppression 3); the manager's callback and follow-ups only if ``service.may_be_important``."""
        if self.file.customer.stage == "lost":
            return _WHEN_LOST
        return RULES if self.may_be_important() else self.shared.ordinary_rules

    def static_suppression(self, touchpoint: str) -> Message | None:
        """SPEC Suppression 3 and 6: what the customer's record rules out whatever the day."""
        customer = self.file.customer
        if customer.stage == "lost" and not allowed_when_lost(touchpoint):
            return lost_stage()
        if customer.no_marketing and touchpoint in MARKETING:
            return NO_MARKETING
        return None

    def consider(self, p: Proposal, complaint: bool) -> Entry | _Decision:
        """THE decision on one proposal, as far as it does not depend on the day (SPEC 3): who calls, on
        which channel, with which flags; a :class:`_Decision` when it is settled for good (suppressed by
        the customer's record, satisfied, lapsed), else the :class:`Entry` that :func:`status_on` judges
        on any day of the plan."""
        today = self.ctx.today
        touchpoint = p.touchpoint
        staff = assign(p, self.file, self.book)
        channel, flags = p.channel, p.flags
        if self.attempted:
            tries = failed_attempts(self.attempts, touchpoint, p.opens_on, staff)
            if len(tries) >= self.shared.attempts_before_sms and channel != self.shared.sms:
                channel, flags = self.shared.sms, flags + ("switched_to_sms",)
            if any(c.outcome == "wrong_number" for c in tries):
                flags += ("wrong_number",)
        if staff is None:
            flags += ("unassigned",)
        suppressed = self.general() or self.static_suppression(touchpoint)
        if suppressed is not None:
            return _Decision("suppressed", staff, channel, flags, suppressed)
        greeting = p.lapse == "greeting"
        closes_on = p.lapses_on
        if greeting:
            after = p.due_on + _ONE_DAY
            closes_on = after if closes_on is None or after < closes_on else closes_on
        if p.opens_on <= today:
            if self.reaching.contacts:
                done = satisfying_contact(
                    self.reaching, touchpoint, p.opens_on, staff, p.due_on if greeting else None, self.shared.low_score_max
                )
                if done is not None:
                    return _Decision("satisfied", staff, channel, flags, done)
            if closes_on is not None and closes_on <= today and self._today is None:
                return _Decision("lapsed", staff, channel, flags, _lapsed_on(p, today))
        missed_on = p.due_on + self.shared.missed_after_of(touchpoint) + _ONE_DAY if p.lapse == "one_off" else None
        return Entry(
            touchpoint,
            p.vin,
            p.opens_on,
            p.due_on,
            closes_on,
            missed_on,
            staff,
            p.role,
            channel,
            p.reason,
            flags,
            touchpoint in HELD,
            complaint,
            p.days_since,
        )

    def entries(self) -> list[tuple[Proposal, Entry | _Decision]]:
        """Every proposal of the customer's rules with its :meth:`consider` answer."""
        out = []
        for rule in self.rules():
            complaint = rule in service.COMPLAINT_RULES
            for p in rule(self.file, self.ctx):
                if not isinstance(p, NotApplicable):
                    out.append((p, self.consider(p, complaint)))
        return out


_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Entry:
    """One open item of a customer's plan: a proposal judged as far as the day does not matter.

    ``closes_on``: the first day it is no longer listed (it lapsed: ``lapses_on``, or the day after a
    greeting's due day; None: never). ``missed_on``: a one-off item's first missed day. ``held``: it waits
    while a complaint is open (Suppression 5); ``complaint``: while it is due, the customer's complaint is
    open.
    """

    touchpoint: str
    vin: str | None
    opens_on: date
    due_on: date
    closes_on: date | None
    missed_on: date | None
    staff: str | None
    role: str
    channel: str
    reason: Message
    flags: tuple[str, ...]
    held: bool
    complaint: bool
    days_since: date | None = None  # the reason's ``days`` count from this day (``Proposal.days_since``)


def status_on(entry: Entry, day: date, complaint_open: bool) -> str:
    """THE decision of ``day`` on an entry (SPEC 3, in its order): held (suppressed), not_yet, lapsed,
    missed or due."""
    if entry.held and complaint_open:
        return "suppressed"
    if entry.opens_on > day:
        return "not_yet"
    if entry.closes_on is not None and entry.closes_on <= day:
        return "lapsed"
    if entry.missed_on is not None and entry.missed_on <= day:
        return "missed"
    return "due"


def complaint_since(entries: Iterable[Entry], day: date) -> date | None:
    """SPEC Suppression 5: the day the customer's open complaint opened (a complaint item due on ``day``)."""
    since = None
    for e in entries:
        if e.complaint and status_on(e, day, False) == "due" and (since is None or e.opens_on < since):
            since = e.opens_on
    return since


def _lapsed_on(p: Proposal, day: date) -> date:
    """The day a lapsed proposal lapsed, as ``why`` says it: its ``lapses_on`` if that has come, else the
    day after a greeting's due day."""
    if p.lapses_on is not None and p.lapses_on <= day:
        return p.lapses_on
    return p.due_on + _ONE_DAY


class _Decision(NamedTuple):
    status: str
    staff: str | None
    channel: str
    flags: tuple[str, ...]
    detail: Message | Contact | date | None = None  # suppressed: why; satisfied: the contact; lapsed: the day


def _why(p: Proposal, d: _Decision) -> Message:
    if d.status == "suppressed" and isinstance(d.detail, Message):
        return d.detail
    if d.status == "satisfied" and isinstance(d.detail, Contact):
        return done_by(d.detail)
    if d.status == "not_yet":
        return Message.of(N_("opens on {date}: {reason}"), date=p.opens_on, reason=p.reason)
    if d.status == "lapsed":
        return Message.of(N_("lapsed on {date}: {reason}"), date=d.detail, reason=p.reason)
    if d.status == "missed":
        return Message.of(N_("missed: was due on {date}: {reason}"), date=p.due_on, reason=p.reason)
    return p.reason


def _catalogue_order(j: Judgement) -> tuple[int, str]:
    return (_CATALOGUE.get(j.verdict.touchpoint, len(_CATALOGUE)), j.verdict.vin or "")


def judge(file: CustomerFile, ctx: RuleContext) -> list[Judgement]:
    """Every rule's answer for one customer, judged; catalogue order (then vehicle)."""
    file = as_of(file, ctx.today)
    run = _Evaluation(file, ctx)
    today = ctx.today
    cid = file.customer.customer_id
    answered: list[tuple[Proposal | NotApplicable, Entry | _Decision | None]] = []
    for rule in RULES:
        complaint = rule in service.COMPLAINT_RULES
        for answer in rule(file, ctx):
            answered.append((answer, None if isinstance(answer, NotApplicable) else run.consider(answer, complaint)))
    entries = [d for _, d in answered if isinstance(d, Entry)]
    # Suppression 4 first: a customer reached today has no complaint open today either
    since = complaint_since(entries, today) if run.silent() is None else None
    out: list[Judgement] = []
    for answer, considered in answered:
        if isinstance(answer, NotApplicable):
            out.append(Judgement(Verdict(cid, answer.touchpoint, "not_applicable", answer.why, vin=answer.vin)))
            continue
        p = answer
        if since is not None and p.touchpoint in HELD and not (
            isinstance(considered, _Decision) and considered.status == "suppressed"
        ):
            # Suppression 5 comes before anything the day decides (SPEC 3 order)
            d = _Decision("suppressed", considered.staff, considered.channel, considered.flags, held(since))
        elif isinstance(considered, Entry):
            e = considered
            status = status_on(e, today, False)
            if status in ("due", "missed", "lapsed") and run._today is not None:
                d = _Decision("suppressed", e.staff, e.channel, e.flags, run._today)
            else:
                d = _Decision(status, e.staff, e.channel, e.flags, _lapsed_on(p, today) if status == "lapsed" else None)
        else:
            d = considered
        verdict = Verdict(
            customer_id=cid,
            touchpoint=p.touchpoint,
            status=d.status,  # type: ignore[arg-type]
            why=_why(p, d),
            vin=p.vin,
            opens_on=p.opens_on,
            due_on=p.due_on,
            role=p.role,
            staff=d.staff,
            channel=d.channel,
        )
        out.append(Judgement(verdict, p, d.flags))
    out.sort(key=_catalogue_order)
    return out


def evaluate(file: CustomerFile, ctx: RuleContext) -> list[Verdict]:
    """Every rule's verdict for one customer on ``ctx.today`` (``followup why``)."""
    return [j.verdict for j in judge(file, ctx)]


# --- the plan: what a customer's list holds until a day it may change -------------------------------------

#: the latest day a plan can run to (nothing in the customer's records or the calendar changes it)
FOREVER = date(9999, 12, 31)
#: how long a plan keeps a one-off item after it was missed: a list counts the items missed since a day at
#: most this long before the plan's day (``report workload`` counts the last 7 days)
MISSED_KEPT = timedelta(days=31)


@dataclass(frozen=True, slots=True)
class Plan:
    """A customer's agenda (issue 19): the open items from ``planned_on`` until ``valid_until`` (exclusive),
    the day anything about the customer may change without a write; ``factor``: the customer's ranking
    factor (None: nothing to rank). ``name`` to ``notes``: what a listed item shows of the customer."""

    customer_id: str
    planned_on: date
    valid_until: date
    factor: float | None
    entries: tuple[Entry, ...]
    name: str = ""
    phone: str | None = None
    store: str | None = None
    notes: str | None = None

    def covers(self, day: date) -> bool:
        return self.planned_on <= day < self.valid_until


def plan(file: CustomerFile, ctx: RuleContext, missed_since: date | None = None) -> Plan:
    """``plan(customer_file, today) -> (items, valid_until)`` (issue 19): the customer's open items on
    ``ctx.today`` and the first later day on which any of them may change without a write: a day a rule
    compares today with (:func:`rules.context.until`), a record dated after today, a notice giving way
    to the next. :func:`listing` of the plan on any day it covers is :func:`due_items` of the file on that
    day (a Hypothesis property holds the two together). One-off items missed before ``missed_since``
    (at the latest ``MISSED_KEPT`` before today) are left out."""
    today = ctx.today
    kept_from = today - MISSED_KEPT if missed_since is None else min(missed_since, today - MISSED_KEPT)
    customer = file.customer
    bounds: list[date] = []
    ctx.memo[BOUNDS] = bounds
    try:
        current = as_of(file, today)
        run = _Evaluation(current, ctx)
        entries: list[Entry] = []
        factor = None
        if run.silent() is None:
            for p, considered in run.entries():
                follow = p.then
                if follow is None and p.lapses_on is not None:
                    bounds.append(p.lapses_on)  # another proposal from then on: plan again that day
                if follow is not None:  # the first notice gives way to the second: planned now, listed then
                    second = run.consider(follow, isinstance(considered, Entry) and considered.complaint)
                    if isinstance(second, Entry):
                        entries.append(second)
                if isinstance(considered, Entry):
                    if considered.missed_on is not None and considered.missed_on < kept_from:
                        continue  # missed long ago: nothing to list or count any more
                    entries.append(considered)
            if entries:
                factor = customer_factor(current, today, ctx.policy, ctx.memo)
    finally:
        del ctx.memo[BOUNDS]
    valid_until = _records_change(file, today)
    for day in bounds:
        if today < day < valid_until:
            valid_until = day
    return Plan(
        customer.customer_id, today, valid_until, factor, tuple(entries),
        customer.name, customer.phone, customer.store, customer.notes,
    )


def _records_change(file: CustomerFile, today: date) -> date:
    """The first day after ``today`` on which the records themselves read otherwise: a contact, a visit, a
    delivery or a referral dated after today comes into the history; anything dated today (a reaching
    contact: Suppression 4) reads as the past from tomorrow."""
    tomorrow = today + _ONE_DAY
    first = FOREVER
    for days in (
        (c.contacted_on for c in file.contacts),
        (v.visited_on for v in file.visits),
        (v.delivered_on for v in file.vehicles),
        (r.created_on for r in file.referrals),
    ):
        for day in days:
            if day is not None and day >= today:
                found = tomorrow if day == today else day
                if found < first:
                    first = found
    return first


def listing(
    p: Plan,
    day: date,
    weights: Priorities,
    items: list[DueItem],
    missed: dict[str | None, int],
    counted_from: date,
    one_copy: dict,
) -> None:
    """Add to ``items`` what ``p`` lists on ``day`` (one of its days), and count in ``missed`` the one-off
    items that became missed from ``counted_from`` (at most ``MISSED_KEPT`` before the plan's day) to
    ``day`` (per staff code)."""
    entries = p.entries
    if not entries:
        return
    complaint_open = False
    for e in entries:
        if e.complaint and status_on(e, day, False) == "due":
            complaint_open = True
            break
    first = len(items)
    shared_copy = one_copy.setdefault
    for e in entries:
        status = status_on(e, day, complaint_open)
        if status == "due":
            late = overdue_days(e.due_on, day)
            priority = weights.priority(e.touchpoint, p.factor, late)
            items.append(
                DueItem(
                    customer_id=p.customer_id,
                    name=p.name,
                    phone=p.phone,
                    vin=e.vin,
                    touchpoint=e.touchpoint,
                    opens_on=shared_copy(e.opens_on, e.opens_on),
                    due_on=shared_copy(e.due_on, e.due_on),
                    overdue_days=late,
                    priority=shared_copy(priority, priority),
                    staff=e.staff,
                    role=e.role,
                    channel=e.channel,
                    reason=shared_copy(e.reason, e.reason) if e.days_since is None else counted_reason(e.reason, e.days_since, day),
                    flags=e.flags,
                    store=p.store,
                    notes=p.notes,
                )
            )
        elif status == "missed" and counted_from <= e.missed_on <= day:  # type: ignore[operator]
            missed[e.staff] = missed.get(e.staff, 0) + 1
    if len(items) - first > 1:
        _colleagues(items, first, one_copy)


def counted_reason(reason: Message, since: date, day: date) -> Message:
    """``reason`` with its ``days`` counted from ``since`` to ``day`` (Proposal.days_since)."""
    days = (day - since).days
    return Message(reason.msgid, tuple((name, days if name == "days" else value) for name, value in reason.params))


def day_list(
    plans: Iterable[Plan],
    dealership: Dealership,
    policy: Policy,
    day: date,
    missed_since: date | None = None,
    capped: bool = True,
) -> DueList:
    """The ranked list of ``day`` from plans that cover it, capped per staff member like :func:`due_items`."""
    weights = priorities(policy)
    items: list[DueItem] = []
    missed: dict[str | None, int] = {}
    # A dealer group's list holds a quarter of a million items but only some thousands of distinct
    # reasons, days and priorities (the same "service due on ..." for everyone serviced that day):
    # each item refers to the one copy kept here, which halves the list's memory.
    one_copy: dict = {}
    counted_from = missed_since or day
    for p in plans:
        listing(p, day, weights, items, missed, counted_from, one_copy)
    return _ranked_list(items, missed, dealership, policy, capped)


class DayCounts(NamedTuple):
    """What ``report forecast`` reads of a day's list: customers and items within capacity per staff
    member (None: nobody can take it), items within capacity in all, customers cut per staff member."""

    calls: dict[str | None, int]
    items: int
    cut: dict[str | None, int]


class StaffDay(NamedTuple):
    """``report workload``'s counts of a day's list, per staff member (None: nobody can take it):
    customers and items within capacity, customers with an item overdue (cut or not), customers cut, and
    one-off items missed since a day."""

    calls: dict[str | None, int]
    items: dict[str | None, int]
    overdue: dict[str | None, int]
    cut: dict[str | None, int]
    missed: dict[str | None, int]


def staff_day(due: DueList) -> StaffDay:
    """A day's list (capped, with its missed items counted) counted per staff member."""
    called: dict[str | None, set[str]] = {}
    late: dict[str | None, set[str]] = {}
    items: dict[str | None, int] = {}
    for item in due.items:
        if item.within_capacity:
            items[item.staff] = items.get(item.staff, 0) + 1
            called.setdefault(item.staff, set()).add(item.customer_id)
        if item.overdue_days > 0:
            late.setdefault(item.staff, set()).add(item.customer_id)
    return StaffDay(
        {staff: len(ids) for staff, ids in called.items()}, items, {staff: len(ids) for staff, ids in late.items()},
        {staff: n for staff, n in due.cut.items() if n}, {staff: n for staff, n in due.missed.items() if n},
    )


class Pair(NamedTuple):
    """A customer on a staff member's list of a day, as ``report forecast`` counts it: the best rank key
    (``rank.rank_key``, the priority in hundredths) of the customer's calls with that staff member (None:
    no call, or nobody's), the customer's items with them, and how many of those capacity may cut."""

    best: tuple | None
    items: int
    cuttable: int
    late: bool  # an item past its due day


def day_pairs(plans: Iterable[Plan], policy: Policy, day: date) -> dict[tuple[str | None, str], Pair]:
    """(staff, customer) -> :class:`Pair`: :func:`day_list`'s list of ``day`` before capacity, as
    :func:`day_counts` counts it."""
    weights = priorities(policy)
    base, cap, per_day = weights.base, weights.cap, weights.per_day
    bases: dict[tuple[str, float], int] = {}
    pairs: dict[tuple[str | None, str], list] = {}
    for p in plans:
        entries = p.entries
        if not entries:
            continue
        # status_on, written out: this loop runs for every entry on every day of a forecast
        complaint_open = False
        for e in entries:
            if (
                e.complaint and e.opens_on <= day and (e.closes_on is None or e.closes_on > day)
                and (e.missed_on is None or e.missed_on > day)
            ):
                complaint_open = True
                break
        cid = p.customer_id
        for e in entries:
            if (
                e.opens_on > day or (e.closes_on is not None and e.closes_on <= day)
                or (e.missed_on is not None and e.missed_on <= day) or (e.held and complaint_open)
            ):
                continue
            staff = e.staff
            found = pairs.get((staff, cid))
            if found is None:
                found = pairs[(staff, cid)] = [None, 0, 0, False]
            found[1] += 1
            if e.due_on < day:
                found[3] = True
            if staff is None or e.channel not in CALL_CHANNELS:
                continue
            if e.touchpoint not in NEVER_CUT:
                found[2] += 1
            # rank.rank_key, written out, with the priority in hundredths (the same order)
            found_base = bases.get((e.touchpoint, p.factor))
            if found_base is None:
                found_base = bases[(e.touchpoint, p.factor)] = base(e.touchpoint, p.factor)
            late = (day - e.due_on).days
            late = 0 if late < 0 else (cap if late > cap else late)
            key = (-(found_base + late * per_day), e.due_on, cid, e.touchpoint, e.vin or "", staff, e.opens_on)
            if found[0] is None or key < found[0]:
                found[0] = key
    return {pair: Pair(*found) for pair, found in pairs.items()}


def day_counts(plans: Iterable[Plan], dealership: Dealership, policy: Policy, day: date) -> DayCounts:
    """:func:`day_list`'s list counted as ``report forecast`` counts it, without making the items: each
    staff member takes customers in the order of their best-ranked call (``rank.rank_key``) up to their
    capacity (``rank.apply_capacity``); the calls of those beyond are cut, except touchpoints never cut.
    A Hypothesis property holds it to counting :func:`day_list`'s items."""
    return counted_pairs(day_pairs(plans, policy, day), dealership, policy)


def counted_pairs(pairs: dict[tuple[str | None, str], Pair], dealership: Dealership, policy: Policy) -> DayCounts:
    """:func:`day_counts` of a day's :func:`day_pairs`: a customer beyond a staff member's capacity keeps
    their items capacity may not cut (and is on the list, within it, if they have any)."""
    capacity = capacities(dealership.staff, policy)
    default = int(policy.get("general.default_daily_capacity"))
    calls: dict[str, list[tuple[tuple, str]]] = {}
    for (staff, cid), pair in pairs.items():
        if pair.best is not None:
            calls.setdefault(staff, []).append((pair.best, cid))  # type: ignore[arg-type]
    beyond: set[tuple[str | None, str]] = set()
    for staff, found in calls.items():
        limit = capacity.get(staff, default)
        if len(found) > limit:
            found.sort()
            beyond.update((staff, cid) for _, cid in found[limit:])
    within: dict[str | None, int] = {}
    cut: dict[str | None, int] = {}
    items = 0
    for key, pair in pairs.items():
        staff = key[0]
        kept = pair.items
        if key in beyond:
            kept -= pair.cuttable
            if pair.cuttable:
                cut[staff] = cut.get(staff, 0) + 1
        items += kept
        if kept:
            within[staff] = within.get(staff, 0) + 1
    return DayCounts(within, items, dict(sorted(cut.items())))


def _ranked_list(
    items: list[DueItem], missed: dict[str | None, int], dealership: Dealership, policy: Policy, capped: bool
) -> DueList:
    missed_by = dict(sorted(missed.items(), key=lambda kv: kv[0] or ""))
    if not capped:
        return DueList(tuple(ranked(items)), {}, missed_by)
    listed, cut = apply_capacity(
        ranked(items),
        capacities(dealership.staff, policy),
        int(policy.get("general.default_daily_capacity")),
    )
    return DueList(tuple(listed), cut, missed_by)


def plans(
    files: Iterable[CustomerFile], dealership: Dealership, policy: Policy, today: date, missed_since: date | None = None
) -> Iterator[Plan]:
    """Every customer's :func:`plan` on ``today``."""
    ctx = RuleContext(today=today, policy=policy, dealership=dealership)
    for file in files:
        yield plan(file, ctx, missed_since)


class DayLists:
    """The lists of the coming days from one set of plans (``report forecast``, ``report workload``): each
    day's list is made from the plans that cover it; a plan that has run out is made again on that day
    from the customer's records (``files_of(customer_ids, day)``), nothing else re-evaluated. Nothing is
    logged in between: a day's list is what it would be if nobody called."""

    def __init__(
        self,
        plans: Iterable[Plan],
        files_of: Callable[[Sequence[str], date], Iterable[CustomerFile]],
        dealership: Dealership,
        policy: Policy,
        until: date | None = None,
    ):
        self.plans = list(plans)
        self.files_of = files_of
        self.dealership = dealership
        self.policy = policy
        self.until = until  # no day from then on is asked for: entries opening then are let go

    @classmethod
    def of_files(cls, files: Iterable[CustomerFile], dealership: Dealership, policy: Policy, today: date) -> DayLists:
        """From the files themselves as they stand on ``today`` (kept, for the plans that run out)."""
        by_id = {f.customer.customer_id: as_of(f, today) for f in files}
        return cls(
            plans(by_id.values(), dealership, policy, today),
            lambda ids, day: (by_id[i] for i in ids),
            dealership,
            policy,
        )

    def _cover(self, day: date) -> None:
        stale = [p.customer_id for p in self.plans if not p.covers(day)]
        if stale:
            fresh = {p.customer_id: self._within(p) for p in plans(self.files_of(stale, day), self.dealership, self.policy, day)}
            self.plans = [fresh.get(p.customer_id, p) if not p.covers(day) else p for p in self.plans]

    def _within(self, p: Plan) -> Plan:
        until = self.until
        if until is None or all(e.opens_on < until for e in p.entries):
            return p
        return replace(p, entries=tuple(e for e in p.entries if e.opens_on < until))

    def on(self, day: date, missed_since: date | None = None, capped: bool = True) -> DueList:
        self._cover(day)
        return day_list(self.plans, self.dealership, self.policy, day, missed_since, capped)

    def counts(self, day: date) -> DayCounts:
        """:func:`day_counts` of ``day`` (``report forecast``)."""
        return counted_pairs(self.pairs(day), self.dealership, self.policy)

    def pairs(self, day: date) -> dict[tuple[str | None, str], Pair]:
        """:func:`day_pairs` of ``day``."""
        self._cover(day)
        return day_pairs(self.plans, self.policy, day)


# --- the day's list ----------------------------------------------------------------------------------


def due_items(
    files: Iterable[CustomerFile],
    dealership: Dealership,
    policy: Policy,
    today: date,
    missed_since: date | None = None,
    capped: bool = True,
) -> DueList:
    """Every item due on ``today`` across ``files``, ranked and capped per staff member
    (``capped=False``: every item within capacity, nothing cut: ``followup due --all``): the plans of
    ``today``, listed."""
    return day_list(plans(files, dealership, policy, today, missed_since), dealership, policy, today, missed_since, capped)


def _colleagues(items: list[DueItem], first: int, one_copy: dict) -> None:
    """SPEC ``also``: one customer's new items (``items[first:]``) share one tuple of every (staff,
    touchpoint) due for the customer today, when more than one staff member has them; each renderer
    leaves out the item's own staff (``DueItem.colleagues``). One tuple per customer, not per item: a
    dealer group's list holds a quarter of a million items.

    The items are the engine's own, not yet handed out: ``also`` is set in place.
    """
    mine = items[first:]
    if len({i.staff for i in mine}) < 2:
        return
    pairs = tuple(sorted({(i.staff, i.touchpoint) for i in mine}, key=lambda st: (st[0] or "", st[1])))
    pairs = tuple(one_copy.setdefault(pair, pair) for pair in pairs)  # the same pairs recur for many customers
    for item in mine:
        object.__setattr__(item, "also", pairs)


__all__ = [
    "RULES", "DueList", "Entry", "Judgement", "Plan", "StaffBook", "assign", "day_list", "due_items", "evaluate", "judge", "plan",
]
