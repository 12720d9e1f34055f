"""The one place that talks to the terminal: consoles for stdout and stderr, and failure."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator, NoReturn

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


@contextmanager
def refusing_output() -> Iterator[None]:
    """A file that cannot or may not be written (``fileout.OutputError``) ends the command with its message."""
    from followup_cli.fileout import OutputError

    try:
        yield
    except OutputError as exc:
        from followup_cli.i18n import render

        fail(render(exc.message))


def check_output(path: str | None, force: bool) -> None:
    """Refuse ``--output``/``FILE`` before any work when it may not be written (exists without --force ...)."""
    if path is None:
        return
    from followup_cli.fileout import check

    with refusing_output():
        check(path, force)
