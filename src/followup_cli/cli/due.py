"""`followup due` (the morning list) and `followup why CUSTOMER_ID` (SPEC sections 2 and 3)."""

from __future__ import annotations

import os
from typing import NamedTuple

import typer

from followup_cli.cli.completion import complete_staff
from followup_cli.cli.options import LIMIT_MAX
from followup_cli.i18n import _, say

DUE_HELP = _("who is due for which touchpoint today: a table, a CSV call list or JSON")
WHY_HELP = _("every rule's verdict for one customer: due, not due (and why), suppressed (and by what)")
FORMATS = ("table", "csv", "json", "xlsx")


def _check_choice(value: str | None, choices, option: str) -> None:
    from followup_cli.cli.terminal import fail

    if value is not None and value not in choices:
        fail(say('{option}: "{value}" is not one of: {choices}', option=option, value=value, choices=", ".join(choices)))


def load_due(
    ctx: typer.Context,
    today,
    staff: str | None = None,
    store: str | None = None,
    capped: bool = True,
    role: str | None = None,
    plans=None,
):
    """Read the day's plans from the agenda, list them, and return (due list, vehicles by vin, staff by
    code, store names).

    ``staff``/``role``: only the customers whose plans name that staff member (a manager: or have an item
    nobody can take) or role are read (the list is then filtered item by item).
    ``store``: only that store's customers (a dealer group's database).
    ``capped=False``: nobody's daily capacity applies (``--all``).
    """
    from followup_cli.cli.state import state
    from followup_cli.rules.engine import day_list
    from followup_cli.store.agenda import day_plans
    from followup_cli.store.loaders import load_dealership, read, store_names, vehicles_of

    st = state(ctx)
    policy = st.policy()
    engine = st.engine()
    (dealership,) = read(engine, load_dealership)
    manager = staff is not None and any(s.code == staff and s.role == "manager" for s in dealership.staff)
    if plans is None:  # else: the day's plans, already made (``_agenda_json``)
        plans = day_plans(engine, today, policy, dealership, staff=staff, role=role, store=store, unassigned=manager)
    due = day_list(plans, dealership, policy, today, capped=capped)
    vins = [item.vin for item in due.items if item.vin is not None]
    vehicles, names = read(engine, (vehicles_of, vins), store_names)
    return due, vehicles, {s.code: s for s in dealership.staff}, names


def load_customer(ctx: typer.Context, customer_id: str):
    """One customer's file, the dealership and the policy; refuses an unknown customer (exit 1)."""
    from followup_cli.cli.options import parse_id
    from followup_cli.cli.state import state
    from followup_cli.cli.terminal import fail
    from followup_cli.store.loaders import load_dealership, load_file, read

    customer_id = parse_id(customer_id, "CUSTOMER_ID")
    st = state(ctx)
    policy = st.policy()
    file, dealership = read(st.engine(), (load_file, customer_id), load_dealership)
    if file is None:
        fail(say('unknown customer "{customer_id}"', customer_id=customer_id))
    return file, dealership, policy


class DueList(NamedTuple):
    """One list as `due` shows it and `call` works through it."""

    items: list  # every selected item in rank order; those cut by capacity have within_capacity False
    calls: list  # the calls that fit (render.calllist.Call), rank order, at most --limit
    cut: dict  # customers cut by capacity, per staff code (None: unassigned)
    vehicles: dict
    staff_by_code: dict
    stores: dict


def scoped_staff(staff: str | None, role: str | None, everyone: bool) -> str | None:
    """SPEC 2 Who: ``--staff``, else FOLLOWUP_STAFF unless ``--role`` or ``--everyone`` asks for more."""
    from followup_cli.cli.options import parse_id

    if everyone and staff is not None:
        raise typer.BadParameter(_("--everyone lists every staff member's calls: leave out --staff"), param_hint="--everyone")
    if staff is not None:
        return parse_id(staff, "--staff")
    if everyone or role is not None:
        return None
    mine = os.environ.get("FOLLOWUP_STAFF", "").strip()
    return parse_id(mine, "FOLLOWUP_STAFF") if mine else None


