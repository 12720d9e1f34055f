"""What a policy value may be (SPEC 5): the constraints ``parse_policy`` checks after the types.

Values are checked by the shape their key's name gives them, so a key added
later with a known shape (an ``opens``/``due`` window, ``*_days``,
any key naming months, ``channel``/``*_channel``, ``role``/``*_role``, ``weight``,
``*factor``, ``*_capacity``) is checked without an entry of its own. A
number no pattern names is a count (an integer) or a finite number (a float).

Bounds: an offset or a count of days is at most ``DAY_BOUND`` (36,500 days, a
hundred years) either way, and months at most ``MONTH_BOUND`` (1,200). Stored
dates are years 1900-2100 (csvio), so a date moved by a few such offsets
stays far inside the years 1-9999 that ``date`` allows; the one product of two
policy numbers the rules compute (``stale_after_periods`` cadence periods) is
bounded as a whole. Factors are at most 10 (``severe_factor`` times 1,200
months is a thousand years), weights at most a million and ``first_bonus`` a
billion, so a priority (weight x factor + overdue days x rate + bonus) is
always a finite number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from difflib import get_close_matches
from fnmatch import fnmatchcase
from typing import Any, Iterator, Mapping

from followup_cli.message import Message, N_
from followup_cli.rules.calendar import HOLIDAY_NAMES
from followup_cli.rules.model import CHANNELS, GRADES, INTENT_LEVELS, ROLES

DAY_BOUND = 36_500
MONTH_BOUND = 1_200


@dataclass(frozen=True)
class Between:
    """A number from ``low`` to ``high`` (``low`` itself refused when ``above``), in ``unit``."""

    low: float
    high: float
    unit: str = ""
    above: bool = False
    hundredths: bool = False  # a priority's points: counted in hundredths (``rank.Priorities``)

    def problem(self, value: Any) -> Message | None:
        low, high = _number(self.low), _number(self.high)
        if self.hundredths and abs(round(value, 2) - value) > 1e-9:
            return Message.of(
                N_("{value} has more than two decimal places: priorities are counted in hundredths of a point"),
                value=_shown(value),
            )
        if self.above:
            if not self.low < value <= self.high:
                return Message.of(
                    N_("{value} is out of range: it must be more than {low} and at most {high}"),
                    value=_shown(value),
                    low=low,
                    high=high,
                )
        elif not self.low <= value <= self.high:
            if self.unit:
                return Message.of(
                    N_("{value} is out of range: it must be from {low} to {high} {unit}"),
                    value=_shown(value),
                    low=low,
                    high=high,
                    unit=Message.of(self.unit),
                )
            return Message.of(
                N_("{value} is out of range: it must be from {low} to {high}"), value=_shown(value), low=low, high=high
            )
        return None


#: what a message template may name (SPEC 5)
PLACEHOLDERS = ("name", "vehicle", "plate", "date", "event", "store", "staff_name")


@dataclass(frozen=True)
class Template:
    """A message text (SPEC 5 templates): a format string naming only the placeholders."""

    def problem(self, value: Any) -> Message | None:
        from string import Formatter

        if not isinstance(value, str):
            return None
        try:
            names = [field for _, field, _, _ in Formatter().parse(value) if field is not None]
        except ValueError:
            return Message.of(N_("a brace that does not close: write a brace meant as text twice"))
        for name in names:
            if name not in PLACEHOLDERS:
                return Message.of(
                    N_('unknown placeholder "{{{name}}}": a message may use {choices}'),
                    name=name,
                    choices=", ".join("{" + p + "}" for p in PLACEHOLDERS),
                )
        return None


@dataclass(frozen=True)
class OneOf:
    """One of a fixed set of names (a list: each of its items)."""

    kind: str
    choices: tuple[str, ...]

    def problem(self, value: Any) -> Message | None:
        for item in value if isinstance(value, (list, tuple)) else (value,):
            if item not in self.choices:
                return Message.of(
                    N_('unknown {kind} "{value}": expected one of {choices}'),
                    kind=Message.of(self.kind),
                    value=item,
                    choices=", ".join(self.choices),
                )
        return None


OFFSET = Between(-DAY_BOUND, DAY_BOUND, N_("days"))
DAYS = Between(0, DAY_BOUND, N_("days"))
MONTHS = Between(0, MONTH_BOUND, N_("months"))
COUNT = Between(0, DAY_BOUND)
WEIGHT = Between(0, 1_000_000, hundredths=True)
BONUS = Between(0, 1_000_000_000, hundredths=True)
RATE = Between(0, 1_000_000, above=True, hundredths=True)  # priority points a day overdue
FACTOR = Between(0, 10, above=True)
PER_DAY = Between(0, 1_000_000, above=True)
DISTANCE = Between(1, 1_000_000, N_("km"))
KM_PER_YEAR = Between(1, 1_000_000, N_("km a year"))
READINGS = Between(2, DAY_BOUND)  # an average runs from one reading to another
GAPS = Between(1, 100)  # service gaps a learned interval needs or reads (seed 002)
SCORE = Between(0, 5)  # satisfaction scores are 1-5 (seed 000 SSI/CSI); 0: no score opens a complaint
NUMBER = Between(-1_000_000_000, 1_000_000_000)

#: key-path patterns (``fnmatch``, ``*`` crosses dots) -> constraint; the first match wins
VALUES: tuple[tuple[str, Between | OneOf | Template], ...] = (
    ("*.opens", OFFSET),
    ("*.due", OFFSET),
    ("*_days", DAYS),
    ("*months*", MONTHS),
    ("*.channel", OneOf(N_("channel"), CHANNELS)),
    ("*_channel", OneOf(N_("channel"), CHANNELS)),
    ("*.role", OneOf(N_("role"), ROLES)),
    ("*_role", OneOf(N_("role"), ROLES)),
    ("*_level", OneOf(N_("intent level"), INTENT_LEVELS)),
    ("*.grades", OneOf(N_("grade"), GRADES)),
    ("*holiday.names", OneOf(N_("holiday"), tuple(HOLIDAY_NAMES))),
    ("*.weight", WEIGHT),
    ("*_bonus", BONUS),
    ("*factor", FACTOR),
    ("rank.grade.*", FACTOR),
    ("rank.overdue_per_day", RATE),
    ("*_per_day", PER_DAY),
    ("*_km_per_year", KM_PER_YEAR),
    ("*km", DISTANCE),
    ("*_readings", READINGS),
    ("*_gaps", GAPS),
    ("*score*", SCORE),
    ("*_capacity", COUNT),
    ("templates.*", Template()),
)

#: pairs of keys whose values must not go down from the first to the second
ORDERED: tuple[tuple[str, str], ...] = (
    ("churn.at_risk_months", "churn.churned_months"),
    ("churn.churned_months", "churn.lost_for_good_months"),
    ("service_class.C", "service_class.B"),
    ("service_class.B", "service_class.A"),
    ("service.win_back.after_visit_months", "service.win_back.until_months"),
)

#: (a count, a pattern of day offsets): the rules move dates by count x offset days
PRODUCTS: tuple[tuple[str, str], ...] = (("lead.cadence.stale_after_periods", "lead.cadence.*.due"),)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _shown(value: Any) -> Any:
    """A huge integer in a message as 1.000e+400, not four hundred digits."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        digits = str(abs(value))
        return f"{'-' if value < 0 else ''}{digits[0]}.{digits[1:4]}e+{len(digits) - 1}"
    return value


