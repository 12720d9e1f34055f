"""What the global options decide, handed to every command through Typer's context."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

import typer

from followup_cli.i18n import say
from followup_cli.message import N_


@dataclass
class State:
    db: str | None = None
    policy_file: str | None = None
    _engine: object = field(default=None, repr=False)

    def engine(self):
        """The engine of the chosen, existing, current database (refuses with a hint otherwise)."""
        if self._engine is None:
            from followup_cli.cli.terminal import fail
            from followup_cli.i18n import render
            from followup_cli.store.database import StoreError, open_store

            try:
                self._engine = open_store(self.db)
            except StoreError as exc:
                fail(render(exc.message))
        return self._engine

    def policy(self):
        """The effective policy: defaults, overridden by --policy, FOLLOWUP_POLICY or the user's file."""
        from followup_cli.rules.policy import default_policy

        path = self.policy_file or os.environ.get("FOLLOWUP_POLICY")
        if not path:
            from platformdirs import user_config_path

            candidate = user_config_path("followup", appauthor=False) / "policy.toml"
            if not candidate.exists():
                return default_policy()
            path = str(candidate)
        return load_policy(path)


def load_policy(path: str):
    """The defaults overridden by the policy file at ``path``; refuses a bad one (exit 1), one line per problem."""
    from pathlib import Path

    from followup_cli.cli.terminal import fail
    from followup_cli.i18n import render
    from followup_cli.rules.policy import PolicyError, parse_policy

    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        error = say(N_("not UTF-8 text (byte {offset})"), offset=exc.start + 1)
        fail(say(N_("cannot read the policy file {path}: {error}"), path=path, error=error))
    except OSError as exc:
        fail(say(N_("cannot read the policy file {path}: {error}"), path=path, error=exc.strerror or str(exc)))
    try:
        return parse_policy(text, Path(path).name)
    except PolicyError as exc:
        fail("\n".join(f"{p.source}: {p.path}: {render(p.message)}" if p.path else f"{p.source}: {render(p.message)}" for p in exc.problems))


def state(ctx: typer.Context) -> State:
    return ctx.find_root().obj


def parse_day(value: str | None, option: str = "--today") -> date | None:
    """An ISO date from the command line, years 1900-2100 as in CSV; refuses anything else with exit code 1."""
    if value is None:
        return None
    from followup_cli.cli.terminal import fail

    from followup_cli.csvio.fields import YEAR_MAX, YEAR_MIN

    try:
        day = date.fromisoformat(value)
    except ValueError:
        fail(say(N_('{option}: "{value}" is not a date (YYYY-MM-DD)'), option=option, value=value))
    if not YEAR_MIN <= day.year <= YEAR_MAX:  # the same years as a CSV date; beyond them date arithmetic overflows
        reason = say(N_('"{value}" is out of range: the year must be from {low} to {high}'), value=value, low=YEAR_MIN, high=YEAR_MAX)
        fail(say(N_("{option}: {message}"), option=option, message=reason))
    return day


def today_or(value: str | None) -> date:
    """``--today`` if given, else the clock: the only place the shell reads the date."""
    return parse_day(value) or date.today()


def is_today(day: date) -> bool:
    """Whether ``day`` is the clock's today (the lists kept for a day are made again for today only)."""
    return day == date.today()
