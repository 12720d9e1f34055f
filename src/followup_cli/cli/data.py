"""`followup import KIND FILE` and `followup export KIND FILE` (SPEC section 2)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from followup_cli.i18n import _, render, say, say_n


class Kind(str, Enum):
    staff = "staff"
    customers = "customers"
    vehicles = "vehicles"
    visits = "visits"
    contacts = "contacts"
    campaigns = "campaigns"
    stores = "stores"


#: export order of each kind (contacts: the order they were logged)
EXPORT_ORDER = {
    "staff": ("code",),
    "customers": ("customer_id",),
    "vehicles": ("vin",),
    "visits": ("visit_id",),
    "contacts": ("id",),
    "campaigns": ("campaign_id",),
    "stores": ("code",),
}
PROGRESS_MIN_BYTES = 1_000_000


def _with_progress(table, rows):
    """Rows, with a Rich progress bar on a terminal for a large file; the rows themselves under cron."""
    from followup_cli.cli.terminal import is_interactive

    size = getattr(table, "size", 0) or 0
    if not is_interactive() or size < PROGRESS_MIN_BYTES:
        return rows
    return _progress(table, rows, size)


def _progress(table, rows, size: int):
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    from followup_cli.cli.terminal import console

    with Progress(
        TextColumn("{task.description}", markup=False), BarColumn(), DownloadColumn(), TimeRemainingColumn(),
        console=console(stderr=True), transient=True,
    ) as progress:
        task = progress.add_task(table.name, total=size)
        for n, row in enumerate(rows):
            if n % 2000 == 0:
                progress.update(task, completed=table.bytes_read)
            yield row


def import_(
    ctx: typer.Context,
    kind: Kind = typer.Argument(..., metavar="KIND", help=_("staff, customers, vehicles, visits, contacts, campaigns or stores")),
    file: Path = typer.Argument(..., metavar="FILE", help=_("the CSV file (UTF-8, UTF-8 with BOM or GB18030) or Excel workbook (.xlsx, .xls, .ods)")),
    dry_run: bool = typer.Option(False, "--dry-run", help=_("validate only; write nothing")),
    encoding: str = typer.Option(None, "--encoding", help=_("the file's encoding, when detection guesses wrong")),
    allow_empty: bool = typer.Option(False, "--allow-empty", help=_("accept a file with a header and no rows")),
    sheet: str = typer.Option(None, "--sheet", metavar="NAME", help=_("a workbook's sheet to read (default: the first)")),
) -> None:
    from followup_cli.cli.state import state
    from followup_cli.cli.terminal import fail, info
    from followup_cli.csvio.read import open_table
    from followup_cli.store.importer import CONTACT_COLUMNS, import_rows

    engine = state(ctx).engine()
    with open_table(file, kind.value, encoding=encoding, sheet=sheet) as table:
        # contacts come by the million: as tuples, without a dict per row (the importer takes both)
        rows = table.records(CONTACT_COLUMNS) if kind is Kind.contacts else iter(table)
        result = import_rows(
            engine, kind.value, table.name, _with_progress(table, rows), dry_run=dry_run,
            header_problems=table.problems,
        )
    for problem in result.warnings:
        info(problem.format(render), wrap=False)
    if result.error_count:
        lines = [p.format(render) for p in result.errors]
        if result.more_problems:
            lines.append(say("... and {n} more problems", n=result.more_problems))
        lines.append(
            say_n(
                "{file}: {n} problem; nothing was written. Fix it and import the file again.",
                "{file}: {n} problems; nothing was written. Fix them and import the file again.",
                result.error_count,
                file=result.file,
            )
        )
        fail("\n".join(lines))
    if result.rows == 0 and not allow_empty:
        fail(say("{file}: the file has a header but no rows; nothing was imported (--allow-empty accepts that)", file=result.file))
    summary = say(
        "{file}: {rows} rows: {inserted} inserted, {updated} updated, {unchanged} unchanged, {skipped} duplicates skipped",
        file=result.file, rows=result.rows, inserted=result.inserted, updated=result.updated,
        unchanged=result.unchanged, skipped=result.skipped,
    )
    if dry_run:
        summary = say("dry run, nothing written: {summary}", summary=summary)
    typer.echo(summary)


def export(
    ctx: typer.Context,
    kind: Kind = typer.Argument(..., metavar="KIND", help=_("staff, customers, vehicles, visits, contacts, campaigns or stores")),
    file: str = typer.Argument(..., metavar="FILE", help=_("the CSV or .xlsx file to write, or - for standard output")),
    mask: bool = typer.Option(False, "--mask", help=_("hide every phone number (the phone column and numbers in text) but its last 4 digits")),
    callable_only: bool = typer.Option(
        False, "--callable", help=_("only customers who may be contacted (customers, vehicles, contacts)")
    ),
    force: bool = typer.Option(False, "--force", help=_("replace FILE if it exists")),
    fmt: str = typer.Option(None, "--format", metavar="csv|xlsx", help=_("csv or xlsx (default: xlsx for a FILE ending .xlsx, else csv)")),
) -> None:
    from followup_cli.cli.state import state
    from followup_cli.cli.terminal import check_output, fail, info, refusing_output, workbook_target
    from followup_cli.store.exporter import export_with

    if fmt is None:
        fmt = "xlsx" if file.lower().endswith(".xlsx") else "csv"
    if fmt not in ("csv", "xlsx"):
        fail(say('--format: "{value}" is not one of: {choices}', value=fmt, choices="csv, xlsx"))
    if fmt == "xlsx":
        workbook_target(file)
    check_output(file, force)
    if fmt == "xlsx":
        from followup_cli.csvio.xlsx import write_kind as write
    else:
        from followup_cli.csvio.write import write_table as write
    with refusing_output():
        count = export_with(
            state(ctx).engine(),
            kind.value,
            EXPORT_ORDER[kind.value],
            lambda rows: write(file, kind.value, rows, mask=mask, force=force),
            callable_only=callable_only,
        )
    if file != "-":
        info(say("{path}: {n} rows written", path=file, n=count))


IMPORT_HELP = _("import a CSV file or Excel workbook of one kind (upserts by the kind's key; one transaction)")
EXPORT_HELP = _("export one kind to CSV (UTF-8 with BOM for Excel; - for standard output) or an Excel workbook")
