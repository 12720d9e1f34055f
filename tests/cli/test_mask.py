"""``--mask`` hides every phone number in the output (SPEC section 2, issue 14).

The ``phone`` column keeps its last four characters; a phone number written
in a name, a WeChat id, an email address, a note, a complaint or a reason
keeps its last four digits. Ids (a VIN with seven digits in a row), dates and
mileages are left as they are. Every command with ``--mask``, in each format.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from .dataset import VIN3

TODAY = "2026-11-24"

#: the numbers stored, none of which may appear with --mask; and how each must read then
NUMBERS = {
    "13812345678": "*******5678",  # P1's phone
    "13900001111": "*******1111",  # in P1's name
    "13911112222": "*******2222",  # in P1's WeChat id
    "13922223333": "*******3333",  # P1's email address
    "13933334444": "*******4444",  # in P1's notes
    "0571-8888-5555": "****-****-5555",  # a landline in P1's notes
    "13987654321": "*******4321",  # P2's phone
    "13955556666": "*******6666",  # in P2's complaint, so in the complaint reply's reason
    "13966667777": "*******7777",  # in a contact's note
}

STAFF = """\
code,name,role
S01,张伟,consultant
A01,王强,advisor
M01,赵敏,manager
K01,孙丽,crm
"""
CUSTOMERS = """\
customer_id,name,phone,wechat,email,stage,intent_level,grade,owner,advisor,created_on,notes
P1,王先生(备用13900001111),13812345678,wx13911112222,13922223333@qq.com,prospect,A,,S01,A01,2026-11-20,"工作日打 13933334444，家里 0571-8888-5555"
P2,李女士,13987654321,,,owner,,general,S01,A01,2025-06-01,
"""
VEHICLES = f"""\
vin,customer_id,model,plate,delivered_on
{VIN3},P2,星越L,浙A12345,2025-06-10
"""
VISITS = f"""\
visit_id,vin,visited_on,odometer_km,kind,advisor,complaint
V1,{VIN3},2026-11-20,12000,repair,A01,异响未修好，请打 13955556666 回电
"""
CONTACTS = """\
customer_id,contacted_on,channel,outcome,staff,note
P2,2026-11-21,phone,reached,A01,客户说换号 13966667777
"""


@pytest.fixture
def phones(cli, db, csvfile):
    """P1, a prospect with phone numbers in her name, WeChat id, email and notes; P2, an owner whose complaint
    at a visit and a contact's note hold a phone number; P2's VIN has seven digits in a row."""
    for kind, text in (("staff", STAFF), ("customers", CUSTOMERS), ("vehicles", VEHICLES), ("visits", VISITS),
                       ("contacts", CONTACTS)):
        result = cli("--db", db, "import", kind, csvfile(f"{kind}.csv", text))
        assert result.exit_code == 0, result.output
    return db


def _masked(cli, db, *args) -> str:
    result = cli("--db", db, *args, "--mask")
    assert result.exit_code == 0, result.output
    for number in NUMBERS:
        assert number not in result.stdout, f"{number} in {args}"
        assert number.replace("-", "")[:7] not in result.stdout.replace("-", ""), f"{number} in {args}"
    return result.stdout


def test_the_unmasked_outputs_show_the_numbers(cli, phones):
    """What the tests below hide is there without --mask."""
    shown = cli("--db", phones, "customer", "show", "P1", "--today", TODAY).stdout
    assert {"13812345678", "13900001111", "13911112222", "13922223333", "13933334444", "0571-8888-5555"} <= {
        n for n in NUMBERS if n in shown
    }
    due = cli("--db", phones, "due", "--today", TODAY, "--all", "--format", "json").stdout
    assert "13955556666" in due and "13900001111" in due


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_due_masks_the_phone_and_numbers_in_names_and_reasons(cli, phones, fmt):
    out = _masked(cli, phones, "due", "--today", TODAY, "--all", "--format", fmt)
    for number in ("13812345678", "13900001111", "13987654321", "13955556666"):
        assert NUMBERS[number] in out, (fmt, number)
    assert "2026-11-20" in out  # the complaint's date is no phone number
    if fmt == "json":
        items = {i["touchpoint"]: i for i in json.loads(out)}
        reply = items["complaint.reply"]
        assert reply["reason"] == "complaint at the visit on 2026-11-20: 异响未修好，请打 *******6666 回电"
        assert (reply["phone"], reply["vin"]) == ("*******4321", VIN3)  # the VIN's 3000001 stays
        assert items["lead.cadence"]["name"] == "王先生(备用*******1111)"
    if fmt == "csv":
        rows = {r["customer_id"]: r for r in csv.DictReader(io.StringIO(out))}
        assert (rows["P1"]["name"], rows["P1"]["phone"]) == ("王先生(备用*******1111)", "*******5678")
        assert rows["P2"]["vin"] == VIN3
        assert "complaint at the visit on 2026-11-20: 异响未修好，请打 *******6666 回电" in rows["P2"]["reasons"]


def test_due_masks_a_table_written_to_a_file(cli, phones, tmp_path):
    out = tmp_path / "due.txt"
    assert cli("--db", phones, "due", "--today", TODAY, "--all", "--mask", "--output", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "*******5678" in text and "*******1111" in text
    assert not any(number in text for number in NUMBERS)


def test_export_masks_free_text_columns_and_leaves_ids(cli, phones):
    customers = {r["customer_id"]: r for r in csv.DictReader(io.StringIO(_masked(cli, phones, "export", "customers", "-")))}
    p1 = customers["P1"]
    assert (p1["name"], p1["phone"], p1["wechat"], p1["email"], p1["notes"]) == (
        "王先生(备用*******1111)", "*******5678", "wx*******2222", "*******3333@qq.com",
        "工作日打 *******4444，家里 ****-****-5555",
    )
    assert (p1["created_on"], p1["owner"]) == ("2026-11-20", "S01")
    [visit] = csv.DictReader(io.StringIO(_masked(cli, phones, "export", "visits", "-")))
    assert (visit["vin"], visit["complaint"], visit["odometer_km"]) == (VIN3, "异响未修好，请打 *******6666 回电", "12000")
    [contact] = csv.DictReader(io.StringIO(_masked(cli, phones, "export", "contacts", "-")))
    assert contact["note"] == "客户说换号 *******7777"
    [vehicle] = csv.DictReader(io.StringIO(_masked(cli, phones, "export", "vehicles", "-")))
    assert vehicle["vin"] == VIN3  # an id with 3000001 in it is no phone number


def test_customer_show_masks_every_number(cli, phones):
    p1 = _masked(cli, phones, "customer", "show", "P1", "--today", TODAY)
    for number in ("13812345678", "13900001111", "13911112222", "13922223333", "13933334444", "0571-8888-5555"):
        assert NUMBERS[number] in p1, number
    p2 = _masked(cli, phones, "customer", "show", "P2", "--today", TODAY)
    for number in ("13987654321", "13955556666", "13966667777"):
        assert NUMBERS[number] in p2, number
    assert VIN3 in p2


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_customer_list_masks_phones_and_names(cli, phones, fmt):
    out = _masked(cli, phones, "customer", "list", "--format", fmt)
    for number in ("13812345678", "13900001111", "13987654321"):
        assert NUMBERS[number] in out, (fmt, number)
    if fmt == "json":
        assert [(c["customer_id"], c["name"], c["phone"]) for c in json.loads(out)] == [
            ("P1", "王先生(备用*******1111)", "*******5678"), ("P2", "李女士", "*******4321"),
        ]
