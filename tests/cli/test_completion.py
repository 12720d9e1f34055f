"""`followup --version` and shell completion (Typer's own: bash, zsh, fish): commands, options, staff codes, reports.

Completion is what the shell's script asks: ``followup`` run with
``_FOLLOWUP_COMPLETE`` set and the words typed so far in the shell's
variables. These tests ask the same way, through the console script's
``run()`` in a subprocess.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import followup_cli

ROOT = Path(__file__).resolve().parents[2]
RUN = "from followup_cli.cli.main import run; run()"


def _followup(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("_FOLLOWUP") and k != "FOLLOWUP_DB"}
    environ.update(env or {})
    return subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True, env=environ, check=False)


def bash(words: str, db=None) -> list[str]:
    """What bash offers after ``words`` (the last word is the one being completed; a trailing space: a new word)."""
    parts = words.split(" ")
    env = {"_FOLLOWUP_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    if db is not None:
        env["FOLLOWUP_DB"] = str(db)
    done = _followup(env=env)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout.split()


def test_version_is_the_package_s():
    done = _followup("--version")
    assert done.returncode == 0
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert done.stdout == f"followup {followup_cli.__version__}\n"
    assert followup_cli.__version__ == project["version"]


def test_version_is_listed_in_the_help(cli):
    assert "--version" in cli("--help").output and "--show-completion" in cli("--help").output


def test_bash_completes_commands_and_subcommands():
    assert bash("followup v") == ["vehicle", "visit"]
    assert bash("followup vehicle ") == ["add", "edit", "show"]
    assert "due" in bash("followup ") and "report" in bash("followup ")


def test_bash_completes_a_command_s_options():
    assert bash("followup due --st") == ["--staff", "--store"]
    assert bash("followup visit add --o") == ["--on", "--odometer"]


def test_report_names_complete():
    assert bash("followup report s") == ["satisfaction", "service"]
    assert bash("followup report w") == ["workload"]


def test_staff_codes_complete_from_the_database(dealer):
    assert bash("followup due --staff ", db=dealer) == ["A01", "K01", "M01", "S01", "S02"]
    assert bash("followup log C1 --staff S", db=dealer) == ["S01", "S02"]
    assert bash(f"followup --db {dealer} visit add --advisor A", db=None) == ["A01"]


def test_no_database_completes_no_staff_and_says_nothing(tmp_path):
    assert bash("followup due --staff ", db=tmp_path / "missing.db") == []


def test_zsh_and_fish_show_each_staff_member_s_name(dealer):
    zsh = _followup(env={"_FOLLOWUP_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "followup due --staff S",
                         "FOLLOWUP_DB": str(dealer)})
    assert '"S01":"张伟 sales consultant"' in zsh.stdout and '"S02":"李婷 sales consultant"' in zsh.stdout
    fish = _followup(env={"_FOLLOWUP_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "followup due --staff A",
                          "_TYPER_COMPLETE_FISH_ACTION": "get-args", "FOLLOWUP_DB": str(dealer)})
    assert fish.stdout.splitlines() == ["A01\t王强 service advisor"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_shell_s_script(shell):
    # Typer's own switch for naming the shell (else it detects the shell it runs in)
    done = _followup("--show-completion", shell, env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert done.returncode == 0
    assert "_FOLLOWUP_COMPLETE" in done.stdout and f"complete_{shell}" in done.stdout
