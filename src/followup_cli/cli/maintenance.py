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
    "changes nothing; exit 1 when a problem is found"
)


def _rows(rows) -> str:
    return ", ".join(f"{name} {n}" for name, n in rows)


def backup(
    ctx: typer.Context,
    file: Path = typer.Argument(..., metavar="FILE", help=_("the backup file to write")),
    force: bool = typer.Option(False, "--force", help=_("replace FILE if it exists")),
) -> None:
    from followup_cli.cli.state import state
    from followup_cli.cli.terminal import fail
    from followup_cli.store import maintenance
    from followup_cli.store.database import StoreError

    try:
        result = maintenance.backup(state(ctx).db, file, overwrite=force)
    except StoreError as exc:
        fail(render(exc.message))
    typer.echo(
        say(
            "backed up {path} to {target} (schema {revision}): {rows}",
            path=result.source, target=str(result.target), revision=result.revision, rows=_rows(result.rows),
        )
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


def check(ctx: typer.Context) -> None:
    from followup_cli.cli.state import state
    from followup_cli.message import Message, N_
    from followup_cli.store import maintenance
    from followup_cli.store.database import locate

    st = state(ctx)
    engine = st.engine()
    result = maintenance.check(engine)
    where = locate(st.db).display()
    lines = [say("checked {path}", path=where)]
    if result.integrity is None:
        lines.append(say("integrity: not checked (not a SQLite file)"))
    elif result.integrity_ok:
        lines.append(say("integrity: ok"))
    else:
        lines.append(say("integrity: {n} problems", n=len(result.integrity)))
        lines.extend(f"  {line}" for line in result.integrity[:20])
    lines.append(say("foreign keys: ok") if not result.errors else say("foreign keys: {n} problems", n=len(result.errors)))
    lines.append(say("rows: {rows}", rows=_rows(result.rows)))
    for finding in result.errors:
        lines.append(f"  {render(finding.message)}")
    for finding in result.warnings:
        lines.append(f"  {render(Message.of(N_('warning: {message}'), message=finding.message))}")
    lines.append(say("nothing was changed"))
    typer.echo("\n".join(lines))
    if not result.ok:
        raise typer.Exit(1)
