"""`followup log --from FILE`: a worked call list, or any file of contacts, logged in one transaction (SPEC 2)."""

from __future__ import annotations

import csv
import io

import pytest

from .conftest import load_example_dealership

TODAY = "2026-11-24"
CONTACT = "SELECT customer_id, contacted_on, channel, touchpoint, outcome, staff, next_contact_on, score, note FROM contacts"


@pytest.fixture
def examples(db):
    return load_example_dealership(db)


def _call_list(cli, db, *args) -> list[dict]:
    result = cli("--db", db, "due", "--today", TODAY, "--format", "csv", *args)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))


def _write(path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _ids(rows) -> list[str]:
    return [row["customer_id"] for row in rows]


def test_a_call_list_with_its_outcomes_filled_in_is_logged_and_leaves_the_list(cli, examples, sql, tmp_path):
    rows = _call_list(cli, examples, "--staff", "A01")
    assert list(rows[0])[-2:] == ["message", "outcome"] and {row["outcome"] for row in rows} == {""}
    worked = rows[:3]
    for row, outcome in zip(worked, ("reached", "appointment", "refused")):
        row["outcome"] = outcome
    worked[1]["staff"] = "A01 S02"  # a customer two people had today: --staff picks who called
    path = tmp_path / "calls-2026-11-24.csv"
    _write(path, rows)
    before = sql(examples, "SELECT max(id) FROM contacts")[0][0]
    result = cli("--db", examples, "log", "--from", path, "--on", TODAY, "--staff", "A01")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"calls-2026-11-24.csv: 3 contacts logged, 0 logged already, {len(rows) - 3} rows without an outcome (not called yet)\n"
    )
    assert sql(examples, CONTACT + " WHERE id > ? ORDER BY id", before) == [
        ("C1050", TODAY, "phone", None, "reached", "A01", None, None, None),  # two touchpoints: a general call
        ("C1015", TODAY, "phone", None, "appointment", "A01", None, None, None),
        ("C1030", TODAY, "phone", "parts.arrived", "refused", "A01", None, None, None),
    ]
    after = _call_list(cli, examples, "--staff", "A01", "--all")
    assert not {"C1050", "C1015", "C1030"} & set(_ids(after))
    assert _ids(after)[:3] == _ids(rows)[3:6]
    again = cli("--db", examples, "log", "--from", path, "--on", TODAY, "--staff", "A01")
    assert again.stdout.startswith("calls-2026-11-24.csv: 0 contacts logged, 3 logged already, ")


def test_one_bad_row_writes_nothing_and_is_named(cli, examples, digest, tmp_path):
    rows = _call_list(cli, examples, "--staff", "A01")
    rows[0]["outcome"], rows[1]["outcome"], rows[2]["outcome"] = "reached", "reachd", "busy"
    path = tmp_path / "calls.csv"
    _write(path, rows)
    before = digest(examples)
    result = cli("--db", examples, "log", "--from", path, "--on", TODAY)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        'calls.csv:3: outcome: "reachd" is not one of: reached, no_answer, busy, wrong_number, appointment, refused, opted_out (did you mean reached?)',
        "calls.csv: 1 problem; nothing was logged. Fix it and log the file again.",
    ]
    assert result.stdout == ""
    assert digest(examples) == before


def test_the_staff_comes_from_the_row_else_the_option_else_followup_staff(cli, dealer, sql, csvfile):
    path = csvfile("log.csv", "customer_id,outcome,staff,note\nC1,reached,S02,约周末看车\nC2,no_answer,,\n")
    result = cli("--db", dealer, "log", "--from", path, "--on", "2026-02-03", env={"FOLLOWUP_STAFF": "S01"})
    assert result.exit_code == 0, result.output
    assert sql(dealer, CONTACT + " ORDER BY id") == [
        ("C1", "2026-02-03", "phone", None, "reached", "S02", None, None, "约周末看车"),
        ("C2", "2026-02-03", "phone", None, "no_answer", "S01", None, None, None),
    ]


