"""`followup import KIND FILE`: every row validated, every problem reported, all or nothing."""

from __future__ import annotations

import pytest

from .dataset import VIN1, VIN2, VIN3, VIN_BAD_CHECK

REFUSED_ONE = "{file}: 1 problem; nothing was written. Fix it and import the file again.\n"
REFUSED_MANY = "{file}: {n} problems; nothing was written. Fix them and import the file again.\n"


def summary(file, rows, inserted=0, updated=0, unchanged=0, skipped=0):
    return (
        f"{file}: {rows} rows: {inserted} inserted, {updated} updated, {unchanged} unchanged, "
        f"{skipped} duplicates skipped\n"
    )


def refused(*lines, file, n=None):
    """The whole stderr of a refused import: the problems, then the closing line."""
    n = len(lines) if n is None else n
    return "".join(f"{line}\n" for line in lines) + (REFUSED_ONE if n == 1 else REFUSED_MANY).format(file=file, n=n)


# --- one problem, nothing written ------------------------------------------------------------


def test_a_bad_date_on_row_17_is_named_and_nothing_is_written(cli, dealer, csvfile, digest, sql):
    rows = [["customer_id", "name", "birthday"]]
    rows += [[f"N{n:02d}", f"客户{n}", "1980-01-01"] for n in range(2, 17)]  # rows 2..16
    rows += [["N17", "客户17", "1985-02-30"], ["N18", "客户18", "1990-05-06"]]
    path = csvfile("customers.csv", rows)
    before = digest(dealer)
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == refused(
        'customers.csv:17: birthday: "1985-02-30" is not a real date (no such month or day)', file="customers.csv"
    )
    assert digest(dealer) == before
    assert sql(dealer, "SELECT count(*) FROM customers WHERE customer_id LIKE 'N%'") == [(0,)]


@pytest.mark.parametrize(
    "cell, message",
    [
        ("05/17/1985", '"05/17/1985" puts the year last: write the date as YYYY-MM-DD'),
        ("19850517", '"19850517" is not a date: write it with separators, as YYYY-MM-DD'),
        ("31184", '"31184" looks like an Excel serial number, not a date (it would be 1985-05-17): '
         "format the column as a date (YYYY-MM-DD) and save again"),
        ("May 17", '"May 17" is not a date: write it as YYYY-MM-DD'),
        ("1885-05-17", '"1885-05-17" is out of range: the year must be from 1900 to 2100'),
    ],
)
def test_each_kind_of_bad_date_says_how_to_fix_it(cli, dealer, csvfile, digest, cell, message):
    path = csvfile("customers.csv", [["customer_id", "birthday"], ["N1", cell]])
    before = digest(dealer)
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 1
    assert result.stderr == refused(f"customers.csv:2: birthday: {message}", file="customers.csv")
    assert digest(dealer) == before


def test_dates_in_three_forms_are_read_alike(cli, dealer, csvfile, sql):
    path = csvfile(
        "customers.csv",
        "customer_id,birthday,created_on\nN1,1985-05-07,2026-01-05\nN2,1985/05/07,2026/1/5\nN3,1985.05.07,2026.01.05\n",
    )
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 0, result.output
    assert result.stdout == summary("customers.csv", 3, inserted=3)
    assert sql(dealer, "SELECT customer_id, birthday, created_on FROM customers WHERE customer_id LIKE 'N%' ORDER BY 1") == [
        ("N1", "1985-05-07", "2026-01-05"),
        ("N2", "1985-05-07", "2026-01-05"),
        ("N3", "1985-05-07", "2026-01-05"),
    ]


def test_an_unknown_enum_value_lists_the_choices(cli, dealer, csvfile, digest):
    path = csvfile(
        "customers.csv",
        "customer_id,stage,intent_level,source,grade\nN1,customer,E,walk in,premium\nN2,ownr,a,WALK-IN,vip\n",
    )
    before = digest(dealer)
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 1
    assert result.stderr == refused(
        'customers.csv:2: stage: "customer" is not one of: prospect, owner, quasi_lost, lost',
        'customers.csv:2: intent_level: "E" is not one of: A, B, C, D',
        'customers.csv:3: stage: "ownr" is not one of: prospect, owner, quasi_lost, lost (did you mean owner?)',
        'customers.csv:3: grade: "vip" is not one of: premium, potential, general',
        file="customers.csv",
    )
    assert digest(dealer) == before


