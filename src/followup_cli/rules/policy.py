"""The policy: every number the rules use, loaded from TOML (SPEC section 5).

The defaults ship as ``followup_cli/policy.toml``; each number there is
commented with its seed. A dealer's file overrides only the keys it names.
The defaults are also the schema: a key the defaults do not have (with the
nearest valid key), or a value of another type, is refused with the key's
dotted path; then each value is checked for sense (``policy_values``).
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any, Mapping

from followup_cli.message import Message, N_
from followup_cli.rules.policy_values import nearest_key, value_problems


@dataclass(frozen=True)
class PolicyProblem:
    source: str
    path: str
    message: Message


class PolicyError(Exception):
    def __init__(self, problems: list[PolicyProblem]):
        super().__init__("; ".join(f"{p.source}: {p.path}: {p.message.msgid}" for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Window:
    """Day offsets from a trigger date: the item opens at +opens and is due at +due."""

    opens: int
    due: int


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


_UNKNOWN = object()  # not looked up yet
_MISSING = object()  # looked up: the policy has no such key


class Policy:
    """The effective policy: defaults merged with the dealer's overrides. Read-only."""

    def __init__(self, data: Mapping[str, Any]):
        self._data = _freeze(dict(data))
        self._memo: dict[str, Any] = {}  # the rules ask the same paths for every customer
        #: numbers the rules derive from this policy (``rules.windows.policy_memo``), kept with it
        self.derived: dict[object, Any] = {}

    def get(self, path: str) -> Any:
        """The value at a dotted path, e.g. ``policy.get("lead.cadence.A.opens")``."""
        node = self._memo.get(path, _UNKNOWN)
        if node is _UNKNOWN:
            node = self._memo[path] = self._find(path)
        if node is _MISSING:
            raise KeyError(f"policy has no key {path!r}")
        return node

    def _find(self, path: str) -> Any:
        node: Any = self._data
        for part in path.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return _MISSING  # remembered too: rules ask for optional keys (``has``) every time
            node = node[part]
        return node

    def has(self, path: str) -> bool:
        node = self._memo.get(path, _UNKNOWN)
        if node is _UNKNOWN:
            node = self._memo[path] = self._find(path)
        return node is not _MISSING

    def window(self, path: str) -> Window:
        """The ``opens``/``due`` pair under ``path`` (e.g. ``"expiry.insurance.first"``)."""
        key = f"{path}#window"
        window = self._memo.get(key)
        if window is None:
            window = self._memo[key] = Window(int(self.get(f"{path}.opens")), int(self.get(f"{path}.due")))
        return window

    def section(self, path: str) -> Mapping[str, Any]:
        return self.get(path)

    def as_dict(self) -> dict[str, Any]:
        def thaw(v: Any) -> Any:
            if isinstance(v, Mapping):
                return {k: thaw(x) for k, x in v.items()}
            if isinstance(v, tuple):
                return [thaw(x) for x in v]
            return v

        return thaw(self._data)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Policy) and self.as_dict() == other.as_dict()

    def __hash__(self) -> int:  # pragma: no cover - policies are not dict keys
        return id(self)


def default_policy_text() -> str:
    return resources.files("followup_cli").joinpath("policy.toml").read_text(encoding="utf-8")


#: a TOML value's type, in words a manager reads ("expected a whole number, got text"); bool before int
_TYPE_NAMES = (
    (bool, N_("true or false")),
    (int, N_("a whole number")),
    (float, N_("a number")),
    (str, N_("text")),
    (list, N_("a list")),
    (dict, N_("a table")),
)


def _type_name(value: Any) -> Message | str:
    """The type of ``value`` in words (translated when rendered); an unexpected type by its Python name."""
    for kind, words in _TYPE_NAMES:
        if isinstance(value, kind):
            return Message.of(words)
    if isinstance(value, (date, datetime, time)):
        return Message.of(N_("a date or time"))
    return type(value).__name__


def _compatible(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    if isinstance(default, int):
        return isinstance(value, int)
    if isinstance(default, list):
        return isinstance(value, list) and all(
            not default or _compatible(default[0], v) for v in value
        )
    return type(default) is type(value)


def _unknown_key(path: str, root: dict) -> Message:
    nearest = nearest_key(path, root)
    if nearest is None:
        return Message.of(N_("unknown key"))
    return Message.of(N_("unknown key (did you mean `{key}`?)"), key=nearest)


def _merge(
    defaults: dict, override: dict, prefix: str, source: str, problems: list[PolicyProblem], root: dict
) -> dict:
    merged = dict(defaults)
    for key, value in override.items():
        path = f"{prefix}{key}"
        if key not in defaults:
            problems.append(PolicyProblem(source, path, _unknown_key(path, root)))
            continue
        default = defaults[key]
        if isinstance(default, dict):
            if not isinstance(value, dict):
                problems.append(
                    PolicyProblem(source, path, Message.of(N_("expected a table, got {got}"), got=_type_name(value)))
                )
                continue
            merged[key] = _merge(default, value, f"{path}.", source, problems, root)
        elif not _compatible(default, value):
            problems.append(
                PolicyProblem(
                    source,
                    path,
                    Message.of(N_("expected {expected}, got {got}"), expected=_type_name(default), got=_type_name(value)),
                )
            )
        elif isinstance(default, float) and abs(value) < 1e300:
            merged[key] = float(value)
        else:
            merged[key] = value  # an integer too large for a float stays one, for the range check to refuse
    return merged


def parse_policy(text: str | None = None, source: str = "policy.toml") -> Policy:
    """The defaults, overridden by ``text`` (a dealer's TOML) if given. Raises PolicyError."""
    defaults = tomllib.loads(default_policy_text())
    if text is None:
        _refuse_nonsense(defaults, "policy.toml", [])
        return Policy(defaults)
    try:
        override = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError([PolicyProblem(source, "", Message.of(N_("not valid TOML: {error}"), error=str(exc)))])
    except ValueError:  # an integer of more than 4,300 digits (Python's limit on reading one)
        raise PolicyError([PolicyProblem(source, "", Message.of(N_("a number in the file is too long")))])
    problems: list[PolicyProblem] = []
    merged = _merge(defaults, override, "", source, problems, defaults)
    _refuse_nonsense(merged, source, problems)
    return Policy(merged)


def _refuse_nonsense(data: dict, source: str, problems: list[PolicyProblem]) -> None:
    """Raise PolicyError with ``problems`` and every value of ``data`` that makes no sense (SPEC 5)."""
    problems = problems + [PolicyProblem(source, path, message) for path, message in value_problems(data)]
    if problems:
        raise PolicyError(problems)


def default_policy() -> Policy:
    """The packaged policy (a command loads it once; nothing is kept here)."""
    return parse_policy(None)
