"""Satisfaction, attempts and suppression: what the contact log does to a proposed item (SPEC 3).

A contact satisfies an open item when it is logged on or after the item's
``opens_on``, has a reaching outcome, and either names the item's touchpoint
or names none and was made by the staff member the item is assigned to (or
by no staff). So one untagged call clears everything on the caller's list
for that customer and nothing on a colleague's. Attempts (no answer, busy,
wrong number) never satisfy; enough of them switch the item to SMS.

Suppression is checked before anything else (SPEC 3, Suppression 1-6).
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date
from typing import Sequence

from followup_cli.message import Message, N_
from followup_cli.vocabulary import term
from followup_cli.rules.catalogue import ANSWERED_BY_RECORD, HELD, MARKETING, WHEN_LOST  # noqa: F401  (re-exported)
from followup_cli.rules.model import ATTEMPTS, REACHING, Contact, CustomerFile

# SPEC 3 Suppression 3, 5 and 6 and the items no call answers: the sets derive from the touchpoint
# declarations (``rules.catalogue``)


def allowed_when_lost(touchpoint: str) -> bool:
    """SPEC Suppression 3: a customer lost to a competitor gets only ``lost.*``, events and holiday greetings."""
    return touchpoint in WHEN_LOST


def held_while_complaint(touchpoint: str) -> bool:
    """SPEC Suppression 5: a routine or marketing item that waits while a complaint is open."""
    return touchpoint in HELD


def held(since: date) -> Message:
    """SPEC Suppression 5: why a routine or marketing item waits."""
    return Message.of(N_("held: complaint open since {date}"), date=since)


NO_MARKETING = Message.of(N_("suppressed: the customer wants no marketing"))


class ContactLog:
    """One customer's contacts, oldest first, indexed by day for "on or after" questions.

    Built once per evaluation; each question is a bisection plus a scan of the
    contacts from that day on.
    """

    __slots__ = ("contacts", "_days")

    def __init__(self, contacts: Sequence[Contact]):
        self.contacts = contacts
        self._days = [c.contacted_on for c in contacts]

    def since(self, day: date) -> Sequence[Contact]:
        return self.contacts[bisect_left(self._days, day):]

    def on(self, day: date) -> Sequence[Contact]:
        start = bisect_left(self._days, day)
        end = start
        while end < len(self._days) and self._days[end] == day:
            end += 1
        return self.contacts[start:end]


def counts_for(contact: Contact, touchpoint: str, staff: str | None) -> bool:
    """Whether ``contact`` is about this item: it names the touchpoint, or names none and is the assignee's.

    An item nobody could be assigned to (``staff`` None) counts anybody's untagged contact.
    """
    if contact.touchpoint is not None:
        return contact.touchpoint == touchpoint
    return contact.staff is None or staff is None or contact.staff == staff


def satisfying_contact(
    log: ContactLog,
    touchpoint: str,
    opens_on: date,
    staff: str | None,
    until: date | None = None,
    low_score_max: int = 0,
) -> Contact | None:
    """The first reaching contact on or after ``opens_on`` (and up to ``until``) that counts for the item.

    ``until``: a greeting is answered only within its window (SPEC: a late
    greeting is no greeting). A callback scored ``low_score_max`` or less
    opens ``complaint.reply`` (seed 003), so it cannot also answer it.
    """
    if touchpoint in ANSWERED_BY_RECORD:
        return None
    contacts = log.contacts
    for i in range(bisect_left(log._days, opens_on), len(contacts)):
        contact = contacts[i]
        if until is not None and contact.contacted_on > until:
            return None
        if contact.outcome not in REACHING:
            continue
        # counts_for, inlined: it runs for every open item and every contact since it opened
        tagged = contact.touchpoint
        if tagged is not None:
            if tagged != touchpoint:
                continue
        elif not (contact.staff is None or staff is None or contact.staff == staff):
            continue
        if touchpoint == "complaint.reply" and contact.score is not None and contact.score <= low_score_max:
            continue
        return contact
    return None


def failed_attempts(log: ContactLog, touchpoint: str, opens_on: date, staff: str | None) -> list[Contact]:
    """The attempts (no answer, busy, wrong number) on or after ``opens_on`` that count for the item."""
    contacts = log.contacts
    start = bisect_left(log._days, opens_on)
    if start == len(contacts):
        return []
    return [c for c in contacts[start:] if c.outcome in ATTEMPTS and counts_for(c, touchpoint, staff)]


def done_by(contact: Contact) -> Message:
    """Why a satisfied item is done: the contact's day, outcome and caller."""
    if contact.staff is None:
        return Message.of(N_("done: {outcome} on {date}"), outcome=term(contact.outcome), date=contact.contacted_on)
    return Message.of(
        N_("done: {outcome} on {date} by {staff}"),
        outcome=term(contact.outcome),
        date=contact.contacted_on,
        staff=contact.staff,
    )


def opted_out(file: CustomerFile) -> Message | None:
    """SPEC Suppression 1: ``do_not_contact`` or an ``opted_out`` contact — nothing, ever."""
    if file.customer.do_not_contact:
        return Message.of(N_("suppressed: do not contact"))
    for contact in file.contacts:
        if contact.outcome == "opted_out":
            return Message.of(N_("suppressed: opted out on {date}"), date=contact.contacted_on)
    return None


def lost_for_good(months: int) -> Message:
    """SPEC Suppression 2 (seed 003 永久流失)."""
    return Message.of(N_("suppressed: lost for good, no visit in {months} months"), months=months)


def lost_stage() -> Message:
    """SPEC Suppression 3 (seed 004 战败): only lost follow-ups, events and holiday greetings."""
    return Message.of(N_("suppressed: lost to a competitor; only lost follow-ups, events and holiday greetings"))


def reached_today(log: ContactLog, today: date) -> Message | None:
    """SPEC Suppression 4: a customer already reached today gets nothing more today."""
    for contact in reversed(log.on(today)):
        if contact.outcome in REACHING:
            if contact.staff is None:
                return Message.of(N_("suppressed: already reached today ({outcome})"), outcome=term(contact.outcome))
            return Message.of(
                N_("suppressed: already reached today ({outcome} by {staff})"),
                outcome=term(contact.outcome),
                staff=contact.staff,
            )
    return None
