"""`followup report NAME` (SPEC section 6): hand the pure report the store's files (read a chunk at a time), render."""

from __future__ import annotations

import typer

from followup_cli.cli.completion import complete_report

from followup_cli.i18n import _, say

HELP = _("reports for managers: workload, defeats, churn, referrals, grades, forecast, satisfaction, pipeline, service")


def report(
    ctx: typer.Context,
    name: str = typer.Argument(
        ...,
        metavar="NAME",
        help=_("report name") + ": workload, defeats, churn, referrals, grades, forecast, satisfaction, pipeline, service",
        autocompletion=complete_report,
    ),
    today: str = typer.Option(None, "--today", metavar="DATE", help=_("the day the report is made on (default: today)")),
    start: str = typer.Option(None, "--from", metavar="DATE", help=_("first day of the period")),
    end: str = typer.Option(None, "--to", metavar="DATE", help=_("last day of the period (default: --today)")),
    months: int = typer.Option(None, "--months", min=1, max=120, metavar="N", help=_("the last N months (default: 6)")),
    days: int = typer.Option(14, "--days", min=1, max=366, metavar="N", help=_("forecast: how many days ahead")),
    fmt: str = typer.Option("table", "--format", metavar="table|csv|json|xlsx", help=_("output format (xlsx: a workbook with charts, with --output FILE.xlsx)")),
    output: str = typer.Option(None, "--output", metavar="FILE", help=_("write to FILE instead of the screen")),
    store: str = typer.Option(None, "--store", metavar="CODE", help=_("only this store (default: the whole group)")),
    force: bool = typer.Option(False, "--force", help=_("replace the --output file if it exists")),
) -> None:
    from datetime import timedelta

    from followup_cli.cli.state import is_today, parse_day, state, today_or
    from followup_cli.cli.terminal import check_output, console, fail, refusing_output
    from followup_cli.fileout import output_file
    from followup_cli.reports import REPORTS, report_function
    from followup_cli.reports.model import Period
    from followup_cli.rules.months import plus_months
    from followup_cli.store.reporting import run_report

    if name not in REPORTS:
        fail(say('unknown report "{name}"; choose one of: {names}', name=name, names=", ".join(REPORTS)))
    if fmt not in ("table", "csv", "json", "xlsx"):
        fail(say('--format: "{value}" is not one of: {choices}', value=fmt, choices="table, csv, json, xlsx"))
    if fmt == "xlsx":
        from followup_cli.cli.terminal import workbook_target

        workbook_target(output)
    day = today_or(today)
    last = parse_day(end, "--to") or day
    first = parse_day(start, "--from")
    if first is None:
        first = plus_months(last, -(months or 6)) + timedelta(days=1)
    if first > last:
        fail(say("--from {start} is after --to {end}", start=first, end=last))
    check_output(output, force)
    st = state(ctx)
    policy = st.policy()
    result = run_report(st.engine(), name, report_function(name), policy, day, Period(first, last), days, store,
                        renew=is_today(day))

    if fmt == "json":
        from followup_cli.render.report import write_json

        text = write_json(result)
        if output:
            with refusing_output(), output_file(output, force=force) as f:
                f.write(text)
        else:
            typer.echo(text, nl=False)
        return
    if fmt == "xlsx":
        from followup_cli.render.report_xlsx import write_report_book

        with refusing_output():
            write_report_book(output, result, force=force)
        return
    if fmt == "csv":
        from followup_cli.render.report import write_csv

        with refusing_output():
            write_csv(result, output or "-", force=force)
        return
    from followup_cli.render.report import report_screen

    if output:
        from followup_cli.cli.terminal import file_console

        with refusing_output(), output_file(output, force=force) as f:
            target = file_console(f)
            for part in report_screen(result, target):
                target.print(part)
    else:
        for part in report_screen(result, console()):
            console().print(part)
