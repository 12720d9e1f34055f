"""`followup log CUSTOMER_ID`: one contact recorded, the customer's stage and level kept in step."""

from __future__ import annotations

from datetime import date

import pytest

CONTACT = "SELECT customer_id, contacted_on, channel, touchpoint, outcome, staff, next_contact_on, score, note FROM contacts"
CUSTOMER = "SELECT stage, intent_level, lost_on, lost_reason, competitor, do_not_contact FROM customers WHERE customer_id = ?"


def test_every_option_is_stored(cli, dealer, sql):
    result = cli(
        "--db", dealer, "log", "C2", "--staff", "S01",
        "--outcome", "appointment", "--channel", "wechat", "--touchpoint", "service.quality_callback",
        "--staff", "A01", "--on", "2026-02-03", "--next", "2026-02-10", "--score", "4",
        "--note", '车况良好, "满意"\n下次保养再约',
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "logged: appointment made by WeChat with 李四 (C2) on 2026-02-03; next contact promised for 2026-02-10\n"
    assert sql(dealer, CONTACT) == [
        ("C2", "2026-02-03", "wechat", "service.quality_callback", "appointment", "A01", "2026-02-10", 4, '车况良好, "满意"\n下次保养再约')
    ]
    assert sql(dealer, CUSTOMER, "C2") == [("owner", None, None, None, None, 0)]


def test_defaults_are_a_reached_phone_call_today(cli, dealer, sql):
    result = cli("--db", dealer, "log", "C1", "--staff", "S01")
    assert result.exit_code == 0, result.output
    today = date.today().isoformat()
    assert result.stdout == f"logged: reached by phone with 张三 (C1) on {today}\n"
    assert sql(dealer, CONTACT) == [("C1", today, "phone", None, "reached", "S01", None, None, None)]


@pytest.mark.parametrize("lang, message", [
    ("en", "who made the contact? give --staff CODE, or set FOLLOWUP_STAFF once in your shell profile\n"),
    ("zh", "是谁联系的客户？请加 --staff 员工编号，或在 shell 配置中设置一次 FOLLOWUP_STAFF\n"),
])
def test_a_contact_by_nobody_is_refused_and_nothing_written(cli, dealer, sql, lang, message):
    for staff in ((), ("--staff", " ")):
        result = cli("--lang", lang, "--db", dealer, "log", "C1", *staff)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)
    assert sql(dealer, CONTACT) == []


def test_next_is_stored_as_the_promised_day(cli, dealer, sql):
    result = cli("--db", dealer, "log", "C1", "--on", "2026-01-06", "--next", "2026-01-20", "--staff", "S01")
    assert result.exit_code == 0, result.output
    assert sql(dealer, "SELECT contacted_on, next_contact_on, staff FROM contacts") == [("2026-01-06", "2026-01-20", "S01")]


def test_the_staff_defaults_to_followup_staff(cli, dealer, sql):
    result = cli("--db", dealer, "log", "C1", "--on", "2026-01-06", env={"FOLLOWUP_STAFF": "S01"})
    assert result.exit_code == 0, result.output
    explicit = cli("--db", dealer, "log", "C1", "--on", "2026-01-07", "--staff", "S02", env={"FOLLOWUP_STAFF": "S01"})
    assert explicit.exit_code == 0, explicit.output
    assert sql(dealer, "SELECT contacted_on, staff FROM contacts ORDER BY id") == [("2026-01-06", "S01"), ("2026-01-07", "S02")]


def test_an_unknown_followup_staff_is_refused(cli, dealer, sql):
    result = cli("--db", dealer, "log", "C1", env={"FOLLOWUP_STAFF": "S99"})
    assert result.exit_code == 1
    assert result.stderr == '--staff: unknown staff code "S99"; known: A01, K01, M01, S01, S02\n'
    assert sql(dealer, "SELECT count(*) FROM contacts") == [(0,)]


def test_level_changes_a_prospects_intent_level(cli, dealer, sql):
    result = cli("--db", dealer, "log", "C1", "--on", "2026-01-06", "--level", "a", "--staff", "S01")
    assert result.exit_code == 0, result.output
    assert result.stdout == "logged: reached by phone with 张三 (C1) on 2026-01-06; intent level is now A\n"
    assert sql(dealer, CUSTOMER, "C1") == [("prospect", "A", None, None, None, 0)]


def test_level_on_an_owner_is_refused(cli, dealer, digest, sql):
    before = digest(dealer)
    result = cli("--db", dealer, "log", "C2", "--staff", "S01", "--level", "A")
    assert result.exit_code == 1
    assert result.stderr == "--level: only a prospect has an intent level (C2 is owner)\n"
    assert digest(dealer) == before