def test_enum_values_are_read_in_any_case_and_spelling(cli, dealer, csvfile, sql):
    path = csvfile("customers.csv", "customer_id,stage,intent_level,source\nN1,Prospect,a,walk-in\n")
    assert cli("--db", dealer, "import", "customers", path).exit_code == 0
    assert sql(dealer, "SELECT stage, intent_level, source FROM customers WHERE customer_id = 'N1'") == [
        ("prospect", "A", "walk_in")
    ]


def test_visit_and_contact_enums_list_their_choices(cli, dealer, csvfile):
    visits = csvfile("visits.csv", f"visit_id,vin,visited_on,kind\nW1,{VIN1},2026-01-05,wash\n")
    result = cli("--db", dealer, "import", "visits", visits)
    assert result.exit_code == 1
    assert result.stderr == refused(
        'visits.csv:2: kind: "wash" is not one of: first_service, maintenance, repair, accident, warranty, '
        "recall, inspection, other",
        file="visits.csv",
    )
    contacts = csvfile(
        "contacts.csv", "customer_id,contacted_on,channel,outcome\nC1,2026-01-05,fax,reached\nC1,2026-01-06,phone,ok\n"
    )
    result = cli("--db", dealer, "import", "contacts", contacts)
    assert result.exit_code == 1
    assert result.stderr == refused(
        'contacts.csv:2: channel: "fax" is not one of: phone, sms, wechat, email, visit, letter, event',
        'contacts.csv:3: outcome: "ok" is not one of: reached, no_answer, busy, wrong_number, appointment, '
        "refused, opted_out",
        file="contacts.csv",
    )


# --- vehicles ------------------------------------------------------------------------------


def test_a_vin_of_the_wrong_shape_is_refused(cli, dealer, csvfile, digest):
    path = csvfile(
        "vehicles.csv",
        "vin,customer_id\nL6T7D4KX1NN27074,C1\nL6T7D4KX1NN27O743,C1\n",
    )
    before = digest(dealer)
    result = cli("--db", dealer, "import", "vehicles", path)
    assert result.exit_code == 1
    assert result.stderr == refused(
        'vehicles.csv:2: vin: "L6T7D4KX1NN27074" is not a VIN: a VIN has 17 characters, this has 16',
        'vehicles.csv:3: vin: "L6T7D4KX1NN27O743" is not a VIN: it contains O (a VIN has digits and letters but I, O and Q)',
        file="vehicles.csv",
    )
    assert digest(dealer) == before


def test_a_wrong_check_digit_is_a_warning_and_the_vehicle_is_imported(cli, dealer, csvfile, sql):
    path = csvfile("vehicles.csv", f"vin,customer_id,model\n{VIN_BAD_CHECK.lower()},C1,帝豪\n")
    result = cli("--db", dealer, "import", "vehicles", path)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"vehicles.csv:2: vin: warning: the check digit (9th character) of {VIN_BAD_CHECK} is 0, expected X: "
        "check the VIN for a typo\n"
    )
    assert result.stdout == summary("vehicles.csv", 1, inserted=1)
    assert sql(dealer, "SELECT vin, customer_id, model FROM vehicles WHERE vin = ?", VIN_BAD_CHECK) == [
        (VIN_BAD_CHECK, "C1", "帝豪")
    ]


