"""Ids are safe by construction (issue 14): NFKC-normalised and trimmed, control and invisible characters refused,
an id that differs from another only by case refused, in a file, against the store and on the command line.

The dealer (tests/cli/conftest.py) has staff S01 S02 A01 M01 K01 and customers C1 C2 C3.
"""

from __future__ import annotations

import pytest

from followup_cli.store import importer

CONTACTS = "customer_id,contacted_on,channel,outcome,staff,note\n"


def test_a_full_width_id_is_stored_as_its_ascii_form(cli, dealer, csvfile, sql):
    path = csvfile("customers.csv", "customer_id,name,owner\n\u3000Ｃ１０２４ ,孙七,Ｓ０１\n")
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 0, result.output
    assert sql(dealer, "SELECT customer_id, owner FROM customers WHERE name = '孙七'") == [("C1024", "S01")]


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        (
            "customers",
            "customer_id,name\nC9\x07,张三\n",
            'customers.csv:2: customer_id: "C9\\x07" contains a control character (U+0007): an id is plain text',
        ),
        (
            "customers",
            "customer_id,name\nC\u200b9,张三\n",
            'customers.csv:2: customer_id: "C\\u200b9" contains an invisible character (U+200B): an id is plain text',
        ),
        (
            "staff",
            "code,name\nS0\ufeff9,王五\n",
            'staff.csv:2: code: "S0\\ufeff9" contains an invisible character (U+FEFF): an id is plain text',
        ),
        (
            "visits",
            "visit_id,vin,visited_on\n\u2060,L6T7D4KX1NN270743,2026-01-05\n",
            'visits.csv:2: visit_id: "\\u2060" contains an invisible character (U+2060): an id is plain text',
        ),
        ("visits", "visit_id,vin,visited_on\n  ,L6T7D4KX1NN270743,2026-01-05\n", "visits.csv:2: visit_id: a value is required"),
        (
            "campaigns",
            "campaign_id,name\nE\t1,春季\n",
            'campaigns.csv:2: campaign_id: "E\\t1" contains a control character (U+0009): an id is plain text',
        ),
        (
            "customers",
            "customer_id,owner\nC9,S0\u200d1\n",
            'customers.csv:2: owner: "S0\\u200d1" contains an invisible character (U+200D): an id is plain text',
        ),
        (
            "contacts",
            CONTACTS + "C1,2026-01-05,phone,reached,S\x001,\n",
            'contacts.csv:2: staff: "S\\x001" contains a control character (U+0000): an id is plain text',
        ),
    ],
)
def test_a_bad_id_is_refused_naming_file_row_and_column(cli, dealer, csvfile, digest, kind, text, message):
    before = digest(dealer)
    result = cli("--db", dealer, "import", kind, csvfile(f"{kind}.csv", text))
    assert result.exit_code == 1
    assert message in result.stderr.splitlines()
    assert digest(dealer) == before


def test_ids_differing_only_by_case_in_one_file_are_refused(cli, dealer, csvfile, digest):
    before = digest(dealer)
    path = csvfile("customers.csv", "customer_id,name\nC77,甲\nC78,乙\nc77,丙\n")
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == 'customers.csv:4: customer_id: "c77" differs only by case from "C77" on row 2'
    assert digest(dealer) == before


