"""Writing workbooks Excel opens as the dealership expects (SPEC section 2, "Excel").

- Text stays text: phones, VINs and ids are string cells (never 1.38E+10),
  and a string is never taken for a formula, a number or a link.
- Dates are date cells (``yyyy-mm-dd``), numbers numbers, booleans booleans;
  a list is ``;``-joined text, as in CSV. What reads back through
  ``workbook.py`` is what was written (``export`` → ``import`` is a no-op).
- Every sheet has a frozen header row with filters, and column widths
  fitting the widest cell of its first 1,000 rows in display cells (a
  Chinese character is two), at most 60.
- ``constant_memory``: each row goes to disk as it is written, so a sheet
  of 275,000 rows costs no more memory than one of 100 (rows of a sheet
  must then be written in order, which every writer here does).

A workbook is written through ``fileout.output_path`` (a private temporary
file renamed into place, or copied to a pipe).
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from datetime import date, datetime
from typing import Callable, Iterator, Mapping, Sequence

from unicodedata import east_asian_width

#: Excel's limit on a sheet name, and the characters it refuses in one
SHEET_NAME_MAX = 31
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
#: column widths, in Excel's character units (a Chinese character counts two)
WIDTH_MIN, WIDTH_MAX = 6, 60
#: the rows of a sheet whose cells size its columns (measuring every cell of a 275,000-row sheet costs more
#: than writing it)
WIDTH_SAMPLE_ROWS = 1000
DATE_FORMAT = "yyyy-mm-dd"
OPTIONS = {
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "default_date_format": DATE_FORMAT,
}


def display_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: a wide (Chinese) character two, any other one."""
    return sum(2 if east_asian_width(c) in "WF" else 1 for c in text)


def sheet_name(text: str, taken: set[str]) -> str:
    """``text`` as a valid, unused sheet name: no ``[]:*?/\\``, at most 31 characters, not ``History``."""
    base = _NOT_IN_SHEET_NAMES.sub("_", text).strip().strip("'") or "_"
    if base.lower() == "history":  # reserved by Excel
        base += "_"
    name, n = base[:SHEET_NAME_MAX], 1
    while name.lower() in taken:
        n += 1
        suffix = f" ({n})"
        name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
    taken.add(name.lower())
    return name


class Sheet:
    """One sheet being written: a header row, then rows of plain values (see the module's rules)."""

    def __init__(self, book: "Book", name: str, header: Sequence[str], formats: Mapping[str, str] | None = None):
        self.book = book
        self.worksheet = book.workbook.add_worksheet(name)
        self.name = self.worksheet.name
        self.header = tuple(header)
        self.rows = 0  # data rows written
        self.widths = [display_width(h) for h in self.header]
        self._formats = {i: book.format(formats[h]) for i, h in enumerate(self.header) if formats and h in formats}
        bold = book.format("header")
        for col, text in enumerate(self.header):
            self.worksheet.write_string(0, col, text, bold)
        self.worksheet.freeze_panes(1, 0)

    def write(self, values: Sequence[object]) -> None:
        self.rows += 1
        row, ws, formats = self.rows, self.worksheet, self._formats
        date_format = self.book.date_format
        measure = self.rows <= WIDTH_SAMPLE_ROWS
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            kind = type(value)
            if kind is str:
                ws.write_string(row, col, value)
                text = value
            elif kind is int or kind is float:
                ws.write_number(row, col, value, formats.get(col))
                text = f"{value:,.1f}" if kind is float else f"{value:,}"
            elif kind is bool:
                ws.write_boolean(row, col, value)
                text = "FALSE"
            elif kind is date or kind is datetime:
                ws.write_datetime(row, col, value, date_format if kind is date else self.book.datetime_format)
                text = "yyyy-mm-dd" if kind is date else "yyyy-mm-dd hh:mm"
            elif isinstance(value, (tuple, list)):
                text = ";".join(str(v) for v in value)
                ws.write_string(row, col, text)
            else:
                text = str(value)
                ws.write_string(row, col, text)
            if measure and col < len(self.widths):
                self._measure(col, text)

    def _measure(self, col: int, text: str) -> None:
        for line in text.split("\n") if "\n" in text else (text,):
            width = len(line) if line.isascii() else display_width(line)
            if width > self.widths[col]:
                self.widths[col] = width

    def finish(self) -> None:
        for col, width in enumerate(self.widths):
            self.worksheet.set_column(col, col, min(max(width + 2, WIDTH_MIN), WIDTH_MAX))
        if self.header:
            self.worksheet.autofilter(0, 0, max(self.rows, 1), len(self.header) - 1)


class Book:
    """An open workbook: ``sheet(name, header)`` adds a sheet; ``close`` (or the ``workbook`` block) ends it."""

    def __init__(self, path: str | os.PathLike[str], constant_memory: bool = False):
        import xlsxwriter

        self.workbook = xlsxwriter.Workbook(os.fspath(path), {**OPTIONS, "constant_memory": constant_memory})
        self.date_format = self.workbook.add_format({"num_format": DATE_FORMAT})
        self.datetime_format = self.workbook.add_format({"num_format": DATE_FORMAT + " hh:mm"})
        self._formats: dict[str, object] = {}
        self._names: set[str] = set()
        self.sheets: list[Sheet] = []

    def format(self, name: str):
        """A cell format by name: ``header`` (bold), ``pct`` (0.0%), ``float`` (0.0), ``int`` (#,##0)."""
        if name not in self._formats:
            spec = {"header": {"bold": True}, "pct": {"num_format": "0.0%"}, "float": {"num_format": "0.0"},
                    "int": {"num_format": "#,##0"}}[name]
            self._formats[name] = self.workbook.add_format(spec)
        return self._formats[name]

    def sheet(self, name: str, header: Sequence[str], formats: Mapping[str, str] | None = None) -> Sheet:
        sheet = Sheet(self, sheet_name(name, self._names), header, formats)
        self.sheets.append(sheet)
        return sheet

    def close(self) -> None:
        for sheet in self.sheets:
            sheet.finish()
        self.workbook.close()


@contextmanager
def workbook(path: str | os.PathLike[str], force: bool = False, constant_memory: bool = False) -> Iterator[Book]:
    """A Book written through ``fileout`` (whole or not at all, 0600, ``force`` to replace; ``-`` is stdout)."""
    from followup_cli.fileout import output_path

    with output_path(path, force=force) as temporary:
        book = Book(temporary, constant_memory=constant_memory)
        yield book
        book.close()


def write_kind(
    path: str | os.PathLike[str],
    kind: str,
    rows,
    mask: bool = False,
    force: bool = False,
    sheet: str | None = None,
) -> int:
    """An ``export``: one kind on one sheet named after it, the kind's columns as the header; returns the rows."""
    from followup_cli.mask import mask_phone, mask_text

    from .columns import table_spec
    from .write import _in_order

    spec = table_spec(kind)
    header = spec.columns
    maskers: dict[int, Callable[[str], str]] = {}
    if mask:
        maskers = {header.index(n): mask_phone for n in spec.phone_columns if n in header}
        maskers.update({header.index(n): mask_text for n in spec.words_columns if n in header})
    with workbook(path, force=force, constant_memory=True) as book:
        out = book.sheet(sheet or kind, header)
        for row in rows:
            values = list(_in_order(row, header))
            for i, masker in maskers.items():
                if isinstance(values[i], str):
                    values[i] = masker(values[i])
            out.write(values)
        return out.rows
