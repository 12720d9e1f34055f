"""``Table.records(columns)``: the rows of iterating a table, as tuples, without a dict per row."""

from __future__ import annotations

import pytest

from followup_cli.csvio.read import open_table
from followup_cli.store.importer import CONTACT_COLUMNS

CONTACTS_HEADER = "customer_id,contacted_on,channel,touchpoint,outcome,staff,next_contact_on,score,note\n"

CONTACT_FILES = {
    "plain, dates and choices repeating": CONTACTS_HEADER
    + "C1,2026-01-05,phone,,reached,S01,,,first\n"
    + "C2,2026-01-05,phone,,reached,S01,,4,second\n"
    + "C1,2026-01-05,phone,,reached,S01,2026-02-01,,first\n",
    "other spellings of the same values": CONTACTS_HEADER
    + "C1,2026-01-05,phone,,reached,S01,,,a\n"
    + " C1 ,2026/1/5, Phone ,,REACHED, S01 ,,5,  a  \n"
    + "C1,2026.01.05,wechat,service.maintenance,no_answer,,,,\n",
    "formula quotes": CONTACTS_HEADER
    + "C1,2026-01-05,phone,,reached,S01,,,'=1+1\n"
    + "C1,2026-01-05,phone,,reached,S01,,,''=1+1\n"
    + "C1,2026-01-05,phone,,reached,S01,,,'\n"
    + "'C1,2026-01-05,phone,,reached,S01,,,it's fine\n",
    "blank values, blank rows, blank cells past the header": CONTACTS_HEADER
    + ",2026-01-05,phone,,reached,S01,,,no customer\n"
    + "C1,,phone,,reached,S01,,,no day\n"
    + ",,,,,,,,\n"
    + "\n"
    + "C1,2026-01-05,phone,,reached,S01,,,extra,,\n",
    "refused cells": CONTACTS_HEADER
    + "C1,2026-01-05,phone,,reached,S01,,,ok\n"
    + "C1,05/01/2026,phone,,reached,S01,,,year last\n"
    + "C1,2026-01-05,fax,,reached,S01,,9,fax and score\n"
    + "C1,2026-01-05,phone,,reached,S01,,,ok again\n",
    "a misshapen row and the header again": CONTACTS_HEADER
    + "C1,2026-01-05,phone,,reached,S01,,,ok\n"
    + "C1,2026-01-05,phone\n"
    + CONTACTS_HEADER
    + "C1,2026-01-05,phone,,reached,S01,,,ok\n",
    "quoted cells": CONTACTS_HEADER
    + 'C1,2026-01-05,phone,,reached,S01,,,"two\nlines"\n'
    + 'C1,2026-01-05,phone,,reached,S01,,,"a ""quote"""\n'
    + 'C1,2026-01-05,phone,,reached,S01,,,"closed"after\n'
    + "C1,2026-01-05,phone,,reached,S01,,,last\n",
    "columns left out, in another order": "note,contacted_on,customer_id\nhi,2026-01-05,C1\n,2026-01-06,C2\n",
    "an unknown column": "customer_id,contacted_on,mood\nC1,2026-01-05,happy\n",
    "no required column": "customer_id,note\nC1,hi\n",
}


def _as_rows(path, kind, columns):
    with open_table(path, kind) as table:
        rows = [(row.number, tuple(map(row.values.get, columns)), [p.format() for p in row.problems]) for row in table]
        return rows, [p.format() for p in table.problems]


def _as_records(path, kind, columns):
    with open_table(path, kind) as table:
        records = [(number, values, [p.format() for p in problems]) for number, values, problems in table.records(columns)]
        return records, [p.format() for p in table.problems]


@pytest.mark.parametrize("text", CONTACT_FILES.values(), ids=CONTACT_FILES)
def test_records_are_the_rows_as_tuples(csvfile, text):
    path = csvfile("contacts.csv", text)
    assert _as_records(path, "contacts", CONTACT_COLUMNS) == _as_rows(path, "contacts", CONTACT_COLUMNS)


def test_a_keyed_kind_and_a_subset_of_columns(csvfile):
    path = csvfile(
        "customers.csv",
        "customer_id,name,phone,birthday,stage\nC1,张三,13812345678,1980-02-03,owner\nC1,李四,,,prospect\nC2,,12,x,\n",
    )
    columns = ("stage", "customer_id", "birthday", "grade")
    assert _as_records(path, "customers", columns) == _as_rows(path, "customers", columns)


def test_the_values_of_a_clean_contacts_file(csvfile):
    path = csvfile("contacts.csv", CONTACT_FILES["other spellings of the same values"])
    records, problems = _as_records(path, "contacts", CONTACT_COLUMNS)
    assert problems == [] and all(not row_problems for _, _, row_problems in records)
    assert records[1][1] == records[0][1][:7] + (5, "a")  # spellings read alike, the score aside


def test_a_table_is_read_once(csvfile):
    path = csvfile("contacts.csv", CONTACT_FILES["plain, dates and choices repeating"])
    with open_table(path, "contacts") as table:
        list(table.records(CONTACT_COLUMNS))
        with pytest.raises(RuntimeError):
            table.records(CONTACT_COLUMNS)
        with pytest.raises(RuntimeError):
            iter(table)
