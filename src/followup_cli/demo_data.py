"""The example dealership (examples/*.csv, shipped inside the package) loaded into a store.

A database made by ``followup demo`` carries a marker table (``DEMO_MARKER``),
so that ``demo`` replaces only a database it made itself.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine

ORDER = ("staff", "customers", "vehicles", "visits", "contacts", "campaigns")


def examples_dir() -> Path:
    """The example CSV files: a link to the repository's examples/, packaged with followup."""
    return Path(__file__).resolve().parent / "examples"


#: the day the example dealership is drawn around (``ANCHOR`` in examples/generate.py): its healthy morning
ANCHOR = date(2026, 11, 24)


def load_examples(engine: Engine, anchor: date | None = None) -> dict:
    """Import every example file in dependency order; returns each kind's ImportResult.

    ``anchor``: every date of the examples moved by one offset so that their
    anchor day falls on it (``followup demo``: today is the healthy morning
    the examples were drawn for, whatever the clock says). None: as written
    (the golden snapshots and the tests).
    """
    from followup_cli.csvio.read import open_table
    from followup_cli.store.importer import import_rows

    shift = timedelta(days=0 if anchor is None else (anchor - ANCHOR).days)
    results = {}
    for kind in ORDER:
        with open_table(examples_dir() / f"{kind}.csv", kind) as table:
            rows = iter(table) if not shift else (_shifted(row, shift) for row in table)
            results[kind] = import_rows(engine, kind, table.name, rows, header_problems=table.problems)
        if results[kind].error_count:
            break
    return results


def empty(engine: Engine) -> None:
    """Every row of a demo database gone (a server database is emptied, not deleted, before the demo loads again:
    examples moved to another day are other rows, which would otherwise join the old ones)."""
    from followup_cli.store.tables import metadata

    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())


def _shifted(row, shift: timedelta):
    values = {k: v + shift if type(v) is date else v for k, v in row.values.items()}
    return row._replace(values=values)


#: the table that marks a database made by ``followup demo`` (outside the schema: never in a user's database)
DEMO_MARKER = "followup_demo"


def database_kind(db: str | None) -> str:
    """``absent`` (no file), ``empty`` (no tables), ``demo`` (made by demo) or ``other`` (anything else)."""
    from sqlalchemy import inspect

    from followup_cli.store.database import locate, make_engine

    location = locate(db)
    if location.is_sqlite and not location.path.exists():
        return "absent"
    if location.is_sqlite and not location.path.is_file():
        return "other"
    try:
        engine = make_engine(location)
        try:
            tables = set(inspect(engine).get_table_names())
        finally:
            engine.dispose()
    except Exception:  # not a database, unreachable: not one demo made, so not one it may replace
        return "other"
    if not tables:
        return "empty"
    return "demo" if DEMO_MARKER in tables else "other"


def mark_demo(engine: Engine) -> None:
    """Mark the database as made by ``followup demo``."""
    from sqlalchemy import Column, MetaData, String, Table

    marker = Table(DEMO_MARKER, MetaData(), Column("made_by", String, primary_key=True))
    with engine.begin() as conn:
        marker.create(conn, checkfirst=True)
        conn.execute(marker.delete())
        conn.execute(marker.insert().values(made_by="followup demo"))
