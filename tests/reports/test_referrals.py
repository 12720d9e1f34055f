"""`report referrals` (seed 004 推荐数 / 续购数) on a small hand-built dealership.

Today is 2026-06-30; the period is April to June.

Referrers: R1, an owner who is premium because X1, whom he referred, bought; R2, an
owner graded general by hand; R3, a prospect (no grade); R9 is not in the list.

Referred customers met in the period: X1 (R1, 10 April, source referral, bought in
May), X2 (R1, 5 May, referral, still shopping), X3 (R2, 20 May, walk-in, an owner),
X4 (R3, 15 June, no source, still a prospect in the list but took delivery of a car
sold here on 25 June), X5 (R9, 2 June, event, shopping). X6 (R1) was met in March.

Repurchases: M1 bought again here on 20 May (premium: bought again); M2 (potential by
hand) bought her first car here in April and her second in June; M3 bought his second
and third cars here in April and June (counted once, in April); M4's second car was
bought elsewhere. W1 walked in on 9 May, referred by nobody.

Every other customer was met (created) before the period.
"""

from __future__ import annotations

from followup_cli.message import Message
from followup_cli.reports.referrals import referrals

from .dealer import D, customer, file, report_input, rows, vehicle

TODAY = D(2026, 6, 30)
START, END = D(2026, 4, 1), D(2026, 6, 30)
TOTAL = Message.of("total")
NOT_RECORDED = Message.of("(not recorded)")
NOT_AN_OWNER, UNKNOWN = Message.of("(not an owner)"), Message.of("(unknown referrer)")


def cars(cid: str, *delivered: D, elsewhere: D | None = None):
    out = [vehicle(vin=f"{cid}VIN{i}", delivered_on=d) for i, d in enumerate(delivered)]
    if elsewhere:
        out.append(vehicle(vin=f"{cid}OTHER", delivered_on=elsewhere, sold_here=False))
    return out


def referred(cid: str, by: str, met: D, source: str | None, stage: str = "prospect"):
    return customer(customer_id=cid, referred_by=by, created_on=met, source=source, stage=stage)


X1 = referred("X1", "R1", D(2026, 4, 10), "referral", stage="owner")
X2 = referred("X2", "R1", D(2026, 5, 5), "referral")
X3 = referred("X3", "R2", D(2026, 5, 20), "walk_in", stage="owner")
X4 = referred("X4", "R3", D(2026, 6, 15), None)
X5 = referred("X5", "R9", D(2026, 6, 2), "event")
X6 = referred("X6", "R1", D(2026, 3, 15), "referral", stage="owner")

FILES = [
    file(customer(customer_id="R1", stage="owner"), vehicles=cars("R1", D(2020, 1, 1)), referrals=[X1, X2, X6]),
    file(customer(customer_id="R2", stage="owner", grade="general"), vehicles=cars("R2", D(2020, 1, 1)), referrals=[X3]),
    file(customer(customer_id="R3"), referrals=[X4]),
    file(X1, vehicles=cars("X1", D(2026, 5, 1))),
    file(X2),
    file(X3),
    file(X4, vehicles=cars("X4", D(2026, 6, 25))),
    file(X5),
    file(X6, vehicles=cars("X6", D(2026, 3, 30))),
    file(customer(customer_id="M1", stage="owner"), vehicles=cars("M1", D(2024, 1, 10), D(2026, 5, 20))),
    file(customer(customer_id="M2", stage="owner", grade="potential"), vehicles=cars("M2", D(2026, 4, 3), D(2026, 6, 12))),
    file(customer(customer_id="M3", stage="owner"), vehicles=cars("M3", D(2025, 1, 1), D(2026, 4, 10), D(2026, 6, 20))),
    file(customer(customer_id="M4", stage="owner"), vehicles=cars("M4", D(2025, 1, 1), elsewhere=D(2026, 5, 1))),
    file(customer(customer_id="W1", created_on=D(2026, 5, 9), source="walk_in")),
]


