"""`followup vehicle show VIN`: the vehicle's record, its customer, its visits and what is due for it.

Narrow enough for 80 columns: facts as label/value lines, visits as a table
whose complaint column wraps, due items as one line each (label, reason,
due date, who).
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from followup_cli.i18n import _, render, say
from followup_cli.rules.model import CustomerFile, Verdict


def vehicle_screen(file: CustomerFile, vin: str, verdicts: Sequence[Verdict], day: date, mask: bool = False) -> list:
    """The renderables of the screen, in order. ``verdicts``: this vehicle's due items on ``day``."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from followup_cli.mask import mask_phone, mask_text
    from followup_cli.render.labels import channel_label, term_label, touchpoint_label
    from followup_cli.render.safe import text

    words = mask_text if mask else (lambda s: s)
    vehicle = next(v for v in file.vehicles if v.vin == vin)
    c = file.customer
    phone = (mask_phone(c.phone) if mask else c.phone) if c.phone else ""
    interval = " / ".join(
        x for x in (
            f"{vehicle.service_interval_km:,} km" if vehicle.service_interval_km else "",
            say("{n} months", n=vehicle.service_interval_months) if vehicle.service_interval_months else "",
        ) if x
    )
    sold_here = {True: _("yes"), False: _("no"), None: ""}[vehicle.sold_here]
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column(overflow="fold")
    rows = [
        (_("VIN"), vehicle.vin),
        (_("Customer"), " ".join(x for x in (words(c.name or ""), f"({c.customer_id})", phone) if x)),
        (_("Model"), words(vehicle.model or "")),
        (_("Plate"), vehicle.plate or ""),
        (_("Delivered"), str(vehicle.delivered_on or "")),
        (_("Sold here"), sold_here),
        (_("Warranty ends"), str(vehicle.warranty_ends_on or "")),
        (_("Insurance ends"), str(vehicle.insurance_ends_on or "")),
        (_("Inspection due"), str(vehicle.inspection_due_on or "")),
        (_("Usage"), term_label(vehicle.usage) if vehicle.usage else ""),
        (_("Service interval"), interval or _("learned from visits, else the policy")),
    ]
    for label, value in rows:
        if value:
            facts.add_row(label, text(value))
    out: list = [facts]

    visits = [v for v in file.visits if v.vin == vin]
    if visits:
        table = Table(title=_("Visits"), box=box.SIMPLE, title_justify="left")
        for header, wrap in ((_("Visit"), False), (_("Date"), False), (_("Kind"), False), (_("Odometer km"), False),
                             (_("Advisor"), False), (_("Complaint"), True)):
            table.add_column(header, no_wrap=not wrap, overflow="fold")
        for v in reversed(visits):
            table.add_row(
                v.visit_id, str(v.visited_on), term_label(v.kind), f"{v.odometer_km:,}" if v.odometer_km is not None else "",
                v.advisor or "", text(words(v.complaint or "")),
            )
        out.append(table)

    out.append(Text(say("Due on {day}", day=day), style="bold"))
    if not verdicts:
        out.append(Text(say("Nothing due on {day}.", day=day)))
    for v in verdicts:
        line = Text(touchpoint_label(v.touchpoint) + _(": "), style="cyan")
        line.append_text(text(words(render(v.why))))
        who = " ".join(x for x in (v.staff or _("(unassigned)"), channel_label(v.channel)) if x)
        line.append(f"  ({say('due {date}', date=v.due_on.isoformat()) if v.due_on else ''} · {who})", style="dim")
        out.append(line)
    return out
