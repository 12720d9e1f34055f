"""Campaign touchpoints (seed 002 §预约 3)-5), seed 003): event invitations, recalls, parts arrivals, season checks.

Campaigns come from ``ctx.dealership.campaigns`` (campaigns.csv). Each
campaign a customer is concerned by gives its own proposal, so two events in
the same month are two items (one call: the list shows one row per customer).
Campaigns that are over (``ends_on``, else ``starts_on``, before today) are
left out of ``campaign.invite`` and ``campaign.season_check``; recalls stay
until done.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterable, Union

from followup_cli.message import Message, N_
from followup_cli.rules.context import RuleContext, remembered, until
from followup_cli.rules.grading import effective_grade
from followup_cli.rules.model import REACHING, Campaign, CustomerFile, NotApplicable, Proposal
from followup_cli.rules.touchpoint import Touchpoint
from followup_cli.rules.windows import propose, setting, two_notices

Item = Union[Proposal, NotApplicable]


class CampaignIndex:
    """The dealership's campaigns by kind, and by VIN for those that list vehicles."""

    def __init__(self, campaigns: tuple[Campaign, ...]):
        dated = sorted((c for c in campaigns if c.starts_on is not None), key=lambda c: (c.starts_on, c.campaign_id))
        self.events = [c for c in dated if c.kind == "event"]
        self.season_checks = [c for c in dated if c.kind == "season_check"]
        self.by_vin: dict[tuple[str, str], list[Campaign]] = {}
        for c in dated:
            if c.kind in ("recall", "parts_arrival"):
                for vin in c.vins:
                    self.by_vin.setdefault((c.kind, vin.strip().upper()), []).append(c)
        # what every customer's evaluation asks of a campaign, worked out once
        self._models: dict[int, tuple[Campaign, frozenset[str]]] = {}
        self._current: tuple = (None, None, None)

    def listing(self, kind: str, vin: str) -> list[Campaign]:
        return self.by_vin.get((kind, vin.strip().upper()), [])

    def target_models(self, c: Campaign) -> frozenset[str]:
        """The campaign's ``target_models``, normalised (see :func:`_norm`)."""
        found = self._models.get(id(c))
        if found is None or found[0] is not c:
            found = self._models[id(c)] = (c, frozenset(_norm(m) for m in c.target_models))
        return found[1]

    def current(self, today: date, kind: str) -> list[Campaign]:
        """The events (``kind`` "event") or season checks (``"season_check"``) not over on ``today``."""
        if self._current[0] != today:
            self._current = (
                today,
                [c for c in self.events if _not_over(c, today)],
                [c for c in self.season_checks if _not_over(c, today)],
            )
        return self._current[1] if kind == "event" else self._current[2]


def campaign_index(ctx: RuleContext) -> CampaignIndex:
    """The index of the dealership's campaigns, built once per evaluation (rules run once per customer)."""
    found = ctx.memo.get(CampaignIndex)
    if found is None:
        found = ctx.memo[CampaignIndex] = CampaignIndex(ctx.dealership.campaigns)
    return found


def _current(ctx: RuleContext, kind: str) -> list[Campaign]:
    """The campaigns of ``kind`` not over today (:meth:`CampaignIndex.current`); each is over the day after
    its last day (:func:`until`)."""
    current = campaign_index(ctx).current(ctx.today, kind)
    for c in current:
        last = c.ends_on or c.starts_on
        if last is not None:
            until(ctx.memo, last + timedelta(days=1))
    return current


def _label(c: Campaign) -> str:
    return c.name or c.campaign_id


def _not_over(c: Campaign, today: date) -> bool:
    last = c.ends_on or c.starts_on
    return last is not None and last >= today


def _norm(text: str | None) -> str:
    return (text or "").strip().casefold()


