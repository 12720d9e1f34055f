"""The triggers that drop a customer's plan (``agenda``) whenever their records change (migration 0008).

Kept here, not only in the migration, because a migration that rebuilds a
table (SQLite: create, copy, drop, rename) drops the table's triggers and
trips over triggers naming the table while it is away: ``init_store`` drops
them before upgrading and makes them again after (:func:`drop`,
:func:`create`), and empties the agenda (every plan is made again on the
next read).
"""

from __future__ import annotations

#: table -> the customers a changed row touches, as SQL over the row (NEW or OLD)
TOUCHED = {
    "customers": ("{row}.customer_id", "{row}.referred_by"),
    "vehicles": ("{row}.customer_id",),
    "visits": ("(SELECT customer_id FROM vehicles WHERE vehicles.vin = {row}.vin)",),
    "contacts": ("{row}.customer_id",),
}


#: the tables kept from the plans (migrations 0010 and 0011) whose rows of a customer go when the customer
#: is deleted or renamed; a plan made again rewrites them (``store.agenda._write``), and while any
#: customer has no plan, nothing reads them (``store.agenda.covers``)
KEPT = ("agenda_day", "agenda_ahead")


def _sqlite_triggers(kept_tables: tuple[str, ...]) -> list[str]:
    out = []
    for table, touched in TOUCHED.items():
        for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("OLD", "NEW")), ("DELETE", ("OLD",))):
            ids = ", ".join(t.format(row=row) for row in rows for t in touched)
            kept = "".join(
                f" DELETE FROM {name} WHERE customer_id = OLD.customer_id;"
                for name in kept_tables if table == "customers" and event != "INSERT"
            )
            out.append(
                f"CREATE TRIGGER agenda_{table}_{event.lower()} AFTER {event} ON {table} "
                f"BEGIN DELETE FROM agenda WHERE customer_id IN ({ids});{kept} END"
            )
    return out


def _postgresql_triggers(kept_tables: tuple[str, ...]) -> list[str]:
    """One statement-level trigger per table and event, over its transition tables: a COPY of a
    million contacts deletes plans once, not a million times."""
    out = []
    for table, touched in TOUCHED.items():
        for event, rows in (("INSERT", ("new_rows",)), ("UPDATE", ("old_rows", "new_rows")), ("DELETE", ("old_rows",))):
            selects = []
            for row in rows:
                for t in touched:
                    column = t.format(row="r")
                    selects.append(f"SELECT {column} FROM {row} r")
            function = f"agenda_{table}_{event.lower()}"
            kept = "".join(
                f"DELETE FROM {name} WHERE customer_id IN (SELECT r.customer_id FROM old_rows r); "
                for name in kept_tables if table == "customers" and event != "INSERT"
            )
            out.append(
                f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"DELETE FROM agenda WHERE customer_id IN ({' UNION '.join(selects)}); {kept}RETURN NULL; END $$"
            )
            referencing = " ".join(
                f"{'NEW' if row == 'new_rows' else 'OLD'} TABLE AS {row}" for row in rows
            )
            out.append(
                f"CREATE TRIGGER {function} AFTER {event} ON {table} REFERENCING {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            )
    return out




def _items_triggers(dialect: str) -> list[str]:
    """A plan's items (``agenda_items``, migration 0009) go with the plan, however it is deleted."""
    if dialect == "postgresql":
        return [
            "CREATE FUNCTION agenda_items_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "DELETE FROM agenda_items WHERE customer_id IN (SELECT customer_id FROM old_rows); RETURN NULL; END $$",
            "CREATE TRIGGER agenda_items_delete AFTER DELETE ON agenda REFERENCING OLD TABLE AS old_rows "
            "FOR EACH STATEMENT EXECUTE FUNCTION agenda_items_delete()",
        ]
    return [
        "CREATE TRIGGER agenda_items_delete AFTER DELETE ON agenda "
        "BEGIN DELETE FROM agenda_items WHERE customer_id = OLD.customer_id; END"
    ]


def statements(dialect: str, kept_tables: tuple[str, ...] = KEPT) -> list[str]:
    """The statements that make the triggers on ``dialect`` ("sqlite" or "postgresql"); ``kept_tables``:
    those of :data:`KEPT` the schema has (a migration's downgrade makes the triggers of the schema before)."""
    made = _postgresql_triggers(kept_tables) if dialect == "postgresql" else _sqlite_triggers(kept_tables)
    return made + _items_triggers(dialect)


def drops(dialect: str) -> list[str]:
    """The statements that drop them (those that exist)."""
    out = []
    for table in TOUCHED:
        for event in ("insert", "update", "delete"):
            if dialect == "postgresql":
                out.append(f"DROP TRIGGER IF EXISTS agenda_{table}_{event} ON {table}")
                out.append(f"DROP FUNCTION IF EXISTS agenda_{table}_{event}()")
            else:
                out.append(f"DROP TRIGGER IF EXISTS agenda_{table}_{event}")
    if dialect == "postgresql":
        out.append("DROP TRIGGER IF EXISTS agenda_items_delete ON agenda")
        out.append("DROP FUNCTION IF EXISTS agenda_items_delete()")
    else:
        out.append("DROP TRIGGER IF EXISTS agenda_items_delete")
    return out
