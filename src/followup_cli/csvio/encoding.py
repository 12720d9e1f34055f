"""Which encoding a CSV file is in, and whether all of it decodes (``csvio.read`` reads its rows).

The user does not say: a BOM decides (UTF-8, UTF-16); otherwise the file is
UTF-8 if all of it decodes as UTF-8, else GB18030 (what Chinese Excel saves
as "CSV"). A named encoding overrides. To know before the first row is
handed out that no decoding error lurks at row 900,000, the file is first
streamed through an incremental decoder in 1 MiB chunks (a second read, at
decoding speed: about 0.1 s for 60 MB).

GB18030 decodes almost any bytes, Shift-JIS and Latin-1 too (into rare
characters), so a file read as GB18030 must also look Chinese: mostly common
(GB2312) characters. The same pass notes a NUL (a binary file, UTF-16
without a BOM) and a byte-order mark past the start (two exports joined into
one file); both are problems of the file, whose rows are still checked.
"""

from __future__ import annotations

import codecs
import os
from typing import NamedTuple

from followup_cli.message import Message, N_

#: bytes read at a time, by the decoding check and when a pipe is copied
CHUNK_BYTES = 1 << 20
#: non-ASCII characters that make a file that fails as UTF-8 "UTF-8 with a bad spot", not GB18030
UTF8_EVIDENCE = 200
#: bytes of a GB18030 file looked at to tell Chinese from Shift-JIS or Latin-1 read as GB18030
SAMPLE_BYTES = 1 << 16
#: a GB18030 reading with at least this many non-ASCII characters ...
PLAUSIBLE_MINIMUM = 6
#: ... fewer than this share of them common Chinese (GB2312) is not Chinese text
PLAUSIBLE_SHARE = 0.3


def choose_encoding(path: str | os.PathLike[str], encoding: str | None) -> tuple[str | None, list[Message]]:
    """(the encoding to read ``path`` with, None when the file does not decode; the problems of the file).

    ``encoding``: the one the user named, else detected (the module's docstring).
    """
    problems: list[Message] = []
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            problems.append(Message.of(N_('unknown encoding "{encoding}"'), encoding=encoding))
            return None, problems
        scan = scan_encoding(path, encoding)
        if scan.bad_line is not None:
            problems.append(Message.of(
                N_("the file is not {encoding} text (near line {line})"), encoding=encoding, line=scan.bad_line
            ))
            return None, problems
        problems += _scanned(scan)
        return encoding, problems
    encoding = detect_bom(path)
    if encoding is not None:
        scan = scan_encoding(path, encoding)
        if scan.bad_line is not None:
            problems.append(Message.of(
                N_('the file starts with a {bom} byte-order mark but is not {bom} text (near line {line}): '
                   'save it as "CSV UTF-8"'),
                bom="UTF-16" if encoding == "utf-16" else "UTF-8",
                line=scan.bad_line,
            ))
            return None, problems
    else:
        encoding = "utf-8"
        scan = scan_encoding(path, encoding)
        # A file with plenty of good UTF-8 before a bad byte is UTF-8 with a
        # bad spot: reading it as GB18030 (which decodes almost anything)
        # would turn every Chinese name into mojibake without a word.
        if scan.bad_line is not None and scan.non_ascii < UTF8_EVIDENCE:
            as_gb18030 = scan_encoding(path, "gb18030")
            if as_gb18030.bad_line is None:
                # GB18030 decodes Shift-JIS and much of Latin-1 too: into rare characters
                if not reads_as_chinese(path):
                    problems.append(Message.of(
                        N_(
                            "the file is neither UTF-8 nor GB18030 text: read as GB18030 it is not Chinese "
                            '(is it Shift-JIS, Big5 or Latin-1?): save it as "CSV UTF-8", or name its encoding'
                        )
                    ))
                    return None, problems
                problems += _scanned(as_gb18030)
                return "gb18030", problems
    if scan.bad_line is not None:
        problems.append(Message.of(
            N_(
                "the file is neither UTF-8 nor GB18030 text ({encoding} fails near line {line}): "
                'save it as "CSV UTF-8", or name its encoding'
            ),
            encoding=encoding,
            line=scan.bad_line,
        ))
        return None, problems
    problems += _scanned(scan)
    return encoding, problems


