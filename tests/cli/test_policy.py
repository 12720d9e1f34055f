"""`followup policy show | check FILE`: the effective policy as TOML that loads again; bad files refused."""

from __future__ import annotations

import tomllib

import pytest

from followup_cli.rules.policy import default_policy, parse_policy


def test_show_prints_the_defaults_as_toml_that_loads_back_equal(cli, tmp_path):
    result = cli("policy", "show")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("[general]\nmissed_after_days = 30\n")
    assert parse_policy(result.stdout, "shown.toml") == default_policy()
    shown = tmp_path / "shown.toml"
    shown.write_text(result.stdout, encoding="utf-8")
    check = cli("policy", "check", shown)
    assert check.exit_code == 0, check.output
    assert check.stdout == f"{shown}: the policy is valid\n"


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
        "bad.toml: general.missed_after_days: expected integer, got string\n"
        "bad.toml: general.bogus: unknown key\n"
        "bad.toml: lead.cadence.A.opens: expected integer, got number\n"
        "bad.toml: nosuch: unknown key\n"
    )


def test_check_refuses_a_value_where_a_table_belongs(cli, tmp_path):
    path = tmp_path / "flat.toml"
    path.write_text("general = 3\n", encoding="utf-8")
    result = cli("policy", "check", path)
    assert result.exit_code == 1
    assert result.stderr == "flat.toml: general: expected a table, got integer\n"


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
    assert result.stderr == "bad.toml: general.failed_attempts_before_sms: expected integer, got boolean\n"


def test_an_empty_policy_file_is_valid_and_means_the_defaults(cli, tmp_path):
    path = tmp_path / "empty.toml"
    path.write_text("# nothing differs\n", encoding="utf-8")
    assert cli("policy", "check", path).stdout == f"{path}: the policy is valid\n"
    assert parse_policy(cli("--policy", path, "policy", "show").stdout) == default_policy()
