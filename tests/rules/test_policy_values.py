"""Policy values are checked for sense (SPEC 5), and every policy that passes ranks with finite priorities."""

from __future__ import annotations

import math
import tomllib
from datetime import timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from followup_cli.rules import policy as policy_module
from followup_cli.render.policy_toml import commented_toml
from followup_cli.rules.policy import Policy, PolicyError, default_policy, default_policy_text, parse_policy
from followup_cli.rules.policy_values import (
    DAY_BOUND,
    NUMBER,
    VALUES,
    Between,
    OneOf,
    constraint,
    leaves,
    value_problems,
)

from .story import D
from .test_properties import WORLD, customer_files, days


def problems_of(text: str) -> list[tuple[str, str]]:
    """``(key path, msgid)`` of each problem ``text`` (a dealer's TOML) has; [] when it is accepted."""
    try:
        parse_policy(text, "dealer.toml")
    except PolicyError as exc:
        return [(p.path, p.message.msgid) for p in exc.problems]
    return []


def test_the_default_policy_passes_its_own_checks():
    defaults = tomllib.loads(default_policy_text())
    assert value_problems(defaults) == []
    assert problems_of("") == []
    assert default_policy().get("lead.cadence.A.due") == 3


def test_every_setting_that_is_not_a_switch_or_a_count_is_checked_by_its_name():
    """Strings are names from an enumeration and floats are factors or rates: a key of either kind that no
    pattern names would only be checked for being finite. Message templates (SPEC 5) are free text."""
    unnamed = [
        path
        for path, value in leaves(tomllib.loads(default_policy_text()))
        if isinstance(value, (str, float, list))
        and constraint(path, value) in (None, NUMBER)
        and not path.startswith("templates.")
    ]
    assert unnamed == []


RANGE = "{value} is out of range: it must be from {low} to {high} {unit}"
RANGE_PLAIN = "{value} is out of range: it must be from {low} to {high}"
ABOVE = "{value} is out of range: it must be more than {low} and at most {high}"
UNKNOWN = 'unknown {kind} "{value}": expected one of {choices}'
NOT_FINITE = "{value} is not a finite number"
HUNDREDTHS = "{value} has more than two decimal places: priorities are counted in hundredths of a point"
WINDOW = "the window closes before it opens: due {due} is before opens {opens}"