def test_every_optional_column_is_read(cli, dealer, sql, csvfile):
    path = csvfile("log.csv", (
        "customer_id,outcome,touchpoint,channel,staff,contacted_on,next_contact_on,score,note\n"
        "C2,reached,service.quality_callback,wechat,A01,2026-02-03,2026-03-01,5,满意\n"
    ))
    result = cli("--db", dealer, "log", "--from", path)
    assert result.exit_code == 0, result.output
    assert sql(dealer, CONTACT) == [
        ("C2", "2026-02-03", "wechat", "service.quality_callback", "reached", "A01", "2026-03-01", 5, "满意")
    ]


@pytest.mark.parametrize("lang, message", [
    ("en", "log.csv:2: staff: who made the contact? fill in the staff column, or give --staff CODE or set FOLLOWUP_STAFF"),
    ("zh", "log.csv:2: staff: 是谁联系的客户？请填写 staff 列，或加 --staff 员工编号，或设置 FOLLOWUP_STAFF"),
])
def test_a_row_by_nobody_is_refused(cli, dealer, sql, csvfile, lang, message):
    path = csvfile("log.csv", "customer_id,outcome\nC1,reached\n")
    result = cli("--lang", lang, "--db", dealer, "log", "--from", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == message
    assert sql(dealer, "SELECT count(*) FROM contacts") == [(0,)]


def test_several_staff_codes_need_the_caller_among_them(cli, dealer, sql, csvfile):
    path = csvfile("log.csv", "customer_id,outcome,staff\nC2,reached,S02 A01\n")
    refused = cli("--db", dealer, "log", "--from", path, "--staff", "S01")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0] == (
        'log.csv:2: staff: "S02 A01" names several staff members: keep the one who made the contact, '
        "or give --staff as one of them"
    )
    assert cli("--db", dealer, "log", "--from", path, "--staff", "A01").exit_code == 0
    assert sql(dealer, "SELECT customer_id, staff FROM contacts") == [("C2", "A01")]


def test_a_row_with_a_note_and_no_outcome_is_refused(cli, dealer, sql, csvfile):
    path = csvfile("log.csv", "customer_id,outcome,note\nC1,reached,\nC2,,回电话\n")
    result = cli("--db", dealer, "log", "--from", path, "--staff", "S01")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "log.csv:3: outcome: blank, but the row has note: fill in the outcome, or clear them"
    assert sql(dealer, "SELECT count(*) FROM contacts") == [(0,)]


def test_opting_out_in_a_file_stops_every_list(cli, dealer, sql, csvfile):
    path = csvfile("log.csv", "customer_id,outcome\nC1,opted_out\n")
    assert cli("--db", dealer, "log", "--from", path, "--staff", "S01").exit_code == 0
    assert sql(dealer, "SELECT do_not_contact FROM customers WHERE customer_id = 'C1'") == [(1,)]


def test_a_file_without_an_outcome_column_or_with_an_unknown_column_is_refused(cli, dealer, csvfile):
    no_outcome = cli("--db", dealer, "log", "--from", csvfile("a.csv", "customer_id,note\nC1,x\n"), "--staff", "S01")
    assert no_outcome.exit_code == 1
    assert "a.csv:1: required column missing: outcome" in no_outcome.stderr.splitlines()
    unknown = cli("--db", dealer, "log", "--from", csvfile("b.csv", "customer_id,outcome,mood\nC1,reached,ok\n"), "--staff", "S01")
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("b.csv:1: not a log column: mood")


def test_from_goes_without_a_customer_or_an_option_of_one_contact(cli, dealer, csvfile):
    path = csvfile("log.csv", "customer_id,outcome\nC1,reached\n")
    assert cli("--db", dealer, "log", "C1", "--from", path, "--staff", "S01").exit_code == 2
    with_outcome = cli("--db", dealer, "log", "--from", path, "--staff", "S01", "--outcome", "busy")
    assert with_outcome.exit_code == 2
    assert "the file gives each contact's --outcome: leave it out" in with_outcome.stderr
    assert cli("--db", dealer, "log", "--staff", "S01").exit_code == 2


def test_an_unknown_staff_option_is_refused_before_the_file_is_read(cli, dealer, csvfile):
    path = csvfile("log.csv", "customer_id,outcome\nC1,reached\n")
    result = cli("--db", dealer, "log", "--from", path, "--staff", "S99")
    assert (result.exit_code, result.stderr) == (1, '--staff: unknown staff code "S99"; known: A01, K01, M01, S01, S02\n')
