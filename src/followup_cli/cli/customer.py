"""`followup customer add | show | edit | list` (SPEC section 2)."""

from __future__ import annotations

from typing import List

import typer

from followup_cli.cli.options import LIMIT_MAX
from followup_cli.i18n import _, render, say

app = typer.Typer(help=_("add, show, edit and list customers"), no_args_is_help=True)

#: the options add and edit share: option name -> customers.csv column
FIELD_OPTIONS = {
    "name": "name",
    "phone": "phone",
    "stage": "stage",
    "level": "intent_level",
    "grade": "grade",
    "owner": "owner",
    "advisor": "advisor",
    "source": "source",
    "created_on": "created_on",
    "lost_category": "lost_category",
    "competitor": "competitor",
}


def _cells(values: dict[str, str | None], sets: list[str]) -> dict[str, str]:
    from followup_cli.cli.terminal import fail
    from followup_cli.csvio.columns import table_spec

    cells = {FIELD_OPTIONS[k]: v for k, v in values.items() if v is not None}
    columns = table_spec("customers").accepted
    for item in sets or []:
        column, sep, value = item.partition("=")
        column = column.strip()
        if not sep or column not in columns or column == "customer_id":
            fail(say('--set: expected COLUMN=VALUE with a customers.csv column, got "{item}"; columns: {columns}', item=item, columns=", ".join(c for c in columns if c != "customer_id")))
        cells[column] = value
    return cells


def _save(ctx: typer.Context, customer_id: str, cells: dict[str, str], must_exist: bool) -> str:
    """Parse cells like a customers.csv row and upsert it through the importer (same checks); the id as stored."""
    from datetime import date

    from followup_cli.cli.state import state
    from followup_cli.cli.terminal import fail
    from followup_cli.csvio.columns import table_spec
    from followup_cli.csvio.fields import FieldError
    from followup_cli.csvio.problems import Problem
    from followup_cli.store.handentry import HandEntryError, save
    from followup_cli.store.importer import HandEdit

    spec = table_spec("customers")
    from followup_cli.cli.options import parse_id

    customer_id = parse_id(customer_id, "CUSTOMER_ID")
    values: dict[str, object] = {"customer_id": customer_id}
    problems: list[Problem] = []
    for column, text in cells.items():
        field = spec.fields[column]
        text = (text or "").strip()
        if not text:
            values[column] = field.blank
            continue
        try:
            values[column] = field.parse(text) if field.parse else text
        except FieldError as exc:
            problems.append(Problem("customer", None, column, exc.message))
    if problems:
        fail("\n".join(f"{p.column}: {render(p.message)}" for p in problems))
    # by hand: SPEC 2 stage rules refuse (an import only warns), and stage and level changes are recorded
    try:
        result = save(state(ctx).engine(), "customers", values, new=not must_exist, source="customer",
                      by_hand=HandEdit(date.today()))
    except HandEntryError as exc:
        fail(render(exc.message))
    if result.error_count:
        fail("\n".join(f"{p.column}: {render(p.message)}" for p in result.errors))
    return customer_id


@app.command("add", help=_("add a customer"))
def add(
    ctx: typer.Context,
    customer_id: str = typer.Argument(..., metavar="CUSTOMER_ID"),
    name: str = typer.Option(None, "--name", help=_("the customer's name")),
    phone: str = typer.Option(None, "--phone", help=_("mobile or landline; checked and stored in one form")),
    stage: str = typer.Option("prospect", "--stage", help=_("stage") + ": prospect, owner, quasi_lost, lost"),
    level: str = typer.Option(None, "--level", metavar="A-D"),
    grade: str = typer.Option(None, "--grade", help=_("grade (blank: computed)") + ": premium, potential, general"),
    owner: str = typer.Option(None, "--owner", metavar="STAFF", help=_("sales consultant's staff code")),
    advisor: str = typer.Option(None, "--advisor", metavar="STAFF", help=_("service advisor's staff code")),
    source: str = typer.Option(None, "--source", help=_("where the customer came from") + ": walk_in, phone, online, referral, event, other"),
    created_on: str = typer.Option(None, "--created-on", metavar="DATE", help=_("default: today")),
    set_: List[str] = typer.Option(None, "--set", metavar="COLUMN=VALUE", help=_("any other customers.csv column")),
) -> None:
    from datetime import date

    created_on = created_on or date.today().isoformat()
    cells = _cells(dict(name=name, phone=phone, stage=stage, level=level, grade=grade, owner=owner,
                        advisor=advisor, source=source, created_on=created_on), set_)
    customer_id = _save(ctx, customer_id, cells, must_exist=False)
    typer.echo(say("added customer {customer_id}", customer_id=customer_id))
    if not (cells.get("owner") or "").strip():  # SPEC 3: an item nobody can take is listed as unassigned
        from followup_cli.cli.terminal import info

        info(say("warning: {customer_id} has no owner: their sales items will be unassigned (on every manager's list); "
                 "`followup customer edit {customer_id} --owner STAFF`", customer_id=customer_id))