# Section by section through policy.toml: each family with a value that makes no sense.
NONSENSE = [
    # [general]
    ("[general]\nmissed_after_days = -1", "general.missed_after_days", RANGE),
    ("[general]\ndefault_daily_capacity = -5", "general.default_daily_capacity", RANGE_PLAIN),
    ("[general]\nfailed_attempts_before_sms = -1", "general.failed_attempts_before_sms", RANGE_PLAIN),
    ('[general]\ncrm_channel = "fax"', "general.crm_channel", UNKNOWN),
    # sales: prospects
    ("[lead.welcome]\nopens = -1_000_000_000", "lead.welcome.opens", RANGE),
    ('[lead.welcome]\nrole = "salesman"', "lead.welcome.role", UNKNOWN),
    ("[lead.cadence]\nweight = -1", "lead.cadence.weight", RANGE_PLAIN),
    ('[lead.cadence]\ndefault_level = "E"', "lead.cadence.default_level", UNKNOWN),
    ("[lead.cadence]\nstale_after_periods = 1000", "lead.cadence.stale_after_periods",
     "{count} times {days} days ({path}) is more than {bound} days"),
    ("[lead.cadence.A]\nfactor = nan", "lead.cadence.A.factor", NOT_FINITE),
    ("[lead.cadence.B]\nfactor = inf", "lead.cadence.B.factor", NOT_FINITE),
    ("[lead.cadence.C]\nfactor = 0.0", "lead.cadence.C.factor", ABOVE),
    ("[lead.cadence.D]\nfactor = -0.5", "lead.cadence.D.factor", ABOVE),
    ("[lead.cadence.A]\nopens = 5\ndue = 3", "lead.cadence.A", WINDOW),
    ('[lead.promised]\nchannel = "pigeon"', "lead.promised.channel", UNKNOWN),
    ("[lead.purchase_window]\ndue = -1_000_000_000", "lead.purchase_window.due", RANGE),
    # lost and quasi-lost
    ("[lost.reason]\nopens = 4", "lost.reason", WINDOW),
    ("[lost.recheck.second]\nopens = 1\ndue = 2", "lost.recheck.second.opens",
     "the second notice opens ({second}) before the first ({first})"),
    ("[lost.competitor_care]\nweight = 1_000_000_000", "lost.competitor_care.weight", RANGE_PLAIN),
    # delivery and owners
    ("[delivery.visit]\ndue = 2", "delivery.visit", WINDOW),
    ('[delivery.manager_call]\nrole = "ceo"', "delivery.manager_call.role", UNKNOWN),
    ("[owner.keep_in_touch.premium]\ndue = 1_000_000_000", "owner.keep_in_touch.premium.due", RANGE),
    ('[owner.visit]\ngrades = ["premium", "vip"]', "owner.visit.grades", UNKNOWN),
    # service
    ("[service.intervals]\nkm = 0", "service.intervals.km", RANGE),
    ("[service.intervals]\nfirst_months = -3", "service.intervals.first_months", RANGE),
    ("[service.intervals]\nmonths = 1_000_000_000", "service.intervals.months", RANGE),
    ("[service.intervals]\nsevere_factor = nan", "service.intervals.severe_factor", NOT_FINITE),
    ("[service.intervals]\nsevere_factor = 0", "service.intervals.severe_factor", ABOVE),
    ("[service.intervals]\ndefault_km_per_year = 0", "service.intervals.default_km_per_year", RANGE),
    ("[service.intervals]\nmin_readings = 0", "service.intervals.min_readings", RANGE_PLAIN),
    ("[service.win_back]\ndue = -1", "service.win_back.due", RANGE),
    ("[service.win_back]\nafter_contact_days = -30", "service.win_back.after_contact_days", RANGE),
    ("[service.win_back]\nuntil_months = 3", "service.win_back.until_months", "{value} is less than {other} ({low})"),
    ("[service.care_callback]\nopens = 31", "service.care_callback", WINDOW),
    ("[expiry.insurance.second]\nopens = -60\ndue = -50", "expiry.insurance.second.opens",
     "the second notice opens ({second}) before the first ({first})"),
    ('[expiry.inspection]\nchannel = "telegram"', "expiry.inspection.channel", UNKNOWN),
    ("[complaint.reply]\nlow_score_max = 9", "complaint.reply.low_score_max", RANGE_PLAIN),
    ('[complaint.reply]\ntop = "yes"', "complaint.reply.top", "expected {expected}, got {got}"),
    # campaigns
    ('[campaign.invite]\nprospect_role = "boss"', "campaign.invite.prospect_role", UNKNOWN),
    ("[campaign.invite.first]\nopens = -20\ndue = -25", "campaign.invite.first", WINDOW),
    ("[recall.notice]\nrepeat_days = -14", "recall.notice.repeat_days", RANGE),
    ("[recall.notice]\nopens = 1_000_000_000", "recall.notice.opens", RANGE),
    ("[parts.arrived]\nweight = -60", "parts.arrived.weight", RANGE_PLAIN),
    ('[campaign.season_check]\nrole = ""', "campaign.season_check.role", UNKNOWN),
    # occasions
    ('[occasion.birthday]\npremium_channel = "telegram"', "occasion.birthday.premium_channel", UNKNOWN),
    ("[occasion.anniversary]\nopens = 1", "occasion.anniversary", WINDOW),
    ('[occasion.holiday]\nnames = ["spring_festival", "christmas"]', "occasion.holiday.names", UNKNOWN),
    ("[referral.thanks]\ndue = 100_000", "referral.thanks.due", RANGE),
    # ranking
    ("[rank]\noverdue_per_day = inf", "rank.overdue_per_day", NOT_FINITE),
    ("[rank]\noverdue_per_day = 0", "rank.overdue_per_day", ABOVE),
    ("[rank]\noverdue_per_day = 0.125", "rank.overdue_per_day", HUNDREDTHS),
    ("[rank]\nfirst_bonus = 0.004", "rank.first_bonus", HUNDREDTHS),
    ("[rank]\noverdue_cap_days = -1", "rank.overdue_cap_days", RANGE),
    ("[rank]\nfirst_bonus = -inf", "rank.first_bonus", NOT_FINITE),
    ("[rank]\nfirst_bonus = 1e300", "rank.first_bonus", RANGE_PLAIN),
    ("[rank.grade]\npremium = 0.0", "rank.grade.premium", ABOVE),
    ("[rank.grade]\ngeneral = nan", "rank.grade.general", NOT_FINITE),
    # churn and classification
    ("[churn]\nat_risk_months = 1_000_000_000", "churn.at_risk_months", RANGE),
    ("[churn]\nchurned_months = 3", "churn.churned_months", "{value} is less than {other} ({low})"),
    ("[service_class]\nA = -1", "service_class.A", RANGE_PLAIN),
    ("[service_class]\nB = 5", "service_class.A", "{value} is less than {other} ({low})"),
    ("[grade]\npremium_min_vehicles = -1", "grade.premium_min_vehicles", RANGE_PLAIN),
    ("[grade]\ngeneral_after_months_without_visit = 1_000_000_000", "grade.general_after_months_without_visit", RANGE),
    ("[grade]\npremium_if_referred = 1", "grade.premium_if_referred", "expected {expected}, got {got}"),
    # service: the learned interval (seed 002) needs at least one gap
    ("[service.intervals]\nlearn_min_gaps = 0", "service.intervals.learn_min_gaps", RANGE_PLAIN),
    # message templates (SPEC 5): only the placeholders, and braces that close
    ('[templates.zh.occasion]\nbirthday = "{name}生日快乐{phone}"', "templates.zh.occasion.birthday", 'unknown placeholder "{{{name}}}": a message may use {choices}'),
    ('[templates.en]\ndefault = "Dear {name"', "templates.en.default", "a brace that does not close: write a brace meant as text twice"),
]


