"""Writing contacts as they are made: one from `log` or `call`, many from `log --from FILE` (SPEC section 2).

A contact is written with the customer's digest in the same transaction
(``importer.insert_contact``); an ``opted_out`` contact also sets the
customer's ``do_not_contact`` (SPEC 3 Suppression 1), whoever logs it.
A refusal is a :class:`LogRefused` carrying the sentence for the person.
"""

from __future__ import annotations

from datetime import date
from typing import Callable, Iterable, NamedTuple

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


def staff_role(conn: Connection, code: str | None) -> str | None:
    """The role of staff member ``code`` (None: unknown or no code)."""
    if code is None:
        return None
    return conn.execute(select(StaffRow.__table__.c.role).where(StaffRow.__table__.c.code == code)).scalar()


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
    check: Callable[[object, str | None], None] | None = None,
):
    """Write one contact (the ``importer.CONTACT_COLUMNS`` of ``contact``) in its own transaction.

    ``changes``: columns of the customer to update with it (a new stage, level ...).
    ``check(customer, role)`` sees the stored customer row (its columns as attributes) and the role of
    the contact's staff member before anything is written; an exception it raises writes nothing.
    A change of stage or intent level is recorded in the stage history (``store.history``).
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
            check(customer, staff_role(conn, contact.get("staff")))
        insert_contact(conn, contact)
        if changes:
            conn.execute(update(customers).where(customers.c.customer_id == contact["customer_id"]).values(**changes))
        if "stage" in changes or "intent_level" in changes:
            from followup_cli.store.history import record_change

            before = (customer.stage, customer.intent_level)
            after = (changes.get("stage", customer.stage) or "prospect", changes.get("intent_level", customer.intent_level))
            record_change(
                conn, contact["customer_id"], contact["contacted_on"], before, after, contact.get("staff"), contact.get("touchpoint")
            )
    return customer


def opt_out(conn: Connection, customer_ids: Iterable[str]) -> None:
    """SPEC 3 Suppression 1: customers who opted out are never contacted again."""
    ids = sorted(set(customer_ids))
    if ids:
        customers = CustomerRow.__table__
        conn.execute(update(customers).where(customers.c.customer_id.in_(ids)).values(do_not_contact=True))


class LogFile(NamedTuple):
    """What `log --from FILE` did: the import's result, and the rows left without an outcome (not called yet)."""

    result: object  # importer.ImportResult
    not_called: int


def log_file(engine: Engine, table, staff: str | None, on: date) -> LogFile:
    """Every contact of ``table`` (an open ``log`` file, ``csvio.open_table(path, "log")``) in one transaction.

    A row's staff member is its ``staff`` cell, else ``staff`` (``--staff``,
    FOLLOWUP_STAFF); a cell naming several (a call list's customer on
    several lists) takes ``staff`` if it is one of them. Its touchpoint is
    its ``touchpoint``, else the one of a call list's ``touchpoints``; a call
    about several is a general contact (SPEC 3: it answers everything on the
    caller's list for that customer). Its day is ``contacted_on``, else ``on``;
    its channel ``channel``, else phone. Any problem writes nothing.
    """
    from followup_cli.csvio.problems import Problem
    from followup_cli.store.importer import import_rows

    header = list(table.problems)
    if table.columns and "outcome" not in table.columns:
        header.append(Problem(table.name, 1, None, Message.of(N_("required column missing: {columns}"), columns="outcome")))
    not_called = 0
    opted_out: list[str] = []

    def contacts():
        nonlocal not_called
        for number, values, problems in table:
            if values.get("outcome") is None and not any(p.column == "outcome" for p in problems):
                filled = [c for c in ("note", "next_contact_on", "score") if values.get(c) is not None]
                if not filled:
                    not_called += 1
                    continue
                problems = [*problems, Problem(table.name, number, "outcome", Message.of(
                    N_("blank, but the row has {columns}: fill in the outcome, or clear them"), columns=", ".join(filled)
                ))]
            problems = list(problems)
            who = _who(values.get("staff") or (), staff)
            if isinstance(who, Message):
                problems.append(Problem(table.name, number, "staff", who))
                who = None
            touchpoints = values.get("touchpoints") or ()
            record = {
                "customer_id": values.get("customer_id"),
                "contacted_on": values.get("contacted_on") or on,
                "channel": values.get("channel") or "phone",
                "touchpoint": values.get("touchpoint") or (touchpoints[0] if len(touchpoints) == 1 else None),
                "outcome": values.get("outcome"),
                "staff": who,
                "next_contact_on": values.get("next_contact_on"),
                "score": values.get("score"),
                "note": values.get("note"),
            }
            if record["outcome"] == "opted_out":
                opted_out.append(record["customer_id"])
            yield number, record, problems

    result = import_rows(
        engine, "contacts", table.name, contacts(), header_problems=header, then=lambda conn: opt_out(conn, opted_out)
    )
    return LogFile(result, not_called)


def _who(codes: tuple[str, ...], staff: str | None) -> str | Message:
    """The staff member of a row: its one code, the default among several, or the default; a Message when none."""
    if len(codes) == 1:
        return codes[0]
    if len(codes) > 1:
        if staff in codes:
            return staff
        return Message.of(
            N_('"{codes}" names several staff members: keep the one who made the contact, or give --staff as one of them'),
            codes=" ".join(codes),
        )
    if staff is None:
        return Message.of(N_("who made the contact? fill in the staff column, or give --staff CODE or set FOLLOWUP_STAFF"))
    return staff
