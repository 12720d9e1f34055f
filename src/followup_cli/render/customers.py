"""`followup customer list` on screen: a table that reads at 80 columns in either language, nothing cut.

Measured at 80, 100, 120 and 160 columns: nine columns with borders cut
phones and headers to "…" at 80. So: no vertical borders; the stage carries
the intent level ("prospect B"), one column holds the sales consultant and
the service advisor ("S01 A03"); stages and grades in the user's words;
the id, the phone and the date never wrap.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from followup_cli.i18n import _


#: the columns `customer list` shows, in order (table, CSV and JSON)
LISTED = ("customer_id", "name", "phone", "stage", "intent_level", "grade", "owner", "advisor", "created_on")


def customer_json(rows: Sequence[Mapping[str, object]]) -> str:
    """`customer list --format json`: one object per customer, its ``LISTED`` columns, dates as ISO text."""
    import json

    return json.dumps([{c: (r[c].isoformat() if hasattr(r[c], "isoformat") else r[c]) for c in LISTED} for r in rows],
                      ensure_ascii=False, indent=2)


def customer_table(rows: Sequence[Mapping[str, object]], caption: str):
    """``rows``: the customers' columns (customer_id, name, phone, stage, intent_level, grade, owner, advisor, created_on)."""
    from rich import box
    from rich.table import Table

    from followup_cli.render.labels import term_label
    from followup_cli.render.safe import text

    table = Table(caption=caption, caption_justify="left", box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False)
    # the id, the phone and the date never wrap; when the table is too wide Rich narrows the widest
    # of the others first (the staff column's header, then names and words), never below a word
    for header, whole in ((_("Customer ID"), True), (_("Name"), False), (_("Phone"), True), (_("Stage"), False),
                          (_("Grade"), False), (_("Owner · advisor"), False), (_("Created"), True)):
        table.add_column(header, no_wrap=whole, overflow="fold")
    for r in rows:
        stage = " ".join(x for x in (term_label(r["stage"] or "prospect"), r["intent_level"] or "") if x)
        staff = " ".join(str(r[c]) for c in ("owner", "advisor") if r[c]) if (r["owner"] or r["advisor"]) else ""
        table.add_row(
            str(r["customer_id"]), text(r["name"] or ""), r["phone"] or "", stage, term_label(r["grade"]),
            staff, str(r["created_on"] or ""),
        )
    return table
