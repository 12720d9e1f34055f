"""Builders for report stories: a small hand-built dealership, a day, a period, exact numbers.

The builders of tests/rules/story.py (re-exported here), plus
``report_input`` to make a :class:`ReportInput`::

    files = [file(customer(stage="owner"), vehicles=[vehicle(delivered_on=D(2026, 3, 1))])]
    report = workload(report_input(files, D(2026, 3, 2)))

Defaults: customer ``C001`` owned by consultant ``S01`` (team ``sales``) with
advisor ``A01``; the dealership has ``S01`` (consultant, sales), ``A01``
(advisor, service), ``M01`` (manager, sales) and ``K01`` (crm).
"""

from __future__ import annotations

from datetime import date as D  # noqa: N812  (tests write D(2026, 3, 1))
from typing import Any, Iterable, Mapping

from rules.story import (  # noqa: F401  (re-exported for the report tests)
    CID,
    DEALERSHIP,
    STAFF,
    VIN,
    VIN2,
    campaign,
    contact,
    customer,
    dealership_of,
    file,
    policy_of,
    vehicle,
    visit,
)

from followup_cli.reports.model import Period, Report, ReportInput, Table
from followup_cli.rules.model import CustomerFile, Dealership
from followup_cli.rules.policy import Policy, default_policy



def report_input(
    files: Iterable[CustomerFile],
    today: D,
    start: D | None = None,
    end: D | None = None,
    days: int = 14,
    dealership: Dealership | None = None,
    policy: Policy | Mapping[str, Any] | None = None,
) -> ReportInput:
    """What ``followup report`` hands a report: the period defaults to ``today`` alone."""
    if policy is None or isinstance(policy, Mapping):
        policy = policy_of(policy)
    period = Period(start or today, end or today)
    return ReportInput(tuple(files), dealership or DEALERSHIP, policy, today, period, days)


def table(report: Report, name: str) -> Table:
    """The report's table called ``name``."""
    found = [t for t in report.tables if t.name == name]
    assert len(found) == 1, f"expected one table {name!r}, got {[t.name for t in report.tables]}"
    return found[0]


def rows(report: Report, name: str) -> list[dict[str, Any]]:
    """The rows of table ``name`` as dicts keyed by column key (what JSON gives)."""
    t = table(report, name)
    keys = [c.key for c in t.columns]
    return [dict(zip(keys, row)) for row in t.rows]


def row(report: Report, name: str, **match: Any) -> dict[str, Any]:
    """The one row of table ``name`` whose columns equal ``match``."""
    found = [r for r in rows(report, name) if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, f"expected one row {match} in {name!r}, got {found}"
    return found[0]
