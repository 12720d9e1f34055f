"""The morning list on screen: one card per call, overdue in red, a footer with counts."""

from __future__ import annotations

from typing import Mapping, Sequence

from followup_cli.i18n import _, ngettext, render, say
from followup_cli.render.calllist import Call
from followup_cli.render.labels import channel_label, flag_label, touchpoint_label
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
    """The morning list, one card per call: it reads at any width (80 columns: a laptop, a pipe) and is
    never cut with "…": a long line wraps inside the card.

    Each card: rank, then the customer's name, id and phone, who calls, how and by when on its first
    line; the vehicles; each touchpoint with its reason; the flags and the customer's notes in words;
    the colleagues who have the customer today (``also``). Overdue cards are red.
    ``mask``: phones, and phone numbers in names, vehicles, reasons and notes, masked (SPEC section 2).
    Names, notes and reasons are shown as typed (``render.safe``).
    """
    from rich import box
    from rich.table import Table

    from followup_cli.mask import mask_phone, mask_text

    words = mask_text if mask else _as_is
    phone = mask_phone if mask else _as_is
    table = Table(
        title=words(title), caption=footer, box=box.SIMPLE, show_header=False, show_lines=True,
        caption_justify="left", title_justify="left", expand=False,
    )
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column(_("Call"), overflow="fold")
    for rank, call in enumerate(calls, 1):
        table.add_row(str(rank), _card(call, vehicles, words, phone), style="red" if call.overdue_days > 0 else None)
    return table


def _card(call: Call, vehicles: Mapping[str, Vehicle], words, phone):
    from rich.text import Text

    from followup_cli.render.safe import text

    first = call.first
    due = say("due {date}", date=call.due_on.isoformat())
    if call.overdue_days > 0:
        due += " " + ngettext("{n} day overdue", "{n} days overdue", call.overdue_days).format(n=call.overdue_days)
    head = Text()
    head.append_text(text(words(call.name), style="bold"))
    head.append(f"  {call.customer_id}")
    if call.phone:
        head.append(f"  {phone(call.phone)}")
    head.append("  · " + (" ".join(call.staff) or _("(unassigned)")) + " · " + channel_label(call.channel) + " · " + due)
    lines = [head]
    cars = vehicle_text(call.vins, vehicles)
    if cars:
        lines.append(text(words(cars.replace("\n", "; ")), style="dim"))
    for item in call.items:
        line = Text(touchpoint_label(item.touchpoint) + _COLON(), style="cyan")
        line.append_text(text(words(render(item.reason))))
        lines.append(line)
    flags = list(dict.fromkeys(flag for item in call.items for flag in item.flags))
    if flags:
        lines.append(Text("⚑ " + _("; ").join(flag_label(f) for f in flags), style="yellow"))
    if first.notes:
        note = Text(_("notes") + _COLON(), style="dim")
        note.append_text(text(words(first.notes)))
        lines.append(note)
    also = list(dict.fromkeys(pair for item in call.items for pair in item.colleagues() if pair[0] not in call.staff))
    if also:
        lines.append(
            Text(
                _("also today") + _COLON() + _("; ").join(
                    f"{staff or _('(unassigned)')} {touchpoint_label(touchpoint)}" for staff, touchpoint in also
                ),
                style="dim",
            )
        )
    return Text("\n").join(lines)


def _COLON() -> str:
    # TRANSLATORS: between a label and its text ("complaint reply: ..."); Chinese takes the full-width colon
    return _(": ")


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


def call_card(call: Call, vehicles: Mapping[str, Vehicle], mask: bool = False):
    """One call's card as the morning list shows it (``followup call`` shows it too)."""
    from followup_cli.mask import mask_phone, mask_text

    return _card(call, vehicles, mask_text if mask else _as_is, mask_phone if mask else _as_is)
