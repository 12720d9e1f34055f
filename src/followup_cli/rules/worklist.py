"""Whose list a due item is on: one staff member's, one role's, a touchpoint's or a channel's (SPEC 2, 3).

`followup due` and `followup call` show the same list: this is where it is
chosen from the engine's items, so the two never disagree.
"""

from __future__ import annotations

from typing import Iterable, Mapping
from followup_cli.rules.assign import StaffBook
from datetime import date

from followup_cli.rules.model import ATTEMPTS, Contact, DueItem, Staff


def select_items(
    items: Iterable[DueItem],
    staff_by_code: Mapping[str, Staff],
    staff: str | None = None,
    role: str | None = None,
    touchpoint: str | None = None,
    channel: str | None = None,
) -> list[DueItem]:
    """The items (rank order kept) on ``staff``'s list, of ``role``, ``touchpoint`` and ``channel``; None: any.

    SPEC 3: an item nobody can take is on every manager's list of the
    customer's store, so ``staff`` (a manager) and ``role="manager"`` include it.
    """
    book = StaffBook(staff_by_code.values())
    person = staff_by_code.get(staff) if staff is not None else None
    takes_unassigned = person is not None and person.role == "manager"

    def on_list(item: DueItem) -> bool:
        if item.staff == staff:
            return True
        return item.staff is None and takes_unassigned and book.serves(staff, item.store)

    return [
        i for i in items
        if (staff is None or on_list(i))
        and (role is None or i.role == role or (role == "manager" and i.staff is None))
        and (touchpoint is None or i.touchpoint == touchpoint)
        and (channel is None or i.channel == channel)
    ]


def cut_by_capacity(items: Iterable[DueItem]) -> dict[str | None, int]:
    """Customers cut by each staff member's daily capacity (SPEC 3: counted, never dropped silently)."""
    cut: dict[str | None, set[str]] = {}
    for item in items:
        if not item.within_capacity:
            cut.setdefault(item.staff, set()).add(item.customer_id)
    return {staff: len(customers) for staff, customers in cut.items()}


def tried_today(contacts: Iterable[Contact], staff: str, today: date) -> bool:
    """Whether ``staff`` already tried the customer today without reaching them (no answer, busy, wrong number).

    `followup call` puts such a customer after those not yet tried: the next
    run starts where the caller stopped, and the retries come last.
    """
    return any(c.contacted_on == today and c.staff == staff and c.outcome in ATTEMPTS for c in contacts)
