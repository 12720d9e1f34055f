"""Importing again: the same export twice changes nothing and says so; overlapping exports upsert by key.

Also the clerk's afternoon: a half-broken Excel export is refused with every
problem listed at once, so one pass over the file fixes it, and the fixed
file then imports (and imports again as "unchanged").
"""

from __future__ import annotations

import codecs

import pytest

from ._hostile import VIN1, VIN2, dealer, dealer_template, refused  # noqa: F401 (fixtures)

#: a full export of each kind, as a DMS would write it (every column)
EXPORTS = {
    "staff": "code,name,role,team,daily_capacity\nS10,陈静,consultant,sales,25\nA10,刘洋,advisor,service,20\n",
    "customers": (
        "customer_id,name,phone,wechat,email,birthday,lunar_birthday,gender,occupation,region,industry,source,"
        "referred_by,stage,intent_level,grade,owner,advisor,created_on,interested_model,budget,expected_purchase_on,"
        "lost_on,lost_reason,competitor,do_not_contact,notes\n"
        "D1,马六,13612345678,ma6,ma6@example.cn,1988-08-08,07-15,男,教师,西湖区,教育,walk_in,,prospect,A,,S01,,"
        '2026-01-05,星越L,20万,2026-03-01,,,,false,"想要SUV, 白色"\n'
        "D2,牛七,13512345678,,,,,女,,余杭区,,referral,D1,owner,,premium,S02,A01,2025-12-01,,,,,,,false,\n"
    ),
    "vehicles": (
        "vin,customer_id,model,plate,delivered_on,sold_here,warranty_ends_on,insurance_ends_on,inspection_due_on,"
        "usage,service_interval_km,service_interval_months\n"
        "LFV3A23C1L3000001,C1,博越,浙A00001,2026-01-10,true,2029-01-10,2027-01-10,2028-01-10,normal,5000,6\n"
    ),
    "visits": (
        "visit_id,vin,visited_on,odometer_km,kind,amount,advisor,complaint\n"
        f"W1,{VIN1},2026-01-05,\"5,012\",first_service,¥380,A01,\n"
        f"W2,{VIN1},2026-04-05,9800,repair,1234.5元,A01,异响\n"
        f"W3,{VIN2},2026-04-06,60000,maintenance,880.00,A01,\n"
    ),
    "contacts": (
        "customer_id,contacted_on,channel,touchpoint,outcome,staff,next_contact_on,score,note\n"
        "C1,2026-01-05,phone,,reached,S01,2026-01-12,,\"聊了车型, 下周再约\"\n"
        "C1,2026-01-12,wechat,,no_answer,S01,,,\n"
        "C2,2026-01-20,phone,,reached,A01,,5,保养满意\n"
    ),
    "campaigns": (
        "campaign_id,name,kind,starts_on,ends_on,target_models,target_stages,target_grades,vins\n"
        f"R1,召回,recall,2026-02-01,2026-06-30,,,,{VIN1};{VIN2}\n"
        "E1,品鉴会,event,2026-03-01,2026-03-02,星越L;博越,prospect;owner,premium,\n"
    ),
}


def summary(file, rows, inserted=0, updated=0, unchanged=0, skipped=0):
    return (
        f"{file}: {rows} rows: {inserted} inserted, {updated} updated, {unchanged} unchanged, "
        f"{skipped} duplicates skipped\n"
    )


@pytest.mark.parametrize("kind", list(EXPORTS))
def test_the_same_export_twice_changes_nothing_and_says_so(cli, dealer, tmp_path, digest, kind):
    path = tmp_path / f"{kind}.csv"
    path.write_text(EXPORTS[kind], encoding="utf-8")
    rows = EXPORTS[kind].count("\n") - 1
    first = cli("--db", dealer, "import", kind, path)
    assert first.exit_code == 0, first.output
    assert first.stdout == summary(f"{kind}.csv", rows, inserted=rows)
    before = digest(dealer)
    again = cli("--db", dealer, "import", kind, path)
    assert again.exit_code == 0, again.output
    if kind == "contacts":
        assert again.stdout == summary("contacts.csv", rows, skipped=rows)
    else:
        assert again.stdout == summary(f"{kind}.csv", rows, unchanged=rows)
    assert digest(dealer) == before


