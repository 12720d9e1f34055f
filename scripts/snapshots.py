"""Golden snapshots of the example dealership's morning lists, one file per date.

    python scripts/snapshots.py            # rewrite tests/snapshots/*.txt
    python scripts/snapshots.py --check    # exit 1 and show a diff when behaviour changed

tests/test_snapshots.py runs the check, so a change in any rule shows up as a
readable diff of who is called for what; when the change is intended, rerun
this script and commit the new files with it.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "tests" / "snapshots"
DATES = tuple(date(2026 + (11 + m) // 12, (11 + m) % 12 + 1, 1) for m in range(12)) + (date(2026, 11, 24), date(2026, 6, 1), date(2026, 9, 15))


def build_database(path: Path) -> str:
    from followup_cli.demo_data import load_examples
    from followup_cli.store.database import init_store, make_engine

    engine = make_engine(init_store(str(path)).location)
    results = load_examples(engine)
    engine.dispose()
    assert not any(r.error_count for r in results.values()), {k: r.errors[:3] for k, r in results.items()}
    return str(path)


def render(db: str, day: date) -> str:
    from followup_cli.rules.engine import due_items
    from followup_cli.rules.policy import default_policy
    from followup_cli.store.database import open_store
    from followup_cli.store.loaders import due_files, load_dealership

    engine = open_store(db)
    with engine.connect() as conn:  # what `followup due` reads: the contact digest, whole histories before the day
        due = due_items(due_files(conn, day), load_dealership(conn), default_policy(), day)
    engine.dispose()
    lines = [f"# due on {day}: {len(due.items)} items, cut {dict(sorted((k or '-', v) for k, v in due.cut.items()))}"]
    for i in due.items:
        lines.append(
            f"{i.customer_id} {i.touchpoint} {i.vin or '-'} {i.staff or '-'} {i.channel} "
            f"{i.opens_on}..{i.due_on} +{i.overdue_days} p{i.priority:g}{'' if i.within_capacity else ' CUT'}"
        )
    return "\n".join(lines) + "\n"


def snapshots(db: str) -> dict[Path, str]:
    return {SNAPSHOTS / f"due-{day}.txt": render(db, day) for day in DATES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wanted = snapshots(build_database(Path(tmp) / "example.db"))
    if args.check:
        changed = 0
        for path, text in wanted.items():
            old = path.read_text(encoding="utf-8") if path.exists() else ""
            if old != text:
                changed += 1
                sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), text.splitlines(True), str(path), "now", n=0))
        return 1 if changed else 0
    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    for path, text in wanted.items():
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(wanted)} snapshots to {SNAPSHOTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
