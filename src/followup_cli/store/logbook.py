"""Writing contacts as they are made: one from `log` or `call`, many from `log --from FILE` (SPEC section 2).

A contact is written with the customer's digest in the same transaction
(``importer.insert_contact``); an ``opted_out`` contact also sets the
customer's ``do_not_contact`` (SPEC 3 Suppression 1), whoever logs it.
A refusal is a :class:`LogRefused` carrying the sentence for the person.
"""

from __future__ import annotations

from typing import Callable, Iterable

from sqlalchemy import select, update
from sqlalchemy.engine import Connection, Engine

from followup_cli.message import Message, N_
from followup_cli.store.tables import CustomerRow, StaffRow


class LogRefused(Exception):
    """A contact that may not be written (unknown customer or staff member); nothing was written."""

    def __init__(self, message: Message):
        super().__init__(message.msgid)
        self.message = message


def unknown_staff(conn: Connection, code: str) -> Message | None:
    """Why ``code`` is not a staff member (naming the known codes), or None when it is one."""
    column = StaffRow.__table__.c.code
    if conn.execute(select(column).where(column == code)).first() is not None:
        return None
    codes = sorted(conn.execute(select(column)).scalars())
    return Message.of(N_('--staff: unknown staff code "{value}"; known: {codes}'), value=code, codes=", ".join(codes) or "-")


def check_staff(engine: Engine, code: str) -> None:
    """Refuse (``LogRefused``) a staff code that names nobody, before any work is done."""
    with engine.connect() as conn:
        problem = unknown_staff(conn, code)
    if problem is not None:
        raise LogRefused(problem)


def log_contact(
    engine: Engine,
    contact: dict,
    changes: dict | None = None,
    check: Callable[[object], None] | None = None,
):
    """Write one contact (the ``importer.CONTACT_COLUMNS`` of ``contact``) in its own transaction.

    ``changes``: columns of the customer to update with it (a new stage, level ...).
    ``check(customer)`` sees the stored customer row (its columns as attributes)
    before anything is written; an exception it raises writes nothing.
    Returns the customer row as it was before the contact.
    """
    from followup_cli.store.importer import insert_contact

    customers = CustomerRow.__table__
    changes = dict(changes or {})
    if contact.get("outcome") == "opted_out":
        changes["do_not_contact"] = True
    with engine.begin() as conn:
        customer = conn.execute(select(customers).where(customers.c.customer_id == contact["customer_id"])).first()
        if customer is None:
            raise LogRefused(Message.of(N_('unknown customer "{customer_id}"'), customer_id=contact["customer_id"]))
        if contact.get("staff") is not None:
            problem = unknown_staff(conn, contact["staff"])
            if problem is not None:
                raise LogRefused(problem)
        if check is not None:
            check(customer)
        insert_contact(conn, contact)
        if changes:
            conn.execute(update(customers).where(customers.c.customer_id == contact["customer_id"]).values(**changes))
    return customer


def opt_out(conn: Connection, customer_ids: Iterable[str]) -> None:
    """SPEC 3 Suppression 1: customers who opted out are never contacted again."""
    ids = sorted(set(customer_ids))
    if ids:
        customers = CustomerRow.__table__
        conn.execute(update(customers).where(customers.c.customer_id.in_(ids)).values(do_not_contact=True))
