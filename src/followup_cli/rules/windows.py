"""How a touchpoint's policy section becomes a Proposal: its window, channel and role.

Shared by the service, expiry, campaign and occasion rules. Policy lookups
are memoised for the policy in use (a Policy is read-only), because the
rules run once per customer and 100,000 customers ask the same questions.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from followup_cli.message import Message
from followup_cli.rules.context import RuleContext
from followup_cli.rules.model import Lapse, Proposal
from followup_cli.rules.policy import Policy

_MEMO: tuple[Policy | None, dict[object, Any]] = (None, {})


def _memo(policy: Policy) -> dict[object, Any]:
    """The memo of ``policy``'s answers (a new one when another policy comes in)."""
    global _MEMO
    if _MEMO[0] is not policy:
        _MEMO = (policy, {})
    return _MEMO[1]


def setting(policy: Policy, path: str) -> Any:
    """``policy.get(path)``, remembered for as long as the same policy is in use."""
    memo = _memo(policy)
    if path not in memo:
        memo[path] = policy.get(path)
    return memo[path]


def offsets(policy: Policy, path: str) -> tuple[timedelta, timedelta]:
    """The ``opens``/``due`` day offsets of the window under ``path``, as timedeltas."""
    memo = _memo(policy)
    key = ("window", path)
    if key not in memo:
        w = policy.window(path)
        memo[key] = (timedelta(days=w.opens), timedelta(days=w.due))
    return memo[key]


def propose(
    ctx: RuleContext,
    touchpoint: str,
    trigger: date,
    reason: Message,
    lapse: Lapse,
    vin: str | None = None,
    role: str | None = None,
    channel: str | None = None,
) -> Proposal:
    """The Proposal of a one-window touchpoint: ``[<touchpoint>]`` opens/due from ``trigger``."""
    opens, due = offsets(ctx.policy, touchpoint)
    return Proposal(
        touchpoint=touchpoint,
        opens_on=trigger + opens,
        due_on=trigger + due,
        role=role or setting(ctx.policy, f"{touchpoint}.role"),
        channel=channel or setting(ctx.policy, f"{touchpoint}.channel"),
        reason=reason,
        lapse=lapse,
        vin=vin,
    )


def two_notices(
    ctx: RuleContext,
    touchpoint: str,
    trigger: date,
    reason: Message,
    lapse: Lapse,
    vin: str | None = None,
    role: str | None = None,
    channel: str | None = None,
) -> Proposal:
    """The current notice of a two-notice touchpoint (``<touchpoint>.first`` / ``.second`` windows).

    SPEC 3 Lapsing: "a first notice lapses when its second notice opens". So
    the first notice, with ``lapses_on`` = the second's opening day, until
    that day; from then on the second notice.
    """
    first_opens, first_due = offsets(ctx.policy, f"{touchpoint}.first")
    second_opens, second_due = offsets(ctx.policy, f"{touchpoint}.second")
    switch = trigger + second_opens
    role = role or setting(ctx.policy, f"{touchpoint}.role")
    channel = channel or setting(ctx.policy, f"{touchpoint}.channel")
    if ctx.today < switch:
        return Proposal(
            touchpoint=touchpoint,
            opens_on=trigger + first_opens,
            due_on=trigger + first_due,
            role=role,
            channel=channel,
            reason=reason,
            lapse=lapse,
            vin=vin,
            lapses_on=switch,
        )
    return Proposal(
        touchpoint=touchpoint,
        opens_on=switch,
        due_on=trigger + second_due,
        role=role,
        channel=channel,
        reason=reason,
        lapse=lapse,
        vin=vin,
    )
