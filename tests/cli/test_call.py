"""`followup call`: the caller's list one customer at a time, each answer logged at once (SPEC section 2)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from followup_cli.cli.call import BadAnswer, parse_next

from .conftest import load_example_dealership

TODAY = "2026-11-24"
#: A01's list on the example dealership's anchor day, in rank order (the first six)
A01_FIRST = ["C1050", "C1015", "C1030", "C1019", "C1067", "C1068"]
LOGGED = (
    "SELECT customer_id, contacted_on, channel, touchpoint, outcome, staff, next_contact_on, score, note "
    "FROM contacts WHERE id > ? ORDER BY id"
)


@pytest.fixture
def examples(db):
    return load_example_dealership(db)


def _cards(stdout: str) -> list[str]:
    """The customer ids of the cards shown, in order."""
    return re.findall(r"^\[\d+/\d+\]\n\S+  (C\d+)", stdout, flags=re.M)


def _last_id(sql, db) -> int:
    return sql(db, "SELECT max(id) FROM contacts")[0][0]


def test_five_answers_are_logged_at_once_and_the_next_run_starts_at_the_sixth(cli, examples, sql):
    due = cli("--db", examples, "due", "--staff", "A01", "--today", TODAY, "--format", "csv")
    assert [line.split(",")[0] for line in due.stdout.splitlines()[1:7]] == A01_FIRST
    before = _last_id(sql, examples)
    answers = "\n".join([
        "r", "客户下周来店", "+3",    # C1050: recall and inspection; no callback, so no score
        "a", "", "12-01", "4",        # C1015: a quality callback among two touchpoints: scored
        "n", "", "",                  # C1030: parts arrived
        "w", "号码是空号", "",         # C1019
        "x", "不需要", "",             # C1067: parts arrived
        "q",
    ]) + "\n"
    first = cli("--db", examples, "call", "--staff", "A01", "--today", TODAY, input=answers)
    assert first.exit_code == 0, first.output
    assert _cards(first.stdout) == A01_FIRST
    assert "logged: reached by phone with 谢海峰 (C1050) on 2026-11-24; next contact promised for 2026-11-27" in first.stdout
    assert first.stdout.endswith("5 logged, 0 skipped; `followup call` goes on with what is still due\n")
    assert sql(examples, LOGGED, before) == [
        ("C1050", TODAY, "phone", None, "reached", "A01", "2026-11-27", None, "客户下周来店"),
        ("C1015", TODAY, "phone", None, "appointment", "A01", "2026-12-01", 4, None),
        ("C1030", TODAY, "phone", "parts.arrived", "no_answer", "A01", None, None, None),
        ("C1019", TODAY, "phone", None, "wrong_number", "A01", None, None, "号码是空号"),
        ("C1067", TODAY, "phone", "parts.arrived", "refused", "A01", None, None, "不需要"),
    ]
    # the next run: those reached are done for today; the two tried without reaching them come last
    again = cli("--db", examples, "call", "--staff", "A01", "--today", TODAY, input="q\n")
    assert again.exit_code == 0, again.output
    assert _cards(again.stdout) == ["C1068"]
    assert again.stdout.endswith("0 logged, 0 skipped; `followup call` goes on with what is still due\n")
    order = cli("--db", examples, "call", "--staff", "A01", "--today", TODAY, input="s\n" * 40)
    shown = _cards(order.stdout)
    assert shown[0] == "C1068" and shown[-2:] == ["C1030", "C1019"]
    assert not {"C1050", "C1015", "C1067"} & set(shown)
    assert order.stdout.endswith(f"0 logged, {len(shown)} skipped: that was the last call on the list for 2026-11-24\n")
    assert _last_id(sql, examples) == before + 5


def test_a_skipped_customer_logs_nothing_and_comes_back_first(cli, examples, sql):
    before = _last_id(sql, examples)
    first = cli("--db", examples, "call", "--staff", "A01", "--today", TODAY, input="s\nq\n")
    assert first.exit_code == 0, first.output
    assert _cards(first.stdout) == A01_FIRST[:2]
    assert _last_id(sql, examples) == before
    again = cli("--db", examples, "call", "--staff", "A01", "--today", TODAY, input="q\n")
    assert _cards(again.stdout) == A01_FIRST[:1]


def test_the_card_shows_the_last_three_contacts_newest_first(cli, examples):
    result = cli("--db", examples, "call", "--staff", "A01", "--today", TODAY, input="q\n")
    card = result.stdout.split("r reached · ")[0]
    assert re.findall(r"^  (\d{4}-\d\d-\d\d) · (\S+) ·", card, flags=re.M) == [
        ("2026-11-09", "S04"), ("2026-11-09", "A01"), ("2026-10-29", "A01")
    ]
    assert "续保提醒,客户已在网上续保" in card
    assert "1 logged" not in result.stdout


def test_opted_out_asks_no_next_day_and_stops_every_list(cli, examples, sql):
    before = _last_id(sql, examples)
    result = cli("--db", examples, "call", "--staff", "A01", "--today", TODAY, input="o\n不要再打了\nq\n")
    assert result.exit_code == 0, result.output
    assert sql(examples, LOGGED, before) == [("C1050", TODAY, "phone", None, "opted_out", "A01", None, None, "不要再打了")]
    assert sql(examples, "SELECT do_not_contact FROM customers WHERE customer_id = 'C1050'") == [(1,)]
    assert _cards(result.stdout) == ["C1050", "C1015"]


def test_a_wrong_answer_in_a_script_stops_it_and_keeps_what_was_answered(cli, examples, sql):
    before = _last_id(sql, examples)
    result = cli("--db", examples, "call", "--staff", "A01", "--today", TODAY, input="n\n\n\nz\n")
    assert result.exit_code == 1
    assert result.stderr == 'stdin line 4: "z" is not one of the keys: r a n b w x o s q\n'
    assert [row[0] for row in sql(examples, LOGGED, before)] == ["C1050"]
    bad_day = cli("--db", examples, "call", "--staff", "A01", "--today", TODAY, input="r\n\n2026-11-24\n")
    assert bad_day.exit_code == 1
    assert bad_day.stderr == "stdin line 3: the next contact must be after 2026-11-24\n"


def test_the_script_may_end_after_an_outcome(cli, examples, sql):
    before = _last_id(sql, examples)
    result = cli("--db", examples, "call", "--staff", "A01", "--today", TODAY, input="b")
    assert result.exit_code == 0, result.output
    assert sql(examples, LOGGED, before) == [("C1050", TODAY, "phone", None, "busy", "A01", None, None, None)]


def test_the_quit_key_at_the_note_logs_the_outcome_and_stops(cli, examples, sql):
    """A caller who types q at the note prompt means to stop, not to note "q"."""
    before = _last_id(sql, examples)
    result = cli("--db", examples, "call", "--staff", "A01", "--today", TODAY, input="n\nq\nb\n")
    assert result.exit_code == 0, result.output
    assert sql(examples, LOGGED, before) == [("C1050", TODAY, "phone", None, "no_answer", "A01", None, None, None)]


def test_the_quit_key_at_the_next_contact_prompt_logs_what_was_given_and_stops(cli, examples, sql):
    """Found living a morning in Chinese: q at the next-contact prompt was refused as "not a day"."""
    before = _last_id(sql, examples)
    result = cli("--db", examples, "call", "--staff", "A01", "--today", TODAY, input="n\nrang twice\nQ\nb\n")
    assert result.exit_code == 0, result.output
    assert sql(examples, LOGGED, before) == [
        ("C1050", TODAY, "phone", None, "no_answer", "A01", None, None, "rang twice")
    ]


@pytest.mark.parametrize("lang, message", [
    ("en", "who is calling? give --staff CODE, or set FOLLOWUP_STAFF once in your shell profile\n"),
    ("zh", "是谁在打电话？请加 --staff 员工编号，或在 shell 配置中设置一次 FOLLOWUP_STAFF\n"),
])
def test_a_caller_must_say_who_they_are(cli, examples, lang, message):
    result = cli("--lang", lang, "--db", examples, "call", "--today", TODAY, input="q\n")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)


def test_the_caller_defaults_to_followup_staff_and_speaks_chinese(cli, examples):
    result = cli("--lang", "zh", "--db", examples, "call", "--today", TODAY, input="q\n", env={"FOLLOWUP_STAFF": "A01"})
    assert result.exit_code == 0, result.output
    assert _cards(result.stdout) == ["C1050"]
    assert "r 已接通 · a 已预约 · n 无人接听 · b 占线 · w 号码错误 · x 拒绝 · o 要求不再联系 · s 跳过 · q 退出" in result.stdout.replace("\n", "")


def test_nothing_due_prints_nothing(cli, examples):
    result = cli("--db", examples, "call", "--staff", "A01", "--today", "1990-01-01", input="q\n")
    assert (result.exit_code, result.stdout) == (0, "")


@pytest.mark.parametrize("text, day", [
    ("+3", date(2026, 11, 27)),
    ("12-20", date(2026, 12, 20)),
    ("11-24", date(2027, 11, 24)),   # today's month and day: next year's
    ("01-05", date(2027, 1, 5)),
    ("2027-02-01", date(2027, 2, 1)),
    ("2027/02/01", date(2027, 2, 1)),
    ("", None),
])
def test_the_next_day_may_be_short(text, day):
    assert parse_next(text, date(2026, 11, 24)) == day


@pytest.mark.parametrize("text", ["+0", "+x", "3", "13-01", "02-30", "2026-11-24", "2026-11-01", "tomorrow"])
def test_a_next_day_that_is_not_ahead_is_refused(text):
    with pytest.raises(BadAnswer):
        parse_next(text, date(2026, 11, 24))
