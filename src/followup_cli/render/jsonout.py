"""The due list as JSON: one object per touchpoint, the SPEC's field names (section 2)."""

from __future__ import annotations

import json
from datetime import date
from itertools import islice
from typing import Iterable, Iterator

from followup_cli.i18n import render
from followup_cli.jsonfields import fields_text, flags_text, value_text
from followup_cli.rules.model import MESSAGE_CHANNELS, DueItem


def item_dict(item: DueItem, mask: bool = False, message=None, also: bool = True) -> dict:
    """``mask``: the phone, and any phone number in the name, the reason and the message, masked (SPEC
    section 2); ``message``: the message lane's text maker (``render.messages``)."""
    name, phone, reason = item.name, item.phone, render(item.reason)
    text = message.text(item) if message is not None else None
    if mask:
        from followup_cli.mask import mask_phone, mask_text

        name, reason = mask_text(name) if name else name, mask_text(reason)
        phone = mask_phone(phone) if phone else phone
        text = mask_text(text) if text else text
    return {
        "customer_id": item.customer_id,
        "name": name,
        "phone": phone,
        "vin": item.vin,
        "touchpoint": item.touchpoint,
        "opens_on": item.opens_on.isoformat(),
        "due_on": item.due_on.isoformat(),
        "overdue_days": item.overdue_days,
        "priority": item.priority,
        "staff": item.staff,
        "role": item.role,
        "channel": item.channel,
        "reason": reason,
        "within_capacity": item.within_capacity,
        "flags": list(item.flags),
        **({"also": _also(item.colleagues())} if also else {}),
        "message": text,
    }


def _also(colleagues) -> list[dict]:
    return [{"staff": staff, "touchpoint": touchpoint} for staff, touchpoint in colleagues]


def due_json(items: Iterable[DueItem], mask: bool = False, message=None) -> str:
    return "".join(due_json_parts(items, mask, message))


def due_json_parts(items: Iterable[DueItem], mask: bool = False, message=None) -> Iterator[str]:
    """The due list's JSON text piece by piece (one item at a time: a dealer group's list is long).

    The same text as ``json.dumps(list, ensure_ascii=False, indent=2)`` and a newline.
    """
    also = _AlsoTexts()
    return _framed(item_text(item_dict(item, mask, message, also=False), also.of(item.colleagues())) for item in items)


#: the list's first, between, empty and last words, as ``json.dumps(indent=2)`` writes them, and a newline
_WORDS = ("[\n  ", ",\n  ", "[]\n", "\n]\n")
_BYTES = tuple(word.encode() for word in _WORDS)


def _framed(items: Iterable, words: tuple = _WORDS) -> Iterator:
    """The list around the items' texts, as ``json.dumps(indent=2)`` writes it, and a newline
    (``words``: its first, between, empty and last words, as text or bytes)."""
    opening, between, empty, closing = words
    first = True
    for text in items:
        yield opening if first else between
        yield text
        first = False
    yield empty if first else closing


def kept_json_parts(texts: Iterable[bytes], items: int = 2000) -> Iterator[bytes]:
    """The due list's JSON text (UTF-8) around the items' texts as the agenda keeps them
    (``store.agenda_day``), ``items`` at a time."""
    parts = _framed(texts, _BYTES)
    while True:
        chunk = b"".join(islice(parts, 2 * items))
        if not chunk:
            return
        yield chunk


class _AlsoTexts:
    """Each ``also`` list's text, written once: a customer's items share their colleagues."""

    def __init__(self) -> None:
        self.texts: dict[tuple, str] = {}

    def of(self, colleagues: tuple) -> str:
        found = self.texts.get(colleagues)
        if found is None:
            found = self.texts[colleagues] = _also_text(_also(colleagues))
        return found


_pair = json.JSONEncoder(ensure_ascii=False, separators=(",\n        ", ": ")).encode


def item_text(fields: dict, also_text: str | None = None) -> str:
    """One item as ``json.dumps(fields, ensure_ascii=False, indent=2)`` indented one level (its lists
    ``flags`` and ``also`` and its ``message`` last): the C encoder writes the fields, one call each."""
    head = dict(fields)
    flags = head.pop("flags")
    also = head.pop("also", None)
    message = head.pop("message", _ABSENT)
    listed = flags_text(flags)
    before = f"{fields_text(head)},\n    " if head else ""
    text = f'{{\n    {before}"flags": {listed}'
    if also_text is not None:
        text += also_text
    elif also is not None:
        text += _also_text(also)
    if message is not _ABSENT:
        text += f',\n    "message": {json.dumps(message, ensure_ascii=False)}'
    return text + "\n  }"


def _also_text(also: list) -> str:
    """The ``also`` field after ``flags``, as ``json.dumps(indent=2)`` writes it one level in."""
    pairs = ",\n      ".join(f"{{\n        {_pair(pair)[1:-1]}\n      }}" for pair in also)
    return f',\n    "also": [\n      {pairs}\n    ]' if also else ',\n    "also": []'


_ABSENT = object()


def listed_json_parts(listing, message=None) -> Iterator[str]:
    """The due list's JSON text from the stored agenda's rows (``store.agenda_list``): the same text as
    :func:`due_json_parts` gives for the same items, each item's fixed fields as they were stored."""
    texts = ListedTexts(listing.also, message)
    return _framed(texts.text(row) for row in listing.rows)


class ListedTexts:
    """Each row's item text (``store.agenda_list.Row``), in the current language: ``also`` from each
    customer's (staff, touchpoint) pairs, ``message``: the message lane's text maker."""

    def __init__(self, everyone: dict, message=None) -> None:
        self.everyone = everyone
        self.message = message
        self.reasons: dict = {}
        self.also = _AlsoTexts()

    def text(self, row) -> str:
        reason = self.reasons.get(row.reason)
        if reason is None:
            reason = self.reasons[row.reason] = value_text(render(row.reason))
        pairs = self.everyone.get(row.customer_id, ())
        colleagues = tuple(pair for pair in pairs if pair[0] != row.staff) if pairs else ()
        text = None
        if self.message is not None and row.channel in MESSAGE_CHANNELS:
            text = self.message.text(DueItem(
                customer_id=row.customer_id, name=row.name or "", phone=None, vin=row.vin, touchpoint=row.touchpoint,
                opens_on=date.fromordinal(row.opens), due_on=date.fromordinal(row.due), overdue_days=row.overdue,
                priority=row.hundredths / 100, staff=row.staff, role=row.role, channel=row.channel, reason=row.reason,
                store=row.store,
            ))
        # item_text's layout (item_dict's field order), from the stored pieces
        return "".join((
            "{\n    ", row.head, ',\n    "overdue_days": ', str(row.overdue),
            ',\n    "priority": ', repr(row.hundredths / 100), ",\n    ", row.mid, ',\n    "reason": ', reason,
            ',\n    "within_capacity": ', "true" if row.within else "false", ',\n    "flags": ', row.flags,
            self.also.of(colleagues), ',\n    "message": ', "null" if text is None else value_text(text), "\n  }",
        ))
