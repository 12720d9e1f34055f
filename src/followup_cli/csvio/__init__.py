"""CSV in and out (SPEC section 2): reading with validation, errors as data; formula-safe writing.

No database here: checks that need the store (does the customer exist?) are
the importer's.
"""

from __future__ import annotations

from importlib import import_module

#: name -> the module of this package that defines it; imported on first use, so that a command
#: that needs one column parser (``followup log``) does not load the reader and the writer too
_WHERE = {
    "KINDS": "columns",
    "TABLES": "columns",
    "Column": "columns",
    "TableSpec": "columns",
    "table_spec": "columns",
    "FieldError": "fields",
    "Problem": "problems",
    "render_plain": "problems",
    "Row": "read",
    "Table": "read",
    "open_table": "read",
    "format_cell": "write",
    "mask_phone": "write",
    "write_rows": "write",
    "write_table": "write",
}


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


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