@pytest.mark.parametrize("text, path, msgid", NONSENSE, ids=[path for _, path, _ in NONSENSE])
def test_a_value_that_makes_no_sense_is_refused_naming_its_key(text, path, msgid):
    assert problems_of(text) == [(path, msgid)]


def test_every_section_of_the_policy_has_a_nonsense_case():
    sections = {path.split(".")[0] for path, _ in leaves(tomllib.loads(default_policy_text()))}
    assert sections == {path.split(".")[0] for _, path, _ in NONSENSE}


def test_a_refusal_carries_its_numbers():
    with pytest.raises(PolicyError) as caught:
        parse_policy("[lead.cadence]\nstale_after_periods = 1000\n", "dealer.toml")
    [problem] = caught.value.problems
    assert problem.message.values() == {"count": 1000, "days": 90, "path": "lead.cadence.D.due", "bound": DAY_BOUND}


def test_every_problem_of_a_file_is_reported_at_once():
    text = '[general]\ncrm_channel = "fax"\nmissed_after_day = 3\n\n[rank]\noverdue_per_day = nan\n'
    assert problems_of(text) == [
        ("general.missed_after_day", "unknown key (did you mean `{key}`?)"),
        ("general.crm_channel", UNKNOWN),
        ("rank.overdue_per_day", NOT_FINITE),
    ]


@pytest.mark.parametrize(
    "text, path, nearest",
    [
        ("[lead.cadance]\nweight = 3", "lead.cadance", "lead.cadence"),  # the SPEC's example
        ("[laed.cadence]\nweight = 3", "laed", "lead"),
        ("[General]\nmissed_after_days = 3", "General", "general"),
        ("[lead.cadence.A]\nopns = 3", "lead.cadence.A.opens".replace("opens", "opns"), "lead.cadence.A.opens"),
        ("[general]\nmissed_after_day = 3", "general.missed_after_day", "general.missed_after_days"),
        ("[rank]\npremium = 1.2", "rank.premium", "rank.grade.premium"),  # a key at the wrong depth
        ("[owner.keep_in_touch.premiun]\ndue = 3", "owner.keep_in_touch.premiun", "owner.keep_in_touch.premium"),
    ],
)
def test_a_misspelt_key_is_answered_with_the_nearest_valid_one(text, path, nearest):
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, "dealer.toml")
    [problem] = caught.value.problems
    assert (problem.path, problem.message.msgid, problem.message.values()) == (
        path,
        "unknown key (did you mean `{key}`?)",
        {"key": nearest},
    )


def test_a_key_like_none_gets_no_suggestion():
    assert problems_of("[general]\nbogus = 1\n\n[nosuch]\na = 1\n") == [
        ("general.bogus", "unknown key"),
        ("nosuch", "unknown key"),
    ]


