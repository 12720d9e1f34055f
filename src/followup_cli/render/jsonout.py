"""The due list as JSON: one object per touchpoint, the SPEC's field names (section 2)."""

from __future__ import annotations

import json
from typing import Iterable, Iterator

from followup_cli.i18n import render
from followup_cli.rules.model import DueItem


def item_dict(item: DueItem, mask_phone=None, message=None) -> dict:
    """One item's JSON object; ``message``: the message lane's text maker (``render.messages``)."""
    phone = item.phone
    if mask_phone is not None and phone:
        phone = mask_phone(phone)
    return {
        "customer_id": item.customer_id,
        "name": item.name,
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
        "reason": render(item.reason),
        "within_capacity": item.within_capacity,
        "flags": list(item.flags),
        "also": [{"staff": staff, "touchpoint": touchpoint} for staff, touchpoint in item.also],
        "message": message.text(item) if message is not None else None,
    }


def due_json(items: Iterable[DueItem], mask_phone=None, message=None) -> str:
    return "".join(due_json_parts(items, mask_phone, message))


def due_json_parts(items: Iterable[DueItem], mask_phone=None, message=None) -> Iterator[str]:
    """The due list's JSON text piece by piece (one item at a time: a dealer group's list is long).

    The same text as ``json.dumps(list, ensure_ascii=False, indent=2)`` and a newline.
    """
    first = True
    for item in items:
        yield ("[\n  " if first else ",\n  ") + item_text(item_dict(item, mask_phone, message))
        first = False
    yield "[]\n" if first else "\n]\n"


#: the C encoder, a field a line (``indent`` would switch json to its pure-Python encoder, more than twice as slow)
_fields = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": ")).encode
_flags = json.JSONEncoder(ensure_ascii=False, separators=(",\n      ", ": ")).encode
_pair = json.JSONEncoder(ensure_ascii=False, separators=(",\n        ", ": ")).encode


def item_text(fields: dict) -> str:
    """One item as ``json.dumps(fields, ensure_ascii=False, indent=2)`` indented one level (its lists
    ``flags`` and ``also`` and its ``message`` last): the C encoder writes the fields, one call each."""
    head = dict(fields)
    flags = head.pop("flags")
    also = head.pop("also", None)
    message = head.pop("message", _ABSENT)
    listed = f"[\n      {_flags(flags)[1:-1]}\n    ]" if flags else "[]"
    before = f"{_fields(head)[1:-1]},\n    " if head else ""
    text = f'{{\n    {before}"flags": {listed}'
    if also is not None:
        pairs = ",\n      ".join(f"{{\n        {_pair(pair)[1:-1]}\n      }}" for pair in also)
        text += f',\n    "also": [\n      {pairs}\n    ]' if also else ',\n    "also": []'
    if message is not _ABSENT:
        text += f',\n    "message": {json.dumps(message, ensure_ascii=False)}'
    return text + "\n  }"


_ABSENT = object()
