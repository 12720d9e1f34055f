"""csvio.read.open_table on workbooks: the same rows, values and problems as the CSV it was made from."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from followup_cli.csvio.read import open_table
from followup_cli.csvio.workbook import cell_text

FIXTURES = Path(__file__).resolve().parent / "fixtures"
COLUMNS = ("customer_id", "phone", "birthday", "budget")


def _records(path):
    with open_table(path, "customers") as table:
        assert table.ok, table.problems
        return [(number, values, list(problems)) for number, values, problems in table.records(COLUMNS)]


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_records_of_a_workbook_are_those_of_its_csv(suffix):
    """What log --from and import read: one function for CSV and workbooks alike."""
    expected = _records(FIXTURES / "customers_source.csv")
    assert expected[0] == (2, ("X1001", "13800138000", date(1985, 3, 12), "150000"), [])
    assert _records(FIXTURES / f"customers.{suffix}") == expected


def test_rows_of_a_bad_workbook_carry_excel_row_numbers():
    with open_table(FIXTURES / "customers_bad.xlsx", "customers") as table:
        rows = list(table)
    assert [row.number for row in rows] == [2, 3, 5]  # row 4 is blank
    assert [(p.row, p.column) for p in rows[2].problems] == [(5, "birthday")]


@pytest.mark.parametrize(
    "value, text",
    [
        (13800138000.0, "13800138000"),
        (98000.5, "98000.5"),
        (1e-05, "0.00001"),
        (12, "12"),
        (True, "true"),
        (date(2026, 1, 5), "2026-01-05"),
        (datetime(2026, 1, 5, 0, 0), "2026-01-05"),
        (datetime(2026, 1, 5, 10, 30), "2026-01-05 10:30:00"),
        (time(9, 15), "09:15:00"),
        (None, ""),
        ("浙A5MV10", "浙A5MV10"),
    ],
)
def test_a_cell_reads_as_the_text_a_csv_file_would_hold(value, text):
    assert cell_text(value) == text
