"""`report service`: first-service uptake, callbacks made in their window, important customers' manager callbacks.

Seed 002 counts the first-service rate (首保率: 首次维护) and invites every owner to it;
seed 003 calls every customer back after a visit — a quality callback within a week, a
care callback within a month — and has the department manager call important customers
(重要客户由部门经理负责). By month:

* ``first_service`` (by month of delivery): vehicles delivered that month (any delivered
  vehicle, sold here or not); ``due``: those whose predicted first service (SPEC 3:
  the earlier of ``first_months`` and ``first_km`` at the vehicle's km a day) plus
  ``service.first.uptake_grace_days`` has come by ``--today``, or that had it already;
  ``in_time``: a ``first_service`` or ``maintenance`` visit on or before that day;
  ``uptake`` = in_time / due (首保率).
* ``callbacks`` (by month of the visit): every visit in the period whose window has closed
  by ``--today``. ``quality_made`` / ``care_made``: a reaching contact within the window
  (``service.quality_callback`` +1..+7, ``service.care_callback`` +14..+30) that names that
  touchpoint, or names none and was made by the visit's advisor (else the customer's) or
  by nobody. An important customer's visit has no advisor's quality callback (the manager
  calls instead), so it is counted only under ``important``.
* ``important``: visits of important customers (SPEC 3 ``service.manager_callback``:
  marked important, a complaint, a repeat repair) whose window (+1..+3) has closed;
  ``in_time``: a reaching contact within it naming ``service.manager_callback``, or naming
  none made by a manager (or by nobody).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from followup_cli.message import Message, N_
from followup_cli.reports.model import Chart, Column, Period, Report, ReportInput, Table, month_periods
from followup_cli.rules.model import REACHING, SERVICE_KINDS, Contact, CustomerFile, Visit
from followup_cli.rules.service import _first_service, why_important

TOTAL = Message.of(N_("total"))


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class _First:
    delivered: int = 0
    due: int = 0
    in_time: int = 0

    def row(self, label: object) -> tuple:
        return (label, self.delivered, self.due, self.in_time, _rate(self.in_time, self.due))


@dataclass
class _Calls:
    visits: int = 0
    quality_due: int = 0
    quality_made: int = 0
    care_due: int = 0
    care_made: int = 0
    important_due: int = 0
    important_made: int = 0

    def row(self, label: object) -> tuple:
        return (
            label, self.visits,
            self.quality_due, self.quality_made, _rate(self.quality_made, self.quality_due),
            self.care_due, self.care_made, _rate(self.care_made, self.care_due),
            self.important_due, self.important_made, _rate(self.important_made, self.important_due),
        )


def called_back(contacts: tuple[Contact, ...], touchpoint: str, opens: date, due: date, staff: set[str | None]) -> bool:
    """A reaching contact within [opens, due] naming ``touchpoint``, or naming none by one of ``staff`` (None: anybody)."""
    for c in contacts:
        if opens <= c.contacted_on <= due and c.outcome in REACHING:
            if c.touchpoint == touchpoint or (c.touchpoint is None and (c.staff is None or c.staff in staff)):
                return True
    return False


def _first_service_uptake(file: CustomerFile, data: ReportInput, period: Period, by_month: dict[str, _First]) -> None:
    grace = timedelta(days=int(data.policy.get("service.first.uptake_grace_days")))
    for vehicle in file.vehicles:
        delivered = vehicle.delivered_on
        if delivered not in period:
            continue
        tally = by_month[f"{delivered.year:04d}-{delivered.month:02d}"]
        tally.delivered += 1
        visits = sorted((v for v in file.visits if v.vin == vehicle.vin and v.visited_on <= data.today), key=lambda v: v.visited_on)
        services = [v for v in visits if v.kind in SERVICE_KINDS and v.visited_on >= delivered]
        known = [v for v in visits if not services or v.visited_on < services[0].visited_on]  # what was known before it
        predicted, _ = _first_service(vehicle, known, data.policy)
        deadline = predicted + grace
        if services or deadline <= data.today:
            tally.due += 1
            if services and services[0].visited_on <= deadline:
                tally.in_time += 1


def _callbacks(file: CustomerFile, data: ReportInput, period: Period, by_month: dict[str, _Calls], managers: set[str | None]) -> None:
    policy, today = data.policy, data.today
    by_vin: dict[str, list[Visit]] = {}
    for v in sorted(file.visits, key=lambda v: (v.visited_on, v.visit_id)):
        if v.visited_on <= today:
            by_vin.setdefault(v.vin, []).append(v)
    for visits in by_vin.values():
        for index, visit in enumerate(visits):
            if visit.visited_on not in period:
                continue
            tally = by_month[f"{visit.visited_on.year:04d}-{visit.visited_on.month:02d}"]
            tally.visits += 1
            advisor = {visit.advisor or file.customer.advisor}
            important = why_important(file, visits, index, policy) is not None
            windows = [("service.care_callback", "care")]
            windows.insert(0, ("service.manager_callback", "important") if important else ("service.quality_callback", "quality"))
            for touchpoint, name in windows:
                w = policy.window(touchpoint)
                opens, due = visit.visited_on + timedelta(days=w.opens), visit.visited_on + timedelta(days=w.due)
                if due > today:
                    continue  # the window is still open: neither made nor missed yet
                setattr(tally, f"{name}_due", getattr(tally, f"{name}_due") + 1)
                who = managers if name == "important" else advisor
                if called_back(file.contacts, touchpoint, opens, due, who):
                    setattr(tally, f"{name}_made", getattr(tally, f"{name}_made") + 1)


def service(data: ReportInput) -> Report:
    period = Period(data.period.start, min(data.period.end, data.today))
    months = [label for label, _ in month_periods(period)]
    first = {m: _First() for m in months}
    calls = {m: _Calls() for m in months}
    managers = {s.code for s in data.dealership.staff if s.role == "manager"}
    for file in data.files:
        _first_service_uptake(file, data, period, first)
        _callbacks(file, data, period, calls, managers)
    first_total, calls_total = _First(), _Calls()
    for t in first.values():
        for name in ("delivered", "due", "in_time"):
            setattr(first_total, name, getattr(first_total, name) + getattr(t, name))
    for c in calls.values():
        for name in ("visits", "quality_due", "quality_made", "care_due", "care_made", "important_due", "important_made"):
            setattr(calls_total, name, getattr(calls_total, name) + getattr(c, name))
    span = dict(start=period.start, end=period.end)
    return Report(
        "service",
        Message.of(N_("Service follow-up from {start} to {end}"), **span),
        (
            Table(
                "first_service",
                Message.of(N_("First-service uptake by month of delivery (首保率)")),
                (
                    Column("month", Message.of(N_("month"))),
                    Column("delivered", Message.of(N_("delivered")), "int"),
                    Column("due", Message.of(N_("due by today")), "int"),
                    Column("in_time", Message.of(N_("first service in time")), "int"),
                    Column("uptake", Message.of(N_("uptake")), "pct"),
                ),
                tuple([first[m].row(m) for m in months] + [first_total.row(TOTAL)]),
                (
                    Message.of(N_("in time: a first service or maintenance visit by the predicted first-service date + {days} days"),
                               days=data.policy.get("service.first.uptake_grace_days")),
                ),
                chart=Chart("line", ("month",), ("delivered", "in_time")),
            ),
            Table(
                "callbacks",
                Message.of(N_("Callbacks made in their window, by month of the visit")),
                (
                    Column("month", Message.of(N_("month"))),
                    Column("visits", Message.of(N_("visits")), "int"),
                    Column("quality_due", Message.of(N_("quality callbacks due")), "int"),
                    Column("quality_made", Message.of(N_("made in time")), "int"),
                    Column("quality_rate", Message.of(N_("quality rate")), "pct"),
                    Column("care_due", Message.of(N_("care callbacks due")), "int"),
                    Column("care_made", Message.of(N_("made in time")), "int"),
                    Column("care_rate", Message.of(N_("care rate")), "pct"),
                    Column("important_due", Message.of(N_("important customers' manager callbacks due")), "int"),
                    Column("important_made", Message.of(N_("made in time")), "int"),
                    Column("important_rate", Message.of(N_("manager rate")), "pct"),
                ),
                tuple([calls[m].row(m) for m in months] + [calls_total.row(TOTAL)]),
                (
                    Message.of(N_("due: visits whose callback window has closed by today; an important customer's visit is called back by the manager instead of the advisor's quality callback")),
                ),
            ),
        ),
    )