def test_an_invalid_phone_is_refused_and_a_valid_one_normalised(cli, dealer, csvfile, sql):
    bad = csvfile("customers.csv", "customer_id,phone\nN1,12345\nN2,1381234567x\nN3,138****5678\n")
    result = cli("--db", dealer, "import", "customers", bad)
    assert result.exit_code == 1
    assert result.stderr == refused(
        'customers.csv:2: phone: "12345" is not a valid phone number',
        'customers.csv:3: phone: "1381234567x" is not a valid phone number',
        'customers.csv:4: phone: "138****5678" looks masked: re-export without --mask',
        file="customers.csv",
    )
    good = csvfile("good.csv", "customer_id,phone\nN1,+86 138 1234 5678\nN2,+49 1512 3456789\n")
    assert cli("--db", dealer, "import", "customers", good).exit_code == 0
    assert sql(dealer, "SELECT customer_id, phone FROM customers WHERE customer_id LIKE 'N%' ORDER BY 1") == [
        ("N1", "13812345678"),
        ("N2", "+4915123456789"),
    ]


# --- references ----------------------------------------------------------------------------


def test_references_to_missing_staff_and_customers_are_refused(cli, dealer, csvfile, digest):
    path = csvfile(
        "customers.csv",
        "customer_id,owner,advisor,referred_by\nN1,S99,A01,\nN2,S01,A99,C404\nN3,S01,,N4\nN4,S01,,N1\n",
    )
    # N4 (further down) and N1 (refused for its owner) are in the file: not "unknown customer"
    before = digest(dealer)
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 1
    assert result.stderr == refused(
        'customers.csv:2: owner: unknown staff code "S99" (import staff.csv first)',
        'customers.csv:3: advisor: unknown staff code "A99" (import staff.csv first)',
        'customers.csv:3: referred_by: unknown customer "C404"',
        file="customers.csv",
    )
    assert digest(dealer) == before


def test_a_referral_to_a_customer_further_down_the_same_file_is_fine(cli, dealer, csvfile, sql):
    path = csvfile("customers.csv", "customer_id,referred_by\nN1,N2\nN2,\n")
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 0, result.output
    assert sql(dealer, "SELECT customer_id, referred_by FROM customers WHERE customer_id LIKE 'N%' ORDER BY 1") == [
        ("N1", "N2"),
        ("N2", None),
    ]


def test_a_vehicle_of_a_missing_customer_is_refused(cli, dealer, csvfile, digest):
    path = csvfile("vehicles.csv", f"vin,customer_id\n{VIN3},C404\n")
    before = digest(dealer)
    result = cli("--db", dealer, "import", "vehicles", path)
    assert result.exit_code == 1
    assert result.stderr == refused('vehicles.csv:2: customer_id: unknown customer "C404"', file="vehicles.csv")
    assert digest(dealer) == before


def test_a_visit_of_a_missing_vehicle_or_advisor_is_refused(cli, dealer, csvfile, digest):
    path = csvfile(
        "visits.csv",
        f"visit_id,vin,visited_on,odometer_km,kind,advisor\nW1,{VIN3},2026-01-05,5000,maintenance,A01\n"
        f"W2,{VIN1},2026-01-05,12k,maintenance,A09\n",
    )
    before = digest(dealer)
    result = cli("--db", dealer, "import", "visits", path)
    assert result.exit_code == 1
    assert result.stderr == refused(
        f'visits.csv:2: vin: unknown vehicle "{VIN3}" (import vehicles.csv first)',
        'visits.csv:3: odometer_km: "12k" is not a whole number',
        'visits.csv:3: advisor: unknown staff code "A09" (import staff.csv first)',  # a bad row's references too
        file="visits.csv",
    )
    assert digest(dealer) == before


def test_a_contact_of_a_missing_customer_or_staff_is_refused(cli, dealer, csvfile, digest):
    path = csvfile(
        "contacts.csv", "customer_id,contacted_on,outcome,staff\nC404,2026-01-05,reached,S01\nC1,2026-01-05,reached,S77\n"
    )
    before = digest(dealer)
    result = cli("--db", dealer, "import", "contacts", path)
    assert result.exit_code == 1
    assert result.stderr == refused(
        'contacts.csv:2: customer_id: unknown customer "C404"',
        'contacts.csv:3: staff: unknown staff code "S77" (import staff.csv first)',
        file="contacts.csv",
    )
    assert digest(dealer) == before