def report():
    return referrals(report_input(FILES, TODAY, START, END))


def test_by_the_referrer_s_grade():
    got = [tuple(r.values()) for r in rows(report(), "by_grade")]
    # grade, referrals, bought, bought share, repurchases
    assert got == [
        ("premium", 2, 1, 0.5, 2),  # X1 and X2 by R1; M1 and M3 bought again
        ("potential", 0, 0, None, 1),  # M2
        ("general", 1, 1, 1.0, 0),  # X3 by R2
        (NOT_AN_OWNER, 1, 1, 1.0, 0),  # X4 by R3: a delivery counts as bought
        (UNKNOWN, 1, 0, 0.0, 0),  # X5 by R9
        (TOTAL, 5, 3, 0.6, 3),
    ]


def test_by_the_referred_customer_s_source():
    got = [tuple(r.values()) for r in rows(report(), "by_source")]
    assert got == [
        ("walk_in", 1, 1, 1.0),
        ("referral", 2, 1, 0.5),
        ("event", 1, 0, 0.0),
        (NOT_RECORDED, 1, 1, 1.0),
        (TOTAL, 5, 3, 0.6),
    ]


def test_by_month_referrals_when_met_repurchases_when_delivered():
    got = [tuple(r.values()) for r in rows(report(), "by_month")]
    # month, new customers, referrals, their share, bought, share, repurchases
    assert got == [
        ("2026-04", 1, 1, 1.0, 1, 1.0, 1),  # X1; M3's second car
        ("2026-05", 3, 2, 2 / 3, 1, 0.5, 1),  # X2, X3 and a walk-in; M1
        ("2026-06", 2, 2, 1.0, 1, 0.5, 1),  # X4, X5; M2 (M3's third car is not a new repurchaser)
        (TOTAL, 6, 5, 5 / 6, 3, 0.6, 3),
    ]


def test_without_referrals_the_grade_rows_are_still_there():
    got = rows(referrals(report_input([], TODAY, START, END)), "by_grade")
    assert [(r["grade"], r["referrals"], r["bought_share"]) for r in got] == [
        ("premium", 0, None), ("potential", 0, None), ("general", 0, None), (TOTAL, 0, None),
    ]


class Passes:
    """The files, counting how often the report goes over them (the store's files are re-read each time)."""

    def __init__(self, files):
        self.files, self.passes = tuple(files), 0

    def __iter__(self):
        self.passes += 1
        return iter(self.files)


def _unnamed(f):
    """The file without the customers it referred (a file built by hand, not by the store)."""
    return file(f.customer, vehicles=f.vehicles, visits=f.visits, contacts=f.contacts)


def test_a_referrer_s_grade_is_known_in_one_pass_when_its_file_names_its_referrals():
    files = Passes(FILES)
    data = report_input((), TODAY, START, END)
    got = referrals(type(data)(files, data.dealership, data.policy, TODAY, data.period))
    assert files.passes == 1
    assert got == report()


def test_a_referrer_read_before_a_file_that_does_not_name_the_referral_is_graded_on_a_second_pass():
    # R1, R2 and R3 come first, and no file names whom it referred: their grades are only
    # wanted once X1..X4 are read, so the report goes over the files once more for them
    files = Passes(_unnamed(f) for f in FILES)
    data = report_input((), TODAY, START, END)
    got = referrals(type(data)(files, data.dealership, data.policy, TODAY, data.period))
    assert files.passes == 2
    # R1 is no longer premium (his file does not say he referred X1, who bought): general, as R2 is
    assert [tuple(r.values())[:3] for r in rows(got, "by_grade")] == [
        ("premium", 0, 0), ("potential", 0, 0), ("general", 3, 2), (NOT_AN_OWNER, 1, 1), (UNKNOWN, 1, 0), (TOTAL, 5, 3),
    ]
    assert got == referrals(report_input(list(reversed(files.files)), TODAY, START, END))