def due_list(
    ctx: typer.Context, day, staff: str | None = None, store: str | None = None, role: str | None = None,
    touchpoint: str | None = None, channel: str | None = None, all_: bool = False, limit: int | None = None,
    plans=None,
) -> DueList:
    """What is due on ``day`` for the chosen staff member, role, touchpoint and channel (``rules.worklist``)."""
    from followup_cli.render.calllist import group_calls
    from followup_cli.rules.worklist import cut_by_capacity, select_items

    result, vehicles, staff_by_code, stores = load_due(ctx, day, staff, store, capped=not all_, role=role, plans=plans)
    if staff is not None and staff not in staff_by_code:
        from followup_cli.cli.terminal import fail

        fail(say('--staff: unknown staff code "{value}"; known: {codes}', value=staff, codes=", ".join(sorted(staff_by_code)) or "-"))
    items = select_items(result.items, staff_by_code, staff, role, touchpoint, channel)
    cut = {} if all_ else cut_by_capacity(items)
    calls = group_calls([i for i in items if i.within_capacity])
    if limit is not None:
        calls = calls[:limit]
        keep = {c.customer_id for c in calls}
        items = [i for i in items if i.customer_id in keep or not i.within_capacity]
    return DueList(items, calls, cut, vehicles, staff_by_code, stores)


def nothing_due(day, staff: str | None, role: str | None) -> None:
    """SPEC 2: an empty list prints nothing to stdout; on a terminal, stderr says so."""
    from followup_cli.cli.terminal import console, info

    if not console(stderr=True).is_terminal:
        return
    if staff is None and role is None:
        info(say("nothing due on {day}", day=day))
    else:
        from followup_cli.render.labels import role_label

        info(say("nothing due on {day} for {who}", day=day, who=staff or role_label(role)))


def _agenda_json(
    ctx: typer.Context, day, store: str | None, role: str | None, all_: bool, output: str | None, force: bool
):
    """The whole list as JSON straight from the stored agenda (``store.due_json``): True when written;
    else the plans to list instead (made in memory), or None (read them)."""
    from followup_cli.cli.state import is_today, state
    from followup_cli.cli.terminal import info, refusing_output
    from followup_cli.fileout import output_file
    from followup_cli.i18n import language
    from followup_cli.store.due_json import JsonList, json_list

    st = state(ctx)
    with json_list(st.engine(), day, language(), st.policy(), store, role, not all_, is_today(day)) as found:
        if not isinstance(found, JsonList):
            return found
        with refusing_output(), output_file(output or "-", force=force, binary=True) as stream:
            for chunk in found.chunks:
                stream.write(chunk)
        cut = sum(len(customers) for customers in found.cut.values())
    if cut:
        info(say('{n} calls cut by daily capacity (in the JSON with "within_capacity": false)', n=cut))
    return True