# --- the file's shape ----------------------------------------------------------------------


def test_a_duplicate_key_names_the_first_row(cli, dealer, csvfile, digest):
    path = csvfile("customers.csv", "customer_id,name\nN1,甲\nN2,乙\nN1,丙\n")
    before = digest(dealer)
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 1
    assert result.stderr == refused('customers.csv:4: customer_id: "N1" is already on row 2', file="customers.csv")
    assert digest(dealer) == before


def test_an_unknown_column_is_refused_and_the_columns_listed(cli, dealer, csvfile, digest):
    path = csvfile("customers.csv", "customer_id,name,mobile\nN1,甲,13812345678\n")
    before = digest(dealer)
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 1
    assert result.stderr == refused(
        "customers.csv:1: not a customers column: mobile (the columns are: customer_id, name, phone, wechat, email, "
        "birthday, lunar_birthday, gender, occupation, region, industry, source, referred_by, stage, intent_level, "
        "grade, owner, advisor, created_on, interested_model, budget, expected_purchase_on, lost_on, lost_category, lost_reason, "
        "competitor, do_not_contact, no_marketing, important, notes, store)",
        file="customers.csv",
    )
    assert digest(dealer) == before


def test_an_unknown_column_does_not_hide_the_problems_of_the_rows(cli, dealer, csvfile, digest):
    path = csvfile("customers.csv", "customer_id,birthday,mobile\nN1,1980-02-30,1\nN2,1980-01-01,2\nN3,,3\n")
    before = digest(dealer)
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("customers.csv:1: not a customers column: mobile (the columns are: customer_id, ")
    assert lines[1:] == [
        'customers.csv:2: birthday: "1980-02-30" is not a real date (no such month or day)',
        "customers.csv: 2 problems; nothing was written. Fix them and import the file again.",
    ]
    assert digest(dealer) == before


def test_a_missing_key_column_is_refused(cli, dealer, csvfile, digest):
    path = csvfile("vehicles.csv", "customer_id,insurance_ends_on\nC2,2027-03-20\n")
    before = digest(dealer)
    result = cli("--db", dealer, "import", "vehicles", path)
    assert result.exit_code == 1
    assert result.stderr == refused("vehicles.csv:1: required column missing: vin", file="vehicles.csv")
    assert digest(dealer) == before


def test_contacts_need_customer_and_date_columns(cli, dealer, csvfile):
    path = csvfile("contacts.csv", "customer_id,outcome\nC1,reached\n")
    result = cli("--db", dealer, "import", "contacts", path)
    assert result.exit_code == 1
    assert result.stderr == refused("contacts.csv:1: required column missing: contacted_on", file="contacts.csv")


def test_a_blank_key_is_refused(cli, dealer, csvfile):
    path = csvfile("customers.csv", "customer_id,name\nN1,甲\n ,乙\n")
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 1
    assert result.stderr == refused("customers.csv:3: customer_id: a value is required", file="customers.csv")


def test_a_row_with_too_many_cells_is_refused(cli, dealer, csvfile):
    path = csvfile("customers.csv", "customer_id,name\nN1,甲,extra\n")
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 1
    assert result.stderr == refused("customers.csv:2: this row has 3 cells, the header has 2", file="customers.csv")


def test_a_quoted_cell_spanning_lines_counts_as_one_row(cli, dealer, csvfile, digest):
    path = csvfile(
        "customers.csv",
        'customer_id,notes,birthday\nN1,"第一行\n第二行\n第三行",1980-01-01\nN2,"a, ""quoted"" note",1980-13-01\n',
    )
    before = digest(dealer)
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 1
    assert result.stderr == refused(
        'customers.csv:3: birthday: "1980-13-01" is not a real date (no such month or day)', file="customers.csv"
    )
    assert digest(dealer) == before


