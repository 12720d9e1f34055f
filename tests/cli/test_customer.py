"""`followup customer add | edit | list | show`: the same checks as a customers.csv row."""

from __future__ import annotations

import json
from datetime import date

import pytest

from .dataset import VIN1

ROW = (
    "SELECT customer_id, name, phone, stage, intent_level, grade, owner, advisor, source, created_on, birthday, notes "
    "FROM customers WHERE customer_id = ?"
)
LIST_HEADER = "customer_id,name,phone,stage,intent_level,grade,owner,advisor,created_on\n"


# --- add -----------------------------------------------------------------------------------


def test_add_stores_every_option(cli, dealer, sql):
    result = cli(
        "--db", dealer, "customer", "add", "N1", "--name", "赵六", "--phone", "+86 138-1234-0000",
        "--level", "b", "--owner", "S01", "--advisor", "A01", "--source", "walk-in", "--created-on", "2026-01-05",
        "--set", "birthday=1985/05/07", "--set", "notes=喜欢SUV, 预算20万",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "added customer N1\n"
    assert sql(dealer, ROW, "N1") == [
        ("N1", "赵六", "13812340000", "prospect", "B", None, "S01", "A01", "walk_in", "2026-01-05", "1985-05-07", "喜欢SUV, 预算20万")
    ]


def test_add_defaults_to_a_prospect_created_today(cli, dealer, sql):
    assert cli("--db", dealer, "customer", "add", "N1", "--name", "赵六").exit_code == 0
    assert sql(dealer, "SELECT stage, created_on FROM customers WHERE customer_id = 'N1'") == [
        ("prospect", date.today().isoformat())
    ]


def test_add_refuses_an_existing_customer(cli, dealer, digest):
    before = digest(dealer)
    result = cli("--db", dealer, "customer", "add", "C1", "--name", "冒名")
    assert result.exit_code == 1
    assert result.stderr == 'customer "C1" exists already: use `followup customer edit`\n'
    assert digest(dealer) == before


def test_add_refuses_bad_values_naming_each_column(cli, dealer, digest):
    before = digest(dealer)
    result = cli(
        "--db", dealer, "customer", "add", "N1", "--phone", "123", "--stage", "won", "--set", "birthday=someday"
    )
    assert result.exit_code == 1
    assert result.stderr == (
        'phone: "123" is not a valid phone number\n'
        'stage: "won" is not one of: prospect, owner, quasi_lost, lost\n'
        'birthday: "someday" is not a date: write it as YYYY-MM-DD\n'
    )
    assert digest(dealer) == before


def test_add_refuses_an_unknown_owner(cli, dealer, digest):
    before = digest(dealer)
    result = cli("--db", dealer, "customer", "add", "N1", "--owner", "S99")
    assert result.exit_code == 1
    assert result.stderr == 'owner: unknown staff code "S99" (import staff.csv first)\n'
    assert digest(dealer) == before


def test_set_refuses_an_unknown_column(cli, dealer):
    result = cli("--db", dealer, "customer", "add", "N1", "--set", "mobile=13812345678")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        '--set: expected COLUMN=VALUE with a customers.csv column, got "mobile=13812345678"; columns: name, phone, '
    )


# --- edit ----------------------------------------------------------------------------------


def test_edit_changes_only_the_columns_given(cli, dealer, sql):
    before = sql(dealer, ROW, "C2")
    result = cli("--db", dealer, "customer", "edit", "C2", "--name", "李四 (老李)", "--set", "notes=")
    assert result.exit_code == 0, result.output
    assert result.stdout == "updated customer C2: name, notes\n"
    after = sql(dealer, ROW, "C2")
    assert after == [before[0][:1] + ("李四 (老李)",) + before[0][2:11] + (None,)]
    assert before[0][11] == "老客户"


def test_edit_of_an_unknown_customer_is_refused(cli, dealer, digest):
    before = digest(dealer)
    result = cli("--db", dealer, "customer", "edit", "C404", "--name", "谁")
    assert result.exit_code == 1
    assert result.stderr == 'unknown customer "C404"\n'
    assert digest(dealer) == before


def test_edit_without_options_is_refused(cli, dealer):
    result = cli("--db", dealer, "customer", "edit", "C1")
    assert result.exit_code == 1
    assert result.stderr == "nothing to change: give at least one option\n"


def test_edit_refuses_a_bad_date(cli, dealer, digest):
    before = digest(dealer)
    result = cli("--db", dealer, "customer", "edit", "C1", "--created-on", "2026-02-30")
    assert result.exit_code == 1
    assert result.stderr == 'created_on: "2026-02-30" is not a real date (no such month or day)\n'
    assert digest(dealer) == before


# --- stage rules (SPEC 2, seed 004) ----------------------------------------------------------------

LOST = "SELECT stage, intent_level, lost_category, competitor FROM customers WHERE customer_id = ?"


