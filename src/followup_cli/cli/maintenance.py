"""`followup backup FILE`, `followup restore FILE`, `followup check`: keeping the data safe.

Thin: parse, call ``store.maintenance``, render. A refusal prints one line
on stderr and exits 1 with nothing changed.
"""

from __future__ import annotations

from pathlib import Path

import typer

from followup_cli.i18n import _, render, say

BACKUP_HELP = _("copy the database to FILE with SQLite's online backup (safe while others write; the copy is mode 0600)")
RESTORE_HELP = _(
    "replace the database with the backup FILE (refuses a file that is not a followup database; keeps a copy of the current one)"
)
CHECK_HELP = _(
    "check the database: integrity, foreign keys and orphans (contacts of deleted customers, visits of unknown VINs); "
    "changes nothing (but --rebuild); exit 1 when a problem is found"
)


def _rows(rows) -> str:
    return ", ".join(f"{name} {n}" for name, n in rows)


def backup(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE", help=_("the backup file to write, or - for standard output")),
    force: bool = typer.Option(False, "--force", help=_("replace FILE if it exists")),
) -> None:
    from followup_cli.cli.state import state
    from followup_cli.cli.terminal import fail
    from followup_cli.store import maintenance
    from followup_cli.fileout import STDOUT, OutputError
    from followup_cli.store.database import StoreError

    try:
        result = maintenance.backup(state(ctx).db, file, overwrite=force)
    except (StoreError, OutputError) as exc:
        fail(render(exc.message))
    typer.echo(
        say(
            "backed up {path} to {target} (schema {revision}): {rows}",
            path=result.source, target=str(result.target), revision=result.revision, rows=_rows(result.rows),
        ),
        err=str(file) == STDOUT,  # standard output carries the backup itself
    )


def restore(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE", help=_("a backup made by `followup backup` (or a copy of a followup database)")),
) -> None:
    from followup_cli.cli.state import state
    from followup_cli.cli.terminal import fail
    from followup_cli.store import maintenance
    from followup_cli.store.database import SCHEMA_HEAD, StoreError

    try:
        result = maintenance.restore(state(ctx).db, file)
    except StoreError as exc:
        fail(render(exc.message))
    lines = [
        say(
            "restored {source} into {path} (schema {revision}): {rows}",
            source=str(result.source), path=result.target, revision=result.revision, rows=_rows(result.rows),
        )
    ]
    if result.kept is not None:
        lines.append(say("the database as it was before is kept at {kept}", kept=str(result.kept)))
    if result.needs_upgrade:
        lines.append(say("run `followup init` to upgrade it to schema {revision}", revision=SCHEMA_HEAD))
    typer.echo("\n".join(lines))


def check(
    ctx: typer.Context,
    rebuild: bool = typer.Option(
        False, "--rebuild", help=_("first rebuild the contact digest and the agenda (what `due` reads) from the records")
    ),
    today: str = typer.Option(None, "--today", metavar="DATE", help=_("the day the agenda is planned and checked on (default: today)")),
) -> None:
    from followup_cli.cli.state import state
    from followup_cli.message import Message, N_
    from followup_cli.store import maintenance
    from followup_cli.store.database import locate

    from followup_cli.cli.state import today_or

    st = state(ctx)
    engine = st.engine()
    day = today_or(today)
    rebuilt = maintenance.rebuild(engine) if rebuild else None
    planned = maintenance.rebuild_agenda(engine, day, st.policy()) if rebuild else None
    result = maintenance.check(engine)
    stale_plans = maintenance.stale_plans(engine, day, st.policy())
    where = locate(st.db).display()
    lines = [say("checked {path}", path=where)]
    if rebuilt is not None:
        lines.append(say("contact digest rebuilt: {n} rows", n=rebuilt))
        lines.append(say("agenda rebuilt: {n} customers planned on {day}", n=planned, day=day))
    if result.integrity is None:
        lines.append(say("integrity: not checked (not a SQLite file)"))
    elif result.integrity_ok:
        lines.append(say("integrity: ok"))
    else:
        lines.append(say("integrity: {n} problems", n=len(result.integrity)))
        lines.extend(f"  {line}" for line in result.integrity[:20])
    keys = [f for f in result.errors if f.table != "contact_digest"]
    lines.append(say("foreign keys: ok") if not keys else say("foreign keys: {n} problems", n=len(keys)))
    lines.append(say("rows: {rows}", rows=_rows(result.rows)))
    for finding in keys:
        lines.append(f"  {render(finding.message)}")
    for finding in result.warnings:
        lines.append(f"  {render(Message.of(N_('warning: {message}'), message=finding.message))}")
    stale = [f for f in result.errors if f.table == "contact_digest"]
    lines.append(say("contact digest: ok") if not stale else render(stale[0].message))
    if stale_plans:
        lines.append(
            say("agenda out of date for {n} customers (e.g. {examples}): run `followup check --rebuild`",
                n=len(stale_plans), examples=", ".join(stale_plans[:5]))
        )
    else:
        lines.append(say("agenda: ok"))
    if rebuilt is None:
        lines.append(say("nothing was changed"))
    typer.echo("\n".join(lines))
    if not result.ok or stale_plans:
        raise typer.Exit(1)


COPY_HELP = _(
    "copy every row of one followup database into another (a store's SQLite file into the group's "
    "PostgreSQL database, or back), in one transaction; refuses keys already in the target"
)


def copy(
    source: str = typer.Argument(..., metavar="SRC_DB", help=_("the database to copy from: a file or a URL")),
    target: str = typer.Argument(..., metavar="DST_DB", help=_("the database to copy into (made by `followup init`)")),
    store: str = typer.Option(
        None, "--store", metavar="CODE", help=_("give this store code to the staff, customers and campaigns that have none")
    ),
) -> None:
    from followup_cli.cli.terminal import fail
    from followup_cli.store.copy import copy_database
    from followup_cli.store.database import StoreError, locate, open_store

    try:
        source_engine, target_engine = open_store(source), open_store(target)
        result = copy_database(source_engine, target_engine, store)
    except StoreError as exc:
        fail(render(exc.message))
    rows = ", ".join(f"{name} {n}" for name, n in result.copied.items())
    typer.echo(say("copied {source} into {target}: {rows}", source=locate(source).display(),
                   target=locate(target).display(), rows=rows))