def test_a_new_key_of_a_known_shape_is_checked_without_a_rule_of_its_own(monkeypatch):
    """A touchpoint added to the defaults later (its window, days, channel, role, weight) is checked by shape."""
    extended = default_policy_text() + (
        '\n[service.tyre_check]\nopens = -7\ndue = 0\nrepeat_days = 90\nchannel = "sms"\nrole = "advisor"\n'
        "weight = 20\nwear_factor = 1.0\n"
    )
    monkeypatch.setattr(policy_module, "default_policy_text", lambda: extended)
    assert problems_of("[service.tyre_check]\nopens = -3\n") == []
    assert problems_of(
        '[service.tyre_check]\nopens = 2\nrepeat_days = -1\nchannel = "fax"\nrole = "mechanic"\n'
        "weight = -20\nwear_factor = nan\n"
    ) == [
        ("service.tyre_check.repeat_days", RANGE),
        ("service.tyre_check.channel", UNKNOWN),
        ("service.tyre_check.role", UNKNOWN),
        ("service.tyre_check.weight", RANGE_PLAIN),
        ("service.tyre_check.wear_factor", NOT_FINITE),
        ("service.tyre_check", WINDOW),
    ]


# --- any policy that passes ranks with finite priorities and dates in range ---------------------

DEFAULTS = tomllib.loads(default_policy_text())
TUNABLE = [(path, value) for path, value in leaves(DEFAULTS) if not isinstance(value, bool) and not path.startswith("templates.")]


def _extremes(path: str, value):
    """Values the checks accept for ``path``: its bounds first (where things overflow), then any in between."""
    rule = constraint(path, value)
    if isinstance(rule, OneOf):
        if isinstance(value, list):
            return st.lists(st.sampled_from(rule.choices), unique=True)
        return st.sampled_from(rule.choices)
    assert isinstance(rule, Between), path
    if isinstance(value, int):
        low = int(rule.low) + (1 if rule.above else 0)
        return st.sampled_from((low, int(rule.high))) | st.integers(low, int(rule.high))
    tiny = math.nextafter(rule.low, math.inf) if rule.above else rule.low
    return st.sampled_from((tiny, rule.high)) | st.floats(rule.low, rule.high, exclude_min=rule.above)


@st.composite
def accepted_policies(draw) -> Policy:
    chosen = draw(st.lists(st.sampled_from(TUNABLE), min_size=1, max_size=6, unique_by=lambda kv: kv[0]))
    data = policy_module.default_policy().as_dict()
    for path, default in chosen:
        node = data
        *parents, last = path.split(".")
        for part in parents:
            node = node[part]
        node[last] = draw(_extremes(path, default))
    assume(not value_problems(data))
    return parse_policy(commented_toml(Policy(data)), "drawn.toml")  # written as `policy show` writes it, read as a dealer's file


def _check_the_list(policy: Policy, files, today) -> None:
    from dataclasses import replace

    from followup_cli.rules.engine import due_items

    files = [replace(f, customer=replace(f.customer, customer_id=f"C{i:03d}")) for i, f in enumerate(files)]
    listed = due_items(files, WORLD, policy, today)
    for item in listed.items:
        assert math.isfinite(item.priority), item
        assert D(1800, 1, 1) < item.opens_on <= item.due_on < D(2300, 1, 1), item
        assert item.opens_on <= today


@given(accepted_policies(), st.lists(customer_files(), min_size=1, max_size=3), days)
def test_any_accepted_policy_ranks_with_finite_priorities(policy, files, today):
    _check_the_list(policy, files, today)


def _bounds(path: str, value) -> list:
    rule = constraint(path, value)
    if not isinstance(rule, Between):
        return []
    if isinstance(value, int):
        return [int(rule.low) + (1 if rule.above else 0), int(rule.high)]
    return [math.nextafter(rule.low, math.inf) if rule.above else rule.low, rule.high]


#: each setting alone at each end of its range, where it is accepted (a window's other end may refuse it)
EXTREMES = [
    (path, bound)
    for path, value in TUNABLE
    for bound in _bounds(path, value)
    if not problems_of("[{}]\n{} = {!r}\n".format(*path.rsplit(".", 1), bound))
]


@pytest.mark.parametrize("path, bound", EXTREMES, ids=[f"{p}={b}" for p, b in EXTREMES])
@settings(max_examples=8)
@given(files=st.lists(customer_files(), min_size=1, max_size=3), today=days)
def test_each_setting_at_either_end_of_its_range_ranks_with_finite_priorities(path, bound, files, today):
    section, key = path.rsplit(".", 1)
    _check_the_list(parse_policy(f"[{section}]\n{key} = {bound!r}\n", "extreme.toml"), files, today)


def test_the_day_bound_keeps_a_date_in_range_from_either_end_of_the_stored_years():
    assert D(1900, 1, 1) - timedelta(days=3 * DAY_BOUND) > D(1, 1, 1)
    assert D(2100, 12, 31) + timedelta(days=3 * DAY_BOUND) < D(9999, 12, 31)
