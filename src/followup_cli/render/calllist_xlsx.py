"""The call list as a workbook (SPEC section 2, "Excel"): an "all" sheet, one sheet per staff member, the messages.

The call sheets have the CSV call list's columns and rows (one row per
call), so a sheet filled in reads back like the CSV file would; a call on
several colleagues' lists is on each of their sheets. Calls nobody could
take are on an "unassigned" sheet. The "messages" sheet holds the items on
the sms, wechat, email and letter channels with their text, one per item,
ready to send as a batch. Every sheet is written row by row
(``constant_memory``): a 275,000-item ``due --all`` stays small.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from followup_cli.render.calllist import Call
from followup_cli.render.calllist_csv import HEADER, call_rows
from followup_cli.rules.model import MESSAGE_CHANNELS, Staff, Vehicle

MESSAGE_HEADER = ("customer_id", "name", "phone", "vin", "plate", "touchpoint", "channel", "staff", "due_on", "message")
ALL_SHEET, MESSAGES_SHEET, UNASSIGNED_SHEET = "all", "messages", "unassigned"


def write_call_book(
    path: str,
    calls: Sequence[Call],
    vehicles: Mapping[str, Vehicle],
    staff: Mapping[str, Staff],
    messages=None,
    mask: bool = False,
    force: bool = False,
) -> int:
    """Write the workbook; returns the number of calls on the "all" sheet."""
    from followup_cli.csvio.xlsx import workbook
    from followup_cli.mask import mask_phone, mask_text

    masked = {}
    if mask:
        masked = {HEADER.index("phone"): mask_phone, **{HEADER.index(n): mask_text for n in ("name", "reasons", "message")}}
    staff_column = HEADER.index("staff")
    with workbook(path, force=force, constant_memory=True) as book:
        everyone = book.sheet(ALL_SHEET, HEADER)
        sheets = {}
        for code in sorted({code for call in calls for code in call.staff}):
            person = staff.get(code)
            label = f"{code} {person.name}" if person is not None and person.name else code
            sheets[code] = book.sheet(label, HEADER)
        unassigned = None
        for row in call_rows(calls, vehicles, messages):
            row = list(row)
            for i, masker in masked.items():
                if row[i]:
                    row[i] = masker(row[i])
            everyone.write(row)
            codes = row[staff_column].split()
            for code in codes:
                sheets[code].write(row)
            if not codes:
                if unassigned is None:
                    unassigned = book.sheet(UNASSIGNED_SHEET, HEADER)
                unassigned.write(row)
        batch = book.sheet(MESSAGES_SHEET, MESSAGE_HEADER)
        for call in calls:
            for item in call.items:
                if item.channel not in MESSAGE_CHANNELS:
                    continue
                vehicle = vehicles.get(item.vin) if item.vin else None
                text = messages.text(item) if messages is not None else None
                name, phone = item.name, item.phone
                if mask:
                    name, phone, text = mask_text(name), phone and mask_phone(phone), text and mask_text(text)
                batch.write((
                    item.customer_id, name, phone, item.vin, vehicle.plate if vehicle else None,
                    item.touchpoint, item.channel, item.staff, item.due_on, text,
                ))
        return everyone.rows
