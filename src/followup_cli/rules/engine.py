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

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice
from operator import attrgetter, lt
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple, Sequence

from followup_cli.message import Message, N_
from followup_cli.rules import catalogue, service
from followup_cli.rules.assign import StaffBook, assign, staff_book
from followup_cli.rules.churn import churn_state
from followup_cli.rules.context import Rule, RuleContext
from followup_cli.rules.model import (
    ATTEMPTS,
    REACHING,
    TOUCHPOINTS,
    Contact,
    CustomerFile,
    Dealership,
    DueItem,
    NotApplicable,
    Proposal,
    Verdict,
    Visit,
)
from followup_cli.rules.policy import Policy
from followup_cli.rules.rank import apply_capacity, capacities, customer_factor, overdue_days, priorities, ranked
from followup_cli.rules.satisfy import (
    HELD,
    MARKETING,
    NO_MARKETING,
    ContactLog,
    allowed_when_lost,
    held,
    held_while_complaint,
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

_CATALOGUE = {tp: i for i, tp in enumerate(TOUCHPOINTS)}


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
        "ctx", "book", "missed_after", "attempts_before_sms", "sms", "low_score_max", "lost_for_good", "_missed_after"
    )

    def __init__(self, ctx: RuleContext):
        policy = ctx.policy
        self.ctx = ctx
        self.book = staff_book(ctx.dealership)
        self.missed_after = timedelta(days=int(policy.get("general.missed_after_days")))
        self.attempts_before_sms = int(policy.get("general.failed_attempts_before_sms"))
        self.sms = str(policy.get("general.crm_channel"))
        self.low_score_max = int(policy.get("complaint.reply.low_score_max"))
        self.lost_for_good = int(policy.get("churn.lost_for_good_months"))
        self._missed_after: dict[str, timedelta] = {}

    def missed_after_of(self, touchpoint: str) -> timedelta:
        """SPEC Lapsing: ``<touchpoint>.missed_after_days``, else ``general.missed_after_days``."""
        found = self._missed_after.get(touchpoint)
        if found is None:
            policy = self.ctx.policy
            key = f"{touchpoint}.missed_after_days"
            found = timedelta(days=int(policy.get(key))) if policy.has(key) else self.missed_after
            self._missed_after[touchpoint] = found
        return found


_SHARED: _Shared | None = None


def _shared(ctx: RuleContext) -> _Shared:
    """The shared answers for ``ctx`` (kept while the same context is in use: judge runs per customer)."""
    global _SHARED
    shared = _SHARED
    if shared is None or shared.ctx is not ctx:
        shared = _SHARED = _Shared(ctx)
    return shared


