"""The message lane's texts (SPEC 2 ``message``, SPEC 5 templates): an item on the sms, wechat, email
or letter channel gets its touchpoint's template from the policy, in the output language, filled in
with the customer, the car, the day, the event, the store and the sender. Calls and visits get None.
"""

from __future__ import annotations

from typing import Mapping

from followup_cli.i18n import language, render
from followup_cli.message import Message
from followup_cli.rules.model import MESSAGE_CHANNELS, DueItem, Staff, Vehicle
from followup_cli.rules.policy import Policy

#: what a template may name (SPEC 5)
PLACEHOLDERS = ("name", "vehicle", "plate", "date", "event", "store", "staff_name")


class _Blank(dict):
    """Values for ``format_map``: an unknown placeholder stays as written, never an error."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _reason_value(reason: Message, *names: str) -> object | None:
    params = dict(reason.params)
    for name in names:
        if name in params:
            value = params[name]
            return render(value) if isinstance(value, Message) else value
    return None


class MessageTexts:
    """One language's templates with what they are filled in from, for one output."""

    def __init__(
        self,
        policy: Policy,
        vehicles: Mapping[str, Vehicle],
        staff: Mapping[str, Staff],
        store_names: Mapping[str, str] | None = None,
        lang: str | None = None,
    ):
        self.lang = lang or language()
        self.policy = policy
        self.vehicles = vehicles
        self.staff = staff
        self.store_names = store_names or {}
        self._templates: dict[str, str] = {}

    def template(self, touchpoint: str) -> str:
        found = self._templates.get(touchpoint)
        if found is None:
            path = f"templates.{self.lang}.{touchpoint}"
            if self.policy.has(path) and isinstance(self.policy.get(path), str):
                found = self.policy.get(path)
            else:
                found = self.policy.get(f"templates.{self.lang}.default")
            self._templates[touchpoint] = found
        return found

    def text(self, item: DueItem) -> str | None:
        """The text to send for ``item``; None when it is a call or a visit."""
        if item.channel not in MESSAGE_CHANNELS:
            return None
        vehicle = self.vehicles.get(item.vin) if item.vin else None
        sender = self.staff.get(item.staff) if item.staff else None
        day = _reason_value(item.reason, "date") or item.due_on
        values = _Blank(
            name=item.name,
            vehicle=(vehicle.model or "") if vehicle else "",
            plate=(vehicle.plate or vehicle.vin) if vehicle else "",
            date=day.isoformat() if hasattr(day, "isoformat") else str(day),
            event=_reason_value(item.reason, "campaign", "holiday") or "",
            store=self.store_names.get(item.store or "", "") or self.policy.get(f"templates.{self.lang}.store"),
            staff_name=(sender.name or sender.code) if sender else "",
        )
        try:
            return self.template(item.touchpoint).format_map(values).strip()
        except (ValueError, IndexError, AttributeError, KeyError):  # a dealer's broken template: the default
            return self.policy.get(f"templates.{self.lang}.default").format_map(values).strip()

