"""The touchpoint catalogue: one declaration per touchpoint, and every list derived from it agrees.

A new touchpoint is one ``Touchpoint`` entry in its family module plus its keys in ``policy.toml``; these
tests say what else has to hold (its place in SPEC 3's order, its rule, its label in both languages).
"""

from __future__ import annotations

import re
from dataclasses import replace
from types import MappingProxyType

import pytest
from hypothesis import given

from followup_cli import i18n
from followup_cli.rules import campaigns, catalogue, delivery, engine, expiry, lost, model, occasions, rank, sales
from followup_cli.rules import satisfy, service
from followup_cli.rules.context import RuleContext
from followup_cli.rules.engine import as_of
from followup_cli.rules.model import NotApplicable
from followup_cli.rules.policy import default_policy
from followup_cli.rules.touchpoint import Touchpoint

from .test_properties import WORLD, customer_files, days

#: SPEC 3's tables, row by row (the Service table lists the expiry notices before the manager's items)
SPEC_ORDER = (
    "lead.welcome", "lead.cadence", "lead.promised", "lead.purchase_window",
    "lost.reason", "lost.recheck", "lost.competitor_care", "lost.verify", "lost.decide",
    "delivery.thanks", "delivery.manager_call", "delivery.visit", "delivery.week_call",
    "owner.keep_in_touch", "owner.visit",
    "service.first", "service.maintenance", "service.quality_callback", "service.care_callback", "service.win_back",
    "expiry.warranty", "expiry.insurance", "expiry.inspection",
    "complaint.reply", "service.manager_callback", "service.manager_follow",
    "campaign.invite", "recall.notice", "parts.arrived", "campaign.season_check",
    "occasion.birthday", "occasion.anniversary", "occasion.holiday", "referral.thanks",
)
FAMILIES = (sales, lost, delivery, service, expiry, campaigns, occasions)
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def test_the_ids_are_spec_3s_catalogue_in_order_each_declared_once():
    assert catalogue.TOUCHPOINTS == SPEC_ORDER
    assert tuple(catalogue.BY_ID) == SPEC_ORDER
    assert all(catalogue.BY_ID[tp].id == tp for tp in SPEC_ORDER)


def test_the_old_names_are_the_derived_lists():
    assert model.TOUCHPOINTS is catalogue.TOUCHPOINTS
    assert model.CALLBACKS is catalogue.SCORED
    assert engine.RULES is catalogue.RULES
    with pytest.raises(AttributeError):
        model.NO_SUCH_LIST  # noqa: B018


def test_each_family_declares_only_its_own_rules():
    """So a touchpoint is added in one module: its declaration sits beside its rule."""
    declared = []
    for family in FAMILIES:
        entries = family.TOUCHPOINTS + getattr(family, "MANAGER_TOUCHPOINTS", ())
        assert entries and all(isinstance(t, Touchpoint) for t in entries)
        assert {t.rule.__module__ for t in entries} == {family.__name__}, family.__name__
        declared.extend(entries)
    assert sorted(t.id for t in declared) == sorted(SPEC_ORDER)
    assert set(declared) == set(catalogue.DECLARED)


def test_the_engine_runs_each_declared_rule_once_in_catalogue_order():
    rules = [catalogue.BY_ID[tp].rule for tp in SPEC_ORDER]
    assert engine.RULES == tuple(dict.fromkeys(rules))
    assert len(engine.RULES) == len(SPEC_ORDER)  # today every rule proposes one touchpoint


@given(customer_files(), days)
def test_every_rule_answers_only_for_its_declared_touchpoints_with_their_lapse(f, today):
    declared = {}
    for t in catalogue.DECLARED:
        declared.setdefault(t.rule, {})[t.id] = t.lapse
    ctx = RuleContext(today, default_policy(), WORLD)
    for stage in (f.customer.stage, "lost"):
        g = as_of(replace(f, customer=replace(f.customer, stage=stage)), today)
        for rule in engine.RULES:
            for answer in rule(g, ctx):
                assert answer.touchpoint in declared[rule], (rule.__name__, answer)
                if not isinstance(answer, NotApplicable):
                    assert answer.lapse == declared[rule][answer.touchpoint], (rule.__name__, answer)