def _models(file: CustomerFile) -> frozenset[str]:
    """The customer's models, normalised: their vehicles' and the model they are interested in."""
    customer = file.customer
    models = {_norm(v.model) for v in file.vehicles if v.model}
    if customer.interested_model:
        models.add(_norm(customer.interested_model))
    return frozenset(models)


def runs_for(c: Campaign, file: CustomerFile) -> bool:
    """A dealer group's store runs its events for its own customers (issue 8); a blank store is every store."""
    return not c.store or not file.customer.store or c.store == file.customer.store


def targets(c: Campaign, file: CustomerFile, ctx: RuleContext) -> bool:
    """Seed 002 营销活动: the event's target — model (a vehicle's, or the interested model), stage, grade.

    An empty target list matches everyone. The grade is the effective grade
    (SPEC 4) of a customer with vehicles or a grade set by hand; a prospect
    without either matches no grade target.
    """
    customer = file.customer
    if not runs_for(c, file):
        return False
    if c.target_models:
        if campaign_index(ctx).target_models(c).isdisjoint(
            remembered(ctx.memo, _models, file, lambda: _models(file))  # every event of one evaluation asks
        ):
            return False
    if c.target_stages and customer.stage not in c.target_stages:
        return False
    if c.target_grades:
        grade = customer.grade or (effective_grade(file, ctx.today, ctx.policy, ctx.memo) if file.vehicles else None)
        if grade not in c.target_grades:
            return False
    return True


_NO_EVENT = NotApplicable("campaign.invite", Message.of(N_("no upcoming event for this customer")))
_NO_RECALL = NotApplicable("recall.notice", Message.of(N_("no recall for this customer's vehicles")))
_NO_PARTS = NotApplicable("parts.arrived", Message.of(N_("no parts awaited")))
_NO_SEASON_CHECK = NotApplicable(
    "campaign.season_check", Message.of(N_("no season check for a vehicle past warranty"))
)
def _invitation(ctx: RuleContext, c: Campaign, prospect: bool) -> Proposal:
    """The invitation to ``c`` (the same for every prospect, and for every other customer), made once per
    evaluation (kept in its memo)."""
    made = ctx.memo.get(_invitation)
    if made is None:
        made = ctx.memo[_invitation] = {}
    found = made.get((id(c), prospect))
    if found is None or found[0] is not c:
        touchpoint = "campaign.invite"
        role = setting(ctx.policy, f"{touchpoint}.prospect_role") if prospect else None
        channel = setting(ctx.policy, f"{touchpoint}.prospect_channel") if prospect else None
        assert c.starts_on is not None
        reason = Message(N_("invitation to {campaign} on {date}"), (("campaign", _label(c)), ("date", c.starts_on)))
        proposal = two_notices(ctx, touchpoint, c.starts_on, reason, "greeting", role=role, channel=channel)
        found = made[(id(c), prospect)] = (c, proposal)
    return found[1]


