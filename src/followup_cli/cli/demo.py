"""`followup demo`: the example dealership in a fresh database, then the morning list (SPEC section 2)."""

from __future__ import annotations

from pathlib import Path

import typer

from followup_cli.i18n import _, say

HELP = _("load the example dealership into a fresh database and show today's list")


def demo_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("followup", appauthor=False) / "demo.db"


def demo(
    ctx: typer.Context,
    today: str = typer.Option(None, "--today", metavar="DATE", help=_("the demo's day: the example dealership is moved to it (default: today)")),
    staff: str = typer.Option("S01", "--staff", metavar="CODE", help=_("whose morning list to show")),
) -> None:
    from datetime import date, timedelta

    from followup_cli.cli.due import due, load_due
    from followup_cli.cli.state import state, today_or
    from followup_cli.cli.terminal import console, fail
    from followup_cli.demo_data import database_kind, empty, load_examples, mark_demo
    from followup_cli.i18n import render
    from followup_cli.render.demo import staff_summary
    from followup_cli.store.database import init_store, locate, remove_sqlite_files

    day = today_or(today)  # refused before anything is replaced
    st = state(ctx)
    if st.db is None:
        st.db = str(demo_path())  # the demo never touches the user's own database
    location = locate(st.db)
    if database_kind(st.db) == "other" and locate(st.db) != locate(str(demo_path())):
        fail(say(
            "{path} is not a database made by `followup demo`: the demo replaces only its own; "
            "choose another --db, or leave --db out",
            path=location.display(),
        ))
    if location.is_sqlite:
        remove_sqlite_files(location.path)
    init_store(st.db)
    engine = st.engine()
    mark_demo(engine)
    empty(engine)
    out = console()
    loaded = {}
    for kind, result in load_examples(engine, anchor=day).items():  # the examples' healthy morning is today
        if result.error_count:
            fail("\n".join(p.format(render) for p in result.errors[:10]))
        loaded[kind] = result.inserted
    counts = say(
        "{staff} staff, {customers} customers, {vehicles} vehicles, {visits} visits, {contacts} contacts, {campaigns} campaigns",
        **loaded,
    )
    out.print(say("Example dealership loaded into {path}: {counts}", path=location.display(), counts=counts), markup=False)

    result, _vehicles, staff_by_code, _stores = load_due(ctx, day)
    out.print(staff_summary(result.items, staff_by_code, day))
    due(ctx, today=day.isoformat(), staff=staff, store=None, role=None, everyone=False, touchpoint=None, channel=None, limit=None,
               all_=False, fmt="table", output=None, mask=False, force=False)
    mine = [i for i in result.items if i.staff == staff and i.within_capacity]
    example = mine[0].customer_id if mine else (result.items[0].customer_id if result.items else "C1001")
    db = location.display()
    on = "" if today is None or day == date.today() else f" --today {day}"  # the hints show the demo's day
    hints = [
        say("Try it yourself (this demo database is {path}):", path=db),
        f"  followup --db {db} due --staff A01{on}",
        f"  followup --db {db} why {example}{on}",
        f"  followup --db {db} call --staff {staff}{on}",
        f"  followup --db {db} log {example} --outcome reached --staff {staff} --next {(day + timedelta(days=7)).isoformat()}"
        + on.replace("--today", "--on"),
        f"  followup --db {db} report workload{on}",
    ]
    out.print("\n".join(hints), markup=False, soft_wrap=True)  # a command that wraps is not copied whole
