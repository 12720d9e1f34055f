"""Registers every command on the app; each command group lives in its own module."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    from followup_cli.cli import customer, data, demo, due, log, maintenance, policy, report, setup

    app.command("init", help=setup.HELP)(setup.init)
    app.command("import", help=data.IMPORT_HELP)(data.import_)
    app.command("export", help=data.EXPORT_HELP)(data.export)
    app.add_typer(customer.app, name="customer")
    app.command("log", help=log.HELP)(log.log)
    app.command("due", help=due.DUE_HELP)(due.due)
    app.command("why", help=due.WHY_HELP)(due.why)
    app.command("report", help=report.HELP)(report.report)
    app.add_typer(policy.app, name="policy")
    app.command("demo", help=demo.HELP)(demo.demo)
    app.command("backup", help=maintenance.BACKUP_HELP)(maintenance.backup)
    app.command("restore", help=maintenance.RESTORE_HELP)(maintenance.restore)
    app.command("check", help=maintenance.CHECK_HELP)(maintenance.check)
