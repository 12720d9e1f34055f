"""The one place that talks to the terminal: consoles for stdout and stderr, and failure."""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import NoReturn

import typer


@lru_cache(maxsize=None)
def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def info(text: str) -> None:
    """A line for the person at the keyboard (stderr, so stdout stays clean for data)."""
    console(stderr=True).print(text, markup=False)


def out(text: str) -> None:
    """A line of the command's result (stdout)."""
    console().print(text, markup=False)


def fail(text: str, code: int = 1) -> NoReturn:
    """Refuse: print the reason to stderr and exit with ``code`` (SPEC: 1 = input refused)."""
    sys.stderr.write(f"{text}\n")
    raise typer.Exit(code)


def is_interactive() -> bool:
    return sys.stderr.isatty()
