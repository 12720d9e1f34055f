"""The CSV call list for cron and Excel: one row per call (customer), SPEC section 2."""

from __future__ import annotations

from typing import Mapping, Sequence, TextIO

from followup_cli.i18n import render
from followup_cli.render.calllist import Call
from followup_cli.rules.model import Vehicle

HEADER = (
    "customer_id", "name", "phone", "vin", "plate", "touchpoints", "reasons",
    "staff", "role", "channel", "due_on", "overdue_days", "priority", "message",
    "outcome",  # blank: the caller fills it in, and `followup log --from FILE` logs the list (SPEC 2)
)


def call_rows(calls: Sequence[Call], vehicles: Mapping[str, Vehicle], messages=None):
    for call in calls:
        texts = [messages.text(i) for i in call.items] if messages is not None else []
        plates = [vehicles[v].plate or "" for v in call.vins if v in vehicles]
        yield (
            call.customer_id,
            call.name,
            call.phone,
            ";".join(call.vins),
            ";".join(p for p in plates if p),
            ";".join(i.touchpoint for i in call.items),
            "; ".join(render(i.reason) for i in call.items),
            " ".join(call.staff),
            " ".join(dict.fromkeys(i.role for i in call.items)),
            call.channel,
            call.due_on,
            call.overdue_days,
            round(call.first.priority, 1),
            "\n".join(dict.fromkeys(t for t in texts if t)),
            None,
        )


def write_call_list(
    out: TextIO | str,
    calls: Sequence[Call],
    vehicles: Mapping[str, Vehicle],
    mask: bool = False,
    messages=None,
    force: bool = True,
) -> int:
    """The call list; ``messages`` (``render.messages.MessageTexts``) fills the ``message`` column."""
    from followup_cli.csvio.write import write_rows

    rows = call_rows(calls, vehicles, messages)
    if not mask:
        return write_rows(out, HEADER, rows, force=force)
    # --mask: the phone column, and any phone number in a name, a reason or a message (SPEC section 2)
    return write_rows(
        out, HEADER, rows, mask_columns=("phone",), mask_text_columns=("name", "reasons", "message"), force=force
    )
