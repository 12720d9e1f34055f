"""Writing parsed CSV rows into the store: one transaction per file, all or nothing (SPEC section 2).

Keyed kinds upsert by their key: a new key is inserted, a known key has the
columns present in the file updated (columns the file leaves out keep what
was stored), an identical row is left alone. Contacts are appended; an exact
duplicate (of a stored contact or of an earlier row of the file) is skipped.
References (customers, vehicles, staff) are checked against the store and
the file itself; a key or other free text longer than its database column is
refused (SQLite would store it, PostgreSQL would fail mid-import). Every row
is checked even after the first error, so one run lists every problem; any
error rolls the whole file back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection, Engine

from followup_cli.csvio.columns import table_spec
from followup_cli.csvio.problems import Problem, clip
from followup_cli.message import Message, N_
from followup_cli.store.tables import KIND_TABLES, ContactRow, CustomerRow, StaffRow, VehicleRow

BATCH = 500
MAX_PROBLEMS = 200  # problems kept for display; the rest are only counted
LIST_COLUMNS = frozenset({"target_models", "target_stages", "target_grades", "vins"})
CONTACT_COLUMNS = (
    "customer_id",
    "contacted_on",
    "channel",
    "touchpoint",
    "outcome",
    "staff",
    "next_contact_on",
    "score",
    "note",
)
#: columns a new row of a keyed kind must have (SPEC: other columns may be left out)
REQUIRED_FOR_NEW = {
    "vehicles": ("customer_id",),
    "visits": ("vin", "visited_on"),
}
#: (column, kind it refers to) checked for every row
REFERENCES = {
    "customers": (("owner", "staff"), ("advisor", "staff"), ("referred_by", "customers")),
    "vehicles": (("customer_id", "customers"),),
    "visits": (("vin", "vehicles"), ("advisor", "staff")),
    "contacts": (("customer_id", "customers"), ("staff", "staff")),
    "campaigns": (),
    "staff": (),
}


@dataclass
class ImportResult:
    kind: str
    file: str
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # exact duplicate contacts
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0  # errors beyond MAX_PROBLEMS, counted only
    dry_run: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.more_problems

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        elif problem.severity == "error":
            self.more_problems += 1


class _Rollback(Exception):
    pass


def fingerprint(values: dict) -> str:
    """A short hash of a contact's CSV columns: equal rows, equal fingerprints."""
    text = "\x1f".join("" if values.get(c) is None else str(values.get(c)) for c in CONTACT_COLUMNS)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def _stored(column: str, value: object) -> object:
    if column in LIST_COLUMNS:
        return ";".join(value) if value else None
    return value


def _known_keys(conn: Connection) -> dict[str, set[str]]:
    return {
        "staff": set(conn.execute(select(StaffRow.code)).scalars()),
        "customers": set(conn.execute(select(CustomerRow.customer_id)).scalars()),
        "vehicles": set(conn.execute(select(VehicleRow.vin)).scalars()),
    }


def _batches(rows: Iterable, size: int = BATCH) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _reference_message(kind: str, value: str) -> Message:
    value = clip(value)
    if kind == "staff":
        return Message.of(N_('unknown staff code "{value}" (import staff.csv first)'), value=value)
    if kind == "vehicles":
        return Message.of(N_('unknown vehicle "{value}" (import vehicles.csv first)'), value=value)
    return Message.of(N_('unknown customer "{value}"'), value=value)


