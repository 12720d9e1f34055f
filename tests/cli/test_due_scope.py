"""Whose list `due` shows (SPEC 2 Who): FOLLOWUP_STAFF's by default, `--everyone` for all; an empty list is quiet."""

from __future__ import annotations

import json

import pytest

TODAY = "2026-01-05"  # C1's welcome call (S01); C2's first service (A01) and owner calls (S02)


def _due(cli, db, *args, env=None):
    result = cli("--db", db, "due", "--today", TODAY, "--format", "json", *args, env=env)
    assert result.exit_code == 0, result.output
    return sorted((i["customer_id"], i["staff"], i["touchpoint"]) for i in json.loads(result.stdout))


def test_followup_staff_is_the_default_list(cli, dealer):
    assert _due(cli, dealer, env={"FOLLOWUP_STAFF": "S01"}) == [("C1", "S01", "lead.welcome")]
    assert _due(cli, dealer, "--staff", "A01", env={"FOLLOWUP_STAFF": "S01"}) == [("C2", "A01", "service.first")]


def test_everyone_and_role_widen_the_list(cli, dealer):
    everyone = [
        ("C1", "S01", "lead.welcome"), ("C2", "A01", "service.first"),
        ("C2", "S02", "owner.keep_in_touch"), ("C2", "S02", "owner.visit"),
    ]
    assert _due(cli, dealer) == everyone
    assert _due(cli, dealer, "--everyone", env={"FOLLOWUP_STAFF": "S01"}) == everyone
    assert _due(cli, dealer, "--role", "consultant", env={"FOLLOWUP_STAFF": "A01"}) == [everyone[0], *everyone[2:]]


def test_everyone_with_staff_is_a_usage_error(cli, dealer):
    result = cli("--db", dealer, "due", "--everyone", "--staff", "S01")
    assert result.exit_code == 2
    assert "leave out --staff" in result.stderr


@pytest.fixture
def stderr_is_a_terminal(monkeypatch):
    from followup_cli.cli import terminal

    monkeypatch.setattr(type(terminal.console(stderr=True)), "is_terminal", property(lambda self: self.stderr))


@pytest.mark.parametrize("lang, line", [
    ("en", "nothing due on 2026-01-05 for M01\n"),
    ("zh", "2026-01-05 M01 没有待跟进事项\n"),
])
def test_an_empty_list_says_so_on_a_terminal_and_prints_nothing(cli, dealer, stderr_is_a_terminal, lang, line):
    result = cli("--lang", lang, "--db", dealer, "due", "--today", TODAY, env={"FOLLOWUP_STAFF": "M01"})
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", line)


def test_an_empty_list_under_cron_says_nothing(cli, dealer):
    result = cli("--db", dealer, "due", "--today", TODAY, env={"FOLLOWUP_STAFF": "M01"})
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
