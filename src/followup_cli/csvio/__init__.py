"""CSV in and out (SPEC section 2): reading with validation, errors as data; formula-safe writing.

No database here: checks that need the store (does the customer exist?) are
the importer's.
"""

from .columns import KINDS, TABLES, Column, TableSpec, table_spec
from .fields import FieldError
from .problems import Problem, render_plain
from .read import Row, Table, open_table
from .write import format_cell, mask_phone, write_rows, write_table

__all__ = [
    "KINDS",
    "TABLES",
    "Column",
    "FieldError",
    "Problem",
    "Row",
    "Table",
    "TableSpec",
    "format_cell",
    "mask_phone",
    "open_table",
    "render_plain",
    "table_spec",
    "write_rows",
    "write_table",
]
