"""`report grades` (seed 004 区域 / 行业集中度) on a small hand-built dealership on 2026-06-01.

Seven owners: G1 premium by hand (西湖区, 制造业); G2 premium because he bought two cars
here (西湖区, IT); G3 potential, delivered in March (余杭区, 制造业); G4 potential by hand
(西湖区, 制造业); G5 general, no visit for years (no region, 制造业); G6 general by hand
(余杭区, no industry); G7 potential, visited in January (余杭区, IT). A prospect graded
premium by hand and a lost customer are not owners.
"""

from __future__ import annotations

from followup_cli.message import Message
from followup_cli.reports.grades import grades

from .dealer import VIN, VIN2, D, customer, file, report_input, rows, vehicle, visit

TODAY = D(2026, 6, 1)
TOTAL, NOT_RECORDED = Message.of("total"), Message.of("(not recorded)")
OLD = D(2020, 1, 1)


def owner(cid: str, region: str | None, industry: str | None, grade: str | None = None, cars=(OLD,), visits=()):
    return file(
        customer(customer_id=cid, stage="owner", region=region, industry=industry, grade=grade),
        vehicles=[vehicle(vin=vin, delivered_on=d) for vin, d in zip((VIN, VIN2), cars)],
        visits=[visit(visited_on=d) for d in visits],
    )


FILES = [
    owner("G1", "西湖区", "制造业", grade="premium"),
    owner("G2", "西湖区", "IT", cars=(OLD, D(2021, 5, 1))),
    owner("G3", "余杭区", "制造业", cars=(D(2026, 3, 1),)),
    owner("G4", "西湖区", "制造业", grade="potential"),
    owner("G5", None, "制造业"),
    owner("G6", "余杭区", None, grade="general"),
    owner("G7", "余杭区", "IT", visits=(D(2026, 1, 1),)),
    file(customer(customer_id="P1", region="西湖区", industry="IT", grade="premium")),
    file(customer(customer_id="L1", stage="lost", region="西湖区", industry="IT")),
]


def report():
    return grades(report_input(FILES, TODAY, D(2026, 1, 1), TODAY))


def test_the_mix_of_grades_among_owners():
    assert [tuple(r.values()) for r in rows(report(), "mix")] == [
        ("premium", 2, 2 / 7),
        ("potential", 3, 3 / 7),
        ("general", 2, 2 / 7),
        (TOTAL, 7, 1.0),
    ]


def test_grade_by_region_shares_are_of_each_grade_s_owners():
    # region, premium, share, potential, share, general, share, total, share of all owners
    assert [tuple(r.values()) for r in rows(report(), "regions")] == [
        ("余杭区", 0, 0.0, 2, 2 / 3, 1, 0.5, 3, 3 / 7),
        ("西湖区", 2, 1.0, 1, 1 / 3, 0, 0.0, 3, 3 / 7),
        (NOT_RECORDED, 0, 0.0, 0, 0.0, 1, 0.5, 1, 1 / 7),
        (TOTAL, 2, 1.0, 3, 1.0, 2, 1.0, 7, 1.0),
    ]


def test_grade_by_industry_most_owners_first():
    assert [tuple(r.values()) for r in rows(report(), "industries")] == [
        ("制造业", 1, 0.5, 2, 2 / 3, 1, 0.5, 4, 4 / 7),
        ("IT", 1, 0.5, 1, 1 / 3, 0, 0.0, 2, 2 / 7),
        (NOT_RECORDED, 0, 0.0, 0, 0.0, 1, 0.5, 1, 1 / 7),
        (TOTAL, 2, 1.0, 3, 1.0, 2, 1.0, 7, 1.0),
    ]


def test_a_grade_without_owners_has_no_share():
    r = grades(report_input([owner("G6", "余杭区", None, grade="general")], TODAY))
    assert rows(r, "regions")[0] == {
        "region": "余杭区", "premium": 0, "premium_share": None, "potential": 0, "potential_share": None,
        "general": 1, "general_share": 1.0, "total": 1, "total_share": 1.0,
    }
