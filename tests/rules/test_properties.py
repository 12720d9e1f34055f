"""Properties of the whole engine over random customer files (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from followup_cli.rules.engine import judge
from followup_cli.rules.grading import effective_grade
from followup_cli.rules.model import CHANNELS, INTENT_LEVELS, STAGES, TOUCHPOINTS, VISIT_KINDS, Staff

from .story import (
    STAFF,
    VIN,
    VIN2,
    D,
    campaign,
    contact,
    ctx,
    customer,
    dealership_of,
    due,
    file,
    vehicle,
    visit,
)

START = D(2024, 1, 1)
SPAN = 3 * 366
WORLD = dealership_of(
    Staff("S02", role="consultant", team="north", daily_capacity=2),
    Staff("K02", role="crm"),
    campaigns=[
        campaign(campaign_id="R1", kind="recall", starts_on=D(2025, 3, 1), vins=[VIN]),
        campaign(campaign_id="P1", kind="parts_arrival", starts_on=D(2025, 9, 1), vins=[VIN2]),
        campaign(campaign_id="E1", kind="event", starts_on=D(2025, 6, 15), ends_on=D(2025, 6, 16), target_models=["Lavida"]),
        campaign(campaign_id="E2", kind="event", starts_on=D(2026, 1, 10), target_stages=["prospect", "lost"]),
        campaign(campaign_id="W1", kind="season_check", starts_on=D(2025, 11, 1)),
    ],
)
PEOPLE = [None] + [s.code for s in STAFF] + ["S02"]
NOT_OPTED = ("reached", "no_answer", "busy", "wrong_number", "appointment", "refused")

days = st.integers(0, SPAN).map(lambda n: START + timedelta(days=n))
maybe_day = st.none() | days
settings.register_profile("rules", max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("rules")


@st.composite
def customer_files(draw, cid="C001", outcomes=NOT_OPTED):
    person = customer(
        customer_id=cid,
        stage=draw(st.sampled_from(STAGES)),
        intent_level=draw(st.none() | st.sampled_from(INTENT_LEVELS)),
        grade=draw(st.none() | st.sampled_from(("premium", "potential", "general"))),
        owner=draw(st.sampled_from(("S01", "S02", None))),
        advisor=draw(st.sampled_from(("A01", None))),
        created_on=draw(maybe_day),
        expected_purchase_on=draw(maybe_day),
        lost_on=draw(maybe_day),
        lost_reason=draw(st.sampled_from((None, "price"))),
        birthday=draw(st.none() | st.dates(D(1960, 1, 1), D(2000, 12, 31))),
        lunar_birthday=draw(st.sampled_from((None, "01-15", "08-30"))),
        interested_model=draw(st.sampled_from((None, "Lavida"))),
    )
    cars = []
    for vin in draw(st.sampled_from(((), (VIN,), (VIN, VIN2)))):
        cars.append(
            vehicle(
                vin=vin,
                customer_id=cid,
                delivered_on=draw(maybe_day),
                sold_here=draw(st.sampled_from((True, False, None))),
                warranty_ends_on=draw(maybe_day),
                insurance_ends_on=draw(maybe_day),
                inspection_due_on=draw(maybe_day),
                usage=draw(st.sampled_from((None, "normal", "severe"))),
            )
        )
    visits = []
    for n in range(draw(st.integers(0, 4)) if cars else 0):
        visits.append(
            visit(
                visit_id=f"{cid}-V{n}",
                vin=draw(st.sampled_from([c.vin for c in cars])),
                visited_on=draw(days),
                kind=draw(st.sampled_from(VISIT_KINDS)),
                advisor=draw(st.sampled_from(("A01", None))),
                complaint=draw(st.sampled_from((None, "noise"))),
            )
        )
    visits.sort(key=lambda v: v.visited_on)
    odometer = 0
    with_km = []
    for v in visits:  # odometers grow with time, as they do
        odometer += draw(st.integers(0, 20000))
        with_km.append(replace(v, odometer_km=odometer if draw(st.booleans()) else None))
    contacts = []
    for n in range(draw(st.integers(0, 6))):
        on = draw(days)
        contacts.append(
            contact(
                customer_id=cid,
                contacted_on=on,
                channel=draw(st.sampled_from(CHANNELS)),
                touchpoint=draw(st.none() | st.sampled_from(TOUCHPOINTS)),
                outcome=draw(st.sampled_from(outcomes)),
                staff=draw(st.sampled_from(PEOPLE)),
                next_contact_on=draw(st.none() | st.integers(1, 40).map(lambda k, on=on: on + timedelta(days=k))),
                score=draw(st.none() | st.integers(1, 5)),
                seq=n + 1,
            )
        )
    referrals = [
        customer(customer_id=f"{cid}-R", referred_by=cid, stage=draw(st.sampled_from(STAGES)), created_on=draw(days))
        for _ in range(draw(st.integers(0, 1)))
    ]
    return file(person, cars, with_km, contacts, referrals)


def evaluate_all(f, today):
    return judge(f, ctx(today, dealership=WORLD))


def shuffled(f, rnd):
    return replace(
        f,
        contacts=tuple(rnd.sample(f.contacts, len(f.contacts))),
        visits=tuple(rnd.sample(f.visits, len(f.visits))),
        vehicles=tuple(rnd.sample(f.vehicles, len(f.vehicles))),
        referrals=tuple(rnd.sample(f.referrals, len(f.referrals))),
    )


def as_of(f, today):
    """The file with nothing after ``today``: the history a later day would also see."""
    return replace(
        f,
        contacts=tuple(c for c in f.contacts if c.contacted_on <= today),
        visits=tuple(v for v in f.visits if v.visited_on <= today),
    )


@given(customer_files(), days, st.randoms(use_true_random=False))
def test_verdicts_do_not_depend_on_the_order_of_records(f, today, rnd):
    assert evaluate_all(shuffled(f, rnd), today) == evaluate_all(f, today)


@given(st.lists(customer_files(), min_size=2, max_size=4), days, st.randoms(use_true_random=False))
def test_the_due_list_does_not_depend_on_the_order_of_files(files, today, rnd):
    files = [replace(f, customer=replace(f.customer, customer_id=f"C{i:03d}")) for i, f in enumerate(files)]
    files = [replace(f, contacts=tuple(replace(c, customer_id=f.customer.customer_id) for c in f.contacts))
             for f in files]
    expected = due(files, today, dealership=WORLD)
    again = due([shuffled(f, rnd) for f in rnd.sample(files, len(files))], today, dealership=WORLD)
    assert again == expected


@given(customer_files(), days)
def test_every_window_opens_before_it_is_due(f, today):
    for j in evaluate_all(f, today):
        v = j.verdict
        if v.status != "not_applicable":
            assert v.opens_on is not None and v.due_on is not None
            assert v.opens_on <= v.due_on, v
    for item in due([f], today, dealership=WORLD).items:
        assert item.opens_on <= item.due_on <= item.due_on + timedelta(days=item.overdue_days)
        assert item.opens_on <= today


@given(customer_files(outcomes=NOT_OPTED + ("opted_out",)), days, st.booleans())
def test_an_opted_out_customer_is_never_listed(f, today, by_flag):
    if by_flag:
        f = replace(f, customer=replace(f.customer, do_not_contact=True))
    else:
        opted = contact(contacted_on=today - timedelta(days=3), outcome="opted_out", seq=99)
        f = file(f.customer, f.vehicles, f.visits, f.contacts + (opted,), f.referrals)
    assert due([f], today, dealership=WORLD).items == ()
    assert {j.verdict.status for j in evaluate_all(f, today)} <= {"suppressed", "not_applicable"}


@given(customer_files(), days)
def test_calling_everyone_on_the_list_empties_it(f, today):
    f = as_of(f, today)
    listed = due([f], today, dealership=WORLD).items
    callers = sorted({i.staff for i in listed}, key=lambda s: s or "")
    calls = tuple(contact(contacted_on=today, staff=s, seq=100 + n) for n, s in enumerate(callers))
    called = file(f.customer, f.vehicles, f.visits, f.contacts + calls, f.referrals)
    assert due([called], today, dealership=WORLD).items == ()
    tomorrow = {(i.touchpoint, i.vin, i.opens_on) for i in due([called], today + timedelta(days=1), dealership=WORLD).items}
    # SPEC 3: a call does not record a defeat category (lost.reason) nor decide a quasi-lost customer (lost.decide)
    answered_by_calls = {(i.touchpoint, i.vin, i.opens_on) for i in listed if i.touchpoint not in RECORDED}
    assert not tomorrow & answered_by_calls


#: the items only a record answers (a category, a new stage), never a call
RECORDED = {"lost.reason", "lost.decide"}


LOST_FOR_GOOD = "suppressed: lost for good, no visit in {months} months"
#: SPEC service.win_back runs "until 24 months" after the last visit, also for customers churn does not grade
WIN_BACK_OVER = "no visit since {date}: past the win-back period"


@given(customer_files(), days, st.integers(1, 60))
def test_an_overdue_item_stays_due_until_it_lapses_or_is_missed(f, today, later):
    f = as_of(f, today)  # nothing happens in between
    then = today + timedelta(days=later)
    # ... but a car delivered in between brings its own service reminder, which comes before win-back
    assume(not any(v.delivered_on is not None and today < v.delivered_on <= then for v in f.vehicles))
    ctx_then = ctx(then, dealership=WORLD)
    grade_changed = effective_grade(f, today, ctx_then.policy) != effective_grade(f, then, ctx_then.policy)
    after = {}
    for j in evaluate_all(f, then):
        after.setdefault((j.verdict.touchpoint, j.verdict.vin), []).append(j.verdict)
    missed_after = int(ctx_then.policy.get("general.missed_after_days"))
    for j in evaluate_all(f, today):
        v, p = j.verdict, j.proposal
        if v.status != "due" or today <= v.due_on:
            continue
        if grade_changed and v.touchpoint.startswith("owner."):
            continue  # the grade, and so the interval, depends on the day (SPEC 4)
        expected_to_end = (
            p.lapse == "greeting"
            or (p.lapses_on is not None and p.lapses_on <= then)
            or (p.lapse == "one_off" and then > p.due_on + timedelta(days=missed_after))
        )
        if expected_to_end:
            continue
        statuses = {w.status for w in after.get((v.touchpoint, v.vin), [])}
        ended_by_churn = any(w.why.msgid in (LOST_FOR_GOOD, WIN_BACK_OVER) for w in after.get((v.touchpoint, v.vin), []))
        assert "due" in statuses or ended_by_churn, (v, after.get((v.touchpoint, v.vin)))
