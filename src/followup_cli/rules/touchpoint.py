"""One touchpoint's declaration: everything the engine, the screens and the files know about it by id.

Each family module (``sales``, ``lost``, ``delivery``, ``service``,
``expiry``, ``campaigns``, ``occasions``) declares its touchpoints in a
module-level tuple ``TOUCHPOINTS`` of :class:`Touchpoint`, next to the rules
that propose them; ``catalogue`` gathers the families in SPEC 3 order and
derives every list the rest of the code asks for (the id list, the engine's
rules, the suppression sets, the labels). A new touchpoint is one entry here
plus its keys in ``policy.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from followup_cli.rules.context import Rule
from followup_cli.rules.model import Lapse


@dataclass(frozen=True)
class Touchpoint:
    """A touchpoint of SPEC 3 and the rule that proposes it.

    ``lapse``: how an unsatisfied item ends (SPEC 3 Lapsing); every proposal
    of ``rule`` carries it. ``label``: the English msgid (marked with ``N_``)
    shown for the id in tables and call lists. The flags are SPEC 3's lists:
    ``when_lost`` (Suppression 3: still proposed to a customer lost to a
    competitor), ``held`` (Suppression 5: waits while a complaint is open),
    ``opens_complaint`` (Suppression 5: a due item of it is an open
    complaint), ``marketing`` (Suppression 6: never for ``no_marketing``),
    ``answered_by_record`` (answered by what is recorded, never by a call:
    its rule checks that itself), ``scored`` (a callback that asks for a
    satisfaction score 1-5), ``never_cut`` (never capped away).
    """

    id: str
    rule: Rule
    lapse: Lapse
    label: str
    when_lost: bool = False
    held: bool = False
    opens_complaint: bool = False
    marketing: bool = False
    answered_by_record: bool = False
    scored: bool = False
    never_cut: bool = False