class _Evaluation:
    """One customer on one day: the file as of today, its contact log, and the customer-wide answers."""

    def __init__(self, file: CustomerFile, ctx: RuleContext, shared: _Shared | None = None):
        self.file = file
        self.ctx = ctx
        shared = shared or _shared(ctx)
        self.shared = shared
        self.book = shared.book
        self.missed_after = shared.missed_after
        self.attempts_before_sms = shared.attempts_before_sms
        self.sms = shared.sms
        self.low_score_max = shared.low_score_max
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

    def complaint_since(self) -> date | None:
        """SPEC Suppression 5: the day the customer's open complaint opened (a ``complaint.reply`` or
        ``service.manager_callback`` item due and not yet satisfied), else None."""
        if self._complaint is False:
            since = None
            if not self._may_complain():
                self._complaint = None
                return None
            for rule in service.COMPLAINT_RULES:
                for p in rule(self.file, self.ctx):
                    if isinstance(p, Proposal) and self.decide(p).status == "due":
                        since = p.opens_on if since is None else min(since, p.opens_on)
            self._complaint = since
        return self._complaint  # type: ignore[return-value]

    def _customer_wide(self) -> None:
        self._done = True
        ctx = self.ctx
        self._general = opted_out(self.file)
        if self._general is None and churn_state(self.file, ctx.today, ctx.policy) == "lost_for_good":
            self._general = lost_for_good(self.shared.lost_for_good)
        self._today = reached_today(self.log, ctx.today)

    def general(self) -> Message | None:
        """SPEC Suppression 1-2 (opted out, lost for good): the customer gets nothing at all."""
        if not self._done:
            self._customer_wide()
        return self._general

    def _may_complain(self) -> bool:
        """A cheap pass first: without a scored-low contact or a visit that may be an important
        customer's (``service.may_be_important``), no complaint can be open."""
        low = self.low_score_max
        return self.may_be_important() or any(c.score is not None and c.score <= low for c in self.file.contacts)

    def may_be_important(self) -> bool:
        if self._important is None:
            self._important = service.may_be_important(self.file)
        return self._important

    def suppression(self, touchpoint: str) -> Message | None:
        """SPEC Suppression 1-3, 5 and 6 (4, reached today, is checked once the item is known to be open)."""
        if not self._done:
            self._customer_wide()
        if self._general is not None:
            return self._general
        customer = self.file.customer
        if customer.stage == "lost" and not allowed_when_lost(touchpoint):
            return lost_stage()
        if customer.no_marketing and touchpoint in MARKETING:
            return NO_MARKETING
        if held_while_complaint(touchpoint):
            since = self.complaint_since()
            if since is not None:
                return held(since)
        return None

    def decide(self, p: Proposal) -> _Decision:
        """SPEC 3 for one proposal: who calls, on which channel, and its status today."""
        today = self.ctx.today
        staff = assign(p, self.file, self.book)
        channel, flags = p.channel, p.flags
        if self.attempted:
            tries = failed_attempts(self.attempts, p.touchpoint, p.opens_on, staff)
            if len(tries) >= self.attempts_before_sms and channel != self.sms:
                channel, flags = self.sms, flags + ("switched_to_sms",)
            if any(c.outcome == "wrong_number" for c in tries):
                flags += ("wrong_number",)
        if staff is None:
            flags += ("unassigned",)
        suppressed = self.suppression(p.touchpoint)
        if suppressed is not None:
            return _Decision("suppressed", staff, channel, flags, suppressed)
        if p.opens_on > today:
            return _Decision("not_yet", staff, channel, flags)
        until = p.due_on if p.lapse == "greeting" else None
        done = satisfying_contact(self.reaching, p.touchpoint, p.opens_on, staff, until, self.low_score_max)
        if done is not None:
            return _Decision("satisfied", staff, channel, flags, done)
        if self._today is not None:
            return _Decision("suppressed", staff, channel, flags, self._today)
        if p.lapses_on is not None and p.lapses_on <= today:
            return _Decision("lapsed", staff, channel, flags, p.lapses_on)
        if p.lapse == "greeting" and today > p.due_on:
            return _Decision("lapsed", staff, channel, flags, p.due_on + timedelta(days=1))
        if p.lapse == "one_off" and today > p.due_on + self.shared.missed_after_of(p.touchpoint):
            return _Decision("missed", staff, channel, flags)
        return _Decision("due", staff, channel, flags)

    def judge(self, p: Proposal) -> Judgement:
        """The verdict on one proposal, with the reason a person reads."""
        d = self.decide(p)
        verdict = Verdict(
            customer_id=self.file.customer.customer_id,
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
        return Judgement(verdict, p, d.flags)


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
    out: list[Judgement] = []
    cid = file.customer.customer_id
    for rule in RULES:
        for answer in rule(file, ctx):
            if isinstance(answer, NotApplicable):
                verdict = Verdict(cid, answer.touchpoint, "not_applicable", answer.why, vin=answer.vin)
                out.append(Judgement(verdict))
            else:
                out.append(run.judge(answer))
    out.sort(key=_catalogue_order)
    return out


def evaluate(file: CustomerFile, ctx: RuleContext) -> list[Verdict]:
    """Every rule's verdict for one customer on ``ctx.today`` (``followup why``)."""
    return [j.verdict for j in judge(file, ctx)]


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
    (``capped=False``: every item within capacity, nothing cut: ``followup due --all``)."""
    with _collector_paused():
        return _due_items(files, dealership, policy, today, missed_since, capped)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside; restored after.

    The engine builds short-lived acyclic records by the million (freed by
    reference counting) beside the long-lived customer files, and the
    collector would keep walking those files for nothing (a fifth of the time).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _due_items(
    files: Iterable[CustomerFile],
    dealership: Dealership,
    policy: Policy,
    today: date,
    missed_since: date | None,
    capped: bool,
) -> DueList:
    ctx = RuleContext(today=today, policy=policy, dealership=dealership)
    shared = _shared(ctx)
    book = shared.book
    missed_after_of = {tp: shared.missed_after_of(tp) for tp in TOUCHPOINTS}.__getitem__
    #: the catalogue for a customer none of whose visits can be an important customer's
    ordinary_rules = tuple(rule for rule in RULES if rule not in service.IMPORTANT_RULES)
    one_day = timedelta(days=1)
    low_score_max = shared.low_score_max
    counted_from = missed_since or today
    weights = priorities(policy)
    items: list[DueItem] = []
    missed: dict[str | None, int] = {}
    # A dealer group's list holds a quarter of a million items but only some thousands of distinct
    # reasons, days and priorities (the same "service due on ..." for everyone serviced that day):
    # each item refers to the one copy kept here, which halves the list's memory.
    one_copy: dict = {}
    shared_copy = one_copy.setdefault
    # The same decisions as _Evaluation.decide, cheapest question first: only "due" and
    # "missed" items count here, so who calls on which channel is worked out only for them.
    for file in files:
        file = as_of(file, today)
        run = _Evaluation(file, ctx, shared)
        if run.general() is not None or run._today is not None:
            # Suppression 1-2 (opted out, lost for good) or 4 (reached today): every item
            # open today is suppressed (or satisfied): nothing due, nothing missed
            continue
        customer = file.customer
        lost = customer.stage == "lost"
        no_marketing = customer.no_marketing
        reaching = run.reaching if run.reaching.contacts else None
        factor: float | None = None
        first = len(items)
        # the manager's callback and follow-ups propose nothing unless service.may_be_important
        for rule in _WHEN_LOST if lost else RULES if run.may_be_important() else ordinary_rules:
            for p in rule(file, ctx):
                if isinstance(p, NotApplicable):
                    continue
                touchpoint = p.touchpoint
                if lost and not allowed_when_lost(touchpoint):
                    continue  # Suppression 3
                if no_marketing and touchpoint in MARKETING:
                    continue  # Suppression 6
                opens_on = p.opens_on
                if opens_on > today:
                    continue  # not yet
                # satisfied or lapsed: not due. The cheap questions first; whichever
                # answers, the item is neither due nor missed.
                if p.lapses_on is not None and p.lapses_on <= today:
                    continue
                lapse = p.lapse
                due_on = p.due_on
                if lapse == "greeting" and today > due_on:
                    continue
                if touchpoint in HELD and run.complaint_since() is not None:
                    continue  # Suppression 5
                staff = assign(p, file, book)
                if reaching is not None and (
                    satisfying_contact(
                        reaching, touchpoint, opens_on, staff, due_on if lapse == "greeting" else None, low_score_max
                    )
                    is not None
                ):
                    continue
                if lapse == "one_off":
                    missed_after = missed_after_of(touchpoint)
                    if today > due_on + missed_after:
                        if counted_from <= due_on + missed_after + one_day <= today:
                            missed[staff] = missed.get(staff, 0) + 1
                        continue
                channel, flags = p.channel, p.flags
                if run.attempted:
                    tries = failed_attempts(run.attempts, touchpoint, opens_on, staff)
                    if len(tries) >= run.attempts_before_sms and channel != run.sms:
                        channel, flags = run.sms, flags + ("switched_to_sms",)
                    if any(c.outcome == "wrong_number" for c in tries):
                        flags += ("wrong_number",)
                if staff is None:
                    flags += ("unassigned",)
                if factor is None:
                    factor = customer_factor(file, today, policy)
                late = overdue_days(due_on, today)
                priority = weights.priority(touchpoint, factor, late)
                items.append(
                    DueItem(
                        customer_id=customer.customer_id,
                        name=customer.name,
                        phone=customer.phone,
                        vin=p.vin,
                        touchpoint=touchpoint,
                        opens_on=shared_copy(opens_on, opens_on),
                        due_on=shared_copy(due_on, due_on),
                        overdue_days=late,
                        priority=shared_copy(priority, priority),
                        staff=staff,
                        role=p.role,
                        channel=channel,
                        reason=shared_copy(p.reason, p.reason),
                        flags=flags,
                        store=customer.store,
                        notes=customer.notes,
                    )
                )
        if len(items) - first > 1:
            _colleagues(items, first)
    missed_by = dict(sorted(missed.items(), key=lambda kv: kv[0] or ""))
    if not capped:
        return DueList(tuple(ranked(items)), {}, missed_by)
    listed, cut = apply_capacity(
        ranked(items),
        capacities(book.by_code.values(), policy),
        int(policy.get("general.default_daily_capacity")),
    )
    return DueList(tuple(listed), cut, missed_by)


def _colleagues(items: list[DueItem], first: int) -> None:
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
    for item in mine:
        object.__setattr__(item, "also", pairs)


__all__ = ["RULES", "DueList", "Judgement", "StaffBook", "assign", "due_items", "evaluate", "judge"]
