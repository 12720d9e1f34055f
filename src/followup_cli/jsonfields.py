"""The due list's JSON text, field by field (SPEC 2 ``--format json``), shared by the renderer
(``render.jsonout``) and the stored agenda (``store.agenda``), which keeps each item's fixed fields
as this text so the whole morning list is written without encoding them again.

The text is ``json.dumps(list, ensure_ascii=False, indent=2)``'s, made by the C encoder: ``indent``
would switch json to its pure-Python encoder, more than twice as slow.
"""

from __future__ import annotations

import json

#: a field a line, inside an item
_fields = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": ")).encode
_flags = json.JSONEncoder(ensure_ascii=False, separators=(",\n      ", ": ")).encode
#: one value
value_text = json.JSONEncoder(ensure_ascii=False).encode


def fields_text(fields: dict) -> str:
    """``fields`` as the lines of an item (without braces, the first line not indented)."""
    return _fields(fields)[1:-1] if fields else ""


def flags_text(flags) -> str:
    """An item's ``flags`` list."""
    return f"[\n      {_flags(list(flags))[1:-1]}\n    ]" if flags else "[]"


def head_fields(customer_id: str, name: str, phone: str | None, vin: str | None, touchpoint: str, opens_on, due_on) -> dict:
    """The fields before ``overdue_days``."""
    return {
        "customer_id": customer_id,
        "name": name,
        "phone": phone,
        "vin": vin,
        "touchpoint": touchpoint,
        "opens_on": opens_on.isoformat(),
        "due_on": due_on.isoformat(),
    }


def mid_fields(staff: str | None, role: str, channel: str) -> dict:
    """The fields between ``priority`` and ``reason``."""
    return {"staff": staff, "role": role, "channel": channel}
