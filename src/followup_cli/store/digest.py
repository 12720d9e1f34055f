"""The contact digest: per customer, the contacts the morning list can still need (issue 7).

Maintained by ``followup import contacts`` and ``followup log`` in the same
transaction as the contacts themselves; rebuilt from the raw rows by
``followup check --rebuild``.
"""

from __future__ import annotations

from typing import Iterable

from sqlalchemy.engine import Connection


def refresh(conn: Connection, customer_ids: Iterable[str] | None = None) -> None:
    """Bring the digest of ``customer_ids`` (None: every customer) up to date with their contacts."""
    return None
