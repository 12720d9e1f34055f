"""`followup policy show | check FILE`: the effective policy as TOML that loads again; bad files refused."""

from __future__ import annotations

import tomllib

import pytest

from followup_cli.rules.policy import default_policy, parse_policy


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_prints_the_defaults_as_toml_that_loads_back_equal(cli, tmp_path, lang):
    result = cli("policy", "show", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# followup policy: every number the rule engine uses")
    assert parse_policy(result.stdout, "shown.toml") == default_policy()
    shown = tmp_path / "shown.toml"
    shown.write_text(result.stdout, encoding="utf-8")
    check = cli("--policy", shown, "policy", "check", shown)
    assert check.exit_code == 0, check.output
    assert check.stdout == f"{shown}: the policy is valid\n"


def _key_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and line[0].isalpha()]


def test_show_comments_every_key_with_its_meaning_unit_and_seed(cli):
    lines = _key_lines(cli("policy", "show", "--lang", "en").stdout)
    assert len(lines) == 269  # every key of the shipped policy
    assert all("  # " in line and " — " in line for line in lines), [l for l in lines if " — " not in l][:3]
    assert "missed_after_days = 30  # days after its due date a one-off item leaves the list (days) — SPEC 3 Lapsing" in lines
    assert (
        "opens = 2  # the day the item appears on the list, counted from its trigger (days; negative: before it)"
        " — 001 §三(一): follow-up frequency by intent level; A: within 2-3 days"
    ) in lines
    assert "at_risk_months = 6  # months without a visit before a customer is at risk (months) — 003 边际流失" in lines


def test_show_lang_zh_comments_in_chinese(cli):
    result = cli("policy", "show", "--lang", "zh")
    lines = _key_lines(result.stdout)
    assert len(lines) == 269
    meanings = [line.split("  # ", 1)[1].split(" — ")[0] for line in lines]
    assert all(any("\u4e00" <= c <= "\u9fff" for c in meaning) for meaning in meanings)
    assert "at_risk_months = 6  # 多少个月未回厂即为边际流失（月） — 003 边际流失" in lines
    assert cli("--lang", "zh", "policy", "show").stdout == result.stdout  # the global --lang too


def test_show_keeps_the_comments_on_a_dealers_values(cli, tmp_path):
    override = tmp_path / "dealer.toml"
    override.write_text("[churn]\nat_risk_months = 5\n", encoding="utf-8")
    lines = _key_lines(cli("--policy", override, "policy", "show").stdout)
    assert "at_risk_months = 5  # months without a visit before a customer is at risk (months) — 003 边际流失" in lines


@pytest.mark.parametrize("how", ["option", "environment"])
def test_show_prints_the_effective_policy_with_a_dealers_override(cli, tmp_path, how):
    override = tmp_path / "dealer.toml"
    override.write_text("[general]\nmissed_after_days = 45\n\n[lead.cadence.A]\nopens = 1\n", encoding="utf-8")
    if how == "option":
        result = cli("--policy", override, "policy", "show")
    else:
        result = cli("policy", "show", env={"FOLLOWUP_POLICY": str(override)})
    assert result.exit_code == 0, result.output
    shown = tomllib.loads(result.stdout)
    assert shown["general"]["missed_after_days"] == 45
    assert shown["lead"]["cadence"]["A"]["opens"] == 1
    assert shown["lead"]["cadence"]["A"]["due"] == 3  # the default, kept
    assert parse_policy(result.stdout) == parse_policy(override.read_text(encoding="utf-8"))
    assert parse_policy(result.stdout) != default_policy()


