#!/usr/bin/env python3
"""Measure followup at dealer-group scale against floors measured in the same run.

    .venv/bin/python benchmarks/run.py                       # 100,000 customers; writes benchmarks/RESULTS.md
    .venv/bin/python benchmarks/run.py --customers 10000 --sizes 2000,10000 --repeat 1
    .venv/bin/python benchmarks/run.py --quick --out /tmp/RESULTS.md   # seconds; what the test suite runs
    .venv/bin/python benchmarks/run.py --postgresql             # and the same database on PostgreSQL

It generates a synthetic dealership (benchmarks/generate.py) into a temporary
directory, builds a fresh database through the real CLI (``followup init``,
then ``followup import`` of each kind, each a subprocess), and times every
figure and every floor as subprocesses (time.perf_counter around the run,
median of ``--repeat`` runs; peak memory from the child's own rusage, via
os.wait4). Every figure is set against a floor measured on this machine in
this run, so the ratios mean the same on a laptop and on a server.

Floors:
  * ``sqlite3`` CLI ``.import --csv --skip 1`` of contacts.csv (the physical floor)
  * plain Python ``sqlite3`` executemany of the CSV rows in one transaction (the Python floor)
  * ``sqlite-utils insert --csv`` (what a user would pick instead)
    -- the three load the same table: followup's contact columns with their
    types and NOT NULLs, in CSV order, and its (customer_id, contacted_on)
    index; followup also computes and indexes a row fingerprint (duplicate
    detection), which the floors do not
  * every contact row fetched into Python tuples with one query, on followup's database
  * ``python -c pass``, ``python -c "import typer"``, ``python -c "import typer, sqlmodel"``

``--postgresql`` also builds the same data into a PostgreSQL database (the same
``followup --db URL init`` and ``import`` of each kind; contacts go in through
``COPY``) on a throwaway server the run starts, and sets its figures next to
SQLite's of the same run: the contacts import (and a plain ``COPY`` of
contacts.csv, PostgreSQL's physical floor), ``due --all --format json`` (target:
within 2x SQLite's; its output must be byte-identical to SQLite's), ``due
--staff S01``. The server is tests/postgres.py's ``PostgresServer`` (the
distribution's binaries, ``--pg-bin`` or FOLLOWUP_PG_BIN for others), run by a
helper process, so this process never loads psycopg (see the note on peak
memory below).

A floor that cannot be measured here (no ``sqlite3`` binary, no sqlite-utils)
is shown as n/a with how to install it; the run goes on. Exit status: 0 when
the run completed (targets met or not), 1 when followup failed a command, 2 on
a usage error; ``--strict`` also exits 1 when a target is not met.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import resource
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GENERATOR = HERE / "generate.py"
TODAY = "2026-11-24"
KINDS_BEFORE_CONTACTS = ("staff", "customers", "vehicles", "visits", "campaigns")
CONTACT_COLUMNS = ("customer_id", "contacted_on", "channel", "touchpoint", "outcome", "staff",
                   "next_contact_on", "score", "note")
HISTORY_FACTOR = 5  # "the same customers with 5x the contacts"
#: "contacts concentrated on few customers": 200 customers with about 20,000 contacts each (4,000,000 in all)
CONCENTRATED_CUSTOMERS = 200
CONCENTRATED_PER_CUSTOMER = 25_000  # the generator keeps about 81% of what it is asked for: about 4,050,000 rows
CONCENTRATED_MEMORY_MB = 300
DUE_XLSX_MEMORY_MB = 300  # due --all --format xlsx at 100,000 customers (SPEC 2 "Excel": the writer stays bounded)
#: one sheet read to the end, every cell turned into the CSV text followup reads: the two readers compared
READ_CALAMINE = """
import sys
from followup_cli.csvio.workbook import sheet_rows
rows, _ = sheet_rows(sys.argv[1])
print(sum(1 for _ in rows))
"""
READ_OPENPYXL = """
import sys
import openpyxl
from followup_cli.csvio.workbook import cell_text
book = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = 0
for row in book.worksheets[0].iter_rows(values_only=True):
    [cell_text(v) for v in row]
    n += 1
