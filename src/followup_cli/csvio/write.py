"""Writing CSV files that Chinese Excel opens correctly and that read back unchanged.

- A file is UTF-8 with a BOM (without one, Excel guesses GBK and shows
  mojibake) and ``\\r\\n`` line ends. A text stream (``-`` is stdout) gets no
  BOM and ``\\n``: the stream's own newline translation makes it the platform's;
  a row with a ``\\r`` in a cell is then written all quoted (the csv module
  would leave that cell bare, and the ``\\r`` would end the row on reading).
- A file is written through ``fileout`` (a temporary name beside it, renamed
  at the end, mode 0600; an existing file replaced only with ``force``), so
  an export that fails half-way leaves the old file as it was.
- A text cell that Excel would take for a formula (starts with ``= + - @``,
  tab or CR; phones like ``+49...`` too) gets a leading ``'``; the reader takes
  it off again (see ``fields.needs_formula_quote``).
- Values: None is blank, dates are ISO, booleans ``true``/``false``, lists are
  ``;``-joined, floats (amounts) have two decimals (``380.00``) unless that
  would lose digits, then the shortest exact digits (``0.125``). Every form
  is one the reader accepts, giving the same value back.
"""

from __future__ import annotations

import csv
import math
import os
import sys
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Iterable, Iterator, Mapping, Sequence

from followup_cli.mask import mask_phone, mask_text

from .columns import table_spec
from .fields import needs_formula_quote

Out = str | os.PathLike[str] | IO[str]


def write_table(
    out: Out,
    kind: str,
    rows: Iterable[object],
    columns: Sequence[str] | None = None,
    mask: bool = False,
    force: bool = True,
) -> int:
    """Write a ``kind`` file: header, then one line per row; returns the number of rows.

    ``rows`` are mappings (column -> value) or records with the columns as
    attributes (``rules.model.Customer``...). ``columns`` defaults to the
    kind's SPEC columns; ``mask`` hides all but the last 4 digits of phones,
    in the phone column and in the free-text columns (``mask.mask_text``);
    ``force=False`` refuses to replace an existing file (``fileout.OutputError``).
    """
    spec = table_spec(kind)
    header = tuple(columns) if columns is not None else spec.columns
    unknown = [name for name in header if name not in spec.fields]
    if unknown:
        raise ValueError(f"not a {kind} column: {', '.join(unknown)}")
    if not mask:
        return write_rows(out, header, rows, force=force)
    return write_rows(
        out, header, rows, mask_columns=spec.phone_columns, mask_text_columns=spec.words_columns, force=force
    )


def write_rows(
    out: Out,
    header: Sequence[str],
    rows: Iterable[object],
    mask_columns: Iterable[str] = (),
    mask_text_columns: Iterable[str] = (),
    force: bool = True,
) -> int:
    """Write any table (a call list, a report): ``header``, then ``rows``; returns the number of rows.

    A row is a sequence in header order, a mapping, or an object with the
    header names as attributes. Cells in ``mask_columns`` (phones) are masked
    whole, the phone numbers in ``mask_text_columns`` (free text) too.
    """
    header = tuple(header)
    maskers = {header.index(name): mask_phone for name in mask_columns if name in header}
    maskers.update({header.index(name): mask_text for name in mask_text_columns if name in header})
    count = 0
    with _opened(out, force) as (stream, line_end):
        writer = csv.writer(stream, lineterminator=line_end)
        # The csv module quotes a cell holding a character of the line end: with "\n" line ends, not
        # a cell holding a lone "\r", which a reader then takes for the end of the row. Such a row
        # is written with every cell quoted.
        quoting_cr = None if "\r" in line_end else csv.writer(stream, lineterminator=line_end, quoting=csv.QUOTE_ALL)
        writer.writerow([_neutralised(name) for name in header])
        for row in rows:
            values = _in_order(row, header)
            if maskers:
                cells = [
                    _neutralised(maskers[i](_text(v))) if i in maskers and v is not None else format_cell(v)
                    for i, v in enumerate(values)
                ]
            else:
                cells = [format_cell(v) for v in values]
            if quoting_cr is not None and any("\r" in cell for cell in cells):
                quoting_cr.writerow(cells)
            else:
                writer.writerow(cells)
            count += 1
    return count


def format_cell(value: object) -> str:
    """One value as CSV text, formula-safe."""
    if value is None:
        return ""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is date:
        return value.isoformat()  # type: ignore[attr-defined]
    if kind is float:
        return _number(value)  # type: ignore[arg-type]
    return _neutralised(_text(value))


def _text(value: object) -> str:
    """The plain text of a value (before formula-quoting)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, (tuple, list)):
        return ";".join(_text(item) for item in value)
    return str(value)


def _number(value: float) -> str:
    """``380.00``; when two decimals would change the value, its shortest exact digits, never ``1e-05``."""
    two = f"{value:.2f}"
    if float(two) == value or not math.isfinite(value):
        return two
    return format(Decimal(repr(value)), "f")


def _neutralised(text: str) -> str:
    return "'" + text if text and needs_formula_quote(text) else text


def _in_order(row: object, header: tuple[str, ...]) -> Sequence[object]:
    if isinstance(row, Mapping):
        return [row.get(name) for name in header]
    if isinstance(row, (list, tuple)):
        return row
    return [getattr(row, name, None) for name in header]


@contextmanager
def _opened(out: Out, force: bool) -> Iterator[tuple[IO[str], str]]:
    if not isinstance(out, (str, os.PathLike)):
        yield out, "\n"
        return
    if os.fspath(out) == "-":
        yield sys.stdout, "\n"
        return
    from followup_cli.fileout import output_file

    with output_file(out, force=force, encoding="utf-8-sig", newline="") as stream:
        yield stream, "\r\n"
