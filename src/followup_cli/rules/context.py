"""What every rule receives besides the customer's file, and the history questions rules share.

A rule is a plain function ``rule(file: CustomerFile, ctx: RuleContext) ->
Iterable[Proposal | NotApplicable]``. Each family module (``sales``, ``lost``,
``delivery``, ``service``, ``expiry``, ``campaigns``, ``occasions``)
declares its touchpoints, each with the rule that proposes it, in a
module-level tuple ``TOUCHPOINTS`` (``rules.touchpoint``); ``catalogue``
derives the engine's rule list from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable, Union

from followup_cli.rules.model import (
    REACHING,
    Contact,
    CustomerFile,
    Dealership,
    NotApplicable,
    Proposal,
    Vehicle,
    Visit,
)
from followup_cli.rules.policy import Policy


@dataclass(frozen=True)
class RuleContext:
    today: date
    policy: Policy
    dealership: Dealership


Rule = Callable[[CustomerFile, RuleContext], Iterable[Union[Proposal, NotApplicable]]]


# --- history questions the rules share -------------------------------------------------------


def is_reaching(contact: Contact) -> bool:
    return contact.outcome in REACHING


_LAST_REACHING: tuple = (None, None)


def last_reaching_contact(file: CustomerFile, before: date | None = None) -> Contact | None:
    """The latest contact with a reaching outcome, by anyone, about anything (SPEC 3).

    ``before``: only contacts strictly before that day count (None: all).
    """
    global _LAST_REACHING
    if before is None:
        if _LAST_REACHING[0] is file:  # several rules of one evaluation ask, one after the other
            return _LAST_REACHING[1]
        found = None
        for contact in reversed(file.contacts):
            if contact.outcome in REACHING:
                found = contact
                break
        _LAST_REACHING = (file, found)
        return found
    for contact in reversed(file.contacts):
        if contact.outcome in REACHING and contact.contacted_on < before:
            return contact
    return None


def latest_contact(file: CustomerFile) -> Contact | None:
    return file.contacts[-1] if file.contacts else None


def visits_of(file: CustomerFile, vin: str) -> tuple[Visit, ...]:
    return tuple(v for v in file.visits if v.vin == vin)


def latest_visit(file: CustomerFile, vin: str | None = None) -> Visit | None:
    """The latest visit of one vehicle (``vin``) or of any of the customer's vehicles."""
    for visit in reversed(file.visits):
        if vin is None or visit.vin == vin:
            return visit
    return None


_LATEST_DELIVERY: tuple = (None, None)


def latest_delivery(file: CustomerFile) -> date | None:
    global _LATEST_DELIVERY
    if _LATEST_DELIVERY[0] is file:  # several rules of one evaluation ask, one after the other
        return _LATEST_DELIVERY[1]
    dates = [v.delivered_on for v in file.vehicles if v.delivered_on is not None]
    latest = max(dates) if dates else None
    _LATEST_DELIVERY = (file, latest)
    return latest


def vehicle(file: CustomerFile, vin: str) -> Vehicle | None:
    for v in file.vehicles:
        if v.vin == vin:
            return v
    return None