@pytest.mark.parametrize("kind", list(EXPORTS))
def test_the_same_export_saved_again_by_excel_changes_nothing(cli, dealer, tmp_path, digest, kind):
    """GB18030, CRLF, dates as 2026/1/5: the same values, so the same rows."""
    original = tmp_path / f"{kind}.csv"
    original.write_text(EXPORTS[kind], encoding="utf-8")
    assert cli("--db", dealer, "import", kind, original).exit_code == 0
    text = EXPORTS[kind].replace("\n", "\r\n").replace("2026-01-05", "2026/1/5").replace("2026-04-05", "2026.04.05")
    resaved = tmp_path / f"{kind}-excel.csv"
    resaved.write_bytes(text.encode("gb18030"))
    before = digest(dealer)
    again = cli("--db", dealer, "import", kind, resaved)
    assert again.exit_code == 0, again.output
    rows = EXPORTS[kind].count("\n") - 1
    unchanged, skipped = (0, rows) if kind == "contacts" else (rows, 0)
    assert again.stdout == summary(f"{kind}-excel.csv", rows, unchanged=unchanged, skipped=skipped)
    assert digest(dealer) == before


def test_yesterdays_and_todays_visit_exports_overlap_and_upsert_by_key(cli, dealer, tmp_path, sql):
    header = "visit_id,vin,visited_on,odometer_km,kind,amount,advisor,complaint\n"
    yesterday = tmp_path / "visits-0105.csv"
    yesterday.write_text(
        header
        + f"W1,{VIN1},2026-01-04,5000,maintenance,380,A01,\n"
        + f"W2,{VIN1},2026-01-05,5100,repair,1200,A01,异响\n"
        + f"W3,{VIN2},2026-01-05,61000,maintenance,880,A01,\n",
        encoding="utf-8",
    )
    today = tmp_path / "visits-0106.csv"
    today.write_text(
        header
        + f"W2,{VIN1},2026-01-05,5100,repair,1200,A01,异响\n"  # the same
        + f"W3,{VIN2},2026-01-05,61500,maintenance,880,A01,\n"  # the odometer corrected
        + f"W4,{VIN2},2026-01-06,61600,repair,300,A01,刹车\n"
        + f"W5,{VIN1},2026-01-06,5200,inspection,0,A01,\n",
        encoding="utf-8",
    )
    assert cli("--db", dealer, "import", "visits", yesterday).stdout == summary("visits-0105.csv", 3, inserted=3)
    result = cli("--db", dealer, "import", "visits", today)
    assert result.exit_code == 0, result.output
    assert result.stdout == summary("visits-0106.csv", 4, inserted=2, updated=1, unchanged=1)
    assert sql(dealer, "SELECT visit_id, visited_on, odometer_km FROM visits ORDER BY visit_id") == [
        ("W1", "2026-01-04", 5000),
        ("W2", "2026-01-05", 5100),
        ("W3", "2026-01-05", 61500),
        ("W4", "2026-01-06", 61600),
        ("W5", "2026-01-06", 5200),
    ]
    again = cli("--db", dealer, "import", "visits", today)
    assert again.stdout == summary("visits-0106.csv", 4, unchanged=4)


def test_an_overlapping_export_of_a_few_columns_updates_only_those(cli, dealer, tmp_path, sql):
    path = tmp_path / "insurance.csv"
    path.write_text(f"vin,insurance_ends_on\n{VIN1},2027-03-20\n{VIN2},2025-08-01\n", encoding="utf-8")
    before = sql(dealer, "SELECT vin, customer_id, model, plate, delivered_on FROM vehicles ORDER BY vin")
    result = cli("--db", dealer, "import", "vehicles", path)
    assert result.stdout == summary("insurance.csv", 2, updated=2)
    assert sql(dealer, "SELECT vin, customer_id, model, plate, delivered_on FROM vehicles ORDER BY vin") == before
    assert sql(dealer, "SELECT vin, insurance_ends_on FROM vehicles ORDER BY vin") == [
        (VIN1, "2027-03-20"),
        (VIN2, "2025-08-01"),
    ]
    path.write_text(f"vin,insurance_ends_on\n{VIN1},2027-03-20\n{VIN2},2026-08-01\n", encoding="utf-8")  # the next day's
    result = cli("--db", dealer, "import", "vehicles", path)
    assert result.stdout == summary("insurance.csv", 2, updated=1, unchanged=1)
    assert sql(dealer, "SELECT vin, insurance_ends_on FROM vehicles ORDER BY vin") == [
        (VIN1, "2027-03-20"),
        (VIN2, "2026-08-01"),
    ]


