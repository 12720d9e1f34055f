"""The due list's JSON is written by the C encoder and is the same text as ``json.dumps(indent=2)``."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from followup_cli.message import Message
from followup_cli.render.jsonout import due_json, item_text
from followup_cli.rules.model import DueItem

# every character JSON escapes or a dealer types: quotes, backslashes, commas, newlines, controls, CJK, emoji
texts = st.text(alphabet=st.sampled_from(list(',"\\\n\t\r\x00\x1f{}[]: 张王李客户🚗 aZ09')), max_size=12)
values = st.one_of(st.none(), texts, st.integers(-10**6, 10**6), st.floats(allow_nan=False), st.booleans())


@given(st.dictionaries(texts, values, max_size=6), st.lists(texts, max_size=4))
def test_an_item_is_the_text_of_json_dumps_with_indent(fields, flags):
    fields = {k: v for k, v in fields.items() if k != "flags"} | {"flags": flags}
    expected = json.dumps([fields], ensure_ascii=False, indent=2)
    assert "[\n  " + item_text(fields) + "\n]" == expected


def _item(**overrides) -> DueItem:
    fields = dict(
        customer_id="C1", name='王 "小" ,明\\', phone="13800138000", vin=None, touchpoint="lead.welcome",
        opens_on=date(2026, 11, 24), due_on=date(2026, 11, 25), overdue_days=0, priority=12.5, staff="S01",
        role="consultant", channel="phone", reason=Message.of("welcome, {name}", name="王"), flags=("switched_to_sms",),
    )
    return DueItem(**(fields | overrides))


def test_the_list_is_the_text_of_json_dumps_with_indent():
    items = [_item(), _item(customer_id="C2", flags=()), _item(customer_id="C3", flags=("a", "wrong_number"))]
    text = due_json(items)
    parsed = json.loads(text)
    assert text == json.dumps(parsed, ensure_ascii=False, indent=2) + "\n"
    assert [i["customer_id"] for i in parsed] == ["C1", "C2", "C3"]
    assert parsed[0]["name"] == '王 "小" ,明\\' and parsed[1]["flags"] == []
    assert due_json([]) == "[]\n"
