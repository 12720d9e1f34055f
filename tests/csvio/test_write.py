"""Writing: what Excel needs (BOM, CRLF, no formulas), masking, and files that read back unchanged."""

from __future__ import annotations

import unicodedata

import codecs
import io
import os
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_cli.csvio.read import open_table
from followup_cli.csvio.write import format_cell, mask_phone, write_rows, write_table
from followup_cli.rules.model import GRADES, STAGES, Customer


def test_a_file_has_a_bom_and_crlf(tmp_path):
    path = tmp_path / "staff.csv"
    count = write_table(path, "staff", [{"code": "S01", "name": "王芳", "role": "consultant", "daily_capacity": 30}])
    assert count == 1
    assert path.read_bytes() == codecs.BOM_UTF8 + "code,name,role,team,daily_capacity\r\nS01,王芳,consultant,,30\r\n".encode()


def test_a_stream_gets_no_bom(tmp_path):
    out = io.StringIO()
    write_table(out, "staff", [{"code": "S01", "name": "王芳"}], columns=["code", "name"])
    assert out.getvalue() == "code,name\nS01,王芳\n"


def test_dash_is_stdout(capsys):
    write_rows("-", ["a", "b"], [(1, "x")])
    assert capsys.readouterr().out == "a,b\n1,x\n"


@pytest.mark.parametrize(
    "value, text",
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (0, "0"),
        (12345, "12345"),
        (380.0, "380.00"),
        (1234.5, "1234.50"),
        (0.125, "0.125"),  # two decimals would change it
        (1e-05, "0.00001"),  # never an exponent: the reader refuses those
        (date(2026, 1, 5), "2026-01-05"),
        (datetime(2026, 1, 5, 9, 30), "2026-01-05 09:30:00"),
        (("星越L", "博越"), "星越L;博越"),
        ((), ""),
        ("张三", "张三"),
    ],
)
def test_format_cell(value, text):
    assert format_cell(value) == text


@pytest.mark.parametrize(
    "value, text",
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+8613812345678", "'+8613812345678"),
        ("-", "'-"),
        ("@home", "'@home"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("a=b", "a=b"),
        ("'quoted'", "'quoted'"),
        (("=a", "b"), "'=a;b"),
    ],
)
def test_formula_neutralising(value, text):
    assert format_cell(value) == text


def test_neutralised_cells_read_back(tmp_path):
    names = ["=HYPERLINK(\"http://x\")", "+1", "-2", "@3", "'=4", "''+5", "normal"]
    path = tmp_path / "customers.csv"
    write_table(path, "customers", [{"customer_id": f"C{i}", "name": n} for i, n in enumerate(names)], columns=["customer_id", "name"])
    with open_table(path, "customers") as table:
        assert [row.values["name"] for row in table] == names


def test_mask(tmp_path):
    assert mask_phone("13812345678") == "*******5678"
    assert mask_phone("+4915123456789") == "**********6789"
    assert mask_phone("123") == "***"
    path = tmp_path / "customers.csv"
    write_table(
        path, "customers", [Customer("C1", name="张三", phone="13812345678"), Customer("C2")],
        columns=["customer_id", "name", "phone"], mask=True,
    )  # fmt: skip
    assert path.read_text("utf-8-sig") == "customer_id,name,phone\nC1,张三,*******5678\nC2,,\n"
    # a masked file cannot be imported by mistake
    with open_table(path, "customers") as table:
        rows = list(table)
    assert [p.format() for p in rows[0].problems] == [
        'customers.csv:2: phone: "*******5678" looks masked: re-export without --mask'
    ]


def test_write_rows_masks_named_columns():
    out = io.StringIO()
    write_rows(out, ["customer_id", "phone"], [("C1", "+4915123456789"), {"customer_id": "C2", "phone": None}], mask_columns=["phone"])
    assert out.getvalue() == "customer_id,phone\nC1,**********6789\nC2,\n"


def test_rows_may_be_records_mappings_or_sequences():
    out = io.StringIO()
    write_rows(out, ["customer_id", "name"], [Customer("C1", name="a"), {"customer_id": "C2"}, ("C3", "c")])
    assert out.getvalue() == "customer_id,name\nC1,a\nC2,\nC3,c\n"


def test_unknown_columns_are_a_programming_error():
    with pytest.raises(ValueError, match="not a staff column: vin"):
        write_table(io.StringIO(), "staff", [], columns=["code", "vin"])


def test_store_is_written_only_when_asked(tmp_path):
    out = io.StringIO()
    write_table(out, "staff", [{"code": "S01", "store": "杭州店"}])
    assert out.getvalue().splitlines()[0] == "code,name,role,team,daily_capacity"
    out = io.StringIO()
    write_table(out, "staff", [{"code": "S01", "store": "杭州店"}], columns=["code", "store"])
    assert out.getvalue() == "code,store\nS01,杭州店\n"


