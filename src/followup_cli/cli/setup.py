"""`followup init`: create or upgrade the database (SPEC section 2)."""

from __future__ import annotations

import typer

from followup_cli.i18n import _, render, say


def init(ctx: typer.Context) -> None:
    from followup_cli.cli.state import state
    from followup_cli.cli.terminal import fail
    from followup_cli.store.database import StoreError, init_store

    try:
        result = init_store(state(ctx).db)
    except StoreError as exc:
        fail(render(exc.message))
    where = result.location.display()
    if result.created or result.from_revision is None:
        typer.echo(say("created the database {path} (schema {revision})", path=where, revision=result.to_revision))
    elif result.from_revision == result.to_revision:
        typer.echo(say("the database {path} is up to date (schema {revision})", path=where, revision=result.to_revision))
    elif result.backup is None:  # a server database: its administrator's backups keep the old one
        typer.echo(say("upgraded the database {path} from schema {old} to {new}", path=where, old=result.from_revision,
                       new=result.to_revision))
    else:
        typer.echo(
            say(
                "upgraded the database {path} from schema {old} to {new}; a copy of the old one is at {backup}",
                path=where,
                old=result.from_revision,
                new=result.to_revision,
                backup=str(result.backup),
            )
        )


init.__doc__ = None
HELP = _("create the database, or upgrade it (a copy is kept before upgrading)")
