"""Reports and approval forms carry the archive head they were generated after."""

from __future__ import annotations

import pytest

from creditbook.archive import Archive
from creditbook.documents import evaluation
from creditbook.workbooks.build import new_workbook_file


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    return new_workbook_file(
        "evaluation", tmp_path_factory.mktemp("eval") / "评估表.xlsx", sample=True
    )


def test_the_head_given_is_on_the_report_and_the_approval_context(workbook, tmp_path, monkeypatch):
    seen = {}
    monkeypatch.setattr(
        evaluation, "write_document", lambda kind, context, *a, **k: seen.update({kind: context})
    )
    store = Archive(tmp_path / "archive")
    store.record("KH0001", "warning", note="逾期")
    head = store.head()
    evaluation.generate_report(workbook, tmp_path / "r.docx", archive_head=head)
    evaluation.generate_approval(workbook, tmp_path / "a.docx", archive_head=head)
    assert seen["report"].archive_head == head == store.entries()[-1].hash
    assert seen["approval"].archive_head == head
    evaluation.generate_report(workbook, tmp_path / "r2.docx")
    assert seen["report"].archive_head == ""


def test_the_report_command_prints_the_head_it_used(workbook, tmp_path):
    from typer.testing import CliRunner

    from creditbook.cli import app

    store = Archive(tmp_path / "archive")
    store.record("KH0001", "warning", note="逾期")
    result = CliRunner().invoke(
        app,
        ["report", str(workbook), "--out", str(tmp_path / "报告.docx"),
         "--archive", str(store.root)],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"档案链头 archive head: {store.head()}" in result.output
