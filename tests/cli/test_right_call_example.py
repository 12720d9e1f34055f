"""Right call, right person, once (issue 15), on the example dealership at its snapshot dates:
complaints reach the service team's manager, nothing is unassigned without saying so, an open
complaint holds routine and marketing items, the message batch is never cut and always has its
text in both languages, and an expiry after its date says so."""

from __future__ import annotations

import json
import re

import pytest

#: the dates of tests/snapshots: the anchor day and the first of the months around it
DATES = ("2026-06-01", "2026-09-15", "2026-11-24", "2026-12-01", "2027-01-01", "2027-03-01")
SERVICE_MANAGER, SALES_MANAGER = "M02", "M01"  # examples/staff.csv: M02's team is service, M01's sales
HELD = re.compile(r"^(owner\.|occasion\.|service\.win_back$|campaign\.invite$|campaign\.season_check$|referral\.thanks$)")


def _items(cli, demo, day, lang="en", *args):
    result = cli("--lang", lang, "--db", demo, "due", "--all", "--format", "json", "--today", day, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("day", DATES)
def test_the_lists_route_hold_and_batch_as_the_spec_says(cli, demo, day):
    items = _items(cli, demo, day)
    assert items
    complaints = {i["customer_id"] for i in items if i["touchpoint"] in ("complaint.reply", "service.manager_callback")}
    for item in items:
        if item["touchpoint"] == "complaint.reply" and "scored" not in item["reason"] or item["touchpoint"].startswith("service.manager_"):
            assert item["staff"] == SERVICE_MANAGER, item  # a service complaint never reaches the sales manager
        if item["staff"] is None:
            assert "unassigned" in item["flags"], item
        if item["customer_id"] in complaints:
            assert not HELD.match(item["touchpoint"]), item  # SPEC Suppression 5
        if item["channel"] in ("sms", "wechat", "email", "letter"):
            assert item["within_capacity"] is True and item["message"], item
        else:
            assert item["message"] is None, item
        if item["touchpoint"].startswith("expiry.") and item["overdue_days"] > 0:
            assert re.search(r"ended on|overdue since", item["reason"]), item


@pytest.mark.parametrize("day", ["2026-11-24", "2027-01-01"])
def test_every_message_has_its_text_in_both_languages(cli, demo, day):
    for lang, script in (("en", re.compile(r"^Dear ")), ("zh", re.compile(r"[\u4e00-\u9fff]"))):
        messages = [i for i in _items(cli, demo, day, lang) if i["channel"] in ("sms", "wechat", "email", "letter")]
        assert messages
        for item in messages:
            assert script.search(item["message"]), item
            assert "{" not in item["message"], item  # every placeholder filled


def test_new_year_greetings_are_a_batch_no_capacity_cuts(cli, demo):
    # 2026-12-29: the New Year greetings (occasion.holiday, SMS) of the CRM clerk K01, capacity 40
    items = [i for i in _items(cli, demo, "2026-12-29") if i["staff"] == "K01" and i["touchpoint"] == "occasion.holiday"]
    assert len(items) > 40
    assert all(i["within_capacity"] for i in items)
    sms = cli("--db", demo, "due", "--today", "2026-12-29", "--staff", "K01", "--channel", "sms", "--format", "csv")
    assert sms.exit_code == 0 and "cut by daily capacity" not in sms.stderr
    assert len(sms.stdout.splitlines()) - 1 >= len({i["customer_id"] for i in items})


def test_why_names_the_hold_the_no_marketing_and_the_learned_interval(cli, demo):
    held = json.loads(cli("--db", demo, "why", "C1078", "--today", "2026-11-24", "--format", "json").stdout)
    assert any(v["status"] == "suppressed" and v["reason"].startswith("held: complaint open since") for v in held)
    no_marketing = json.loads(cli("--db", demo, "why", "C1018", "--today", "2026-11-24", "--format", "json").stdout)
    invite = [v for v in no_marketing if v["touchpoint"] == "campaign.invite"]
    assert [v["reason"] for v in invite] == ["suppressed: the customer wants no marketing"]
    learned = json.loads(cli("--db", demo, "why", "C1001", "--today", "2026-12-25", "--format", "json").stdout)
    (service,) = [v for v in learned if v["touchpoint"] == "service.maintenance"]
    assert service["reason"] == (
        "service due on 2027-01-03, 80 days after the last one on 2026-10-15 (interval learned from its service history)"
    )
