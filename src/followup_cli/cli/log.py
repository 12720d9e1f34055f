"""`followup log CUSTOMER_ID`: record a contact after a call (SPEC section 2)."""

from __future__ import annotations

import os

import typer

from followup_cli.cli.completion import complete_staff
from followup_cli.i18n import _, say

HELP = _("record a contact with a customer (after a call, SMS, visit ...)")
LOST_CATEGORY_HELP = "model, price, funds, brand, people, cancelled, stock, unreasonable, slow_follow_up, lost_contact, other"

#: log option of each customers.csv column a stage change may lack (rules.lost.stage_refusal)
STAGE_OPTIONS = {"lost_category": "--lost-category", "competitor": "--competitor", "intent_level": "--level"}


def log(
    ctx: typer.Context,
    customer_id: str = typer.Argument(None, metavar="CUSTOMER_ID", show_default=False),
    outcome: str = typer.Option("reached", "--outcome", help=_("reached, no_answer, busy, wrong_number, appointment, refused, opted_out")),
    channel: str = typer.Option("phone", "--channel", help=_("phone, sms, wechat, email, visit, letter, event")),
    touchpoint: str = typer.Option(None, "--touchpoint", help=_("the touchpoint id this contact answers (blank: a general contact)")),
    staff: str = typer.Option(
        None, "--staff", help=_("who made the contact (default: FOLLOWUP_STAFF)"), autocompletion=complete_staff
    ),
    on: str = typer.Option(None, "--on", "--today", metavar="DATE", help=_("the day of the contact (default: today)")),
    next_on: str = typer.Option(None, "--next", metavar="DATE", help=_("the day promised for the next contact")),
    level: str = typer.Option(None, "--level", metavar="A-D", help=_("a prospect's new intent level")),
    stage: str = typer.Option(None, "--stage", help=_("a new stage: prospect, owner, quasi_lost, lost")),
    lost_category: str = typer.Option(None, "--lost-category", help=_("why the customer was lost, counted (seed 004)") + ": " + LOST_CATEGORY_HELP),
    lost_reason: str = typer.Option(None, "--lost-reason", help=_("why the customer was lost")),
    competitor: str = typer.Option(None, "--competitor", help=_("the brand the customer went to")),
    score: str = typer.Option(None, "--score", metavar="1-5", help=_("satisfaction given on a callback")),
    note: str = typer.Option(None, "--note", help=_("what was said (free text)")),
    from_file: str = typer.Option(None, "--from", metavar="FILE", help=_("log many contacts from a file: customer_id,outcome[,touchpoint,channel,staff,contacted_on,next_contact_on,score,note], or a call list from `due` with its outcome column filled in")),
) -> None:
    if from_file is not None:  # a call list or message batch worked through: cli/log_file.py
        from followup_cli.cli.log_file import log_from, refuse_one_contact_options

        refuse_one_contact_options(ctx, customer_id)
        log_from(ctx, from_file, staff, on)
        return
    if customer_id is None:  # Click's own "Missing argument 'CUSTOMER_ID'" (exit 2), from wherever Typer keeps Click
        from importlib import import_module

        missing = import_module(typer.BadParameter.__module__).MissingParameter
        raise missing(ctx=ctx, param=next(p for p in ctx.command.params if p.name == "customer_id"))
    from datetime import date

    from followup_cli.cli.options import parse_id, parse_option
    from followup_cli.cli.state import state
    from followup_cli.cli.terminal import fail
    from followup_cli.i18n import render
    from followup_cli.store.logbook import LogRefused, log_contact

    staff = staff or os.environ.get("FOLLOWUP_STAFF") or None
    if staff is None or not staff.strip():
        # SPEC 2: no call silently clears a colleague's list; only an imported DMS contact may name nobody
        fail(_("who made the contact? give --staff CODE, or set FOLLOWUP_STAFF once in your shell profile"))
    contacted_on = parse_option("contacts", "contacted_on", on, "--on") or date.today()
    contact = {
        "customer_id": parse_id(customer_id, "CUSTOMER_ID"),
        "contacted_on": contacted_on,
        "channel": parse_option("contacts", "channel", channel, "--channel"),
        "touchpoint": parse_option("contacts", "touchpoint", touchpoint, "--touchpoint"),
        "outcome": parse_option("contacts", "outcome", outcome, "--outcome"),
        "staff": parse_option("contacts", "staff", staff, "--staff"),
        "next_contact_on": _next_day(next_on, contacted_on),
        "score": parse_option("contacts", "score", score, "--score"),
        "note": parse_option("contacts", "note", note, "--note"),
    }
    changes = {}
    if level is not None:
        changes["intent_level"] = parse_option("customers", "intent_level", level, "--level")
    if stage is not None:
        changes["stage"] = parse_option("customers", "stage", stage, "--stage")
        if changes["stage"] in ("quasi_lost", "lost"):
            changes["lost_on"] = contact["contacted_on"]
    if lost_category is not None:
        changes["lost_category"] = parse_option("customers", "lost_category", lost_category, "--lost-category")
    if lost_reason is not None:
        changes["lost_reason"] = parse_option("customers", "lost_reason", lost_reason, "--lost-reason")
    if competitor is not None:
        changes["competitor"] = parse_option("customers", "competitor", competitor, "--competitor")

    def check(customer, role: str | None) -> None:
        """The customer as stored: refuse what does not fit (exit 1, nothing written)."""
        stage_after = changes.get("stage", customer.stage) or "prospect"  # a blank stage is a prospect (store/loaders.py)
        if "intent_level" in changes and stage_after != "prospect":
            fail(say("--level: only a prospect has an intent level ({customer_id} is {stage})", customer_id=contact["customer_id"], stage=stage_after))
        if (lost_reason is not None or competitor is not None or lost_category is not None) and stage_after not in ("quasi_lost", "lost"):
            fail(say("--lost-category, --lost-reason and --competitor go with --stage quasi_lost or lost"))
        refusal = _stage_refusal(contact, customer, role, changes)
        if refusal is not None:
            fail(refusal)

    try:  # one transaction: the contact, the customer's changes, the stage history and the digest
        customer = log_contact(state(ctx).engine(), contact, changes, check)
    except LogRefused as refused:
        fail(render(refused.message))

    from followup_cli.render.labels import channel_label, term_label

    parts = [
        say(
            "logged: {outcome} by {channel} with {name} ({customer_id}) on {day}",
            outcome=term_label(contact["outcome"]), channel=channel_label(contact["channel"]), name=customer.name or "",
            customer_id=contact["customer_id"], day=contact["contacted_on"],
        )
    ]
    if contact["next_contact_on"]:
        parts.append(say("next contact promised for {day}", day=contact["next_contact_on"]))
    if "stage" in changes:
        parts.append(say("stage is now {stage}", stage=changes["stage"]))
    if "intent_level" in changes:
        parts.append(say("intent level is now {level}", level=changes["intent_level"]))
    from followup_cli.render.safe import visible  # the name as typed, its control characters spelt out (SPEC 2)

    typer.echo(visible(_("; ").join(parts)))


