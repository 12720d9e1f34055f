"""Due items grouped into calls: one call per customer, its touchpoints in rank order (SPEC section 2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from followup_cli.rules.model import DueItem


@dataclass(frozen=True, slots=True)  # a due --all list holds 150,000 of them
class Call:
    customer_id: str
    name: str
    phone: str | None
    items: tuple[DueItem, ...]  # rank order; the first is the most urgent

    @property
    def first(self) -> DueItem:
        return self.items[0]

    @property
    def staff(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.staff for i in self.items if i.staff))

    @property
    def vins(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.vin for i in self.items if i.vin))

    @property
    def due_on(self) -> date:
        return min(i.due_on for i in self.items)

    @property
    def overdue_days(self) -> int:
        return max(i.overdue_days for i in self.items)

    @property
    def channel(self) -> str:
        """Phone when any item wants a call; else the first item's channel."""
        channels = [i.channel for i in self.items]
        return "phone" if "phone" in channels else channels[0]


def group_calls(items: Iterable[DueItem]) -> list[Call]:
    """Items (already ranked) into calls, in the rank of each customer's first item."""
    by_customer: dict[str, list[DueItem]] = {}
    for item in items:
        by_customer.setdefault(item.customer_id, []).append(item)
    return [Call(i[0].customer_id, i[0].name, i[0].phone, tuple(i)) for i in by_customer.values()]