def test_a_bad_level_lists_the_choices(cli, dealer):
    result = cli("--db", dealer, "log", "C1", "--staff", "S01", "--level", "E")
    assert result.exit_code == 1
    assert result.stderr == '--level: "E" is not one of: A, B, C, D\n'


def test_stage_lost_sets_lost_on_reason_and_competitor(cli, dealer, sql):
    result = cli(
        "--db", dealer, "log", "C1", "--staff", "S01", "--on", "2026-02-01", "--stage", "lost",
        "--lost-reason", "价格太高", "--competitor", "比亚迪", "--staff", "S01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "logged: reached by phone with 张三 (C1) on 2026-02-01; stage is now lost\n"
    assert sql(dealer, CUSTOMER, "C1") == [("lost", "B", "2026-02-01", "价格太高", "比亚迪", 0)]


def test_stage_quasi_lost_sets_lost_on_and_category(cli, dealer, sql):
    result = cli("--db", dealer, "log", "C1", "--staff", "S01", "--on", "2026-02-01", "--stage", "quasi_lost",
                 "--lost-category", "funds")
    assert result.exit_code == 0, result.output
    assert sql(dealer, CUSTOMER, "C1") == [("quasi_lost", "B", "2026-02-01", None, None, 0)]
    assert sql(dealer, "SELECT lost_category FROM customers WHERE customer_id = 'C1'") == [("funds",)]
    assert sql(dealer, CHANGES) == [("C1", "2026-02-01", "prospect", "quasi_lost", None, None, "S01", None)]


def test_stage_owner_leaves_lost_on_alone(cli, dealer, sql):
    result = cli("--db", dealer, "log", "C1", "--staff", "S01", "--on", "2026-02-01", "--stage", "owner")
    assert result.exit_code == 0, result.output
    assert sql(dealer, CUSTOMER, "C1") == [("owner", "B", None, None, None, 0)]


@pytest.mark.parametrize("option", [["--lost-reason", "价格"], ["--competitor", "比亚迪"], ["--lost-category", "price"]])
def test_lost_reason_or_competitor_without_a_lost_stage_is_refused(cli, dealer, digest, option):
    before = digest(dealer)
    result = cli("--db", dealer, "log", "C1", "--staff", "S01", *option)
    assert result.exit_code == 1
    assert result.stderr == "--lost-category, --lost-reason and --competitor go with --stage quasi_lost or lost\n"
    assert digest(dealer) == before


CATEGORIES_EN = (
    "model (model not liked), price (price too high), funds (funds not ready), brand (brand not accepted), "
    "people (family or friends against it), cancelled (purchase cancelled), stock (not in stock), "
    "unreasonable (unreasonable demands), slow_follow_up (follow-up too slow), lost_contact (lost contact), other (other)"
)
CATEGORIES_ZH = (
    "model（车型不满意）、price（价格高）、funds（资金不到位）、brand（品牌不认可）、people（身边人不认可）、"
    "cancelled（取消购车计划）、stock（无存货）、unreasonable（不合理要求）、slow_follow_up（跟进不及时）、"
    "lost_contact（失联）、other（其他）"
)
CHANGES = "SELECT customer_id, changed_on, stage_from, stage_to, level_from, level_to, staff, touchpoint FROM stage_changes ORDER BY id"


@pytest.mark.parametrize("lang, args, message", [
    ("en", ["--stage", "quasi_lost"], f"--lost-category: a quasi-lost customer needs a lost category; categories: {CATEGORIES_EN}\n"),
    ("zh", ["--stage", "quasi_lost"], f"--lost-category：准战败客户须记录战败原因类别；类别：{CATEGORIES_ZH}\n"),
    ("en", ["--stage", "lost", "--lost-category", "price"],
     "--competitor: a lost customer needs a competitor (the brand bought) unless the category is lost_contact\n"),
    ("zh", ["--stage", "lost", "--lost-reason", "价格原因"],
     "--competitor：战败客户须记录所购竞品品牌（类别为 lost_contact 失联时除外）\n"),
])
def test_a_stage_change_without_what_seed_004_asks_is_refused(cli, dealer, digest, sql, lang, args, message):
    before = digest(dealer)
    result = cli("--lang", lang, "--db", dealer, "log", "C1", "--staff", "S01", "--on", "2026-02-01", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)
    assert digest(dealer) == before
    assert sql(dealer, CUSTOMER, "C1") == [("prospect", "B", None, None, None, 0)]


@pytest.mark.parametrize("lang, message", [
    ("en", '--lost-category: "cheap" is not one of: ' + ", ".join(
        ("model", "price", "funds", "brand", "people", "cancelled", "stock", "unreasonable", "slow_follow_up", "lost_contact", "other")) + "\n"),
])
def test_an_unknown_category_lists_the_categories(cli, dealer, lang, message):
    result = cli("--lang", lang, "--db", dealer, "log", "C1", "--staff", "S01", "--stage", "quasi_lost", "--lost-category", "cheap")
    assert (result.exit_code, result.stderr) == (1, message)


def test_lost_contact_needs_no_competitor_and_a_category_alone_answers_lost_reason(cli, dealer, sql):
    result = cli("--db", dealer, "log", "C1", "--staff", "S01", "--on", "2026-02-01", "--stage", "lost",
                 "--lost-category", "lost_contact")
    assert result.exit_code == 0, result.output
    assert sql(dealer, "SELECT stage, lost_category, competitor FROM customers WHERE customer_id = 'C1'") == [
        ("lost", "lost_contact", None)]


def test_a_lost_customers_category_is_recorded_later_and_answers_ask_why(cli, dealer, sql):
    assert cli("--db", dealer, "log", "C1", "--staff", "S01", "--on", "2026-02-01", "--stage", "lost",
               "--competitor", "比亚迪").exit_code == 0
    why = cli("--db", dealer, "why", "C1", "--today", "2026-02-02", "--format", "json")
    assert why.exit_code == 0, why.output
    assert '"lost.reason"' in why.stdout and "category not recorded" in why.stdout
    result = cli("--db", dealer, "log", "C1", "--staff", "S01", "--on", "2026-02-02", "--lost-category", "price")
    assert result.exit_code == 0, result.output
    why = cli("--db", dealer, "why", "C1", "--today", "2026-02-03")
    assert "category recorded: price too high" in why.stdout


@pytest.mark.parametrize("lang, message", [
    ("en", "--level: a defeat taken back to prospect needs an intent level: A, B, C or D\n"),
    ("zh", "--level：战败客户转回意向客户须给出意向级别：A、B、C 或 D\n"),
])
def test_a_false_defeat_goes_back_to_prospect_with_a_level(cli, dealer, sql, lang, message):
    assert cli("--db", dealer, "log", "C1", "--staff", "S01", "--on", "2026-02-01", "--stage", "lost",
               "--competitor", "比亚迪", "--lost-category", "price").exit_code == 0
    refused = cli("--lang", lang, "--db", dealer, "log", "C1", "--staff", "M01", "--on", "2026-02-02",
                  "--touchpoint", "lost.verify", "--stage", "prospect")
    assert (refused.exit_code, refused.stderr) == (1, message)
    result = cli("--db", dealer, "log", "C1", "--staff", "M01", "--on", "2026-02-02", "--touchpoint", "lost.verify",
                 "--stage", "prospect", "--level", "A")
    assert result.exit_code == 0, result.output
    assert sql(dealer, CUSTOMER, "C1") == [("prospect", "A", "2026-02-01", None, "比亚迪", 0)]
    assert sql(dealer, CHANGES) == [
        ("C1", "2026-02-01", "prospect", "lost", None, None, "S01", None),
        ("C1", "2026-02-02", "lost", "prospect", "B", "A", "M01", "lost.verify"),
    ]


@pytest.mark.parametrize("lang, message", [
    ("en", "--touchpoint lost.verify: only a manager verifies a defeat (S01 is not a manager)\n"),
    ("zh", "--touchpoint lost.verify：只有经理可以核实战败（S01 不是经理）\n"),
])
def test_only_a_manager_verifies_a_defeat(cli, dealer, digest, lang, message):
    before = digest(dealer)
    result = cli("--lang", lang, "--db", dealer, "log", "C1", "--staff", "S01", "--touchpoint", "lost.verify")
    assert (result.exit_code, result.stderr) == (1, message)
    assert digest(dealer) == before


def test_a_level_change_is_recorded(cli, dealer, sql):
    assert cli("--db", dealer, "log", "C1", "--staff", "S01", "--on", "2026-02-01", "--level", "A").exit_code == 0
    assert cli("--db", dealer, "log", "C1", "--staff", "S01", "--on", "2026-02-02", "--level", "A").exit_code == 0
    assert sql(dealer, CHANGES) == [("C1", "2026-02-01", None, None, "B", "A", "S01", None)]


def test_opted_out_sets_do_not_contact(cli, dealer, sql):
    result = cli("--db", dealer, "log", "C2", "--outcome", "opted_out", "--on", "2026-02-01", "--staff", "A01")
    assert result.exit_code == 0, result.output
    assert result.stdout == "logged: opted out by phone with 李四 (C2) on 2026-02-01\n"
    assert sql(dealer, CUSTOMER, "C2") == [("owner", None, None, None, None, 1)]
    assert sql(dealer, "SELECT outcome FROM contacts") == [("opted_out",)]


def test_an_unknown_customer_is_refused(cli, dealer, digest):
    before = digest(dealer)
    result = cli("--db", dealer, "log", "C404", "--staff", "S01", "--outcome", "reached")
    assert result.exit_code == 1
    assert result.stderr == 'unknown customer "C404"\n'
    assert digest(dealer) == before


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--on", "2026-13-01", '--on: "2026-13-01" is not a real date (no such month or day)'),
        ("--on", "tomorrow", '--on: "tomorrow" is not a date: write it as YYYY-MM-DD'),
        ("--next", "01/02/2026", '--next: "01/02/2026" puts the year last: write the date as YYYY-MM-DD'),
        ("--score", "9", '--score: "9" is out of range: it must be from 1 to 5'),
        ("--score", "good", '--score: "good" is not a whole number'),
        ("--outcome", "ok", '--outcome: "ok" is not one of: reached, no_answer, busy, wrong_number, appointment, refused, opted_out'),
        ("--channel", "fax", '--channel: "fax" is not one of: phone, sms, wechat, email, visit, letter, event'),
        ("--stage", "won", '--stage: "won" is not one of: prospect, owner, quasi_lost, lost'),
        (
            "--touchpoint",
            "lead.hello",
            '--touchpoint: "lead.hello" is not one of: lead.welcome, lead.cadence, lead.promised, lead.purchase_window, '
            "lost.reason, lost.recheck, lost.competitor_care, lost.verify, lost.decide, delivery.thanks, delivery.manager_call, delivery.visit, "
            "delivery.week_call, owner.keep_in_touch, owner.visit, service.first, service.maintenance, "
            "service.quality_callback, service.care_callback, service.win_back, expiry.warranty, expiry.insurance, "
            "expiry.inspection, complaint.reply, service.manager_callback, service.manager_follow, campaign.invite, recall.notice, parts.arrived, campaign.season_check, "
            "occasion.birthday, occasion.anniversary, occasion.holiday, referral.thanks",
        ),
    ],
)
def test_a_bad_value_is_refused_with_exit_1_and_nothing_written(cli, dealer, digest, option, value, message):
    before = digest(dealer)
    result = cli("--db", dealer, "log", "C1", "--staff", "S01", option, value)
    assert result.exit_code == 1
    assert result.stderr == message + "\n"
    assert digest(dealer) == before


