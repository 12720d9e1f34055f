"""Reading files: encodings, the header, spreadsheet row numbers, row problems, streaming."""

from __future__ import annotations

import codecs
import time
import tracemalloc
from datetime import date

import pytest

from followup_cli.csvio import encoding as encoding_module
from followup_cli.csvio.problems import Problem, render_plain
from followup_cli.csvio.read import open_table

VISITS_HEADER = "visit_id,vin,visited_on,odometer_km,kind,amount,advisor,complaint\n"
GOOD_VIN = "1M8GDM9AXKP042788"


def read(path, kind, **options):
    """(file problems, rows) of a whole file, each problem formatted."""
    with open_table(path, kind, **options) as table:
        rows = list(table)
        return [p.format() for p in table.problems], rows


def row_problems(rows) -> list[str]:
    return [p.format() for row in rows for p in row.problems]


# --- row numbers ----------------------------------------------------------------------------------


def test_row_numbers_are_spreadsheet_rows_even_with_a_multi_line_cell(csvfile):
    path = csvfile(
        "visits.csv",
        VISITS_HEADER
        + f'V1,{GOOD_VIN},2026-01-05,12000,maintenance,380,A03,"noise\nfrom the\nfront"\n'
        + f"V2,{GOOD_VIN},2026-03-05,12k,maintenance,380,A03,\n",
    )
    problems, rows = read(path, "visits")
    assert problems == []
    assert [row.number for row in rows] == [2, 3]
    assert rows[0].values["complaint"] == "noise\nfrom the\nfront"
    assert row_problems(rows) == ['visits.csv:3: odometer_km: "12k" is not a whole number']


def test_blank_rows_are_skipped_but_counted(csvfile):
    path = csvfile("visits.csv", VISITS_HEADER + f"\nV1,{GOOD_VIN},2026-01-05,,,,,\n,,,,,,,\n  ,, ,,,,,\nV2,{GOOD_VIN},x,,,,,\n")
    problems, rows = read(path, "visits")
    assert [row.number for row in rows] == [3, 6]
    assert row_problems(rows) == ['visits.csv:6: visited_on: "x" is not a date: write it as YYYY-MM-DD']


def test_crlf_and_a_missing_last_newline(csvfile):
    path = csvfile("staff.csv", "code,name\r\nS01,王芳\r\nS02,李娜")
    _, rows = read(path, "staff")
    assert [(row.number, row.values) for row in rows] == [
        (2, {"code": "S01", "name": "王芳"}),
        (3, {"code": "S02", "name": "李娜"}),
    ]


# --- values -----------------------------------------------------------------------------------------


def test_values_hold_only_the_columns_of_the_file_in_any_order(csvfile):
    path = csvfile("vehicles.csv", f"insurance_ends_on,VIN\n2026/7/1,{GOOD_VIN.lower()}\n")
    problems, rows = read(path, "vehicles")
    assert problems == []
    assert rows[0].values == {"vin": GOOD_VIN, "insurance_ends_on": date(2026, 7, 1)}


def test_parsed_values(csvfile):
    path = csvfile(
        "customers.csv",
        "customer_id,name,phone,birthday,stage,intent_level,do_not_contact,lunar_birthday,notes,store\n"
        'C1, 张三 ,138 1234 5678,1980/5/6,Prospect,a,是,8-15,"说:""好的, 下周""",杭州店\n'
        "C2,,,,,,,,,\n",
    )
    problems, rows = read(path, "customers")
    assert problems == []
    assert rows[0].values == {
        "customer_id": "C1",
        "name": "张三",
        "phone": "13812345678",
        "birthday": date(1980, 5, 6),
        "stage": "prospect",
        "intent_level": "A",
        "do_not_contact": True,
        "lunar_birthday": "08-15",
        "notes": '说:"好的, 下周"',
        "store": "杭州店",
    }
    assert rows[1].values == dict.fromkeys(rows[0].values, None) | {"customer_id": "C2"}
    assert rows[0].ok and rows[1].ok


