"""Writing parsed CSV rows into the store: one transaction per file, all or nothing (SPEC section 2).

Keyed kinds upsert by their key: a new key is inserted, a known key has the
columns present in the file updated (columns the file leaves out keep what
was stored), an identical row is left alone. Contacts are appended; a contact
is (fingerprint, occurrence): the k-th of a file's identical rows is the k-th
identical contact, skipped when it is stored already (so three identical
attempts are three contacts, and a file imported twice changes nothing).
References (customers, vehicles, staff) are checked against the store and
the file itself; a key or other free text longer than its database column is
refused (SQLite would store it, PostgreSQL would fail mid-import). Every row
is checked even after the first error, so one run lists every problem; any
error rolls the whole file back.

Contacts, the one kind that arrives by the million, take a lean path
(``Importer.run_contacts``): a clean row (``Table.records``, a tuple) costs
two set lookups; its fingerprint is computed batch by batch, and batches of
``CONTACT_BATCH`` are written through ``store.bulk.insert_many`` (the
driver's own ``executemany`` on SQLite). Once all are in, the database
numbers the repeats and deletes what was stored already (``finish_load``).
A large file into an empty table is loaded: indexes built once at the end. SQLite's
foreign key lookup per contact is left out: the importer has checked every
customer itself. Keyed kinds insert through ``insert_many`` too.
"""

from __future__ import annotations

import hashlib
from datetime import date
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from operator import add, methodcaller
from typing import Callable, Iterable, Iterator, Sequence

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.engine import Connection, Engine

from followup_cli.csvio.columns import table_spec
from followup_cli.csvio.fields import key_fold
from followup_cli.csvio.problems import Problem, clip
from followup_cli.message import Message, N_
from followup_cli.store import bulk
from followup_cli.store.tables import KIND_TABLES, ContactRow, CustomerRow, StaffRow, VehicleRow

BATCH = 500
#: contacts written (and checked for duplicates) at a time
CONTACT_BATCH = 5000
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
STORED_CONTACT_COLUMNS = (*CONTACT_COLUMNS, "fingerprint", "occurrence")
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
    "stores": (),
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
    return _fingerprint(tuple(map(values.get, CONTACT_COLUMNS)))


#: the text of the values a contact holds that are not text (None, dates, scores), as the fingerprint writes them
_TEXTS: dict[object, str] = {None: ""}
_TEXTS_LIMIT = 100_000
_blake2b = hashlib.blake2b


def _fingerprint(record: tuple) -> str:
    """:func:`fingerprint` of a contact given as a tuple in ``CONTACT_COLUMNS`` order.

    The text hashed is each value's ``str`` (blank for None) joined by
    U+001F. A text value stands for itself; the others (None, dates, the
    score) are looked up in ``_TEXTS``, so the join runs without a Python
    call per cell: ``_TEXTS.get(v, v)`` is the value itself for a string (a
    string never equals a None, a date or an int key).
    """
    try:
        text = "\x1f".join(map(_TEXTS.get, record, record))
    except TypeError:  # a value not yet in _TEXTS
        text = _fingerprint_text(record)
    return _blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def _with_fingerprints(records: list[tuple]) -> list[tuple]:
    """``records`` (tuples in ``CONTACT_COLUMNS`` order) with their :func:`_fingerprint` and occurrence 1 added.

    What :func:`_fingerprint` does record by record, done over the batch by
    C-level loops (``map``): this runs once per contact of a file.
    """
    try:
        texts = list(map(_JOIN, map(map, repeat(_TEXTS.get), records, records)))
    except TypeError:  # a value not yet in _TEXTS
        texts = list(map(_fingerprint_text, records))
    prints = map(_HEX, map(_HASH, map(str.encode, texts)))
    return list(map(add, records, zip(prints, repeat(1))))


_JOIN = "\x1f".join
_HASH = partial(hashlib.blake2b, digest_size=8)
_HEX = methodcaller("hexdigest")


