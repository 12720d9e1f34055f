"""A sentence for a person, kept as data until the shell renders it in the user's language."""

from __future__ import annotations

from dataclasses import dataclass


def N_(msgid: str) -> str:
    """Mark a msgid for extraction (Babel keyword ``N_``); translation happens in the shell."""
    return msgid


@dataclass(frozen=True, slots=True)
class Message:
    """An English msgid (``str.format`` fields) and its values.

    Values may be dates, numbers or strings; the renderer formats them. A value
    that is itself a :class:`Message` is rendered (translated) first.
    """

    msgid: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, msgid: str, **params: object) -> "Message":
        return cls(msgid, tuple(sorted(params.items())))

    def values(self) -> dict[str, object]:
        return dict(self.params)
