"""Importing contacts in bulk (issue 7): batches, a load into an empty table, the digest hook, the driver's path.

``CONTACT_BATCH`` is made small, so a file of a dozen rows spans several
batches: a file into an empty table is then loaded (indexes built at the
end), a file into a table with contacts goes batch by batch, and both must
keep the same contacts. Identical rows are each a contact (the k-th of them
is occurrence k); what is stored already is skipped.
"""

from __future__ import annotations

import pytest

from followup_cli.store import digest as digest_module
from followup_cli.store import importer

HEADER = "customer_id,contacted_on,channel,touchpoint,outcome,staff,next_contact_on,score,note\n"
FIRST = "C1,2026-01-02,phone,,reached,S01,,,first\n"
ROWS = [
    "C1,2026-01-05,phone,,reached,S01,,,a\n",
    "C2,2026-01-05,sms,,no_answer,S02,,,b\n",
    "C1,2026-01-05,phone,,reached,S01,,,a\n",  # the same contact again, in the same batch
    "C3,2026-01-06,phone,,busy,,,,c\n",
    "C2,2026-01-07,phone,,reached,S02,2026-02-01,4,d\n",
    "C2,2026/1/5,SMS,,No_Answer,S02,,,b\n",  # the same again, spelt otherwise, in a later batch
    "C3,2026-01-08,wechat,,refused,,,,e\n",
    "C1,2026-01-02,phone,,reached,S01,,,first\n",  # FIRST again
    "C1,2026-01-09,visit,,appointment,S01,,,f\n",
    "C1,2026-01-05,phone,,reached,S01,,,a\n",  # and again, further down
    "C2,2026-01-10,phone,,reached,,,,g\n",
]
CONTACT_ROWS = (
    "SELECT customer_id, contacted_on, channel, outcome, staff, next_contact_on, score, note, fingerprint, occurrence"
    " FROM contacts ORDER BY id"
)


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(importer, "CONTACT_BATCH", 3)


def _indexes(sql, db):
    return sql(db, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contacts' ORDER BY name")


@pytest.mark.sqlite_only("the indexes are compared in sqlite_master")
def test_a_load_into_an_empty_table_keeps_what_batch_by_batch_keeps(cli, dealer, csvfile, sql, small_batches):
    before = _indexes(sql, dealer)
    loaded = cli("--db", dealer, "import", "contacts", csvfile("contacts.csv", HEADER + FIRST + "".join(ROWS)))
    assert loaded.exit_code == 0, loaded.output
    assert loaded.stdout == "contacts.csv: 12 rows: 12 inserted, 0 updated, 0 unchanged, 0 duplicates skipped\n"
    assert _indexes(sql, dealer) == before  # built again, as they were
    assert sql(dealer, "PRAGMA integrity_check") == [("ok",)]
    kept = sql(dealer, CONTACT_ROWS)
    assert [row[-1] for row in kept] == [1, 1, 1, 2, 1, 1, 2, 1, 2, 1, 3, 1]
    # the same file, batch by batch: into a table that holds FIRST already
    other = dealer.with_name("other.db")
    assert cli("--db", other, "init").exit_code == 0
    _copy_dealer(cli, dealer, other, csvfile)
    assert cli("--db", other, "import", "contacts", csvfile("first.csv", HEADER + FIRST)).exit_code == 0
    by_batch = cli("--db", other, "import", "contacts", csvfile("contacts.csv", HEADER + FIRST + "".join(ROWS)))
    assert by_batch.stdout == "contacts.csv: 12 rows: 11 inserted, 0 updated, 0 unchanged, 1 duplicates skipped\n"
    assert sql(other, CONTACT_ROWS) == kept


def _copy_dealer(cli, source, target, csvfile):
    for kind in ("staff", "customers", "vehicles"):
        exported = cli("--db", source, "export", kind, "-")
        assert exported.exit_code == 0, exported.output
        path = csvfile(f"{kind}-export.csv", exported.stdout_bytes.decode("utf-8-sig"))
        assert cli("--db", target, "import", kind, path).exit_code == 0


def test_an_error_in_a_later_batch_writes_nothing(cli, dealer, csvfile, digest, sql, small_batches):
    before = digest(dealer)
    rows = ROWS + ["C9,2026-01-11,phone,,reached,S01,,,unknown customer\n"]
    result = cli("--db", dealer, "import", "contacts", csvfile("contacts.csv", HEADER + "".join(rows)))
    assert result.exit_code == 1
    assert 'contacts.csv:13: customer_id: unknown customer "C9"' in result.stderr
    assert digest(dealer) == before


def test_a_dry_run_of_a_load_writes_nothing(cli, dealer, csvfile, digest, small_batches):
    before = digest(dealer)
    result = cli("--db", dealer, "import", "contacts", csvfile("contacts.csv", HEADER + "".join(ROWS)), "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout == "dry run, nothing written: contacts.csv: 11 rows: 11 inserted, 0 updated, 0 unchanged, 0 duplicates skipped\n"
    assert digest(dealer) == before


def test_the_digest_is_refreshed_for_the_customers_given_contacts(cli, dealer, csvfile, monkeypatch, small_batches):
    calls = []
    monkeypatch.setattr(digest_module, "refresh", lambda conn, ids=None: calls.append(sorted(ids)))
    assert cli("--db", dealer, "import", "contacts", csvfile("contacts.csv", HEADER + "".join(ROWS))).exit_code == 0
    assert calls == [["C1", "C2", "C3"]]
    # again: every row stored already, nothing written, nothing refreshed
    assert cli("--db", dealer, "import", "contacts", csvfile("again.csv", HEADER + ROWS[0])).exit_code == 0
    assert len(calls) == 1
    # refused: nothing written, nothing refreshed
    assert cli("--db", dealer, "import", "contacts", csvfile("bad.csv", HEADER + "C9,2026-01-05,,,,,,,\n")).exit_code == 1
    assert len(calls) == 1
    # followup log: its customer
    assert cli("--db", dealer, "log", "C2", "--staff", "S01", "--on", "2026-01-12", "--outcome", "reached").exit_code == 0
    assert calls[1:] == [["C2"]]


@pytest.mark.sqlite_only("the storage classes SQLite keeps")
def test_the_driver_path_stores_what_sqlalchemy_stores(cli, dealer, csvfile, sql):
    """Booleans as 1 and 0, amounts as reals, dates as YYYY-MM-DD text, as SQLAlchemy's own bind processors do."""
    visits = "visit_id,vin,visited_on,odometer_km,kind,amount,advisor,complaint\nV1,L6T7D4KX1NN270743,2026/1/5,12000,maintenance,980,A01,\n"
    assert cli("--db", dealer, "import", "visits", csvfile("visits.csv", visits)).exit_code == 0
    assert sql(dealer, "SELECT visited_on, typeof(visited_on), amount, typeof(amount) FROM visits") == [
        ("2026-01-05", "text", 980.0, "real")
    ]
    assert sql(dealer, "SELECT customer_id, do_not_contact, typeof(created_on) FROM customers ORDER BY customer_id") == [
        ("C1", 0, "text"),
        ("C2", 0, "text"),
        ("C3", 1, "text"),
    ]
    assert sql(dealer, "SELECT vin, sold_here, delivered_on FROM vehicles ORDER BY vin") == [
        ("L6T7D4KX1NN270743", 1, "2025-03-20"),
        ("LSGPC52U6AF102554", 0, "2024-08-01"),
    ]
