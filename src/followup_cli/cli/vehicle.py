"""`followup vehicle add | edit | show VIN`: one vehicle by hand (SPEC section 2), read as a vehicles.csv row."""

from __future__ import annotations

import typer

from followup_cli.i18n import _, say

app = typer.Typer(help=_("add, change and show one vehicle by hand"), no_args_is_help=True)

#: vehicles.csv column -> the option that sets it (add and edit share them)
OPTIONS = {
    "vin": "VIN",
    "customer_id": "--customer",
    "model": "--model",
    "plate": "--plate",
    "delivered_on": "--delivered",
    "sold_here": "--sold-here",
    "warranty_ends_on": "--warranty-ends",
    "insurance_ends_on": "--insurance-ends",
    "inspection_due_on": "--inspection-due",
    "usage": "--usage",
    "service_interval_km": "--interval-km",
    "service_interval_months": "--interval-months",
}

_CUSTOMER = _("the customer who owns it (customer id)")
_DATE = _("a date (YYYY-MM-DD); blank clears it")
_SOLD_HERE = _("sold by this dealership: yes or no")
_USAGE = _("usage: normal or severe (severe halves the service interval)")
_INTERVAL_KM = _("this vehicle's service interval in km (else learned from its visits, else the policy)")
_INTERVAL_MONTHS = _("this vehicle's service interval in months")


def _values(vin: str, given: dict[str, str | None], new: bool = False) -> dict[str, object]:
    """The VIN and the options given, parsed as vehicles.csv cells; a new VIN's check digit is warned about."""
    from followup_cli.cli.handentry import parse_options

    values = parse_options("vehicles", {"vin": ("VIN", vin)}, warn=new)
    values.update(parse_options("vehicles", {column: (OPTIONS[column], text) for column, text in given.items()}))
    return values


@app.command("add", help=_("add a vehicle: its VIN and customer, and what else is known"))
def add(
    ctx: typer.Context,
    vin: str = typer.Argument(..., metavar="VIN"),
    customer: str = typer.Option(..., "--customer", "--owner", metavar="CUSTOMER_ID", help=_CUSTOMER),
    model: str = typer.Option(None, "--model", help=_("model, as the dealership names it")),
    plate: str = typer.Option(None, "--plate", help=_("licence plate")),
    delivered: str = typer.Option(None, "--delivered", metavar="DATE", help=_("delivery date")),
    sold_here: str = typer.Option(None, "--sold-here", metavar="yes|no", help=_SOLD_HERE),
    warranty_ends: str = typer.Option(None, "--warranty-ends", metavar="DATE", help=_("the day the warranty ends")),
    insurance_ends: str = typer.Option(None, "--insurance-ends", metavar="DATE", help=_("the day the insurance ends")),
    inspection_due: str = typer.Option(None, "--inspection-due", metavar="DATE", help=_("the day the annual inspection is due")),
    usage: str = typer.Option(None, "--usage", metavar="normal|severe", help=_USAGE),
    interval_km: str = typer.Option(None, "--interval-km", metavar="KM", help=_INTERVAL_KM),
    interval_months: str = typer.Option(None, "--interval-months", metavar="MONTHS", help=_INTERVAL_MONTHS),
) -> None:
    from followup_cli.cli.handentry import save_row

    values = _values(vin, dict(
        customer_id=customer, model=model, plate=plate, delivered_on=delivered, sold_here=sold_here,
        warranty_ends_on=warranty_ends, insurance_ends_on=insurance_ends, inspection_due_on=inspection_due,
        usage=usage, service_interval_km=interval_km, service_interval_months=interval_months,
    ), new=True)
    save_row(ctx, "vehicles", values, new=True, options=OPTIONS)
    typer.echo(say("added vehicle {vin}", vin=values["vin"]))


@app.command("edit", help=_("change a vehicle's columns (only those given; a blank value clears one)"))
def edit(
    ctx: typer.Context,
    vin: str = typer.Argument(..., metavar="VIN"),
    customer: str = typer.Option(None, "--customer", "--owner", metavar="CUSTOMER_ID", help=_CUSTOMER),
    model: str = typer.Option(None, "--model", help=_("model, as the dealership names it")),
    plate: str = typer.Option(None, "--plate", help=_("licence plate")),
    delivered: str = typer.Option(None, "--delivered", metavar="DATE", help=_DATE),
    sold_here: str = typer.Option(None, "--sold-here", metavar="yes|no", help=_SOLD_HERE),
    warranty_ends: str = typer.Option(None, "--warranty-ends", metavar="DATE", help=_DATE),
    insurance_ends: str = typer.Option(None, "--insurance-ends", metavar="DATE", help=_("a renewal: the day the new insurance ends")),
    inspection_due: str = typer.Option(None, "--inspection-due", metavar="DATE", help=_DATE),
    usage: str = typer.Option(None, "--usage", metavar="normal|severe", help=_USAGE),
    interval_km: str = typer.Option(None, "--interval-km", metavar="KM", help=_INTERVAL_KM),
    interval_months: str = typer.Option(None, "--interval-months", metavar="MONTHS", help=_INTERVAL_MONTHS),
) -> None:
    from followup_cli.cli.handentry import save_row
    from followup_cli.cli.terminal import fail

    values = _values(vin, dict(
        customer_id=customer, model=model, plate=plate, delivered_on=delivered, sold_here=sold_here,
        warranty_ends_on=warranty_ends, insurance_ends_on=insurance_ends, inspection_due_on=inspection_due,
        usage=usage, service_interval_km=interval_km, service_interval_months=interval_months,
    ))
    changed = [OPTIONS[column] for column in values if column != "vin"]
    if not changed:
        fail(say("nothing to change: give at least one option"))
    if "customer_id" in values and values["customer_id"] is None:
        fail(say("--customer: a vehicle needs its customer"))
    save_row(ctx, "vehicles", values, new=False, options=OPTIONS)
    typer.echo(say("updated vehicle {vin}: {columns}", vin=values["vin"], columns=", ".join(changed)))


@app.command("show", help=_("a vehicle's details, its customer, its visits and what is due for it"))
def show(
    ctx: typer.Context,
    vin: str = typer.Argument(..., metavar="VIN"),
    today: str = typer.Option(None, "--today", metavar="DATE", help=_("the day to evaluate (default: today)")),
    mask: bool = typer.Option(False, "--mask", help=_("hide every phone number (the phone column and numbers in text) but its last 4 digits")),
) -> None:
    from followup_cli.cli.due import load_customer
    from followup_cli.cli.state import state, today_or
    from followup_cli.cli.terminal import console, fail
    from followup_cli.render.vehicle import vehicle_screen
    from followup_cli.rules.context import RuleContext
    from followup_cli.rules.engine import evaluate
    from followup_cli.store.handentry import vehicle_customer

    vin = _values(vin, {})["vin"]
    day = today_or(today)
    known, customer_id = vehicle_customer(state(ctx).engine(), vin)
    if not known:
        fail(say('unknown vehicle "{key}"', key=vin))
    if customer_id is None:  # a vehicle row left without its customer (never by import or by hand)
        fail(say('vehicle "{vin}" has no customer: `followup vehicle edit {vin} --customer CUSTOMER_ID`', vin=vin))
    file, dealership, policy = load_customer(ctx, customer_id)
    verdicts = [v for v in evaluate(file, RuleContext(day, policy, dealership)) if v.vin == vin and v.status == "due"]
    for part in vehicle_screen(file, vin, verdicts, day, mask=mask):
        console().print(part)
