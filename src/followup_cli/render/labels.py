"""Table cells for ids and enum values, in the user's language (the words live in ``vocabulary``; a touchpoint's
in its declaration, ``rules.catalogue.LABELS``)."""

from __future__ import annotations

from followup_cli.i18n import _
from followup_cli.vocabulary import CHANNEL_LABELS, FLAG_LABELS, ROLE_LABELS, STATUS_LABELS, TERMS


def touchpoint_label(touchpoint: str) -> str:
    from followup_cli.rules.catalogue import LABELS  # the rule modules, loaded by the commands that list items

    return _(LABELS.get(touchpoint, touchpoint))


def flag_label(flag: str) -> str:
    return _(FLAG_LABELS[flag]) if flag in FLAG_LABELS else flag


def role_label(role: str | None) -> str:
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else (role or "")


def channel_label(channel: str | None) -> str:
    return _(CHANNEL_LABELS[channel]) if channel in CHANNEL_LABELS else (channel or "")


def status_label(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))


def term_label(value: str | None) -> str:
    """Any enum value (stage, grade, source, visit kind, outcome, churn state ...) in the user's language."""
    if value is None:
        return ""
    return _(TERMS[value]) if value in TERMS else value