def test_contacts_stored_already_are_skipped_and_counted(cli, dealer, tmp_path, sql):
    header = "customer_id,contacted_on,channel,outcome,staff,note\n"
    monday = tmp_path / "contacts-mon.csv"
    monday.write_text(
        header
        + "C1,2026-01-05,phone,reached,S01,约了试驾\n"
        + "C1,2026-01-05,phone,reached,S01,约了试驾\n"  # the same row twice in one file
        + "C2,2026-01-05,phone,no_answer,S02,\n",
        encoding="utf-8",
    )
    tuesday = tmp_path / "contacts-tue.csv"
    tuesday.write_text(
        header
        + " C1 ,2026/1/5,PHONE,reached,S01,约了试驾 \n"  # the same contact, written differently
        + "C2,2026-01-05,phone,no_answer,S02,\n"  # the same
        + "C2,2026-01-05,phone,no_answer,S02,又没接\n"  # another contact: the note differs
        + "C3,2026-01-06,sms,reached,S01,\n",
        encoding="utf-8",
    )
    first = cli("--db", dealer, "import", "contacts", monday)
    assert first.stdout == summary("contacts-mon.csv", 3, inserted=3)  # two identical contacts are two
    second = cli("--db", dealer, "import", "contacts", tuesday)
    assert second.exit_code == 0, second.output
    assert second.stdout == summary("contacts-tue.csv", 4, inserted=2, skipped=2)
    assert sql(dealer, "SELECT customer_id, contacted_on, channel, note FROM contacts ORDER BY id") == [
        ("C1", "2026-01-05", "phone", "约了试驾"),
        ("C1", "2026-01-05", "phone", "约了试驾"),
        ("C2", "2026-01-05", "phone", None),
        ("C2", "2026-01-05", "phone", "又没接"),
        ("C3", "2026-01-06", "sms", None),
    ]
    third = cli("--db", dealer, "import", "contacts", tuesday)
    assert third.stdout == summary("contacts-tue.csv", 4, skipped=4)


def test_a_dry_run_of_an_export_already_imported_says_unchanged(cli, dealer, tmp_path, digest):
    path = tmp_path / "customers.csv"
    path.write_text(EXPORTS["customers"], encoding="utf-8")
    assert cli("--db", dealer, "import", "customers", path).exit_code == 0
    before = digest(dealer)
    result = cli("--db", dealer, "import", "customers", path, "--dry-run")
    assert result.stdout == "dry run, nothing written: " + summary("customers.csv", 2, unchanged=2)
    assert digest(dealer) == before


def test_a_cell_with_a_carriage_return_survives_export_to_stdout_and_back(cli, dealer, tmp_path, digest):
    path = tmp_path / "customers.csv"
    path.write_bytes(b'customer_id,notes\r\nD9,"first line\rsecond line"\r\n')
    assert cli("--db", dealer, "import", "customers", path).exit_code == 0
    streamed = tmp_path / "streamed.csv"
    streamed.write_bytes(cli("--db", dealer, "export", "customers", "-").stdout_bytes)
    before = digest(dealer)
    again = cli("--db", dealer, "import", "customers", streamed)
    assert again.exit_code == 0, again.output
    assert again.stdout == summary("streamed.csv", 4, unchanged=4)
    assert digest(dealer) == before


# --- a clerk and a half-broken Excel export ------------------------------------------------------------------------

