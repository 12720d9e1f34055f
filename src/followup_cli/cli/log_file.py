"""`followup log --from FILE`: the contacts of a call list or a message batch, logged at once (SPEC section 2)."""

from __future__ import annotations

import os

from followup_cli.i18n import render, say, say_n

#: `log` options that describe one contact: with --from the file gives them, row by row
ONE_CONTACT_OPTIONS = (
    "outcome", "channel", "touchpoint", "next_on", "level", "stage", "lost_reason", "competitor", "score", "note",
)


def refuse_one_contact_options(ctx, customer_id: str | None) -> None:
    """``--from`` and a customer id or an option of one contact do not go together (usage error, exit 2)."""
    import typer

    from followup_cli.i18n import _

    if customer_id is not None:
        raise typer.BadParameter(_("give a CUSTOMER_ID or --from FILE, not both"), param_hint="--from")
    for param in ctx.command.params:
        if param.name in ONE_CONTACT_OPTIONS and getattr(ctx.get_parameter_source(param.name), "name", None) == "COMMANDLINE":
            raise typer.BadParameter(
                say("the file gives each contact's {option}: leave it out", option=param.opts[0]), param_hint="--from"
            )


def log_from(ctx, path: str, staff: str | None, on: str | None) -> None:
    from datetime import date

    from followup_cli.cli.options import parse_option
    from followup_cli.cli.state import state
    from followup_cli.cli.terminal import fail, info
    from followup_cli.csvio.read import open_table
    from followup_cli.store.logbook import LogRefused, check_staff, log_file

    staff = (staff or os.environ.get("FOLLOWUP_STAFF") or "").strip() or None
    engine = state(ctx).engine()
    if staff is not None:
        staff = parse_option("contacts", "staff", staff, "--staff")
        try:
            check_staff(engine, staff)
        except LogRefused as refused:
            fail(render(refused.message))
    day = parse_option("contacts", "contacted_on", on, "--on") or date.today()
    with open_table(path, "log") as table:
        done = log_file(engine, table, staff, day)
    result = done.result
    for problem in result.warnings:
        info(problem.format(render))
    if result.error_count:
        lines = [p.format(render) for p in result.errors]
        if result.more_problems:
            lines.append(say("... and {n} more problems", n=result.more_problems))
        lines.append(say_n(
            "{file}: {n} problem; nothing was logged. Fix it and log the file again.",
            "{file}: {n} problems; nothing was logged. Fix them and log the file again.",
            result.error_count, file=result.file,
        ))
        fail("\n".join(lines))
    import typer

    from followup_cli.render.safe import visible  # the file's name as typed, its control characters spelt out

    typer.echo(visible(say(
        "{file}: {logged} contacts logged, {stored} logged already, {not_called} rows without an outcome (not called yet)",
        file=result.file, logged=result.inserted, stored=result.skipped, not_called=done.not_called,
    )))