print(n)
"""
SCALING_FLAT = 1.25  # "time per customer staying flat": the largest size within this of the smallest

EXECUTEMANY = """\
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], encoding="utf-8", newline="") as fh:
    rows = csv.reader(fh)
    next(rows)
    with conn:  # one transaction
        conn.executemany("INSERT INTO contacts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
conn.close()
"""
FETCH_ALL = """\
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
rows = conn.execute("SELECT * FROM contacts").fetchall()
print(len(rows))
"""
#: PostgreSQL's physical floor: contacts.csv as it is, through COPY ... FROM STDIN (csv), in one transaction
COPY_FLOOR = """\
import sys, psycopg
with psycopg.connect(sys.argv[1]) as conn, open(sys.argv[2], "rb") as fh:
    with conn.cursor().copy("COPY contacts_floor (%s) FROM STDIN (FORMAT csv, HEADER true)") as copy:
        while chunk := fh.read(1 << 20):
            copy.write(chunk)
""" % ", ".join(CONTACT_COLUMNS)
#: the PostgreSQL server's keeper, a child of this process: starts tests/postgres.py's PostgresServer, then runs
#: one command a line from stdin ("create NAME [TEMPLATE]", "drop NAME", "sql NAME STATEMENT"), answering "ok"
#: or "error ..." a line; stdin closed (this process ended, however): the server is stopped and removed
PG_KEEPER = """\
import shutil, sys, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from postgres import PostgresServer
root = Path(tempfile.mkdtemp(prefix="fupgbench"))
server = PostgresServer(Path(sys.argv[2]), root)
try:
    server.start()
    print("ready", server.version, server.url("DATABASE"), flush=True)
    for line in sys.stdin:
        command, name, *rest = line.split(maxsplit=2) + [""]
        try:
            if command == "create":
                server.create_database(name, template=rest[0].strip() or "template0")
            elif command == "drop":
                server.drop_database(name)
            elif command == "sql":
                with server.connect(name) as conn:
                    conn.execute(rest[0])
            else:
                raise ValueError(f"unknown command {command!r}")
            print("ok", flush=True)
        except Exception as exc:
            print("error", " ".join(str(exc).split()), flush=True)
except Exception as exc:
    print("error", " ".join(str(exc).split()), flush=True)
finally:
    server.stop()
    shutil.rmtree(root, ignore_errors=True)
"""
#: where Debian puts the server binaries (one directory per major version), as tests/postgres.py looks
PG_DEBIAN_BINARIES = "/usr/lib/postgresql/*/bin"
PG_DUE_LIMIT = 2.0  # "due --all on PostgreSQL within 2x the SQLite figure"


class CommandFailed(RuntimeError):
    pass


# --- running and timing --------------------------------------------------------------------------


@dataclass
class Sample:
    seconds: float
    max_rss_kb: int
    stdout: str = ""


@dataclass
class Measure:
    samples: list[Sample] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def max_rss_mb(self) -> float:
        return max(s.max_rss_kb for s in self.samples) / 1024

    @property
    def stdout(self) -> str:
        return self.samples[-1].stdout if self.samples else ""


class Runner:
    def __init__(self, work: Path, env: dict[str, str], timeout: float | None, verbose: bool):
        self.work = work
        self.env = env
        self.timeout = timeout
        self.verbose = verbose
        self.log_n = 0

    def say(self, text: str) -> None:
        if self.verbose:
            print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    def once(self, cmd: list[str], *, keep_stdout: bool = False, cwd: Path | None = None) -> Sample:
        """Run ``cmd``; its wall time (perf_counter) and peak RSS (its own rusage, via wait4)."""
        self.log_n += 1
        out_path = self.work / f"cmd-{self.log_n}.out"
        err_path = self.work / f"cmd-{self.log_n}.err"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            started = time.perf_counter()
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=self.env, cwd=cwd)
            timer = threading.Timer(self.timeout, proc.kill) if self.timeout else None
            if timer is not None:
                timer.start()
            try:
                _, status, usage = os.wait4(proc.pid, 0)  # the child's own rusage: its peak RSS
            finally:
                if timer is not None:
                    timer.cancel()
            elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if self.timeout and elapsed >= self.timeout and proc.returncode < 0:
            raise CommandFailed(f"timed out after {self.timeout:.0f} s: {' '.join(map(str, cmd))}")
        stdout = out_path.read_text("utf-8", "replace") if keep_stdout else ""
        if proc.returncode != 0:
            tail = err_path.read_text("utf-8", "replace")[-2000:] + out_path.read_text("utf-8", "replace")[-1000:]
            raise CommandFailed(f"exit {proc.returncode}: {' '.join(map(str, cmd))}\n{tail}")
        out_path.unlink()
        err_path.unlink()
        return Sample(elapsed, usage.ru_maxrss, stdout)

    def measure(self, label: str, cmd: list[str], repeat: int, *, setup=None, keep_stdout: bool = False) -> Measure:
        """Median of ``repeat`` runs; ``setup()`` (untimed) before each."""
        m = Measure()
        for _ in range(repeat):
            if setup is not None:
                setup()
            m.samples.append(self.once(cmd, keep_stdout=keep_stdout))
        self.say(f"{label}: {fmt_time(m.seconds)} (peak {m.max_rss_mb:.0f} MB)")
        return m


class PgServer:
    """A throwaway PostgreSQL server, kept by a helper child (``PG_KEEPER``) this process talks to line by line."""

    def __init__(self, python: str, binaries: Path, work: Path, env: dict[str, str]):
        self.binaries = binaries
        self.log = work / "postgres-keeper.err"
        with open(self.log, "wb") as err:
            self.proc = subprocess.Popen([python, "-c", PG_KEEPER, str(ROOT / "tests"), str(binaries)],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=env,
                                         text=True, encoding="utf-8", bufsize=1)
        answer = self._answer()
        if not answer.startswith("ready "):
            self.close()
            raise CommandFailed(f"cannot start PostgreSQL from {binaries}: {answer}")
        _, version, self._url = answer.split(" ", 2)
        self.version = int(version)

    def _answer(self) -> str:
        line = self.proc.stdout.readline().strip()
        if not line:
            tail = self.log.read_text("utf-8", "replace")[-3000:] if self.log.exists() else ""
            raise CommandFailed(f"the PostgreSQL keeper ended (exit {self.proc.poll()}):\n{tail}")
        return line

    def command(self, *words: str) -> None:
        self.proc.stdin.write(" ".join(words) + "\n")
        self.proc.stdin.flush()
        answer = self._answer()
        if answer != "ok":
            raise CommandFailed(f"PostgreSQL: {' '.join(words)}: {answer}")

    def create(self, name: str, template: str = "") -> str:
        self.command("drop", name)
        self.command("create", name, template)
        return self.url(name)

    def url(self, name: str) -> str:
        """The URL followup takes (``postgresql+psycopg://``); psycopg itself takes it without ``+psycopg``."""
        return self._url.replace("/DATABASE?", f"/{name}?")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def pg_binaries(explicit: Path | None) -> Path | None:
    """``--pg-bin``, FOLLOWUP_PG_BIN, the newest of Debian's, or the directory of ``initdb`` on PATH."""
    if explicit is not None:
        return explicit
    if os.environ.get("FOLLOWUP_PG_BIN"):
        return Path(os.environ["FOLLOWUP_PG_BIN"])
    found = sorted(glob.glob(PG_DEBIAN_BINARIES), key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0)
    if found:
        return Path(found[-1])
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


# --- formatting ----------------------------------------------------------------------------------


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def fmt_us(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    if seconds >= 0.001:
        return f"{seconds * 1e3:.2f} ms/customer"
    return f"{seconds * 1e6:.1f} µs/customer"


@dataclass
class Row:
    figure: str
    value: str
    floor: str
    floor_value: str
    ratio: float | None
    target: str
    met: bool | None  # None: no target, or a floor we could not measure

    def cells(self) -> list[str]:
        ratio = "n/a" if self.ratio is None else f"{self.ratio:.2f}×"
        met = "—" if self.met is None and self.target == "" else ("n/a" if self.met is None else ("yes" if self.met else "**no**"))
        return [self.figure, self.value, self.floor, self.floor_value, ratio, self.target, met]


HEADER = ["figure", "time", "floor", "floor time", "ratio", "target", "met?"]


@dataclass
class PgRow:
    """A figure on both databases of the run: SQLite's, PostgreSQL's, their ratio."""

    figure: str
    sqlite: str
    postgresql: str
    ratio: float | None
    target: str = ""
    met: bool | None = None

    def cells(self) -> list[str]:
        ratio = "n/a" if self.ratio is None else f"{self.ratio:.2f}×"
        met = "—" if self.met is None and self.target == "" else ("n/a" if self.met is None else ("yes" if self.met else "**no**"))
        return [self.figure, self.sqlite, self.postgresql, ratio, self.target, met]


PG_HEADER = ["figure", "SQLite", "PostgreSQL", "PostgreSQL / SQLite", "target", "met?"]


def pg_row(figure: str, sqlite_value: float | None, pg_value: float | None, *, limit: float | None = None,
           target: str = "", show=fmt_time) -> PgRow:
    ratio = None if sqlite_value is None or pg_value is None or sqlite_value <= 0 else pg_value / sqlite_value
    met = None if limit is None or ratio is None else ratio <= limit
    return PgRow(figure, show(sqlite_value), show(pg_value), ratio, target, met)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
    return "\n".join(lines)


def ratio_row(figure: str, value: float | None, floor: str, floor_value: float | None, limit: float,
              target: str, *, value_text: str | None = None, floor_text: str | None = None) -> Row:
    ratio = None if value is None or floor_value is None or floor_value <= 0 else value / floor_value
    return Row(
        figure,
        value_text if value_text is not None else fmt_time(value),
        floor,
        floor_text if floor_text is not None else fmt_time(floor_value),
        ratio,
        target,
        None if ratio is None else ratio <= limit,
    )


# --- the machine ---------------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "unknown"


def git_commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no", "src"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return head + (" + uncommitted changes in src/" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def tool_version(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "n/a"


def interpreter_of(script: Path) -> str:
    """The Python that runs ``followup`` (its shebang), so the start-up floors use the same one."""
    try:
        with open(script, "rb") as fh:
            first = fh.readline().decode("utf-8", "replace").strip()
        if first.startswith("#!") and "python" in first:
            candidate = first[2:].strip().split()[0]
            if os.access(candidate, os.X_OK):
                return candidate
    except OSError:
        pass
    return sys.executable


# --- the dealership and its databases ---------------------------------------------------------------


# This process keeps its memory small and reads files in chunks: a child started with vfork (what
# subprocess does on Linux) reports at least this process's peak RSS as its own ru_maxrss, because
# exec records the old address space's high-water mark.


def count_in_file(path: Path, needle: bytes, chunk_size: int = 1 << 20) -> int:
    """Occurrences of ``needle`` (one that cannot overlap itself) in the file, read in chunks."""
    n, keep = 0, len(needle) - 1
    tail = b""
    with open(path, "rb") as fh:
        while chunk := fh.read(chunk_size):
            block = tail + chunk
            n += block.count(needle)
            # the last len-1 bytes cannot hold a whole match: carry them over for one that straddles
            tail = block[-keep:] if keep else b""
    return n


def file_rows(path: Path) -> int:
    return count_in_file(path, b"\n") - 1


def same_file(a: Path, b: Path) -> bool:
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


def copy_db(src: Path, dst: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(dst) + suffix).unlink(missing_ok=True)
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    a.close()
    b.close()


def floor_schema(followup_db: Path) -> str:
    """followup's contacts columns (types, NOT NULL) in CSV order, and its (customer_id, contacted_on) index."""
    conn = sqlite3.connect(followup_db)
    info = {r[1]: (r[2], r[3]) for r in conn.execute("PRAGMA table_info(contacts)")}
    conn.close()
    cols = []
    for name in CONTACT_COLUMNS:
        decl, notnull = info.get(name, ("", 0))
        cols.append(f"{name} {decl}{' NOT NULL' if notnull else ''}".strip())
    return (f"CREATE TABLE contacts ({', '.join(cols)});\n"
            "CREATE INDEX ix_floor_contacts_customer_on ON contacts (customer_id, contacted_on);\n")


def fresh_floor_db(path: Path, schema: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(schema)
    conn.close()


def count_rows(db: Path, table: str = "contacts") -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


@dataclass
class Build:
    customers: int
    data: Path
    counts: dict[str, int]
    generate_seconds: float
    pre_contacts_db: Path  # every kind but contacts
    db: Path  # everything
    import_seconds: dict[str, float]
    contacts_import: Measure

    @property
    def build_seconds(self) -> float:
        return sum(self.import_seconds.values())


class Bench:
    def __init__(self, args: argparse.Namespace, runner: Runner, followup: str, python: str):
        self.args = args
        self.r = runner
        self.followup = followup
        self.python = python

    def fu(self, db: Path, *args: str) -> list[str]:
        return [self.followup, "--db", str(db), *args]

    def generate(self, customers: int, per_customer: float, out: Path) -> tuple[dict[str, int], float]:
        cmd = [self.python, str(GENERATOR), "--customers", str(customers), "--contacts-per-customer",
               str(per_customer), "--out", str(out), "--seed", str(self.args.seed), "--today", TODAY, "--quiet"]
        s = self.r.once(cmd)
        counts = {kind: file_rows(out / f"{kind}.csv") for kind in (*KINDS_BEFORE_CONTACTS, "contacts")}
        self.r.say(f"generated {customers:,} customers x {per_customer:g} contacts in {fmt_time(s.seconds)}: "
                   + ", ".join(f"{k} {n:,}" for k, n in counts.items()))
        return counts, s.seconds

    def build(self, customers: int, name: str, repeat: int) -> Build:
        """Generate, ``followup init``, import each kind; contacts ``repeat`` times into fresh copies."""
        data = self.r.work / name
        counts, gen_s = self.generate(customers, 10, data)
        pre = self.r.work / f"{name}-pre.db"
        db = self.r.work / f"{name}.db"
        seconds = {"init": self.r.once(self.fu(pre, "init")).seconds}
        for kind in KINDS_BEFORE_CONTACTS:
            seconds[kind] = self.r.once(self.fu(pre, "import", kind, str(data / f"{kind}.csv"))).seconds
        self.r.say(f"{name}: init and import of " + ", ".join(f"{k} {fmt_time(v)}" for k, v in seconds.items()))
        contacts = self.r.measure(
            f"{name}: followup import contacts ({counts['contacts']:,} rows)",
            self.fu(db, "import", "contacts", str(data / "contacts.csv")),
            repeat,
            setup=lambda: copy_db(pre, db),
        )
        seconds["contacts"] = contacts.seconds
        stored = count_rows(db)
        if stored != counts["contacts"]:
            self.r.say(f"note: {stored:,} contacts stored of {counts['contacts']:,} rows (duplicates skipped)")
        return Build(customers, data, counts, gen_s, pre, db, seconds, contacts)

    def concentrated(self, customers: int, per_customer: float) -> tuple[int, Measure]:
        """Contacts concentrated on few customers, imported once into a fresh database: (rows, the import)."""
        data = self.r.work / f"concentrated-{customers}"
        counts, _ = self.generate(customers, per_customer, data)
        db = self.r.work / f"concentrated-{customers}.db"
        self.r.once(self.fu(db, "init"))
        for kind in KINDS_BEFORE_CONTACTS:
            self.r.once(self.fu(db, "import", kind, str(data / f"{kind}.csv")))
        m = self.r.measure(f"followup import contacts ({counts['contacts']:,} rows over {customers:,} customers)",
                           self.fu(db, "import", "contacts", str(data / "contacts.csv")), 1)
        shutil.rmtree(data)
        db.unlink()
        return counts["contacts"], m

    def due_all(self, db: Path | str, label: str, repeat: int, keep: Path | None = None) -> tuple[Measure, int]:
        """``due --all --format json`` ``repeat`` times; its number of items; ``keep``: where its output goes."""
        out = self.r.work / "due.json"
        m = self.r.measure(label, self.fu(db, "due", "--today", TODAY, "--all", "--format", "json", "--output",
                                          str(out)), repeat)
        items = count_in_file(out, b'"customer_id"')  # not json.load: this process stays small (see same_file)
        if keep is not None:
            out.replace(keep)
        else:
            out.unlink()
        return m, items

    def build_postgresql(self, pg: PgServer, build: Build, repeat: int) -> tuple[str, dict[str, float], Measure]:
        """``build`` again on PostgreSQL, through the same commands: ``followup --db URL init``, the import
        of each kind; contacts ``repeat`` times into fresh copies (CREATE DATABASE ... TEMPLATE) of the
        database without them. Returns the URL of the whole database, the seconds of each step, the
        contacts import. The whole database is then analysed (untimed), as autovacuum does after a load."""
        pre = pg.create("pre")
        seconds = {"init": self.r.once(self.fu(pre, "init")).seconds}
        for kind in KINDS_BEFORE_CONTACTS:
            seconds[kind] = self.r.once(self.fu(pre, "import", kind, str(build.data / f"{kind}.csv"))).seconds
        self.r.say("PostgreSQL: init and import of " + ", ".join(f"{k} {fmt_time(v)}" for k, v in seconds.items()))
        main = pg.url("main")
        contacts = self.r.measure(
            f"PostgreSQL: followup import contacts ({build.counts['contacts']:,} rows)",
            self.fu(main, "import", "contacts", str(build.data / "contacts.csv")),
            repeat,
            setup=lambda: pg.create("main", "pre"),
        )
        seconds["contacts"] = contacts.seconds
        pg.command("sql", "main", "VACUUM (ANALYZE)")
        return main, seconds, contacts

    def copy_floor(self, pg: PgServer, contacts_csv: Path, repeat: int) -> Measure:
        """PostgreSQL's physical floor: contacts.csv through one COPY into a table of followup's contact
        columns (types, NOT NULL, from ``LIKE contacts``) with its (customer_id, contacted_on) index."""
        floor = pg.create("floor")
        self.r.once(self.fu(floor, "init"))

        def fresh() -> None:
            pg.command("sql", "floor", "DROP TABLE IF EXISTS contacts_floor")
            pg.command("sql", "floor", "CREATE TABLE contacts_floor (LIKE contacts INCLUDING DEFAULTS)")
            pg.command("sql", "floor", "CREATE INDEX ix_floor_contacts_customer_on ON contacts_floor (customer_id, contacted_on)")

        url = floor.replace("postgresql+psycopg://", "postgresql://")
        return self.r.measure("PostgreSQL: COPY of contacts.csv", [self.python, "-c", COPY_FLOOR, url, str(contacts_csv)],
                              repeat, setup=fresh)


# --- the run -------------------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(x.replace("_", "")) for x in text.split(",") if x.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of numbers: {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=None, help="the default size (default 100000)")
    parser.add_argument("--sizes", type=parse_sizes, default=None,
                        help="comma-separated sizes for the scaling rows (default 10000,100000)")
    parser.add_argument("--repeat", type=int, default=None, help="median of this many runs (default 3)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md", help="the results file (default benchmarks/RESULTS.md)")
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes and one run each (200 customers, sizes 100,200): for the test suite")
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--followup", default=None, help="the followup executable (default: beside this Python)")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the data and databases here (default: a temporary directory, removed)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds any one command may take (default 3600)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is not met")
    parser.add_argument("--postgresql", action="store_true",
                        help="also build the data on a throwaway PostgreSQL server and measure it there (needs the "
                             "server binaries and followup-cli[test]: psycopg, pytest)")
    parser.add_argument("--pg-bin", type=Path, default=None,
                        help="the PostgreSQL server binaries (default: FOLLOWUP_PG_BIN, the newest "
                             "/usr/lib/postgresql/N/bin, or initdb's directory on PATH)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    parser.add_argument("--concentrated-only", action="store_true",
                        help="only the import of contacts concentrated on 200 customers (its peak memory); prints it, "
                             "writes no results file")
    parser.add_argument("--excel-only", action="store_true",
                        help="only the workbook figures (read xlsx: calamine vs openpyxl; import customers from xlsx "
                             "vs CSV; due --all --format xlsx time and peak memory); prints them, writes no results file")
    args = parser.parse_args(argv)
    if args.quick:
        args.customers = args.customers or 200
        args.sizes = args.sizes or [100, 200]
        args.repeat = args.repeat or 1
    args.customers = args.customers or 100_000
    args.sizes = args.sizes or [10_000, 100_000]
    args.repeat = args.repeat or 3
    if args.customers < 1 or args.repeat < 1:
        parser.error("--customers and --repeat must be at least 1")

    followup = args.followup or str(Path(sys.executable).with_name("followup"))
    if not os.access(followup, os.X_OK):
        followup = shutil.which("followup") or ""
    if not followup:
        parser.error("no followup executable: install the project (pip install -e .) or pass --followup PATH")
    python = interpreter_of(Path(followup))
    # followup's modules compiled once, as an installer (pip install .) leaves them, also where the
    # environment says not to write bytecode (PYTHONDONTWRITEBYTECODE): its dependencies came compiled
    subprocess.run([python, "-c", "import compileall, followup_cli, os; "
                    "compileall.compile_dir(os.path.dirname(followup_cli.__file__), quiet=1)"], check=False)

    work_parent = args.workdir
    if work_parent is not None:
        work_parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="followup-bench-", dir=work_parent))
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env.update(FOLLOWUP_LANG="en", NO_COLOR="1", COLUMNS="120", LC_ALL="C.UTF-8", LANG="C.UTF-8",
               XDG_CONFIG_HOME=str(work / "config"), XDG_DATA_HOME=str(work / "data"))
    env.pop("PYTHONPATH", None)
    runner = Runner(work, env, args.timeout, not args.quiet)
    started = time.perf_counter()
    pg = None
    try:
        if args.postgresql:  # first: a server that cannot start fails the run before the long part
            binaries = pg_binaries(args.pg_bin)
            if binaries is None:
                raise CommandFailed("--postgresql: no PostgreSQL server (initdb) found: apt-get install -y postgresql, "
                                    "or pass --pg-bin DIR")
            pg = PgServer(python, binaries, work, env)
            runner.say(f"PostgreSQL {pg.version} started from {binaries}")
        if args.concentrated_only:
            count, m = concentrated_case(args, Bench(args, runner, followup, python))
            print(markdown_table(HEADER, [concentrated_row(count, m, args).cells()]))
            return 0
        if args.excel_only:
            bench = Bench(args, runner, followup, python)
            excel_rows = excel_case(bench, bench.build(args.customers, f"n{args.customers}", 1), args.repeat)
            print(markdown_table(HEADER, [row.cells() for row in excel_rows]))
            return 0
        rows, pg_rows, scaling, notes, facts = run_all(args, runner, followup, python, pg)
    except CommandFailed as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    finally:
        if pg is not None:
            pg.close()
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    total = time.perf_counter() - started
    report = render(args, rows, scaling, notes, facts, python, total, pg_rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(markdown_table(HEADER, [r.cells() for r in rows]))
    print()
    if pg_rows:
        print(markdown_table(PG_HEADER, [r.cells() for r in pg_rows]))
        print()
    print(markdown_table(SCALING_HEADER, scaling))
    for note in notes:
        print(f"note: {note}")
    print(f"\nwhole run {fmt_time(total)}; written to {args.out}")
    if args.strict and any(r.met is False for r in (*rows, *pg_rows)):
        return 1
    return 0


def concentrated_case(args, b: "Bench") -> tuple[int, Measure]:
    """The concentrated data set (``--quick``: a hundredth of it), imported once."""
    per_customer = CONCENTRATED_PER_CUSTOMER / (100 if args.quick else 1)
    return b.concentrated(CONCENTRATED_CUSTOMERS, per_customer)


def excel_case(b: "Bench", build: Build, repeat: int) -> list[Row]:
    """Workbooks at the default size: customers.xlsx (written by ``export``, untimed) read by python-calamine
    and by openpyxl's read-only mode; ``import customers`` from it and from the CSV into fresh copies of the
    database without customers' rows... (staff only); ``due --all --format xlsx`` time and peak memory."""
    r = b.r
    xlsx = r.work / "customers.xlsx"
    r.once(b.fu(build.db, "export", "customers", str(xlsx), "--force"))
    rows = build.counts["customers"]
    calamine = r.measure("read customers.xlsx: python-calamine", [b.python, "-c", READ_CALAMINE, str(xlsx)], repeat)
    try:
        openpyxl = r.measure("read customers.xlsx: openpyxl read-only", [b.python, "-c", READ_OPENPYXL, str(xlsx)], repeat)
    except CommandFailed:
        openpyxl = None  # not installed (it is in the test extra)
    staff_db, db = r.work / "excel-staff.db", r.work / "excel.db"
    r.once(b.fu(staff_db, "init"))
    r.once(b.fu(staff_db, "import", "staff", str(build.data / "staff.csv")))
    from_csv = r.measure(f"import customers from CSV ({rows:,} rows)",
                         b.fu(db, "import", "customers", str(build.data / "customers.csv")), repeat,
                         setup=lambda: copy_db(staff_db, db))
    from_xlsx = r.measure(f"import customers from xlsx ({rows:,} rows)", b.fu(db, "import", "customers", str(xlsx)),
                          repeat, setup=lambda: copy_db(staff_db, db))
    out = r.work / "due.xlsx"
    due = r.measure("due --all --format xlsx", b.fu(build.db, "due", "--today", TODAY, "--all", "--format", "xlsx",
                                                      "--output", str(out), "--force"), repeat)
    size = out.stat().st_size
    for path in (xlsx, out, staff_db, db):
        path.unlink(missing_ok=True)
    n = f"{build.customers:,}"
    result = [
        Row(f"read customers.xlsx ({rows:,} rows): python-calamine (chosen)", fmt_time(calamine.seconds),
            "openpyxl read-only", "n/a" if openpyxl is None else fmt_time(openpyxl.seconds),
            None if openpyxl is None else calamine.seconds / openpyxl.seconds, "", None),
        Row(f"import customers from xlsx ({rows:,} rows; peak {from_xlsx.max_rss_mb:.0f} MB)",
            fmt_time(from_xlsx.seconds), f"from CSV (peak {from_csv.max_rss_mb:.0f} MB)", fmt_time(from_csv.seconds),
            from_xlsx.seconds / from_csv.seconds, "", None),
        Row(f"due --all --format xlsx at {n} customers ({fmt_time(due.seconds)}, {size / 1e6:.0f} MB file): peak memory",
            f"{due.max_rss_mb:.0f} MB", "", "", None, f"≤ {DUE_XLSX_MEMORY_MB} MB", due.max_rss_mb <= DUE_XLSX_MEMORY_MB),
    ]
    if openpyxl is not None:
        result.insert(1, Row("read customers.xlsx: openpyxl read-only: peak memory", f"{openpyxl.max_rss_mb:.0f} MB",
                             "python-calamine", f"{calamine.max_rss_mb:.0f} MB",
                             openpyxl.max_rss_mb / calamine.max_rss_mb, "", None))
    return result


def concentrated_row(rows: int, m: Measure, args) -> Row:
    mem = m.max_rss_mb
    return Row(f"followup import contacts, {rows:,} over {CONCENTRATED_CUSTOMERS} customers: peak memory "
               f"({fmt_time(m.seconds)})", f"{mem:.0f} MB", "", "", None, f"≤ {CONCENTRATED_MEMORY_MB} MB",
               mem <= CONCENTRATED_MEMORY_MB)


SCALING_HEADER = ["customers", "vehicles", "visits", "contacts", "build (init + 6 imports)", "per customer",
                  "due --all --format json", "per customer", "due items"]


def run_all(args, r: Runner, followup: str, python: str, pg: PgServer | None = None):
    n, k = args.customers, args.repeat
    b = Bench(args, r, followup, python)
    notes: list[str] = []
    facts: dict[str, str] = {}
    startup_repeat = k if args.quick else max(k, 5)  # start-up figures are short: more runs for a steady median

    # --- start-up: followup --help against python's own start-up (after one untimed run of each, so
    # byte-code is compiled and files are cached, as on a machine that runs followup every day)
    for warm in ([python, "-c", "import typer, sqlmodel"], [followup, "--help"]):
        r.once(warm)
    py_pass = r.measure("python -c pass", [python, "-c", "pass"], startup_repeat)
    py_typer = r.measure('python -c "import typer"', [python, "-c", "import typer"], startup_repeat)
    py_sqlmodel = r.measure('python -c "import typer, sqlmodel"', [python, "-c", "import typer, sqlmodel"], startup_repeat)
    help_ = r.measure("followup --help", [followup, "--help"], startup_repeat)

    # --- the default size: build through the CLI (contacts imported `repeat` times into fresh copies)
    main_build = b.build(n, f"n{n}", k)
    excel_rows = excel_case(b, main_build, 1)  # workbooks: read, import, due --all --format xlsx
    db = main_build.db
    contacts_csv = main_build.data / "contacts.csv"
    n_contacts = main_build.counts["contacts"]

    # --- import floors, on the same contacts.csv, into the same table
    schema = floor_schema(db)
    floor_db = r.work / "floor.db"
    sqlite3_bin = shutil.which("sqlite3")
    if sqlite3_bin:
        m_cli = r.measure("sqlite3 .import", [sqlite3_bin, str(floor_db), f".import --csv --skip 1 {contacts_csv} contacts"],
                          k, setup=lambda: fresh_floor_db(floor_db, schema))
        if count_rows(floor_db) != n_contacts:
            notes.append(f"sqlite3 .import stored {count_rows(floor_db):,} rows of {n_contacts:,}")
        facts["sqlite3 CLI"] = tool_version([sqlite3_bin, "--version"]).split(" ")[0]
        cli_s: float | None = m_cli.seconds
    else:
        cli_s = None
        facts["sqlite3 CLI"] = "not installed"
        notes.append("the sqlite3 command-line shell is not installed, so the physical floor is n/a: "
                     "apt-get install -y sqlite3")
        print("note: no sqlite3 binary; install it with: apt-get install -y sqlite3", file=sys.stderr)
    m_many = r.measure("python executemany", [python, "-c", EXECUTEMANY, str(floor_db), str(contacts_csv)], k,
                       setup=lambda: fresh_floor_db(floor_db, schema))
    if count_rows(floor_db) != n_contacts:
        notes.append(f"executemany stored {count_rows(floor_db):,} rows of {n_contacts:,}")
    su = Path(python).with_name("sqlite-utils")
    su_bin = str(su) if os.access(su, os.X_OK) else shutil.which("sqlite-utils")
    if su_bin:
        m_su = r.measure("sqlite-utils insert --csv", [su_bin, "insert", str(floor_db), "contacts", str(contacts_csv), "--csv"],
                         k, setup=lambda: fresh_floor_db(floor_db, schema))
        su_s: float | None = m_su.seconds
        facts["sqlite-utils"] = tool_version([su_bin, "--version"]).split()[-1]
    else:
        su_s = None
        facts["sqlite-utils"] = "not installed"
        notes.append("sqlite-utils is not installed, so its floor is n/a: pip install 'followup-cli[bench]' "
                     "(or pip install sqlite-utils)")
        print("note: sqlite-utils is not installed; pip install 'followup-cli[bench]'", file=sys.stderr)
    floor_db.unlink(missing_ok=True)

    # --- the agenda (issue 19): every customer planned on TODAY, as a nightly `check --rebuild` does
    # (imports drop the plans of the customers they touch; the lists below read the plans)
    agenda = r.measure("followup check --rebuild (contact digest and agenda)",
                       b.fu(db, "check", "--rebuild", "--today", TODAY), 1)

    # --- reading: every contact into tuples, on followup's own database
    fetch = r.measure("fetch all contacts", [python, "-c", FETCH_ALL, str(db)], k, keep_stdout=True)
    if int(fetch.stdout.strip() or 0) != count_rows(db):
        notes.append("fetch-all returned a different number of rows than the table holds")

    # --- due
    sqlite_due = r.work / "due-sqlite.json"
    due_all, due_items = b.due_all(db, f"followup due --all --format json ({n:,} customers)", k,
                                   keep=sqlite_due if pg is not None else None)
    due_staff = r.measure("followup due --staff S01", b.fu(db, "due", "--today", TODAY, "--staff", "S01"), k)
    due_manager = r.measure("followup due --role manager", b.fu(db, "due", "--today", TODAY, "--role", "manager",
                                                                  "--format", "json"), k)
    forecast = r.measure("followup report forecast --days 14",
                         b.fu(db, "report", "forecast", "--today", TODAY, "--days", "14", "--format", "json"), 1)
    workload = r.measure("followup report workload",
                         b.fu(db, "report", "workload", "--today", TODAY, "--format", "json"), 1)

    # --- PostgreSQL: the same build through the same commands on a server, the same figures
    pg_rows: list[PgRow] = []
    if pg is not None:
        pg_db, pg_seconds, pg_import = b.build_postgresql(pg, main_build, k)
        r.once(b.fu(pg_db, "check", "--rebuild", "--today", TODAY))  # the agenda, as on SQLite
        pg_floor = b.copy_floor(pg, contacts_csv, k)
        pg_due_out = r.work / "due-postgresql.json"
        pg_due, pg_items = b.due_all(pg_db, f"PostgreSQL: followup due --all --format json ({n:,} customers)", k,
                                     keep=pg_due_out)
        pg_staff = r.measure("PostgreSQL: followup due --staff S01", b.fu(pg_db, "due", "--today", TODAY, "--staff", "S01"), k)
        if not same_file(sqlite_due, pg_due_out):
            notes.append(f"`due --all --format json` on PostgreSQL ({pg_items:,} items) is not byte-identical to "
                         f"SQLite's ({due_items:,} items)")
        sqlite_due.unlink()
        pg_due_out.unlink()
        c = f"{n_contacts:,}"
        pg_rows = [
            pg_row(f"followup import contacts ({c} rows; PostgreSQL: COPY)", main_build.contacts_import.seconds,
                   pg_import.seconds),
            pg_row("physical floor: sqlite3 .import / one plain COPY of contacts.csv", cli_s, pg_floor.seconds),
            pg_row(f"followup due --all --format json ({n:,} customers, {pg_items:,} items)", due_all.seconds,
                   pg_due.seconds, limit=PG_DUE_LIMIT, target=f"≤ {PG_DUE_LIMIT:g}×"),
            pg_row("followup due --staff S01", due_staff.seconds, pg_staff.seconds),
            pg_row("peak memory of followup due --all (the client's)", due_all.max_rss_mb, pg_due.max_rss_mb,
                   show=lambda mb: "n/a" if mb is None else f"{mb:.0f} MB"),
            pg_row("build: followup init + import of the six files", main_build.build_seconds, sum(pg_seconds.values())),
        ]
        facts["postgresql"] = tool_version([str(pg.binaries / "postgres"), "--version"])
        facts["postgresql build"] = ", ".join(f"{kk} {fmt_time(v)}" for kk, v in pg_seconds.items())
        facts["postgresql import vs copy"] = (f"{pg_import.seconds / pg_floor.seconds:.2f}×"
                                              if pg_floor.seconds > 0 else "n/a")

    # --- the same customers with 5x the contacts
    data5 = r.work / f"n{n}-x{HISTORY_FACTOR}"
    counts5, _ = b.generate(n, 10 * HISTORY_FACTOR, data5)
    for kind in KINDS_BEFORE_CONTACTS:
        if not same_file(data5 / f"{kind}.csv", main_build.data / f"{kind}.csv"):
            notes.append(f"the {HISTORY_FACTOR}x-history data set's {kind}.csv differs from the base one")
    db5 = r.work / f"n{n}-x{HISTORY_FACTOR}.db"
    copy_db(main_build.pre_contacts_db, db5)
    import5 = r.measure(f"followup import contacts ({counts5['contacts']:,} rows, {HISTORY_FACTOR}x history)",
                        b.fu(db5, "import", "contacts", str(data5 / "contacts.csv")), 1)
    shutil.rmtree(data5)
    r.once(b.fu(db5, "check", "--rebuild", "--today", TODAY))  # the agenda, as for the base database
    due5, due5_items = b.due_all(db5, f"followup due --all --format json ({HISTORY_FACTOR}x history)", k)

    # --- contacts concentrated on few customers (a dealer's fleet accounts): the import's peak memory
    concentrated_rows, concentrated = concentrated_case(args, b)

    # --- log: one contact, each run another customer of S01's
    conn = sqlite3.connect(db)
    targets = [row[0] for row in conn.execute(
        "SELECT customer_id FROM customers WHERE owner = 'S01' AND stage = 'owner' "
        "AND coalesce(do_not_contact, 0) IN (0, '0', 'false') ORDER BY customer_id LIMIT ?", (startup_repeat,))]
    conn.close()
    targets = targets or ["C1001"]
    log_cmds = iter(b.fu(db, "log", targets[i % len(targets)], "--on", TODAY, "--staff", "S01", "--outcome",
                         "reached", "--note", "benchmark: 电话回访") for i in range(startup_repeat))
    log = Measure()
    for cmd in log_cmds:
        log.samples.append(r.once(cmd))
    r.say(f"followup log: {fmt_time(log.seconds)}")

    # --- scaling: the same build and due at each size
    scale: dict[int, tuple[Build, Measure, int]] = {n: (main_build, due_all, due_items)}
    for size in args.sizes:
        if size in scale:
            continue
        bs = b.build(size, f"n{size}", 1)
        r.once(b.fu(bs.db, "check", "--rebuild", "--today", TODAY))
        m, items = b.due_all(bs.db, f"followup due --all --format json ({size:,} customers)", k)
        scale[size] = (bs, m, items)
        shutil.rmtree(bs.data, ignore_errors=True)
    shutil.rmtree(main_build.data, ignore_errors=True)

    # --- the table
    rows: list[Row] = []
    c = f"{n_contacts:,}"
    rows.append(ratio_row(f"followup import contacts ({c} rows)", main_build.contacts_import.seconds,
                          "python executemany, one transaction", m_many.seconds, 2.0, "≤ 2×"))
    rows.append(ratio_row(f"followup import contacts ({c} rows)", main_build.contacts_import.seconds,
                          "sqlite-utils insert --csv", su_s, 0.25, "≤ 0.25× (≥ 4× faster)"))
    rows.append(ratio_row(f"followup import contacts ({c} rows)", main_build.contacts_import.seconds,
                          "sqlite3 .import (physical floor)", cli_s, float("inf"), ""))
    rows[-1].met = None
    rows.append(ratio_row(f"followup due --all --format json ({n:,} customers, {due_items:,} items)",
                          due_all.seconds, f"fetch all {c} contacts into tuples", fetch.seconds, 0.75, "≤ 0.75×"))
    rows.append(ratio_row("followup due --staff S01", due_staff.seconds,
                          f"fetch all {c} contacts into tuples", fetch.seconds, 0.25, "≤ 0.25×"))
    rows.append(ratio_row("followup due --role manager", due_manager.seconds,
                          f"fetch all {c} contacts into tuples", fetch.seconds, 0.25, "≤ 0.25×"))
    rows.append(ratio_row("followup report forecast --days 14", forecast.seconds,
                          "followup due --all --format json", due_all.seconds, 2.0, "≤ 2×"))
    rows.append(ratio_row("followup report workload", workload.seconds,
                          "followup due --all --format json", due_all.seconds, 1.0, "≤ 1×"))
    for label, measure in (("due --role manager", due_manager), ("report forecast --days 14", forecast),
                           ("report workload", workload), ("check --rebuild", agenda)):
        peak = measure.max_rss_mb
        rows.append(Row(f"peak memory of followup {label}", "n/a" if peak is None else f"{peak:.0f} MB", "", "",
                        None, "< 300 MB", None if peak is None else peak < 300))
    rows.append(Row("followup check --rebuild: the agenda planned for every customer", fmt_time(agenda.seconds),
                    "", "", None, "", None))
    rows.append(ratio_row(f"followup due --all, {HISTORY_FACTOR}× contacts ({counts5['contacts']:,}; {due5_items:,} items)",
                          due5.seconds, f"followup due --all, 1× contacts ({c})", due_all.seconds, 1.2, "≤ 1.2×"))
    rows.append(ratio_row("followup --help", help_.seconds, 'python -c "import typer"', py_typer.seconds, 1.5, "≤ 1.5×"))
    rows.append(ratio_row("followup log C… --outcome reached …", log.seconds, 'python -c "import typer, sqlmodel"',
                          py_sqlmodel.seconds, 1.3, "≤ 1.3×"))
    mem = due_all.max_rss_mb
    rows.append(Row("peak memory of followup due --all", f"{mem:.0f} MB", "fetch all contacts (peak memory)",
                    f"{fetch.max_rss_mb:.0f} MB", mem / fetch.max_rss_mb if fetch.max_rss_mb else None,
                    "< 300 MB", mem < 300))
    sizes = sorted(scale)
    small, large = sizes[0], sizes[-1]
    for label, pick in (("build: followup init + import of the six files", lambda s: scale[s][0].build_seconds),
                        ("followup due --all --format json", lambda s: scale[s][1].seconds)):
        per_small, per_large = pick(small) / small, pick(large) / large
        rows.append(ratio_row(f"scaling: {label}, per customer at {large:,}", per_large,
                              f"the same per customer at {small:,}", per_small, SCALING_FLAT,
                              f"flat: ≤ {SCALING_FLAT}×", value_text=fmt_us(per_large), floor_text=fmt_us(per_small)))
        if small == large:
            rows[-1].met = None
            rows[-1].target = "needs two sizes"
    # the floors themselves, and what they cost, for the record
    rows.append(Row(f"peak memory of followup due --all, {HISTORY_FACTOR}× contacts", f"{due5.max_rss_mb:.0f} MB",
                    "1× contacts", f"{mem:.0f} MB", due5.max_rss_mb / mem if mem else None, "", None))
    rows.append(Row("followup import contacts, peak memory", f"{main_build.contacts_import.max_rss_mb:.0f} MB",
                    "", "", None, "", None))
    rows.append(Row(f"followup import contacts, {HISTORY_FACTOR}× history ({counts5['contacts']:,} rows)",
                    fmt_time(import5.seconds), f"1× ({c} rows)", fmt_time(main_build.contacts_import.seconds),
                    import5.seconds / main_build.contacts_import.seconds, "", None))
    rows.append(concentrated_row(concentrated_rows, concentrated, args))
    rows.extend(excel_rows)
    rows.append(Row("python -c pass", fmt_time(py_pass.seconds), "", "", None, "", None))

    scaling = []
    for s in sizes:
        bs, m, items = scale[s]
        scaling.append([f"{s:,}", f"{bs.counts['vehicles']:,}", f"{bs.counts['visits']:,}", f"{bs.counts['contacts']:,}",
                        fmt_time(bs.build_seconds), fmt_us(bs.build_seconds / s), fmt_time(m.seconds),
                        fmt_us(m.seconds / s), f"{items:,}"])
    facts["data"] = (f"{n:,} customers, " + ", ".join(f"{main_build.counts[kk]:,} {kk}" for kk in
                                                     ("vehicles", "visits", "contacts", "staff", "campaigns"))
                     + f" (generated in {fmt_time(main_build.generate_seconds)})")
    facts["build"] = ", ".join(f"{kk} {fmt_time(v)}" for kk, v in main_build.import_seconds.items())
    facts["database"] = f"{db.stat().st_size / 1e6:.0f} MB"
    facts["harness peak"] = f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    return rows, pg_rows, scaling, notes, facts


def render(args, rows: list[Row], scaling: list[list[str]], notes: list[str], facts: dict[str, str],
           python: str, total: float, pg_rows: list[PgRow] = ()) -> str:
    py = subprocess.run([python, "-c", "import sys, sqlite3; print(sys.version.split()[0]); print(sqlite3.sqlite_version)"],
                        capture_output=True, text=True).stdout.split()
    cores = os.cpu_count()
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = cores
    machine = [
        ("CPU", cpu_model()),
        ("cores", f"{cores}" + (f" ({usable} usable)" if usable != cores else "")),
        ("memory", memory_total()),
        ("OS", platform.platform()),
        ("Python", py[0] if py else platform.python_version()),
        ("SQLite library", py[1] if len(py) > 1 else sqlite3.sqlite_version),
        ("sqlite3 CLI", facts.get("sqlite3 CLI", "n/a")),
        ("sqlite-utils", facts.get("sqlite-utils", "n/a")),
        *([("PostgreSQL server", facts.get("postgresql", "n/a"))] if pg_rows else []),
        ("followup commit", git_commit()),
        ("date", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
    ]
    cmd = "python benchmarks/run.py" + (" --quick" if args.quick else "") + (
        f" --customers {args.customers} --sizes {','.join(map(str, args.sizes))} --repeat {args.repeat}") + (
        " --postgresql" if args.postgresql else "")
    parts = [
        "# followup benchmarks",
        "",
        f"`{cmd}` — every figure and its floor measured in the same run, each the median of "
        f"{args.repeat} run{'s' if args.repeat > 1 else ''} (start-up figures: median of {args.repeat if args.quick else max(args.repeat, 5)}), "
        "as subprocesses; peak memory is the child's own maximum RSS.",
        "",
        "## Machine",
        "",
        markdown_table(["", ""], [[k, v] for k, v in machine]),
        "",
        "## Figures",
        "",
        f"Data: {facts.get('data', '')}; database {facts.get('database', '')}; `--today {TODAY}`.",
        "",
        markdown_table(HEADER, [r.cells() for r in rows]),
        "",
    ]
    if pg_rows:
        parts += [
            "## PostgreSQL",
            "",
            f"The same data built into a PostgreSQL database through the same commands (`followup --db URL init`, "
            f"`followup import KIND FILE`; contacts through `COPY`), measured in the same run as SQLite's figures "
            f"above. Build: {facts.get('postgresql build', '')}. The contacts import is "
            f"{facts.get('postgresql import vs copy', 'n/a')} one plain `COPY` of the same file into a table "
            "of the same columns.",
            "",
            markdown_table(PG_HEADER, [r.cells() for r in pg_rows]),
            "",
        ]
    parts += [
        "## Scaling",
        "",
        markdown_table(SCALING_HEADER, scaling),
        "",
        "## How",
        "",
        f"- Build at the default size: {facts.get('build', '')} (`followup init`, then `followup import KIND FILE` "
        "for staff, customers, vehicles, visits, campaigns, contacts; the contacts import is the median of fresh "
        "copies of the database without contacts).",
        "- Import floors load the same `contacts.csv` into one table with followup's contact columns (types, "
        "NOT NULL) in CSV order and its (customer_id, contacted_on) index; followup also fingerprints each row "
        "(duplicate detection) and indexes the fingerprint, and checks every cell and reference.",
        "- The fetch-all floor is `SELECT * FROM contacts` fetched into tuples on followup's own database, in a "
        "fresh `python` (start-up included, as in the `due` figures).",
        f"- The {HISTORY_FACTOR}× history: the same customers, vehicles and visits (byte-identical files) with "
        f"`--contacts-per-customer {10 * HISTORY_FACTOR}` (about {HISTORY_FACTOR} years of contacts instead of one).",
        "- Peak memory is the child's own maximum RSS (os.wait4); on Linux it includes the harness's own peak "
        f"({facts.get('harness peak', 'n/a')}) and the interpreter's (`python -c pass` above), since a child "
        "starts as a copy of the harness.",
        f"- Scaling: time per customer at the largest size within {SCALING_FLAT}× of the smallest counts as flat.",
    ]
    if pg_rows:
        parts.append(
            "- PostgreSQL: a throwaway server the run starts (tests/postgres.py's `PostgresServer`: the distribution's "
            "binaries, a Unix socket, durability off — `fsync`, `synchronous_commit`, `full_page_writes` — "
            "`shared_buffers` 64 MB, its data under the system's temporary directory), followup connecting through psycopg "
            "(`postgresql+psycopg://`); the contacts import is the median of fresh copies (`CREATE DATABASE … "
            "TEMPLATE`) of the database without contacts, and the database is analysed (`VACUUM (ANALYZE)`, untimed) "
            "before the `due` figures, as autovacuum does after a load. Peak memory is followup's own, the server's "
            "not counted. The `due --all` output is checked byte for byte against SQLite's (a difference is noted "
            "below). The floor is `COPY contacts_floor (…) FROM STDIN (FORMAT csv, HEADER true)` of contacts.csv "
            "in one transaction, into a table `LIKE contacts` (types, NOT NULL) with the (customer_id, contacted_on) "
            "index, no foreign key.")
    if notes:
        parts += ["", "## Notes", ""] + [f"- {note}" for note in notes]
    parts += ["", f"Whole run: {fmt_time(total)}.", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    sys.exit(main())
