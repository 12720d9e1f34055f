"""The digest of a customer's contacts gives the same morning list as the whole history (issue 7)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from followup_cli.rules.digest import digest
from followup_cli.rules.engine import due_items
from followup_cli.rules.policy import default_policy

from .story import contact, customer, file
from .test_properties import WORLD, customer_files

D = date
TAGS = (None, "lead.cadence", "lead.promised", "owner.visit", "complaint.reply", "occasion.birthday", "recall.notice",
        "service.win_back", "lost.recheck", "owner.keep_in_touch")
OUTCOMES = ("reached", "no_answer", "busy", "wrong_number", "appointment", "refused")


@st.composite
def histories(draw, start=D(2025, 1, 1), span=500, most=30):
    """Many contacts over few kinds, so that the same kind of call comes back again and again."""
    contacts = []
    for n in range(draw(st.integers(0, most))):
        on = start + timedelta(days=draw(st.integers(0, span)))
        contacts.append(
            contact(
                contacted_on=on,
                channel=draw(st.sampled_from(("phone", "visit", "sms"))),
                touchpoint=draw(st.sampled_from(TAGS)),
                outcome=draw(st.sampled_from(OUTCOMES)),
                staff=draw(st.sampled_from((None, "S01", "A01", "S02"))),
                next_contact_on=draw(st.none() | st.none() | st.integers(1, 40).map(lambda k, on=on: on + timedelta(days=k))),
                score=draw(st.none() | st.none() | st.integers(1, 5)),
                seq=1000 + n,
            )
        )
    return contacts


def in_order(contacts):
    return tuple(sorted(contacts, key=lambda c: (c.contacted_on, c.seq)))


@st.composite
def long_files(draw):
    f = draw(customer_files())
    more = draw(histories())
    contacts = in_order([*f.contacts, *(replace(c, customer_id=f.customer.customer_id) for c in more)])
    return replace(f, contacts=contacts)


def digested(f):
    return replace(f, contacts=digest(f.contacts))


@given(st.lists(long_files(), min_size=1, max_size=3), st.integers(0, 500))
def test_the_digest_gives_the_same_list_on_and_after_the_latest_contact(files, later):
    files = [
        replace(f, customer=replace(f.customer, customer_id=f"C{i}"),
                contacts=tuple(replace(c, customer_id=f"C{i}") for c in f.contacts))
        for i, f in enumerate(files)
    ]
    latest = max((c.contacted_on for f in files for c in f.contacts), default=D(2026, 1, 1))
    today = latest + timedelta(days=later)
    policy = default_policy()
    expected = due_items(files, WORLD, policy, today, missed_since=today - timedelta(days=later))
    got = due_items([digested(f) for f in files], WORLD, policy, today, missed_since=today - timedelta(days=later))
    assert got == expected


@given(histories(most=40), histories(start=D(2025, 6, 1), most=15))
def test_the_digest_of_a_digest_and_new_contacts_is_the_digest_of_all(old, new):
    new = [replace(c, seq=c.seq + 1000) for c in new]  # logged after the old ones
    assert digest(in_order([*digest(in_order(old)), *new])) == digest(in_order([*old, *new]))


def test_a_long_history_digests_to_the_latest_call_of_each_kind():
    calls = [
        contact(contacted_on=D(2025, 1, 1) + timedelta(days=30 * n), touchpoint="lead.cadence", outcome="reached",
                staff="S01", seq=n)
        for n in range(20)
    ]
    tries = [contact(contacted_on=D(2026, 8, 1), touchpoint="lead.cadence", outcome="no_answer", staff="S01", seq=50),
             contact(contacted_on=D(2026, 8, 2), touchpoint="lead.cadence", outcome="busy", staff="S01", seq=51)]
    early_try = contact(contacted_on=D(2025, 1, 2), touchpoint="lead.cadence", outcome="busy", staff="S01", seq=60)
    kept = digest(in_order([*calls, *tries, early_try]))
    # the last reaching call of the kind, and the two attempts after it; the early attempt was answered
    assert [(c.contacted_on, c.outcome) for c in kept] == [
        (D(2026, 7, 25), "reached"), (D(2026, 8, 1), "no_answer"), (D(2026, 8, 2), "busy")]


def test_untagged_calls_promises_scores_and_the_latest_day_are_kept():
    history = in_order([
        contact(contacted_on=D(2025, 3, 1), outcome="reached", staff="S01", seq=1),  # untagged: kept
        contact(contacted_on=D(2025, 4, 1), touchpoint="lead.cadence", outcome="reached", staff="S01",
                next_contact_on=D(2025, 4, 9), seq=2),  # superseded promise, superseded call: dropped
        contact(contacted_on=D(2025, 5, 1), touchpoint="service.quality_callback", outcome="reached", score=2, seq=3),
        contact(contacted_on=D(2025, 6, 1), touchpoint="lead.cadence", outcome="reached", staff="S01",
                next_contact_on=D(2025, 6, 9), seq=4),  # the standing promise and the last call: kept
        contact(contacted_on=D(2025, 7, 1), touchpoint="service.quality_callback", outcome="reached", score=5, seq=5),
        contact(contacted_on=D(2025, 7, 1), touchpoint="lead.cadence", outcome="no_answer", staff="S01", seq=6),
    ])
    assert [c.seq for c in digest(history)] == [1, 3, 4, 5, 6]


def test_an_empty_history_digests_to_nothing():
    assert digest(()) == ()
    assert digested(file(customer())).contacts == ()
