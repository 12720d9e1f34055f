"""Reading a sheet of an Excel (.xlsx, .xls) or OpenDocument (.ods) workbook as CSV-like text rows.

SPEC section 2 ("Excel"): ``import`` reads workbooks with the same
validation as CSV, and the row in an error is the row Excel shows. So a
sheet becomes what a CSV file is to ``read.Table``: one list of cell texts
per spreadsheet row, blank rows included (row 1 is the header), and every
check, parse and row number of the CSV path applies unchanged.

Cells are turned into the text the CSV path reads, exactly: a date cell is
``YYYY-MM-DD`` (a date and time at midnight too; another time keeps it, and
the date parser ignores it); a number stored as a whole number loses its
``.0`` (a phone 13800138000, never ``13800138000.0`` or ``1.38E+10``); other
numbers keep their shortest exact digits; booleans are ``true``/``false``;
text is taken literally (``=SUM(A1)`` typed as text is that text).
A date column holding a plain number (an Excel serial without a date
format) is then refused by the date parser, as in a CSV file.

The reader is python-calamine (Rust: xlsx, xls and ods alike): on a sheet
of 100,000 customers it is about 10× faster than openpyxl's read-only mode
(benchmarks/RESULTS.md, "Workbooks"). It is not a streaming reader: the
sheet's cells are held (in Rust) while the rows are read, about 2 KB per
row of 30 columns, which bounds a workbook import by Excel's own
1,048,576 rows; a larger export is a CSV file, which is read in constant memory.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Iterator

from followup_cli.message import Message, N_

from .fields import FORMULA_STARTS, needs_formula_quote

#: what a workbook file starts with: a zip archive (xlsx, ods) or an OLE2 compound file (xls)
MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_QUOTED = frozenset(("'", *FORMULA_STARTS)) - {""}


class WorkbookError(Exception):
    """A workbook or sheet that cannot be read; carries the message."""

    def __init__(self, message: Message):
        super().__init__(message.msgid)
        self.message = message


def is_workbook(path: str | os.PathLike[str]) -> bool:
    """Does the file start like a workbook (whatever its name)?"""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError:
        return False
    return head.startswith(MAGIC)


def cell_text(value: object) -> str:
    """One cell's value as the text a CSV file would hold for it."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return value  # type: ignore[return-value]
    if kind is float:
        if value.is_integer() and abs(value) < 1e17:  # type: ignore[union-attr]
            return str(int(value))  # type: ignore[call-overload]
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text else text
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is datetime:
        if value.time() == time(0):  # type: ignore[union-attr]
            return value.date().isoformat()  # type: ignore[union-attr]
        return value.isoformat(sep=" ")  # type: ignore[union-attr]
    if kind is date or kind is time:
        return value.isoformat()  # type: ignore[union-attr]
    if kind is timedelta:
        return str(value)
    return str(value)


def sheet_rows(path: str | os.PathLike[str], sheet: str | None = None) -> tuple[Iterator[list[str]], int]:
    """The rows of ``sheet`` (default: the first) as lists of cell texts, from row 1, and how many there are.

    Data rows are cut or padded to the header's width (cells past it that
    are blank are dropped, so a row is as wide as the header unless it holds
    more). Raises WorkbookError for a file that is no readable workbook or
    a sheet it does not have.
    """
    import python_calamine as calamine

    try:
        book = calamine.CalamineWorkbook.from_path(os.fspath(path))
        names = book.sheet_names
        if sheet is None:
            if not names:
                raise WorkbookError(Message.of(N_("the workbook has no sheet")))
            found = book.get_sheet_by_index(0)
        elif sheet in names:
            found = book.get_sheet_by_name(sheet)
        else:
            raise WorkbookError(Message.of(
                N_('--sheet: the workbook has no sheet "{sheet}" (its sheets: {names})'),
                sheet=sheet, names=", ".join(names),
            ))
        rows = found.iter_rows()
    except WorkbookError:
        raise
    except calamine.PasswordError:
        raise WorkbookError(Message.of(N_("the workbook is protected by a password: save it without one"))) from None
    except Exception as error:  # noqa: BLE001 - calamine's errors (zip, XML, OLE) all mean "not readable"
        raise WorkbookError(Message.of(N_("cannot read the workbook: {reason}"), reason=str(error) or type(error).__name__)) from None
    return _texts(rows), found.height + found.start[0] if found.start else 0


def _literal(text: str) -> str:
    """A text cell as CSV would hold it: the CSV reader takes one ``'`` off a formula-like cell
    (``'=SUM(A1)``), which a workbook's text cell never has (it is text, not a formula): so it gets one."""
    body = text.lstrip()
    return "'" + body if body[:1] in _QUOTED and needs_formula_quote(body) else text


def _texts(rows: Iterator[list]) -> Iterator[list[str]]:
    text = cell_text
    width = None
    for cells in rows:
        texts = [
            (_literal(value) if value[:1] in _QUOTED or value[:1].isspace() else value)
            if type(value) is str else text(value)
            for value in cells
        ]
        if width is None:
            width = len(texts)
            while width and not texts[width - 1].strip():
                width -= 1
            texts = texts[:width]
        elif len(texts) > width:
            if not any(cell.strip() for cell in texts[width:]):
                texts = texts[:width]
        elif len(texts) < width:
            texts.extend([""] * (width - len(texts)))
        yield texts
