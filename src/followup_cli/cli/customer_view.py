"""`followup customer show`: one customer's file, classes and due items, handed to ``render.customer``."""

from __future__ import annotations

import typer


def show_customer(ctx: typer.Context, customer_id: str, today: str | None, mask: bool = False) -> None:
    """The customer's record and tables; ``mask``: phone numbers hidden, in the phone and in free text (SPEC 2)."""
    from followup_cli.cli.due import load_customer
    from followup_cli.cli.state import today_or
    from followup_cli.cli.terminal import console
    from followup_cli.render.customer import Classes, customer_screen
    from followup_cli.rules.churn import churn_with_reason
    from followup_cli.rules.context import RuleContext
    from followup_cli.rules.engine import evaluate
    from followup_cli.rules.grading import grade_with_reason, service_class_with_reason
    from followup_cli.rules.sales import level_stale_with_reason

    day = today_or(today)
    file, dealership, policy = load_customer(ctx, customer_id)
    owner = file.customer.grade or file.customer.stage == "owner"  # a grade is an owner's (seed 004), unless set by hand
    classes = Classes(
        grade=grade_with_reason(file, day, policy) if owner else None,
        service_class=service_class_with_reason(file, day, policy) if file.vehicles else None,
        churn=churn_with_reason(file, day, policy) if file.vehicles else None,
        level_stale=level_stale_with_reason(file, day, policy),
    )
    verdicts = [v for v in evaluate(file, RuleContext(day, policy, dealership)) if v.status == "due"]
    out = console()
    for part in customer_screen(file, day, classes, verdicts, mask):
        out.print(part)
