"""``due_items`` takes shortcuts (cheapest question first, whole customers skipped when
suppressed or reached today, only the lost-stage rules for lost customers); its list must
be exactly the one the verdicts of ``judge`` give (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from followup_cli.rules.context import RuleContext
from followup_cli.rules.engine import RULES, DueList, _WHEN_LOST, as_of, due_items, judge
from followup_cli.rules.model import DueItem
from followup_cli.rules.policy import default_policy
from followup_cli.rules.rank import apply_capacity, capacities, customer_factor, overdue_days, priority, ranked
from followup_cli.rules.satisfy import allowed_when_lost

from .story import contact, file
from .test_properties import WORLD, customer_files, days


def due_by_judging(files, dealership, policy, today, missed_since=None) -> DueList:
    """``due_items`` the long way: every rule's verdict, then the due and missed ones."""
    ctx = RuleContext(today, policy, dealership)
    def missed_after(touchpoint):
        key = f"{touchpoint}.missed_after_days"
        return int(policy.get(key) if policy.has(key) else policy.get("general.missed_after_days"))

    counted_from = missed_since or today
    items, missed = [], {}
    for f in files:
        f = as_of(f, today)
        by_rule = []
        for j in judge(f, ctx):
            v = j.verdict
            if v.status == "missed":
                if counted_from <= v.due_on + timedelta(days=missed_after(v.touchpoint) + 1) <= today:
                    missed[v.staff] = missed.get(v.staff, 0) + 1
            elif v.status == "due":
                late = overdue_days(v.due_on, today)
                factor = customer_factor(f, today, policy)
                by_rule.append(
                    DueItem(
                        customer_id=f.customer.customer_id,
                        name=f.customer.name,
                        phone=f.customer.phone,
                        vin=v.vin,
                        touchpoint=v.touchpoint,
                        opens_on=v.opens_on,
                        due_on=v.due_on,
                        overdue_days=late,
                        priority=priority(v.touchpoint, factor, late, policy),
                        staff=v.staff,
                        role=v.role,
                        channel=v.channel,
                        reason=j.proposal.reason,
                        flags=j.flags,
                        store=f.customer.store,
                        notes=f.customer.notes,
                    )
                )
        customer_items = tuple(sorted({(i.staff, i.touchpoint) for i in by_rule}, key=lambda p: (p[0] or "", p[1])))
        if len({i.staff for i in by_rule}) > 1:
            by_rule = [replace(i, also=customer_items) for i in by_rule]
        items.extend(by_rule)
    capped, cut = apply_capacity(
        ranked(items),
        capacities(WORLD.staff, policy),
        int(policy.get("general.default_daily_capacity")),
    )
    return DueList(tuple(capped), cut, dict(sorted(missed.items(), key=lambda kv: kv[0] or "")))


def _distinct(files):
    files = [replace(f, customer=replace(f.customer, customer_id=f"C{i:03d}")) for i, f in enumerate(files)]
    return [
        replace(f, contacts=tuple(replace(c, customer_id=f.customer.customer_id) for c in f.contacts)) for f in files
    ]


def _edges(files, day, policy) -> list:
    """The days around which some item of ``files`` changes status (opens, falls due, lapses, is missed)."""
    missed_after = timedelta(days=int(policy.get("general.missed_after_days")))
    short = timedelta(days=7)  # the first-days items' missed_after_days
    ctx = RuleContext(day, policy, WORLD)
    found = set()
    for f in files:
        for j in judge(f, ctx):
            p = j.proposal
            if p is None:
                continue
            for edge in (p.opens_on, p.due_on, p.lapses_on, p.due_on + missed_after, p.due_on + short):
                if edge is not None:
                    found.update((edge - timedelta(days=1), edge, edge + timedelta(days=1)))
    return sorted(found)


@given(st.lists(customer_files(), min_size=1, max_size=4), days, st.none() | days, st.randoms(use_true_random=False))
def test_the_due_list_is_the_list_of_due_verdicts(files, today, since, rnd):
    files = _distinct(files)
    policy = default_policy()
    edges = _edges(files, today, policy)
    for day in [today] + rnd.sample(edges, min(len(edges), 6)):
        start = since if since is None or since <= day else day
        expected = due_by_judging(files, WORLD, policy, day, start)
        assert due_items(files, WORLD, policy, day, missed_since=start) == expected, day


@given(customer_files(), days, st.sampled_from(("reached", "no_answer", "appointment")))
def test_a_customer_called_today_gets_the_same_list_either_way(f, today, outcome):
    f = as_of(f, today)
    called = file(f.customer, f.vehicles, f.visits, f.contacts + (contact(contacted_on=today, outcome=outcome, seq=99),),
                  f.referrals)
    policy = default_policy()
    assert due_items([called], WORLD, policy, today) == due_by_judging([called], WORLD, policy, today)


@given(customer_files(), days)
def test_the_rules_left_out_for_lost_customers_propose_nothing_they_may_get(f, today):
    f = replace(f, customer=replace(f.customer, stage="lost"))
    ctx = RuleContext(today, default_policy(), WORLD)
    for rule in RULES:
        if rule in _WHEN_LOST:
            continue
        for answer in rule(as_of(f, today), ctx):
            assert not allowed_when_lost(answer.touchpoint), (rule, answer)