def test_a_refused_cell_is_left_out_of_values(csvfile):
    path = csvfile("visits.csv", VISITS_HEADER + f"V1,{GOOD_VIN},2026-02-30,12k,,-1,,\n")
    _, rows = read(path, "visits")
    assert rows[0].values == {"visit_id": "V1", "vin": GOOD_VIN, "kind": None, "advisor": None, "complaint": None}
    assert not rows[0].ok
    # problems in column order
    assert [p.column for p in rows[0].problems] == ["visited_on", "odometer_km", "amount"]


def test_campaign_lists(csvfile):
    path = csvfile(
        "campaigns.csv",
        "campaign_id,name,kind,starts_on,target_models,target_stages,vins\n"
        "K1,春季保养,season_check,2026-03-01,星越L;博越,owner,\n"
        f"K2,召回,recall,2026-04-01,,,{GOOD_VIN};11111111111111111\n",
    )
    problems, rows = read(path, "campaigns")
    assert problems == [] and row_problems(rows) == []
    assert rows[0].values["target_models"] == ("星越L", "博越")
    assert rows[0].values["target_stages"] == ("owner",)
    assert rows[0].values["vins"] == ()
    assert rows[1].values["target_models"] == ()
    assert rows[1].values["vins"] == (GOOD_VIN, "11111111111111111")


def test_formula_quote_is_taken_off(csvfile):
    path = csvfile("customers.csv", "customer_id,name,phone\nC1,'=HYPERLINK(1),'+49 1512 3456789\n")
    _, rows = read(path, "customers")
    assert rows[0].values == {"customer_id": "C1", "name": "=HYPERLINK(1)", "phone": "+4915123456789"}


# --- row problems --------------------------------------------------------------------------------------


def test_duplicate_keys_name_the_first_row(csvfile):
    path = csvfile("visits.csv", VISITS_HEADER + f"V1,{GOOD_VIN},2026-01-05,,,,,\nV2,{GOOD_VIN},2026-01-05,,,,,\nV1,{GOOD_VIN},2026-02-05,,,,,\n")
    _, rows = read(path, "visits")
    assert row_problems(rows) == ['visits.csv:4: visit_id: "V1" is already on row 2']


def test_duplicate_vins_differing_in_case(csvfile):
    path = csvfile("vehicles.csv", f"vin\n{GOOD_VIN}\n{GOOD_VIN.lower()}\n")
    _, rows = read(path, "vehicles")
    assert row_problems(rows) == [f'vehicles.csv:3: vin: "{GOOD_VIN}" is already on row 2']


def test_contacts_have_no_key(csvfile):
    path = csvfile("contacts.csv", "customer_id,contacted_on\nC1,2026-01-05\nC1,2026-01-05\n")
    _, rows = read(path, "contacts")
    assert len(rows) == 2 and row_problems(rows) == []


def test_required_value_missing(csvfile):
    path = csvfile("contacts.csv", "customer_id,contacted_on,note\n,2026-01-05,called\nC1,,\nC2,bad,\n")
    _, rows = read(path, "contacts")
    assert row_problems(rows) == [
        "contacts.csv:2: customer_id: a value is required",
        "contacts.csv:3: contacted_on: a value is required",
        'contacts.csv:4: contacted_on: "bad" is not a date: write it as YYYY-MM-DD',
    ]


def test_wrong_number_of_cells(csvfile):
    path = csvfile("staff.csv", "code,name,role\nS01,王芳\nS02,李娜,advisor,extra\nS03,张伟,crm,,\n")
    _, rows = read(path, "staff")
    assert row_problems(rows) == [
        "staff.csv:2: this row has 2 cells, the header has 3",
        "staff.csv:3: this row has 4 cells, the header has 3",
    ]
    assert rows[0].values == {} and not rows[0].ok
    assert rows[2].values == {"code": "S03", "name": "张伟", "role": "crm"}  # blank extra cells are fine


