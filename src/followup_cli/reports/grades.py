"""`report grades`: owners by grade × region and grade × industry (seed 004 集中度分析).

Seed 004 asks each dealership to "明确基盘客户区域分级和行业分级的集中度": a table of
regions (then of industries) against 优质 / 潜力 / 一般 客户 and 合计, read as "明确优质客户、
潜力客户和一般客户的区域集中度" — for each grade, where its customers are — and as the
structure of the whole base ("优质客户 例, 占比; 潜力客户 例, 占比; 一般客户 例, 占比"; "交通运输
例, 占比、制造业 例, 占比").

Decisions:

* Who: customers at stage ``owner`` (the 基盘客户 are the customers who bought; grades are
  for owners, SPEC 2), each with their effective grade on ``--today`` (set by hand, else
  computed: :func:`followup_cli.rules.grading.effective_grade`). A snapshot: the period
  does not apply.
* Shares are of the grade's total — the column — because that is the seed's
  concentration: ``premium_share`` of a region = the region's premium owners / all
  premium owners, so each grade's shares add up to 100 % down the table.
  ``total_share`` is the region's share of all owners. The ``mix`` table gives each
  grade's share of all owners (the seed's 成交客户的结构).
* Rows: most owners first; a blank region or industry reads "(not recorded)", last.
"""

from __future__ import annotations

from collections import Counter

from followup_cli.message import Message, N_
from followup_cli.reports.model import Chart, Column, Report, ReportInput, Table
from followup_cli.rules.grading import effective_grade
from followup_cli.rules.model import GRADES

TOTAL = Message.of(N_("total"))
NOT_RECORDED = Message.of(N_("(not recorded)"))

_GRADE_HEADERS = {
    "premium": (N_("premium"), N_("premium, share")),
    "potential": (N_("potential"), N_("potential, share")),
    "general": (N_("general"), N_("general, share")),
}


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _concentration(
    name: str, title: Message, key: str, header: Message, cells: Counter, grade_totals: Counter
) -> Table:
    """One table of ``key`` (region or industry) × grade: counts and shares of each grade's total."""
    labels = {label for label, _ in cells}
    per_label = Counter()
    for (label, _), n in cells.items():
        per_label[label] += n
    owners = sum(grade_totals.values())
    ordered = sorted(labels, key=lambda label: (label is None, -per_label[label], label or ""))
    rows = []
    for label in ordered:
        row: list = [label or NOT_RECORDED]
        for grade in GRADES:
            n = cells[label, grade]
            row += [n, _share(n, grade_totals[grade])]
        row += [per_label[label], _share(per_label[label], owners)]
        rows.append(tuple(row))
    total: list = [TOTAL]
    for grade in GRADES:
        total += [grade_totals[grade], _share(grade_totals[grade], grade_totals[grade])]
    total += [owners, _share(owners, owners)]
    rows.append(tuple(total))
    columns = [Column(key, header)]
    for grade in GRADES:
        count, share = _GRADE_HEADERS[grade]
        columns += [Column(grade, Message.of(count), "int"), Column(f"{grade}_share", Message.of(share), "pct")]
    columns += [
        Column("total", Message.of(N_("total")), "int"),
        Column("total_share", Message.of(N_("total, share")), "pct"),
    ]
    return Table(
        name,
        title,
        tuple(columns),
        tuple(rows),
        chart=Chart("bar", (key,), tuple(GRADES)),
        notes=(
            Message.of(
                N_("each grade's share is of that grade's owners (its concentration); total, share is of all owners")
            ),
        ),
    )


def grades(data: ReportInput) -> Report:
    today, policy = data.today, data.policy
    by_region: Counter = Counter()
    by_industry: Counter = Counter()
    grade_totals: Counter = Counter()
    for file in data.files:
        customer = file.customer
        if customer.stage != "owner":
            continue
        grade = effective_grade(file, today, policy)
        if grade not in GRADES:  # the store only keeps these three (import refuses others)
            continue
        grade_totals[grade] += 1
        by_region[customer.region or None, grade] += 1
        by_industry[customer.industry or None, grade] += 1

    owners = sum(grade_totals.values())
    mix_rows = [(grade, grade_totals[grade], _share(grade_totals[grade], owners)) for grade in GRADES]
    mix_rows.append((TOTAL, owners, _share(owners, owners)))
    return Report(
        "grades",
        Message.of(N_("Owners by grade on {day}"), day=today),
        (
            Table(
                "mix",
                Message.of(N_("Grades of all owners")),
                (
                    Column("grade", Message.of(N_("grade")), "term"),
                    Column("owners", Message.of(N_("owners")), "int"),
                    Column("share", Message.of(N_("share")), "pct"),
                ),
                tuple(mix_rows),
                chart=Chart("bar", ("grade",), ("owners",)),
                notes=(Message.of(N_("grade: set by hand, else computed (seed 004); customers at stage owner")),),
            ),
            _concentration(
                "regions", Message.of(N_("Grade by region")),
                "region", Message.of(N_("region")), by_region, grade_totals,
            ),
            _concentration(
                "industries", Message.of(N_("Grade by industry")),
                "industry", Message.of(N_("industry")), by_industry, grade_totals,
            ),
        ),
    )
