"""Who calls (SPEC 3): every item is assigned to one staff member.

Consultant items go to the customer's ``owner``; advisor items to the
customer's ``advisor``, else the advisor of the vehicle's latest visit that
names one (else of the customer's latest such visit); crm items to a CRM
clerk chosen by a stable hash of the customer id, so a customer keeps the
same clerk from day to day. Manager items go to a manager of the team whose
work they concern (seed 003: 部门经理): the proposal's ``concerns`` (a
visit's advisor for a service complaint), else the owner's team; a team
without a manager hands it to a manager of the store (lowest code).
``None`` when nobody fits: the engine flags it ``unassigned``.
"""

from __future__ import annotations

import zlib
from typing import Iterable

from followup_cli.rules.model import Contact, CustomerFile, Dealership, Proposal, Staff

#: touchpoints whose callback rates the sale (the owner's work); the rest rate the latest visit
_SALES_PREFIXES = ("lead.", "delivery.", "owner.", "lost.", "referral.")
_SERVICE_PREFIXES = ("service.", "complaint.", "expiry.", "recall.", "parts.")


def stores_served(staff: Staff) -> frozenset[str] | None:
    """The stores a staff member serves: ``store`` names one or several (``;``-separated); blank: every store."""
    if not staff.store:
        return None
    return frozenset(part.strip() for part in staff.store.split(";") if part.strip()) or None


class StaffBook:
    """The dealership's staff, indexed for assignment.

    Dealer groups (issue 8): managers and CRM clerks are chosen among those
    who serve the customer's store (a blank ``store`` serves every store), so
    a store's list in the group's database is the list it had on its own.
    """

    def __init__(self, staff: Iterable[Staff]):
        people = sorted(staff, key=lambda s: s.code)
        self.by_code = {s.code: s for s in people}
        self.managers = [s for s in people if s.role == "manager"]
        self.crm = [s for s in people if s.role == "crm"]
        self._served = {s.code: stores_served(s) for s in people}
        self._crm_of: dict[str | None, list[str]] = {}

    def serves(self, code: str, store: str | None) -> bool:
        served = self._served.get(code)
        return served is None or store is None or store in served

    def manager_for(self, colleague: str | None, store: str | None = None) -> str | None:
        """A manager of the colleague's team (lowest code), else any manager (lowest code), of the store."""
        managers = [m for m in self.managers if self.serves(m.code, store)]
        owner = self.by_code.get(colleague) if colleague else None
        if owner is not None and owner.team is not None:
            for manager in managers:
                if manager.team == owner.team:
                    return manager.code
        return managers[0].code if managers else None

    def crm_for(self, customer_id: str, store: str | None = None) -> str | None:
        """A CRM clerk of the store, the same one for the same customer every day (CRC-32 of the id)."""
        clerks = self._crm_of.get(store)
        if clerks is None:
            clerks = self._crm_of[store] = [s.code for s in self.crm if self.serves(s.code, store)]
        if not clerks:
            return None
        return clerks[zlib.crc32(customer_id.encode("utf-8")) % len(clerks)]


def staff_book(dealership: Dealership, memo: dict | None = None) -> StaffBook:
    """The dealership's StaffBook; with ``memo`` (an evaluation's, ``RuleContext.memo``) built once for it
    (the rules run per customer)."""
    if memo is None:
        return StaffBook(dealership.staff)
    found = memo.get(StaffBook)
    if found is None:
        found = memo[StaffBook] = StaffBook(dealership.staff)
    return found


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
        return book.manager_for(proposal.concerns or customer.owner, customer.store)
    if proposal.role == "crm":
        return book.crm_for(customer.customer_id, customer.store)
    return None


def rated_staff(file: CustomerFile, contact: Contact) -> str | None:
    """Whose work a scored callback rates (SPEC 3): the visit's advisor, else the owner.

    A callback about a sale (``lead.*``, ``delivery.*``, ``owner.*``...) rates the
    owner; a service callback (``service.*``, ``complaint.*``) the advisor of the
    customer's latest visit on or before that day, else the customer's advisor; an
    untagged one the latest visit's advisor when there was a visit, else the owner.
    """
    customer = file.customer
    touchpoint = contact.touchpoint
    if touchpoint is not None and touchpoint.startswith(_SALES_PREFIXES):
        return customer.owner
    visit = None
    for candidate in reversed(file.visits):
        if candidate.visited_on <= contact.contacted_on:
            visit = candidate
            break
    if visit is not None and visit.advisor:
        return visit.advisor
    if visit is not None or (touchpoint is not None and touchpoint.startswith(_SERVICE_PREFIXES)):
        return customer.advisor or customer.owner
    return customer.owner
