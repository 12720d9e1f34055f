"""The contacts the morning list can still need: a customer's history, digested (issue 7).

Years of calls pile up, but the rules ask only a few kinds of question of
them, and for any day on or after a customer's latest contact each question
is answered by a handful of contacts:

- "is there a counting reaching contact on or after the day the item
  opened?" (SPEC 3, satisfaction; the promise kept; the recall notice's
  repeat; the last reaching contact): the latest reaching contact of each
  kind (touchpoint, staff, score, visit channel or not) answers it;
- "how many attempts since it opened?" (the SMS switch, the wrong-number
  flag): an attempt followed by a reaching contact of the same touchpoint
  and staff can no longer count — that item is satisfied — so only the
  others are kept;
- "was the customer reached today?" (Suppression 4): every contact of the
  latest day is kept;
- the standing promise (``next_contact_on``), the latest callback of each
  score (complaints), opting out (Suppression 1): the latest of each;
- the consultant's home visits (seed 004) count untagged reaching contacts
  one after the other, each from the last: every untagged reaching contact
  is kept.

So ``due_items`` gives the same list on the digest as on the whole history,
for every day on or after the latest contact (a hypothesis property checks
it); for an earlier day the store loads the whole history. The digest of a
digest plus new contacts is the digest of the whole (also checked), which
lets the store maintain it as contacts arrive. ``followup why`` and the
reports read the whole history.
"""

from __future__ import annotations

from typing import Sequence

from followup_cli.rules.model import ATTEMPTS, REACHING, Contact


def digest(contacts: Sequence[Contact]) -> tuple[Contact, ...]:
    """The contacts of one customer the morning list can still need, in the given (oldest first) order."""
    if not contacts:
        return ()
    latest_day = max(c.contacted_on for c in contacts)
    keep = [False] * len(contacts)
    seen_reaching: set[tuple] = set()  # (touchpoint, staff, score, by visit) already kept, later
    answered: set[tuple] = set()  # (touchpoint, staff) with a later unscored reaching contact
    seen_scores: set[int] = set()
    promise_kept = False
    for i in range(len(contacts) - 1, -1, -1):  # newest first: "the latest of each" is the first seen
        c = contacts[i]
        outcome = c.outcome
        wanted = c.contacted_on == latest_day or outcome == "opted_out"
        if outcome in REACHING:
            if c.touchpoint is None:
                wanted = True
            else:
                kind = (c.touchpoint, c.staff, c.score, c.channel == "visit")
                if kind not in seen_reaching:
                    seen_reaching.add(kind)
                    wanted = True
            if c.score is None:
                answered.add((c.touchpoint, c.staff))
        elif outcome in ATTEMPTS and (c.touchpoint, c.staff) not in answered:
            wanted = True
        if c.next_contact_on is not None and not promise_kept:
            promise_kept = wanted = True
        if c.score is not None and c.score not in seen_scores:
            seen_scores.add(c.score)
            wanted = True
        keep[i] = wanted
    return tuple(c for c, k in zip(contacts, keep) if k)