def test_a_new_id_differing_only_by_case_from_a_stored_one_is_refused(cli, dealer, csvfile, digest):
    before = digest(dealer)
    result = cli("--db", dealer, "import", "customers", csvfile("customers.csv", "customer_id,name\nC8,甲\nc2,乙\n"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == 'customers.csv:3: customer_id: "c2" differs only by case from the existing "C2"'
    staff = cli("--db", dealer, "import", "staff", csvfile("staff.csv", "code,name\ns01,赵六\n"))
    assert staff.exit_code == 1
    assert staff.stderr.splitlines()[0] == 'staff.csv:2: code: "s01" differs only by case from the existing "S01"'
    assert digest(dealer) == before


def test_a_reference_differing_only_by_case_names_the_existing_id(cli, dealer, csvfile, digest):
    before = digest(dealer)
    customers = cli("--db", dealer, "import", "customers", csvfile("customers.csv", "customer_id,owner,referred_by\nC8,s02,c1\n"))
    assert customers.exit_code == 1
    assert customers.stderr.splitlines()[:2] == [
        'customers.csv:2: owner: "s02" differs only by case from the existing "S02"',
        'customers.csv:2: referred_by: "c1" differs only by case from the existing "C1"',
    ]
    vehicles = cli("--db", dealer, "import", "vehicles", csvfile("vehicles.csv", "vin,customer_id\nLSVAA4187E2184571,c3\n"))
    assert vehicles.exit_code == 1
    assert 'vehicles.csv:2: customer_id: "c3" differs only by case from the existing "C3"' in vehicles.stderr.splitlines()
    assert digest(dealer) == before


def test_a_reference_to_a_row_further_down_differing_by_case_is_refused(cli, dealer, csvfile, digest):
    before = digest(dealer)
    path = csvfile("customers.csv", "customer_id,referred_by\nC8,c9\nC9,\n")
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == 'customers.csv:2: referred_by: "c9" differs only by case from the existing "C9"'
    assert digest(dealer) == before


@pytest.mark.parametrize("batch", [importer.CONTACT_BATCH, 2])
def test_contacts_in_bulk_read_ids_alike(cli, dealer, csvfile, sql, digest, monkeypatch, batch):
    """Contacts go in by batches (on PostgreSQL through COPY): the same normalising and the same refusals."""
    monkeypatch.setattr(importer, "CONTACT_BATCH", batch)
    rows = "Ｃ１,2026-01-05,phone,reached,Ｓ０１,a\n C2 ,2026-01-05,phone,busy,,b\nC3,2026-01-06,sms,reached,S02,c\n"
    result = cli("--db", dealer, "import", "contacts", csvfile("contacts.csv", CONTACTS + rows))
    assert result.exit_code == 0, result.output
    assert sql(dealer, "SELECT customer_id, staff, note FROM contacts ORDER BY note") == [
        ("C1", "S01", "a"),
        ("C2", None, "b"),
        ("C3", "S02", "c"),
    ]
    before = digest(dealer)
    bad = CONTACTS + "C1,2026-01-07,phone,reached,S01,d\nc1,2026-01-07,phone,reached,S01,e\nC2,2026-01-07,phone,reached,s01,f\n"
    refused = cli("--db", dealer, "import", "contacts", csvfile("bad.csv", bad))
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[:2] == [
        'bad.csv:3: customer_id: "c1" differs only by case from the existing "C1"',
        'bad.csv:4: staff: "s01" differs only by case from the existing "S01"',
    ]
    assert digest(dealer) == before


def test_the_command_line_reads_ids_as_import_does(cli, dealer):
    logged = cli("--db", dealer, "log", "Ｃ１", "--staff", "Ｓ０１", "--on", "2026-01-05", "--outcome", "no_answer")
    assert logged.exit_code == 0, logged.output
    assert "(C1) on 2026-01-05" in logged.stdout
    why = cli("--db", dealer, "why", " Ｃ１ ", "--today", "2026-01-06")
    assert why.exit_code == 0, why.output
    assert "(C1)" in why.stdout
    shown = cli("--db", dealer, "customer", "show", "Ｃ１", "--today", "2026-01-06")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout == cli("--db", dealer, "customer", "show", "C1", "--today", "2026-01-06").stdout
    due = cli("--db", dealer, "due", "--staff", "Ｓ０１", "--today", "2026-01-06", "--format", "json")
    assert due.exit_code == 0, due.output
    assert due.stdout == cli("--db", dealer, "due", "--staff", "S01", "--today", "2026-01-06", "--format", "json").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("log", "C\u200b1", "--staff", "S01"), 'CUSTOMER_ID: "C\\u200b1" contains an invisible character (U+200B): an id is plain text'),
        (("log", "C1", "--staff", "S\x0701"), '--staff: "S\\x0701" contains a control character (U+0007): an id is plain text'),
        (("why", "\u3000"), "CUSTOMER_ID: an id cannot be blank"),
        (("due", "--staff", "\u200b"), '--staff: "\\u200b" contains an invisible character (U+200B): an id is plain text'),
    ],
)
def test_a_bad_id_on_the_command_line_is_refused(cli, dealer, args, message):
    result = cli("--db", dealer, *args)
    assert result.exit_code == 1
    assert result.stderr.strip() == message