def test_vin_check_digit_is_a_warning(csvfile):
    path = csvfile("vehicles.csv", "vin,model\n1M8GDM9A1KP042788,星越L\n")
    _, rows = read(path, "vehicles")
    (problem,) = rows[0].problems
    assert problem.severity == "warning"
    assert rows[0].ok and rows[0].values["vin"] == "1M8GDM9A1KP042788"
    assert problem.format() == (
        "vehicles.csv:2: vin: warning: the check digit (9th character) of 1M8GDM9A1KP042788 is 1, "
        "expected X: check the VIN for a typo"
    )


def test_a_cell_too_large_for_the_csv_module_ends_the_file_with_a_problem(csvfile):
    path = csvfile("staff.csv", "code,name\nS01,a\nS02," + "x" * 200_000 + "\nS03,c\n")
    with open_table(path, "staff") as table:
        rows = list(table)
        assert [row.number for row in rows] == [2]
        (problem,) = table.problems
        assert problem.row == 3 and problem.format().startswith(
            "staff.csv:3: a cell in this row is longer than 131072 characters"
        )


# --- the header -------------------------------------------------------------------------------------------


def test_unknown_columns_are_named(csvfile):
    path = csvfile("visits.csv", "visit_id,vin,odometer,km\nV1,1M8GDM9AXKP042788,1,2\n")
    problems, rows = read(path, "visits")
    assert problems == [
        "visits.csv:1: not a visits column: odometer, km (the columns are: visit_id, vin, visited_on, "
        "odometer_km, kind, amount, advisor, complaint)"
    ]
    assert rows[0].values == {"visit_id": "V1", "vin": GOOD_VIN}  # the rest is still checked


def test_duplicate_header(csvfile):
    path = csvfile("staff.csv", "code,name,Name\nS01,a,b\n")
    problems, _ = read(path, "staff")
    assert problems == ['staff.csv:1: column "Name" appears twice (columns B and C)']


def test_missing_required_columns(csvfile):
    path = csvfile("contacts.csv", "customer_id,note\nC1,hello\n")
    problems, _ = read(path, "contacts")
    assert problems == ["contacts.csv:1: required column missing: contacted_on"]
    path = csvfile("visits.csv", "vin,visited_on\n1M8GDM9AXKP042788,2026-01-05\n")
    problems, _ = read(path, "visits")
    assert problems == ["visits.csv:1: required column missing: visit_id"]


def test_header_is_trimmed_and_case_insensitive(csvfile):
    path = csvfile("staff.csv", " Code , NAME ,,\nS01,王芳,,\n")
    problems, rows = read(path, "staff")
    assert problems == []
    assert rows[0].values == {"code": "S01", "name": "王芳"}


def test_a_column_without_a_name(csvfile):
    path = csvfile("staff.csv", "code,,name\nS01,x,王芳\n")
    problems, _ = read(path, "staff")
    assert problems == ["staff.csv:1: column B has no name"]


def test_empty_file(csvfile):
    problems, rows = read(csvfile("staff.csv", ""), "staff")
    assert problems == ["staff.csv:1: no header row: the first row must name the columns"]
    assert rows == []


def test_a_file_without_a_header(csvfile):
    problems, rows = read(csvfile("staff.csv", "S01,王芳,consultant\n"), "staff")
    assert problems == [
        "staff.csv:1: the first row is not a header: it names no staff column "
        "(the columns are: code, name, role, team, daily_capacity, store)"
    ]
    assert rows == []


def test_missing_file(tmp_path):
    problems, rows = read(tmp_path / "nowhere.csv", "staff")
    assert problems == ["nowhere.csv: cannot read the file: No such file or directory"]
    assert rows == []


def test_problem_format_without_row_or_column():
    from followup_cli.message import Message

    assert Problem("a.csv", None, None, Message.of("broken {x}", x=1)).format() == "a.csv: broken 1"
    assert Problem("a.csv", 3, "vin", Message.of("bad")).format(lambda m: m.msgid.upper()) == "a.csv:3: vin: BAD"


# --- encodings ----------------------------------------------------------------------------------------------

