"""The touchpoint catalogue (SPEC 3): every family's declarations in order, and what derives from them.

Nothing here is written by hand but the order of the families: the ids, the
engine's rules, the suppression sets and the labels all come from the
:class:`~followup_cli.rules.touchpoint.Touchpoint` entries of the family
modules. A family module must not import this one (it imports them all).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from followup_cli.rules import campaigns, delivery, expiry, lost, occasions, sales, service
from followup_cli.rules.context import Rule
from followup_cli.rules.touchpoint import Touchpoint

#: every declaration, in SPEC 3 catalogue order: the tables one after the other (the Service table lists
#: the expiry notices between the advisor's items and the manager's)
DECLARED: tuple[Touchpoint, ...] = (
    *sales.TOUCHPOINTS,
    *lost.TOUCHPOINTS,
    *delivery.TOUCHPOINTS,
    *service.TOUCHPOINTS,
    *expiry.TOUCHPOINTS,
    *service.MANAGER_TOUCHPOINTS,
    *campaigns.TOUCHPOINTS,
    *occasions.TOUCHPOINTS,
)

#: every touchpoint id, in catalogue order
TOUCHPOINTS: tuple[str, ...] = tuple(t.id for t in DECLARED)
BY_ID: Mapping[str, Touchpoint] = MappingProxyType({t.id: t for t in DECLARED})
#: each id's label: an English msgid, translated by the shell (``render.labels.touchpoint_label``)
LABELS: Mapping[str, str] = MappingProxyType({t.id: t.label for t in DECLARED})

#: every rule, once, in catalogue order
RULES: tuple[Rule, ...] = tuple(dict.fromkeys(t.rule for t in DECLARED))
#: the rules that can propose what a customer lost to a competitor still gets (SPEC Suppression 3)
WHEN_LOST_RULES: tuple[Rule, ...] = tuple(dict.fromkeys(t.rule for t in DECLARED if t.when_lost))


def _ids(flag: str) -> frozenset[str]:
    return frozenset(t.id for t in DECLARED if getattr(t, flag))


#: SPEC Suppression 3: what a customer lost to a competitor still gets (``lost.*``, ``campaign.invite``,
#: ``occasion.holiday``)
WHEN_LOST = _ids("when_lost")
#: SPEC Suppression 5 (seed 003: a complaint is answered before anything else is asked of the customer):
#: the routine and marketing items that wait while a complaint is open
HELD = _ids("held")
#: SPEC Suppression 5: the items that open a complaint (due and not yet satisfied)
OPENS_COMPLAINT = _ids("opens_complaint")
#: SPEC Suppression 6: what a customer who wants no marketing never gets
MARKETING = _ids("marketing")
#: SPEC 3 Lost and quasi-lost: items answered by what is recorded (a category, a manager's verification,
#: a new stage), which their rules check themselves; no call satisfies them
ANSWERED_BY_RECORD = _ids("answered_by_record")
#: the callbacks that ask the customer for a satisfaction score 1-5 (`log --score`, `call`): seed 000's
#: SSI after delivery (the manager's call within 24 h, the first-week call) and CSI after a visit (seed 003:
#: quality and care callbacks, the manager's callback and follow-ups of an important customer)
SCORED = _ids("scored")
#: SPEC 3: "recall.notice ... never capped away"
NEVER_CUT = _ids("never_cut")