@pytest.mark.parametrize("lang, args, message", [
    ("en", ["--stage", "quasi_lost"], "lost_category: a quasi-lost customer needs a lost category; categories: model (model not liked), "),
    ("zh", ["--stage", "quasi_lost"], "lost_category: 准战败客户须记录战败原因类别；类别：model（车型不满意）、price（价格高）、"),
    ("en", ["--stage", "lost", "--lost-category", "price"],
     "competitor: a lost customer needs a competitor (the brand bought) unless the category is lost_contact\n"),
    ("zh", ["--stage", "lost", "--set", "lost_category=funds"],
     "competitor: 战败客户须记录所购竞品品牌（类别为 lost_contact 失联时除外）\n"),
])
def test_edit_refuses_a_stage_change_without_what_seed_004_asks(cli, dealer, digest, lang, args, message):
    before = digest(dealer)
    result = cli("--lang", lang, "--db", dealer, "customer", "edit", "C1", *args)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(message)
    assert digest(dealer) == before


def test_edit_to_a_stage_with_what_it_needs_is_recorded(cli, dealer, sql):
    result = cli("--db", dealer, "customer", "edit", "C1", "--stage", "lost", "--lost-category", "lost_contact")
    assert result.exit_code == 0, result.output
    assert sql(dealer, LOST, "C1") == [("lost", "B", "lost_contact", None)]
    assert sql(dealer, "SELECT customer_id, stage_from, stage_to, level_from, level_to FROM stage_changes") == [
        ("C1", "prospect", "lost", None, None)]
    # an old defeat keeps being edited without a new stage: no refusal for what it lacked before
    assert cli("--db", dealer, "customer", "edit", "C1", "--name", "张三丰").exit_code == 0
    # back to prospect needs a level
    refused = cli("--db", dealer, "customer", "edit", "C1", "--stage", "prospect")
    assert (refused.exit_code, refused.stderr) == (1, "intent_level: a defeat taken back to prospect needs an intent level: A, B, C or D\n")
    assert cli("--db", dealer, "customer", "edit", "C1", "--stage", "prospect", "--level", "C").exit_code == 0
    assert sql(dealer, LOST, "C1") == [("prospect", "C", "lost_contact", None)]


def test_import_accepts_a_defeat_without_category_or_competitor_with_warnings(cli, dealer, csvfile, sql):
    path = csvfile("old-defeats.csv", "customer_id,name,stage,lost_on,lost_reason,competitor\n"
                                      "C7,老王,lost,2025-05-01,价格原因,\nC8,老李,quasi_lost,2025-06-01,,\nC9,老赵,lost,2025-06-01,,比亚迪\n")
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 0, result.output
    assert "old-defeats.csv:2: competitor: warning: a lost customer needs a competitor (the brand bought) unless the category is lost_contact" in result.stderr
    assert "old-defeats.csv:3: lost_category: warning: a quasi-lost customer needs a lost category; categories: model" in result.stderr
    assert "old-defeats.csv:4" not in result.stderr
    assert sql(dealer, "SELECT customer_id, stage, lost_category FROM customers WHERE customer_id IN ('C7', 'C8', 'C9') ORDER BY 1") == [
        ("C7", "lost", None), ("C8", "quasi_lost", None), ("C9", "lost", None)]
    assert sql(dealer, "SELECT count(*) FROM stage_changes") == [(0,)]  # an import records no hand-made change


# --- list ----------------------------------------------------------------------------------


def _list(cli, db, *options):
    result = cli("--db", db, "customer", "list", "--format", "csv", *options)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_list_all_as_csv(cli, dealer):
    assert _list(cli, dealer) == LIST_HEADER + (
        "C1,张三,13812345678,prospect,B,,S01,,2026-01-05\n"
        "C2,李四,13987654321,owner,,premium,S02,A01,2025-03-01\n"
        "C3,王五,13711112222,owner,,general,S01,A01,2024-07-15\n"
    )


@pytest.mark.parametrize(
    "options, ids",
    [
        (("--stage", "owner"), ["C2", "C3"]),
        (("--stage", "prospect"), ["C1"]),
        (("--level", "B"), ["C1"]),
        (("--grade", "premium"), ["C2"]),
        (("--owner", "S01"), ["C1", "C3"]),
        (("--advisor", "A01"), ["C2", "C3"]),
        (("--owner", "S01", "--stage", "owner"), ["C3"]),
        (("--limit", "2"), ["C1", "C2"]),
        (("--owner", "S02", "--stage", "prospect"), []),
    ],
)
def test_list_filters(cli, dealer, options, ids):
    lines = _list(cli, dealer, *options).splitlines()
    assert lines[0] == LIST_HEADER.strip()
    assert [line.split(",")[0] for line in lines[1:]] == ids


@pytest.mark.parametrize("options, ids", [(("--stage", "Owner"), ["C2", "C3"]), (("--level", "b"), ["C1"])])
def test_list_filters_read_values_like_the_csv_columns(cli, dealer, options, ids):
    lines = _list(cli, dealer, *options).splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ids


