"""What a caller types in `followup call`: the outcome keys, a next day, a score (SPEC section 2).

Apart from ``cli/call.py`` because command modules are imported again when the help language
changes (``cli.commands``): these classes and parsers keep one identity for the whole process.
"""

from __future__ import annotations

from datetime import date, timedelta

from followup_cli.message import Message, N_

#: the key for each outcome (SPEC 2)
KEYS = {
    "r": "reached", "a": "appointment", "n": "no_answer", "b": "busy", "w": "wrong_number", "x": "refused",
    "o": "opted_out",
}
SKIP, QUIT = "s", "q"
#: outcomes after which a callback asks for the customer's satisfaction score
SCORED = ("reached", "appointment")
#: how far ahead ``+N`` may promise the next contact (ten years)
NEXT_DAYS_MAX = 3650


class BadAnswer(Exception):
    def __init__(self, message: Message):
        super().__init__(message.msgid)
        self.message = message


class EndOfAnswers(Exception):
    """Standard input ended (or Ctrl-D on a terminal)."""


def parse_key(text: str) -> str:
    key = text.strip().lower()
    if key in KEYS or key in (SKIP, QUIT):
        return key
    for k, outcome in KEYS.items():  # a script may spell the outcome out
        if key == outcome:
            return k
    raise BadAnswer(Message.of(
        N_('"{value}" is not one of the keys: {keys}'), value=text, keys=" ".join([*KEYS, SKIP, QUIT])
    ))


def parse_next(text: str, today: date) -> date | None:
    """The promised day: ``+3`` (days from today), ``12-20`` (the next 20 December) or a full date; blank: none."""
    from followup_cli.csvio.fields import FieldError, parse_date

    text = text.strip()
    if not text:
        return None
    bad = Message.of(N_('"{value}" is not a day: give +3 (days from today), 12-20 or 2026-12-20'), value=text)
    if text.startswith("+"):
        if not text[1:].isdigit() or not 1 <= int(text[1:]) <= NEXT_DAYS_MAX:
            raise BadAnswer(bad)
        return today + timedelta(days=int(text[1:]))
    parts = text.replace("/", "-").replace(".", "-").split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        try:
            day = date(today.year, int(parts[0]), int(parts[1]))
            if day <= today:
                day = date(today.year + 1, day.month, day.day)
        except ValueError:
            raise BadAnswer(bad) from None
        return day
    try:
        day = parse_date(text)
    except FieldError:
        raise BadAnswer(bad) from None
    if day <= today:
        raise BadAnswer(Message.of(N_("the next contact must be after {today}"), today=today))
    return day


def parse_score(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if text not in ("1", "2", "3", "4", "5"):
        raise BadAnswer(Message.of(N_('"{value}" is not a score from 1 to 5'), value=text))
    return int(text)
