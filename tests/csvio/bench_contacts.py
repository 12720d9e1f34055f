"""Benchmark: reading a generated contacts.csv with open_table, beside plain csv.reader and sqlite3.

    .venv/bin/python tests/csvio/bench_contacts.py [ROWS]   (default 1,000,000)

Prints the best of three runs of each. Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import csv
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from csvio.test_read import _contacts_file  # noqa: E402

from followup_cli.csvio.read import open_table  # noqa: E402


def best(run, repeat: int = 3) -> tuple[int, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        count = run()
        times.append(time.perf_counter() - started)
    return count, min(times)


def main(rows: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.csv"
        _contacts_file(path, rows)

        def plain() -> int:
            with open(path, newline="", encoding="utf-8") as f:
                return sum(1 for _ in csv.reader(f)) - 1

        def ours() -> int:
            with open_table(path, "contacts") as table:
                return sum(1 for _ in table)

        def executemany() -> float:
            with open(path, newline="", encoding="utf-8") as f:
                records = list(csv.reader(f))[1:]
            db = sqlite3.connect(Path(folder) / "bench.db")
            db.execute("drop table if exists c")
            db.execute("create table c (a, b, c, d, e, f, g, h, i)")
            started = time.perf_counter()
            db.executemany("insert into c values (?, ?, ?, ?, ?, ?, ?, ?, ?)", records)
            db.commit()
            db.close()
            return time.perf_counter() - started

        print(f"{rows:,} rows, {path.stat().st_size / 1e6:.0f} MB")
        for name, run in (("csv.reader alone", plain), ("open_table (parse + validate)", ours)):
            count, seconds = best(run)
            print(f"  {name:32s} {seconds:6.2f} s {count / seconds:12,.0f} rows/s")
        seconds = min(executemany() for _ in range(3))
        print(f"  {'sqlite3 executemany (raw cells)':32s} {seconds:6.2f} s {rows / seconds:12,.0f} rows/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