@app.command("edit", help=_("change a customer's columns (only those given)"))
def edit(
    ctx: typer.Context,
    customer_id: str = typer.Argument(..., metavar="CUSTOMER_ID"),
    name: str = typer.Option(None, "--name", help=_("the customer's name")),
    phone: str = typer.Option(None, "--phone", help=_("mobile or landline; checked and stored in one form")),
    stage: str = typer.Option(None, "--stage", help=_("stage") + ": prospect, owner, quasi_lost, lost"),
    level: str = typer.Option(None, "--level", metavar="A-D"),
    grade: str = typer.Option(None, "--grade", help=_("grade (blank: computed)") + ": premium, potential, general"),
    owner: str = typer.Option(None, "--owner", metavar="STAFF"),
    advisor: str = typer.Option(None, "--advisor", metavar="STAFF"),
    source: str = typer.Option(None, "--source", help=_("where the customer came from") + ": walk_in, phone, online, referral, event, other"),
    created_on: str = typer.Option(None, "--created-on", metavar="DATE"),
    lost_category: str = typer.Option(None, "--lost-category", help=_("why the customer was lost, counted (seed 004)") + ": model, price, funds, brand, people, cancelled, stock, unreasonable, slow_follow_up, lost_contact, other"),
    competitor: str = typer.Option(None, "--competitor", help=_("the brand the customer went to")),
    set_: List[str] = typer.Option(None, "--set", metavar="COLUMN=VALUE", help=_("any other customers.csv column")),
) -> None:
    cells = _cells(dict(name=name, phone=phone, stage=stage, level=level, grade=grade, owner=owner,
                        advisor=advisor, source=source, created_on=created_on, lost_category=lost_category,
                        competitor=competitor), set_)
    if not cells:
        from followup_cli.cli.terminal import fail

        fail(say("nothing to change: give at least one option"))
    if cells.get("stage", "").strip().lower() in ("quasi_lost", "lost") and "lost_on" not in cells:
        from datetime import date

        cells["lost_on"] = date.today().isoformat()  # like `followup log --stage lost`
    customer_id = _save(ctx, customer_id, cells, must_exist=True)
    typer.echo(say("updated customer {customer_id}: {columns}", customer_id=customer_id, columns=", ".join(cells)))


@app.command("list", help=_("list customers, filtered"))
def list_(
    ctx: typer.Context,
    stage: str = typer.Option(None, "--stage", help=_("stage") + ": prospect, owner, quasi_lost, lost"),
    level: str = typer.Option(None, "--level", help=_("intent level") + ": A, B, C, D"),
    grade: str = typer.Option(None, "--grade", help=_("grade (blank: computed)") + ": premium, potential, general"),
    owner: str = typer.Option(None, "--owner", metavar="STAFF"),
    advisor: str = typer.Option(None, "--advisor", metavar="STAFF"),
    limit: int = typer.Option(50, "--limit", min=0, max=LIMIT_MAX, help=_("at most this many rows (0: all)")),
    fmt: str = typer.Option("table", "--format", metavar="table|csv|json", help=_("output format")),
    mask: bool = typer.Option(False, "--mask", help=_("hide every phone number (the phone column and numbers in text) but its last 4 digits")),
) -> None:
    from followup_cli.cli.options import parse_option
    from followup_cli.cli.state import state
    from followup_cli.cli.terminal import console, fail
    from followup_cli.store.customer_list import list_customers
    from followup_cli.store.loaders import read

    if fmt not in ("table", "csv", "json"):
        fail(say('--format: choose table, csv or json, not "{value}"', value=fmt))
    filters = (("stage", stage, "--stage"), ("intent_level", level, "--level"), ("grade", grade, "--grade"),
               ("owner", owner, "--owner"), ("advisor", advisor, "--advisor"))
    # read like the CSV column: "Owner" is owner, "b" is B, "won" is refused rather than matching nothing
    wanted = {column: parse_option("customers", column, value, option) for column, value, option in filters if value is not None}
    ((rows, total),) = read(state(ctx).engine(), (list_customers, wanted, limit))
    if mask:  # the phone, and any phone number in a name (SPEC section 2)
        from followup_cli.mask import mask_phone, mask_text

        for r in rows:
            r["name"] = mask_text(r["name"]) if r["name"] else r["name"]
            r["phone"] = mask_phone(r["phone"]) if r["phone"] else r["phone"]
    from followup_cli.render.customers import LISTED, customer_json, customer_table

    if fmt == "json":
        typer.echo(customer_json(rows))
        return
    if fmt == "csv":
        import sys

        from followup_cli.csvio.write import write_rows

        write_rows(sys.stdout, LISTED, ([r[c] for c in LISTED] for r in rows))
        return
    console().print(customer_table(rows, say("{shown} of {total} customers", shown=len(rows), total=total)))


@app.command("show", help=_("a customer's details, vehicles, visits, contacts and what is due"))
def show(
    ctx: typer.Context,
    customer_id: str = typer.Argument(..., metavar="CUSTOMER_ID"),
    today: str = typer.Option(None, "--today", metavar="DATE", help=_("the day to evaluate (default: today)")),
    mask: bool = typer.Option(False, "--mask", help=_("hide every phone number (the phone column and numbers in text) but its last 4 digits")),
) -> None:
    from followup_cli.cli.customer_view import show_customer

    show_customer(ctx, customer_id, today, mask)
