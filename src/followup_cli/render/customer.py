"""`followup customer show` on screen: the customer's record, vehicles, visits, contacts, class and what is due.

Names, notes, complaints and reasons are stored text, shown as typed by the
console (``render.safe``); ``mask`` hides every phone number, in the phone
and in free text (SPEC section 2).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple, Sequence

from followup_cli.i18n import _, render, say
from followup_cli.message import Message
from followup_cli.rules.model import CustomerFile, Verdict

CONTACTS_SHOWN = 15


class Classes(NamedTuple):
    """Each classification as (value, reason) (SPEC 4), None when it does not apply to the customer."""

    grade: tuple[str | None, Message] | None
    service_class: tuple[str | None, Message] | None
    churn: tuple[str | None, Message] | None
    level_stale: tuple[bool, Message] | None


def _classified(value: str | None, why) -> str:
    """ "premium — referred 2 buyers": the value in the user's words, then the reason it has that value."""
    from followup_cli.render.labels import term_label

    return f"{term_label(value)} — {render(why)}" if value else render(why)


def _as_is(text: str) -> str:
    return text


def customer_screen(file: CustomerFile, day: date, classes: Classes, verdicts: Sequence[Verdict], mask: bool = False) -> list:
    """The renderables of the screen, in order. ``verdicts``: the customer's due items on ``day``."""
    from rich import box
    from rich.table import Table

    from followup_cli.mask import mask_phone, mask_text
    from followup_cli.render.labels import channel_label, role_label, term_label, touchpoint_label

    words = mask_text if mask else _as_is
    c = file.customer
    parts: list = []

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    rows = [
        (_("Customer"), f"{words(c.name or '')} ({c.customer_id})"),
        (_("Phone"), (mask_phone(c.phone) if mask else c.phone) if c.phone else ""),
        (_("Stage"), term_label(c.stage) + (f" / {c.intent_level}" if c.intent_level else "")),
    ]
    # each classification with its reason (SPEC 4)
    if classes.grade is not None:
        rows.append((_("Grade"), _classified(*classes.grade)))
    if classes.service_class is not None:
        rows.append((_("Service class"), _classified(*classes.service_class)))
    if classes.churn is not None:
        rows.append((_("Churn state"), _classified(*classes.churn)))
    if classes.level_stale is not None:
        stale, why = classes.level_stale
        rows.append((_("Level progress"), _classified(_("stale") if stale else _("on track"), why)))
    for label, value in ((_("WeChat"), c.wechat), (_("Email"), c.email), (_("Occupation"), c.occupation),
                         (_("Region"), c.region), (_("Industry"), c.industry)):
        if value:
            rows.append((label, words(value)))
    rows += [
        (_("Sales consultant"), c.owner or ""),
        (_("Service advisor"), c.advisor or ""),
        (_("Source"), term_label(c.source) + (f" ← {c.referred_by}" if c.referred_by else "")),
        (_("Created"), str(c.created_on or "")),
    ]
    if c.interested_model or c.budget or c.expected_purchase_on:
        rows.append((_("Wants"), words(" ".join(str(x) for x in (c.interested_model, c.budget, c.expected_purchase_on) if x))))
    if c.lost_on:
        category = term_label(c.lost_category) if c.lost_category else _("uncategorised")  # seed 004's category, never guessed
        rows.append((_("Lost"), " ".join(str(x) for x in (c.lost_on, category, words(c.lost_reason or ""), words(c.competitor or "")) if x)))
    if c.do_not_contact:
        rows.append((_("Do not contact"), _("yes: never listed")))
    if c.notes:
        rows.append((_("Notes"), words(c.notes)))
    for label, value in rows:
        facts.add_row(label, value)
    parts.append(facts)

    if file.vehicles:
        t = Table(title=_("Vehicles"), box=box.SIMPLE, title_justify="left")
        for header in (_("VIN"), _("Model"), _("Plate"), _("Delivered"), _("Warranty ends"), _("Insurance ends"), _("Inspection due")):
            t.add_column(header, no_wrap=True)
        for v in file.vehicles:
            t.add_row(v.vin, words(v.model or ""), v.plate or "", *(str(d or "") for d in (v.delivered_on, v.warranty_ends_on, v.insurance_ends_on, v.inspection_due_on)))
        parts.append(t)
    if file.visits:
        t = Table(title=_("Visits"), box=box.SIMPLE, title_justify="left")
        for header in (_("Date"), _("Plate"), _("Kind"), _("Odometer km"), _("Advisor"), _("Complaint")):
            t.add_column(header)
        plates = {v.vin: v.plate or v.vin for v in file.vehicles}
        for v in reversed(file.visits):
            t.add_row(str(v.visited_on), plates.get(v.vin, v.vin), term_label(v.kind), f"{v.odometer_km:,}" if v.odometer_km is not None else "", v.advisor or "", words(v.complaint or ""))
        parts.append(t)
    if file.contacts:
        shown = file.contacts[-CONTACTS_SHOWN:]
        t = Table(title=say("Contacts (latest {n} of {total})", n=len(shown), total=len(file.contacts)), box=box.SIMPLE, title_justify="left")
        for header in (_("Date"), _("Channel"), _("Touchpoint"), _("Outcome"), _("Staff"), _("Next"), _("Score"), _("Note")):
            t.add_column(header)
        for k in reversed(shown):
            t.add_row(str(k.contacted_on), channel_label(k.channel), touchpoint_label(k.touchpoint) if k.touchpoint else "", term_label(k.outcome), k.staff or "", str(k.next_contact_on or ""), str(k.score or ""), words(k.note or ""))
        parts.append(t)

    if verdicts:
        t = Table(title=say("Due on {day}", day=day), box=box.SIMPLE, title_justify="left")
        for header in (_("Touchpoint"), _("Due"), _("Staff"), _("Channel"), _("Why")):
            t.add_column(header)
        for v in verdicts:
            t.add_row(touchpoint_label(v.touchpoint), str(v.due_on), f"{v.staff or ''} {role_label(v.role)}".strip(), channel_label(v.channel), words(render(v.why)))
        parts.append(t)
    else:
        parts.append(say("Nothing due on {day}.", day=day))
    return parts
