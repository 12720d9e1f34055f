"""`followup import KIND FILE.xlsx|.xls|.ods`: workbooks written by another tool (LibreOffice), the CSV path's checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "csvio" / "fixtures"
CUSTOMERS = "SELECT customer_id, name, phone, birthday, stage, created_on, budget, notes FROM customers ORDER BY 1"
EXPECTED = [
    ("X1001", "张伟", "13800138000", "1985-03-12", "prospect", "2026-01-05", "150000", "首保已做"),
    ("X1002", "李娜", "13900139000", "1990-07-01", "owner", "2025-11-20", None, "VIP 客户"),
    ("X1003", "Wang Fang", "13700137000", "1978-12-30", "prospect", "2026-02-14", "98000.5", None),
]


def _plain(rows):
    return [tuple(str(v) if v is not None and not isinstance(v, str) else v for v in row) for row in rows]


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_a_workbook_imports_like_its_csv(cli, db, sql, suffix):
    """A phone stored as a number reads 13800138000 (no .0), a date cell and a date typed as text are dates."""
    result = cli("--db", db, "import", "customers", FIXTURES / f"customers.{suffix}")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"customers.{suffix}: 3 rows: 3 inserted, 0 updated, 0 unchanged, 0 duplicates skipped\n"
    assert _plain(sql(db, CUSTOMERS)) == EXPECTED


def test_the_same_rows_from_the_csv_it_was_made_from(cli, db, sql, tmp_path):
    source = tmp_path / "customers.csv"
    shutil.copy(FIXTURES / "customers_source.csv", source)
    assert cli("--db", db, "import", "customers", source).exit_code == 0
    assert _plain(sql(db, CUSTOMERS)) == EXPECTED
    result = cli("--db", db, "import", "customers", FIXTURES / "customers.xlsx")
    assert result.stdout == "customers.xlsx: 3 rows: 0 inserted, 0 updated, 3 unchanged, 0 duplicates skipped\n"


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
def test_a_bad_row_is_named_by_its_excel_row_and_nothing_is_written(cli, db, sql, digest, suffix):
    """Row 4 is blank; the serial number 31184 in the date column is on Excel row 5."""
    before = digest(db)
    result = cli("--db", db, "import", "customers", FIXTURES / f"customers_bad.{suffix}")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f'customers_bad.{suffix}:5: birthday: "31184" looks like an Excel serial number, not a date '
        "(it would be 1985-05-17): format the column as a date (YYYY-MM-DD) and save again\n"
        f"customers_bad.{suffix}: 1 problem; nothing was written. Fix it and import the file again.\n"
    )
    assert digest(db) == before
    assert sql(db, "SELECT count(*) FROM customers WHERE customer_id LIKE 'X%'") == [(0,)]


def test_a_vin_stays_text_and_a_number_column_reads_as_a_whole_number(cli, db, sql):
    assert cli("--db", db, "import", "customers", FIXTURES / "customers.xlsx").exit_code == 0
    result = cli("--db", db, "import", "vehicles", FIXTURES / "vehicles.xlsx")
    assert result.exit_code == 0, result.output
    assert sql(db, "SELECT vin, customer_id, plate, delivered_on, service_interval_km FROM vehicles") == [
        ("L6T7A4UB5NN247556", "X1002", "浙A5MV10", sql(db, "SELECT delivered_on FROM vehicles")[0][0], 5000)
    ]
    assert str(sql(db, "SELECT delivered_on FROM vehicles")[0][0]) == "2022-10-25"


def test_sheet_chooses_a_sheet_and_an_unknown_one_is_named(cli, db, sql, tmp_path):
    import xlsxwriter

    path = tmp_path / "two.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("说明").write_string(0, 0, "DMS export")
    sheet = book.add_worksheet("客户")
    for col, text in enumerate(("customer_id", "name", "phone")):
        sheet.write_string(0, col, text)
    sheet.write_row(1, 0, ["Y1", "周杰", 13800138009])
    sheet.write_string(2, 0, "Y2")
    sheet.write_string(2, 1, "=SUM(A1)")  # text, not a formula: read literally
    book.close()
    result = cli("--db", db, "import", "customers", path, "--sheet", "客户")
    assert result.exit_code == 0, result.output
    assert sql(db, "SELECT customer_id, name, phone FROM customers WHERE customer_id LIKE 'Y%' ORDER BY 1") == [
        ("Y1", "周杰", "13800138009"), ("Y2", "=SUM(A1)", None),
    ]
    result = cli("--db", db, "import", "customers", path, "--sheet", "Sheet9")
    assert result.exit_code == 1
    assert result.stderr.startswith('two.xlsx: --sheet: the workbook has no sheet "Sheet9" (its sheets: 说明, 客户)')
    result = cli("--db", db, "import", "customers", path)  # the first sheet: no header of customers
    assert result.exit_code == 1
    assert "two.xlsx:1: the first row is not a header" in result.stderr


def test_a_damaged_workbook_is_refused_in_a_line(cli, db, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes((FIXTURES / "customers.xlsx").read_bytes()[:2000])
    result = cli("--db", db, "import", "customers", path)
    assert result.exit_code == 1
    assert result.stderr.startswith("broken.xlsx: cannot read the workbook: ")
    assert "Traceback" not in result.output


def test_sheet_on_a_csv_file_is_refused(cli, db, tmp_path):
    source = tmp_path / "customers.csv"
    shutil.copy(FIXTURES / "customers_source.csv", source)
    result = cli("--db", db, "import", "customers", source, "--sheet", "x")
    assert result.exit_code == 1
    assert result.stderr.startswith("customers.csv: --sheet is for an Excel or OpenDocument workbook")