def _fingerprint_text(record: tuple) -> str:
    """The text :func:`_fingerprint` hashes, once the values of ``record`` that are not text are in ``_TEXTS``."""
    if len(_TEXTS) > _TEXTS_LIMIT:
        _TEXTS.clear()
        _TEXTS[None] = ""
    for value in record:
        if value is not None and not isinstance(value, str):
            _TEXTS[value] = str(value)
    return "\x1f".join(map(_TEXTS.get, record, record))


def _stored(column: str, value: object) -> object:
    if column in LIST_COLUMNS:
        return ";".join(value) if value else None
    return value


_KEY_COLUMNS = {"staff": StaffRow.code, "customers": CustomerRow.customer_id, "vehicles": VehicleRow.vin}


def _known_keys(conn: Connection, kind: str) -> dict[str, set[str]]:
    """The stored keys of the kinds ``kind`` refers to (a contacts file: its customers and staff)."""
    kinds = {referred for _, referred in REFERENCES.get(kind, ())}
    return {k: set(conn.execute(select(column)).scalars()) for k, column in _KEY_COLUMNS.items() if k in kinds}


def _batches(rows: Iterable, size: int = BATCH) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _case_message(value: str, existing: str) -> Message:
    return Message.of(
        N_('"{value}" differs only by case from the existing "{existing}"'), value=clip(value), existing=clip(existing)
    )


def _reference_message(kind: str, value: str, twin: str | None = None) -> Message:
    if twin is not None:
        return _case_message(value, twin)
    value = clip(value)
    if kind == "staff":
        return Message.of(N_('unknown staff code "{value}" (import staff.csv first)'), value=value)
    if kind == "vehicles":
        return Message.of(N_('unknown vehicle "{value}" (import vehicles.csv first)'), value=value)
    return Message.of(N_('unknown customer "{value}"'), value=value)


@dataclass(frozen=True)
class HandEdit:
    """A customer added or edited by hand (``customer add/edit``): stage rules refuse instead of warning,
    and stage and level changes are recorded (``store.history``) on ``on`` by ``staff``."""

    on: date
    staff: str | None = None


