"""Service touchpoints (seeds 002 维修接待, 003 after-sales retention): reminders, callbacks, win-back, complaints.

History is read as of ``ctx.today``: visits and contacts dated later are
ignored (``--today`` in the past, ``report forecast``).

How the service reminders and the win-back call share a customer (the SPEC
is silent; a dealer must not get two calls for one car):

- Each vehicle's ``service.first`` / ``service.maintenance`` reminder is a
  recurring item: from two weeks before the predicted date it stays listed,
  overdue, until a contact satisfies it or a new service visit resets the
  clock (SPEC 3 Lapsing). It never disappears on its own.
- ``service.win_back`` (one per customer) waits while a reminder that opened
  by the win-back date (last visit + ``after_visit_months``) has not been
  answered: nobody reached the customer since it opened. It answers
  NotApplicable ("the service reminder ... comes first"). Once someone has
  reached the customer, the win-back follows its SPEC window (the later of
  last visit + 4 months and last reaching contact + 30 days). So a customer
  who stays away gets the service reminder first, then a win-back call a
  month after each conversation, and never both for the same silence.
  (A reminder answered by a colleague's tagged call, which does not satisfy
  it, can leave both listed: one row, one call.)

Callbacks (``service.quality_callback``, ``service.care_callback``) follow
the latest visit of each vehicle only: an earlier visit's callback window has
closed or is covered by the call about the later one.
``complaint.reply`` follows the customer's latest complaint (a visit with a
complaint, or a contact scored ``complaint.low_score_max`` or lower).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from operator import attrgetter
from datetime import date, timedelta
from typing import Iterable, Union

from followup_cli.message import Message, N_
from followup_cli.vocabulary import term
from followup_cli.rules.churn import last_activity
from followup_cli.rules.assign import rated_staff
from followup_cli.rules.context import RuleContext, remembered, until
from followup_cli.rules.months import plus_months
from followup_cli.rules.model import (
    REACHING,
    SERVICE_KINDS,
    CustomerFile,
    NotApplicable,
    Proposal,
    Vehicle,
    Visit,
)
from followup_cli.rules.policy import Policy
from followup_cli.rules.touchpoint import Touchpoint
from followup_cli.rules.windows import offsets, plain, propose, setting

Item = Union[Proposal, NotApplicable]

DAYS_PER_YEAR = 365  # calendar fact: turns km a year into km a day
DAYS_PER_MONTH = 365.25 / 12  # calendar fact: the fractional part of a halved interval (1.5 months)


# --- shared helpers ------------------------------------------------------------------------


_NO_VEHICLE = Message.of(N_("no vehicle"))


def no_vehicle(touchpoint: str) -> NotApplicable:
    return NotApplicable(touchpoint, _NO_VEHICLE)


_visited_on = attrgetter("visited_on")


def _visits_by_vin(file: CustomerFile, today: date, memo: dict | None = None) -> dict[str, list[Visit]]:
    """Each vehicle's visits on or before ``today``, oldest first (the rules of one file ask for every vehicle:
    ``memo``, the evaluation's, keeps the answer for the file).

    Shared: callers must not change the lists.
    """
    return remembered(memo, (_visits_by_vin, today), file, lambda: _by_vin(file, today))


def _by_vin(file: CustomerFile, today: date) -> dict[str, list[Visit]]:
    by_vin: dict[str, list[Visit]] = {}
    for v in file.visits:
        if v.visited_on <= today:
            found = by_vin.get(v.vin)
            if found is None:
                by_vin[v.vin] = [v]
            else:
                found.append(v)
    for visits in by_vin.values():
        if len(visits) > 1:
            visits.sort(key=_visited_on)  # stable: the same order as sorting the vehicle's visits alone
    return by_vin


def add_months(day: date, months: float) -> date:
    """``day`` plus a possibly fractional number of months (a severe 3-month interval is 1.5)."""
    whole = math.floor(months)
    extra_days = round((months - whole) * DAYS_PER_MONTH)
    return plus_months(day, whole) + timedelta(days=extra_days)


def _number(value: float) -> int | float:
    """1.0 -> 1 so a reason reads "3 months", not "3.0 months"."""
    return int(value) if float(value).is_integer() else value


def km_per_day(visits: list[Visit], policy: Policy) -> float:
    """Seed 002/003: the vehicle's own average from its odometer history, else the policy default.

    Needs ``service.intervals.min_readings`` readings; the average runs from
    the first reading to the last. A history that does not move forward
    (same day, odometer going back) falls back to the default.
    """
    readings = [(v.visited_on, v.odometer_km) for v in visits if v.odometer_km is not None]
    if len(readings) >= setting(policy, "service.intervals.min_readings"):
        (first_day, first_km), (last_day, last_km) = readings[0], readings[-1]
        days = (last_day - first_day).days
        if days > 0 and last_km > first_km:
            return (last_km - first_km) / days
    return setting(policy, "service.intervals.default_km_per_year") / DAYS_PER_YEAR


def day_odometer_reaches(target_km: int, visits: list[Visit], since: date, since_km: int, rate: float) -> date:
    """The day the odometer reaches ``target_km`` at ``rate`` km a day.

    Counts from the latest reading on or after ``since`` (the odometer at
    ``since`` is ``since_km``), so a repair visit's reading after the last
    service sharpens the prediction. Never earlier than ``since``.
    """
    anchor_day, anchor_km = since, since_km
    for visit in visits:
        if visit.odometer_km is not None and visit.visited_on >= anchor_day:
            anchor_day, anchor_km = visit.visited_on, visit.odometer_km
    return max(since, anchor_day + _days((target_km - anchor_km) / rate))


#: a hundred years: an odometer that barely moves predicts no date worth computing (and none past 9999);
#: one already far past the target, none before year 1 (the caller's ``max(since, ...)`` gives ``since`` anyway)
_NEVER_DAYS = 36_500


def _days(days: float) -> timedelta:
    return timedelta(days=max(-_NEVER_DAYS, min(math.ceil(days), _NEVER_DAYS)))


# --- the service plan of each vehicle ---------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    """What a vehicle's next service reminder is: ``service.first`` or ``service.maintenance``.

    ``predicted`` is None when there is none (no delivery date and no
    service visit); ``reason`` then says why. ``first_done``: the day of
    the first service visit, if any.
    """

    touchpoint: str
    predicted: date | None
    reason: Message
    first_done: date | None = None


def service_plan(file: CustomerFile, ctx: RuleContext) -> dict[str, Reminder]:
    """Each vehicle's next service reminder, by VIN.

    service.first, service.maintenance and service.win_back all ask, so the
    answer for the file being evaluated is kept in the evaluation's memo.
    """
    return remembered(ctx.memo, service_plan, file, lambda: _service_plan(file, ctx))


def _service_plan(file: CustomerFile, ctx: RuleContext) -> dict[str, Reminder]:
    plan: dict[str, Reminder] = {}
    by_vin = _visits_by_vin(file, ctx.today, ctx.memo)
    for vehicle in file.vehicles:
        visits = by_vin.get(vehicle.vin, [])
        services = [v for v in visits if v.kind in SERVICE_KINDS]
        if services:
            predicted, reason = _next_service(vehicle, visits, services, ctx.policy)
            plan[vehicle.vin] = Reminder("service.maintenance", predicted, reason, services[0].visited_on)
        elif vehicle.delivered_on is not None:
            predicted, reason = _first_service(vehicle, visits, ctx.policy)
            plan[vehicle.vin] = Reminder("service.first", predicted, reason)
        else:
            plan[vehicle.vin] = Reminder("service.first", None, _NO_DELIVERY_DATE)
    return plan


_NO_DELIVERY_DATE = Message.of(N_("no delivery date"))
_NO_SERVICE_VISIT = Message.of(N_("no service visit yet"))
_NO_VISIT = Message.of(N_("no visit yet"))


# --- service.first ---------------------------------------------------------------------------


def first(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 002: invite to the first service (首次维护) two weeks before it is predicted.

    Predicted on the earlier of delivery + ``first_months`` and the day the
    odometer reaches ``first_km`` (an odometer reading, counted from 0 at
    delivery) at the vehicle's average km a day. Per-vehicle overrides and
    severe usage change the regular interval, not the first service.
    Applies while the vehicle has no service visit (a repair visit does not
    count as the first service, but its odometer reading is used).
    """
    touchpoint = "service.first"
    if not file.vehicles:
        yield no_vehicle(touchpoint)
        return
    plan = service_plan(file, ctx)
    for vehicle in file.vehicles:
        reminder = plan[vehicle.vin]
        if reminder.first_done is not None:
            why = Message(N_("first service done on {date}"), (("date", reminder.first_done),))
            yield NotApplicable(touchpoint, why, vehicle.vin)
        elif reminder.predicted is None:
            yield NotApplicable(touchpoint, reminder.reason, vin=vehicle.vin)
        else:
            yield propose(ctx, touchpoint, reminder.predicted, reminder.reason, lapse="recurring", vin=vehicle.vin)


