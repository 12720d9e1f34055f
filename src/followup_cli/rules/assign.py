"""Who calls (SPEC 3): every item is assigned to one staff member.

Consultant items go to the customer's ``owner``; advisor items to the
customer's ``advisor``, else the advisor of the vehicle's latest visit that
names one (else of the customer's latest such visit); manager items to a manager of the owner's
team (lowest code), else any manager (lowest code); crm items to a CRM
clerk chosen by a stable hash of the customer id, so a customer keeps the
same clerk from day to day. ``None`` when nobody fits.
"""

from __future__ import annotations

import zlib
from typing import Iterable

from followup_cli.rules.model import CustomerFile, Dealership, Proposal, Staff


class StaffBook:
    """The dealership's staff, indexed for assignment."""

    def __init__(self, staff: Iterable[Staff]):
        people = sorted(staff, key=lambda s: s.code)
        self.by_code = {s.code: s for s in people}
        self.managers = [s for s in people if s.role == "manager"]
        self.crm = [s.code for s in people if s.role == "crm"]

    def manager_for(self, consultant: str | None) -> str | None:
        """A manager of the consultant's team (lowest code), else any manager (lowest code)."""
        owner = self.by_code.get(consultant) if consultant else None
        if owner is not None and owner.team is not None:
            for manager in self.managers:
                if manager.team == owner.team:
                    return manager.code
        return self.managers[0].code if self.managers else None

    def crm_for(self, customer_id: str) -> str | None:
        """A CRM clerk, the same one for the same customer every day (CRC-32 of the id)."""
        if not self.crm:
            return None
        return self.crm[zlib.crc32(customer_id.encode("utf-8")) % len(self.crm)]


_BOOK: tuple[Dealership | None, StaffBook | None] = (None, None)


def staff_book(dealership: Dealership) -> StaffBook:
    """The dealership's StaffBook, built once per dealership object (evaluate runs per customer)."""
    global _BOOK
    if _BOOK[0] is not dealership or _BOOK[1] is None:
        _BOOK = (dealership, StaffBook(dealership.staff))
    return _BOOK[1]  # type: ignore[return-value]


def assign(proposal: Proposal, file: CustomerFile, book: StaffBook) -> str | None:
    """Who calls (SPEC 3): the rule's own choice, else by role; None when nobody fits."""
    if proposal.staff is not None:
        return proposal.staff
    customer = file.customer
    if proposal.role == "consultant":
        return customer.owner
    if proposal.role == "advisor":
        if customer.advisor:
            return customer.advisor
        for visit in reversed(file.visits):
            if visit.advisor and (proposal.vin is None or visit.vin == proposal.vin):
                return visit.advisor
        for visit in reversed(file.visits):
            if visit.advisor:
                return visit.advisor
        return None
    if proposal.role == "manager":
        return book.manager_for(customer.owner)
    if proposal.role == "crm":
        return book.crm_for(customer.customer_id)
    return None
