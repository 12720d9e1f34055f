"""Calendar questions the occasion rules ask: public holidays, lunar birthdays, yearly dates.

Holidays come from the ``holidays`` package's China calendar (its 国务院办公厅
notices), never from dates written here; lunar dates from ``lunardate``.
Both packages are imported inside the functions that need them (``holidays``
is slow to import). Nothing is cached here: the occasion rules keep the day's
holiday and each birthday's greeting in the evaluation's memo (a year's
holidays take under a millisecond).

Everything here is a pure function of its arguments: no clock.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import MappingProxyType

from followup_cli.message import Message, N_

#: policy ``occasion.holiday.names`` keys -> the English names the ``holidays``
#: package gives those days (its ``en_US`` labels). The first day bearing the
#: name in a year is the holiday (Spring Festival: 正月初一, not the days off).
HOLIDAY_NAMES = MappingProxyType({
    "new_year": "New Year's Day",
    "spring_festival": "Chinese New Year (Spring Festival)",
    "mid_autumn": "Mid-Autumn Festival",
    "national_day": "National Day",
    # not greeted by default; a dealer may add them to occasion.holiday.names
    "tomb_sweeping": "Tomb-Sweeping Day",
    "labor_day": "Labor Day",
    "dragon_boat": "Dragon Boat Festival",
})

#: what a person reads for each key (translated by the shell)
HOLIDAY_LABELS = MappingProxyType({
    "new_year": Message.of(N_("New Year's Day")),
    "spring_festival": Message.of(N_("Spring Festival")),
    "mid_autumn": Message.of(N_("Mid-Autumn Festival")),
    "national_day": Message.of(N_("National Day")),
    "tomb_sweeping": Message.of(N_("Tomb-Sweeping Day")),
    "labor_day": Message.of(N_("Labor Day")),
    "dragon_boat": Message.of(N_("Dragon Boat Festival")),
})


def holidays_of_year(year: int) -> tuple[tuple[date, str], ...]:
    """The greeting holidays of one year as ``(day, key)`` pairs, by date.

    Keys are those of :data:`HOLIDAY_NAMES`. A day the package labels with two
    names (National Day and Mid-Autumn fell together in 2020) yields two pairs.
    """
    import holidays  # slow to import: only when a holiday is asked for

    calendar = holidays.country_holidays("CN", years=year, language="en_US")
    first: dict[str, date] = {}
    for day, label in sorted(calendar.items()):
        for name in label.split("; "):
            for key, wanted in HOLIDAY_NAMES.items():
                if name == wanted and key not in first:
                    first[key] = day
    return tuple(sorted((day, key) for key, day in first.items()))


def holiday_dates(keys: tuple[str, ...] | list[str], years: range) -> list[tuple[date, str]]:
    """The named holidays (policy keys) over ``years``, by date."""
    wanted = set(keys)
    return [(day, key) for year in years for day, key in holidays_of_year(year) if key in wanted]


def same_day_in_year(day: date, year: int) -> date:
    """``day``'s month and day in ``year``; 29 February becomes 28 February in common years."""
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)


def parse_month_day(text: str | None) -> tuple[int, int] | None:
    """``"MM-DD"`` (the lunar_birthday column) as ``(month, day)``; None if blank or malformed."""
    if not text:
        return None
    parts = text.strip().split("-")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        return None
    month, day = int(parts[0]), int(parts[1])
    if not (1 <= month <= 12 and 1 <= day <= 30):
        return None
    return month, day


def lunar_to_solar(lunar_year: int, month: int, day: int) -> date | None:
    """The solar date of ``month``/``day`` in lunar year ``lunar_year``.

    A 30th in a month that has only 29 days falls on the 29th (the month's
    last day). A leap month (闰月) is never chosen: the birthday is kept in
    the regular month of that number. None outside lunardate's range
    (1900-2099).
    """
    from lunardate import LunarDate

    for candidate in (day, day - 1) if day == 30 else (day,):
        try:
            return LunarDate(lunar_year, month, candidate).to_solar_date()
        except ValueError as exc:
            if "year out of range" in str(exc):
                return None
    return None


