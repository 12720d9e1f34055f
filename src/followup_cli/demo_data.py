"""The example dealership (examples/*.csv, shipped inside the package) loaded into a store."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

ORDER = ("staff", "customers", "vehicles", "visits", "contacts", "campaigns")


def examples_dir() -> Path:
    """The example CSV files: a link to the repository's examples/, packaged with followup."""
    return Path(__file__).resolve().parent / "examples"


def load_examples(engine: Engine) -> dict:
    """Import every example file in dependency order; returns each kind's ImportResult."""
    from followup_cli.csvio.read import open_table
    from followup_cli.store.importer import import_rows

    results = {}
    for kind in ORDER:
        with open_table(examples_dir() / f"{kind}.csv", kind) as table:
            results[kind] = import_rows(engine, kind, table.name, iter(table), header_problems=table.problems)
        if results[kind].error_count:
            break
    return results
