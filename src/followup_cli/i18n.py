"""One translation layer for everything a person reads (SPEC section 2, output language).

The language is ``--lang``, else ``FOLLOWUP_LANG``, else the locale (``zh_*``
gives Chinese), else English. Msgids are English; the Chinese catalog lives in
``locale/zh_CN/LC_MESSAGES/followup.mo`` (compiled from the ``.po`` beside it
by ``scripts/catalogs.py``). Command names, options, ids, CSV columns, enum
values and JSON field names are never translated.
"""

from __future__ import annotations

import gettext
import os
from datetime import date
from pathlib import Path

from followup_cli.message import Message

LANGUAGES = ("en", "zh")
DOMAIN = "followup"
LOCALE_DIR = Path(__file__).parent / "locale"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def resolve_language(option: str | None = None, environ: dict[str, str] | None = None) -> str:
    """The output language: option, FOLLOWUP_LANG, then the locale variables, else English."""
    env = os.environ if environ is None else environ
    for value in (option, env.get("FOLLOWUP_LANG")):
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


#: each language's catalog, read once (the agenda's day list speaks every language, item by item)
_catalogs: dict[str, gettext.NullTranslations] = {}


def set_language(language: str) -> None:
    global _translation, _language
    _language = "zh" if language == "zh" else "en"
    found = _catalogs.get(_language)
    if found is None:
        if _language == "zh":
            found = gettext.translation(DOMAIN, LOCALE_DIR, languages=["zh_CN"], fallback=True)
        else:
            found = gettext.NullTranslations()
        found = _catalogs[_language] = found
    _translation = found


def language() -> str:
    return _language


def _(msgid: str) -> str:
    """Translate a msgid into the current language."""
    return _translation.gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def _value(value: object) -> object:
    if isinstance(value, Message):
        return render(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def render(message: Message) -> str:
    """The message in the current language, its fields filled in."""
    text = _(message.msgid)
    if not message.params:
        return text
    values = {k: _value(v) for k, v in message.params}
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        # a translation with a broken field must never crash a morning list
        return message.msgid.format(**values)


def say_n(singular: str, plural: str, n: int, **params: object) -> str:
    """Like :func:`say`, choosing the singular or plural msgid by ``n`` (passed as ``{n}``)."""
    text = _translation.ngettext(singular, plural, n)
    return text.format(n=n, **{k: _value(v) for k, v in params.items()})


def say(msgid: str, **params: object) -> str:
    """Translate and fill in one sentence of the shell (``say(N_("imported {n} rows"), n=3)``)."""
    return render(Message.of(msgid, **params))