class Importer:
    """Imports one file's rows of one kind inside one transaction."""

    def __init__(self, conn: Connection, kind: str, file: str, result: ImportResult, by_hand: HandEdit | None = None):
        self.by_hand = by_hand
        self.conn = conn
        self.kind = kind
        self.file = file
        self.result = result
        self.table, self.key = KIND_TABLES[kind]
        self.known = _known_keys(conn, kind)
        self.deferred: list[tuple[int, str, str, str]] = []  # (row, column, kind, value) checked at the end
        self.file_keys: set[str] = set()  # every key the file names, written or not
        self.limits = _length_limits(kind, self.table)
        self.affected: set[str] = set()  # customers given new contacts
        self.folded: dict[str, tuple[int, dict[str, str]]] = {}  # kind -> (size of known[kind], key by case-fold)
        self.stored_folded: dict[str, str] | None = None  # this kind's stored keys by case-fold, read on first need
        self.dropped: list = []  # indexes dropped for a large load, built again at its end
        self.before = 0  # contacts: the largest id stored before this file; the file's contacts come after it

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

    def case_twin(self, kind: str, value: str, also: Iterable[str] = ()) -> str | None:
        """The known key of ``kind`` (or of ``also``) that ``value`` differs from only by case, if any.

        Looked for only when ``value`` is not known as it is (a rare row), on
        a case-folded copy of the known keys made on first need.
        """
        if kind == "vehicles":  # a VIN is upper-cased by its parser
            return None
        known = self.known[kind]
        size, folded = self.folded.get(kind, (-1, {}))
        if size != len(known):
            folded = {key_fold(key): key for key in known}
            self.folded[kind] = (len(known), folded)
        twin = folded.get(key_fold(value))
        if twin is None:
            twin = {key_fold(key): key for key in also}.get(key_fold(value)) if also else None
        return twin if twin != value else None

    def check_references(self, number: int, values: dict) -> bool:
        ok = True
        for column, kind in REFERENCES[self.kind]:
            value = values.get(column)
            if value is None or value in self.known[kind]:
                continue
            if kind == self.kind:  # may be defined further down the same file
                self.deferred.append((number, column, kind, value))
                continue
            self.problem(number, column, _reference_message(kind, value, self.case_twin(kind, value)))
            ok = False
        return ok

    def stored_twin(self, key: str) -> str | None:
        """The stored key of this kind that a new ``key`` differs from only by case, if any."""
        if not table_spec(self.kind).fields[self.key].identifier:
            return None
        if self.stored_folded is None:
            column = self.table.__table__.c[self.key]
            self.stored_folded = {key_fold(k): k for k in self.conn.execute(select(column)).scalars()}
        return self.stored_folded.get(key_fold(key))

    def run(self, rows: Iterable) -> None:
        if self.key is None:
            self.run_contacts(rows)
            return
        for batch in _batches(rows):
            good = []
            for row in batch:
                self.result.rows += 1
                if row.values.get(self.key) is not None:
                    self.file_keys.add(row.values[self.key])
                for p in row.problems:
                    self.result.add(p)
                # a row with a bad cell is still checked for what it refers to: one run lists every problem
                checked = self.check_lengths(row.number, row.values) & self.check_references(row.number, row.values)
                if checked and not any(p.severity == "error" for p in row.problems):
                    good.append(row)
            # after an error the rest of the file is still checked, but nothing more is written;
            # without the key column (a header problem) there is nothing to match rows with
            self.write_keyed([row for row in good if row.values.get(self.key) is not None])
        for number, column, kind, value in self.deferred:
            # a row further down names it: known once written; when errors stop the writing, still not "unknown"
            if value not in self.known[kind] and value not in self.file_keys:
                twin = self.case_twin(kind, value, self.file_keys)
                self.problem(number, column, _reference_message(kind, value, twin))

    def run_contacts(self, rows: Iterable) -> None:
        """The rows of a contacts file: checked one by one, written ``CONTACT_BATCH`` at a time.

        ``rows`` are :class:`Row` objects or, without a dict per row, the
        ``(number, values, problems)`` of ``Table.records(CONTACT_COLUMNS)``.
        The same checks, in the same order, as a keyed kind's (the row's own
        problems, lengths, then references). A clean row becomes a tuple in
        ``STORED_CONTACT_COLUMNS`` order, its fingerprint last. After the
        first error the rest of the file is still checked, but nothing more
        is written.

        Every clean row is inserted; :meth:`finish_load` then numbers
        identical rows and deletes those stored already. A file of several
        batches into an empty table is loaded (see :meth:`start_load`).
        """
        result = self.result
        contacts = ContactRow.__table__
        self.before = self.conn.execute(select(func.max(contacts.c.id))).scalar() or 0
        customers = self.known["customers"]
        staff = self.known["staff"] | {None}  # a blank staff cell refers to no one
        check = self.check_contact
        careful = bool(self.limits)  # a column to check the length of: every row the careful way
        failed = result.error_count > 0  # a header problem: check the rows, write none
        batch: list[tuple] = []
        count = 0
        first = True
        for number, values, problems in rows:
            count += 1
            # a clean row of Table.records: a tuple with a known customer (never blank: it is required)
            if (
                problems
                or careful
                or values.__class__ is not tuple
                or values[0] not in customers
                or values[5] not in staff
            ):
                values = check(number, values, problems)
                if values is None:
                    failed = True
                    continue
            if not failed:
                batch.append(values)
                if len(batch) >= CONTACT_BATCH:
                    if first:  # a file of several batches
                        self.start_load()
                        first = False
                    self.write_contacts(_with_fingerprints(batch))
                    batch = []
        result.rows += count
        if batch and not failed:
            self.write_contacts(_with_fingerprints(batch))
        if result.inserted and not failed:  # after an error the transaction rolls back, the indexes with it
            self.finish_load()

    def check_contact(self, number: int, values: dict | tuple, problems: Sequence[Problem]) -> tuple | None:
        """A contact row the careful way: its problems, lengths and references; its values, None when refused."""
        bad = False
        for p in problems:
            self.result.add(p)
            if p.severity == "error":
                bad = True
        if values.__class__ is tuple:
            record = values
        else:
            record = tuple(map(values.get, CONTACT_COLUMNS))
        for column, limit in self.limits:
            value = record[CONTACT_COLUMNS.index(column)]
            if value is not None and len(value) > limit:
                message = N_('"{value}" is too long: at most {limit} characters')
                self.problem(number, column, Message.of(message, value=clip(value), limit=limit))
                bad = True
        customer_id = record[0]
        if customer_id is not None and customer_id not in self.known["customers"]:
            twin = self.case_twin("customers", customer_id)
            self.problem(number, "customer_id", _reference_message("customers", customer_id, twin))
            bad = True
        code = record[5]
        if code is not None and code not in self.known["staff"]:
            self.problem(number, "staff", _reference_message("staff", code, self.case_twin("staff", code)))
            bad = True
        return None if bad else record

    def start_load(self) -> None:
        """A file of several batches. Into an empty table: no index kept up to date row by row.

        The contacts of a large file arrive in no order of any index (the
        fingerprint is a hash), so an index kept up to date row by row costs
        more than the rows themselves; built once at the end it is one sort
        (``bulk.drop_indexes``, SQLite).
        """
        table = ContactRow.__table__
        if self.conn.execute(select(table.c.id).limit(1)).first() is None:
            self.dropped = bulk.drop_indexes(self.conn, table)
        # the rest of the transaction reads and writes pages at random: the fingerprint index's, batch by
        # batch into a large table, and the digest refresh's, which reads the new contacts in customer order
        # (with SQLite's default cache each of those pages would be read back from the WAL)
        bulk.enlarge_cache(self.conn)

    def finish_load(self) -> None:
        """The file's contacts are in: number its identical rows, drop what was stored already, build the indexes.

        A contact is (fingerprint, occurrence): the k-th of the file's rows
        with one fingerprint is its k-th occurrence (numbered in the
        database, in file order: bounded memory whatever the file holds), and
        it is the contact stored already when one has that fingerprint and
        occurrence. So three identical rows are three contacts, and the same
        file imported again is all stored already: those rows are deleted.
        """
        table = ContactRow.__table__
        bulk.number_repeats(self.conn, table, "fingerprint", "occurrence", self.before)
        bulk.create_indexes(self.conn, self.dropped)
        self.dropped = []
        if self.before:
            stored = bulk.delete_stored(self.conn, table, ("fingerprint", "occurrence"), self.before)
            self.result.inserted -= stored
            self.result.skipped += stored
        self.affected.update(
            self.conn.execute(select(table.c.customer_id).where(table.c.id > self.before).distinct()).scalars()
        )

    def write_contacts(self, records: list[tuple]) -> None:
        """Insert ``records`` (``STORED_CONTACT_COLUMNS`` tuples); :meth:`finish_load` sorts out the repeats."""
        self.result.inserted += bulk.insert_many(self.conn, ContactRow.__table__, STORED_CONTACT_COLUMNS, records)

    def write_keyed(self, rows: list) -> None:
        """Upsert ``rows``; once the file has an error, only check them (a new row's required columns)."""
        if not rows:
            return
        key_col = self.table.__table__.c[self.key]
        # a key with a NUL cannot be stored (nor looked up on PostgreSQL); the file has its error already
        keys = [key for row in rows if (key := row.values[self.key]) is None or "\x00" not in key]
        stored = {
            r[self.key]: r
            for r in self.conn.execute(select(self.table.__table__).where(key_col.in_(keys))).mappings()
        }
        inserts, updates = [], []
        for row in rows:
            values = {c: _stored(c, v) for c, v in row.values.items()}
            old = stored.get(values[self.key])
            if self.kind == "customers" and not self.stage_rules(row.number, values, old):
                continue
            if old is None:
                twin = self.stored_twin(values[self.key])
                if twin is not None:
                    self.problem(row.number, self.key, _case_message(values[self.key], twin))
                    continue
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
            by_columns: dict[tuple[str, ...], list[tuple]] = {}  # the rows of one file share their columns
            for values in inserts:
                by_columns.setdefault(tuple(values), []).append(tuple(values.values()))
            for columns, records in by_columns.items():
                self.result.inserted += bulk.insert_many(self.conn, self.table.__table__, columns, records)
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
        if self.by_hand is not None and self.kind == "customers":
            from followup_cli.store.history import record_change

            for values in inserts + updates:
                old = stored.get(values[self.key])
                before = (old["stage"], old["intent_level"]) if old is not None else ("prospect", None)
                after = tuple(values.get(c, old[c] if old is not None else None) for c in ("stage", "intent_level"))
                if old is not None:  # a new customer starts where it starts: no change to record
                    record_change(self.conn, values[self.key], self.by_hand.on, before, after, self.by_hand.staff)

    def stage_rules(self, number: int, values: dict, old) -> bool:
        """SPEC 2 stage rules (seed 004): a row that changes a customer's stage to quasi-lost or lost without a
        category or competitor is refused when edited by hand, and only warned about from a file (DMS history has
        no categories); False when refused."""
        from followup_cli.rules.lost import stage_refusal

        def now(column: str):
            return values[column] if column in values else (old[column] if old is not None else None)

        stage_before = old["stage"] if old is not None else None
        changes_stage = "stage" in values and (old is None or values["stage"] != stage_before)
        if self.by_hand is not None and not changes_stage:
            return True
        # a defeat taken back to prospect is given its level now, not the one it had before the defeat
        found = stage_refusal(now("stage"), now("lost_category"), now("competitor"), stage_before, values.get("intent_level"))
        if found is None:
            return True
        column, why = found
        if self.by_hand is not None:
            self.problem(number, column, why)
            return False
        if column != "intent_level":
            self.problem(number, column, why, "warning")
        return True




