"""A contacts export imported into an empty database keeps every contact (issue 14).

Three no_answer attempts on one day are three attempts: after three the call
switches to SMS (SPEC section 2, ``switched_to_sms``), so a round trip that
folded them into one would change the morning list. A contact is
(fingerprint, occurrence): the k-th identical row of a file is the k-th
identical stored contact, so the same file imported again changes nothing.
"""

from __future__ import annotations

import json

from .dataset import DEALER_CUSTOMERS, DEALER_STAFF, DEALER_VEHICLES

HEADER = "customer_id,contacted_on,channel,touchpoint,outcome,staff,next_contact_on,score,note\n"
ATTEMPT = "C2,2026-01-05,phone,service.first,no_answer,A01,,,\n"
TODAY = "2026-01-07"


def _views(cli, db) -> tuple[str, str, str]:
    due = cli("--db", db, "due", "--all", "--today", TODAY, "--format", "json")
    why = cli("--db", db, "why", "C2", "--today", TODAY, "--format", "json")
    table = cli("--db", db, "why", "C2", "--today", TODAY)
    for result in (due, why, table):
        assert result.exit_code == 0, result.output
    return due.stdout, why.stdout, table.stdout


def _service_first(due_json: str) -> dict:
    (item,) = [i for i in json.loads(due_json) if i["touchpoint"] == "service.first"]
    return item


def test_repeated_attempts_survive_export_and_import_into_an_empty_database(cli, dealer, new_db, csvfile, tmp_path, digest, sql):
    assert cli("--db", dealer, "import", "contacts", csvfile("attempts.csv", HEADER + ATTEMPT * 3)).exit_code == 0
    for _ in range(2):  # the same call logged twice by hand: two contacts as well
        logged = cli("--db", dealer, "log", "C1", "--staff", "S01", "--on", "2026-01-06", "--outcome", "busy")
        assert logged.exit_code == 0, logged.output
    original = _views(cli, dealer)
    assert _service_first(original[0])["channel"] == "sms"  # three failed attempts: the list switched to SMS
    assert sql(dealer, "SELECT customer_id, occurrence FROM contacts ORDER BY id") == [
        ("C2", 1), ("C2", 2), ("C2", 3), ("C1", 1), ("C1", 2),
    ]

    exported = tmp_path / "contacts.csv"
    assert cli("--db", dealer, "export", "contacts", exported).exit_code == 0
    assert cli("--db", new_db, "init").exit_code == 0
    for kind, text in (("staff", DEALER_STAFF), ("customers", DEALER_CUSTOMERS), ("vehicles", DEALER_VEHICLES)):
        assert cli("--db", new_db, "import", kind, csvfile(f"{kind}.csv", text)).exit_code == 0
    copied = cli("--db", new_db, "import", "contacts", exported)
    assert copied.stdout == "contacts.csv: 5 rows: 5 inserted, 0 updated, 0 unchanged, 0 duplicates skipped\n"
    assert _views(cli, new_db) == original

    # the export imported again, on either side: every contact is there already, nothing is written
    for db in (dealer, new_db):
        before = digest(db)
        again = cli("--db", db, "import", "contacts", exported)
        assert again.stdout == "contacts.csv: 5 rows: 0 inserted, 0 updated, 0 unchanged, 5 duplicates skipped\n"
        assert digest(db) == before


def test_a_file_with_more_identical_rows_than_stored_adds_only_the_difference(cli, dealer, csvfile, sql):
    assert cli("--db", dealer, "log", "C2", "--staff", "S01", "--touchpoint", "service.first", "--outcome", "no_answer",
               "--staff", "A01", "--on", "2026-01-05").exit_code == 0
    result = cli("--db", dealer, "import", "contacts", csvfile("attempts.csv", HEADER + ATTEMPT * 3))
    assert result.stdout == "attempts.csv: 3 rows: 2 inserted, 0 updated, 0 unchanged, 1 duplicates skipped\n"
    assert sql(dealer, "SELECT occurrence FROM contacts ORDER BY id") == [(1,), (2,), (3,)]
    logged = cli("--db", dealer, "log", "C2", "--staff", "S01", "--touchpoint", "service.first", "--outcome", "no_answer",
                 "--staff", "A01", "--on", "2026-01-05")
    assert logged.exit_code == 0, logged.output
    assert sql(dealer, "SELECT occurrence FROM contacts ORDER BY id") == [(1,), (2,), (3,), (4,)]