def _scanned(scan: Scan) -> list[Message]:
    """The problems of a file that decodes: a NUL, a byte-order mark past the start (the rows are still read)."""
    problems: list[Message] = []
    if scan.nul_line is not None:
        problems.append(Message.of(
            N_(
                "the file contains a NUL character (near line {line}): it is not plain text "
                "(a binary file, or UTF-16 without a byte-order mark?)"
            ),
            line=scan.nul_line,
        ))
    if scan.bom_line is not None:
        problems.append(Message.of(
            N_(
                "a byte-order mark (U+FEFF) in the middle of the file (near line {line}): "
                "were two files joined together? Delete it, and a second header row with it"
            ),
            line=scan.bom_line,
        ))
    return problems


def detect_bom(path: str | os.PathLike[str]) -> str | None:
    """``utf-8-sig`` or ``utf-16`` when the file starts with that byte-order mark, else None."""
    with open(path, "rb") as f:
        head = f.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


class Scan(NamedTuple):
    """What streaming a file through a decoder found; lines are physical lines, from 1."""

    bad_line: int | None  # the first bytes the encoding cannot decode, None when all of it decodes
    non_ascii: int  # non-ASCII characters decoded before them (counted up to UTF8_EVIDENCE)
    nul_line: int | None = None  # the first NUL character
    bom_line: int | None = None  # the first byte-order mark after the start of the file


def scan_encoding(path: str | os.PathLike[str], encoding: str) -> Scan:
    """Does all of the file decode, and does it hold a NUL or a byte-order mark past its start?

    Streams the file in chunks through an incremental decoder: constant
    memory. A byte-order mark at the very start (which the ``utf-8-sig`` and
    ``utf-16`` decoders take off themselves) is the file's own.
    """
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    lines = non_ascii = 0
    nul_line = bom_line = None
    start = True
    with open(path, "rb") as f:
        while True:
            chunk = f.read(CHUNK_BYTES)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                before = error.object[: error.start].decode(encoding, "replace")
                if non_ascii < UTF8_EVIDENCE:
                    non_ascii += _non_ascii(before)
                return Scan(lines + before.count("\n") + 1, non_ascii, nul_line, bom_line)
            skip = 0
            if start and text:
                start = False
                skip = 1 if text[0] == "\ufeff" else 0
            if nul_line is None:
                at = text.find("\x00")
                if at >= 0:
                    nul_line = lines + text.count("\n", 0, at) + 1
            if bom_line is None:
                at = text.find("\ufeff", skip)
                if at >= 0:
                    bom_line = lines + text.count("\n", 0, at) + 1
            lines += text.count("\n")
            if non_ascii < UTF8_EVIDENCE and not text.isascii():
                non_ascii += _non_ascii(text)
            if not chunk:
                return Scan(None, non_ascii, nul_line, bom_line)


def reads_as_chinese(path: str | os.PathLike[str]) -> bool:
    """Is the GB18030 reading of the file's start Chinese text, not Shift-JIS or Latin-1 turned into rare characters?

    Chinese text is mostly common characters (GB2312: names, places, notes);
    Japanese or accented Latin letters read as GB18030 are almost never. Few
    non-ASCII characters prove nothing either way: then yes.
    """
    with open(path, "rb") as f:
        sample = f.read(SAMPLE_BYTES).decode("gb18030", "ignore")
    letters = [c for c in sample if c > "\x7f"][:2000]
    if len(letters) < PLAUSIBLE_MINIMUM:
        return True
    common = 0
    for c in letters:
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 1
    return common >= PLAUSIBLE_SHARE * len(letters)


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))
