"""`followup demo` replaces only a database it made itself (SPEC section 2)."""

from __future__ import annotations

import shlex
from datetime import date, timedelta

from conftest import query

TODAY = "2026-12-01"


def test_demo_makes_a_marked_database_and_may_make_it_again(cli, new_db):
    first = cli("--db", new_db, "demo", "--today", TODAY)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("Example dealership loaded into ")
    counts = query(new_db, "SELECT count(*) FROM contacts")
    assert query(new_db, "SELECT made_by FROM followup_demo") == [("followup demo",)]
    again = cli("--db", new_db, "demo", "--today", TODAY)
    assert again.exit_code == 0, again.output
    assert query(new_db, "SELECT count(*) FROM contacts") == counts


def test_demo_refuses_a_database_it_did_not_make_and_leaves_it_as_it_was(cli, dealer, digest):
    before = digest(dealer)
    result = cli("--db", dealer, "demo", "--today", TODAY)
    assert result.exit_code == 1
    shown = dealer if "://" in str(dealer) else dealer.resolve()
    assert result.stderr.startswith(f"{shown} is not a database made by `followup demo`")
    assert result.stderr.endswith("the demo replaces only its own; choose another --db, or leave --db out\n")
    assert result.stdout == ""
    assert digest(dealer) == before


def test_demo_refuses_a_file_that_is_not_a_database(cli, tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("my own notes, not a database\n")
    result = cli("--db", notes, "demo", "--today", TODAY)
    assert result.exit_code == 1
    assert "is not a database made by `followup demo`" in result.stderr
    assert notes.read_text() == "my own notes, not a database\n"


def _footer(stdout: str) -> str:
    return next(line.strip() for line in stdout.splitlines() if " calls (" in line)


def test_the_examples_are_moved_so_that_their_morning_is_the_demos_day(cli, new_db):
    """The same healthy morning whatever the day: every date moved by one offset (examples/generate.py ANCHOR)."""
    anchor = cli("--db", new_db, "demo", "--today", "2026-11-24")
    assert anchor.exit_code == 0, anchor.output
    as_written = query(new_db, "SELECT min(contacted_on), max(contacted_on), max(visited_on) FROM contacts, visits")
    later = cli("--db", new_db, "demo", "--today", "2026-12-05")
    assert later.exit_code == 0, later.output
    assert query(new_db, "SELECT min(contacted_on), max(contacted_on), max(visited_on) FROM contacts, visits") == [
        tuple(str(date.fromisoformat(str(d)) + timedelta(days=11)) for d in as_written[0])
    ]
    assert _footer(later.stdout) == _footer(anchor.stdout) == "15 calls (21 touchpoints, 3 overdue)"


def test_the_printed_hints_work_as_printed(cli, new_db):
    day = (date.today() + timedelta(days=3)).isoformat()  # not the clock's day: the hints must carry it
    result = cli("--db", new_db, "demo", "--today", day)
    assert result.exit_code == 0, result.output
    hints = [shlex.split(line) for line in result.stdout.split("Try it yourself")[1].splitlines()[1:]]
    assert [h[3] for h in hints] == ["due", "why", "call", "log", "report"]
    for hint in hints:
        assert hint[0] == "followup" and hint[-2:] in (["--today", day], ["--on", day]), hint
        run = cli(*hint[1:], input="q\n")
        assert run.exit_code == 0, (hint, run.output)
        assert run.stdout, hint
    assert "\n[1/" in cli(*hints[2][1:], input="q\n").stdout


def test_the_anchor_is_the_one_the_examples_were_drawn_for():
    from pathlib import Path

    from followup_cli.demo_data import ANCHOR

    generator = (Path(__file__).resolve().parents[2] / "examples" / "generate.py").read_text(encoding="utf-8")
    assert f"ANCHOR = date({ANCHOR.year}, {ANCHOR.month}, {ANCHOR.day})" in generator
