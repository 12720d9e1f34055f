"""Keep the Chinese catalog in step with the code (Babel): extract, update, compile, check.

    python scripts/catalogs.py           # extract msgids, merge into zh_CN .po, compile .mo
    python scripts/catalogs.py --check   # exit 1 if a msgid is untranslated or the .mo is stale

Msgids are English, marked by ``_()``, ``N_()`` and ``say()`` in src/followup_cli.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "followup_cli"
PO = PACKAGE / "locale" / "zh_CN" / "LC_MESSAGES" / "followup.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "say": None, "ngettext": (1, 2), "say_n": (1, 2)}


def extract() -> Catalog:
    template = Catalog(project="followup", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def load_po() -> Catalog:
    if not PO.exists():
        return Catalog(locale="zh_CN", project="followup", charset="utf-8")
    with PO.open("rb") as f:
        return read_po(f, locale="zh_CN")


def compiled(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def messages(mo: bytes) -> dict:
    """What a compiled catalog says: every message, and its header but the Babel version that wrote it
    (a new Babel release must not make a catalog stale)."""
    import gettext

    said = dict(gettext.GNUTranslations(io.BytesIO(mo))._catalog)
    said[""] = "\n".join(line for line in said.get("", "").splitlines() if not line.startswith("Generated-By:"))
    return said


def untranslated(catalog: Catalog) -> list[str]:
    missing = []
    for m in catalog:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
        if m.fuzzy or not all(strings):
            missing.append(m.id if isinstance(m.id, str) else m.id[0])
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only check; change nothing")
    args = parser.parse_args()
    template = extract()
    catalog = load_po()
    if args.check:
        ids = {m.id for m in template if m.id}
        missing_ids = sorted(str(i) for i in ids if i not in catalog or not catalog[i].string)
        problems = [f"untranslated: {i}" for i in missing_ids]
        if MO.exists() and messages(MO.read_bytes()) != messages(compiled(catalog)):
            problems.append(f"{MO.relative_to(ROOT)} is stale: run python scripts/catalogs.py")
        for p in problems:
            print(p)
        return 1 if problems else 0
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as f:
        write_po(f, catalog, width=0, omit_header=False, sort_output=False)
    MO.write_bytes(compiled(catalog))
    print(f"{PO.relative_to(ROOT)}: {len(catalog)} messages, {len(untranslated(catalog))} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
