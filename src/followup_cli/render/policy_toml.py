"""The effective policy as TOML a manager can read (SPEC 5): every key with its meaning, unit and seed.

The comments come from the shipped ``policy.toml`` itself, the one place the
defaults are declared: a key's own comment there reads
``# meaning (unit) | zh: 含义（单位） | seed``; a key that recurs in many
tables (``opens``, ``due``, ``channel``...) is explained once, in a
``#: name: meaning | zh: 含义`` line at the top, and takes its table's seed
(the table header's comment, or its parent table's). The file is parsed
with tomlkit, which keeps comments and layout; the dealer's values are set
into it, each key's comment is written in the output language, and the
result loads again with ``--policy``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

_GLOSSARY = re.compile(r"^#: ([\w.]+): (.*)$", re.MULTILINE)
_ZH = " | zh: "
#: a table comment that names a seed or the SPEC (a sub-table's "A: within 2-3 days" does not: its parent's is added)
_SEED = re.compile(r"\b00\d\b|SPEC")


@dataclass(frozen=True)
class KeyNote:
    """What one policy key is: its dotted path, default value, meaning (in a language) and seed."""

    path: str
    value: Any
    meaning: str
    seed: str


def _split(note: str, lang: str) -> tuple[str, str]:
    """``meaning | zh: 含义 | seed`` → (meaning in ``lang``, seed); a note without ``zh:`` is a seed only."""
    if _ZH not in note:
        return "", note.strip()
    en, rest = note.split(_ZH, 1)
    zh, _, seed = rest.partition(" | ")
    return (zh if lang == "zh" else en).strip(), seed.strip()


def _glossary(text: str, lang: str) -> dict[str, str]:
    return {name: _split(note, lang)[0] for name, note in _GLOSSARY.findall(text)}


def _comment(item) -> str:
    return item.trivia.comment.lstrip("#").strip()


def _walk(container, path: tuple[str, ...], seed: str) -> Iterator[tuple[tuple[str, ...], Any, str, Any]]:
    """(path, item, seed inherited from the tables, owning container) for every key under ``container``."""
    from tomlkit.items import Table

    for key, item in container.body:
        if key is None:
            continue
        if isinstance(item, Table):
            note = _comment(item)
            # a super table ([lead] made by [lead.welcome]) repeats its first child's comment: not its own
            own = "" if item.is_super_table() else note
            if own and seed and not _SEED.search(own):
                own = f"{seed}; {own}"
            yield from _walk(item.value, (*path, key.key), own or seed)
        else:
            yield (*path, key.key), item, seed, container


def _meaning(path: tuple[str, ...], glossary: dict[str, str]) -> str:
    for name in (f"{path[0]}.{path[-1]}", path[-1], path[0]):
        if name in glossary:
            return glossary[name]
    return ""


def key_notes(lang: str = "en") -> list[KeyNote]:
    """Every key of the shipped policy with its default, meaning and seed (for ``docs/policy.md`` too)."""
    import tomlkit

    from followup_cli.rules.policy import default_policy_text

    text = default_policy_text()
    glossary = _glossary(text, lang)
    notes = []
    for path, item, seed, _ in _walk(tomlkit.parse(text), (), ""):
        meaning, own_seed = _split(_comment(item), lang)
        notes.append(KeyNote(".".join(path), item.unwrap(), meaning or _meaning(path, glossary), own_seed or seed))
    return notes


def commented_toml(policy, lang: str = "en") -> str:
    """``policy`` (the effective one) as the shipped file's TOML, every key commented in ``lang``.

    The program's one TOML writer (`policy show`, and the tests that write a policy for ``parse_policy``).
    """
    import tomlkit
    from tomlkit.items import Comment

    from followup_cli.rules.policy import default_policy_text

    text = default_policy_text()
    glossary = _glossary(text, lang)
    doc = tomlkit.parse(text)
    doc.body[:] = [(k, v) for k, v in doc.body if not (isinstance(v, Comment) and v.as_string().startswith("#:"))]
    for path, item, seed, container in list(_walk(doc, (), "")):
        meaning, own_seed = _split(_comment(item), lang)
        meaning = meaning or _meaning(path, glossary)
        seed = own_seed or seed
        value = tomlkit.item(policy.get(".".join(path)))
        value.comment(" — ".join(part for part in (meaning, seed) if part))
        value.trivia.comment_ws = "  "
        container[path[-1]] = value
    return tomlkit.dumps(doc)
