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


def test_the_reference_pages_in_docs_match_the_code():
    """docs/columns.md, touchpoints.md and policy.md are generated from the code: scripts/docs.py --check."""
    import contextlib
    import importlib.util
    import io

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("docs_script", root / "scripts" / "docs.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    diff = io.StringIO()
    with contextlib.redirect_stdout(diff), contextlib.redirect_stderr(io.StringIO()):
        code = script.main(["--check"])
    assert code == 0, "run python scripts/docs.py:\n" + diff.getvalue()[:3000]


def test_the_readme_links_to_docs_not_outside_the_repository():
    assert "../shared" not in README and "SPEC.md" not in README
    for page in ("docs/columns.md", "docs/touchpoints.md", "docs/policy.md"):
        assert f"({page})" in README, page
