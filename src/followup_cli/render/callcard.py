"""`followup call`: one customer's card while the caller works through the list (SPEC section 2).

The card of the morning list (``render.duetable``) with the place in the list
above it and the customer's last contacts below, so the caller knows what
was said before dialling.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from followup_cli.i18n import _, say
from followup_cli.render.calllist import Call
from followup_cli.render.labels import channel_label, term_label, touchpoint_label
from followup_cli.rules.model import Contact, Vehicle

#: the contacts shown on a card, newest first
LAST_CONTACTS = 3


def call_screen_card(
    call: Call, vehicles: Mapping[str, Vehicle], contacts: Sequence[Contact], position: int, total: int, mask: bool = False
):
    """``position`` of ``total``, the card, then the last contacts (oldest-first ``contacts``; newest shown first)."""
    from rich.text import Text

    from followup_cli.mask import mask_text
    from followup_cli.render.duetable import call_card
    from followup_cli.render.safe import text

    words = mask_text if mask else str
    lines = [Text(f"[{position}/{total}]", style="bold"), call_card(call, vehicles, mask=mask)]
    recent = list(contacts)[-LAST_CONTACTS:][::-1]
    if recent:
        lines.append(Text(_("last contacts") + _(": "), style="dim"))
        for c in recent:
            parts = [c.contacted_on.isoformat(), c.staff or "-", channel_label(c.channel), term_label(c.outcome)]
            if c.touchpoint:
                parts.append(touchpoint_label(c.touchpoint))
            if c.score is not None:
                parts.append(say("score {score}", score=c.score))
            if c.next_contact_on:
                parts.append(say("next {day}", day=c.next_contact_on.isoformat()))
            line = Text("  " + " · ".join(parts), style="dim")
            if c.note:
                line.append(" — ")
                line.append_text(text(words(c.note)))
            lines.append(line)
    else:
        lines.append(Text(_("no contacts yet"), style="dim"))
    return Text("\n").join(lines)
