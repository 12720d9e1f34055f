"""`followup visit add`: one service visit by hand (SPEC section 2), read as a visits.csv row.

Without ``--id`` the visit gets ``H`` + its day + a sequence number
(``H20261205-1``, ``H20261205-2``; ``store.handentry.next_visit_id``): H for
"by hand", never the shape of a DMS repair-order number, so a later import
of the DMS's visits adds its own rows beside it.
"""

from __future__ import annotations

import typer

from followup_cli.cli.completion import complete_staff

from followup_cli.i18n import _, say

app = typer.Typer(help=_("record a service visit by hand"), no_args_is_help=True)

#: visits.csv column -> the option that sets it
OPTIONS = {
    "visit_id": "--id",
    "vin": "--vin",
    "visited_on": "--on",
    "odometer_km": "--odometer",
    "kind": "--kind",
    "amount": "--amount",
    "advisor": "--advisor",
    "complaint": "--complaint",
}


@app.command("add", help=_("record a service visit: the vehicle, the day, the odometer, the kind, the advisor"))
def add(
    ctx: typer.Context,
    vin: str = typer.Option(..., "--vin", metavar="VIN", help=_("the vehicle (added before: `followup vehicle add`)")),
    on: str = typer.Option(None, "--on", metavar="DATE", help=_("the day of the visit (default: today)")),
    odometer: str = typer.Option(None, "--odometer", metavar="KM", help=_("odometer reading in km")),
    kind: str = typer.Option(
        None, "--kind", help=_("kind of visit") + ": first_service, maintenance, repair, accident, warranty, recall, inspection, other"
    ),
    advisor: str = typer.Option(
        None, "--advisor", metavar="STAFF", help=_("service advisor's staff code"), autocompletion=complete_staff
    ),
    complaint: str = typer.Option(None, "--complaint", metavar="TEXT", help=_("the customer's complaint, if any (a manager replies)")),
    amount: str = typer.Option(None, "--amount", metavar="YUAN", help=_("amount billed")),
    visit_id: str = typer.Option(None, "--id", metavar="VISIT_ID", help=_("the visit id (default: H, the day, a number: H20261205-1)")),
) -> None:
    from followup_cli.cli.handentry import parse_options, save_row
    from followup_cli.cli.state import state, today_or

    values = parse_options("visits", {column: (OPTIONS[column], text) for column, text in dict(
        visit_id=visit_id, vin=vin, visited_on=on, odometer_km=odometer, kind=kind, amount=amount,
        advisor=advisor, complaint=complaint,
    ).items()})
    if values.get("visited_on") is None:
        values["visited_on"] = today_or(None)
    if values.get("visit_id") is None:
        from followup_cli.store.handentry import next_visit_id

        values["visit_id"] = next_visit_id(state(ctx).engine(), values["visited_on"])
    save_row(ctx, "visits", values, new=True, options=OPTIONS)
    typer.echo(say("added visit {visit_id}: {vin} on {day}", visit_id=values["visit_id"], vin=values["vin"], day=values["visited_on"]))
