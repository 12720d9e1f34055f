"""Names a person reads for ids that stay untranslated in CSV and JSON (touchpoints, roles, ...)."""

from __future__ import annotations

from followup_cli.i18n import _
from followup_cli.message import N_

TOUCHPOINT_LABELS = {
    "lead.welcome": N_("welcome new lead"),
    "lead.cadence": N_("lead follow-up"),
    "lead.promised": N_("promised call"),
    "lead.purchase_window": N_("purchase date near"),
    "lost.reason": N_("ask why lost"),
    "lost.recheck": N_("recheck defeat"),
    "lost.competitor_care": N_("competitor-owner care"),
    "delivery.thanks": N_("delivery thank-you"),
    "delivery.manager_call": N_("manager's delivery call"),
    "delivery.visit": N_("3-day delivery visit"),
    "delivery.week_call": N_("first-week call"),
    "owner.keep_in_touch": N_("keep in touch"),
    "owner.visit": N_("owner visit"),
    "service.first": N_("first service"),
    "service.maintenance": N_("maintenance due"),
    "service.quality_callback": N_("quality callback"),
    "service.care_callback": N_("care callback"),
    "service.win_back": N_("win back"),
    "expiry.warranty": N_("warranty ends"),
    "expiry.insurance": N_("insurance renewal"),
    "expiry.inspection": N_("annual inspection"),
    "complaint.reply": N_("complaint reply"),
    "campaign.invite": N_("event invitation"),
    "recall.notice": N_("recall"),
    "parts.arrived": N_("parts arrived"),
    "campaign.season_check": N_("seasonal check"),
    "occasion.birthday": N_("birthday"),
    "occasion.anniversary": N_("purchase anniversary"),
    "occasion.holiday": N_("holiday greeting"),
    "referral.thanks": N_("referral thanks"),
}

ROLE_LABELS = {
    "consultant": N_("sales consultant"),
    "advisor": N_("service advisor"),
    "manager": N_("manager"),
    "crm": N_("CRM clerk"),
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


def touchpoint_label(touchpoint: str) -> str:
    return _(TOUCHPOINT_LABELS.get(touchpoint, touchpoint))


def role_label(role: str | None) -> str:
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else (role or "")


def channel_label(channel: str | None) -> str:
    return _(CHANNEL_LABELS[channel]) if channel in CHANNEL_LABELS else (channel or "")


def status_label(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))
