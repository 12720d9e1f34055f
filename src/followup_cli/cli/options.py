"""Command-line values checked by the same column parsers as CSV import, so both refuse alike."""

from __future__ import annotations

from followup_cli.i18n import render, say

#: the largest ``--limit``: more rows than any dealership has, and within a database's integer (a larger
#: number is refused as a usage error, never an OverflowError)
LIMIT_MAX = 1_000_000_000


def parse_option(kind: str, column: str, text: str | None, option: str):
    """The parsed value of ``--option TEXT`` as the CSV column ``column`` of ``kind`` would read it.

    Blank gives None. A bad value exits with code 1 and the parser's message.
    """
    from followup_cli.cli.terminal import fail
    from followup_cli.csvio.columns import table_spec
    from followup_cli.csvio.fields import FieldError

    if text is None:
        return None
    spec = table_spec(kind).fields[column]
    if not text.strip():
        return spec.blank
    if spec.parse is None:
        return text.strip()
    try:
        return spec.parse(text.strip())
    except FieldError as exc:
        from followup_cli.csvio.problems import printable_message

        fail(say("{option}: {message}", option=option, message=render(printable_message(exc.message))))


def parse_id(text: str, option: str) -> str:
    """An id typed on the command line (``log C1024``, ``--staff S01``), read as an id column of a CSV file is.

    NFKC-normalised and trimmed, so ``Ｃ１０２４`` finds ``C1024``; blank, a
    control or an invisible character exits with code 1, naming ``option``.
    """
    from followup_cli.cli.terminal import fail
    from followup_cli.csvio.fields import FieldError, parse_key
    from followup_cli.csvio.problems import printable_message

    try:
        return parse_key(text)
    except FieldError as exc:
        fail(say("{option}: {message}", option=option, message=render(printable_message(exc.message))))