def _first_service(vehicle: Vehicle, visits: list[Visit], policy: Policy) -> tuple[date, Message]:
    delivered = vehicle.delivered_on
    assert delivered is not None
    months = setting(policy, "service.intervals.first_months")
    km = setting(policy, "service.intervals.first_km")
    rate = km_per_day(visits, policy)
    by_months = add_months(delivered, months)
    by_km = day_odometer_reaches(km, visits, delivered, 0, rate)
    if by_km <= by_months:
        return by_km, Message.of(
            N_("predicted first service at {km} km on {date} (avg {rate} km/day)"), km=km, date=by_km, rate=round(rate)
        )
    return by_months, Message.of(
        N_("first service due on {date}, {months} months after delivery on {delivered}"),
        date=by_months,
        months=_number(months),
        delivered=delivered,
    )


# --- service.maintenance -------------------------------------------------------------------------


def intervals(vehicle: Vehicle, policy: Policy) -> tuple[int, float]:
    """The vehicle's regular interval (km, months): its overrides, else the policy; severe usage scales both."""
    km = vehicle.service_interval_km or setting(policy, "service.intervals.km")
    months = vehicle.service_interval_months or setting(policy, "service.intervals.months")
    if vehicle.usage == "severe":
        factor = setting(policy, "service.intervals.severe_factor")
        km, months = round(km * factor), months * factor
    return int(km), float(months)


