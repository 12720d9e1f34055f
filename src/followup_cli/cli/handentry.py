"""What `vehicle add/edit` and `visit add` share: options read as their CSV columns, one row written as an import."""

from __future__ import annotations

from typing import Mapping

import typer

from followup_cli.i18n import render, say


def parse_options(kind: str, given: Mapping[str, tuple[str, str | None]], warn: bool = True) -> dict[str, object]:
    """``given``: column -> (option, text typed). The options given, parsed as the CSV columns of ``kind``.

    A blank text clears the column (``--plate ""``). Every bad option is
    refused at once (exit 1, one line each, naming the option); a warning
    of the column (a VIN's check digit) is printed (``warn``) and the value kept.
    """
    from followup_cli.cli.terminal import fail, info
    from followup_cli.csvio.columns import table_spec
    from followup_cli.csvio.fields import FieldError
    from followup_cli.csvio.problems import printable_message

    fields = table_spec(kind).fields
    values: dict[str, object] = {}
    errors: list[str] = []
    for column, (option, text) in given.items():
        if text is None:
            continue
        field = fields[column]
        text = text.strip()
        if not text:
            values[column] = field.blank
            continue
        try:
            value = field.parse(text) if field.parse else text
        except FieldError as exc:
            errors.append(say("{option}: {message}", option=option, message=render(printable_message(exc.message))))
            continue
        values[column] = value
        warning = field.warn(value) if warn and field.warn else None
        if warning is not None:
            info(say("{option}: warning: {message}", option=option, message=render(warning)))
    if errors:
        fail("\n".join(errors))
    return values


def save_row(ctx: typer.Context, kind: str, values: dict[str, object], *, new: bool, options: Mapping[str, str]) -> None:
    """Write one row of ``kind`` through the importer (``store.handentry``); refuse (exit 1) with its problems.

    ``options``: column -> the option that set it, so a problem names what the user typed.
    """
    from followup_cli.cli.state import state
    from followup_cli.cli.terminal import fail
    from followup_cli.store.handentry import HandEntryError, save

    try:
        result = save(state(ctx).engine(), kind, values, new=new, source=kind)
    except HandEntryError as exc:
        fail(render(exc.message))
    if result.error_count:
        fail("\n".join(f"{options.get(p.column, p.column)}: {render(p.message)}" for p in result.errors))
