"""``--mask``: every phone number in the output hidden, its last four digits kept (SPEC section 2).

The ``phone`` column is masked whole (:func:`mask_phone`). Free text (a
name, WeChat id, email, note, complaint, reason, message) is masked where a
phone number can hide in it (:func:`mask_text`): any run of 7 or more digits,
and a number written in groups (``138 1234 5678``, ``0571-8888-1234``).
Ids (customer ids, VINs, staff codes) are never passed here: they are not
phone numbers, and a masked id would no longer name anything.
"""

from __future__ import annotations

import re

#: a run of 7 or more digits, or groups of 3 or more digits joined by one space or hyphen
#: (a date, 2026-11-24, has groups of 2 and is left alone; its year alone is too short)
_NUMBER = re.compile(r"\d{3,}(?:[ -]\d{3,})*")
_SHOWN = 4
_HIDDEN_FROM = 7


def mask_phone(phone: str) -> str:
    """The ``phone`` column: all but the last 4 characters become ``*``: ``13812345678`` -> ``*******5678``."""
    if len(phone) <= _SHOWN:
        return "*" * len(phone)
    return "*" * (len(phone) - _SHOWN) + phone[-_SHOWN:]


def mask_text(text: str) -> str:
    """Free text with every phone number in it masked: ``call 13812345678`` -> ``call *******5678``.

    A number of 7 or more digits keeps its last 4 digits and its separators
    (``138-1234-5678`` -> ``***-****-5678``); shorter numbers (a mileage, a
    year, a price) stay as they are.
    """
    if len(text) < _HIDDEN_FROM:
        return text
    return _NUMBER.sub(_masked, text)


def _masked(match: re.Match[str]) -> str:
    number = match.group()
    digits = sum(c.isdecimal() for c in number)
    if digits < _HIDDEN_FROM:
        return number
    hide = digits - _SHOWN
    out = []
    for c in number:
        if c.isdecimal() and hide > 0:
            out.append("*")
            hide -= 1
        else:
            out.append(c)
    return "".join(out)
