"""docs/functions.md is rendered from the functions' own help and kept in step with it."""

from __future__ import annotations

from addin_support import REPO
from typer.testing import CliRunner

from creditbook.addin.docs import render_function_reference
from creditbook.cli import app


def test_committed_reference_matches_the_functions(officejs_meta):
    committed = (REPO / "docs" / "functions.md").read_text(encoding="utf-8")
    fresh = render_function_reference(officejs_meta["creditbook.udfs"])
    assert committed == fresh, "stale: run `creditbook addin docs --out docs/functions.md`"


def test_each_function_has_its_signature_help_and_argument_table(officejs_meta):
    text = render_function_reference(officejs_meta["sample_udfs"])
    assert "| [`CB_SAMPLE_DAYS`](#cb_sample_days) | 逾期天数 days overdue (示例 sample). |" in text
    assert "## CB_SAMPLE_DAYS\n\n`CB_SAMPLE_DAYS(due_date, [as_of])`" in text
    assert "| `as_of` | 否 no | 截止日 as-of date; 默认今天 default today |" in text
    assert "| `due_date` | 是 yes | 到期日 due date (日期 date) |" in text
    assert text.index("## CB_SAMPLE_DAYS") < text.index("## CB_SAMPLE_RATIO")


def test_cli_writes_the_reference(tmp_path, monkeypatch, officejs_meta):
    import creditbook.cli.addin as command

    sample = render_function_reference(officejs_meta["sample_udfs"])
    monkeypatch.setattr(command, "render_function_reference", lambda: sample)
    out = tmp_path / "functions.md"
    result = CliRunner().invoke(app, ["addin", "docs", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == sample
