"""The example dealership read straight from examples/*.csv, for report tests that count on their own.

Reports on the demo database are checked against these counts, made here with the csv
module and plain date arithmetic — never by calling the report's code.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import lru_cache
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
REACHING = {"reached", "appointment", "refused", "opted_out"}


@lru_cache(maxsize=None)
def table(kind: str) -> tuple[dict[str, str], ...]:
    with open(EXAMPLES / f"{kind}.csv", encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def month(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def contacts_of(customer_id: str, until: date) -> list[dict[str, str]]:
    return [c for c in table("contacts") if c["customer_id"] == customer_id and day(c["contacted_on"]) <= until]