class Importer:
    """Imports one file's rows of one kind inside one transaction."""

    def __init__(self, conn: Connection, kind: str, file: str, result: ImportResult):
        self.conn = conn
        self.kind = kind
        self.file = file
        self.result = result
        self.table, self.key = KIND_TABLES[kind]
        self.known = _known_keys(conn)
        self.deferred: list[tuple[int, str, str, str]] = []  # (row, column, kind, value) checked at the end
        self.file_keys: set[str] = set()  # every key the file names, written or not
        self.limits = _length_limits(kind, self.table)

    def check_lengths(self, number: int, values: dict) -> bool:
        ok = True
        for column, limit in self.limits:
            value = values.get(column)
            if value is not None and len(value) > limit:
                message = N_('"{value}" is too long: at most {limit} characters')
                self.problem(number, column, Message.of(message, value=clip(value), limit=limit))
                ok = False
        return ok

    def problem(self, row: int | None, column: str | None, message: Message, severity: str = "error") -> None:
        self.result.add(Problem(self.file, row, column, message, severity))

    def check_references(self, number: int, values: dict) -> bool:
        ok = True
        for column, kind in REFERENCES[self.kind]:
            value = values.get(column)
            if value is None or value in self.known[kind]:
                continue
            if kind == self.kind:  # may be defined further down the same file
                self.deferred.append((number, column, kind, value))
                continue
            self.problem(number, column, _reference_message(kind, value))
            ok = False
        return ok

    def run(self, rows: Iterable) -> None:
        for batch in _batches(rows):
            good = []
            for row in batch:
                self.result.rows += 1
                if self.key is not None and row.values.get(self.key) is not None:
                    self.file_keys.add(row.values[self.key])
                for p in row.problems:
                    self.result.add(p)
                # a row with a bad cell is still checked for what it refers to: one run lists every problem
                checked = self.check_lengths(row.number, row.values) & self.check_references(row.number, row.values)
                if checked and not any(p.severity == "error" for p in row.problems):
                    good.append(row)
            # after an error the rest of the file is still checked, but nothing more is written
            if self.key is None:
                if not self.result.error_count:
                    self.write_contacts(good)
            else:
                # without the key column (a header problem) there is nothing to match rows with
                self.write_keyed([row for row in good if row.values.get(self.key) is not None])
        for number, column, kind, value in self.deferred:
            # a row further down names it: known once written; when errors stop the writing, still not "unknown"
            if value not in self.known[kind] and value not in self.file_keys:
                self.problem(number, column, _reference_message(kind, value))

    def write_keyed(self, rows: list) -> None:
        """Upsert ``rows``; once the file has an error, only check them (a new row's required columns)."""
        if not rows:
            return
        key_col = self.table.__table__.c[self.key]
        keys = [row.values[self.key] for row in rows]
        stored = {
            r[self.key]: r
            for r in self.conn.execute(select(self.table.__table__).where(key_col.in_(keys))).mappings()
        }
        inserts, updates = [], []
        for row in rows:
            values = {c: _stored(c, v) for c, v in row.values.items()}
            old = stored.get(values[self.key])
            if old is None:
                missing = [c for c in REQUIRED_FOR_NEW.get(self.kind, ()) if values.get(c) is None]
                if missing:
                    for column in missing:
                        self.problem(
                            row.number, column, Message.of(N_("a new {kind} row needs this column"), kind=self.kind)
                        )
                    continue
                inserts.append(values)
            elif any(old[c] != v for c, v in values.items()):
                updates.append(values)
            else:
                self.result.unchanged += 1
        if self.result.error_count:
            return
        if inserts:
            self.conn.execute(self.table.__table__.insert(), inserts)
            self.result.inserted += len(inserts)
            if self.kind in self.known:
                self.known[self.kind].update(v[self.key] for v in inserts)
        if updates:
            columns = [c for c in updates[0] if c != self.key]
            if columns:
                statement = (
                    update(self.table.__table__)
                    .where(key_col == bindparam("_key"))
                    .values({c: bindparam(c) for c in columns})
                )
                self.conn.execute(statement, [{**v, "_key": v[self.key]} for v in updates])
            self.result.updated += len(updates)

    def write_contacts(self, rows: list) -> None:
        if not rows:
            return
        batch = []
        for row in rows:
            values = {c: row.values.get(c) for c in CONTACT_COLUMNS}
            values["fingerprint"] = fingerprint(values)
            batch.append(values)
        prints = {v["fingerprint"] for v in batch}
        seen = set(
            self.conn.execute(select(ContactRow.fingerprint).where(ContactRow.fingerprint.in_(prints))).scalars()
        )
        fresh = []
        for values in batch:
            if values["fingerprint"] in seen:
                self.result.skipped += 1
                continue
            seen.add(values["fingerprint"])
            fresh.append(values)
        if fresh:
            self.conn.execute(ContactRow.__table__.insert(), fresh)
            self.result.inserted += len(fresh)


def import_rows(
    engine: Engine,
    kind: str,
    file: str,
    rows: Iterable,
    dry_run: bool = False,
    header_problems: Iterable[Problem] = (),
) -> ImportResult:
    """Validate and write every row in one transaction; roll back on any error or for a dry run."""
    result = ImportResult(kind=kind, file=file, dry_run=dry_run)
    # the reader may add a file-level problem while rows are read (a row it cannot parse ends the
    # rows early): the list is looked at again after the rows, so such a file is refused, not cut short
    header_problems = header_problems if isinstance(header_problems, list) else list(header_problems)
    seen = len(header_problems)
    for p in header_problems:
        result.add(p)
    try:
        with engine.begin() as conn:
            # a header problem refuses the file, but the rows are still checked (nothing is written
            # once there is an error), so one run shows every problem
            Importer(conn, kind, file, result).run(rows)
            for p in header_problems[seen:]:
                result.add(p)
            if result.error_count or dry_run:
                raise _Rollback()
    except _Rollback:
        pass
    return result


def insert_contact(conn: Connection, values: dict) -> int:
    """One contact from `followup log`; returns its id."""
    row = {c: values.get(c) for c in CONTACT_COLUMNS}
    row["fingerprint"] = fingerprint(row)
    return conn.execute(ContactRow.__table__.insert().values(**row)).inserted_primary_key[0]


def _length_limits(kind: str, table: type) -> tuple[tuple[str, int], ...]:
    """(column, maximum length) of the free-text columns with a length in the schema.

    Parsed columns (enumerations, phones, VINs) are short by their parser;
    references (owner, customer_id, ...) must name a stored key, which was
    checked when it was stored.
    """
    spec = table_spec(kind)
    references = {column for column, _ in REFERENCES[kind]}
    limits = []
    for column in table.__table__.columns:
        length = getattr(column.type, "length", None)
        field = spec.fields.get(column.name)
        if isinstance(length, int) and field is not None and field.parse is None:
            if column.name not in references:
                limits.append((column.name, length))
    return tuple(limits)
