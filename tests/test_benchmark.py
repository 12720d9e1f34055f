"""The benchmark harness (benchmarks/) runs at a tiny size here, so it cannot rot.

The full-size run is by hand: ``python benchmarks/run.py`` (see benchmarks/RESULTS.md). Under
``FOLLOWUP_TEST_BACKEND=postgresql`` the quick run is given ``--postgresql`` too, so the PostgreSQL
figures cannot rot either.
"""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

import postgres
from followup_cli.csvio.fields import parse_phone
from followup_cli.rules.model import (
    CAMPAIGN_KINDS,
    CHANNELS,
    GRADES,
    INTENT_LEVELS,
    OUTCOMES,
    ROLES,
    SOURCES,
    STAGES,
    TOUCHPOINTS,
    USAGES,
    VISIT_KINDS,
)

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"

#: every figure of the issue, as its row in the table starts
FIGURES = (
    "followup import contacts (",  # vs executemany, vs sqlite-utils, vs sqlite3 .import
    "followup due --all --format json (",
    "followup due --staff S01",
    "followup due --all, 5× contacts",
    "followup --help",
    "followup log C",
    "peak memory of followup due --all",
    "scaling: build: followup init + import of the six files, per customer",
    "scaling: followup due --all --format json, per customer",
)
FLOORS = (
    "python executemany, one transaction",
    "sqlite-utils insert --csv",
    "sqlite3 .import (physical floor)",
    "fetch all ",
    'python -c "import typer"',
    'python -c "import typer, sqlmodel"',
    "python -c pass",
)
#: the PostgreSQL section's rows (``--postgresql``), as they start
PG_FIGURES = (
    "followup import contacts (",  # (N rows; PostgreSQL: COPY)
    "physical floor: sqlite3 .import / one plain COPY of contacts.csv",
    "followup due --all --format json (",
    "followup due --staff S01",
    "peak memory of followup due --all (the client's)",
    "build: followup init + import of the six files",
)


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_generator_is_seeded_valid_and_keeps_customers_across_history(tmp_path):
    gen = _generator()
    a, b, five = tmp_path / "a", tmp_path / "b", tmp_path / "five"
    assert gen.main(["--customers", "400", "--out", str(a), "--quiet"]) == 0
    assert gen.main(["--customers", "400", "--out", str(b), "--quiet"]) == 0
    assert gen.main(["--customers", "400", "--contacts-per-customer", "50", "--out", str(five), "--quiet"]) == 0
    for kind, columns in gen.COLUMNS.items():
        assert (a / f"{kind}.csv").read_bytes() == (b / f"{kind}.csv").read_bytes(), kind  # seeded
        with open(a / f"{kind}.csv", encoding="utf-8") as fh:
            assert fh.readline().strip() == ",".join(columns)  # SPEC section 2 headers
        if kind != "contacts":  # the same customers, vehicles, visits with five times the contacts
            assert (a / f"{kind}.csv").read_bytes() == (five / f"{kind}.csv").read_bytes(), kind
    contacts, contacts5 = _rows(a / "contacts.csv"), _rows(five / "contacts.csv")
    assert 4.5 < len(contacts5) / len(contacts) < 5.5
    assert 8 <= len(contacts) / 400 <= 12

    staff = _rows(a / "staff.csv")
    codes = {s["code"] for s in staff}
    assert "S01" in codes and {s["role"] for s in staff} == set(ROLES)
    customers = _rows(a / "customers.csv")
    ids = {c["customer_id"] for c in customers}
    assert len(ids) == 400
    assert {c["stage"] for c in customers} == set(STAGES)
    for c in customers:
        assert parse_phone(c["phone"]) == c["phone"]
        assert c["source"] in SOURCES and c["owner"] in codes and (not c["advisor"] or c["advisor"] in codes)
        assert c["intent_level"] in ("", *INTENT_LEVELS) and c["grade"] in ("", *GRADES)
        assert not c["referred_by"] or c["referred_by"] in ids
    vehicles = _rows(a / "vehicles.csv")
    vins = {v["vin"] for v in vehicles}
    assert len(vins) == len(vehicles) and all(gen.vin_is_valid(v) for v in vins)
    assert all(v["customer_id"] in ids and v["usage"] in USAGES for v in vehicles)
    visits = _rows(a / "visits.csv")
    assert all(x["vin"] in vins and x["kind"] in VISIT_KINDS and x["visited_on"] <= "2026-11-24" for x in visits)
    for row in contacts:
        assert row["customer_id"] in ids and row["staff"] in codes and row["contacted_on"] <= "2026-11-24"
        assert row["channel"] in CHANNELS and row["outcome"] in OUTCOMES
        assert row["touchpoint"] in ("", *TOUCHPOINTS)
    assert [r["contacted_on"] for r in contacts] == sorted(r["contacted_on"] for r in contacts)
    campaigns = _rows(a / "campaigns.csv")
    assert {c["kind"] for c in campaigns} == set(CAMPAIGN_KINDS)
    assert all(v in vins for c in campaigns for v in c["vins"].split(";") if v)


@pytest.mark.slow
def test_benchmark_quick_run_prints_and_writes_every_figure(tmp_path):
    results = tmp_path / "RESULTS.md"
    on_postgresql = postgres.backend() == postgres.POSTGRESQL
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick", "--out", str(results), "--quiet",
         *(["--postgresql"] if on_postgresql else [])],
        capture_output=True,
        text=True,
        timeout=360 if on_postgresql else 240,
    )
    assert proc.returncode == 0, proc.stderr[-3000:] + proc.stdout[-3000:]
    text = results.read_text("utf-8")
    for name in ("CPU", "cores", "Python", "SQLite library", "followup commit"):
        assert f"| {name} |" in text, name
    for output in (text, proc.stdout):
        table = [line for line in output.splitlines() if line.startswith("| ")]
        for figure in FIGURES:
            assert any(line.startswith(f"| {figure}") for line in table), figure
        for floor in FLOORS:
            assert any(floor in line for line in table), floor
    # three import rows: against executemany, sqlite-utils and the sqlite3 shell
    figures = text.split("## PostgreSQL")[0]
    assert sum(line.startswith("| followup import contacts (") for line in figures.splitlines()) == 3
    if not on_postgresql:
        assert "## PostgreSQL" not in text
        return
    assert "| PostgreSQL server | postgres (PostgreSQL) " in text
    section = text.split("## PostgreSQL", 1)[1].split("\n## ", 1)[0]
    table = [line for line in section.splitlines() if line.startswith("| ")]
    assert table[0] == "| figure | SQLite | PostgreSQL | PostgreSQL / SQLite | target | met? |"
    for figure in PG_FIGURES:
        row = next((line for line in table if line.startswith(f"| {figure}")), None)
        assert row is not None, figure
        assert row.split(" | ")[2] != "n/a", row  # measured on PostgreSQL (SQLite's floor may be n/a: no sqlite3 shell)
    assert "not byte-identical" not in text  # due --all said the same on both
    assert "| figure | SQLite | PostgreSQL |" in proc.stdout