def invite(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 002: invite the event's target customers a month and two weeks before it starts.

    "依据营销活动的计划和内容,在营销活动开始时间的前一个月和前两周分别主动邀请目标客户采用预约的方式进店。"
    A month (first notice) and two weeks (second) before each event the
    customer is targeted by. Prospects get a call from their consultant;
    everyone else an SMS from a CRM clerk.
    """
    prospect = file.customer.stage == "prospect"
    found = False
    for c in _current(ctx, "event"):
        if not targets(c, file, ctx):
            continue
        found = True
        yield _invitation(ctx, c, prospect)
    if not found:
        yield _NO_EVENT


def recall(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 002: invite every recalled vehicle (产品召回的提示) from the recall's start until its recall visit.

    Never due-limited: due on the first day and listed, overdue, until a
    visit of kind ``recall`` on or after ``starts_on`` (then NotApplicable).
    A call that reaches the customer answers it for ``recall.notice.repeat_days``;
    then the reminder comes back, until the car has been in.
    """
    touchpoint = "recall.notice"
    index = campaign_index(ctx)
    found = False
    for vehicle in file.vehicles:
        for c in index.listing("recall", vehicle.vin):
            found = True
            assert c.starts_on is not None
            done = [
                v
                for v in file.visits
                if v.vin == vehicle.vin and v.kind == "recall" and c.starts_on <= v.visited_on <= ctx.today
            ]
            if done:
                yield NotApplicable(
                    touchpoint, Message.of(N_("recall done on {date}"), date=done[0].visited_on), vin=vehicle.vin
                )
                continue
            opens = c.starts_on + timedelta(days=setting(ctx.policy, f"{touchpoint}.opens"))
            answered = [
                k.contacted_on
                for k in file.contacts
                if k.outcome in REACHING and k.touchpoint in (None, touchpoint) and opens <= k.contacted_on < ctx.today
            ]
            if answered:
                opens = max(opens, max(answered) + timedelta(days=setting(ctx.policy, f"{touchpoint}.repeat_days")))
            yield Proposal(
                touchpoint=touchpoint,
                opens_on=opens,
                due_on=opens,
                role=setting(ctx.policy, f"{touchpoint}.role"),
                channel=setting(ctx.policy, f"{touchpoint}.channel"),
                reason=Message.of(N_("recall {campaign} since {date}"), campaign=_label(c), date=c.starts_on),
                lapse="recurring",
                vin=vehicle.vin,
            )
    if not found:
        yield _NO_RECALL


def parts_arrived(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 002: invite to book when the ordered parts arrive (订购的配件到货).

    A visit of the vehicle on or after the arrival means it came in: NotApplicable.
    """
    touchpoint = "parts.arrived"
    index = campaign_index(ctx)
    found = False
    for vehicle in file.vehicles:
        for c in index.listing("parts_arrival", vehicle.vin):
            found = True
            assert c.starts_on is not None
            came = [v for v in file.visits if v.vin == vehicle.vin and c.starts_on <= v.visited_on <= ctx.today]
            if came:
                yield NotApplicable(
                    touchpoint,
                    Message.of(N_("came in on {date} after the parts arrived"), date=came[0].visited_on),
                    vin=vehicle.vin,
                )
                continue
            reason = Message.of(N_("parts arrived on {date} ({campaign})"), date=c.starts_on, campaign=_label(c))
            yield propose(ctx, touchpoint, c.starts_on, reason, lapse="one_off", vin=vehicle.vin)
    if not found:
        yield _NO_PARTS


def season_check(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 003: seasonal free check for vehicles past warranty (out-of-warranty reminders), two weeks ahead.

    Each vehicle whose warranty ended before the check starts; a vehicle
    without a warranty end date is not counted.
    """
    touchpoint = "campaign.season_check"
    found = False
    for c in _current(ctx, "season_check"):
        assert c.starts_on is not None
        if not runs_for(c, file):
            continue
        for vehicle in file.vehicles:
            ended = vehicle.warranty_ends_on
            if ended is None or ended >= c.starts_on:
                continue
            found = True
            reason = Message.of(
                N_("{campaign} on {date}: warranty ended on {ended}"), campaign=_label(c), date=c.starts_on, ended=ended
            )
            yield propose(ctx, touchpoint, c.starts_on, reason, lapse="greeting", vin=vehicle.vin)
    if not found:
        yield _NO_SEASON_CHECK


#: this family's touchpoints, in SPEC 3 order (``rules.touchpoint``; ``rules.catalogue`` gathers them)
TOUCHPOINTS = (
    Touchpoint("campaign.invite", invite, "greeting", N_("event invitation"),
               when_lost=True, held=True, marketing=True),
    Touchpoint("recall.notice", recall, "recurring", N_("recall"), never_cut=True),
    Touchpoint("parts.arrived", parts_arrived, "one_off", N_("parts arrived")),
    Touchpoint("campaign.season_check", season_check, "greeting", N_("seasonal check"), held=True, marketing=True),
)
