"""What `followup report NAME` reads, gathered from the store, and the pure report run on it.

The report runs inside one read transaction: ``ReportInput.files`` reads the
customers' files a chunk at a time as the report goes (``CustomerFiles``).
``forecast`` and ``workload`` take their lists from the stored agenda
(``store.agenda``); ``workload`` counts the last week's contacts from the
store, not everyone's history.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Callable

from sqlalchemy.engine import Engine

from followup_cli.reports.model import Period, Report, ReportInput
from followup_cli.rules.policy import Policy


def run_report(
    engine: Engine,
    name: str,
    report: Callable[[ReportInput], Report],
    policy: Policy,
    day: date,
    period: Period,
    days: int,
    store: str | None = None,
    renew: bool = True,
) -> Report:
    """``report`` run on the store's data for ``day`` and ``period`` (``store``: one store of the group;
    ``renew``: ``day`` is today, whose kept lists may replace another day's: ``store.agenda.replaces``)."""
    from followup_cli.store.history import load_changes
    from followup_cli.store.loaders import CustomerFiles, contacts_between, load_dealership, of_store

    with engine.connect() as conn:
        files, dealership = CustomerFiles(conn), load_dealership(conn)
        whole = dealership  # the agenda's plans are made with the whole group's staff
        if store is not None:
            files, dealership = of_store(conn, files, dealership, store)
        changes = load_changes(conn, files.customer_ids)
        lists = today_list = recent = None
        if name == "forecast":  # the lists of the coming days: the stored agenda's plans
            from followup_cli.store.agenda import day_lists
            from followup_cli.store.agenda_ahead import kept_days

            lists = kept_days(engine, day, days, policy, whole, renew) if store is None else None
            if lists is None:
                lists = day_lists(engine, day, policy, whole, store, days, counted=True)
        if name == "workload":
            from followup_cli.reports.workload import WEEK
            from followup_cli.store.agenda import day_list_of

            def listed(missed_since: date):  # today's list as it is kept, else from the stored plans
                from followup_cli.rules.engine import staff_day
                from followup_cli.store.agenda_ahead import kept_staff_day

                kept = kept_staff_day(engine, day, missed_since, policy, whole, renew) if store is None else None
                return kept if kept is not None else staff_day(day_list_of(engine, day, policy, whole, store, missed_since))

            today_list = listed

            chosen = None if store is None else files.customer_ids
            recent = contacts_between(conn, day - timedelta(days=WEEK - 1), day, chosen)
        data = ReportInput(files, dealership, policy, day, period, days, changes=changes, day_lists=lists,
                           today_list=today_list, recent_contacts=recent)
        return report(data)  # reads the files from the store as it goes
