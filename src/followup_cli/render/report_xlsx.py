"""A report as a workbook for the monthly meeting (SPEC section 6): one sheet per table, with its chart.

Each table is a sheet named by its title, headers in the reader's language,
numbers as numbers (shares as percentages), dates as dates, the table's
notes below it. A table that declares a ``Chart`` (``reports.model``) gets
a native Excel chart beside it: a line over months or days, columns over
categories; the total row is left out of it.
"""

from __future__ import annotations

from followup_cli.i18n import render
from followup_cli.message import Message
from followup_cli.reports.model import Column, Report, Table

#: Excel's chart types for the report model's chart kinds
CHART_TYPES = {"line": "line", "bar": "column"}
NUMBER_FORMATS = {"pct": "pct", "float": "float"}


def _cell(value: object, column: Column) -> object:
    if isinstance(value, Message):
        return render(value)
    if column.kind == "term" and value is not None:
        from followup_cli.render.report import cell_text

        return cell_text(value, column)
    return value


def _is_total(value: object) -> bool:
    return isinstance(value, Message) and value.msgid == "total"


def write_report_book(path: str, report: Report, force: bool = False) -> int:
    """Write the workbook; returns the number of charts drawn."""
    from followup_cli.csvio.xlsx import workbook

    charts = 0
    with workbook(path, force=force) as book:
        for table in report.tables:
            header = [render(c.header) for c in table.columns]
            formats = {h: NUMBER_FORMATS[c.kind] for h, c in zip(header, table.columns) if c.kind in NUMBER_FORMATS}
            sheet = book.sheet(render(table.title), header, formats)
            for row in table.rows:
                sheet.write([_cell(v, c) for v, c in zip(row, table.columns)])
            for n, note in enumerate(table.notes, start=sheet.rows + 2):
                sheet.worksheet.write_string(n, 0, render(note))
            if table.chart is not None and _draw(book, sheet, table):
                charts += 1
    return charts


def _draw(book, sheet, table: Table) -> bool:
    """The table's chart beside it; False when it has no row to draw."""
    chart = table.chart
    keys = [c.key for c in table.columns]
    first_category = keys.index(chart.categories[0])
    last_category = keys.index(chart.categories[-1])
    rows = len(table.rows)
    while rows and _is_total(table.rows[rows - 1][first_category]):
        rows -= 1
    if not rows:
        return False
    drawing = book.workbook.add_chart({"type": CHART_TYPES[chart.kind]})
    name = sheet.name
    for key in chart.values:
        col = keys.index(key)
        drawing.add_series({
            "name": [name, 0, col],
            "categories": [name, 1, first_category, rows, last_category],
            "values": [name, 1, col, rows, col],
            "marker": {"type": "circle"} if chart.kind == "line" else {"type": "none"},
        })
    drawing.set_title({"name": render(table.title)})
    drawing.set_legend({"position": "bottom"})
    drawing.set_size({"width": 640, "height": 360})
    sheet.worksheet.insert_chart(1, len(keys) + 1, drawing)
    return True