def test_a_failed_export_leaves_the_old_file(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text("old")

    def rows():
        yield {"code": "S01"}
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        write_table(path, "staff", rows())
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["staff.csv"]


def test_an_export_is_private_whatever_the_umask(tmp_path):
    path = tmp_path / "staff.csv"
    previous = os.umask(0o000)
    try:
        write_table(path, "staff", [])
    finally:
        os.umask(previous)
    assert path.stat().st_mode & 0o777 == 0o600  # SPEC section 2: files written hold personal data


def test_an_existing_file_is_replaced_only_when_forced(tmp_path):
    from followup_cli.fileout import OutputError

    path = tmp_path / "staff.csv"
    path.write_text("old")
    with pytest.raises(OutputError) as refused:
        write_table(path, "staff", [{"code": "S01"}], force=False)
    assert refused.value.message.values() == {"target": str(path)}
    assert path.read_text() == "old"
    write_table(path, "staff", [{"code": "S01"}], force=True)
    assert path.read_text(encoding="utf-8-sig").startswith("code,")


# --- round trips -------------------------------------------------------------------------------------------

# Chinese, the characters CSV must quote, formula starts, apostrophes
TRICKY = st.text(
    alphabet=st.sampled_from(list("张伟李娜杭州说好的下周再来，。“”") + list(",\"'\n\r\t=+-@; ab1")) | st.characters(
        min_codepoint=0x20, max_codepoint=0x9FFF, blacklist_categories=("Cs",)
    ),
    min_size=1,
    max_size=30,
).filter(lambda s: s == s.strip())

#: an id as import keeps it: NFKC-normal, no control or invisible character (csvio.fields.parse_key)
KEYS = TRICKY.filter(lambda s: unicodedata.normalize("NFKC", s) == s and s.isprintable())

PHONES = st.sampled_from(["13812345678", "057188888888", "+4915123456789", "01012345678"])


@st.composite
def customers(draw):
    count = draw(st.integers(min_value=1, max_value=8))
    rows = []
    for i in range(count):
        rows.append(
            {
                "customer_id": draw(KEYS) + f"#{i}",  # unique keys
                "name": draw(st.none() | TRICKY),
                "phone": draw(st.none() | PHONES),
                "birthday": draw(st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))),
                "lunar_birthday": draw(st.none() | st.sampled_from(["01-01", "08-15", "12-30"])),
                "stage": draw(st.none() | st.sampled_from(STAGES)),
                "grade": draw(st.none() | st.sampled_from(GRADES)),
                "do_not_contact": draw(st.none() | st.booleans()),
                "notes": draw(st.none() | TRICKY),
                "store": draw(st.none() | TRICKY),
            }
        )
    return rows


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=customers())
def test_customers_round_trip(tmp_path, rows):
    path = tmp_path / "customers.csv"
    write_table(path, "customers", rows, columns=list(rows[0]))
    with open_table(path, "customers") as table:
        read = list(table)
        assert table.problems == []
    assert [p for row in read for p in row.problems] == []
    assert [row.values for row in read] == rows


ITEM = TRICKY.filter(lambda s: ";" not in s and "；" not in s)


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    models=st.lists(ITEM, max_size=4, unique=True).map(tuple),
    amounts=st.lists(st.floats(min_value=0, max_value=1e12) | st.integers(0, 10**9).map(lambda c: c / 100), min_size=1, max_size=5),
)
def test_lists_and_amounts_round_trip(tmp_path, models, amounts):
    campaigns = tmp_path / "campaigns.csv"
    write_table(campaigns, "campaigns", [{"campaign_id": "K1", "target_models": models}])
    with open_table(campaigns, "campaigns") as table:
        (row,) = list(table)
    assert row.values["target_models"] == models
    visits = tmp_path / "visits.csv"
    write_table(visits, "visits", [{"visit_id": f"V{i}", "amount": a} for i, a in enumerate(amounts)], columns=["visit_id", "amount"])
    with open_table(visits, "visits") as table:
        assert [row.values["amount"] for row in table] == amounts


def test_round_trip_through_a_stream_then_a_file(tmp_path):
    rows = [{"customer_id": "C1", "name": '王"芳", 店长\n第二行', "notes": "=1+1"}]
    out = io.StringIO()
    write_table(out, "customers", rows, columns=["customer_id", "name", "notes"])
    path = tmp_path / "customers.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    with open_table(path, "customers") as table:
        assert [row.values for row in table] == rows
