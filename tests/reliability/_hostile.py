"""Helpers of the hostile-CSV and re-import tests: a small dealership, what a refusal must look like, a tally.

A refusal (SPEC section 2) is: exit code 1, nothing on stdout, the database
file byte for byte as it was, and on stderr one ``FILE:ROW: column: message``
(or ``FILE: message``) line per problem, then the closing line
``FILE: N problem(s); nothing was written. ...``. ``refused`` checks all of
it and returns the problem lines.

``TRIED`` collects every distinct hostile input (kind, file bytes) the tests
feed the importer, named cases and generated ones alike; its size is printed
with the reliability figures at the end of the run.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import postgres
import pytest

#: VINs with a correct position-9 check digit (ISO 3779)
VIN1 = "L6T7D4KX1NN270743"
VIN2 = "LSGPC52U6AF102554"
VIN3 = "LFV3A23C1L3000001"

STAFF = "code,name,role,team,daily_capacity\nS01,张伟,consultant,sales,30\nS02,李婷,consultant,sales,\nA01,王强,advisor,service,25\n"
CUSTOMERS = (
    "customer_id,name,phone,stage,intent_level,grade,owner,advisor,created_on,do_not_contact\n"
    "C1,张三,13812345678,prospect,B,,S01,,2026-01-05,false\n"
    "C2,李四,13987654321,owner,,premium,S02,A01,2025-03-01,false\n"
    "C3,王五,13711112222,owner,,general,S01,A01,2024-07-15,true\n"
)
VEHICLES = (
    "vin,customer_id,model,plate,delivered_on,sold_here,usage\n"
    f"{VIN1},C2,星越L,浙A12345,2025-03-20,true,normal\n"
    f"{VIN2},C3,博越,浙B54321,2024-08-01,false,severe\n"
)
DEALERSHIP = (("staff", STAFF), ("customers", CUSTOMERS), ("vehicles", VEHICLES))
STAFF_CODES = ("S01", "S02", "A01")
CUSTOMER_IDS = ("C1", "C2", "C3")
VINS = (VIN1, VIN2)

#: a problem line: FILE:ROW: ... or FILE: ... (the closing line has the second shape)
PROBLEM_LINE = re.compile(r"^[^:\n]+\.csv(:\d+)?: \S")
WARNING = re.compile(r"^[^:\n]+\.csv:\d+: \w+: warning: ")
MORE_LINE = re.compile(r"^\.\.\. and \d+ more problems$")
#: a file with a header and no rows: one line, the whole refusal (``--allow-empty`` accepts it)
EMPTY = re.compile(r"^(?P<file>[^:\n]+\.csv): the file has a header but no rows; nothing was imported \(--allow-empty accepts that\)$")
CLOSING = re.compile(r"^(?P<file>[^:\n]+\.csv): (?P<n>\d+) problems?; nothing was written\. Fix (it|them) and import the file again\.$")

TRIED: set[str] = set()
TALLY = {"named": 0, "generated": 0}


def tried(kind: str, data: bytes, origin: str) -> None:
    """Count one hostile input (``origin``: named or generated); the same bytes twice count once."""
    key = hashlib.sha256(kind.encode() + b"\0" + data).hexdigest()
    if key not in TRIED:
        TRIED.add(key)
        TALLY[origin] += 1


@pytest.fixture(scope="module")
def dealer_template(request, tmp_path_factory, _empty_database) -> Path:
    """The dealership, imported once per module (through the importer, as `followup import` does)."""
    from followup_cli.csvio.read import open_table
    from followup_cli.store.database import open_store
    from followup_cli.store.importer import import_rows

    folder = tmp_path_factory.mktemp("dealer")
    path = postgres.copy_database(request, _empty_database, folder / "followup.db")
    engine = open_store(str(path))
    try:
        for kind, text in DEALERSHIP:
            source = folder / f"{kind}.csv"
            source.write_text(text, encoding="utf-8")
            with open_table(source, kind) as table:
                result = import_rows(engine, kind, table.name, iter(table), header_problems=table.problems)
            assert not result.problems and result.inserted == text.count("\n") - 1, result
    finally:
        engine.dispose()  # the last connection closed: the WAL is checkpointed into the file
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture
def dealer(request, tmp_path, dealer_template) -> Path:
    """A private copy of ``db`` holding staff S01 S02 A01, customers C1-C3 and vehicles VIN1 (C2), VIN2 (C3)."""
    return postgres.copy_database(request, dealer_template, tmp_path / "followup.db")


def well_formed(stderr: str) -> list[str]:
    """The lines of stderr, each checked to be a problem line, a '... and N more' line or the closing line."""
    lines = stderr.splitlines()
    for line in lines:
        assert PROBLEM_LINE.match(line) or MORE_LINE.match(line), f"not a FILE:ROW: line: {line!r}"
    return lines


def refused(result, file: str, before: str, after: str) -> list[str]:
    """Assert ``result`` is a refusal of ``file`` that wrote nothing; returns its problem lines."""
    assert result.exit_code == 1, f"exit {result.exit_code}: {result.output}"
    assert result.stdout == ""
    assert after == before, "the database changed"
    empty = EMPTY.match(result.stderr.rstrip("\n"))
    if empty:
        assert empty["file"] == file
        return [result.stderr.rstrip("\n")]
    lines = well_formed(result.stderr)
    closing = CLOSING.match(lines[-1])
    assert closing, f"no closing line: {lines[-1]!r}"
    assert closing["file"] == file
    problems = [line for line in lines[:-1] if not WARNING.match(line)]
    more = 0
    if problems and MORE_LINE.match(problems[-1]):
        more = int(problems.pop().split()[2])
    assert int(closing["n"]) == len(problems) + more
    assert problems, "refused without saying why"
    return problems