def test_the_lost_stage_lists_are_the_declared_ones():
    """SPEC Suppression 3: a customer lost to a competitor gets only ``lost.*``, ``campaign.invite`` and
    ``occasion.holiday``; the engine runs only their rules for such a customer."""
    spec = {tp for tp in SPEC_ORDER if tp.startswith("lost.")} | {"campaign.invite", "occasion.holiday"}
    assert catalogue.WHEN_LOST == spec
    assert {tp for tp in SPEC_ORDER if satisfy.allowed_when_lost(tp)} == spec
    assert engine._WHEN_LOST == (lost.reason, lost.recheck, lost.competitor_care, lost.verify, lost.decide,
                                 campaigns.invite, occasions.holiday)
    assert set(engine._WHEN_LOST) == {catalogue.BY_ID[tp].rule for tp in spec}


def test_the_suppression_and_ranking_sets_are_spec_3s():
    # Suppression 5: routine and marketing items wait while a complaint is open
    held = {tp for tp in SPEC_ORDER if tp.startswith(("owner.", "occasion."))} | {
        "service.win_back", "campaign.invite", "campaign.season_check", "referral.thanks"}
    assert satisfy.HELD == catalogue.HELD == held
    assert {tp for tp in SPEC_ORDER if satisfy.held_while_complaint(tp)} == held
    assert catalogue.OPENS_COMPLAINT == {"complaint.reply", "service.manager_callback"}
    assert service.COMPLAINT_RULES == (service.complaint_reply, service.manager_callback)
    # Suppression 6
    assert satisfy.MARKETING == {"campaign.invite", "campaign.season_check", "lost.competitor_care"}
    assert satisfy.ANSWERED_BY_RECORD == {"lost.reason", "lost.verify", "lost.decide"}
    assert rank.NEVER_CUT == {"recall.notice"}
    assert model.CALLBACKS == {
        "delivery.manager_call", "delivery.week_call", "service.quality_callback", "service.care_callback",
        "service.manager_callback", "service.manager_follow",
    }


def test_every_lapse_kind_is_spec_3s():
    """SPEC 3 Lapsing: greetings lapse after due_on; recurring items stay until satisfied; the rest are one-off."""
    greetings = {tp for tp in SPEC_ORDER if tp.startswith(("occasion.", "campaign."))} | {"referral.thanks"}
    recurring = {"lead.cadence", "owner.keep_in_touch", "owner.visit", "service.first", "service.maintenance",
                 "service.win_back", "recall.notice", "lost.decide", "lost.competitor_care"}
    for t in catalogue.DECLARED:
        want = "greeting" if t.id in greetings else "recurring" if t.id in recurring else "one_off"
        assert t.lapse == want, t.id


def test_every_label_is_there_in_both_languages():
    from followup_cli.render.labels import touchpoint_label

    assert tuple(catalogue.LABELS) == SPEC_ORDER
    english = [touchpoint_label(tp) for tp in SPEC_ORDER]
    assert english == [catalogue.LABELS[tp] for tp in SPEC_ORDER]
    assert all(label and not CJK.search(label) for label in english)
    assert len(set(english)) == len(english)
    i18n.set_language("zh")
    try:
        chinese = [touchpoint_label(tp) for tp in SPEC_ORDER]
    finally:
        i18n.set_language("en")
    assert [tp for tp, label in zip(SPEC_ORDER, chinese) if not CJK.search(label)] == []
    assert len(set(chinese)) == len(chinese)
    assert touchpoint_label("lead.welcome") == "welcome new lead"


def test_every_touchpoint_has_its_policy_keys():
    policy = default_policy()
    for tp in SPEC_ORDER:
        assert policy.has(f"{tp}.weight") and policy.has(f"{tp}.role"), tp


def test_the_catalogue_holds_no_mutable_state():
    for name, value in vars(catalogue).items():
        if name.isupper():
            assert isinstance(value, (tuple, frozenset, MappingProxyType)), name