def test_an_unterminated_quote_is_refused_not_swallowing_the_rows_after_it(cli, dealer, csvfile, digest):
    path = csvfile("customers.csv", 'customer_id,name\nN1,"unterminated\nN2,乙\nN3,丙\n')
    before = digest(dealer)
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "customers.csv:2: a quoted cell starting in this row is never closed (unbalanced quotes)\n"
    )
    assert digest(dealer) == before


def test_many_errors_are_all_listed(cli, dealer, csvfile, digest):
    path = csvfile(
        "customers.csv",
        "customer_id,phone,birthday,stage,do_not_contact\n"
        "N1,13812345678,1980-01-01,owner,false\n"
        "N2,999,1980-01-01,owner,false\n"
        "N3,13812345678,someday,owner,false\n"
        "N4,13812345678,1980-01-01,winner,false\n"
        "N5,13812345678,1980-01-01,owner,maybe\n"
        "N6,42,1980-99-01,owner,false\n",
    )
    before = digest(dealer)
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 1
    assert result.stderr == refused(
        'customers.csv:3: phone: "999" is not a valid phone number',
        'customers.csv:4: birthday: "someday" is not a date: write it as YYYY-MM-DD',
        'customers.csv:5: stage: "winner" is not one of: prospect, owner, quasi_lost, lost',
        'customers.csv:6: do_not_contact: "maybe" is not true or false (write true/false, 1/0, yes/no or 是/否)',
        'customers.csv:7: phone: "42" is not a valid phone number',
        'customers.csv:7: birthday: "1980-99-01" is not a real date (no such month or day)',
        file="customers.csv",
    )
    assert digest(dealer) == before


def test_errors_in_a_later_batch_roll_back_the_rows_before_them(cli, dealer, csvfile, digest, sql):
    rows = [["customer_id", "name"]] + [[f"N{n:04d}", "客户"] for n in range(1200)]
    rows.append(["N0005", "重复"])
    path = csvfile("customers.csv", rows)
    before = digest(dealer)
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 1
    assert result.stderr == refused('customers.csv:1202: customer_id: "N0005" is already on row 7', file="customers.csv")
    assert digest(dealer) == before
    assert sql(dealer, "SELECT count(*) FROM customers") == [(3,)]


def test_a_cell_too_large_for_the_csv_reader_is_refused(cli, dealer, csvfile, digest, sql):
    big = "长" * 140_000
    path = csvfile("customers.csv", f'customer_id,notes\nN1,ok\nN2,"{big}"\nN3,ok\n')
    before = digest(dealer)
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "customers.csv:3: a cell in this row is longer than 131072 characters (if it starts with a quote, its "
        "closing quote is missing): the rows after it were not checked\n"
    )
    assert result.stderr.endswith(REFUSED_ONE.format(file="customers.csv"))
    assert digest(dealer) == before


# --- upserts -------------------------------------------------------------------------------


def test_upsert_counts_inserted_updated_and_unchanged(cli, dealer, csvfile, sql):
    path = csvfile(
        "customers.csv",
        "customer_id,name,phone\nC1,张三,13812345678\nC2,李四四,13987654321\nN1,新客户,\n",
    )
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 0, result.output
    assert result.stdout == summary("customers.csv", 3, inserted=1, updated=1, unchanged=1)
    assert sql(dealer, "SELECT customer_id, name, stage, owner FROM customers ORDER BY 1") == [
        ("C1", "张三", "prospect", "S01"),
        ("C2", "李四四", "owner", "S02"),
        ("C3", "王五", "owner", "S01"),
        ("N1", "新客户", None, None),
    ]
    again = cli("--db", dealer, "import", "customers", path)
    assert again.stdout == summary("customers.csv", 3, unchanged=3)


