"""`--format xlsx` on export, due and report: workbooks read back with openpyxl (SPEC 2 "Excel", SPEC 6)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime

import pytest

from followup_cli.reports import REPORTS

from .test_export import KINDS, _dataset, _load

openpyxl = pytest.importorskip("openpyxl")
TODAY = "2026-11-24"


def _book(path):
    return openpyxl.load_workbook(path)


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# --- export → import -------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", ["examples", "tricky"])
def test_export_xlsx_then_import_is_a_no_op_for_every_kind(cli, db, csvfile, tmp_path, digest, dataset):
    _load(cli, db, _dataset(dataset, csvfile))
    counts = {}
    for kind in KINDS:
        out = tmp_path / f"{kind}.xlsx"
        result = cli("--db", db, "export", kind, out)
        assert result.exit_code == 0, result.output
        counts[kind] = int(result.stderr.split(": ")[1].split()[0])
        assert counts[kind] == _book(out)[kind].max_row - 1
    before = digest(db)
    for kind in KINDS:
        result = cli("--db", db, "import", kind, tmp_path / f"{kind}.xlsx")
        assert result.exit_code == 0, result.output
        n = counts[kind]
        if kind == "contacts":
            expected = f"{kind}.xlsx: {n} rows: 0 inserted, 0 updated, 0 unchanged, {n} duplicates skipped\n"
        else:
            expected = f"{kind}.xlsx: {n} rows: 0 inserted, 0 updated, {n} unchanged, 0 duplicates skipped\n"
        assert result.stdout == expected
    assert digest(db) == before


def test_export_xlsx_keeps_phones_vins_and_ids_as_text_and_dates_as_dates(cli, db, csvfile, tmp_path):
    _load(cli, db, _dataset("tricky", csvfile))
    out = tmp_path / "customers.xlsx"
    assert cli("--db", db, "export", "customers", out).exit_code == 0
    sheet = _book(out)["customers"]
    rows = _rows(sheet)
    header = rows[0]
    c1 = dict(zip(header, rows[1]))
    assert c1["customer_id"] == "C1"
    assert c1["phone"] == "13812345678"  # a string cell, never 1.38E+10
    assert c1["birthday"] == datetime(1985, 5, 7)
    assert c1["do_not_contact"] is False
    c2 = dict(zip(header, rows[2]))
    assert c2["phone"] == "+4915123456789" and c2["notes"] == "=SUM(A1)"  # text, not a formula
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}5"
    vehicles = tmp_path / "vehicles.xlsx"
    assert cli("--db", db, "export", "vehicles", vehicles, "--format", "xlsx").exit_code == 0
    v = _rows(_book(vehicles)["vehicles"])
    assert isinstance(v[1][0], str) and len(v[1][0]) == 17
    assert v[1][v[0].index("service_interval_km")] == 7500


def test_export_format_xlsx_to_a_terminal_is_refused(cli, db):
    result = cli("--db", db, "export", "staff", "--format", "xlsx")
    assert result.exit_code == 2  # FILE is required


def test_export_xlsx_mask_hides_phones(cli, db, csvfile, tmp_path):
    _load(cli, db, _dataset("tricky", csvfile))
    out = tmp_path / "c.xlsx"
    assert cli("--db", db, "export", "customers", out, "--mask").exit_code == 0
    rows = _rows(_book(out)["customers"])
    assert rows[1][rows[0].index("phone")] == "*******5678"


# --- due ---------------------------------------------------------------------------------------


def test_due_workbook_has_all_then_a_sheet_per_staff_member_and_the_messages(cli, demo, tmp_path):
    out = tmp_path / "due.xlsx"
    result = cli("--db", demo, "due", "--today", TODAY, "--format", "xlsx", "--output", out)
    assert result.exit_code == 0, result.output
    listed = cli("--db", demo, "due", "--today", TODAY, "--format", "csv")
    calls = list(csv.DictReader(io.StringIO(listed.stdout)))
    items = json.loads(cli("--db", demo, "due", "--today", TODAY, "--format", "json").stdout)
    book = _book(out)
    staff = sorted({code for call in calls for code in call["staff"].split()})
    names = {s.code: s.name for s in _staff(demo)}
    assert book.sheetnames == ["all", *(f"{code} {names[code]}" for code in staff), "messages"]
    everyone = _rows(book["all"])
    assert everyone[0] == list(calls[0].keys())
    assert [row[0] for row in everyone[1:]] == [call["customer_id"] for call in calls]
    for code in staff:
        sheet = _rows(book[f"{code} {names[code]}"])
        assert [r[0] for r in sheet[1:]] == [c["customer_id"] for c in calls if code in c["staff"].split()]
    first = dict(zip(everyone[0], everyone[1]))
    assert isinstance(first["phone"], str) and first["phone"] == calls[0]["phone"]
    assert first["due_on"] == datetime.fromisoformat(calls[0]["due_on"])
    if calls[0]["vin"]:
        assert first["vin"] == calls[0]["vin"]
    messages = _rows(book["messages"])
    sent = [i for i in items if i["within_capacity"] and i["message"] is not None]
    assert sorted((r[0], r[5], r[9]) for r in messages[1:]) == sorted(
        (i["customer_id"], i["touchpoint"], i["message"]) for i in sent
    )
    assert sent, "the example dealership has message items on this day"
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
        assert len(sheet.title) <= 31
    widths = book["all"].column_dimensions
    assert widths["B"].width >= 2 * max(len(c["name"]) for c in calls)  # names are Chinese: 2 cells a character


def _staff(db):
    from followup_cli.store.database import locate, make_engine
    from followup_cli.store.loaders import load_dealership

    engine = make_engine(locate(str(db)))
    with engine.connect() as conn:
        staff = load_dealership(conn).staff
    engine.dispose()
    return staff


def test_due_xlsx_needs_an_output_file(cli, demo):
    result = cli("--db", demo, "due", "--today", TODAY, "--format", "xlsx")
    assert result.exit_code == 1
    assert result.stderr == "--format xlsx writes a workbook: name the file with --output FILE.xlsx\n"


def test_due_xlsx_refuses_an_existing_file_without_force(cli, demo, tmp_path):
    out = tmp_path / "due.xlsx"
    out.write_text("keep")
    result = cli("--db", demo, "due", "--today", TODAY, "--format", "xlsx", "--output", out)
    assert result.exit_code == 1
    assert out.read_text() == "keep"


# --- reports -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(REPORTS))
def test_every_report_workbook_has_its_tables_and_a_chart(cli, demo, tmp_path, name):
    out = tmp_path / f"{name}.xlsx"
    result = cli("--db", demo, "report", name, "--today", TODAY, "--format", "xlsx", "--output", out)
    assert result.exit_code == 0, result.output
    doc = json.loads(cli("--db", demo, "report", name, "--today", TODAY, "--format", "json").stdout)
    book = _book(out)
    assert book.sheetnames == [t["title"][:31] for t in doc["tables"]]
    charts = [n for n in zipfile.ZipFile(out).namelist() if n.startswith("xl/charts/chart")]
    assert charts, f"{name}: no chart"
    first = doc["tables"][0]
    rows = _rows(book.worksheets[0])
    assert len([r for r in rows[1:] if any(v is not None for v in r)]) >= len(first["rows"])


def test_defeats_workbook_draws_months_as_lines_and_reasons_as_columns(cli, demo, tmp_path):
    out = tmp_path / "defeats.xlsx"
    assert cli("--db", demo, "report", "defeats", "--today", TODAY, "--format", "xlsx", "--output", out).exit_code == 0
    archive = zipfile.ZipFile(out)
    charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
    kinds = [archive.read(n).decode() for n in charts]
    assert "<c:lineChart>" in kinds[0] and "<c:barChart>" in kinds[1]
    assert "'Won, lost and quasi-lost by mon'!$A$2:$A$" in kinds[0]  # the sheet name, cut to 31
    sheet = _book(out)["Won, lost and quasi-lost by mon"]
    header = [c.value for c in sheet[1]]
    rate = header.index("defeat rate") + 1
    shares = [sheet.cell(r, rate) for r in range(2, sheet.max_row + 1) if isinstance(sheet.cell(r, rate).value, float)]
    assert shares and all(cell.number_format == "0.0%" for cell in shares)
