"""`creditbook demo` runs the whole system on the sample company into a folder."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from creditbook.archive import Archive
from creditbook.cli import app
from creditbook.demo import MARKER, prepare_folder, run_demo
from creditbook.files import OutputExists


@pytest.mark.slow
def test_demo_writes_files_that_open_and_files_them_in_an_intact_archive(tmp_path):
    result = run_demo(tmp_path / "demo", by="演示")
    assert result.customers == 30 and result.outputs
    for output in result.outputs:
        assert output.path.is_file(), output.path
        if output.path.suffix == ".xlsx":
            load_workbook(output.path, read_only=True).close()
    assert result.archive is not None and result.archive.ok
    entries = Archive(tmp_path / "demo" / "archive").entries()
    assert {e.customer_id for e in entries} == {f"KH{n:04d}" for n in range(1, 31)}
    assert all(e.recorded_by == "演示" for e in entries)
    assert sum(result.grades.values()) == 30


@pytest.mark.slow
def test_the_command_prints_the_summary_and_reruns_only_with_force(tmp_path):
    runner = CliRunner()
    out = str(tmp_path / "demo")
    first = runner.invoke(app, ["demo", "--out", out])
    assert first.exit_code == 0, first.output
    assert "客户等级" in first.output and "应收账款台账" in first.output
    assert runner.invoke(app, ["demo", "--out", out]).exit_code == 1
    assert runner.invoke(app, ["demo", "--out", out, "--force"]).exit_code == 0


def test_force_never_replaces_a_folder_the_demo_did_not_make(tmp_path):
    (tmp_path / "工作").mkdir()
    (tmp_path / "工作" / "重要.xlsx").write_bytes(b"keep")
    with pytest.raises(OutputExists, match="不是演示目录"):
        prepare_folder(tmp_path / "工作", force=True)
    assert (tmp_path / "工作" / "重要.xlsx").read_bytes() == b"keep"
    demo = prepare_folder(tmp_path / "demo")
    (demo / "old.txt").write_text("x")
    prepare_folder(demo, force=True)
    assert not (demo / "old.txt").exists() and (demo / MARKER).exists()