def test_a_partial_vehicles_file_updates_only_its_columns(cli, dealer, csvfile, sql):
    columns = "customer_id, model, plate, delivered_on, sold_here, warranty_ends_on, inspection_due_on, usage"
    before = sql(dealer, f"SELECT vin, {columns} FROM vehicles ORDER BY vin")
    path = csvfile("vehicles.csv", f"vin,insurance_ends_on\n{VIN1},2027/03/20\n{VIN2},2026.08.01\n")
    result = cli("--db", dealer, "import", "vehicles", path)
    assert result.exit_code == 0, result.output
    assert result.stdout == summary("vehicles.csv", 2, updated=2)
    assert sql(dealer, "SELECT vin, insurance_ends_on FROM vehicles ORDER BY vin") == [
        (VIN1, "2027-03-20"),
        (VIN2, "2026-08-01"),
    ]
    assert sql(dealer, f"SELECT vin, {columns} FROM vehicles ORDER BY vin") == before
    assert before[0] == (VIN1, "C2", "星越L", "浙A12345", "2025-03-20", 1, "2028-03-20", "2027-03-20", "normal")


def test_a_blank_cell_clears_a_stored_value(cli, dealer, csvfile, sql):
    path = csvfile("vehicles.csv", f"vin,plate\n{VIN1},\n")
    assert cli("--db", dealer, "import", "vehicles", path).exit_code == 0
    assert sql(dealer, "SELECT plate, model FROM vehicles WHERE vin = ?", VIN1) == [(None, "星越L")]


def test_a_partial_file_cannot_create_a_vehicle_without_its_customer(cli, dealer, csvfile, digest):
    path = csvfile("vehicles.csv", f"vin,insurance_ends_on\n{VIN1},2027-03-20\n{VIN3},2027-01-01\n")
    before = digest(dealer)
    result = cli("--db", dealer, "import", "vehicles", path)
    assert result.exit_code == 1
    assert result.stderr == refused("vehicles.csv:3: customer_id: a new vehicles row needs this column", file="vehicles.csv")
    assert digest(dealer) == before


def test_a_new_visit_needs_its_vehicle_and_date_but_an_update_does_not(cli, dealer, csvfile, sql):
    full = csvfile("visits.csv", f"visit_id,vin,visited_on,odometer_km\nW1,{VIN1},2026-01-05,5000\n")
    assert cli("--db", dealer, "import", "visits", full).exit_code == 0
    partial = csvfile("partial.csv", "visit_id,odometer_km\nW1,5100\nW2,6000\n")
    result = cli("--db", dealer, "import", "visits", partial)
    assert result.exit_code == 1
    assert result.stderr == refused(
        "partial.csv:3: vin: a new visits row needs this column",
        "partial.csv:3: visited_on: a new visits row needs this column",
        file="partial.csv",
    )
    assert sql(dealer, "SELECT visit_id, vin, visited_on, odometer_km FROM visits") == [("W1", VIN1, "2026-01-05", 5000)]
    fixed = csvfile("fixed.csv", "visit_id,odometer_km\nW1,5100\n")
    assert cli("--db", dealer, "import", "visits", fixed).stdout == summary("fixed.csv", 1, updated=1)
    assert sql(dealer, "SELECT visit_id, vin, visited_on, odometer_km FROM visits") == [("W1", VIN1, "2026-01-05", 5100)]


def test_identical_contact_rows_are_each_a_contact_and_skipped_when_imported_again(cli, dealer, csvfile, sql, digest):
    text = (
        "customer_id,contacted_on,channel,outcome,staff,note\n"
        "C1,2026-01-05,phone,reached,S01,\"聊了车型, 下周再约\"\n"
        "C1,2026-01-05,phone,reached,S01,\"聊了车型, 下周再约\"\n"
        "C1,2026-01-06,phone,no_answer,S01,\n"
    )
    path = csvfile("contacts.csv", text)
    result = cli("--db", dealer, "import", "contacts", path)
    assert result.exit_code == 0, result.output
    assert result.stdout == summary("contacts.csv", 3, inserted=3)
    before = digest(dealer)
    again = cli("--db", dealer, "import", "contacts", path)
    assert again.stdout == summary("contacts.csv", 3, skipped=3)
    assert digest(dealer) == before
    assert sql(dealer, "SELECT customer_id, contacted_on, outcome, note, occurrence FROM contacts ORDER BY id") == [
        ("C1", "2026-01-05", "reached", "聊了车型, 下周再约", 1),
        ("C1", "2026-01-05", "reached", "聊了车型, 下周再约", 2),
        ("C1", "2026-01-06", "no_answer", None, 1),
    ]


