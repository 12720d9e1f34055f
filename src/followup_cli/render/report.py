"""A report as a Rich table (with bars where a person would rather look), CSV for Excel, or JSON."""

from __future__ import annotations

import json
from datetime import date
from typing import TextIO

from followup_cli.i18n import render
from followup_cli.message import Message
from followup_cli.reports.model import Column, Report, Table

BAR_WIDTH = 24


def cell_text(value: object, column: Column) -> str:
    if value is None:
        return ""
    if isinstance(value, Message):  # a row label such as "(unassigned)" or "total"
        return render(value)
    if column.kind == "term":  # an enum value: the user's word on screen, the value itself in CSV/JSON
        from followup_cli.render.labels import term_label

        return term_label(str(value))
    if column.kind == "pct":
        return f"{float(value) * 100:.1f} %"
    if column.kind == "float":
        return f"{float(value):,.1f}"
    if column.kind in ("int", "bar") and isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _bar(value: object, largest: float) -> str:
    if not isinstance(value, (int, float)) or largest <= 0:
        return ""
    full = value / largest * BAR_WIDTH
    return "█" * int(full) + ("▌" if full - int(full) >= 0.5 else "")


def report_screen(report: Report, console) -> list:
    """What `report NAME` prints on ``console`` (``cli.terminal``): the title, the tables, the report's notes."""
    from followup_cli.render.safe import text

    return [text(render(report.title), style="bold"),  # a title is data, never markup
            *rich_tables(report, console),
            *(render(note) for note in report.notes)]


def rich_tables(report: Report, console):
    """The report's tables for ``console``'s width, each with its notes below.

    A table whose narrowest form (every header and cell wrapped at its
    spaces, numbers whole) fits is drawn as a table; one that does not (a
    dozen columns at 80 cells, Chinese headers that cannot wrap) is stacked:
    a block per row, its words first, then "header value" pairs filling the
    lines. Never a cell cut to "…". Measured on the example dealership at
    80/100/120/160 cells: ``workload`` and ``satisfaction`` stack at 80 and
    100, ``churn`` and ``grades`` (by region, by industry) at 80 only; every
    report is a table at 120 and 160.
    """
    width = console.width
    out = []
    for table in report.tables:
        rich = _table(table)
        if _narrowest(rich, console) > width:
            out.append(_stacked(table, width))
        else:
            out.append(rich)
        if table.notes:  # below the table, not as its caption: a caption wraps at the table's width
            from followup_cli.render.safe import text

            out.append(text("\n".join(render(n) for n in table.notes) + "\n", style="dim"))
    return out


def _table(table: Table):
    from rich import box
    from rich.table import Table as RichTable

    rich = RichTable(title=render(table.title), box=box.SIMPLE_HEAVY, title_justify="left")
    bars = {}
    for column in table.columns:
        number = column.kind not in ("text", "term", "date")
        # a number is never split over two lines ("100.0 %" would read as two values); headers wrap
        widest = max((len(cell_text(r[table.columns.index(column)], column)) for r in table.rows), default=0)
        rich.add_column(
            render(column.header), justify="right" if number else "left", min_width=widest if number else None,
            overflow="fold",
        )
        if column.kind == "bar":
            values = [r[table.columns.index(column)] for r in table.rows]
            bars[column.key] = max([v for v in values if isinstance(v, (int, float))] or [0])
            rich.add_column("", style="cyan", no_wrap=True)
    for row in table.rows:
        cells = []
        for column, value in zip(table.columns, row):
            cells.append(cell_text(value, column))
            if column.kind == "bar":
                cells.append(_bar(value, bars[column.key]))
        rich.add_row(*cells)
    return rich


def _narrowest(rich, console) -> int:
    """The fewest cells ``rich`` (a Rich table) needs with no word cut: its measured minimum, on no width limit."""
    from rich.measure import Measurement

    return Measurement.get(console, console.options.update(max_width=100_000), rich).minimum


def _stacked(table: Table, width: int):
    """``table`` as a block per row: the row's words (names, roles, dates), then "header value" pairs filling lines.

    Blank cells are left out; bars too (their numbers are there).
    """
    from rich.cells import cell_len
    from rich.console import Group
    from rich.text import Text

    from followup_cli.render.safe import text

    indent = "  "
    blocks = [Text(render(table.title), style="bold")]
    for row in table.rows:
        words, pairs = [], []
        for column, value in zip(table.columns, row):
            shown = cell_text(value, column)
            if not shown:
                continue
            if column.kind in ("text", "term", "date"):
                words.append(shown)
            else:
                pairs.append(f"{render(column.header)} {shown}")
        blocks.append(text(" ".join(words), style="bold"))
        lines: list[str] = []
        for pair in pairs:
            if lines and cell_len(lines[-1]) + 3 + cell_len(pair) <= width - len(indent):
                lines[-1] += " · " + pair
            else:
                lines.append(pair)
        blocks.extend(text(indent + line) for line in lines)
    return Group(*blocks, Text(""))


def write_csv(report: Report, out: TextIO | str, force: bool = True) -> int:
    """One CSV for Excel: a ``table`` column names each section; shares as numbers 0..1.

    ``force=False``: an existing file is refused (``fileout.OutputError``).
    """
    from followup_cli.csvio.write import write_rows

    keys: list[str] = []
    for table in report.tables:
        for column in table.columns:
            if column.key not in keys:
                keys.append(column.key)
    header = ["table", *keys]

    def rows():
        for table in report.tables:
            index = {c.key: i for i, c in enumerate(table.columns)}
            for row in table.rows:
                yield [table.name, *[_plain(row[index[k]]) if k in index else None for k in keys]]

    return write_rows(out, header, rows(), force=force)


def _plain(value: object) -> object:
    """A cell for CSV/JSON: a row label (Message) in the reader's language, the rest as is."""
    return render(value) if isinstance(value, Message) else value


def report_dict(report: Report) -> dict:
    def value(v):
        return v.isoformat() if isinstance(v, date) else _plain(v)

    def table_dict(t: Table) -> dict:
        return {
            "name": t.name,
            "title": render(t.title),
            "columns": [c.key for c in t.columns],
            "rows": [{c.key: value(v) for c, v in zip(t.columns, row)} for row in t.rows],
            "notes": [render(n) for n in t.notes],
        }

    return {
        "report": report.name,
        "title": render(report.title),
        "tables": [table_dict(t) for t in report.tables],
        "notes": [render(n) for n in report.notes],
    }


def write_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
