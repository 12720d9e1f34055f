"""Registers the commands on the app; each command group lives in its own module.

A run of ``followup`` needs one command: ``register(app, only=NAME)``
imports that command's module alone (the others are neither imported nor
turned into Click commands), which keeps the start-up of a one-shot command
such as ``followup log`` short. Without ``only`` every command is
registered, in the order ``followup --help`` lists them; with
``overview=True`` (the app's own help, no command, a name that is not a
command) as a stand-in that carries the command's name and help and no
options, since nothing will run: the list costs no parsing of every
command's options.

A command module translates its help when it is imported (``_()`` at module
level). One process may build apps in two languages (tests do; the console
script builds one): a module imported in another language is imported again
(``importlib.reload``) before its commands are registered, so help is always
in the language of the app being built.
"""

from __future__ import annotations

from importlib import import_module, reload

import typer

from followup_cli import i18n

#: command name -> (module in followup_cli.cli, the command's function or Typer app, its help attribute;
#: None for a command group, whose Typer app carries its own help)
COMMANDS: dict[str, tuple[str, str, str | None]] = {
    "init": ("setup", "init", "HELP"),
    "import": ("data", "import_", "IMPORT_HELP"),
    "export": ("data", "export", "EXPORT_HELP"),
    "customer": ("customer", "app", None),
    "vehicle": ("vehicle", "app", None),
    "visit": ("visit", "app", None),
    "log": ("log", "log", "HELP"),
    "due": ("due", "due", "DUE_HELP"),
    "why": ("due", "why", "WHY_HELP"),
    "call": ("call", "call", "HELP"),
    "report": ("report", "report", "HELP"),
    "policy": ("policy", "app", None),
    "demo": ("demo", "demo", "HELP"),
    "backup": ("maintenance", "backup", "BACKUP_HELP"),
    "restore": ("maintenance", "restore", "RESTORE_HELP"),
    "check": ("maintenance", "check", "CHECK_HELP"),
    "copy": ("maintenance", "copy", "COPY_HELP"),
}


#: module name -> the language its help was translated into when it was imported ("en" if imported elsewhere)
_LANGUAGE_OF: dict[str, str] = {}


def _module(module_name: str):
    """The command module, its help in the current language."""
    import sys

    name = f"followup_cli.cli.{module_name}"
    imported = name in sys.modules
    module = import_module(name)
    if imported and _LANGUAGE_OF.get(name, "en") != i18n.language():
        module = reload(module)
    _LANGUAGE_OF[name] = i18n.language()
    return module


def register(app: typer.Typer, only: str | None = None, overview: bool = False) -> None:
    """Add every command to ``app``, or only the command named ``only`` (a name of ``COMMANDS``).

    ``overview``: stand-ins with the commands' names and help, for a run
    that lists them and runs none.
    """
    for name, (module_name, attribute, help_attribute) in COMMANDS.items():
        if only is not None and name != only:
            continue
        module = _module(module_name)
        target = getattr(module, attribute)
        if help_attribute is None:
            if overview:
                target = typer.Typer(help=target.info.help, no_args_is_help=target.info.no_args_is_help)
            app.add_typer(target, name=name)
        else:
            app.command(name, help=getattr(module, help_attribute))(_stand_in if overview else target)


def _stand_in() -> None:
    """A listed command that does not run (see ``register``)."""