def import_rows(
    engine: Engine,
    kind: str,
    file: str,
    rows: Iterable,
    dry_run: bool = False,
    header_problems: Iterable[Problem] = (),
    then: Callable[[Connection], None] | None = None,
    by_hand: HandEdit | None = None,
) -> ImportResult:
    """Validate and write every row in one transaction; roll back on any error or for a dry run.

    A contacts file that has no error brings the digest of the customers it
    added contacts to up to date (``store.digest``), in the same transaction.
    ``then(conn)``: more to write in the same transaction once the rows are in without an error.
    """
    result = ImportResult(kind=kind, file=file, dry_run=dry_run)
    # the reader may add a file-level problem while rows are read (a row it cannot parse ends the
    # rows early): the list is looked at again after the rows, so such a file is refused, not cut short
    header_problems = header_problems if isinstance(header_problems, list) else list(header_problems)
    seen = len(header_problems)
    for p in header_problems:
        result.add(p)
    try:
        # a contact's one foreign key, its customer, is checked by the importer (against what this
        # transaction sees): SQLite need not look each one up again
        with bulk.load_transaction(engine, references_checked=kind == "contacts") as conn:
            # a header problem refuses the file, but the rows are still checked (nothing is written
            # once there is an error), so one run shows every problem
            importer = Importer(conn, kind, file, result, by_hand)
            importer.run(rows)
            for p in header_problems[seen:]:
                result.add(p)
            if result.error_count:
                raise _Rollback()
            if kind == "contacts":
                if not result.inserted:  # every contact stored already: what went in came out again, leave no trace
                    raise _Rollback()
                from followup_cli.store import digest

                digest.refresh(conn, importer.affected)
            if then is not None:
                then(conn)
            if dry_run:
                raise _Rollback()
    except _Rollback:
        pass
    return result


def insert_contact(conn: Connection, values: dict) -> int:
    """One contact from `followup log`; returns its id. The customer's digest follows, in the same transaction.

    A contact identical to stored ones (a second no_answer today) is the next occurrence of their fingerprint:
    exported and imported, it is found again.
    """
    from followup_cli.store import digest

    table = ContactRow.__table__
    row = {c: values.get(c) for c in CONTACT_COLUMNS}
    row["fingerprint"] = fingerprint(row)
    last = conn.execute(select(func.max(table.c.occurrence)).where(table.c.fingerprint == row["fingerprint"])).scalar()
    row["occurrence"] = (last or 0) + 1
    contact_id = conn.execute(ContactRow.__table__.insert().values(**row)).inserted_primary_key[0]
    digest.refresh(conn, [values["customer_id"]])
    return contact_id


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
        if isinstance(length, int) and field is not None and (field.parse is None or field.identifier):
            if column.name not in references:
                limits.append((column.name, length))
    return tuple(limits)
