"""The example dealership's lists over a year match the golden files (scripts/snapshots.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_example_dealership_lists_match_the_snapshots():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "snapshots.py"), "--check"], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, "behaviour changed; if intended, run scripts/snapshots.py\n" + result.stdout[-5000:] + result.stderr[-2000:]
