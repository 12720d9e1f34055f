"""The dealership's words for the ids and enum values that stay untranslated in CSV and JSON.

Stages, grades, sources, visit kinds, outcomes, churn states, channels,
roles and verdicts: each value has one English label marked for translation
(a touchpoint's is declared with the touchpoint: ``rules.catalogue.LABELS``).
The rules put :func:`term` into their messages instead of the raw value, so
a Chinese sentence says 潜力 where the data says ``potential``; the shell's
``render.labels`` translates them for table cells.
"""

from __future__ import annotations

from followup_cli.message import Message, N_

#: seed 004's defeat categories (战败原因), in the seed's words
LOST_CATEGORY_LABELS = {
    "model": N_("model not liked"),
    "price": N_("price too high"),
    "funds": N_("funds not ready"),
    "brand": N_("brand not accepted"),
    "people": N_("family or friends against it"),
    "cancelled": N_("purchase cancelled"),
    "stock": N_("not in stock"),
    "unreasonable": N_("unreasonable demands"),
    "slow_follow_up": N_("follow-up too slow"),
    "lost_contact": N_("lost contact"),
    "other": N_("other"),
}

ROLE_LABELS = {
    "consultant": N_("sales consultant"),
    "advisor": N_("service advisor"),
    "manager": N_("manager"),
    "crm": N_("CRM clerk"),
}

#: the due list's flags, in words (SPEC 2: the table and call list show flags on the row)
FLAG_LABELS = {
    "wrong_number": N_("phone reported wrong"),
    "switched_to_sms": N_("switched to SMS after failed calls"),
    "unassigned": N_("nobody assigned"),
    "level_stale": N_("intent level stale"),
}

CHANNEL_LABELS = {
    "phone": N_("phone"),
    "sms": N_("SMS"),
    "wechat": N_("WeChat"),
    "email": N_("email"),
    "visit": N_("visit"),
    "letter": N_("letter"),
    "event": N_("event"),
}

STATUS_LABELS = {
    "due": N_("due"),
    "not_yet": N_("not yet"),
    "satisfied": N_("satisfied"),
    "lapsed": N_("lapsed"),
    "missed": N_("missed"),
    "suppressed": N_("suppressed"),
    "not_applicable": N_("not applicable"),
}


TERMS = {
    # stages (SPEC 2; seed 004 准战败 / 战败)
    "prospect": N_("prospect"),
    "owner": N_("owner"),
    "quasi_lost": N_("quasi-lost"),
    "lost": N_("lost"),
    # grades (seed 004)
    "premium": N_("premium"),
    "potential": N_("potential"),
    "general": N_("general"),
    # sources (seed 001)
    "walk_in": N_("walk-in"),
    "online": N_("online"),
    "referral": N_("referral"),
    "other": N_("other"),
    # visit kinds
    "first_service": N_("first service"),
    "maintenance": N_("maintenance"),
    "repair": N_("repair"),
    "accident": N_("accident repair"),
    "warranty": N_("warranty repair"),
    "recall": N_("recall"),
    "inspection": N_("inspection"),
    # vehicle usage (seed 002: harsh conditions halve the interval)
    "normal": N_("normal use"),
    "severe": N_("severe use"),
    # outcomes
    "reached": N_("reached"),
    "no_answer": N_("no answer"),
    "busy": N_("busy"),
    "wrong_number": N_("wrong number"),
    "appointment": N_("appointment made"),
    "refused": N_("refused"),
    "opted_out": N_("opted out"),
    # churn states (seed 003)
    "active": N_("active"),
    "at_risk": N_("at risk"),
    "churned": N_("churned"),
    "lost_for_good": N_("lost for good"),
    **CHANNEL_LABELS,
    **ROLE_LABELS,
    **{k: v for k, v in LOST_CATEGORY_LABELS.items() if k != "other"},
}


def term(value: str | None) -> Message | str:
    """The label of an enum value as a Message (translated when rendered); unknown values as they are."""
    if value is None:
        return ""
    msgid = TERMS.get(value)
    return Message(msgid) if msgid is not None else value
