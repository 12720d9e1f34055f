"""The one place that talks to the terminal: consoles for stdout and stderr, and failure.

Every console here shows stored text as typed (SPEC section 2, ``render.safe``):
a string printed or put in a table is never read as markup or emoji codes,
and its control characters are spelt as escapes. Commands get their consoles
from here, a file written with ``--output`` included (``file_console``).
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from functools import lru_cache
from typing import IO, Iterator, NoReturn

import typer


@lru_cache(maxsize=None)
def console(stderr: bool = False):
    return _console_class()(stderr=stderr, highlight=False, soft_wrap=False, markup=False, emoji=False)


def file_console(file: IO[str], width: int = 160):
    """A console writing a table into ``file`` (``--output``), as safe as the screen's."""
    return _console_class()(file=file, width=width, highlight=False, markup=False, emoji=False)


@lru_cache(maxsize=None)
def _console_class():
    """Rich's Console, with every string made safe where it enters Rich (imported on first use: Rich is slow to load)."""
    from rich.console import Console
    from rich.segment import Segment

    from followup_cli.render.safe import UNSAFE, text, visible

    class StoredTextConsole(Console):
        def render_str(self, value, *, style="", justify=None, overflow=None, **_ignored):
            """Every string Rich is given (a cell, a title, a caption, a printed line): as typed.

            ``markup``, ``emoji`` and ``highlight`` are ignored: no string is ever interpreted.
            """
            shown = text(value, style)
            shown.justify = justify
            shown.overflow = overflow
            return shown

        def render(self, renderable, options=None):
            """The last guard: a control character that came in some other way is spelt out, not sent."""
            for segment in super().render(renderable, options):
                if segment.control is None and UNSAFE.search(segment.text):
                    segment = Segment(visible(segment.text), segment.style)
                yield segment

    return StoredTextConsole


def info(text: str, wrap: bool = True) -> None:
    """A line for the person at the keyboard (stderr, so stdout stays clean for data).

    ``wrap=False``: one line however long (a ``FILE:ROW: column: message`` line stays one line for grep).
    """
    console(stderr=True).print(text, soft_wrap=not wrap)


def out(text: str) -> None:
    """A line of the command's result (stdout)."""
    console().print(text)


def fail(text: str, code: int = 1) -> NoReturn:
    """Refuse: print the reason to stderr and exit with ``code`` (SPEC: 1 = input refused)."""
    from followup_cli.render.safe import visible

    sys.stderr.write(f"{visible(text)}\n")
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


def workbook_target(path: str | None, option: str = "--output") -> None:
    """``--format xlsx`` needs a file (or a pipe): a workbook is never printed on a terminal."""
    if path is None or (path == "-" and sys.stdout.isatty()):
        from followup_cli.i18n import say

        fail(say("--format xlsx writes a workbook: name the file with {option} FILE.xlsx", option=option))