def test_list_refuses_a_filter_value_that_can_never_match(cli, dealer):
    result = cli("--db", dealer, "customer", "list", "--stage", "won")
    assert result.exit_code == 1
    assert result.stderr == '--stage: "won" is not one of: prospect, owner, quasi_lost, lost\n'


def test_list_as_json(cli, dealer):
    result = cli("--db", dealer, "customer", "list", "--format", "json", "--grade", "premium")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {
            "customer_id": "C2", "name": "李四", "phone": "13987654321", "stage": "owner", "intent_level": None,
            "grade": "premium", "owner": "S02", "advisor": "A01", "created_on": "2025-03-01",
        }
    ]  # fmt: skip


def test_list_as_a_table_counts_what_it_shows(cli, dealer):
    result = cli("--db", dealer, "customer", "list", "--limit", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "Customer ID" in lines[1] and "Created" in lines[1]
    assert any("C1" in line and "张三" in line and "13812345678" in line and "2026-01-05" in line for line in lines)
    assert not any("C3" in line for line in lines)
    assert lines[-1].rstrip() == "2 of 3 customers"


def test_list_refuses_an_unknown_format(cli, dealer):
    result = cli("--db", dealer, "customer", "list", "--format", "xml")
    assert result.exit_code == 1
    assert result.stderr == '--format: choose table, csv or json, not "xml"\n'


# --- show ----------------------------------------------------------------------------------


def test_show_prints_the_record_vehicles_visits_contacts_and_due_items(cli, dealer, csvfile):
    visits = csvfile("visits.csv", f"visit_id,vin,visited_on,odometer_km,kind,advisor,complaint\nW1,{VIN1},2026-01-10,5012,first_service,A01,\n")
    assert cli("--db", dealer, "import", "visits", visits).exit_code == 0
    assert cli("--db", dealer, "log", "C2", "--on", "2026-01-11", "--staff", "A01", "--note", "一切正常").exit_code == 0
    result = cli("--db", dealer, "customer", "show", "C2", "--today", "2026-01-12")
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert "Customer          李四 (C2)" in lines
    assert "Phone             13987654321" in lines
    assert "Stage             owner" in lines
    assert "Grade             premium — set by hand" in lines
    assert "Service class     C — one visit in the last 12 months" in lines
    assert "Churn state       active — last visit on 2026-01-10, less than a month ago" in lines
    assert "Notes             老客户" in lines
    text = result.stdout
    assert f"{VIN1}" in text and "浙A12345" in text and "2026-03-20" in text
    assert "5,012" in text and "2026-01-10" in text
    assert "一切正常" in text and "2026-01-11" in text
    assert "Due on 2026-01-12" in text


def test_show_says_why_a_prospect_s_level_is_stale_or_not(cli, dealer):
    # C1: prospect, level B (a 7-day cadence), created 2026-01-05, never reached: stale after 3 periods
    def progress(day):
        result = cli("--db", dealer, "customer", "show", "C1", "--today", day)
        assert result.exit_code == 0, result.output
        assert "Grade" not in result.stdout  # a computed grade is an owner's
        return [line.rstrip() for line in result.stdout.splitlines() if line.startswith("Level progress")]

    assert progress("2026-01-12") == ["Level progress    on track — never reached, created on 2026-01-05; level B goes stale on 2026-01-26"]
    assert progress("2026-01-26") == [
        "Level progress    stale — never reached since created on 2026-01-05 (3 cadence periods of 7 days for level B)"
    ]


def test_show_of_an_unknown_customer_is_refused(cli, dealer):
    result = cli("--db", dealer, "customer", "show", "C404", "--today", "2026-01-12")
    assert result.exit_code == 1
    assert result.stderr == 'unknown customer "C404"\n'


def test_show_refuses_a_bad_today(cli, dealer):
    result = cli("--db", dealer, "customer", "show", "C1", "--today", "2026-1-32")
    assert result.exit_code == 1
    assert result.stderr == '--today: "2026-1-32" is not a date (YYYY-MM-DD)\n'


def test_show_of_a_do_not_contact_customer_says_so(cli, dealer):
    result = cli("--db", dealer, "customer", "show", "C3", "--today", "2026-01-12")
    assert result.exit_code == 0, result.output
    assert "Do not contact    yes: never listed" in result.stdout
    assert result.stdout.rstrip().endswith("Nothing due on 2026-01-12.")


def test_list_counts_a_customer_without_a_stage_as_a_prospect(cli, dealer, csvfile):
    assert cli("--db", dealer, "import", "customers", csvfile("customers.csv", "customer_id,name\nN1,无阶段\n")).exit_code == 0
    lines = _list(cli, dealer, "--stage", "prospect").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["C1", "N1"]
    assert [line.split(",")[0] for line in _list(cli, dealer, "--stage", "owner").splitlines()[1:]] == ["C2", "C3"]
