"""`followup policy show | check FILE` (SPEC section 5)."""

from __future__ import annotations

from pathlib import Path

import typer

from followup_cli.i18n import _, say

app = typer.Typer(help=_("show or check the policy: every number the rules use"), no_args_is_help=True)


@app.command("show", help=_("print the effective policy as TOML (loadable again), each key with its meaning, unit and seed"))
def show(
    ctx: typer.Context,
    lang: str = typer.Option(None, "--lang", metavar="zh|en", help=_("the language of the comments (default: the output language)")),
) -> None:
    from followup_cli.cli.state import state
    from followup_cli.i18n import language
    from followup_cli.render.policy_toml import commented_toml

    if lang is not None and lang not in ("zh", "en"):
        from followup_cli.cli.terminal import fail

        fail(say('--lang: "{value}" is not one of: {choices}', value=lang, choices="zh, en"))
    typer.echo(commented_toml(state(ctx).policy(), lang or language()), nl=False)


@app.command("check", help=_("validate a policy file: unknown keys, wrong types and values that make no sense are refused"))
def check(file: Path = typer.Argument(..., metavar="FILE")) -> None:
    from followup_cli.cli.state import load_policy

    load_policy(str(file))
    typer.echo(say("{path}: the policy is valid", path=str(file)))
