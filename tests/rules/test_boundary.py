"""The rules stay pure: no database, no terminal, no clock (STYLE: "A test guards the boundary")."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import followup_cli.rules

RULES_DIR = Path(followup_cli.rules.__file__).parent
MODULES = sorted(RULES_DIR.glob("*.py"))

FORBIDDEN_IMPORTS = {"sqlmodel", "sqlalchemy", "typer", "rich", "sqlite3", "click"}
#: the shell's layers: rules never reach back into them
FORBIDDEN_PACKAGES = ("followup_cli.store", "followup_cli.cli", "followup_cli.render", "followup_cli.reports")
CLOCK_CALLS = {("date", "today"), ("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow"), ("time", "time")}


def imported_names(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def clock_calls(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
            if (name, node.func.attr) in CLOCK_CALLS:
                found.append(f"line {node.lineno}: {name}.{node.func.attr}()")
    return found


def test_there_are_rule_modules_to_check():
    assert {"engine.py", "sales.py", "model.py"} <= {m.name for m in MODULES}


def test_rules_import_no_database_terminal_or_cli_library():
    for module in MODULES:
        names = imported_names(ast.parse(module.read_text(encoding="utf-8")))
        bad = sorted(n for n in names if n.split(".")[0] in FORBIDDEN_IMPORTS or n.startswith(FORBIDDEN_PACKAGES))
        assert not bad, f"{module.name} imports {bad}"


def test_rules_never_read_the_clock():
    for module in MODULES:
        calls = clock_calls(ast.parse(module.read_text(encoding="utf-8")))
        assert not calls, f"{module.name} reads the clock: {calls}"


def test_importing_the_engine_loads_nothing_heavy():
    heavy = ["sqlmodel", "sqlalchemy", "typer", "rich", "sqlite3", "holidays"]
    code = (
        "import sys, followup_cli.rules.engine; "
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


#: what builds a container that can change: a module-level name bound to one is state kept between evaluations
MUTABLE_DISPLAYS = (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)
MUTABLE_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque", "bytearray"}
CACHE_DECORATORS = {"cache", "lru_cache", "cached_property"}


def module_state(tree: ast.Module) -> list[str]:
    """What in a module keeps state between calls: ``global``, a module-level mutable container, a cache decorator."""
    found = [f"line {n.lineno}: global {', '.join(n.names)}" for n in ast.walk(tree) if isinstance(n, ast.Global)]
    for node in tree.body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if value is None or [getattr(t, "id", None) for t in targets] == ["__all__"]:
            continue
        called = value.func if isinstance(value, ast.Call) else None
        name = getattr(called, "id", getattr(called, "attr", None))
        if isinstance(value, MUTABLE_DISPLAYS) or name in MUTABLE_CALLS:
            found.append(f"line {node.lineno}: a mutable module-level value")
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if getattr(target, "id", getattr(target, "attr", None)) in CACHE_DECORATORS:
                    found.append(f"line {node.lineno}: a cache on {node.name}")
    return found


def test_rules_keep_no_state_between_evaluations():
    """Issue 19: no module-level state in rules/ (what rules share lives in ``RuleContext.memo`` or on the policy)."""
    for module in MODULES:
        state = module_state(ast.parse(module.read_text(encoding="utf-8")))
        assert not state, f"{module.name} keeps state: {state}"


def test_the_state_check_finds_what_it_looks_for():
    source = "import functools\nx = {}\ny: list = []\nz = dict(a=1)\nT = (1, 2)\n@functools.lru_cache\ndef f():\n    global x\n"
    assert module_state(ast.parse(source)) == [
        "line 8: global x",
        "line 2: a mutable module-level value",
        "line 3: a mutable module-level value",
        "line 4: a mutable module-level value",
        "line 7: a cache on f",
    ]
