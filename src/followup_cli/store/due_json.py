"""``due --format json`` from the stored agenda: the day's list as it is kept (``store.agenda_day``),
else picked from the plans' items (``store.agenda_list``); the caller lists the plans when neither can
answer."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from typing import Iterator, NamedTuple

from sqlalchemy.engine import Engine

from followup_cli.rules.policy import Policy


class JsonList(NamedTuple):
    #: the list's JSON text (UTF-8), a piece at a time
    chunks: Iterator[bytes]
    #: staff -> the customers cut by their capacity, filled as the chunks are read
    cut: dict[str | None, set[str]]


@contextmanager
def json_list(
    engine: Engine, day: date, lang: str, policy: Policy, store: str | None, role: str | None, capped: bool,
    renew: bool,
):
    """The whole list of ``day`` (of ``store``; ``role``: only that role's items) as a :class:`JsonList`;
    else the plans of the day made in memory (a database this user may only read), or None (list the
    plans). ``renew``: ``day`` is today, whose list may be kept in place of another day's."""
    from followup_cli.render.jsonout import kept_json_parts, listed_json_parts
    from followup_cli.render.messages import MessageTexts
    from followup_cli.store.agenda_day import DayList, listed
    from followup_cli.store.agenda_list import rows
    from followup_cli.store.loaders import load_dealership, read, store_names

    dealership, names = read(engine, load_dealership, store_names)
    if store is None:  # the day's list is kept for the whole dealer group
        with listed(engine, day, lang, policy, dealership, capped, role, renew) as kept:
            if isinstance(kept, DayList):
                yield JsonList(kept_json_parts(kept.texts), kept.cut)
                return
            if kept is not None:
                yield kept
                return
    with rows(engine, day, policy, dealership, store, capped, role=role) as listing:
        if listing is None or isinstance(listing, list):
            yield listing
            return
        messages = MessageTexts(policy, listing.vehicles, {s.code: s for s in dealership.staff}, names)
        yield JsonList((part.encode("utf-8") for part in listed_json_parts(listing, messages)), listing.cut)
