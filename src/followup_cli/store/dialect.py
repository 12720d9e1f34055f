"""What differs between the databases followup runs on, in one place (SQLite and PostgreSQL).

Ordering text: SQLite compares text byte by byte (its BINARY collation:
code point order for UTF-8), so ``C10`` sorts before ``C9`` and ``张`` after
``李``. A PostgreSQL database orders text by its collation, usually a
language's (``zh_CN.UTF-8``, ``en_US.UTF-8``: pinyin, case and punctuation
rules), so the same ``ORDER BY`` would list customers, and write exports, in
another order. :func:`key_order` asks for byte order there too (``COLLATE
"C"``), so every list and every export comes out in the same order on both.
"""

from __future__ import annotations

from sqlalchemy import Enum, String, TypeDecorator
from sqlalchemy.sql.elements import ColumnElement

#: PostgreSQL's byte-order collation (every PostgreSQL database has it)
BYTE_ORDER = "C"


def key_order(column: ColumnElement, dialect_name: str) -> ColumnElement:
    """``column`` for an ORDER BY, in byte order whatever the database's collation.

    Only a text column gets a ``COLLATE`` (on a date or a number it is an
    error on PostgreSQL), so any key column may be passed; SQLite's order is
    byte order already, so there the column is returned as it is.
    """
    if dialect_name == "postgresql" and _is_text(column):
        return column.collate(BYTE_ORDER)
    return column


def _is_text(column: ColumnElement) -> bool:
    """A text column, SQLModel's ``AutoString`` (a type decorator over String) included; not an Enum
    (a native PostgreSQL enum has no collation)."""
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    return isinstance(kind, String) and not isinstance(kind, Enum)
