"""`followup demo` replaces only a database it made itself (SPEC section 2)."""

from __future__ import annotations

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
