"""The CLI stays thin (STYLE, issue 19): no SQL in cli/, screens built in render/, one terminal object.

cli/ parses options, opens the store, calls a loader or a store function,
the engine and a renderer. It imports no database library and no table of
the store, runs no statement itself, builds no Rich table or panel, and
every Console of the program is made in cli/terminal.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

import followup_cli
import followup_cli.cli

PACKAGE_DIR = Path(followup_cli.__file__).parent
CLI_DIR = Path(followup_cli.cli.__file__).parent
CLI_MODULES = sorted(CLI_DIR.glob("*.py"))
TERMINAL = CLI_DIR / "terminal.py"

#: what only store/ may import: database libraries, the store's tables and its SQL helpers
DATABASE_IMPORTS = ("sqlalchemy", "sqlmodel", "sqlite3", "psycopg", "alembic",
                    "followup_cli.store.tables", "followup_cli.store.dialect")
#: calls that open a connection, run SQL on it or read its result (store/ does that: `store.loaders.read`)
SQL_CALLS = {"execute", "exec", "scalar", "scalars", "mappings", "executemany", "exec_driver_sql", "connect", "begin"}
#: screens are built in render/: a command prints what a renderer gives it
SCREEN_IMPORTS = ("rich.table", "rich.panel", "rich.box", "rich.columns", "rich.tree")


def imported_modules(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _matches(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def called_attributes(tree: ast.AST) -> list[tuple[int, str]]:
    return [(node.lineno, node.func.attr) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)]


def console_constructions(tree: ast.AST) -> list[int]:
    """Lines calling ``Console(...)`` or ``something.Console(...)``."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name == "Console":
                lines.append(node.lineno)
    return lines


def _tree(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"))


def test_there_are_cli_modules_to_check():
    assert {"customer.py", "due.py", "log.py", "terminal.py"} <= {m.name for m in CLI_MODULES}


def test_cli_imports_no_database_library_and_no_store_table():
    for module in CLI_MODULES:
        bad = sorted(n for n in imported_modules(_tree(module)) if _matches(n, DATABASE_IMPORTS))
        assert not bad, f"cli/{module.name} imports {bad}: move the query into store/"


def test_cli_runs_no_sql():
    for module in CLI_MODULES:
        calls = [f"line {line}: .{name}()" for line, name in called_attributes(_tree(module)) if name in SQL_CALLS]
        assert not calls, f"cli/{module.name} runs SQL itself: {calls}"


def test_cli_builds_no_screen():
    for module in CLI_MODULES:
        bad = sorted(n for n in imported_modules(_tree(module)) if _matches(n, SCREEN_IMPORTS))
        assert not bad, f"cli/{module.name} imports {bad}: build the screen in render/"


def test_every_console_is_made_in_the_terminal_module():
    """Only cli/terminal.py imports Rich's Console; no module builds one of its own."""
    made, imported = {}, []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        tree, name = _tree(path), path.relative_to(PACKAGE_DIR).as_posix()
        if lines := console_constructions(tree):
            made[name] = lines
        if "rich.console.Console" in imported_modules(tree):
            imported.append(name)
    assert made == {}, made
    assert imported == ["cli/terminal.py"]


def test_the_checks_see_what_they_forbid():
    """The detectors themselves: a query, a table and a Console written the forbidden way are found."""
    tree = ast.parse(
        "from sqlalchemy import select\n"
        "from followup_cli.store.tables import CustomerRow\n"
        "from rich.table import Table\n"
        "import rich.console\n"
        "def f(conn):\n"
        "    conn.execute(select(CustomerRow)).mappings()\n"
        "    return rich.console.Console(), Table()\n"
    )
    names = imported_modules(tree)
    assert sorted(n for n in names if _matches(n, DATABASE_IMPORTS)) == [
        "followup_cli.store.tables", "followup_cli.store.tables.CustomerRow", "sqlalchemy", "sqlalchemy.select"]
    assert sorted(n for n in names if _matches(n, SCREEN_IMPORTS)) == ["rich.table", "rich.table.Table"]
    assert [name for _, name in called_attributes(tree) if name in SQL_CALLS] == ["mappings", "execute"]
    assert console_constructions(tree) == [7]