#: what Chinese Excel saves as "CSV (逗号分隔)": GBK, CRLF, Excel's dates and serials, blank rows at the end
BROKEN = (
    "customer_id,name,phone,birthday,stage,intent_level,owner,created_on,do_not_contact,备注\r\n"
    "K001,赵一,138 1234 5678,1985/5/17,prospect,A,S01,2026/1/5,否,\r\n"
    "K002,钱二,139****4321,1990-02-30,prospect,B,S01,2026/1/6,否,\r\n"
    "K003,孙三,13700001111,32874,owner,,S02,2026/1/7,是,\r\n"
    "K004,李四,13700002222,05/17/1985,潜客,C,S09,2026/1/8,否,\r\n"
    "K005,周五,13700003333,,prospect,E,S01,45292,maybe,\r\n"
    "K001,吴六,13700004444,,prospect,A,S01,2026/1/9,否,\r\n"
    ",郑七,13700005555,,prospect,A,S01,2026/1/9,否,\r\n"
    ",,,,,,,,,\r\n"
    ",,,,,,,,,\r\n"
)
EVERY_PROBLEM = [
    "customers.csv:1: not a customers column: 备注 (the columns are: customer_id, name, phone, wechat, email, "
    "birthday, lunar_birthday, gender, occupation, region, industry, source, referred_by, stage, intent_level, "
    "grade, owner, advisor, created_on, interested_model, budget, expected_purchase_on, lost_on, lost_category, lost_reason, "
    "competitor, do_not_contact, no_marketing, important, notes, store)",
    'customers.csv:3: phone: "139****4321" looks masked: re-export without --mask',
    'customers.csv:3: birthday: "1990-02-30" is not a real date (no such month or day)',
    'customers.csv:4: birthday: "32874" looks like an Excel serial number, not a date (it would be 1990-01-01): '
    "format the column as a date (YYYY-MM-DD) and save again",
    'customers.csv:5: birthday: "05/17/1985" puts the year last: write the date as YYYY-MM-DD',
    'customers.csv:5: stage: "潜客" is not one of: prospect, owner, quasi_lost, lost',
    'customers.csv:5: owner: unknown staff code "S09" (import staff.csv first)',
    'customers.csv:6: intent_level: "E" is not one of: A, B, C, D',
    'customers.csv:6: created_on: "45292" looks like an Excel serial number, not a date (it would be 2024-01-01): '
    "format the column as a date (YYYY-MM-DD) and save again",
    'customers.csv:6: do_not_contact: "maybe" is not true or false (write true/false, 1/0, yes/no or 是/否)',
    'customers.csv:7: customer_id: "K001" is already on row 2',
    "customers.csv:8: customer_id: a value is required",
]
#: the clerk's one pass over the file, problem by problem
FIXES = [
    (",备注\r\n", "\r\n"),
    ("否,\r\n", "否\r\n"),
    ("是,\r\n", "是\r\n"),
    ("maybe,\r\n", "maybe\r\n"),
    (",,,,,,,,,\r\n", ",,,,,,,,\r\n"),
    ("139****4321", "13943214321"),
    ("1990-02-30", "1990-02-28"),
    ("32874", "1990-01-01"),
    ("05/17/1985", "1985-05-17"),
    ("潜客", "prospect"),
    ("S09", "S02"),
    ("prospect,E,", "prospect,C,"),
    ("45292", "2024-01-01"),
    ("maybe", "否"),
    ("K001,吴六", "K006,吴六"),
    (",郑七", "K007,郑七"),
]


def test_a_half_broken_excel_export_lists_every_problem_and_the_fixed_file_imports(cli, dealer, tmp_path, digest, sql):
    path = tmp_path / "customers.csv"
    path.write_bytes(BROKEN.encode("gbk"))
    before = digest(dealer)
    for options in (("--dry-run",), ()):
        result = cli("--db", dealer, "import", "customers", path, *options)
        assert refused(result, "customers.csv", before, digest(dealer)) == EVERY_PROBLEM

    fixed = BROKEN
    for old, new in FIXES:
        assert old in fixed, old
        fixed = fixed.replace(old, new)
    path.write_bytes(codecs.BOM_UTF8 + fixed.encode("utf-8"))  # saved again, as "CSV UTF-8" this time
    result = cli("--db", dealer, "import", "customers", path)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == summary("customers.csv", 7, inserted=7)
    assert sql(
        dealer,
        "SELECT customer_id, phone, birthday, stage, intent_level, owner, created_on, do_not_contact "
        "FROM customers WHERE customer_id LIKE 'K%' ORDER BY 1",
    ) == [
        ("K001", "13812345678", "1985-05-17", "prospect", "A", "S01", "2026-01-05", 0),
        ("K002", "13943214321", "1990-02-28", "prospect", "B", "S01", "2026-01-06", 0),
        ("K003", "13700001111", "1990-01-01", "owner", None, "S02", "2026-01-07", 1),
        ("K004", "13700002222", "1985-05-17", "prospect", "C", "S02", "2026-01-08", 0),
        ("K005", "13700003333", None, "prospect", "C", "S01", "2024-01-01", 0),
        ("K006", "13700004444", None, "prospect", "A", "S01", "2026-01-09", 0),
        ("K007", "13700005555", None, "prospect", "A", "S01", "2026-01-09", 0),
    ]
    again = cli("--db", dealer, "import", "customers", path)
    assert again.stdout == summary("customers.csv", 7, unchanged=7)