def lunar_birthdays(month: int, day: int, years: range) -> list[date]:
    """Solar dates of a lunar birthday falling in ``years`` (solar), by date.

    A lunar year starts in January or February, so lunar year Y's 12th month
    falls in solar year Y+1: the lunar years from ``years.start - 1`` are tried.
    """
    found = set()
    for lunar_year in range(years.start - 1, years.stop):
        solar = lunar_to_solar(lunar_year, month, day)
        if solar is not None and solar.year in years:
            found.add(solar)
    return sorted(found)


def occurrence_changes(occurrences: list[tuple[date, object]], today: date, opens: timedelta, due: timedelta) -> date:
    """The first day after ``today`` on which :func:`this_years_occurrence` may choose another occurrence
    (or the same one for another reason): a window opening or closing, or a new calendar year."""
    following = date(today.year + 1, 1, 1)
    one_day = timedelta(days=1)
    for occurrence in occurrences:
        for day in (occurrence[0] + opens, occurrence[0] + due + one_day):
            if today < day < following:
                following = day
    return following


def following_occurrence(
    occurrences: list[tuple[date, object]],
    today: date,
    opens: timedelta,
    due: timedelta,
    chosen: tuple[date, object] | None,
) -> tuple[tuple[date, object] | None, date]:
    """The occurrence :func:`this_years_occurrence` chooses once ``chosen``'s turn is over (its window
    opening after ``chosen``'s closes), and the first day after ``today`` on which anything else may
    change: the one after it opening, or a new calendar year. An agenda plans both greetings at once.
    (None, :func:`occurrence_changes`) when there is none or the windows overlap."""
    if chosen is None:
        return None, occurrence_changes(occurrences, today, opens, due)
    ahead = sorted((o for o in occurrences if o[0] != chosen[0] and o[0] + opens > today), key=lambda o: o[0])
    if not ahead or ahead[0][0] + opens <= chosen[0] + due:
        return None, occurrence_changes(occurrences, today, opens, due)
    changes = date(today.year + 1, 1, 1)
    if len(ahead) > 1 and ahead[1][0] + opens < changes:
        changes = ahead[1][0] + opens
    return ahead[0], changes


def this_years_occurrence(
    occurrences: list[tuple[date, object]], today: date, opens: timedelta, due: timedelta
) -> tuple[date, object] | None:
    """Pick the occurrence of a yearly occasion whose window is the current one.

    ``occurrences`` are ``(trigger day, payload)`` pairs covering at least
    last year to next year; the window runs from trigger + ``opens`` to
    trigger + ``due``. In order:

    1. one whose window contains today (the earliest due): this also finds a
       2 January birthday on 31 December;
    2. else the latest one already past this calendar year (SPEC: "birthday
       this year"), so the day after, the engine shows it lapsed or satisfied;
    3. else the next one to come (not yet open).
    """
    open_now = None
    past = None
    upcoming = None
    for occurrence in occurrences:
        day = occurrence[0]
        if day + opens <= today <= day + due:
            if open_now is None or day < open_now[0]:
                open_now = occurrence
        elif day + due < today:
            if day.year == today.year and (past is None or day > past[0]):
                past = occurrence
        elif upcoming is None or day < upcoming[0]:
            upcoming = occurrence
    return open_now or past or upcoming


def current_holiday(
    keys: tuple[str, ...], today: date, opens: timedelta, due: timedelta
) -> tuple[tuple[date, tuple[str, ...]] | None, tuple[date, tuple[str, ...]] | None, date]:
    """The holiday greeting window of ``today`` (see :func:`this_years_occurrence`) and its keys (None:
    no holiday), the one after it and the day anything else may change (:func:`following_occurrence`).

    The same for every customer on a day: the occasion rules work it out once per evaluation.
    Two holidays on one day (National Day and Mid-Autumn in 2020) are one.
    """
    by_day: dict[date, list[str]] = {}
    for day, key in holiday_dates(keys, range(today.year - 1, today.year + 2)):
        by_day.setdefault(day, []).append(key)
    occurrences: list[tuple[date, object]] = [(d, tuple(k)) for d, k in sorted(by_day.items())]
    chosen = this_years_occurrence(occurrences, today, opens, due)
    following, changes = following_occurrence(occurrences, today, opens, due, chosen)
    return chosen, following, changes  # type: ignore[return-value]