def test_a_policy_in_the_config_directory_is_used(cli, tmp_path, monkeypatch):
    config = tmp_path / "config"
    (config / "followup").mkdir(parents=True)
    (config / "followup" / "policy.toml").write_text("[general]\ndefault_daily_capacity = 12\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    result = cli("policy", "show")
    assert result.exit_code == 0, result.output
    assert tomllib.loads(result.stdout)["general"]["default_daily_capacity"] == 12


def test_check_refuses_unknown_keys_and_wrong_types_naming_each_path(cli, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        '[general]\nmissed_after_days = "thirty"\nbogus = 1\n\n[lead.cadence.A]\nopens = 2.5\n\n[nosuch]\na = 1\n',
        encoding="utf-8",
    )
    result = cli("policy", "check", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "bad.toml: general.missed_after_days: expected a whole number, got text\n"
        "bad.toml: general.bogus: unknown key\n"
        "bad.toml: lead.cadence.A.opens: expected a whole number, got a number\n"
        "bad.toml: nosuch: unknown key\n"
    )


def test_check_refuses_a_value_where_a_table_belongs(cli, tmp_path):
    path = tmp_path / "flat.toml"
    path.write_text("general = 3\n", encoding="utf-8")
    result = cli("policy", "check", path)
    assert result.exit_code == 1
    assert result.stderr == "flat.toml: general: expected a table, got a whole number\n"


def test_check_refuses_text_that_is_not_toml(cli, tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[general\n", encoding="utf-8")
    result = cli("policy", "check", path)
    assert result.exit_code == 1
    assert result.stderr == (
        "broken.toml: not valid TOML: Expected ']' at the end of a table declaration (at line 1, column 9)\n"
    )


def test_check_of_a_missing_file_is_refused(cli, tmp_path):
    path = tmp_path / "nope.toml"
    result = cli("policy", "check", path)
    assert result.exit_code == 1
    assert result.stderr == f"cannot read the policy file {path}: No such file or directory\n"


def test_a_bad_policy_file_stops_show_with_the_same_messages(cli, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[general]\nfailed_attempts_before_sms = true\n", encoding="utf-8")
    result = cli("--policy", path, "policy", "show")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "bad.toml: general.failed_attempts_before_sms: expected a whole number, got true or false\n"


def test_an_empty_policy_file_is_valid_and_means_the_defaults(cli, tmp_path):
    path = tmp_path / "empty.toml"
    path.write_text("# nothing differs\n", encoding="utf-8")
    assert cli("policy", "check", path).stdout == f"{path}: the policy is valid\n"
    assert parse_policy(cli("--policy", path, "policy", "show").stdout) == default_policy()


# --- values that make no sense (SPEC 5) ---------------------------------------------------------

#: one family of each policy section, with the line `policy check` and every other command print
NONSENSE = [
    ('[general]\ncrm_channel = "fax"\n',
     'general.crm_channel: unknown channel "fax": expected one of phone, sms, wechat, email, visit, letter, event'),
    ("[lead.cadence.A]\nfactor = nan\n", "lead.cadence.A.factor: nan is not a finite number"),
    ("[lead.cadence.B]\nopens = 9\n", "lead.cadence.B: the window closes before it opens: due 7 is before opens 9"),
    ('[lost.recheck]\nrole = "boss"\n',
     'lost.recheck.role: unknown role "boss": expected one of consultant, advisor, manager, crm'),
    ("[delivery.week_call]\ndue = 1_000_000_000\n",
     "delivery.week_call.due: 1000000000 is out of range: it must be from -36500 to 36500 days"),
    ('[owner.visit]\ngrades = ["vip"]\n',
     'owner.visit.grades: unknown grade "vip": expected one of premium, potential, general'),
    ("[service.intervals]\nsevere_factor = 0.0\n",
     "service.intervals.severe_factor: 0.0 is out of range: it must be more than 0 and at most 10"),
    ("[expiry.warranty.second]\nopens = -60\ndue = -45\n",
     "expiry.warranty.second.opens: the second notice opens (-60) before the first (-30)"),
    ("[complaint.reply]\nlow_score_max = -1\n", "complaint.reply.low_score_max: -1 is out of range: it must be from 0 to 5"),
    ("[campaign.invite]\nweight = -20\n", "campaign.invite.weight: -20 is out of range: it must be from 0 to 1000000"),
    ("[recall.notice]\nrepeat_days = -14\n", "recall.notice.repeat_days: -14 is out of range: it must be from 0 to 36500 days"),
    ("[parts.arrived]\nopens = 3\n", "parts.arrived: the window closes before it opens: due 2 is before opens 3"),
    ('[occasion.holiday]\nnames = ["christmas"]\n',
     'occasion.holiday.names: unknown holiday "christmas": expected one of new_year, spring_festival, mid_autumn, '
     "national_day, tomb_sweeping, labor_day, dragon_boat"),
    ("[referral.thanks]\nweight = 1e400\n", "referral.thanks.weight: expected a whole number, got a number"),
    ("[rank]\noverdue_per_day = inf\n", "rank.overdue_per_day: inf is not a finite number"),
    ("[rank.grade]\npremium = 0.0\n", "rank.grade.premium: 0.0 is out of range: it must be more than 0 and at most 10"),
    ("[churn]\nchurned_months = 3\n", "churn.churned_months: 3 is less than churn.at_risk_months (6)"),
    ("[service_class]\nmonths = -12\n", "service_class.months: -12 is out of range: it must be from 0 to 1200 months"),
    ("[grade]\npremium_min_vehicles = -3\n", "grade.premium_min_vehicles: -3 is out of range: it must be from 0 to 36500"),
    ("[lead.cadence]\nstale_after_periods = 1000\n",
     "lead.cadence.stale_after_periods: 1000 times 90 days (lead.cadence.D.due) is more than 36500 days"),
]


@pytest.mark.parametrize("text, line", NONSENSE, ids=[line.split(":")[0] for _, line in NONSENSE])
def test_check_refuses_a_value_that_makes_no_sense_naming_its_key(cli, tmp_path, text, line):
    path = tmp_path / "dealer.toml"
    path.write_text(text, encoding="utf-8")
    result = cli("policy", "check", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"dealer.toml: {line}\n"


@pytest.mark.parametrize("text, line", NONSENSE[::4], ids=[line.split(":")[0] for _, line in NONSENSE[::4]])
def test_due_refuses_a_policy_that_makes_no_sense_the_same_way(cli, dealer, tmp_path, text, line):
    path = tmp_path / "dealer.toml"
    path.write_text(text, encoding="utf-8")
    result = cli("--db", dealer, "--policy", path, "due", "--all", "--today", "2026-03-02")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"dealer.toml: {line}\n")
    with_env = cli("--db", dealer, "due", "--all", "--today", "2026-03-02", env={"FOLLOWUP_POLICY": str(path)})
    assert (with_env.exit_code, with_env.stderr) == (1, f"dealer.toml: {line}\n")


def test_due_runs_with_a_policy_that_makes_sense(cli, dealer, tmp_path):
    path = tmp_path / "dealer.toml"
    path.write_text("[lead.cadence.B]\nopens = 1\nfactor = 2.5\n\n[rank]\noverdue_per_day = 0.5\n", encoding="utf-8")
    result = cli("--db", dealer, "--policy", path, "due", "--all", "--today", "2026-03-02", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")


def test_every_problem_is_named_with_the_nearest_key_for_a_misspelt_one(cli, dealer, tmp_path):
    path = tmp_path / "dealer.toml"
    path.write_text(
        '[lead.cadance]\nweight = 50\n\n[general]\nmissed_after_day = 3\ncrm_channel = "fax"\n\n'
        "[rank]\npremium = 1.2\nfirst_bonus = nan\n",
        encoding="utf-8",
    )
    expected = (
        "dealer.toml: lead.cadance: unknown key (did you mean `lead.cadence`?)\n"
        "dealer.toml: general.missed_after_day: unknown key (did you mean `general.missed_after_days`?)\n"
        "dealer.toml: rank.premium: unknown key (did you mean `rank.grade.premium`?)\n"
        'dealer.toml: general.crm_channel: unknown channel "fax": expected one of phone, sms, wechat, email, visit, '
        "letter, event\n"
        "dealer.toml: rank.first_bonus: nan is not a finite number\n"
    )
    for args in (("policy", "check", path), ("--db", dealer, "--policy", path, "due", "--today", "2026-03-02"),
                 ("--db", dealer, "--policy", path, "why", "C2", "--today", "2026-03-02"),
                 ("--db", dealer, "--policy", path, "report", "churn", "--today", "2026-03-02")):
        result = cli(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", expected), args
        assert "Traceback" not in result.output and "Error" not in result.output


def test_a_policy_problem_reads_in_chinese(cli, tmp_path):
    path = tmp_path / "dealer.toml"
    path.write_text('[lead.cadance]\nweight = 50\n\n[lead.cadence.A]\nopens = 5\nfactor = 0.0\n', encoding="utf-8")
    result = cli("--lang", "zh", "policy", "check", path)
    assert result.exit_code == 1
    assert result.stderr == (
        "dealer.toml: lead.cadance: 未知的键（您是不是想写 `lead.cadence`？）\n"
        "dealer.toml: lead.cadence.A.factor: 0.0 超出范围：应大于 0 且不超过 10\n"
        "dealer.toml: lead.cadence.A: 时间窗口在开始之前就结束了：截止 3 早于开始 5\n"
    )


def test_a_policy_file_that_is_not_utf8_is_refused_by_every_command(cli, dealer, tmp_path):
    path = tmp_path / "dealer.toml"
    path.write_bytes("[general]\ncrm_channel = '短信'\n".encode("gb18030"))
    expected = f"cannot read the policy file {path}: not UTF-8 text (byte 26)\n"
    for args in (("policy", "check", path), ("--db", dealer, "--policy", path, "due", "--today", "2026-03-02")):
        result = cli(*args)
        assert (result.exit_code, result.stderr) == (1, expected), args


@pytest.mark.parametrize(
    "text, line",
    [
        ("[rank]\nfirst_bonus = 1" + "0" * 400 + "\n",  # an integer for a float key, past any float
         "huge.toml: rank.first_bonus: 1.000e+400 is out of range: it must be from 0 to 1000000000"),
        ("[churn]\nat_risk_months = -1" + "0" * 20 + "\n",
         "huge.toml: churn.at_risk_months: -1.000e+20 is out of range: it must be from 0 to 1200 months"),
        ("[rank]\noverdue_cap_days = 1" + "0" * 5000 + "\n", "huge.toml: a number in the file is too long"),
    ],
)
def test_a_number_too_large_for_anything_is_refused_in_a_line(cli, tmp_path, text, line):
    path = tmp_path / "huge.toml"
    path.write_text(text, encoding="utf-8")
    result = cli("policy", "check", path)
    assert (result.exit_code, result.stderr) == (1, line + "\n")