def test_each_kind_imports(cli, dealer, csvfile, sql):
    files = {
        "visits": f"visit_id,vin,visited_on,odometer_km,kind,amount,advisor,complaint\n"
        f"W1,{VIN1},2026-01-05,\"5,012\",first_service,¥380,A01,\nW2,{VIN1},2026-04-05,9800,repair,1234.5元,A01,异响\n",
        "campaigns": f"campaign_id,name,kind,starts_on,ends_on,target_models,target_stages,target_grades,vins\n"
        f"R1,召回,recall,2026-02-01,2026-06-30,,,,{VIN1}；{VIN2}\nE1,品鉴会,event,2026-03-01,2026-03-02,星越L;博越,prospect;owner,premium,\n",
        "staff": "code,name,role,team,daily_capacity,store\nS09,新人,consultant,sales,\"1,000\",杭州店\n",
    }
    for kind, text in files.items():
        result = cli("--db", dealer, "import", kind, csvfile(f"{kind}.csv", text))
        assert result.exit_code == 0, result.output
    assert sql(dealer, "SELECT visit_id, odometer_km, kind, amount, complaint FROM visits ORDER BY 1") == [
        ("W1", 5012, "first_service", 380.0, None),
        ("W2", 9800, "repair", 1234.5, "异响"),
    ]
    assert sql(dealer, "SELECT campaign_id, target_models, target_stages, target_grades, vins FROM campaigns ORDER BY 1") == [
        ("E1", "星越L;博越", "prospect;owner", "premium", None),
        ("R1", None, None, None, f"{VIN1};{VIN2}"),
    ]
    assert sql(dealer, "SELECT code, daily_capacity, store FROM staff WHERE code = 'S09'") == [("S09", 1000, "杭州店")]


# --- dry run -------------------------------------------------------------------------------


def test_dry_run_validates_counts_and_writes_nothing(cli, dealer, csvfile, digest, sql):
    path = csvfile("customers.csv", "customer_id,name\nC1,张三\nC2,改名\nN1,新\n")
    before = digest(dealer)
    result = cli("--db", dealer, "import", "customers", path, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout == "dry run, nothing written: " + summary("customers.csv", 3, inserted=1, updated=1, unchanged=1)
    assert digest(dealer) == before
    assert sql(dealer, "SELECT name FROM customers WHERE customer_id = 'C2'") == [("李四",)]


def test_dry_run_reports_problems_with_exit_1(cli, dealer, csvfile, digest):
    path = csvfile("customers.csv", "customer_id,birthday\nN1,soon\n")
    before = digest(dealer)
    result = cli("--db", dealer, "import", "customers", path, "--dry-run")
    assert result.exit_code == 1
    assert result.stderr == refused('customers.csv:2: birthday: "soon" is not a date: write it as YYYY-MM-DD', file="customers.csv")
    assert digest(dealer) == before


def test_import_of_a_missing_file_is_refused(cli, dealer, tmp_path, digest):
    before = digest(dealer)
    result = cli("--db", dealer, "import", "customers", tmp_path / "nope.csv")
    assert result.exit_code == 1
    assert result.stderr == refused("nope.csv: cannot read the file: No such file or directory", file="nope.csv")
    assert digest(dealer) == before


def test_an_unknown_kind_is_a_usage_error(cli, dealer, csvfile):
    result = cli("--db", dealer, "import", "cars", csvfile("cars.csv", "vin\n"))
    assert result.exit_code == 2
    assert "'cars' is not one of 'staff', 'customers', 'vehicles', 'visits', 'contacts', 'campaigns'" in result.stderr


def test_an_empty_file_is_refused(cli, dealer, csvfile):
    result = cli("--db", dealer, "import", "customers", csvfile("customers.csv", ""))
    assert result.exit_code == 1
    assert result.stderr == refused(
        "customers.csv:1: no header row: the first row must name the columns", file="customers.csv"
    )
