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

def policy_memo(policy: Policy) -> dict[object, Any]:
    """The memo of ``policy``'s answers, kept on the policy: rules keep numbers they derive from it there too
    (keys of their own)."""
    return policy.derived


def setting(policy: Policy, path: str) -> Any:
    """``policy.get(path)``, remembered for as long as the same policy is in use."""
    memo = policy.derived
    try:
        return memo[path]
    except KeyError:
        value = memo[path] = policy.get(path)
        return value


def offsets(policy: Policy, path: str) -> tuple[timedelta, timedelta]:
    """The ``opens``/``due`` day offsets of the window under ``path``, as timedeltas."""
    memo = policy.derived
    key = ("window", path)
    try:
        return memo[key]
    except KeyError:
        w = policy.window(path)
        found = memo[key] = (timedelta(days=w.opens), timedelta(days=w.due))
        return found


def plain(policy: Policy, touchpoint: str) -> tuple[timedelta, timedelta, Any, Any]:
    """A one-window touchpoint's section at once: ``opens``/``due`` offsets, ``role`` and ``channel``."""
    memo = policy.derived
    key = ("plain", touchpoint)
    try:
        return memo[key]
    except KeyError:
        opens, due = offsets(policy, touchpoint)
        found = memo[key] = (opens, due, setting(policy, f"{touchpoint}.role"), setting(policy, f"{touchpoint}.channel"))
        return found


def notices(policy: Policy, touchpoint: str) -> tuple[timedelta, timedelta, timedelta, timedelta, Any, Any]:
    """A two-notice touchpoint's section at once: the ``first`` and ``second`` offsets, ``role``, ``channel``."""
    memo = policy.derived
    key = ("notices", touchpoint)
    try:
        return memo[key]
    except KeyError:
        found = memo[key] = (
            *offsets(policy, f"{touchpoint}.first"),
            *offsets(policy, f"{touchpoint}.second"),
            setting(policy, f"{touchpoint}.role"),
            setting(policy, f"{touchpoint}.channel"),
        )
        return found


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
    opens, due, default_role, default_channel = plain(ctx.policy, touchpoint)
    return Proposal(
        touchpoint,
        trigger + opens,
        trigger + due,
        role or default_role,
        channel or default_channel,
        reason,
        lapse,
        vin,
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
    first_opens, first_due, second_opens, second_due, default_role, default_channel = notices(ctx.policy, touchpoint)
    switch = trigger + second_opens
    role = role or default_role
    channel = channel or default_channel
    second = Proposal(touchpoint, switch, trigger + second_due, role, channel, reason, lapse, vin)
    if ctx.today < switch:
        return Proposal(
            touchpoint, trigger + first_opens, trigger + first_due, role, channel, reason, lapse, vin, None, switch,
            then=second,
        )
    return second
