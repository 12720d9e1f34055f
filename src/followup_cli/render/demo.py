"""`followup demo` on screen: today's calls counted per staff member, before the demo's own list."""

from __future__ import annotations

from datetime import date
from typing import Mapping, Sequence

from followup_cli.i18n import _, say
from followup_cli.rules.model import DueItem


def staff_summary(items: Sequence[DueItem], staff_by_code: Mapping[str, object], day: date):
    """A table: per staff member (unassigned last), the customers to call, overdue, and cut by capacity only."""
    from rich import box
    from rich.table import Table

    from followup_cli.render.labels import role_label

    summary = Table(title=say("Today's calls by staff member ({day})", day=day), box=box.SIMPLE_HEAVY)
    for header in (_("Staff"), _("Name"), _("Role"), _("Calls"), _("Overdue"), _("Cut by capacity")):
        summary.add_column(header)
    per_staff: dict[str | None, dict[str, set]] = {}
    for item in items:
        entry = per_staff.setdefault(item.staff, {"calls": set(), "overdue": set(), "cut": set()})
        entry["cut" if not item.within_capacity else "calls"].add(item.customer_id)
        if item.within_capacity and item.overdue_days > 0:
            entry["overdue"].add(item.customer_id)
    for code in sorted(per_staff, key=lambda c: c or "~"):
        member = staff_by_code.get(code)
        entry = per_staff[code]
        summary.add_row(code or "-", member.name if member else _("(unassigned)"), role_label(member.role) if member else "",
                        str(len(entry["calls"])), str(len(entry["overdue"])), str(len(entry["cut"] - entry["calls"])))
    return summary
