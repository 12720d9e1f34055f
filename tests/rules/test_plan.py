"""The agenda's plan (issue 19): what ``plan`` keeps for a customer lists, on every day it covers, exactly
what the engine computes from scratch on that day (Hypothesis), and it covers days worth keeping."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from followup_cli.rules.engine import FOREVER, day_list, due_items, plan
from followup_cli.rules.context import RuleContext
from followup_cli.rules.model import Dealership
from followup_cli.rules.policy import default_policy

from .story import D, customer, file, visit, vehicle
from .test_properties import WORLD, customer_files, days

POLICY = default_policy()


def planned(f, day, dealership=WORLD):
    return plan(f, RuleContext(today=day, policy=POLICY, dealership=dealership))


def listed(p, day, since=None):
    return day_list([p], WORLD, POLICY, day, missed_since=since, capped=False)


def scratch(f, day, since=None):
    return due_items([f], WORLD, POLICY, day, missed_since=since, capped=False)


@given(customer_files(), days, st.integers(0, 60), st.integers(0, 30))
def test_a_plan_lists_what_the_engine_lists_on_every_day_it_covers(f, day, ahead, counted):
    p = planned(f, day)
    assert p.valid_until > day and p.planned_on == day
    later = day + timedelta(days=ahead)
    since = later - timedelta(days=counted)
    if p.covers(later):
        assert listed(p, later, since) == scratch(f, later, since)


@given(customer_files(), days)
def test_a_plan_lists_its_own_day(f, day):
    assert listed(planned(f, day), day) == scratch(f, day)


@given(st.lists(customer_files(), min_size=1, max_size=3), days, st.integers(1, 20))
def test_replanning_where_a_plan_runs_out_continues_the_list(files, day, span):
    """What a forecast does: plan once, and plan again only the customers whose plan ran out."""
    from dataclasses import replace

    files = [replace(f, customer=replace(f.customer, customer_id=f"C{i:03d}")) for i, f in enumerate(files)]
    ctx = RuleContext(today=day, policy=POLICY, dealership=WORLD)
    plans = [plan(f, ctx) for f in files]
    for offset in range(span):
        current = day + timedelta(days=offset)
        plans = [p if p.covers(current) else planned(f, current) for p, f in zip(plans, files)]
        assert day_list(plans, WORLD, POLICY, current) == due_items(files, WORLD, POLICY, current)


def test_an_owner_with_nothing_ahead_is_planned_until_the_next_thing_can_change():
    owner = customer(stage="owner", birthday=None, phone="")
    car = vehicle(delivered_on=D(2020, 1, 10), warranty_ends_on=None, insurance_ends_on=None, inspection_due_on=None)
    f = file(owner, [car], [visit(visited_on=D(2026, 5, 1), kind="maintenance")])
    p = planned(f, D(2026, 6, 1))
    assert D(2026, 6, 1) < p.valid_until < FOREVER
    assert listed(p, p.valid_until - timedelta(days=1)) == scratch(f, p.valid_until - timedelta(days=1))


def test_a_contact_dated_after_the_day_ends_the_plan_that_day():
    from .story import contact

    f = file(customer(stage="prospect", created_on=D(2026, 1, 1)), contacts=[contact(contacted_on=D(2026, 3, 5))])
    assert planned(f, D(2026, 3, 1)).valid_until <= D(2026, 3, 5)


def test_a_reaching_contact_today_plans_one_day():
    from .story import contact

    f = file(customer(stage="prospect", created_on=D(2026, 1, 1)), contacts=[contact(contacted_on=D(2026, 3, 5))])
    p = planned(f, D(2026, 3, 5))
    assert (p.entries, p.valid_until) == ((), D(2026, 3, 6))


def test_no_dealership_needed_beyond_the_context():
    assert planned(file(customer()), D(2026, 1, 1), Dealership(staff=(), campaigns=())).planned_on == D(2026, 1, 1)


@given(st.lists(customer_files(), min_size=1, max_size=4), days, st.integers(0, 3))
def test_the_days_counts_are_the_counts_of_the_days_list(files, day, capacity):
    """``day_counts`` (``report forecast``) counts what ``day_list`` lists, its capacity cut included."""
    from dataclasses import replace

    from followup_cli.rules.engine import day_counts
    from followup_cli.rules.model import Staff

    from .story import STAFF, dealership_of

    files = [replace(f, customer=replace(f.customer, customer_id=f"C{i:03d}")) for i, f in enumerate(files)]
    dealership = dealership_of(Staff("S02", role="consultant", team="north", daily_capacity=capacity),
                               Staff("K02", role="crm", daily_capacity=capacity), base=STAFF, campaigns=WORLD.campaigns)
    ctx = RuleContext(today=day, policy=POLICY, dealership=dealership)
    plans = [plan(f, ctx) for f in files]
    listed = day_list(plans, dealership, POLICY, day)
    customers: dict = {}
    for item in listed.items:
        if item.within_capacity:
            customers.setdefault(item.staff, set()).add(item.customer_id)
    counted = day_counts(plans, dealership, POLICY, day)
    assert counted.calls == {staff: len(ids) for staff, ids in customers.items()}
    assert counted.items == sum(1 for item in listed.items if item.within_capacity)
    assert counted.cut == dict(listed.cut)
