"""`followup export KIND FILE|-`: Excel-safe CSV that imports back to exactly what was stored."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pytest

from .dataset import VIN1, VIN2, VIN3

KINDS = ("staff", "customers", "vehicles", "visits", "contacts", "campaigns")  # the order references allow
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: a small dealership whose text has everything CSV makes hard
TRICKY = {
    "staff": "code,name,role,team,daily_capacity\nS01,张伟,consultant,sales,30\nA01,\"王, 强\",advisor,service,\n",
    "customers": (
        "customer_id,name,phone,wechat,email,birthday,lunar_birthday,gender,occupation,region,industry,source,"
        "referred_by,stage,intent_level,grade,owner,advisor,created_on,interested_model,budget,expected_purchase_on,"
        "lost_on,lost_reason,competitor,do_not_contact,notes\n"
        'C1,张三,13812345678,zs_wx,zs@example.cn,1985-05-07,04-15,男,教师,西湖区,教育,walk_in,,prospect,A,,S01,,'
        '2026-01-05,星越L,"15-20万",2026-03-01,,,,false,"他说:""好的, 下周再来""\n第二行\r\n第三行"\n'
        "C2,李四,+4915123456789,,,,,,,,,referral,C1,owner,,premium,S01,A01,2025-03-01,,,,,,,true,=SUM(A1)\n"
        "C3,\"''=HYPERLINK(\"\"x\"\")\",,,,,,,,,,,,lost,,,S01,,2025-01-01,,,,2025-06-01,价格,比亚迪,,@cmd\n"
        'C4,"  空格  ",,,,,,,,,,,,,,,,,,,,,,,,,-1+1\n'
    ),
    "vehicles": (
        "vin,customer_id,model,plate,delivered_on,sold_here,warranty_ends_on,insurance_ends_on,inspection_due_on,"
        "usage,service_interval_km,service_interval_months\n"
        f"{VIN1},C2,星越L,浙A12345,2025-03-20,true,2028-03-20,2026-03-20,2027-03-20,normal,7500,6\n"
        f"{VIN2},C2,\"博越, 2024款\",,,,,,,severe,,\n"
        f"{VIN3},C3,,,,false,,,,,,\n"
    ),
    "visits": (
        "visit_id,vin,visited_on,odometer_km,kind,amount,advisor,complaint\n"
        f"W1,{VIN1},2025-06-20,5012,first_service,380,A01,\n"
        f"W2,{VIN1},2025-12-01,11000,repair,1234.56,A01,\"异响,\n已处理\"\n"
        f"W3,{VIN2},2025-12-02,,other,0.1,,\n"
    ),
    "contacts": (
        "customer_id,contacted_on,channel,touchpoint,outcome,staff,next_contact_on,score,note\n"
        "C1,2026-01-05,phone,lead.welcome,reached,S01,2026-01-12,,\"约了试驾, 周六\"\n"
        "C1,2026-01-12,visit,,appointment,S01,,,\n"
        "C2,2025-06-21,phone,service.quality_callback,reached,A01,,2,=1+1\n"
        "C2,2025-06-21,phone,service.quality_callback,reached,A01,,2,=1+1\n"
    ),
    "campaigns": (
        "campaign_id,name,kind,starts_on,ends_on,target_models,target_stages,target_grades,vins\n"
        f"R1,燃油泵召回,recall,2026-02-01,2026-06-30,,,,{VIN1};{VIN2}\n"
        "E1,\"品鉴会, 冬季\",event,2026-03-01,2026-03-02,星越L;博越,prospect;owner,premium;potential,\n"
    ),
}


def _load(cli, db, files):
    for kind in KINDS:
        result = cli("--db", db, "import", kind, files[kind])
        assert result.exit_code == 0, result.output


def _dataset(name, csvfile):
    if name == "examples":
        files = {kind: EXAMPLES / f"{kind}.csv" for kind in KINDS}
        missing = [str(p) for p in files.values() if not p.exists()]
        if missing:
            pytest.skip(f"the examples are not generated yet: {', '.join(missing)}")
        return files
    return {kind: csvfile(f"src-{kind}.csv", text) for kind, text in TRICKY.items()}


def _rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("dataset", ["examples", "tricky"])
def test_export_then_import_is_a_no_op_for_every_kind(cli, db, csvfile, tmp_path, digest, dataset):
    _load(cli, db, _dataset(dataset, csvfile))
    first = {}
    for kind in KINDS:
        out = tmp_path / f"out-{kind}.csv"
        result = cli("--db", db, "export", kind, out)
        assert result.exit_code == 0, result.output
        first[kind] = out.read_bytes()
        count = len(_rows(first[kind])) - 1
        assert result.stderr == f"{out}: {count} rows written\n"
    before = digest(db)
    for kind in KINDS:
        out = tmp_path / f"out-{kind}.csv"
        result = cli("--db", db, "import", kind, out)
        assert result.exit_code == 0, result.output
        n = len(_rows(first[kind])) - 1
        if kind == "contacts":
            expected = f"{out.name}: {n} rows: 0 inserted, 0 updated, 0 unchanged, {n} duplicates skipped\n"
        else:
            expected = f"{out.name}: {n} rows: 0 inserted, 0 updated, {n} unchanged, 0 duplicates skipped\n"
        assert result.stdout == expected
    assert digest(db) == before
    for kind in KINDS:
        again = tmp_path / f"again-{kind}.csv"
        assert cli("--db", db, "export", kind, again).exit_code == 0
        assert again.read_bytes() == first[kind], kind


def test_tricky_text_survives_the_round_trip(cli, db, csvfile, tmp_path, sql):
    _load(cli, db, _dataset("tricky", csvfile))
    out = tmp_path / "customers.csv"
    assert cli("--db", db, "export", "customers", out).exit_code == 0
    fresh = tmp_path / "fresh.db"
    assert cli("--db", fresh, "init").exit_code == 0
    staff = tmp_path / "staff.csv"
    assert cli("--db", db, "export", "staff", staff).exit_code == 0
    assert cli("--db", fresh, "import", "staff", staff).exit_code == 0
    result = cli("--db", fresh, "import", "customers", out)
    assert result.exit_code == 0, result.output
    query = "SELECT customer_id, name, phone, notes, budget, lunar_birthday, do_not_contact FROM customers ORDER BY 1"
    assert sql(fresh, query) == sql(db, query) == [
        ("C1", "张三", "13812345678", '他说:"好的, 下周再来"\n第二行\r\n第三行', "15-20万", "04-15", 0),
        ("C2", "李四", "+4915123456789", "=SUM(A1)", None, None, 1),
        ("C3", "'=HYPERLINK(\"x\")", None, "@cmd", None, None, None),  # the file's ''= is one ' less
        ("C4", "空格", None, "-1+1", None, None, None),
    ]


def test_formula_cells_are_neutralised_and_read_back(cli, db, csvfile, sql):
    _load(cli, db, _dataset("tricky", csvfile))
    result = cli("--db", db, "export", "customers", "-")
    assert result.exit_code == 0, result.output
    rows = {row[0]: row for row in _rows(result.stdout_bytes)}
    header = rows.pop("customer_id")
    notes, name, phone = header.index("notes"), header.index("name"), header.index("phone")
    assert rows["C2"][notes] == "'=SUM(A1)"
    assert rows["C2"][phone] == "'+4915123456789"
    assert rows["C3"][name] == "''=HYPERLINK(\"x\")"
    assert rows["C3"][notes] == "'@cmd"
    assert rows["C4"][notes] == "'-1+1"
    assert sql(db, "SELECT notes FROM customers WHERE customer_id = 'C2'") == [("=SUM(A1)",)]
    contacts = cli("--db", db, "export", "contacts", "-")
    assert [row[-1] for row in _rows(contacts.stdout_bytes)] == ["note", "约了试驾, 周六", "", "'=1+1", "'=1+1"]


def test_a_file_export_has_a_bom_and_crlf_and_stdout_has_neither(cli, dealer, tmp_path):
    out = tmp_path / "staff.csv"
    assert cli("--db", dealer, "export", "staff", out).exit_code == 0
    data = out.read_bytes()
    assert data.startswith(codecs.BOM_UTF8 + b"code,name,role,team,daily_capacity\r\n")
    assert data.count(b"\r\n") == 6
    result = cli("--db", dealer, "export", "staff", "-")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout_bytes == (
        "code,name,role,team,daily_capacity\n"
        "A01,王强,advisor,service,25\n"
        "K01,孙丽,crm,service,40\n"
        "M01,赵敏,manager,sales,\n"
        "S01,张伟,consultant,sales,30\n"
        "S02,李婷,consultant,sales,\n"
    ).encode("utf-8")


def test_export_replaces_an_existing_file_only_with_force(cli, dealer, tmp_path):
    out = tmp_path / "customers.csv"
    out.write_text("old content that is longer than nothing\n" * 100)
    refused = cli("--db", dealer, "export", "customers", out)
    assert refused.exit_code == 1
    assert refused.stderr == f"{out} exists already: choose another name, or --force to replace it\n"
    assert out.read_text() == "old content that is longer than nothing\n" * 100
    assert cli("--db", dealer, "export", "customers", out, "--force").exit_code == 0
    assert _rows(out.read_bytes())[0][0] == "customer_id"
    assert len(_rows(out.read_bytes())) == 4
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_export_into_a_missing_directory_is_refused(cli, dealer, tmp_path):
    out = tmp_path / "no" / "such" / "dir" / "customers.csv"
    result = cli("--db", dealer, "export", "customers", out)
    assert result.exit_code == 1
    assert result.stderr == f"cannot write {out}: the directory {out.parent} does not exist\n"


def test_mask_keeps_the_last_four_phone_digits(cli, dealer, csvfile, tmp_path):
    result = cli("--db", dealer, "export", "customers", "-", "--mask")
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout_bytes)
    phone = rows[0].index("phone")
    assert [(r[0], r[phone]) for r in rows[1:]] == [("C1", "*******5678"), ("C2", "*******4321"), ("C3", "*******2222")]
    # a masked file can never overwrite real numbers
    masked = tmp_path / "masked.csv"
    assert cli("--db", dealer, "export", "customers", masked, "--mask").exit_code == 0
    again = cli("--db", dealer, "import", "customers", masked)
    assert again.exit_code == 1
    assert again.stderr.splitlines()[0] == 'masked.csv:2: phone: "*******5678" looks masked: re-export without --mask'


def test_mask_leaves_other_kinds_alone(cli, dealer):
    plain = cli("--db", dealer, "export", "vehicles", "-")
    masked = cli("--db", dealer, "export", "vehicles", "-", "--mask")
    assert masked.stdout == plain.stdout
    assert f"{VIN1},C2,星越L,浙A12345" in plain.stdout


def test_callable_leaves_out_customers_who_may_not_be_contacted(cli, dealer, csvfile):
    contacts = csvfile(
        "contacts.csv",
        "customer_id,contacted_on,channel,outcome,staff\n"
        "C1,2026-01-05,phone,reached,S01\nC2,2026-01-06,phone,opted_out,S02\nC3,2026-01-07,sms,reached,K01\n",
    )
    visits = csvfile(
        "visits.csv",
        f"visit_id,vin,visited_on,kind\nW1,{VIN1},2026-01-02,maintenance\nW2,{VIN2},2026-01-03,repair\n",
    )
    assert cli("--db", dealer, "import", "contacts", contacts).exit_code == 0
    assert cli("--db", dealer, "import", "visits", visits).exit_code == 0

    def first_column(kind, *options):
        result = cli("--db", dealer, "export", kind, "-", *options)
        assert result.exit_code == 0, result.output
        return [row[0] for row in _rows(result.stdout_bytes)[1:]]

    assert first_column("customers") == ["C1", "C2", "C3"]
    # C2 opted out on a call, C3 is flagged do_not_contact
    assert first_column("customers", "--callable") == ["C1"]
    assert first_column("contacts", "--callable") == ["C1"]
    assert first_column("vehicles") == [VIN1, VIN2]  # by VIN
    assert first_column("vehicles", "--callable") == []
    assert first_column("visits", "--callable") == []
    assert first_column("staff", "--callable") == ["A01", "K01", "M01", "S01", "S02"]


def test_export_of_an_empty_table_writes_the_header(cli, db):
    result = cli("--db", db, "export", "campaigns", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout == "campaign_id,name,kind,starts_on,ends_on,target_models,target_stages,target_grades,vins\n"


#: keys a language's collation orders differently from bytes: case, digits, punctuation, Chinese (pinyin: 李 < 王 < 张)
KEYS = ["张三", "王五", "李四", "c2", "C10", "C9", "B-1", "b1", "_x", "%y", "Z"]


def test_export_and_list_order_keys_byte_for_byte_whatever_the_database_collation(cli, db, csvfile):
    """The order SQLite gives (byte order): the same on a PostgreSQL server whose collation is a language's
    (the test server's is Chinese), so an export or a list never depends on the database."""
    rows = "customer_id,name\n" + "".join(f"{key},客户\n" for key in KEYS)
    assert cli("--db", db, "import", "customers", csvfile("customers.csv", rows)).exit_code == 0
    in_byte_order = sorted(KEYS, key=lambda k: k.encode())
    exported = cli("--db", db, "export", "customers", "-")
    assert exported.exit_code == 0, exported.output
    assert [row["customer_id"] for row in csv.DictReader(io.StringIO(exported.stdout))] == in_byte_order
    listed = cli("--db", db, "customer", "list", "--format", "csv")
    assert listed.exit_code == 0, listed.output
    assert [row["customer_id"] for row in csv.DictReader(io.StringIO(listed.stdout))] == in_byte_order
    first = cli("--db", db, "customer", "list", "--format", "csv", "--limit", "3")
    assert [row["customer_id"] for row in csv.DictReader(io.StringIO(first.stdout))] == in_byte_order[:3]
