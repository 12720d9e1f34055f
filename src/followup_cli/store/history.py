"""Stage and intent-level changes made by hand: written by ``log`` and ``customer edit``, read by reports.

Seed 000's 意向客户级别状况表 counts level changes per consultant, and seed 004
counts false defeats (虚战败) brought back: both need the day a stage or level
changed, which the customer row (its current values) cannot tell.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.engine import Connection

from followup_cli.rules.model import StageChange
from followup_cli.store.tables import StageChangeRow

_COLUMNS = ("customer_id", "changed_on", "stage_from", "stage_to", "level_from", "level_to", "staff", "touchpoint")


def record_change(
    conn: Connection,
    customer_id: str,
    changed_on: date,
    before: tuple[str | None, str | None],
    after: tuple[str | None, str | None],
    staff: str | None = None,
    touchpoint: str | None = None,
) -> bool:
    """Store one change of (stage, intent level) from ``before`` to ``after``; nothing when neither changed.

    A blank stage is a prospect (``store/loaders.py``), so blank -> prospect is no change.
    """
    stage_from, level_from = (before[0] or "prospect"), before[1]
    stage_to, level_to = (after[0] or "prospect"), after[1]
    stage_changed, level_changed = stage_from != stage_to, level_from != level_to
    if not (stage_changed or level_changed):
        return False
    conn.execute(
        StageChangeRow.__table__.insert().values(
            customer_id=customer_id,
            changed_on=changed_on,
            stage_from=stage_from if stage_changed else None,
            stage_to=stage_to if stage_changed else None,
            level_from=level_from if level_changed else None,
            level_to=level_to if level_changed else None,
            staff=staff,
            touchpoint=touchpoint,
        )
    )
    return True


def load_changes(conn: Connection, customer_ids: Iterable[str] | None = None) -> dict[str, tuple[StageChange, ...]]:
    """Every customer's changes, oldest first (by day, then as recorded)."""
    table = StageChangeRow.__table__
    query = select(*(table.c[c] for c in _COLUMNS), table.c.id).order_by(table.c.customer_id, table.c.changed_on, table.c.id)
    wanted = None if customer_ids is None else set(customer_ids)
    out: dict[str, list[StageChange]] = {}
    for row in conn.execute(query):
        if wanted is not None and row.customer_id not in wanted:
            continue
        values = dict(zip(_COLUMNS, row))
        out.setdefault(row.customer_id, []).append(StageChange(**values, seq=row.id))
    return {k: tuple(v) for k, v in out.items()}
