"""Typer's and Click's own words on a help screen, in the output language (SPEC 2: help wholly in Chinese).

Our commands' help goes through ``_()``; the words around it are Typer's
and Click's, in English only: the panel titles and notes ("Options",
"[default: table]"), the usage line's "Usage:", the help option's "Show
this message and exit.", the completion options' help, type names such as
``<str>``. This module puts them in the output language:

- Typer reads the panel words from constants of ``typer.rich_utils`` each
  time it draws help (the constants Typer documents for restyling help);
  :func:`localise_typer` sets them, and has the help text fold rather than
  end in "…" (a Chinese sentence has no space to break at). Chinese help is drawn by Rich (it
  measures CJK width), English help by Click's plain formatter, so Rich is
  never imported for English.
- The rest is per command: :func:`localise` gives a command (and the
  commands under it) a context whose formatter writes the usage prefix in
  the language, the help option's text, the completion options' help,
  and a type name in words for an option without a metavar.
"""

from __future__ import annotations

import sys

import typer

from followup_cli.i18n import _, language
from followup_cli.message import N_

#: constant of typer.rich_utils -> its English text (what Typer ships)
TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "DEFAULT_STRING": N_("[default: {value}]"),  # Typer fills in "{}": see localise_typer
    "ENVVAR_STRING": N_("[env var: {value}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}
#: a type Typer shows for an option without a metavar -> the word shown instead ("" for a flag: no value)
TYPE_WORDS = {"<str>": N_("TEXT"), "<int>": N_("INTEGER"), "<float>": N_("NUMBER"), "<bool>": ""}
#: the completion options Typer adds -> their help
COMPLETION_HELP = {
    "install_completion": N_("Install completion for the current shell."),
    "show_completion": N_("Show completion for the current shell, to copy it or customize the installation."),
}


def localise_typer() -> None:
    """Typer's panel words in the output language (Chinese help is drawn by Rich, with these words)."""
    if language() != "zh" and "typer.rich_utils" not in sys.modules:
        return  # English help is Click's plain text: Rich, and these words, are not needed
    from typer import rich_utils

    for name, english in TYPER_WORDS.items():
        setattr(rich_utils, name, _(english).replace("{value}", "{}"))
    make_text = getattr(rich_utils, "_make_rich_text", None)
    if make_text is not None and not getattr(make_text, "folds", False):
        rich_utils._make_rich_text = _folding(make_text)


def _folding(make_text):
    """Typer's help text, folded where a line must break: Rich breaks lines at spaces only, and a Chinese
    sentence has none, so Typer's help cell would cut it to "…"."""

    def make_folding_text(*args, **kwargs):
        text = make_text(*args, **kwargs)
        if getattr(text, "overflow", "fold") is None:
            text.overflow = "fold"
        return text

    make_folding_text.folds = True
    return make_folding_text


class _Formatter(typer.Context.formatter_class):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)


class LocalContext(typer.Context):
    """A context whose help formatter writes "Usage:" in the output language."""

    formatter_class = _Formatter


def localise(command, ctx) -> None:
    """``command`` and every command under it: help option, completion options and type names in the language.

    The placeholders we name (``DATE``, ``FILE``, ``CUSTOMER_ID``) stay as they are: the help text refers to
    them ("write to FILE"), as it refers to option names.
    """
    command.context_class = LocalContext
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = _("[OPTIONS]")
    if getattr(command, "subcommand_metavar", None) == "COMMAND [ARGS]...":
        command.subcommand_metavar = _("COMMAND [ARGS]...")
    option = command.get_help_option(ctx)
    if option is not None:
        option.help = _("Show this message and exit.")
    for param in command.get_params(ctx):
        if param.name in COMPLETION_HELP:
            param.help = _(COMPLETION_HELP[param.name])
        if param.param_type_name == "option" and (param.metavar is None or param.name in COMPLETION_HELP):
            shown = param.display_type(ctx) if hasattr(param, "display_type") else None
            if shown in TYPE_WORDS or param.is_flag:
                word = TYPE_WORDS.get(shown, "")
                param.metavar = _(word) if word else ""
        elif param.param_type_name == "argument" and param.metavar is not None:
            param.display_type_rich = _no_type  # "VIN <str>": the placeholder says it
    for sub in getattr(command, "commands", {}).values():
        localise(sub, ctx)


def _no_type(ctx) -> None:
    """An argument's type, not shown: its placeholder (``VIN``, ``CUSTOMER_ID``) says what it is."""
    return None
