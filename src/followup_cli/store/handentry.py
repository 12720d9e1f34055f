"""One record typed by hand (`customer add/edit`, `vehicle add/edit`, `visit add`): written as a one-row import of its kind.

The row goes through the importer (``store.importer.import_rows``), so it
meets the same checks as a CSV row (references to customers, vehicles and
staff, case-only twins of a key, lengths, a new row's required columns) and
is written the same way, in one transaction. Whatever an import of the kind
keeps consistent, this keeps too: an import of vehicles or visits refreshes
nothing derived (the contact digest is made of contacts alone), and the rules
read vehicles and visits as they are stored.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.engine import Engine

from followup_cli.csvio.read import Row
from followup_cli.message import Message, N_
from followup_cli.store.importer import HandEdit, ImportResult, import_rows
from followup_cli.store.tables import KIND_TABLES, VehicleRow, VisitRow

#: the prefix of a visit id made up by `visit add`: H (by hand), the visit's day, a sequence number
VISIT_ID_PREFIX = "H"


#: kind -> (a new row whose key is stored already, an update of a key that is not, the key's name in them)
_REFUSALS = {
    "customers": (N_('customer "{customer_id}" exists already: use `followup customer edit`'),
                  N_('unknown customer "{customer_id}"'), "customer_id"),
    "vehicles": (N_('vehicle "{key}" exists already: use `followup vehicle edit`'), N_('unknown vehicle "{key}"'), "key"),
    "visits": (N_('visit "{key}" exists already'), N_('unknown visit "{key}"'), "key"),
}


class HandEntryError(Exception):
    def __init__(self, message: Message):
        super().__init__(message.msgid)
        self.message = message


def stored_row(engine: Engine, kind: str, key: str) -> dict | None:
    """The stored row of ``kind`` whose key is ``key``, as a dict of its columns; None when there is none."""
    table, key_column = KIND_TABLES[kind]
    columns = table.__table__.c
    with engine.connect() as conn:
        row = conn.execute(select(table.__table__).where(columns[key_column] == key)).mappings().first()
    return None if row is None else dict(row)


def save(engine: Engine, kind: str, values: dict, *, new: bool, source: str, by_hand: HandEdit | None = None) -> ImportResult:
    """Add (``new``) or update one row of ``kind``; ``values`` are parsed cells, the key among them.

    A new row whose key is stored already, or an update of a key that is not,
    raises :class:`HandEntryError`; the importer's own problems (an unknown
    customer, a missing required column ...) are in the result, nothing
    written. ``source`` names the row in those problems. ``by_hand``: a
    customer's stage rules refuse and its stage changes are recorded
    (``store.importer.HandEdit``).
    """
    _, key_column = KIND_TABLES[kind]
    key = values[key_column]
    exists = stored_row(engine, kind, key) is not None
    if new == exists:
        taken, unknown, name = _REFUSALS[kind]
        raise HandEntryError(Message.of(taken if new else unknown, **{name: key}))
    return import_rows(engine, kind, source, [Row(1, dict(values), [])], by_hand=by_hand)


def next_visit_id(engine: Engine, day: date) -> str:
    """A visit id for a visit entered by hand: ``H20261205-1``, ``H20261205-2`` ... (the next free number that day)."""
    prefix = f"{VISIT_ID_PREFIX}{day:%Y%m%d}-"
    column = VisitRow.__table__.c.visit_id
    with engine.connect() as conn:
        taken = conn.execute(select(column).where(column.like(prefix + "%"))).scalars().all()
    numbers = [int(rest) for key in taken if (rest := key[len(prefix):]).isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


def vehicle_customer(engine: Engine, vin: str) -> tuple[bool, str | None]:
    """(whether ``vin`` is stored, the id of its customer)."""
    with engine.connect() as conn:
        row = conn.execute(select(VehicleRow.__table__.c.customer_id).where(VehicleRow.__table__.c.vin == vin)).first()
    return (row is not None, row[0] if row is not None else None)
