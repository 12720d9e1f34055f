"""`followup why CUSTOMER_ID` on screen: every rule's verdict, grouped by verdict, one short block each.

A block reads at any width without "…" (80 columns, a pipe, either
language): its first line is the touchpoint in words and its id, the
vehicle, the window and who; the reason is on the lines below, indented,
wrapping where it must. Measured at 80, 100, 120 and 160 columns: a
six-column table cut Chinese reasons to "…" even at 120.
"""

from __future__ import annotations

from datetime import date
from typing import Mapping, Sequence

from followup_cli.i18n import render, say
from followup_cli.rules.model import Verdict

#: the verdicts in the order a person asks about them, and how each is drawn
ORDER = ("due", "not_yet", "satisfied", "suppressed", "lapsed", "missed", "not_applicable")
STYLES = {"due": "bold green", "suppressed": "yellow", "not_applicable": "dim", "lapsed": "dim", "missed": "red"}
INDENT = 4


def in_order(verdicts: Sequence[Verdict]) -> list[Verdict]:
    """``verdicts`` as `why` shows them: by verdict in ``ORDER``, then in catalogue order, then by VIN."""
    from followup_cli.rules.model import TOUCHPOINTS

    catalogue = {t: n for n, t in enumerate(TOUCHPOINTS)}
    rank = {status: n for n, status in enumerate(ORDER)}
    return sorted(verdicts, key=lambda v: (rank.get(v.status, len(ORDER)), catalogue.get(v.touchpoint, 99), v.vin or ""))


def why_json(verdicts: Sequence[Verdict]) -> str:
    """`why --format json`: every verdict with its window, who and its reason in words."""
    import json

    return json.dumps([
        {
            "customer_id": v.customer_id, "touchpoint": v.touchpoint, "vin": v.vin, "status": v.status,
            "opens_on": v.opens_on.isoformat() if v.opens_on else None,
            "due_on": v.due_on.isoformat() if v.due_on else None,
            "staff": v.staff, "role": v.role, "channel": v.channel, "reason": render(v.why),
        }
        for v in verdicts
    ], ensure_ascii=False, indent=2)


def why_screen(name: str | None, customer_id: str, day: date, verdicts: Sequence[Verdict], plates: Mapping[str, str]):
    """The renderable: a title, then for each verdict in ``ORDER`` its label and its blocks.

    ``verdicts`` in the order to show within a verdict; ``plates``: vin -> plate (or the VIN) of the customer's vehicles.
    """
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    from followup_cli.render.labels import status_label, touchpoint_label
    from followup_cli.render.safe import text

    parts: list = [text(say("Why: {name} ({customer_id}) on {day}", name=name or "", customer_id=customer_id, day=day), style="bold")]
    by_status: dict[str, list[Verdict]] = {}
    for v in verdicts:
        by_status.setdefault(v.status, []).append(v)
    for status in sorted(by_status, key=lambda s: ORDER.index(s) if s in ORDER else len(ORDER)):
        style = STYLES.get(status, "")
        parts.append(Text(""))
        parts.append(Text(say("{verdict} ({n})", verdict=status_label(status), n=len(by_status[status])), style=f"{style} underline".strip()))
        for v in by_status[status]:
            head = Text("  ")
            head.append(touchpoint_label(v.touchpoint), style=style or "bold")
            head.append(f"  {v.touchpoint}", style="dim")
            facts = [plates.get(v.vin, v.vin) if v.vin else "", f"{v.opens_on} → {v.due_on}" if v.opens_on and v.due_on else "",
                     v.staff or ""]
            shown = [f for f in facts if f]
            if shown:
                head.append_text(text("  · " + " · ".join(shown)))  # a plate is stored text
            parts.append(head)
            parts.append(Padding(text(render(v.why)), (0, 0, 0, INDENT)))
    return Group(*parts)