def leaves(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every value that is not a table, with its dotted path."""
    for key, value in data.items():
        if isinstance(value, Mapping):
            yield from leaves(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def tables(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every table (the root's path is ``""``), parents before children."""
    yield prefix.rstrip("."), data
    for key, value in data.items():
        if isinstance(value, Mapping):
            yield from tables(value, f"{prefix}{key}.")


def constraint(path: str, value: Any) -> Between | OneOf | Template | None:
    """What the value at ``path`` must be, by the key's name, else by its type."""
    for pattern, rule in VALUES:
        if fnmatchcase(path, pattern):
            return rule
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return COUNT
    if isinstance(value, float):
        return NUMBER
    return None


def value_problems(data: Mapping[str, Any]) -> list[tuple[str, Message]]:
    """``(key path, message)`` for each value of ``data`` (a whole policy) that makes no sense."""
    problems: list[tuple[str, Message]] = []
    flat = dict(leaves(data))
    for path, value in flat.items():
        if isinstance(value, float) and not math.isfinite(value):
            problems.append((path, Message.of(N_("{value} is not a finite number"), value=value)))
            continue
        rule = constraint(path, value)
        if rule is None or isinstance(value, bool) or (isinstance(rule, Between) and not _numeric(value)):
            continue
        found = rule.problem(value)
        if found is not None:
            problems.append((path, found))
    bad = {path for path, _ in problems}
    problems += _window_problems(data, bad)
    for first, second in ORDERED:
        low, high = flat.get(first), flat.get(second)
        if _numeric(low) and _numeric(high) and not {first, second} & bad and high < low:
            problems.append(
                (second, Message.of(N_("{value} is less than {other} ({low})"), value=_shown(high), other=first, low=_shown(low)))
            )
    for count_path, pattern in PRODUCTS:
        count = flat.get(count_path)
        if not _numeric(count) or count_path in bad:
            continue
        for path, days in flat.items():
            if fnmatchcase(path, pattern) and _numeric(days) and path not in bad and abs(count * days) > DAY_BOUND:
                problems.append(
                    (
                        count_path,
                        Message.of(
                            N_("{count} times {days} days ({path}) is more than {bound} days"),
                            count=count,
                            days=days,
                            path=path,
                            bound=DAY_BOUND,
                        ),
                    )
                )
                break
    return problems


def _numeric(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _window_problems(data: Mapping[str, Any], bad: set[str]) -> list[tuple[str, Message]]:
    """A window (``opens``/``due``; a ``due`` alone counts from the opening) closes on or after it opens;
    a ``second`` notice opens no earlier than the ``first``."""
    problems: list[tuple[str, Message]] = []
    for path, table in tables(data):
        prefix = f"{path}." if path else ""
        opens, due = table.get("opens"), table.get("due")
        if not _numeric(due) or {f"{prefix}opens", f"{prefix}due"} & bad:
            pass
        elif opens is None and due < 0:  # a due alone counts from the opening
            problems.append((f"{prefix}due", DAYS.problem(due)))
        elif _numeric(opens) and due < opens:
            problems.append(
                (path, Message.of(N_("the window closes before it opens: due {due} is before opens {opens}"), due=due, opens=opens))
            )
        first, second = table.get("first"), table.get("second")
        if isinstance(first, Mapping) and isinstance(second, Mapping):
            a, b = first.get("opens"), second.get("opens")
            if _numeric(a) and _numeric(b) and not {f"{prefix}first.opens", f"{prefix}second.opens"} & bad and b < a:
                problems.append(
                    (
                        f"{prefix}second.opens",
                        Message.of(N_("the second notice opens ({second}) before the first ({first})"), second=b, first=a),
                    )
                )
    return problems


def nearest_key(path: str, defaults: Mapping[str, Any]) -> str | None:
    """The valid key nearest to a misspelt ``path``: a sibling first, else any key at any depth."""
    *parents, last = path.split(".")
    node: Any = defaults
    for part in parents:
        node = node.get(part) if isinstance(node, Mapping) else None
    if isinstance(node, Mapping):
        close = get_close_matches(last, list(node), n=1, cutoff=0.6)
        if not close:
            lowered = {k.lower(): k for k in node}
            close = [lowered[c] for c in get_close_matches(last.lower(), list(lowered), n=1, cutoff=0.6)]
        if close:
            return ".".join([*parents, close[0]])
    everything = [p for p, _ in tables(defaults) if p] + [p for p, _ in leaves(defaults)]
    close = get_close_matches(path, everything, n=1, cutoff=0.75)
    return close[0] if close else None