def test_an_unknown_staff_code_lists_the_known_ones(cli, dealer, digest):
    before = digest(dealer)
    result = cli("--db", dealer, "log", "C1", "--staff", "X9")
    assert result.exit_code == 1
    assert result.stderr == '--staff: unknown staff code "X9"; known: A01, K01, M01, S01, S02\n'
    assert digest(dealer) == before


def test_a_logged_contact_exports_and_reimports_as_a_duplicate(cli, dealer, tmp_path):
    assert cli("--db", dealer, "log", "C1", "--on", "2026-01-06", "--note", "=1+1", "--staff", "S01").exit_code == 0
    out = tmp_path / "contacts.csv"
    assert cli("--db", dealer, "export", "contacts", out).exit_code == 0
    result = cli("--db", dealer, "import", "contacts", out)
    assert result.stdout == "contacts.csv: 1 rows: 0 inserted, 0 updated, 0 unchanged, 1 duplicates skipped\n"



def test_level_on_a_customer_imported_without_a_stage_treats_them_as_a_prospect(cli, dealer, csvfile, sql):
    assert cli("--db", dealer, "import", "customers", csvfile("customers.csv", "customer_id,name\nN1,无阶段\n")).exit_code == 0
    result = cli("--db", dealer, "log", "N1", "--staff", "S01", "--on", "2026-01-06", "--level", "C")
    assert result.exit_code == 0, result.output
    assert sql(dealer, CUSTOMER, "N1") == [(None, "C", None, None, None, None)]


def test_a_missing_customer_id_is_a_usage_error(cli, dealer):
    result = cli("--db", dealer, "log", "--staff", "S01", "--outcome", "reached")
    assert result.exit_code == 2
    assert "Missing argument 'CUSTOMER_ID'" in result.stderr


def test_next_takes_the_call_prompts_short_forms(cli, dealer, sql):
    """Found living a morning in Chinese: `call` takes +3 and 12-20 for the next contact, `log --next` did not."""
    for given, expected in (("+2", "2026-11-26"), ("12-20", "2026-12-20")):
        result = cli("--db", dealer, "log", "C2", "--outcome", "reached", "--staff", "S01", "--on", "2026-11-24",
                     "--next", given)
        assert result.exit_code == 0, result.output
        assert sql(dealer, "SELECT next_contact_on FROM contacts ORDER BY id DESC LIMIT 1") == [(expected,)]
    refused = cli("--lang", "zh", "--db", dealer, "log", "C2", "--outcome", "reached", "--staff", "S01", "--next", "+0")
    assert refused.exit_code == 1 and refused.stderr.startswith("--next: ") and "Traceback" not in refused.output
