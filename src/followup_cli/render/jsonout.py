"""The due list as JSON: one object per touchpoint, the SPEC's field names (section 2)."""

from __future__ import annotations

import json
from typing import Iterable

from followup_cli.i18n import render
from followup_cli.rules.model import DueItem


def item_dict(item: DueItem, mask_phone=None) -> dict:
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
    }


def due_json(items: Iterable[DueItem], mask_phone=None) -> str:
    return json.dumps([item_dict(i, mask_phone) for i in items], ensure_ascii=False, indent=2) + "\n"
