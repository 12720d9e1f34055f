"""`followup`: the command-line entry point. Thin: global options, then one module per command group.

The output language is settled before the commands are built, so even
``--help`` speaks the user's language (``--lang``, FOLLOWUP_LANG, the locale).

Shell completion is Typer's own (``--install-completion``,
``--show-completion``): the shell runs ``followup`` with
``_FOLLOWUP_COMPLETE`` set, and that run builds every command, so their
options complete too (staff codes and report names: ``cli/completion.py``).
"""

from __future__ import annotations

import os
import sys

import typer
import typer.core

from followup_cli import i18n
from followup_cli.cli import commands, helptext


#: the global options that take a value (``main`` below)
_VALUE_OPTIONS = ("--db", "--lang", "--policy")
#: set by the shell's completion script (Typer's, for prog_name "followup") when it asks for completions
COMPLETE_VAR = "_FOLLOWUP_COMPLETE"


def _language_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _command_from_argv(argv: list[str]) -> str | None:
    """The command a command line runs (``log`` in ``--db x.db log C1``), None for the app's own help or no command."""
    args = iter(argv)
    for arg in args:
        if arg == "--":
            return next(args, None)
        if arg in _VALUE_OPTIONS:
            next(args, None)
            continue
        if arg.startswith("-"):
            if arg in ("-h", "--help"):
                return None
            continue
        return arg
    return None


class _Followup(typer.core.TyperGroup):
    """The app's group: a StoreError no command caught, or SQLite refusing a write to a read-only file, ends the
    run with its message (exit 1). Its help, and every command's, is in the output language (``helptext``)."""

    context_class = helptext.LocalContext

    def parse_args(self, ctx, args):
        if i18n.language() != "en":  # Click's and Typer's words are English already
            helptext.localise(self, ctx)  # before parsing: --help is answered while the arguments are parsed
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        from followup_cli.store.database import StoreError

        try:
            return super().invoke(ctx)
        except StoreError as exc:
            from followup_cli.cli.terminal import fail

            fail(i18n.render(exc.message))
        except Exception as exc:  # a bulk write on the driver's own connection: SQLite's "readonly database"
            from followup_cli.store import database

            code = getattr(getattr(exc, "orig", exc), "sqlite_errorcode", None)
            if code is None or code & 0xFF != 8 or ctx.obj is None:  # 8: SQLITE_READONLY
                raise
            from followup_cli.cli.terminal import fail

            fail(i18n.render(database.read_only(database.locate(ctx.obj.db), exc).message))


def _show_version(value: bool) -> None:
    if value:
        from followup_cli import __version__

        typer.echo(f"followup {__version__}")
        raise typer.Exit()


def build_app(command: str | None = None, overview: bool = False) -> typer.Typer:
    """The app, with every command; a shorter start-up for one run (``commands.register``).

    ``command``: the command the run runs, the only one registered.
    ``overview``: the run runs none (help, a misspelt name): every command
    listed by a stand-in.
    """
    _ = i18n._
    helptext.localise_typer()
    app = typer.Typer(
        name="followup",
        cls=_Followup,
        help=_("followup: who to call today, and why — follow-ups for car dealerships and repair shops."),
        no_args_is_help=True,
        add_completion=True,  # --install-completion, --show-completion (bash, zsh, fish, PowerShell)
        pretty_exceptions_enable=False,
        rich_markup_mode="rich" if i18n.language() == "zh" else None,  # Rich measures CJK width; plain help is faster
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def main(
        ctx: typer.Context,
        db: str = typer.Option(
            None, "--db", metavar="PATH_OR_URL", help=_("database file or URL (else FOLLOWUP_DB, else the user data directory)")
        ),
        lang: str = typer.Option(None, "--lang", metavar="zh|en", help=_("output language (else FOLLOWUP_LANG, else the locale)")),
        policy: str = typer.Option(None, "--policy", metavar="FILE", help=_("policy file (else FOLLOWUP_POLICY, else policy.toml in the config directory)")),
        version: bool = typer.Option(
            False, "--version", is_eager=True, callback=_show_version, help=_("print the version and exit")
        ),
    ) -> None:
        from followup_cli.cli.state import State

        if lang is not None and lang not in i18n.LANGUAGES:
            raise typer.BadParameter(_("choose zh or en"), param_hint="--lang")
        ctx.obj = State(db=db, policy_file=policy)

    if command in commands.COMMANDS:
        commands.register(app, only=command)
    else:
        commands.register(app, overview=overview)
    return app


def run(argv: list[str] | None = None) -> None:
    """The console script: settle the language, build the app, turn surprises into one clean line."""
    args = sys.argv[1:] if argv is None else argv
    i18n.set_language(i18n.resolve_language(_language_from_argv(args)))
    command = _command_from_argv(args)
    if os.environ.get(COMPLETE_VAR):  # the shell asks what may come next: the words are in its variables, not args
        app = build_app()
    else:
        app = build_app(command) if command in commands.COMMANDS else build_app(overview=True)
    try:
        app(args=args, prog_name="followup", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        sys.exit(130)
    except BaseException as exc:
        fileout = sys.modules.get("followup_cli.fileout")  # not imported for --help: it cannot have raised then
        if fileout is None or not isinstance(exc, fileout.Interrupted):
            if not isinstance(exc, Exception):
                raise
            _fail_cleanly(exc)
        # SIGTERM/SIGHUP while a file was written: cleaned up, now end as that signal would
        import signal

        signal.signal(exc.signum, signal.SIG_DFL)
        os.kill(os.getpid(), exc.signum)
        sys.exit(128 + exc.signum)


def _fail_cleanly(exc: Exception) -> None:
    """Never a traceback for a person; FOLLOWUP_DEBUG=1 shows it."""
    if os.environ.get("FOLLOWUP_DEBUG"):
        raise exc
    from followup_cli.store.database import redact

    error = redact(f"{type(exc).__name__}: {exc}".splitlines()[0])  # never a password, even here
    sys.stderr.write(i18n.say("followup failed: {error} (set FOLLOWUP_DEBUG=1 to see details)", error=error) + "\n")
    sys.exit(1)
