"""What is wrong with a CSV file, as data: collected over the whole file, then shown together.

A :class:`Problem` names the file (its base name, as the user typed it), the
spreadsheet row (header = row 1; ``None`` for the file as a whole), the column
and a :class:`Message`. The shell renders the message in the user's language;
``format`` only puts the pieces in the shape of SPEC section 2::

    visits.csv:17: odometer_km: "12k" is not a whole number
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal

from followup_cli.message import Message, N_

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: Message
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self, render: Callable[[Message], str] | None = None) -> str:
        """``file:row: column: message``; a warning's message reads ``warning: ...``.

        ``render`` turns a Message into text (the shell passes its gettext
        renderer); the default fills in the English msgid.
        """
        render = render or render_plain
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        message = self.message
        if self.severity == "warning":
            message = Message.of(N_("warning: {message}"), message=message)
        text = render(message)
        if self.column:
            return f"{where}: {self.column}: {text}"
        return f"{where}: {text}"


def render_plain(message: Message) -> str:
    """The English text of a message, nested messages included (no translation)."""
    values = {k: render_plain(v) if isinstance(v, Message) else v for k, v in message.params}
    return message.msgid.format(**values)
