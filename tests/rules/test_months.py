"""Calendar months (rules.months): the day kept, clamped to a shorter month's last day; whole months between."""

from datetime import date as D

from hypothesis import given
from hypothesis import strategies as st

from followup_cli.rules.months import months_between, plus_months


def test_plus_months_keeps_the_day_or_takes_a_shorter_months_last():
    assert plus_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert plus_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert plus_months(D(2026, 1, 30), 3) == D(2026, 4, 30)
    assert plus_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert plus_months(D(2026, 11, 15), 14) == D(2028, 1, 15)
    assert plus_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert plus_months(D(2026, 5, 20), 0) == D(2026, 5, 20)


def test_months_between_counts_whole_months_and_is_the_inverse_of_plus_months():
    assert months_between(D(2026, 1, 31), D(2026, 2, 27)) == 0
    assert months_between(D(2026, 1, 31), D(2026, 2, 28)) == 1
    assert months_between(D(2025, 6, 1), D(2026, 6, 1)) == 12
    assert months_between(D(2025, 6, 2), D(2026, 6, 1)) == 11
    assert months_between(D(2026, 6, 1), D(2026, 6, 1)) == 0
    assert months_between(D(2026, 6, 1), D(2026, 5, 1)) == 0
    start = D(2025, 8, 31)
    for n in range(0, 30):
        assert months_between(start, plus_months(start, n)) == n, n


@given(day=st.dates(min_value=D(1950, 1, 1), max_value=D(2150, 12, 31)), months=st.integers(-600, 600))
def test_plus_months_is_relativedeltas_answer(day, months):
    """The shortcut for days up to the 28th gives relativedelta's answer, and so does every other day."""
    from dateutil.relativedelta import relativedelta

    from followup_cli.rules.months import plus_months

    assert plus_months(day, months) == day + relativedelta(months=months)
