"""Values the shell completes beyond commands and options (Typer's completion): staff codes and report names.

Each runs in a completion request (``_FOLLOWUP_COMPLETE`` set), never in a
command: it must stay quiet and quick. A database that cannot be opened
completes nothing rather than print an error into the shell.
"""

from __future__ import annotations

import typer


def complete_staff(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The staff codes starting with ``incomplete``, each with its name and role (zsh and fish show them)."""
    from followup_cli.render.labels import role_label

    try:
        from followup_cli.store.database import open_store
        from followup_cli.store.loaders import load_dealership, read

        engine = open_store(ctx.find_root().params.get("db"))
        try:
            staff = read(engine, load_dealership)[0].staff
        finally:
            engine.dispose()
    except Exception:  # no database yet, a server away: nothing to offer
        return []
    wanted = incomplete.casefold()
    return [
        (s.code, " ".join(x for x in (s.name, role_label(s.role)) if x))
        for s in sorted(staff, key=lambda s: s.code)
        if s.code.casefold().startswith(wanted)
    ]


def complete_report(incomplete: str) -> list[str]:
    """The report names starting with ``incomplete``."""
    from followup_cli.reports import REPORTS

    return [name for name in REPORTS if name.startswith(incomplete)]
