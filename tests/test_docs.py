"""The README keeps up with the CLI: every command and report is shown there (idea from sqlite-utils)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from followup_cli.cli.main import build_app
from followup_cli.reports import REPORTS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(build_app())
    names = []
    for name, command in group.commands.items():
        sub = getattr(command, "commands", None)
        names += [f"{name} {s}" for s in sub] if sub else [name]
    return sorted(names)


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_in_the_readme(command):
    assert re.search(rf"followup (\[[^\]]*\] )?(--\S+ \S+ )*{re.escape(command)}\b", README), command


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_report_is_in_the_readme(name):
    assert f"followup report {name}" in README
