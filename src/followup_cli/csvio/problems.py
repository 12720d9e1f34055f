"""What is wrong with a CSV file, as data: collected over the whole file, then shown together.

A :class:`Problem` names the file (its base name, as the user typed it), the
spreadsheet row (header = row 1; ``None`` for the file as a whole), the column
and a :class:`Message`. The shell renders the message in the user's language;
``format`` only puts the pieces in the shape of SPEC section 2::

    visits.csv:17: odometer_km: "12k" is not a whole number
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Callable, Literal

from followup_cli.message import Message, N_

Severity = Literal["error", "warning"]

#: characters of a cell quoted in a message; a longer cell is cut (a 100,000-character "date" is not echoed)
SHOWN_CHARACTERS = 60


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: Message
    severity: Severity = "error"

    def format(self, render: Callable[[Message], str] | None = None) -> str:
        """``file:row: column: message``; a warning's message reads ``warning: ...``.

        ``render`` turns a Message into text (the shell passes its gettext
        renderer); the default fills in the English msgid.
        """
        render = render or render_plain
        file = printable(self.file)
        where = file if self.row is None else f"{file}:{self.row}"
        message = _printable_message(self.message)
        if self.severity == "warning":
            message = Message.of(N_("warning: {message}"), message=message)
        text = render(message)
        if self.column:
            return f"{where}: {self.column}: {text}"
        return f"{where}: {text}"


def clip(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """``text`` cut to ``limit`` characters (and ``…``): a cell quoted in a message stays one readable line."""
    return text if len(text) <= limit else text[:limit] + "…"


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with control and invisible characters (NUL, newline, BOM, ...) spelt as escapes.

    A cell with a newline or a NUL quoted in a message would otherwise break
    the one-problem-a-line output or vanish on the terminal: ``"a\\nb"``,
    ``"customer_id\\x00"``, ``"\\ufeffcustomer_id"``. Spaces (U+3000 too) stay.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or unicodedata.category(c) == "Zs" else _escape(c) for c in text)


def _escape(c: str) -> str:
    if c in _ESCAPES:
        return _ESCAPES[c]
    code = ord(c)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _printable_message(message: Message) -> Message:
    """``message`` with every text value made :func:`printable` (nested messages too)."""
    params = tuple(
        (k, printable(v) if isinstance(v, str) else _printable_message(v) if isinstance(v, Message) else v)
        for k, v in message.params
    )
    return message if params == message.params else Message(message.msgid, params)


def render_plain(message: Message) -> str:
    """The English text of a message, nested messages included (no translation)."""
    values = {k: render_plain(v) if isinstance(v, Message) else v for k, v in message.params}
    return message.msgid.format(**values)


#: for a message shown outside a Problem (a command-line value refused)
printable_message = _printable_message
