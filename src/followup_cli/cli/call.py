"""`followup call`: work through my list, one customer at a time, logging each outcome (SPEC section 2).

The list is `due`'s (``cli.due.due_list``), in rank order; a customer the
caller already tried today without reaching them comes after the others.
Per customer: a key for the outcome, then a note, a next date and, for a
callback reached, a score; an empty answer leaves each blank. Each answer is
written at once in its own transaction (``store.logbook``), so a crash loses
nothing answered and the next run starts with what is still due.

One contact per answered customer, by the caller: naming the touchpoint when
the card has one, else naming none, which (SPEC 3) answers everything on the
caller's list for that customer and nothing on a colleague's. ``s`` logs
nothing: a skipped customer is still due, in its place, on the next run.
"""

from __future__ import annotations

import os
import sys
from datetime import date, timedelta

import typer

from followup_cli.i18n import _, render, say
from followup_cli.render.labels import channel_label, term_label
from followup_cli.message import Message, N_

HELP = _("work through my list: one customer at a time, logging each outcome")

from followup_cli.cli.answers import (  # noqa: F401  (re-exported: the tests and scripts use them from here)
    KEYS,
    NEXT_DAYS_MAX,
    QUIT,
    SCORED,
    SKIP,
    BadAnswer,
    EndOfAnswers,
    parse_key,
    parse_next,
    parse_score,
)


class Answers:
    """The caller's answers: Rich's prompt on a terminal, else one line of standard input per answer."""

    def __init__(self, out):
        self.out = out
        self.stream = sys.stdin
        self.interactive = self.stream.isatty()
        self.line = 0

    def ask(self, prompt: str, parse):
        while True:
            raw = self._read(prompt)
            try:
                return parse(raw)
            except BadAnswer as bad:
                if not self.interactive:  # a script that answers wrongly stops; what it answered is logged
                    from followup_cli.cli.terminal import fail

                    fail(say("stdin line {line}: {message}", line=self.line, message=render(bad.message)))
                self.out.print(render(bad.message))

    def _read(self, prompt: str) -> str:
        if self.interactive:
            from rich.prompt import Prompt
            from rich.text import Text

            try:  # a Text: the prompt is never read as markup
                return Prompt.ask(Text(prompt), console=self.out, default="", show_default=False)
            except EOFError:
                raise EndOfAnswers() from None
        raw = self.stream.readline()
        if not raw:
            raise EndOfAnswers()
        self.line += 1
        raw = raw.rstrip("\r\n")
        self.out.print(f"{prompt}: {raw}")  # the transcript reads like the screen
        return raw


def call(
    ctx: typer.Context,
    staff: str = typer.Option(None, "--staff", metavar="CODE", help=_("who is calling (default: FOLLOWUP_STAFF)")),
    today: str = typer.Option(None, "--today", metavar="DATE", help=_("the day to work (default: today)")),
    all_: bool = typer.Option(False, "--all", help=_("no capacity cap: every due call")),
    mask: bool = typer.Option(False, "--mask", help=_("hide phone numbers but their last 4 digits (someone watching the screen)")),
) -> None:
    from followup_cli.cli.due import due_list, nothing_due
    from followup_cli.cli.options import parse_id
    from followup_cli.cli.state import state, today_or
    from followup_cli.cli.terminal import console, fail
    from followup_cli.render.callcard import call_screen_card
    from followup_cli.rules.model import CALLBACKS
    from followup_cli.rules.worklist import tried_today
    from followup_cli.store.loaders import contacts_of, read
    from followup_cli.store.logbook import LogRefused, log_contact

    code = staff or os.environ.get("FOLLOWUP_STAFF") or ""
    if not code.strip():
        fail(_("who is calling? give --staff CODE, or set FOLLOWUP_STAFF once in your shell profile"))
    code = parse_id(code, "--staff")
    day = today_or(today)
    listed = due_list(ctx, day, code, all_=all_)
    if not listed.calls:
        nothing_due(day, code, None)
        return
    engine = state(ctx).engine()
    ids = [c.customer_id for c in listed.calls]
    (contacts,) = read(engine, (contacts_of, ids))
    calls = sorted(listed.calls, key=lambda c: tried_today(contacts.get(c.customer_id, ()), code, day))

    out = console()
    answers = Answers(out)
    skip, stop = _("skip"), _("quit")
    keys = " · ".join([*(f"{k} {_term(o)}" for k, o in KEYS.items()), f"{SKIP} {skip}", f"{QUIT} {stop}"])
    logged = skipped = 0
    for position, item in enumerate(calls, 1):
        out.print()
        out.print(call_screen_card(item, listed.vehicles, contacts.get(item.customer_id, ()), position, len(calls), mask))
        try:
            key = answers.ask(keys, parse_key)
        except EndOfAnswers:
            break
        if key == QUIT:
            break
        if key == SKIP:
            skipped += 1
            continue
        outcome = KEYS[key]
        note = next_on = score = None
        quitting = False
        try:  # a script that ends after the outcome: the outcome is logged with the rest blank
            note = answers.ask(_("note (Enter: none)"), lambda text: text.strip() or None)
            if note is not None and note.casefold() == QUIT:  # the quit key at the note: log this one, then stop
                note, quitting = None, True
                raise EndOfAnswers
            if outcome != "opted_out":
                next_on = answers.ask(_("next contact: +3, 12-20 or 2026-12-20 (Enter: none)"), _or_quit(lambda text: parse_next(text, day)))
                if next_on is _QUITTING:  # the quit key here too: log what was given, then stop
                    next_on, quitting = None, True
                    raise EndOfAnswers
            if outcome in SCORED and any(i.touchpoint in CALLBACKS for i in item.items):
                score = answers.ask(_("satisfaction score 1-5 (Enter: none)"), _or_quit(parse_score))
                if score is _QUITTING:
                    score, quitting = None, True
                    raise EndOfAnswers
        except EndOfAnswers:
            pass
        touchpoints = list(dict.fromkeys(i.touchpoint for i in item.items))
        contact = {
            "customer_id": item.customer_id, "contacted_on": day, "channel": item.channel,
            "touchpoint": touchpoints[0] if len(touchpoints) == 1 else None, "outcome": outcome, "staff": code,
            "next_contact_on": next_on, "score": score, "note": note,
        }
        try:
            log_contact(engine, contact)
        except LogRefused as refused:
            fail(render(refused.message))
        logged += 1
        done = say(
            "logged: {outcome} by {channel} with {name} ({customer_id}) on {day}",
            outcome=term_label(outcome), channel=channel_label(item.channel), name=item.name or "",
            customer_id=item.customer_id, day=day,
        )
        if next_on:
            done += _("; ") + say("next contact promised for {day}", day=next_on)
        out.print(done)
        if quitting:
            break
    else:
        out.print()
        out.print(say("{logged} logged, {skipped} skipped: that was the last call on the list for {day}", logged=logged, skipped=skipped, day=day))
        return
    out.print()
    out.print(say("{logged} logged, {skipped} skipped; `followup call` goes on with what is still due", logged=logged, skipped=skipped))


def _term(outcome: str) -> str:
    from followup_cli.render.labels import term_label

    return term_label(outcome)


_QUITTING = object()


def _or_quit(parse):
    """``parse``, or :data:`_QUITTING` for the quit key (a caller who is done at any prompt)."""

    def answer(text: str):
        return _QUITTING if text.strip().casefold() == QUIT else parse(text)

    return answer
