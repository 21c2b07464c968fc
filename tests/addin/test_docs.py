"""docs/functions.md is rendered from the functions' own help and kept in step with it."""

from __future__ import annotations

from addin_support import REPO
from typer.testing import CliRunner

from creditbook.addin.docs import render_function_reference
from creditbook.cli import app

# The shape custom_functions_meta gives, for one function with an optional argument.
META = {
    "functions": [
        {
            "id": "CB_DAYS_OVERDUE",
            "name": "CB_DAYS_OVERDUE",
            "description": "逾期天数 days past due.\n\n    未逾期为 0。",
            "parameters": [
                {"name": "due_date", "description": "到期日 due date"},
                {"name": "as_of", "description": "统计日期 as-of | 默认今天", "optional": True},
            ],
        }
    ]
}


def test_committed_reference_matches_the_functions(officejs_meta):
    committed = (REPO / "docs" / "functions.md").read_text(encoding="utf-8")
    fresh = render_function_reference(officejs_meta["creditbook.udfs"])
    assert committed == fresh, "stale: run `creditbook addin docs --out docs/functions.md`"


def test_a_function_gets_an_index_row_signature_help_and_argument_table():
    text = render_function_reference(META)
    assert "| [`CB_DAYS_OVERDUE`](#cb_days_overdue) | 逾期天数 days past due. |" in text
    assert "## CB_DAYS_OVERDUE\n\n`CB_DAYS_OVERDUE(due_date, [as_of])`" in text
    assert "逾期天数 days past due.\n\n未逾期为 0。" in text  # docstring dedented
    assert "| `due_date` | 是 yes | 到期日 due date |" in text
    assert "| `as_of` | 否 no | 统计日期 as-of \\| 默认今天 |" in text  # pipe escaped


def test_every_function_and_argument_is_documented(officejs_meta):
    meta = officejs_meta["creditbook.udfs"]
    text = render_function_reference(meta)
    assert meta["functions"], "creditbook.udfs exposes no CB_ function"
    for function in meta["functions"]:
        assert f"\n## {function['name']}\n" in text
        for param in function["parameters"]:
            assert f"| `{param['name']}` |" in text


def test_cli_writes_the_reference(tmp_path, monkeypatch):
    import creditbook.addin.docs as command

    expected = render_function_reference(META)
    monkeypatch.setattr(command, "render_function_reference", lambda: expected)
    out = tmp_path / "functions.md"
    result = CliRunner().invoke(app, ["addin", "docs", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == expected