_LEARNED = Message.of(N_("interval learned from its service history"))
_OWN = Message.of(N_("the vehicle's own interval"))
_DEFAULT = Message.of(N_("default interval"))


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def learned_interval(services: list[Visit], policy: Policy) -> tuple[int | None, int | None]:
    """Seed 002 "分析客户车辆的定期维护的间隔": the vehicle's own interval (km, days) from its service visits.

    With at least ``learn_min_gaps`` gaps between its first_service/maintenance
    visits, the median of the last ``learn_last_gaps`` gaps in days, and in km
    where both odometers are known (None where there are too few gaps).
    """
    need = setting(policy, "service.intervals.learn_min_gaps")
    last = setting(policy, "service.intervals.learn_last_gaps")
    if len(services) - 1 < need:
        return None, None
    pairs = list(zip(services, services[1:]))[-last:]
    days = [(b.visited_on - a.visited_on).days for a, b in pairs if b.visited_on > a.visited_on]
    km = [
        b.odometer_km - a.odometer_km
        for a, b in pairs
        if a.odometer_km is not None and b.odometer_km is not None and b.odometer_km > a.odometer_km
    ]
    learned_days = round(_median(days)) if len(days) >= need else None
    learned_km = round(_median(km)) if len(km) >= need else None
    return learned_km, learned_days


