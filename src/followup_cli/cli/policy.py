"""`followup policy show | check FILE` (SPEC section 5)."""

from __future__ import annotations

from pathlib import Path

import typer

from followup_cli.i18n import _, say

app = typer.Typer(help=_("show or check the policy: every number the rules use"), no_args_is_help=True)


@app.command("show", help=_("print the effective policy as TOML (loadable again)"))
def show(ctx: typer.Context) -> None:
    from followup_cli.cli.state import state
    from followup_cli.rules.policy import to_toml

    typer.echo(to_toml(state(ctx).policy()), nl=False)


@app.command("check", help=_("validate a policy file: unknown keys, wrong types and values that make no sense are refused"))
def check(file: Path = typer.Argument(..., metavar="FILE")) -> None:
    from followup_cli.cli.state import load_policy

    load_policy(str(file))
    typer.echo(say("{path}: the policy is valid", path=str(file)))