def _stage_refusal(contact: dict, customer, role: str | None, changes: dict) -> str | None:
    """Why this contact may not be logged as it stands (SPEC 2 stage rules, seed 004), in words; else None.

    ``--stage`` needs what seed 004 says the stage means (``rules.lost.stage_refusal``), and only a
    manager verifies a defeat (``--touchpoint lost.verify``, SPEC 3).
    """
    from followup_cli.i18n import render
    from followup_cli.rules.lost import stage_refusal

    if contact["touchpoint"] == "lost.verify":
        if role != "manager":
            return say("--touchpoint lost.verify: only a manager verifies a defeat ({staff} is not a manager)", staff=contact["staff"])
    if "stage" not in changes:
        return None
    found = stage_refusal(
        changes["stage"],
        changes.get("lost_category", customer.lost_category),
        changes.get("competitor", customer.competitor),
        customer.stage,
        changes.get("intent_level"),
    )
    if found is None:
        return None
    column, why = found
    return say("{option}: {message}", option=STAGE_OPTIONS[column], message=render(why))


def _next_day(text: str | None, contacted_on):
    """``--next``: a date, or as ``followup call`` asks it, ``+3`` (days after the contact) or ``12-20``."""
    import re

    from followup_cli.cli.options import parse_option

    if text is not None and re.fullmatch(r"\s*(\+\d+|\d{1,2}[-/.]\d{1,2})\s*", text):
        from followup_cli.cli.answers import BadAnswer, parse_next
        from followup_cli.cli.terminal import fail
        from followup_cli.i18n import render

        try:
            return parse_next(text, contacted_on)
        except BadAnswer as bad:
            fail("--next: " + render(bad.message))
    return parse_option("contacts", "next_contact_on", text, "--next")