def maintenance(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 002: invite to regular maintenance two weeks before the predicted service date.

    "分析客户车辆的定期维护的间隔(例如:3个月或者5000km),估算客户车辆的平均行驶里程,
    预计需要进店维护的时间,在预计客户进店的时间的前两周主动邀请目标客户采用预约的方式进店。"
    Predicted on the earlier of (last service + interval months) and (the day
    the odometer reaches last service odometer + interval km). A new
    service visit (first_service or maintenance) resets the clock.
    """
    touchpoint = "service.maintenance"
    if not file.vehicles:
        yield no_vehicle(touchpoint)
        return
    plan = service_plan(file, ctx)
    for vehicle in file.vehicles:
        reminder = plan[vehicle.vin]
        if reminder.touchpoint != touchpoint or reminder.predicted is None:
            yield NotApplicable(touchpoint, _NO_SERVICE_VISIT, vehicle.vin)
        else:
            yield propose(ctx, touchpoint, reminder.predicted, reminder.reason, lapse="recurring", vin=vehicle.vin)


def _next_service(vehicle: Vehicle, visits: list[Visit], services: list[Visit], policy: Policy) -> tuple[date, Message]:
    """The predicted date of the next regular service, and the reason naming the interval it used (SPEC 3):
    the vehicle's learned interval, else its own override, else the policy default."""
    last = services[-1]
    km, months = intervals(vehicle, policy)
    learned_km, learned_days = learned_interval(services, policy)
    if learned_km is not None or learned_days is not None:
        source = _LEARNED
        km = learned_km if learned_km is not None else km
    elif vehicle.service_interval_km or vehicle.service_interval_months:
        source = _OWN
    else:
        source = _DEFAULT
    rate = km_per_day(visits, policy)
    if learned_days is not None:
        by_time = last.visited_on + timedelta(days=learned_days)
    else:
        by_time = add_months(last.visited_on, months)
    if last.odometer_km is not None:
        by_km = day_odometer_reaches(last.odometer_km + km, visits, last.visited_on, last.odometer_km, rate)
    else:
        by_km = last.visited_on + _days(km / rate)
    if by_km <= by_time:
        return by_km, Message.of(
            N_("predicted {km} km service on {date} (avg {rate} km/day, {interval})"),
            km=km, date=by_km, rate=round(rate), interval=source,
        )
    if learned_days is not None:
        return by_time, Message.of(
            N_("service due on {date}, {days} days after the last one on {last} ({interval})"),
            date=by_time, days=learned_days, last=last.visited_on, interval=source,
        )
    return by_time, Message.of(
        N_("service due on {date}, {months} months after the last one on {last} ({interval})"),
        date=by_time,
        months=_number(months),
        last=last.visited_on,
        interval=source,
    )


def reminder_opens(file: CustomerFile, ctx: RuleContext) -> list[tuple[str, date]]:
    """When each vehicle's service reminder (service.first or service.maintenance) opens: ``(vin, opens_on)``."""
    return [
        (vin, r.predicted + offsets(ctx.policy, r.touchpoint)[0])
        for vin, r in service_plan(file, ctx).items()
        if r.predicted is not None
    ]


# --- callbacks ---------------------------------------------------------------------------------


def _visit_reason(visit: Visit) -> Message:
    if visit.kind:
        return Message(N_("{kind} visit on {date}"), (("date", visit.visited_on), ("kind", term(visit.kind))))
    return Message(N_("visit on {date}"), (("date", visit.visited_on),))


def _latest_visit_reason(visit: Visit, memo: dict) -> Message:
    """:func:`_visit_reason`, kept in the evaluation's memo: both callbacks of a vehicle follow the same visit,
    one after the other."""
    return remembered(memo, _visit_reason, visit, lambda: _visit_reason(visit))


def _callback(touchpoint: str, file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    if not file.vehicles:
        yield no_vehicle(touchpoint)
        return
    by_vin = _visits_by_vin(file, ctx.today, ctx.memo)
    opens, due, role, channel = plain(ctx.policy, touchpoint)
    important = touchpoint == "service.quality_callback" and may_be_important(file)
    for vehicle in file.vehicles:
        visits = by_vin.get(vehicle.vin)
        if not visits:
            yield NotApplicable(touchpoint, _NO_VISIT, vehicle.vin)
            continue
        latest = visits[-1]
        if important and why_important(file, visits, len(visits) - 1, ctx.policy):
            yield NotApplicable(touchpoint, _MANAGER_CALLS_BACK, vehicle.vin)
            continue
        day = latest.visited_on
        yield Proposal(touchpoint, day + opens, day + due, role, channel, _latest_visit_reason(latest, ctx.memo), "one_off", vehicle.vin)


_MANAGER_CALLS_BACK = Message.of(N_("an important customer's visit: the manager calls back"))


def quality_callback(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 003: quality callback within a week after any visit (the vehicle's latest visit).

    An important customer's visit gets the manager's callback instead (``service.manager_callback``).
    """
    return _callback("service.quality_callback", file, ctx)


def care_callback(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 003: care callback within a month after any visit (the vehicle's latest visit)."""
    return _callback("service.care_callback", file, ctx)


# --- important customers: the department manager's callback and follow-ups ------------------------


def why_important(file: CustomerFile, visits: list[Visit], index: int, policy: Policy) -> Message | None:
    """Seed 003 §(三) 重要客户: why the vehicle's visit ``visits[index]`` is an important customer's, or None.

    "重大投诉的客户、因本公司原因导致损失的客户、有影响力的客户、难缠的客户、多次返修的客户":
    a customer marked ``important`` by hand, a visit with a complaint, or a
    repair within ``repeat_repair_days`` of the vehicle's previous repair (多次返修).
    """
    visit = visits[index]
    if visit.complaint and visit.complaint.strip():
        return Message.of(N_("complaint at the visit on {date}: {complaint}"), date=visit.visited_on, complaint=visit.complaint.strip())
    if visit.kind == "repair":
        window = timedelta(days=setting(policy, "service.manager_callback.repeat_repair_days"))
        for earlier in reversed(visits[:index]):
            if earlier.kind == "repair" and earlier.visited_on < visit.visited_on:
                if visit.visited_on - earlier.visited_on <= window:
                    return Message.of(
                        N_("repeat repair: repair visits on {first} and {date}"), first=earlier.visited_on, date=visit.visited_on
                    )
                break
    if file.customer.important:
        return Message.of(N_("important customer: {visit}"), visit=_visit_reason(visit))
    return None


_NOT_IMPORTANT = Message.of(N_("not an important customer's visit"))


def may_be_important(file: CustomerFile) -> bool:
    """Whether any visit of ``file`` can be an important customer's (``why_important``): the customer
    is marked important, a visit has a complaint, or a vehicle has two repair visits. One pass, so most
    customers skip the manager's items at once."""
    if file.customer.important:
        return True
    repaired: set[str] = set()
    for visit in file.visits:
        if visit.complaint and visit.complaint.strip():
            return True
        if visit.kind == "repair":
            if visit.vin in repaired:
                return True
            repaired.add(visit.vin)
    return False


def _important_possible(touchpoint: str, file: CustomerFile) -> bool:
    return bool(file.vehicles) and may_be_important(file)


def _not_important(touchpoint: str, file: CustomerFile) -> Iterable[Item]:
    """The manager's rules' answer for a customer no visit of whom can be an important customer's."""
    if not file.vehicles:
        yield no_vehicle(touchpoint)
    for vehicle in file.vehicles:
        yield NotApplicable(touchpoint, _NOT_IMPORTANT, vehicle.vin)


def manager_callback(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 003 §(三): "重要客户由部门经理负责" — after an important customer's visit the manager of the
    visit's advisor's team calls back in person, instead of the advisor's quality callback."""
    touchpoint = "service.manager_callback"
    if not _important_possible(touchpoint, file):
        yield from _not_important(touchpoint, file)
        return
    by_vin = _visits_by_vin(file, ctx.today, ctx.memo)
    for vehicle in file.vehicles:
        visits = by_vin.get(vehicle.vin)
        if not visits:
            yield NotApplicable(touchpoint, _NO_VISIT, vehicle.vin)
            continue
        latest = visits[-1]
        reason = why_important(file, visits, len(visits) - 1, ctx.policy)
        if reason is None:
            yield NotApplicable(touchpoint, _NOT_IMPORTANT, vehicle.vin)
            continue
        p = propose(ctx, touchpoint, latest.visited_on, reason, lapse="one_off", vin=vehicle.vin)
        yield replace(p, concerns=latest.advisor or file.customer.advisor)


_FOLLOW_WINDOWS = ("first", "second", "third")


def manager_follow(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 003 §(三): the department manager follows an important customer regularly (跟踪):
    30, 60 and 90 days after the vehicle's latest important visit, one item per window; an
    earlier window gives way when the next one opens."""
    touchpoint = "service.manager_follow"
    if not _important_possible(touchpoint, file):
        yield from _not_important(touchpoint, file)
        return
    by_vin = _visits_by_vin(file, ctx.today, ctx.memo)
    policy = ctx.policy
    for vehicle in file.vehicles:
        visits = by_vin.get(vehicle.vin, [])
        found = None
        for index in range(len(visits) - 1, -1, -1):
            reason = why_important(file, visits, index, policy)
            if reason is not None:
                found = (visits[index], reason)
                break
        if found is None:
            yield NotApplicable(touchpoint, _NOT_IMPORTANT, vehicle.vin)
            continue
        visit, reason = found
        windows = [offsets(policy, f"{touchpoint}.{name}") for name in _FOLLOW_WINDOWS]
        day = visit.visited_on
        n = 0
        while n + 1 < len(windows) and day + windows[n + 1][0] <= ctx.today:
            n += 1
        if n + 1 < len(windows):
            until(ctx.memo, day + windows[n + 1][0])  # the next follow-up takes over
        opens, due = windows[n]
        lapses_on = day + windows[n + 1][0] if n + 1 < len(windows) else None
        yield Proposal(
            touchpoint,
            day + opens,
            day + due,
            setting(policy, f"{touchpoint}.role"),
            setting(policy, f"{touchpoint}.channel"),
            Message.of(N_("follow-up {n} of {of} after: {reason}"), n=n + 1, of=len(windows), reason=reason),
            "one_off",
            vehicle.vin,
            lapses_on=lapses_on,
            concerns=visit.advisor or file.customer.advisor,
        )


_NO_ACTIVITY = NotApplicable("service.win_back", Message.of(N_("no visit and no delivery date")))


# --- service.win_back --------------------------------------------------------------------------


def win_back(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 003: keep calling a customer who stays away, from 4 months after the last visit.

    "这将促使业务接车员在客户上次来厂后4~11个月之间都要进行联络" (to 24 months: 永久流失).
    Opens at the later of (last visit + after_visit_months) and (last reaching
    contact + after_contact_days), due ``due`` days later; ends when the last
    visit is ``until_months`` old (lost for good). One per customer: the last
    visit of any vehicle counts; a never-visited vehicle counts from delivery.
    Waits while a vehicle's unanswered service reminder comes first (module docstring).
    """
    touchpoint = "service.win_back"
    if not file.vehicles:
        yield no_vehicle(touchpoint)
        return
    since = last_activity(file, ctx.today, ctx.memo)
    if since is None:
        yield _NO_ACTIVITY
        return
    policy = ctx.policy
    ends = plus_months(since, setting(policy, "service.win_back.until_months"))
    until(ctx.memo, ends)
    if ctx.today >= ends:
        yield NotApplicable(touchpoint, Message.of(N_("no visit since {date}: past the win-back period"), date=since))
        return
    opens = plus_months(since, setting(policy, "service.win_back.after_visit_months"))
    reached = None
    today = ctx.today
    for contact in reversed(file.contacts):
        if contact.outcome in REACHING and contact.contacted_on <= today:
            reached = contact.contacted_on
            break
    for vin, reminder in sorted(reminder_opens(file, ctx), key=lambda r: (r[1], r[0])):
        if reminder <= opens and (reached is None or reached < reminder):
            yield NotApplicable(
                touchpoint,
                Message.of(N_("the service reminder for {vin} (open since {date}) comes first"), vin=vin, date=reminder),
            )
            return
    if reached is not None:
        opens = max(opens, reached + timedelta(days=setting(policy, "service.win_back.after_contact_days")))
    yield Proposal(
        touchpoint=touchpoint,
        opens_on=opens,
        due_on=opens + timedelta(days=setting(policy, "service.win_back.due")),
        role=setting(policy, f"{touchpoint}.role"),
        channel=setting(policy, f"{touchpoint}.channel"),
        reason=Message.of(N_("no visit since {date}"), date=since),
        lapse="recurring",
    )


# --- complaint.reply ---------------------------------------------------------------------------


def complaint_reply(file: CustomerFile, ctx: RuleContext) -> Iterable[Item]:
    """Seed 003: a manager replies to a complaint within the set time (seed 000 SSI/CSI: a callback scored 1-2).

    Follows the customer's latest complaint: a visit with a complaint
    (trigger: visited_on) or a contact scored ``low_score_max`` or lower
    (trigger: contacted_on). On the same day a visit's complaint wins.
    """
    touchpoint = "complaint.reply"
    low = setting(ctx.policy, "complaint.reply.low_score_max")
    today = ctx.today
    best: tuple[date, int, Message, str | None, str | None] | None = None
    for contact in file.contacts:
        if contact.score is not None and contact.contacted_on <= today and contact.score <= low:
            candidate = (
                contact.contacted_on,
                0,
                Message.of(N_("callback on {date} scored {score}"), date=contact.contacted_on, score=contact.score),
                None,
                rated_staff(file, contact),
            )
            if best is None or candidate[:2] >= best[:2]:
                best = candidate
    for visit in file.visits:
        if visit.complaint and visit.visited_on <= today and visit.complaint.strip():
            candidate = (
                visit.visited_on,
                1,
                Message.of(
                    N_("complaint at the visit on {date}: {complaint}"),
                    date=visit.visited_on,
                    complaint=visit.complaint.strip(),
                ),
                visit.vin,
                visit.advisor or file.customer.advisor,
            )
            if best is None or candidate[:2] >= best[:2]:
                best = candidate
    if best is None:
        yield _NO_COMPLAINT
        return
    trigger, _, reason, vin, concerns = best
    yield replace(propose(ctx, touchpoint, trigger, reason, lapse="one_off", vin=vin), concerns=concerns)


_NO_COMPLAINT = NotApplicable("complaint.reply", Message.of(N_("no complaint")))


#: the advisor's touchpoints, in SPEC 3 order (``rules.touchpoint``; ``rules.catalogue`` gathers them)
TOUCHPOINTS = (
    Touchpoint("service.first", first, "recurring", N_("first service")),
    Touchpoint("service.maintenance", maintenance, "recurring", N_("maintenance due")),
    Touchpoint("service.quality_callback", quality_callback, "one_off", N_("quality callback"), scored=True),
    Touchpoint("service.care_callback", care_callback, "one_off", N_("care callback"), scored=True),
    Touchpoint("service.win_back", win_back, "recurring", N_("win back"), held=True),
)
#: the manager's touchpoints (seed 003 §(三)): SPEC 3's Service table lists them after the expiry notices
MANAGER_TOUCHPOINTS = (
    Touchpoint("complaint.reply", complaint_reply, "one_off", N_("complaint reply"), opens_complaint=True),
    Touchpoint("service.manager_callback", manager_callback, "one_off", N_("manager's callback"),
               opens_complaint=True, scored=True),
    Touchpoint("service.manager_follow", manager_follow, "one_off", N_("manager's follow-up"), scored=True),
)
#: SPEC Suppression 5: the rules whose due items mean a complaint is open
COMPLAINT_RULES = tuple(t.rule for t in MANAGER_TOUCHPOINTS if t.opens_complaint)
#: the rules that propose nothing unless ``may_be_important`` (the engine skips them at once)
IMPORTANT_RULES = frozenset({manager_callback, manager_follow})
