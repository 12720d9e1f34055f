"""Stored text on a screen: shown as typed (SPEC section 2).

A customer named ``[/]``, a note ``[bold]…``, a complaint holding an
escape sequence: names, notes, complaints and reasons are data. They are
never read as Rich markup or emoji codes, and a control character (ESC,
BEL, a C1 code, a bidi override ...) is spelt as an escape (``\\x1b``),
the way import errors quote a cell (``csvio.problems.printable``), so
nothing in the data can style, move or retitle the terminal. Line breaks
stay line breaks (a note of two lines is two lines in its cell).

``cli/terminal.py`` builds every console on :func:`text`, so a plain
string printed or put in a table anywhere is safe; a renderer that makes a
``rich.text.Text`` itself makes it with :func:`text` too.
"""

from __future__ import annotations

import re

from followup_cli.csvio.problems import printable

#: what may never reach a terminal: C0 controls but the line feed, DEL, C1 controls
UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def visible(value: str) -> str:
    """``value`` with every control or invisible character spelt as an escape; line breaks kept.

    ``"a\\x1b[31mb"`` -> ``"a\\\\x1b[31mb"``; ``"\\r\\n"`` is a line break (what Excel writes).
    Printable text comes back as it is, so the function can be applied twice.
    """
    if value.isprintable():
        return value
    return "\n".join(printable(line) for line in value.replace("\r\n", "\n").split("\n"))


def text(value: object, style: str = ""):
    """A ``rich.text.Text`` of ``value`` as typed: no markup, no emoji codes, controls visible."""
    from rich.text import Text

    return Text(visible("" if value is None else str(value)), style=style)
