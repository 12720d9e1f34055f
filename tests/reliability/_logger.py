"""A `followup log` writer for test_concurrency: one process running the real CLI entry point N times.

    python _logger.py DB WORKER COUNT CUSTOMERS GO_FILE

Each round is a whole `followup log` command (argument parsing, opening the
store, its transaction, closing every connection), as a person's would be;
running them in one process spares 50 interpreter start-ups. Waits for
GO_FILE, then logs COUNT contacts with notes ``wWORKER-N`` and prints one
JSON line: exit codes and the time each command took.
"""

import json
import os
import sys
import time

from followup_cli.cli.main import run
from followup_cli.store import database

db, worker, count, customers, go = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
engines = []
make_engine = database.make_engine


def recording(location):
    engine = make_engine(location)
    engines.append(engine)
    return engine


database.make_engine = recording
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.002)
codes, seconds, finished = [], [], []
for n in range(count):
    customer = f"C{(worker * 7919 + n * 31) % customers:05d}"
    started = time.monotonic()
    try:
        run(["--db", db, "log", customer, "--on", "2026-11-20", "--staff", "S01", "--note", f"w{worker}-{n}"])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        while engines:
            engines.pop().dispose()
    seconds.append(time.monotonic() - started)
    finished.append(time.time())
    codes.append(code)
print(json.dumps({"worker": worker, "codes": codes, "seconds": seconds, "finished": finished}), flush=True)
