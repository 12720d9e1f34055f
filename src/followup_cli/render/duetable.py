"""The morning list as a Rich table: one row per call, overdue in red, a footer with counts."""

from __future__ import annotations

from typing import Mapping, Sequence

from followup_cli.i18n import _, ngettext, render, say
from followup_cli.render.calllist import Call
from followup_cli.render.labels import channel_label, touchpoint_label
from followup_cli.rules.model import Vehicle


def vehicle_text(vins: Sequence[str], vehicles: Mapping[str, Vehicle]) -> str:
    parts = []
    for vin in vins:
        v = vehicles.get(vin)
        if v is None:
            parts.append(vin)
        else:
            parts.append(" ".join(x for x in (v.plate or vin[-6:], v.model) if x))
    return "\n".join(parts)


def due_table(calls: Sequence[Call], vehicles: Mapping[str, Vehicle], title: str, footer: str, mask: bool = False):
    """The table; ``mask``: phones, and phone numbers in names, vehicles and reasons, masked (SPEC section 2).

    Names, notes and reasons are shown as typed by the console (``render.safe``).
    """
    from rich import box
    from rich.table import Table

    from followup_cli.mask import mask_phone, mask_text

    words = mask_text if mask else _as_is
    phone = mask_phone if mask else _as_is
    table = Table(title=words(title), caption=footer, box=box.SIMPLE_HEAVY, show_lines=True, caption_justify="left")
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column(_("Customer"), no_wrap=True)
    table.add_column(_("Phone"), no_wrap=True)
    table.add_column(_("Vehicle"))
    table.add_column(_("Touchpoint"))
    table.add_column(_("Why"), ratio=1)
    table.add_column(_("Staff"), no_wrap=True)
    table.add_column(_("Channel"), no_wrap=True)
    table.add_column(_("Due"), no_wrap=True)
    for rank, call in enumerate(calls, 1):
        overdue = call.overdue_days > 0
        due = call.due_on.isoformat()
        if overdue:
            due += "\n" + ngettext("{n} day overdue", "{n} days overdue", call.overdue_days).format(n=call.overdue_days)
        table.add_row(
            str(rank),
            f"{words(call.name)}\n{call.customer_id}",
            phone(call.phone) if call.phone else "",
            words(vehicle_text(call.vins, vehicles)),
            "\n".join(touchpoint_label(i.touchpoint) for i in call.items),
            "\n".join(words(render(i.reason)) for i in call.items),
            " ".join(call.staff) or _("(unassigned)"),
            channel_label(call.channel),
            due,
            style="red" if overdue else None,
        )
    return table


def _as_is(text: str) -> str:
    return text


def footer_text(calls: int, items: int, overdue: int, cut: Mapping[str | None, int]) -> str:
    text = say("{calls} calls ({items} touchpoints, {overdue} overdue)", calls=calls, items=items, overdue=overdue)
    total_cut = sum(cut.values())
    if total_cut:
        per_staff = ", ".join(f"{staff or '-'}: {n}" for staff, n in sorted(cut.items(), key=lambda kv: kv[0] or ""))
        text += "\n" + say(
            "{n} more calls cut by daily capacity ({per_staff}); --all lists them", n=total_cut, per_staff=per_staff
        )
    return text
