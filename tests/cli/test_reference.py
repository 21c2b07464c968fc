"""docs/cli.md is the current --help of every command."""

from __future__ import annotations

from pathlib import Path

from creditbook.cli._reference import cli_reference

DOCS = Path(__file__).parents[2] / "docs" / "cli.md"


def test_every_command_has_a_section_with_its_help():
    text = cli_reference()
    for command in ("creditbook demo", "creditbook archive verify", "creditbook policy show"):
        assert f"## `{command}`" in text
    assert "Usage: creditbook archive export" in text


def test_docs_cli_md_is_up_to_date():
    assert DOCS.read_text(encoding="utf-8") == cli_reference(), (
        "docs/cli.md is stale: run `python -m creditbook.cli._reference docs/cli.md`"
    )
