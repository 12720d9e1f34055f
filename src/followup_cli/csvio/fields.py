"""One parser per kind of CSV cell: text in, a typed value out, or :class:`FieldError`.

Every parser takes a non-blank cell (the reader turns blank cells into
``None`` before a parser sees them) and returns the value the records of
``rules/model.py`` hold. Refusals carry a :class:`Message` whose English msgid
quotes the cell as written, so ``visits.csv:17: odometer_km: "12k" is not a
whole number`` reads the same in every file.

Regular expressions are compiled once, here; parsers that depend on a range
or an enumeration are built once per column by the factories ``whole_number``,
``choice`` (``choice_of``: on first use) and ``list_of``.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from datetime import date, timedelta
from typing import Callable, Iterable

from followup_cli.message import Message, N_

from .problems import clip

Parser = Callable[[str], object]


class FieldError(ValueError):
    """A cell that cannot be read; ``message`` says why, for the person who fixes the file."""

    def __init__(self, message: Message):
        super().__init__(message.msgid)
        self.message = message


def _refuse(msgid: str, **params: object) -> FieldError:
    value = params.get("value")
    if isinstance(value, str):
        params["value"] = clip(value)  # the cell as written, cut when it is long
    return FieldError(Message.of(msgid, **params))


# --- formula neutralising (write.py prefixes ', the reader takes it off) ------------

#: a cell starting with one of these is a formula to Excel (CSV injection)
FORMULA_STARTS = frozenset("=+-@\t\r")


def needs_formula_quote(text: str) -> bool:
    """True when ``text`` is ``'*`` then a formula start: write.py then prefixes one ``'``.

    Counting the apostrophes already there keeps the pair exact: ``=x`` is
    written ``'=x``, ``'=x`` is written ``''=x``, and each reads back as it was.
    """
    body = text.lstrip("'")
    return bool(body) and body[0] in FORMULA_STARTS


def unquote_formula(text: str) -> str:
    """Undo :func:`needs_formula_quote`'s prefix: ``'=SUM(A1)`` reads as ``=SUM(A1)``."""
    if text[:1] == "'" and needs_formula_quote(text):
        return text[1:]
    return text


# --- text --------------------------------------------------------------------------


def parse_email(text: str) -> str:
    value = text.strip()
    local, at, domain = value.partition("@")
    if not local or not at or "." not in domain or "@" in domain or any(c.isspace() for c in value):
        raise _refuse(N_('"{value}" is not an email address'), value=text)
    return value


# --- ids ---------------------------------------------------------------------------


def parse_key(text: str) -> str:
    """An id (customer, staff code, visit, campaign): NFKC-normalised and trimmed.

    ``Ｃ１０２４`` reads as ``C1024``. A control character (a tab, a NUL) or an
    invisible one (a zero-width space, a joiner, a BOM) is refused: two ids
    that look the same on screen must be the same id.
    """
    value = text if text.isascii() else unicodedata.normalize("NFKC", text)
    value = value.strip()
    if not value:
        raise _refuse(N_("an id cannot be blank"))
    if not value.isprintable():
        for c in value:
            if not c.isprintable() and c != " ":
                code = f"U+{ord(c):04X}"
                if unicodedata.category(c) == "Cc":
                    raise _refuse(N_('"{value}" contains a control character ({code}): an id is plain text'),
                                  value=text, code=code)
                raise _refuse(N_('"{value}" contains an invisible character ({code}): an id is plain text'),
                              value=text, code=code)
    return value


def key_fold(key: str) -> str:
    """What two ids that differ only by case share: ``C1024`` and ``c1024`` clash."""
    return key.casefold()


# --- dates -------------------------------------------------------------------------

YEAR_MIN, YEAR_MAX = 1900, 2100

# YYYY-MM-DD, YYYY/M/D, YYYY.MM.DD (one separator throughout); a time after it
# (DMS exports write "2026-01-05 00:00:00") is ignored.
_DATE = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", re.ASCII)
# Chinese Excel's long date format: 2026年1月5日
_DATE_ZH = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日", re.ASCII)
_YEAR_LAST = re.compile(r"\d{1,2}([-/.])\d{1,2}\1\d{2,4}", re.ASCII)
_EXCEL_SERIAL = re.compile(r"\d{1,5}(?:\.\d+)?", re.ASCII)
_COMPACT = re.compile(r"\d{8}", re.ASCII)
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (after Excel's 1900 leap-year bug)


def parse_date(text: str) -> date:
    """``YYYY-MM-DD``, ``YYYY/MM/DD``, ``YYYY.MM.DD`` (1-digit month and day allowed), years 1900-2100."""
    value = text.strip()
    match = _DATE.fullmatch(value)
    if match is not None:
        year, month, day = int(match[1]), int(match[3]), int(match[4])
    else:
        match = _DATE_ZH.fullmatch(value)
        if match is None:
            raise _date_refusal(text, value)
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise _refuse(
            N_('"{value}" is out of range: the year must be from {low} to {high}'),
            value=text,
            low=YEAR_MIN,
            high=YEAR_MAX,
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise _refuse(N_('"{value}" is not a real date (no such month or day)'), value=text) from None


def _date_refusal(text: str, value: str) -> FieldError:
    """Say what the cell looks like, so the fix is obvious."""
    if _EXCEL_SERIAL.fullmatch(value):
        serial = float(value)
        if 1 <= serial <= 73050:  # up to 2100-12-31
            as_date = _EXCEL_EPOCH + timedelta(days=int(serial))
            return _refuse(
                N_(
                    '"{value}" looks like an Excel serial number, not a date (it would be {date}): '
                    "format the column as a date (YYYY-MM-DD) and save again"
                ),
                value=text,
                date=as_date.isoformat(),
            )
    if _COMPACT.fullmatch(value):
        return _refuse(N_('"{value}" is not a date: write it with separators, as YYYY-MM-DD'), value=text)
    if _YEAR_LAST.fullmatch(value):
        return _refuse(N_('"{value}" puts the year last: write the date as YYYY-MM-DD'), value=text)
    return _refuse(N_('"{value}" is not a date: write it as YYYY-MM-DD'), value=text)


# --- numbers -----------------------------------------------------------------------

_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+", re.ASCII)
_DIGITS = re.compile(r"[+-]?\d+", re.ASCII)
_MAX_DIGITS = 20  # more is out of any range (and int() refuses past 4,300 digits)


def whole_number(low: int, high: int) -> Parser:
    """A parser for whole numbers from ``low`` to ``high``; thousands commas allowed, decimals refused."""

    def parse_whole(text: str) -> int:
        try:
            number: int | None = int(text)  # the common case: plain digits
        except ValueError:
            value = text.strip()
            if _GROUPED.fullmatch(value):
                digits = value.replace(",", "")
            elif _DIGITS.fullmatch(value):  # too many digits for int()
                digits = value
            else:
                raise _refuse(N_('"{value}" is not a whole number'), value=text) from None
            number = int(digits) if len(digits) <= _MAX_DIGITS else None
        if number is None or not low <= number <= high:
            raise _refuse(
                N_('"{value}" is out of range: it must be from {low} to {high}'), value=text, low=low, high=high
            )
        return number

    return parse_whole


_AMOUNT = re.compile(r"(-?)(\d{1,3}(?:,\d{3})+|\d+)?(\.\d+)?", re.ASCII)
_CURRENCY_PREFIXES = ("¥", "￥", "RMB", "CNY")
_CURRENCY_SUFFIXES = ("元",)


def parse_amount(text: str) -> float:
    """A sum of money, 0 or more: ``1234.5``, ``1,234.50``, ``¥1234``, ``1234元``."""
    value = text.strip()
    for prefix in _CURRENCY_PREFIXES:
        if value.upper().startswith(prefix):
            value = value[len(prefix) :].lstrip()
            break
    for suffix in _CURRENCY_SUFFIXES:
        if value.endswith(suffix):
            value = value[: -len(suffix)].rstrip()
    match = _AMOUNT.fullmatch(value)
    if match is None or not (match[2] or match[3]):
        raise _refuse(N_('"{value}" is not an amount (a number such as 1234.50)'), value=text)
    amount = float(value.replace(",", ""))
    if match[1] and amount != 0:
        raise _refuse(N_('"{value}" is negative: an amount must be 0 or more'), value=text)
    if not math.isfinite(amount):
        raise _refuse(N_('"{value}" is not an amount (a number such as 1234.50)'), value=text)
    return abs(amount)


# --- enumerations ------------------------------------------------------------------


def choice(choices: Iterable[str]) -> Parser:
    """A parser for one of ``choices``: trimmed, any case; ``walk-in`` reads as ``walk_in``.

    The value returned is spelled as in ``choices`` (``a`` gives ``A`` for
    intent levels, ``Owner`` gives ``owner`` for stages).
    """
    choices = tuple(choices)
    lookup: dict[str, str] = {}
    for canonical in choices:
        for spelling in (canonical, canonical.lower(), canonical.upper()):
            lookup[spelling] = canonical
    normal = {canonical.lower(): canonical for canonical in choices}
    listed = ", ".join(choices)

    def parse_choice(text: str) -> str:
        found = lookup.get(text)
        if found is not None:
            return found
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        found = normal.get(key)
        if found is not None:
            return found
        import difflib  # only for a cell that is refused: not loaded by a run that reads none

        close = difflib.get_close_matches(key, normal, n=1, cutoff=0.75)
        if close:
            raise _refuse(
                N_('"{value}" is not one of: {choices} (did you mean {suggestion}?)'),
                value=text,
                choices=listed,
                suggestion=normal[close[0]],
            )
        raise _refuse(N_('"{value}" is not one of: {choices}'), value=text, choices=listed)

    return parse_choice



def choice_of(choices: Callable[[], Iterable[str]]) -> Parser:
    """``choice(choices())``, built when the first cell is read: the touchpoint ids are declared with
    the rules (``rules.catalogue``), whose modules a run that reads no touchpoint need not load."""
    built = functools.cache(lambda: choice(choices()))

    def parse_choice_of(text: str) -> str:
        return built()(text)

    return parse_choice_of

_BOOLEANS = {
    "true": True, "false": False,
    "t": True, "f": False,
    "1": True, "0": False,
    "yes": True, "no": False,
    "y": True, "n": False,
    "是": True, "否": False,
}  # fmt: skip


def parse_bool(text: str) -> bool:
    """``true/false``, ``1/0``, ``yes/no``, ``y/n``, ``是/否``, any case."""
    found = _BOOLEANS.get(text.strip().lower())
    if found is None:
        raise _refuse(N_('"{value}" is not true or false (write true/false, 1/0, yes/no or 是/否)'), value=text)
    return found


# --- phones ------------------------------------------------------------------------

@functools.cache
def _chinese_mobile() -> re.Pattern[str]:
    """phonenumbers' own pattern of valid Chinese mobile numbers (11 digits, national form).

    A number it matches is one ``is_valid_number`` accepts; checking it
    directly takes 1 us instead of 47 us (parse + is_valid_number) per
    customer. Imported on first use: phonenumbers takes 25 ms to import.
    """
    import phonenumbers

    return re.compile(phonenumbers.PhoneMetadata.metadata_for_region("CN").mobile.national_number_pattern)


def parse_phone(text: str) -> str:
    """A phone number, default region CN, stored normalised.

    Chinese numbers: the national format without spaces (``13812345678``,
    ``057188888888``); others: E.164 (``+4915123456789``). An extension is
    dropped. A value with ``*`` is a masked export and is refused.
    """
    value = text.strip()
    if "*" in value:
        raise _refuse(N_('"{value}" looks masked: re-export without --mask'), value=text)
    if len(value) == 11 and value.isascii() and value.isdigit() and _chinese_mobile().fullmatch(value):
        return value
    import phonenumbers

    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        raise _refuse(N_('"{value}" is not a valid phone number'), value=text) from None
    if not phonenumbers.is_valid_number(number):
        raise _refuse(N_('"{value}" is not a valid phone number'), value=text)
    number.extension = None
    if number.country_code == 86:
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        return "".join(c for c in national if c.isdigit())
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- calendar and vehicles -----------------------------------------------------------

_MONTH_DAY = re.compile(r"(\d{1,2})[-/.](\d{1,2})", re.ASCII)


def parse_lunar_birthday(text: str) -> str:
    """``MM-DD`` (or ``M-D``) in the lunar calendar: month 1-12, day 1-30; stored ``MM-DD``."""
    match = _MONTH_DAY.fullmatch(text.strip())
    if match is not None:
        month, day = int(match[1]), int(match[2])
        if 1 <= month <= 12 and 1 <= day <= 30:
            return f"{month:02d}-{day:02d}"
    raise _refuse(N_('"{value}" is not a lunar month and day: write MM-DD (month 1-12, day 1-30)'), value=text)


_VIN_CHARACTERS = frozenset("ABCDEFGHJKLMNPRSTUVWXYZ0123456789")
# ISO 3779 / GB 16735 transliteration and position weights for the check digit
_VIN_VALUES = {str(d): d for d in range(10)} | dict(
    zip("ABCDEFGHJKLMNPRSTUVWXYZ", (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9))
)
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def parse_vin(text: str) -> str:
    """17 characters, digits and letters but I, O, Q; trimmed and upper-cased (full-width folded)."""
    vin = text.strip().upper()
    if not vin.isascii():
        vin = unicodedata.normalize("NFKC", vin).upper()
    if len(vin) != 17:
        raise _refuse(
            N_('"{value}" is not a VIN: a VIN has 17 characters, this has {length}'), value=text, length=len(vin)
        )
    wrong = set(vin) - _VIN_CHARACTERS
    if wrong:
        raise _refuse(
            N_('"{value}" is not a VIN: it contains {characters} (a VIN has digits and letters but I, O and Q)'),
            value=text,
            characters=" ".join(sorted(wrong)),
        )
    return vin


def vin_check_digit(vin: str) -> str:
    """The position-9 check digit a valid 17-character VIN should carry (ISO 3779, GB 16735)."""
    remainder = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS)) % 11
    return "X" if remainder == 10 else str(remainder)


def check_vin(vin: str) -> Message | None:
    """A warning when the check digit does not match (a typo, or a VIN from a market without one)."""
    expected = vin_check_digit(vin)
    if vin[8] == expected:
        return None
    return Message.of(
        N_('the check digit (9th character) of {vin} is {found}, expected {expected}: check the VIN for a typo'),
        vin=vin,
        found=vin[8],
        expected=expected,
    )


def check_vins(vins: tuple[str, ...]) -> Message | None:
    """:func:`check_vin` over a list: one warning naming the first VIN that fails."""
    for vin in vins:
        warning = check_vin(vin)
        if warning is not None:
            return warning
    return None


# --- lists -------------------------------------------------------------------------

_LIST_SEPARATORS = re.compile(r"[;；]")


def list_of(item: Parser | None = None) -> Parser:
    """A parser for ``;``-separated lists (full-width ``；`` too): blanks and repeats dropped."""

    def parse_list(text: str) -> tuple:
        values: list = []
        for part in _LIST_SEPARATORS.split(text):
            part = part.strip()
            if not part:
                continue
            value = part if item is None else item(part)
            if value not in values:
                values.append(value)
        return tuple(values)

    return parse_list
