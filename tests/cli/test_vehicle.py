"""`followup vehicle add | edit | show VIN`: one vehicle by hand, with the checks of a vehicles.csv row."""

from __future__ import annotations

import json

from .dataset import VIN1, VIN3, VIN_BAD_CHECK

ROW = (
    "SELECT vin, customer_id, model, plate, delivered_on, sold_here, warranty_ends_on, insurance_ends_on, "
    "inspection_due_on, usage, service_interval_km, service_interval_months FROM vehicles WHERE vin = ?"
)


def _cells(rows: list[tuple]) -> list[tuple]:
    """Rows as text, alike on SQLite and PostgreSQL (a boolean as 1/0, a date in ISO form)."""
    def cell(value):
        if value is None:
            return None
        if isinstance(value, bool):
            return str(int(value))
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    return [tuple(map(cell, row)) for row in rows]


def _due(cli, db, today: str, customer_id: str) -> list[tuple[str, str]]:
    result = cli("--db", db, "due", "--all", "--format", "json", "--today", today)
    assert result.exit_code == 0, result.output
    return [(i["touchpoint"], i["vin"]) for i in json.loads(result.stdout) if i["customer_id"] == customer_id]


# --- add -----------------------------------------------------------------------------------


def test_add_stores_every_option_read_like_its_csv_column(cli, dealer, sql):
    result = cli(
        "--db", dealer, "vehicle", "add", VIN3.lower(), "--customer", "C1", "--model", "迈腾", "--plate", "浙A99999",
        "--delivered", "2026/11/20", "--sold-here", "yes", "--warranty-ends", "2029.11.20",
        "--insurance-ends", "2027-11-19", "--inspection-due", "2028-11-20", "--usage", "Severe",
        "--interval-km", "7500", "--interval-months", "6",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == f"added vehicle {VIN3}\n"
    assert _cells(sql(dealer, ROW, VIN3)) == [
        (VIN3, "C1", "迈腾", "浙A99999", "2026-11-20", "1", "2029-11-20", "2027-11-19", "2028-11-20", "severe", "7500", "6")
    ]


def test_owner_is_another_name_for_the_customer(cli, dealer, sql):
    assert cli("--db", dealer, "vehicle", "add", VIN3, "--owner", "C1").exit_code == 0
    assert sql(dealer, "SELECT customer_id, model FROM vehicles WHERE vin = ?", VIN3) == [("C1", None)]


def test_add_refuses_every_bad_option_at_once_and_writes_nothing(cli, dealer, digest):
    before = digest(dealer)
    result = cli(
        "--db", dealer, "vehicle", "add", VIN3, "--customer", "C1", "--delivered", "2026-02-30",
        "--usage", "harsh", "--interval-km", "5k",
    )
    assert result.exit_code == 1
    assert result.stderr == (
        '--delivered: "2026-02-30" is not a real date (no such month or day)\n'
        '--usage: "harsh" is not one of: normal, severe\n'
        '--interval-km: "5k" is not a whole number\n'
    )
    assert digest(dealer) == before


def test_add_refuses_a_bad_vin_an_unknown_customer_and_a_known_vin(cli, dealer, digest):
    before = digest(dealer)
    bad = cli("--db", dealer, "vehicle", "add", "LSVAU2180N21832O4", "--customer", "C1")
    assert bad.exit_code == 1 and bad.stderr.startswith('VIN: "LSVAU2180N21832O4"')
    unknown = cli("--db", dealer, "vehicle", "add", VIN3, "--customer", "C99")
    assert unknown.exit_code == 1
    assert unknown.stderr == '--customer: unknown customer "C99"\n'
    known = cli("--db", dealer, "vehicle", "add", VIN1, "--customer", "C1")
    assert known.exit_code == 1
    assert known.stderr == f'vehicle "{VIN1}" exists already: use `followup vehicle edit`\n'
    assert digest(dealer) == before


def test_add_needs_the_customer(cli, dealer):
    result = cli("--db", dealer, "vehicle", "add", VIN3)
    assert result.exit_code == 2 and "--customer" in result.output


def test_a_wrong_check_digit_is_a_warning_and_the_vehicle_is_added(cli, dealer, sql):
    result = cli("--db", dealer, "vehicle", "add", VIN_BAD_CHECK, "--customer", "C1")
    assert result.exit_code == 0, result.output
    assert "--vin" not in result.stderr
    assert result.stderr.startswith("VIN: warning: the check digit (9th character) of LSVAU2180N2183294 is 0, expected X")
    assert sql(dealer, "SELECT customer_id FROM vehicles WHERE vin = ?", VIN_BAD_CHECK) == [("C1",)]


# --- edit ----------------------------------------------------------------------------------


def test_a_renewal_found_on_a_call_ends_the_insurance_reminder(cli, dealer, sql):
    """C2's insurance ends 2026-03-20: on 03-10 the renewal call is due; the customer renewed online."""
    assert ("expiry.insurance", VIN1) in _due(cli, dealer, "2026-03-10", "C2")
    result = cli("--db", dealer, "vehicle", "edit", VIN1, "--insurance-ends", "2027-03-20")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"updated vehicle {VIN1}: --insurance-ends\n"
    assert ("expiry.insurance", VIN1) not in _due(cli, dealer, "2026-03-10", "C2")
    assert _cells(sql(dealer, "SELECT insurance_ends_on, plate, model FROM vehicles WHERE vin = ?", VIN1)) == [
        ("2027-03-20", "浙A12345", "星越L")  # the columns not given keep what was stored
    ]


def test_edit_clears_a_column_given_blank_and_moves_a_vehicle_to_another_customer(cli, dealer, sql):
    result = cli("--db", dealer, "vehicle", "edit", VIN1, "--plate", "", "--customer", "C1")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"updated vehicle {VIN1}: --customer, --plate\n"
    assert sql(dealer, "SELECT customer_id, plate FROM vehicles WHERE vin = ?", VIN1) == [("C1", None)]


def test_edit_refuses_an_unknown_vehicle_nothing_to_change_and_a_blank_customer(cli, dealer, digest):
    before = digest(dealer)
    unknown = cli("--db", dealer, "vehicle", "edit", VIN3, "--model", "迈腾")
    assert unknown.exit_code == 1 and unknown.stderr == f'unknown vehicle "{VIN3}"\n'
    nothing = cli("--db", dealer, "vehicle", "edit", VIN1)
    assert nothing.exit_code == 1 and nothing.stderr == "nothing to change: give at least one option\n"
    blank = cli("--db", dealer, "vehicle", "edit", VIN1, "--customer", " ")
    assert blank.exit_code == 1 and blank.stderr == "--customer: a vehicle needs its customer\n"
    assert digest(dealer) == before


# --- show ----------------------------------------------------------------------------------


def test_show_prints_the_vehicle_its_customer_visits_and_what_is_due(cli, dealer):
    assert cli("--db", dealer, "visit", "add", "--vin", VIN1, "--on", "2026-03-01", "--odometer", "8000",
               "--kind", "maintenance", "--advisor", "A01").exit_code == 0
    result = cli("--db", dealer, "vehicle", "show", VIN1, "--today", "2026-03-10")
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert f"VIN               {VIN1}" in lines
    assert "Customer          李四 (C2) 13987654321" in lines
    assert "Insurance ends    2027-03-20" not in lines and "Insurance ends    2026-03-20" in lines
    assert any(line.split() == ["H20260301-1", "2026-03-01", "maintenance", "8,000", "A01"] for line in lines)
    assert any(line.startswith("insurance renewal: ") for line in lines)
    assert any(line.startswith("quality callback: ") for line in lines)


def test_show_masks_the_phone(cli, dealer):
    result = cli("--db", dealer, "vehicle", "show", VIN1, "--today", "2026-03-10", "--mask")
    assert result.exit_code == 0
    assert "13987654321" not in result.stdout and "5678" not in result.stdout and "4321" in result.stdout


def test_show_refuses_an_unknown_vehicle(cli, dealer):
    result = cli("--db", dealer, "vehicle", "show", VIN3)
    assert result.exit_code == 1 and result.stderr == f'unknown vehicle "{VIN3}"\n'
