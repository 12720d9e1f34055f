"""Reading a CSV file of one kind, row by row, in constant memory.

``open_table(path, kind)`` does the file-level work at once: it detects the
encoding, makes sure the whole file decodes, and checks the header. What it
finds is in ``table.problems``. Iterating the table then yields one
:class:`Row` per spreadsheet row, parsed, with that row's problems; nothing is
written anywhere and nothing stops at the first problem, so the importer can
show every problem of a file together (and refuse it) or load it.
``table.records(columns)`` yields the same rows as tuples, without a dict
per row, for a file of a million contacts.

The encoding is detected (UTF-8, UTF-16 by its BOM, GB18030) and the whole
file checked to decode before the first row is handed out, by
``csvio.encoding``; ``encoding=`` overrides. Excel's "Unicode text" (UTF-16,
tab-separated) is read too: a header with tabs and no comma sets the
delimiter to tab.

Standard input (``-``), a pipe or a device can be read only once: it is first
copied into a private temporary file (removed on close), which is then read
like any file. An endless one (``/dev/zero``, ``yes``) is refused once a line
grows past ``STREAM_MAX_LINE`` or the whole past ``STREAM_MAX_BYTES``.

A NUL or a byte-order mark past the start (``csvio.encoding``) refuses the
file, and its rows are still checked so that one run shows every problem. A
data row that repeats the header says so.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import os
from functools import partial
from pathlib import Path
from typing import Callable, Iterator, NamedTuple, Sequence

from followup_cli.message import Message, N_

from .columns import TableSpec, table_spec
from .encoding import CHUNK_BYTES, choose_encoding
from .fields import FieldError, key_fold, unquote_formula
from .problems import Problem, clip

#: distinct cell texts memoised per cached column; past it the memo starts over
CACHE_LIMIT = 50_000
#: standard input or a pipe: a physical line longer than this is no CSV (``/dev/zero`` has no line end)
STREAM_MAX_LINE = 16 << 20
#: ... and more than this is an endless input (a file of a million contacts is about 100 MB)
STREAM_MAX_BYTES = 4 << 30
STDIN = "-"


class Row(NamedTuple):
    """One data row. ``number`` is the spreadsheet row (header = 1).

    ``values`` holds the columns the file has (in no particular order); a
    cell that could not be parsed is left out (its problem says why).
    ``problems`` is the row's own list: the importer may add to it.
    """

    number: int
    values: dict[str, object]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


#: builds a Row from (number, values, problems) without NamedTuple's Python-level __new__ (a
#: measurable share of the per-row cost on a 1,000,000-row import)
_make_row = partial(tuple.__new__, Row)
_HEADER_AGAIN = Message.of(N_("this row repeats the header row: were two files joined together? Delete it"))
_EXTRA_BLANK_CELLS = object()
_ABSENT = object()


def _same(value: object) -> object:
    return value


def _values_of(columns: tuple[str, ...]) -> Callable[[dict], tuple]:
    """``values`` (a row's dict) as a tuple in ``columns`` order, None for what it does not hold."""

    def pick(values: dict) -> tuple:
        return tuple(map(values.get, columns))

    return pick


def _read_cell(cell: str, parse: Callable[[str], object], blank: object) -> object:
    text = cell.strip()
    if not text:
        return blank
    if text[0] == "'":
        text = unquote_formula(text)
    return parse(text)


def open_table(
    path: str | os.PathLike[str], kind: str, encoding: str | None = None, sheet: str | None = None
) -> "Table":
    """Open ``path`` as a ``kind`` file (``staff customers vehicles visits contacts campaigns``).

    ``path`` is a CSV file or a workbook (.xlsx, .xls, .ods: told by its
    first bytes, so standard input may be one too): its first sheet, or
    ``sheet``. Use it as a context manager; iterate it once for its rows.
    """
    return Table(path, kind, encoding, sheet)


class Table:
    """An open CSV file: ``name``, ``encoding``, ``header``, ``columns``, ``problems``, rows.

    ``problems`` holds the file-level problems (encoding, header); each row
    carries its own. ``bytes_read`` and ``size`` drive a progress bar.
    """

    def __init__(
        self, path: str | os.PathLike[str], kind: str, encoding: str | None = None, sheet: str | None = None
    ):
        self.path = Path(path)
        self.name = "stdin" if os.fspath(path) == STDIN else self.path.name
        self._spool: Path | None = None
        self.spec: TableSpec = table_spec(kind)
        self.problems: list[Problem] = []
        self.encoding: str | None = None
        self.delimiter = ","
        self.header: tuple[str, ...] = ()
        self.columns: tuple[str, ...] = ()  # the kind's columns the header names, in file order
        self.size = 0
        self._binary: io.BufferedReader | None = None
        self._records: Iterator[list[str]] | None = None
        self._width = 0
        self._positions: dict[str, int] = {}
        self._started = False
        self._finished = False
        self._sheet_rows = 0  # a workbook's rows (for the progress), 0 for CSV
        self._rows_read = 0
        self._open(encoding, sheet)

    # --- file level ----------------------------------------------------------------

    def _problem(self, msgid: str, row: int | None = None, **params: object) -> None:
        self.problems.append(Problem(self.name, row, None, Message.of(msgid, **params)))

    def _open(self, encoding: str | None, sheet: str | None = None) -> None:
        from .workbook import is_workbook

        try:
            if os.fspath(self.path) == STDIN or not self.path.is_file():
                if not (os.fspath(self.path) == STDIN or self.path.exists()):
                    raise FileNotFoundError(2, os.strerror(2))
                if self.path.is_dir():
                    raise IsADirectoryError(21, os.strerror(21))
                self._spool = self.path = _spooled(self.path)
            self.size = os.path.getsize(self.path)
            if is_workbook(self.path):
                self._open_workbook(sheet)
                return
            if sheet is not None:
                self._problem(N_("--sheet is for an Excel or OpenDocument workbook; this file is CSV text"))
                return
            self.encoding = encoding = self._choose_encoding(encoding)
            if encoding is None:
                return
            self._binary = open(self.path, "rb")
        except EndlessInput as endless:
            self.problems.append(Problem(self.name, None, None, endless.message))
            return
        except OSError as error:
            self._problem(N_("cannot read the file: {reason}"), reason=error.strerror or str(error))
            return
        text = io.TextIOWrapper(self._binary, encoding=encoding, newline="")
        first = text.readline()
        if "\t" in first and "," not in first:
            self.delimiter = "\t"
        self._records = csv.reader(itertools.chain((first,), text), delimiter=self.delimiter, strict=True)
        self._read_header()

    def _open_workbook(self, sheet: str | None) -> None:
        """A workbook's sheet: its rows as cell texts, checked from the header on like a CSV file's."""
        from .workbook import WorkbookError, sheet_rows

        try:
            rows, self._sheet_rows = sheet_rows(self.path, sheet)
        except WorkbookError as error:
            self.problems.append(Problem(self.name, None, None, error.message))
            return
        self._records = self._counted(rows)
        self._read_header()

    def _counted(self, rows: Iterator[list[str]]) -> Iterator[list[str]]:
        for self._rows_read, cells in enumerate(rows, 1):
            yield cells

    def _choose_encoding(self, encoding: str | None) -> str | None:
        """The encoding to read with (``csvio.encoding``), or None when the file does not decode; its problems noted."""
        chosen, problems = choose_encoding(self.path, encoding)
        self.problems.extend(Problem(self.name, None, None, message) for message in problems)
        return chosen

    def _read_header(self) -> None:
        try:
            cells = next(self._records, [])  # type: ignore[arg-type]
        except (csv.Error, UnicodeDecodeError) as error:
            self.problems.append(Problem(self.name, 1, None, _unreadable(error)[0]))
            self._records = None
            return
        names = [cell.replace("\ufeff", "").strip() for cell in cells]
        while names and not names[-1]:  # Excel leaves empty cells after the last column
            names.pop()
        self.header = tuple(names)
        self._width = len(names)
        spec = self.spec
        if not names:
            self._problem(N_("no header row: the first row must name the columns"), row=1)
            self._records = None
            return
        accepted = spec.accepted
        listed = ", ".join(accepted)
        positions: dict[str, int] = {}
        unknown: list[str] = []
        for index, name in enumerate(names):
            if not name:
                self._problem(N_("column {letter} has no name"), row=1, letter=column_letter(index))
                continue
            lowered = name.lower()
            if lowered in positions:
                self._problem(
                    N_('column "{column}" appears twice (columns {first} and {second})'),
                    row=1,
                    column=clip(name),
                    first=column_letter(positions[lowered]),
                    second=column_letter(index),
                )
                continue
            positions[lowered] = index
            if lowered not in accepted:
                unknown.append(name)
        self._positions = {name: index for name, index in positions.items() if name in accepted}
        self.columns = tuple(sorted(self._positions, key=self._positions.__getitem__))
        if not self._positions:
            self._problem(
                N_("the first row is not a header: it names no {kind} column (the columns are: {columns})"),
                row=1,
                kind=spec.kind,
                columns=listed,
            )
            self._records = None
            return
        if unknown:
            self._problem(
                N_("not a {kind} column: {unknown} (the columns are: {columns})"),
                row=1,
                kind=spec.kind,
                unknown=", ".join(clip(name) for name in unknown),
                columns=listed,
            )
        missing = [name for name in spec.required if name not in self._positions]
        if missing:
            self._problem(N_("required column missing: {columns}"), row=1, columns=", ".join(missing))

    # --- rows ------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Row]:
        if self._started:
            raise RuntimeError("a table is read once: open it again to read it again")
        self._started = True
        return self._rows()

    def records(self, columns: Sequence[str]) -> Iterator[tuple[int, tuple, Sequence[Problem]]]:
        """The rows as ``(number, values, problems)``, ``values`` a tuple in ``columns`` order.

        The same rows, values and problems as iterating the table, without a
        dict per row: what a row's ``values`` holds for each of ``columns``,
        None for a column the file leaves out, a blank cell or a refused one
        (its problem says why). ``problems`` may be an empty tuple. For a
        file of a million rows (contacts): a clean row whose cells have all
        been seen before costs one call of a function made for the file's
        columns (see ``_fast_row``).
        """
        if self._started:
            raise RuntimeError("a table is read once: open it again to read it again")
        self._started = True
        return self._rows(tuple(columns))

    def _rows(self, columns: tuple[str, ...] | None = None) -> Iterator:
        """Parse the records one by one.

        Per row, Python-level work is what makes a 1,000,000-row import slow,
        so the columns are split by how they are read, each kind in a tight
        loop: a column whose values repeat (dates, enumerations:
        ``Column.cached``) is parsed once per distinct cell text and then costs
        one dict lookup; a text column costs one strip; only phones, VINs,
        numbers and lists call their parser every time.

        A row the CSV reader cannot split (text after a closing quote) is a
        problem of that row, and the rows after it are read on; a quote never
        closed, or a cell past the reader's size limit, ends the rows (what
        follows cannot be told apart from the runaway cell): a file-level problem.
        """
        records = self._records
        if records is None:
            self._finished = True
            return
        file = self.name
        width = self._width
        memoised, texts, keys, parsed = [], [], [], []
        memos: dict[str, dict] = {}
        for name, index in self._positions.items():
            column = self.spec.fields[name]
            if column.parse is None:
                texts.append((index, name))
            elif column.identifier:
                keys.append((index, name, column.parse))
            elif column.cached:
                memos[name] = {"": column.blank}
                memoised.append((index, name, memos[name], column.parse, column.blank))
            else:
                parsed.append((index, name, column.parse, column.blank, column.warn))
        if columns is None:
            make, fast = _make_row, None
        else:
            pick = _values_of(columns)

            def make(row: tuple) -> tuple:
                number, values, problems = row
                return number, pick(values), problems

            fast = self._fast_row(columns, memos)
        order = self._positions.get  # problems are listed in column order
        required = [name for name in self.spec.required if name in self._positions]
        key = self.spec.key if self.spec.key in self._positions else None
        # a data row that is the header again (two files joined): its key cell holds the key's column name
        header_keys = frozenset()
        if key is not None:
            written = self.header[self._positions[key]]
            header_keys = frozenset((written, "\ufeff" + written))
        repeats_header = self._repeats_header
        seen: dict[object, tuple[int, object]] = {}  # the key, case-folded (a VIN is upper-cased already)
        fold = key_fold if key is not None and self.spec.fields[key].identifier else _same
        number = 1
        while True:
            try:
                for cells in records:
                    number += 1
                    if len(cells) != width:
                        problem = self._misshapen(number, cells)
                        if problem is None:
                            continue  # a blank row
                        if problem is not _EXTRA_BLANK_CELLS:
                            yield make((number, {}, [problem]))
                            continue
                    if fast is not None:
                        try:
                            record = fast(cells)
                        except KeyError:  # a cell not seen before (or refused): the way below
                            pass
                        else:
                            if record is not None:
                                yield number, record, ()
                                continue
                    values: dict[str, object] = {}
                    problems: list[Problem] = []
                    for index, name, memo, parse, blank in memoised:
                        cell = cells[index]
                        try:
                            values[name] = memo[cell]
                        except KeyError:
                            try:
                                value = _read_cell(cell, parse, blank)
                            except FieldError as error:
                                problems.append(Problem(file, number, name, error.message))
                            else:
                                values[name] = value
                                if len(memo) >= CACHE_LIMIT:
                                    memo.clear()
                                    memo[""] = blank
                                memo[cell] = value
                    for index, name in texts:
                        text = cells[index].strip()
                        if text:
                            values[name] = unquote_formula(text) if text[0] == "'" else text
                        else:
                            values[name] = None
                    for index, name, parse in keys:
                        text = cells[index].strip()
                        if not text:
                            values[name] = None
                        elif text.isascii() and text.isprintable() and text[0] != "'":  # the common case
                            values[name] = text
                        else:
                            try:
                                values[name] = parse(unquote_formula(text))
                            except FieldError as error:
                                problems.append(Problem(file, number, name, error.message))
                    for index, name, parse, blank, warn in parsed:
                        try:
                            value = values[name] = _read_cell(cells[index], parse, blank)
                        except FieldError as error:
                            problems.append(Problem(file, number, name, error.message))
                            continue
                        if warn is not None and value:
                            warning = warn(value)
                            if warning is not None:
                                problems.append(Problem(file, number, name, warning, "warning"))
                    for name in required:
                        if values.get(name, _ABSENT) is None:  # blank (a refused cell is absent)
                            if not any(cell.strip() for cell in cells):
                                break  # a blank row: ",,,,"
                            problems.append(Problem(file, number, name, Message.of(N_("a value is required"))))
                    else:
                        if key is not None:
                            value = values.get(key)
                            if value is not None:
                                first, written = seen.setdefault(fold(value), (number, value))
                                if first != number and written == value:
                                    message = Message.of(
                                        N_('"{value}" is already on row {row}'), value=clip(value), row=first
                                    )
                                    problems.append(Problem(file, number, key, message))
                                elif first != number:
                                    message = Message.of(
                                        N_('"{value}" differs only by case from "{existing}" on row {row}'),
                                        value=clip(value),
                                        existing=clip(written),
                                        row=first,
                                    )
                                    problems.append(Problem(file, number, key, message))
                                elif value in header_keys and repeats_header(cells):
                                    problems.append(Problem(file, number, None, _HEADER_AGAIN))
                        if problems:
                            if repeats_header(cells):  # its values are column names: nothing to check
                                values, problems = {}, [Problem(file, number, None, _HEADER_AGAIN)]
                            elif len(problems) > 1:
                                problems.sort(key=lambda problem: order(problem.column, 0))
                        yield make((number, values, problems))
                break
            except (csv.Error, UnicodeDecodeError) as error:
                number += 1  # the record that could not be read
                message, fatal = _unreadable(error)
                if fatal:
                    self.problems.append(Problem(file, number, None, message))
                    break
                yield make((number, {}, [Problem(file, number, None, message)]))
        self._finished = True

    def _fast_row(self, columns: tuple[str, ...], memos: dict[str, dict]) -> Callable[[list[str]], tuple | None] | None:
        """A function of a record's cells giving its values in ``columns`` order, made for this file's columns.

        It reads what the cell-by-cell way reads, in one expression per
        column: a text cell trimmed (blank: None; the formula quote taken
        off), a cached column's cell looked up in its memo (``memos``, the
        memos of the cell-by-cell way). It raises KeyError for a cell not in
        its memo and returns None when a required value is blank: such a
        row, and every row of a file with a key (whose duplicates are looked
        for) or with a column parsed every time (phones, VINs), is read the
        cell-by-cell way, which finds its problems. The function is compiled
        from generated source, as ``collections.namedtuple`` does: the
        column positions become constants.
        """
        if self.spec.key in self._positions:
            return None
        env: dict[str, object] = {"_unquote": unquote_formula}
        lines: list[str] = []
        for name, index in self._positions.items():
            field = self.spec.fields[name]
            variable = f"v{index}"
            if field.parse is None:
                lines.append(f"t = cells[{index}].strip()")
                lines.append(f"{variable} = (t if t[:1] != \"'\" else _unquote(t)) or None")
            elif field.identifier:  # plain printable ASCII as it is; any other id the cell-by-cell way
                lines.append(f"{variable} = cells[{index}].strip() or None")
                lines.append(f"if {variable} is not None and not ({variable}.isascii() and {variable}.isprintable()"
                             f" and {variable}[0] != \"'\"):")
                lines.append("    raise KeyError")
            elif field.cached:
                env[f"m{index}"] = memos[name]
                lines.append(f"{variable} = m{index}[cells[{index}]]")
            else:
                return None
        required = [f"v{self._positions[name]} is None" for name in self.spec.required if name in self._positions]
        if required:
            lines.append(f"if {' or '.join(required)}:")
            lines.append("    return None")
        values = [f"v{self._positions[name]}" if name in self._positions else "None" for name in columns]
        lines.append(f"return ({', '.join(values)},)")
        source = "def fast_row(cells):\n" + "".join(f"    {line}\n" for line in lines)
        exec(compile(source, f"<{self.spec.kind} row>", "exec"), env)  # noqa: S102 - our own source, names from the spec
        return env["fast_row"]  # type: ignore[return-value]

    def _repeats_header(self, cells: list[str]) -> bool:
        """Is this data row the header row again (as when two exports are joined into one file)?"""
        names = [cell.replace("\ufeff", "").strip().lower() for cell in cells[: self._width]]
        return names == [name.lower() for name in self.header]

    def _misshapen(self, number: int, cells: list[str]) -> object:
        """A row whose cell count differs from the header's: None when blank, else its problem.

        Cells past the header's width that are all blank (Excel leaves such)
        are fine: ``_EXTRA_BLANK_CELLS``.
        """
        width = self._width
        if not any(cell.strip() for cell in cells):
            return None
        if len(cells) > width and not any(cell.strip() for cell in cells[width:]):
            return _EXTRA_BLANK_CELLS
        message = Message.of(
            N_("this row has {found} cells, the header has {expected}"), found=len(cells), expected=width
        )
        return Problem(self.name, number, None, message)

    # --- progress and closing ---------------------------------------------------------

    @property
    def bytes_read(self) -> int:
        """How far into the file the reader is, in bytes (read-ahead included): for a progress bar."""
        if self._finished:
            return self.size
        if self._sheet_rows:
            return min(self.size * self._rows_read // self._sheet_rows, self.size)
        if self._binary is None or self._binary.closed:
            return 0
        return min(self._binary.tell(), self.size)

    @property
    def ok(self) -> bool:
        """No file-level error (rows carry their own problems)."""
        return not any(p.severity == "error" for p in self.problems)

    def close(self) -> None:
        if self._binary is not None:
            self._binary.close()
        if self._spool is not None:
            with contextlib.suppress(FileNotFoundError):
                os.remove(self._spool)
            self._spool = None

    def __enter__(self) -> "Table":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class EndlessInput(Exception):
    """A pipe or device that does not end like a CSV file; carries the message."""

    def __init__(self, message: Message):
        super().__init__(message.msgid)
        self.message = message


def _spooled(path: Path) -> Path:
    """Standard input (``-``), a pipe or a device copied into a private temporary file, which is returned.

    The caller removes it. EndlessInput past ``STREAM_MAX_LINE`` without a
    line end or ``STREAM_MAX_BYTES`` in all.
    """
    import sys
    import tempfile

    fd, name = tempfile.mkstemp(prefix="followup-import-", suffix=".csv")  # mode 0600
    try:
        with open(fd, "wb") as out, contextlib.ExitStack() as stack:
            source = sys.stdin.buffer if os.fspath(path) == STDIN else stack.enter_context(open(path, "rb"))
            total = line = 0
            while True:
                chunk = source.read(CHUNK_BYTES)
                if not chunk:
                    break
                total += len(chunk)
                end = chunk.rfind(b"\n")
                line = line + len(chunk) if end < 0 else len(chunk) - end - 1
                if line > STREAM_MAX_LINE:
                    raise EndlessInput(Message.of(
                        N_("a line longer than {limit} MB: not a CSV file (an endless input such as /dev/zero?); "
                           "nothing was read"),
                        limit=STREAM_MAX_LINE >> 20,
                    ))
                if total > STREAM_MAX_BYTES:
                    raise EndlessInput(Message.of(
                        N_("more than {limit} GB from a pipe or a device (an endless input?): save it to a file "
                           "and import that"),
                        limit=STREAM_MAX_BYTES >> 30,
                    ))
                out.write(chunk)
    except BaseException:
        os.remove(name)
        raise
    return Path(name)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters



def _unreadable(error: Exception) -> tuple[Message, bool]:
    """What a CSV reader error means for the person fixing the file, and whether the rows after it are lost."""
    reason = str(error)
    if "unexpected end of data" in reason:
        return Message.of(N_("a quoted cell starting in this row is never closed (unbalanced quotes)")), True
    if "field larger than field limit" in reason:
        message = Message.of(
            N_(
                "a cell in this row is longer than {limit} characters (if it starts with a quote, its closing "
                "quote is missing): the rows after it were not checked"
            ),
            limit=csv.field_size_limit(),
        )
        return message, True
    if "expected after" in reason:
        message = Message.of(
            N_('a quoted cell in this row has text after its closing quote: inside a quoted cell, write a quote as ""')
        )
        return message, False
    return Message.of(N_("cannot read this row: {reason}"), reason=reason), True