CHINESE = "customer_id,name,region\r\nC1,张伟,杭州\r\nC2,李娜,上海\r\n"


def _names(path, **options):
    with open_table(path, "customers", **options) as table:
        assert table.problems == []
        return table.encoding, [row.values["name"] for row in table]


def test_gb18030_is_detected(csvfile):
    path = csvfile("customers.csv", CHINESE, encoding="gb18030")
    assert _names(path) == ("gb18030", ["张伟", "李娜"])


def test_gbk_from_excel_is_read_as_gb18030(csvfile):
    path = csvfile("customers.csv", CHINESE, encoding="gbk")
    assert _names(path) == ("gb18030", ["张伟", "李娜"])


def test_utf8_with_bom(csvfile):
    path = csvfile("customers.csv", "\ufeff" + CHINESE)
    assert _names(path) == ("utf-8-sig", ["张伟", "李娜"])


def test_utf8_without_bom(csvfile):
    assert _names(csvfile("customers.csv", CHINESE)) == ("utf-8", ["张伟", "李娜"])


def test_utf16_with_bom(csvfile):
    path = csvfile("customers.csv", CHINESE, encoding="utf-16")
    assert _names(path) == ("utf-16", ["张伟", "李娜"])


def test_excel_unicode_text_is_utf16_with_tabs(csvfile):
    path = csvfile("customers.csv", CHINESE.replace(",", "\t"), encoding="utf-16")
    with open_table(path, "customers") as table:
        assert table.delimiter == "\t"
        assert [row.values["region"] for row in table] == ["杭州", "上海"]


def test_bom_with_an_explicit_utf8_encoding(csvfile):
    path = csvfile("customers.csv", "\ufeff" + CHINESE)
    assert _names(path, encoding="utf-8") == ("utf-8", ["张伟", "李娜"])


def test_encoding_override(csvfile):
    path = csvfile("customers.csv", "customer_id,name\nC1,王芳\n", encoding="gb18030")
    assert _names(path, encoding="GB18030") == ("GB18030", ["王芳"])


def test_unknown_encoding(csvfile):
    problems, rows = read(csvfile("customers.csv", CHINESE), "customers", encoding="klingon")
    assert problems == ['customers.csv: unknown encoding "klingon"'] and rows == []


def test_wrong_explicit_encoding(csvfile):
    path = csvfile("customers.csv", CHINESE, encoding="gb18030")
    problems, rows = read(path, "customers", encoding="utf-8")
    assert problems == ["customers.csv: the file is not utf-8 text (near line 2)"] and rows == []


def test_a_late_decoding_error_is_known_before_the_first_row(csvfile, tmp_path):
    lines = ["customer_id,name"] + [f"C{i},张伟{i}" for i in range(50_000)]
    data = "\n".join(lines).encode("utf-8") + b"\nC-bad,\xff\xfe\xfd\n"
    path = tmp_path / "customers.csv"
    path.write_bytes(data)
    with open_table(path, "customers") as table:
        # plenty of good UTF-8 before the bad bytes: not silently read as GB18030 mojibake
        assert [p.format() for p in table.problems] == [
            "customers.csv: the file is neither UTF-8 nor GB18030 text (utf-8 fails near line 50002): "
            'save it as "CSV UTF-8", or name its encoding'
        ]
        assert list(table) == []


