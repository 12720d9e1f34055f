"""What a report is: named tables of plain values, rendered by the shell as a Rich table, CSV or JSON.

Reports are pure aggregations: plain records in (customer files, staff,
the engine's due lists), a :class:`Report` out. Column keys are the CSV
column and JSON field names (never translated); headers and notes are
Messages (translated when rendered).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable, Literal, Mapping

from followup_cli.message import Message
from followup_cli.rules.model import CustomerFile, Dealership, StageChange
from followup_cli.rules.months import plus_months
from followup_cli.rules.policy import Policy

ColumnKind = Literal["text", "term", "int", "pct", "float", "date", "bar"]


@dataclass(frozen=True)
class Column:
    key: str  # CSV column / JSON field name
    header: Message  # what a person reads
    kind: ColumnKind = "text"  # "pct": a share 0..1 shown as 40.0 %; "bar": an int also drawn as a bar;
    # "term": an enum value (role, grade, state) shown in the user's words, kept as the value in CSV/JSON


@dataclass(frozen=True)
class Chart:
    """A native chart of a table in a workbook (SPEC 6): ``line`` over months or days, ``bar`` over categories.

    ``categories`` names the column along the axis (two adjacent columns: a
    two-level axis, such as reason and competitor), ``values`` the columns
    drawn as series, one each. A total row (a Message label) is left out.
    """

    kind: Literal["line", "bar"]
    categories: tuple[str, ...]
    values: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str  # CSV "table" column / JSON key
    title: Message
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]  # one value per column, plain (str, int, float, date, None)
    notes: tuple[Message, ...] = ()
    chart: Chart | None = None  # drawn next to the table in a workbook


@dataclass(frozen=True)
class Report:
    name: str
    title: Message
    tables: tuple[Table, ...]
    notes: tuple[Message, ...] = ()


@dataclass(frozen=True)
class Period:
    """The days a report looks at, both ends included."""

    start: date
    end: date

    def __contains__(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


@dataclass(frozen=True)
class ReportInput:
    """Everything a report may read: the whole dealership as plain data, the day and the period.

    ``files`` is re-iterable — a tuple, or the store's files read a chunk at a time
    (``store.loaders.CustomerFiles``): a report goes over them once (or twice) and keeps
    counts, never the files, so its memory does not grow with the dealership.
    """

    files: Iterable[CustomerFile]  # re-iterable, in customer_id order from the store
    dealership: Dealership
    policy: Policy
    today: date
    period: Period
    days: int = 14  # forecast horizon
    extra: dict = field(default_factory=dict)
    #: stage and level changes made by hand, per customer id, oldest first (``store.history``)
    changes: Mapping[str, tuple[StageChange, ...]] = field(default_factory=dict)
    #: the lists of today and the days after (``rules.engine.DayLists``: the stored agenda's plans);
    #: None: made from ``files``
    day_lists: Any = None
    #: the list of ``today`` counted per staff member, with the items missed since a day
    #: (``(missed_since) -> rules.engine.StaffDay``: the stored agenda's); None: from :meth:`lists`
    today_list: Any = None
    #: the contacts of the last days a report counts (``report workload``: the last week), when the store
    #: gave them; None: read from ``files``
    recent_contacts: Any = None

    def lists(self):
        """The :class:`DayLists` of ``today`` on: the agenda's, else made from the files."""
        if self.day_lists is None:
            from followup_cli.rules.engine import DayLists

            object.__setattr__(self, "day_lists", DayLists.of_files(self.files, self.dealership, self.policy, self.today))
        return self.day_lists


def month_periods(period: Period) -> tuple[tuple[str, Period], ...]:
    """Every calendar month the period touches, as ``("YYYY-MM", the month cut to the period)``, oldest first."""
    out = []
    start = period.start
    while start <= period.end:
        year, month = start.year, start.month
        following = plus_months(start.replace(day=1), 1)
        end = min(following - timedelta(days=1), period.end)
        out.append((f"{year:04d}-{month:02d}", Period(start, end)))
        start = following
    return tuple(out)