def due(
    ctx: typer.Context,
    today: str = typer.Option(None, "--today", metavar="DATE", help=_("the day to list (default: today)")),
    staff: str = typer.Option(
        None,
        "--staff",
        metavar="CODE",
        help=_("only this staff member's calls (default: FOLLOWUP_STAFF)"),
        autocompletion=complete_staff,
    ),
    store: str = typer.Option(None, "--store", metavar="CODE", help=_("only this store's customers (a dealer group)")),
    role: str = typer.Option(None, "--role", help=_("only this role's calls: consultant, advisor, manager, crm")),
    everyone: bool = typer.Option(False, "--everyone", help=_("every staff member's calls, even when FOLLOWUP_STAFF is set")),
    touchpoint: str = typer.Option(None, "--touchpoint", help=_("only this touchpoint id")),
    channel: str = typer.Option(None, "--channel", help=_("only this channel")),
    limit: int = typer.Option(None, "--limit", min=0, max=LIMIT_MAX, metavar="N", help=_("at most N calls")),
    all_: bool = typer.Option(False, "--all", help=_("no capacity cap: list every due call")),
    fmt: str = typer.Option("table", "--format", metavar="table|csv|json|xlsx", help=_("output format (xlsx: a workbook, with --output FILE.xlsx)")),
    output: str = typer.Option(None, "--output", metavar="FILE", help=_("write to FILE instead of the screen")),
    mask: bool = typer.Option(False, "--mask", help=_("hide every phone number (the phone column and numbers in text) but its last 4 digits")),
    force: bool = typer.Option(False, "--force", help=_("replace the --output file if it exists")),
) -> None:
    from followup_cli.cli.state import today_or
    from followup_cli.cli.terminal import check_output, console, info, refusing_output
    from followup_cli.fileout import output_file
    from followup_cli.rules.model import CHANNELS, ROLES, TOUCHPOINTS

    _check_choice(fmt, FORMATS, "--format")
    staff = scoped_staff(staff, role, everyone)
    _check_choice(role, ROLES, "--role")
    _check_choice(touchpoint, TOUCHPOINTS, "--touchpoint")
    _check_choice(channel, CHANNELS, "--channel")
    day = today_or(today)
    if fmt == "xlsx":
        from followup_cli.cli.terminal import workbook_target

        workbook_target(output)
    check_output(output, force)
    plans = None
    if fmt == "json" and not mask and staff is touchpoint is channel is limit is None:
        plans = _agenda_json(ctx, day, store, role, all_, output, force)
        if plans is True:
            return
    listed = due_list(ctx, day, staff, store, role, touchpoint, channel, all_, limit, plans=plans)
    items, calls, cut, vehicles, staff_by_code, stores = listed

    from followup_cli.cli.state import state
    from followup_cli.render.messages import MessageTexts

    messages = MessageTexts(state(ctx).policy(), vehicles, staff_by_code, stores)
    if fmt == "json":
        from followup_cli.render.jsonout import due_json_parts

        parts = due_json_parts(items, mask, messages)
        with refusing_output(), output_file(output or "-", force=force) as stream:
            stream.writelines(parts)
        if sum(cut.values()):
            info(say('{n} calls cut by daily capacity (in the JSON with "within_capacity": false)', n=sum(cut.values())))
        return
    if fmt == "xlsx":
        from followup_cli.render.calllist_xlsx import write_call_book

        with refusing_output():
            write_call_book(output, calls, vehicles, staff_by_code, messages=messages, mask=mask, force=force)
        if sum(cut.values()):
            info(say("{n} calls cut by daily capacity; --all lists them", n=sum(cut.values())))
        return
    if fmt == "csv":
        from followup_cli.render.calllist_csv import write_call_list

        with refusing_output():
            write_call_list(output or "-", calls, vehicles, mask=mask, messages=messages, force=force)
        if sum(cut.values()):
            info(say("{n} calls cut by daily capacity; --all lists them", n=sum(cut.values())))
        return
    if not calls and not sum(cut.values()):  # a list cut whole by capacity still says so (the footer)
        nothing_due(day, staff, role)
        return
    from followup_cli.render.duetable import due_table, footer_text

    who = staff_by_code.get(staff) if staff else None
    title = say("Due on {day}", day=day)
    if who is not None:
        title += f" — {who.code} {who.name or ''}".rstrip()
    elif role:
        from followup_cli.render.labels import role_label

        title += f" — {role_label(role)}"
    footer = footer_text(len(calls), sum(len(c.items) for c in calls), sum(1 for c in calls if c.overdue_days > 0), cut)
    table = due_table(calls, vehicles, title, footer, mask=mask)
    if output:
        from followup_cli.cli.terminal import file_console

        with refusing_output(), output_file(output, force=force) as f:
            file_console(f).print(table)
    else:
        console().print(table)


def why(
    ctx: typer.Context,
    customer_id: str = typer.Argument(..., metavar="CUSTOMER_ID"),
    today: str = typer.Option(None, "--today", metavar="DATE", help=_("the day to evaluate (default: today)")),
    fmt: str = typer.Option("table", "--format", metavar="table|json", help=_("output format")),
) -> None:
    from followup_cli.cli.state import today_or
    from followup_cli.cli.terminal import console
    from followup_cli.render.why import in_order, why_json, why_screen
    from followup_cli.rules.context import RuleContext
    from followup_cli.rules.engine import evaluate

    _check_choice(fmt, ("table", "json"), "--format")
    day = today_or(today)
    file, dealership, policy = load_customer(ctx, customer_id)
    verdicts = in_order(evaluate(file, RuleContext(day, policy, dealership)))
    if fmt == "json":
        typer.echo(why_json(verdicts))
        return
    plates = {v.vin: v.plate or v.vin for v in file.vehicles}
    console().print(why_screen(file.customer.name, file.customer.customer_id, day, verdicts, plates))