def test_a_file_that_is_no_text(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(b"code,name\nS01,\x80\x80\x80\n")
    problems, rows = read(path, "staff")
    assert problems == [
        "staff.csv: the file is neither UTF-8 nor GB18030 text (utf-8 fails near line 2): "
        'save it as "CSV UTF-8", or name its encoding'
    ]


def test_utf8_bom_file_with_a_bad_byte(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"code,name\nS01,ok\nS02,\xff\n")
    problems, _ = read(path, "staff")
    assert problems == [
        "staff.csv: the file starts with a UTF-8 byte-order mark but is not UTF-8 text (near line 3): "
        'save it as "CSV UTF-8"'
    ]


# --- progress, reading once ------------------------------------------------------------------------------------


def test_bytes_read_for_a_progress_bar(csvfile):
    path = csvfile("contacts.csv", "customer_id,contacted_on\n" + "C1,2026-01-05\n" * 20_000)
    with open_table(path, "contacts") as table:
        assert table.size == path.stat().st_size
        assert 0 < table.bytes_read < table.size
        seen = []
        for n, _ in enumerate(table):
            if n % 1000 == 0:
                seen.append(table.bytes_read)
        assert seen == sorted(seen)
        assert table.bytes_read == table.size


def test_a_table_is_read_once(csvfile):
    with open_table(csvfile("staff.csv", "code\nS01\n"), "staff") as table:
        assert len(list(table)) == 1
        with pytest.raises(RuntimeError):
            iter(table)


def test_problem_messages_are_data(csvfile):
    path = csvfile("visits.csv", VISITS_HEADER + f"V1,{GOOD_VIN},2026-01-05,12k,,,,\n")
    _, rows = read(path, "visits")
    (problem,) = rows[0].problems
    assert problem.message.msgid == '"{value}" is not a whole number'
    assert problem.message.values() == {"value": "12k"}
    assert render_plain(problem.message) == '"12k" is not a whole number'


# --- streaming big files -------------------------------------------------------------------------------------------

CHANNELS = ("phone", "sms", "wechat", "visit")
OUTCOMES = ("reached", "no_answer", "busy", "appointment")
NOTES = ("", "客户说下周再联系", 'busy, "call back"', "已预约保养")


def _contacts_file(path, rows: int) -> None:
    """A generated contacts.csv, written line by line."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("customer_id,contacted_on,channel,touchpoint,outcome,staff,next_contact_on,score,note\r\n")
        for i in range(rows):
            day = date.fromordinal(738000 + i % 2000).isoformat()
            note = NOTES[i % 4]
            if '"' in note:
                note = '"' + note.replace('"', '""') + '"'
            f.write(
                f"C{i % 200_000:06d},{day},{CHANNELS[i % 4]},{'service.maintenance' if i % 3 else ''},"
                f"{OUTCOMES[i % 4]},S{i % 50:02d},{day if i % 7 == 0 else ''},{i % 5 + 1 if i % 2 else ''},{note}\r\n"
            )


@pytest.mark.slow
def test_streaming_200k_rows(tmp_path, record_property):
    path = tmp_path / "contacts.csv"
    _contacts_file(path, 200_000)
    started = time.perf_counter()
    count = problems = 0
    with open_table(path, "contacts") as table:
        assert table.problems == []
        for row in table:
            count += 1
            problems += len(row.problems)
    elapsed = time.perf_counter() - started
    rate = count / elapsed
    record_property("contacts_rows_per_second", round(rate))
    print(f"\nopen_table: {count} contact rows in {elapsed:.2f} s = {rate:,.0f} rows/s")
    assert count == 200_000 and problems == 0
    assert rate > 50_000  # measured ~300,000 rows/s; a generous floor for slow CI machines


@pytest.mark.slow
def test_memory_stays_constant_while_streaming(tmp_path, monkeypatch):
    monkeypatch.setattr(encoding_module, "CHUNK_BYTES", 1 << 16)  # small files, several chunks each

    def peaks(rows: int) -> tuple[int, int]:
        path = tmp_path / f"contacts{rows}.csv"
        _contacts_file(path, rows)
        tracemalloc.start()
        try:
            with open_table(path, "contacts") as table:
                _, opening = tracemalloc.get_traced_memory()  # the decoding check: 1 MiB chunks
                tracemalloc.reset_peak()
                for _ in table:
                    pass
                _, reading = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        return opening, reading

    small = peaks(10_000)  # 0.7 MB of CSV; holding its rows would take ~7 MB
    large = peaks(40_000)
    assert large[0] < small[0] * 1.2 and large[1] < small[1] * 1.2, (small, large)
    assert large[1] < 1_000_000, large
