"""`report pipeline`: prospects by intent level per consultant (seed 000 意向客户级别状况表, seed 001).

Seed 000 asks the sales manager to read the intent-level status table (意向客户级别状况表)
to see each consultant's pipeline; seed 001 §二(二) classifies every prospect A–D and
§三(一) follows each level at its own pace; seed 004 warns of levels that make no
progress (客户级别无进展). One row per consultant (the customer's ``owner``) and level
A–D, then a row per level for everyone:

* ``prospects``: customers at stage ``prospect`` with that level now — the same count as
  ``followup customer list --stage prospect --level X --owner S``.
* ``new``: customers created in the period (``created_on``), whatever their stage now,
  by the level they have (a customer won or lost keeps its last level).
* ``up`` / ``down``: level changes made in the period (``log --level``, ``customer edit``;
  ``store.history``) into that level, from a lower (up: D→C→B→A) or a higher level.
* ``stale``: of ``prospects``, those whose level is stale on ``--today`` (no reaching
  contact for ``lead.cadence.stale_after_periods`` cadence periods; seed 004).
* ``won``: customers who took delivery of a car sold here in the period (counted once),
  by their last level; ``quasi_lost`` / ``lost``: customers still at that stage whose
  ``lost_on`` is in the period.
* ``conversion``: won / (won + quasi-lost + lost) — of the level's prospects decided in
  the period, the share that bought; blank when none was decided.

Prospects without a level are a row of their own ("(no level)") when there are any; every
consultant on the staff list has rows, and so does an owner code that only customers name.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from followup_cli.message import Message, N_
from followup_cli.reports.model import Chart, Column, Period, Report, ReportInput, Table
from followup_cli.rules.model import INTENT_LEVELS
from followup_cli.rules.sales import level_stale_with_reason

TOTAL = Message.of(N_("total"))
NO_LEVEL = Message.of(N_("(no level)"))
NO_OWNER = Message.of(N_("(no owner)"))
_RANK = {level: i for i, level in enumerate(INTENT_LEVELS)}  # A is 0, the warmest


@dataclass
class _Tally:
    prospects: int = 0
    new: int = 0
    up: int = 0
    down: int = 0
    stale: int = 0
    won: int = 0
    quasi_lost: int = 0
    lost: int = 0

    def add(self, other: "_Tally") -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def row(self, owner: object, level: object) -> tuple:
        decided = self.won + self.quasi_lost + self.lost
        return (
            owner, level, self.prospects, self.new, self.up, self.down, self.stale,
            self.won, self.quasi_lost, self.lost, self.won / decided if decided else None,
        )


COLUMNS = (
    Column("owner", Message.of(N_("sales consultant"))),
    Column("level", Message.of(N_("level"))),
    Column("prospects", Message.of(N_("prospects")), "bar"),
    Column("new", Message.of(N_("new")), "int"),
    Column("up", Message.of(N_("level up")), "int"),
    Column("down", Message.of(N_("level down")), "int"),
    Column("stale", Message.of(N_("stale")), "int"),
    Column("won", Message.of(N_("won")), "int"),
    Column("quasi_lost", Message.of(N_("quasi-lost")), "int"),
    Column("lost", Message.of(N_("lost")), "int"),
    Column("conversion", Message.of(N_("conversion")), "pct"),
)


def pipeline(data: ReportInput) -> Report:
    today = data.today
    period = Period(data.period.start, min(data.period.end, today))
    tallies: dict[tuple[str | None, str | None], _Tally] = {}

    def tally(owner: str | None, level: str | None) -> _Tally:
        return tallies.setdefault((owner, level), _Tally())

    for file in data.files:
        c = file.customer
        level = c.intent_level or None
        mine = tally(c.owner or None, level)
        if c.stage == "prospect":
            mine.prospects += 1
            stale = level_stale_with_reason(file, today, data.policy)
            if stale is not None and stale[0]:
                mine.stale += 1
        if c.created_on in period:
            mine.new += 1
        if any(v.sold_here and v.delivered_on in period for v in file.vehicles):
            mine.won += 1
        if c.stage == "quasi_lost" and c.lost_on in period:
            mine.quasi_lost += 1
        if c.stage == "lost" and c.lost_on in period:
            mine.lost += 1
        for change in data.changes.get(c.customer_id, ()):
            if change.changed_on in period and change.level_from in _RANK and change.level_to in _RANK:
                moved = tally(c.owner or None, change.level_to)
                if _RANK[change.level_to] < _RANK[change.level_from]:
                    moved.up += 1
                else:
                    moved.down += 1

    consultants = sorted({s.code for s in data.dealership.staff if s.role == "consultant"})
    others = sorted({o for o, _ in tallies if o is not None and o not in consultants})
    owners: list[str | None] = [*consultants, *others]
    if any(o is None for o, _ in tallies):
        owners.append(None)
    by_level = {level: _Tally() for level in INTENT_LEVELS}
    no_level = _Tally()
    rows = []
    for owner in owners:
        label = owner if owner is not None else NO_OWNER
        for level in INTENT_LEVELS:
            t = tallies.get((owner, level), _Tally())
            rows.append(t.row(label, level))
            by_level[level].add(t)
        if (owner, None) in tallies:
            rows.append(tallies[(owner, None)].row(label, NO_LEVEL))
            no_level.add(tallies[(owner, None)])
    for level in INTENT_LEVELS:
        rows.append(by_level[level].row(TOTAL, level))
    if any((o, None) in tallies for o in owners):
        rows.append(no_level.row(TOTAL, NO_LEVEL))

    span = dict(start=period.start, end=period.end)
    return Report(
        "pipeline",
        Message.of(N_("Prospects by intent level from {start} to {end}"), **span),
        (
            Table(
                "levels",
                Message.of(N_("Intent levels per consultant (意向客户级别状况表)")),
                COLUMNS,
                tuple(rows),
                (
                    Message.of(N_("prospects, stale: now (stale: no reaching contact for {periods} cadence periods)"),
                               periods=data.policy.get("lead.cadence.stale_after_periods")),
                    Message.of(N_("new, up, down, won, quasi-lost, lost: in the period; won: deliveries of cars sold here; customers count under their last level")),
                    Message.of(N_("conversion = won / (won + quasi-lost + lost)")),
                ),
                chart=Chart("bar", ("owner", "level"), ("prospects", "won", "quasi_lost", "lost")),
            ),
        ),
    )
