"""Calendar months, the one way the program counts them: ``dateutil.relativedelta``.

A month from 31 January ends on 28 February (29 in a leap year): the day is
kept, clamped to the end of a shorter month. Seed 002/003's "every 6
months", seed 003's churn thresholds and seed 004's "12 months without a
visit" all count this way, and so do the reports' periods.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta


def plus_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (negative: back), clamped to the month's last day.

    31 January + 1 = 28 February; 31 March - 1 = 28 February (29 in a leap year).
    """
    if day.day <= 28:  # no month is shorter: relativedelta's answer, without its cost (reports ask millions of times)
        count = day.year * 12 + day.month - 1 + months
        return day.replace(year=count // 12, month=count % 12 + 1)
    return day + relativedelta(months=months)


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start`` to ``end`` (0 if ``end`` is not later).

    31 January to 27 February is 0 months, to 28 February 1: the inverse of :func:`plus_months`.
    The months of ``relativedelta(end, start)``, found the way it finds them (count the
    calendar months, step back one if adding them overshoots) at a third of its cost: the
    engine asks for every owner every day.
    """
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if plus_months(start, months) > end else months


def first_day_months_after(day: date, months: int) -> date:
    """The first day ``D`` for which ``plus_months(D, -months)`` is ``day`` or later: from then on ``day``
    is no longer within the last ``months`` months (the agenda plans a grade until then)."""
    return _first_day(day, months, lambda d: plus_months(d, -months) >= day)


def first_day_months_between(start: date, months: int) -> date:
    """The first day that is ``months`` whole calendar months after ``start`` (:func:`months_between`)."""
    return _first_day(start, months, lambda d: months_between(start, d) >= months)


def _first_day(start: date, months: int, reached) -> date:
    """The first day after ``start`` for which ``reached`` holds (it holds from then on), searched from
    ``start`` plus ``months`` months, where month-end clamping leaves it within a few days."""
    found = plus_months(start, months)
    one = timedelta(days=1)
    while found > start and reached(found - one):
        found -= one
    while not reached(found):
        found += one
    return found
