"""Stored text on the screen (SPEC section 2): ``render.safe`` and the consoles of ``cli.terminal``."""

from __future__ import annotations

import io

import pytest
from rich.table import Table
from rich.text import Text

from followup_cli.cli import terminal
from followup_cli.render.safe import text, visible


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("王五 [bold]VIP[/]", "王五 [bold]VIP[/]"),  # printable text is left as it is
        ("\x1b[31m红\x1b[0m", "\\x1b[31m红\\x1b[0m"),
        ("\x1b]8;;https://evil.example\x07点我\x1b]8;;\x07", "\\x1b]8;;https://evil.example\\x07点我\\x1b]8;;\\x07"),
        ("a\tb\rc\x00d\x7fe\x9bf", "a\\tb\\rc\\x00d\\x7fe\\x9bf"),
        ("\u202eevil\u2066", "\\u202eevil\\u2066"),  # bidi overrides cannot reorder the line
        ("第一行\n第二行\r\n第三行", "第一行\n第二行\n第三行"),  # line breaks stay line breaks (CRLF is one)
        ("全角　空格", "全角　空格"),  # an ideographic space is a space
    ],
)
def test_visible_spells_control_characters_as_escapes(stored, shown):
    assert visible(stored) == shown
    assert visible(shown) == shown  # applying it twice changes nothing


def test_text_is_never_markup():
    shown = text("[/][bold]x[/bold] :thumbs_up:", style="dim")
    assert shown.plain == "[/][bold]x[/bold] :thumbs_up:"
    assert shown.spans == [] and shown.style == "dim"
    assert text(None).plain == ""


def _printed(*renderables) -> str:
    out = io.StringIO()
    console = terminal.file_console(out, width=120)
    for renderable in renderables:
        console.print(renderable)
    return out.getvalue()


def test_a_console_shows_every_string_as_typed():
    table = Table(title="客户 [red]标题[/] \x1b[2J", caption=":thumbs_up: [/]", min_width=60)
    table.add_column("[b]名字[/b]")
    table.add_row("[/]\x1b[31m张三\x07")
    printed = _printed(table, "备注 [link=https://evil.example]点我[/link] \x9b2J")
    assert "客户 [red]标题[/] \\x1b[2J" in printed
    assert ":thumbs_up: [/]" in printed
    assert "[b]名字[/b]" in printed
    assert "[/]\\x1b[31m张三\\x07" in printed
    assert "备注 [link=https://evil.example]点我[/link] \\x9b2J" in printed
    assert "\x1b" not in printed and "\x07" not in printed and "\x9b" not in printed


def test_a_text_made_without_render_safe_still_sends_no_control_character():
    """The console's last guard: a ``Text`` built from raw stored text is spelt out too (Rich itself drops
    BEL, BS, VT, FF and CR from a Text, and leaves ESC and the C1 codes in)."""
    printed = _printed(Text("\x1b]0;新标题\x07 张三\x9b2J"))
    assert printed == "\\x1b]0;新标题 张三\\x9b2J\n"


def test_a_refusal_spells_control_characters_too(capsys):
    import typer

    with pytest.raises(typer.Exit):
        terminal.fail('unknown customer "C1\x1b[2J"')
    assert capsys.readouterr().err == 'unknown customer "C1\\x1b[2J"\n'
