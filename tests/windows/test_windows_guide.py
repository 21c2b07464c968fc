"""The user guide's Windows installation steps, run as typed in the simulated Windows: each
command line of the chapter's ``bat`` blocks runs and does what the chapter says."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from simwin import CONSOLE, Done, windows_env

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "docs" / "用户手册.md").read_text(encoding="utf-8")
CHAPTER = GUIDE[GUIDE.index("### 安装（每台电脑一次）") : GUIDE.index("### 工作文件夹")]


def chapter_lines() -> list[str]:
    blocks = re.findall(r"^ *```bat\n(.*?)^ *```", CHAPTER, flags=re.M | re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def as_run_here(line: str) -> list[str]:
    """The command Windows would run for ``line``, with this machine's Python in place of the
    ``py`` launcher; pip checks the install without downloading anything."""
    args = shlex.split(line, posix=False)
    args = [a[1:-1] if len(a) > 1 and a[0] == a[-1] == '"' else a for a in args]
    if args[:3] == ["py", "-m", "pip"]:
        assert args[3:] == ["install", "creditbook[all]"], line
        return [sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", args[4]]
    if args[:1] == ["py"]:
        return [sys.executable, *args[1:]]
    if args[:1] == ["creditbook"]:
        return [sys.executable, "-m", "creditbook", *args[1:]]
    raise AssertionError(f"the test does not know how to run this guide line: {line}")


@pytest.fixture(scope="module")
def ran(tmp_path_factory) -> dict[str, Done]:
    """Every line of the chapter, in order, in one working folder (redirections honoured)."""
    folder = tmp_path_factory.mktemp("信用管理")
    (folder / "home").mkdir()
    from creditbook.sample import sample_data
    from creditbook.workbooks.sample_files import write_sample_files

    write_sample_files(sample_data(), folder)
    done = {}
    for line in chapter_lines():
        command, _, target = line.partition(" > ")
        process = subprocess.run(
            as_run_here(command),
            cwd=folder,
            env=windows_env(folder / "home"),
            capture_output=True,
            timeout=600,
        )
        if target:
            (folder / target).write_bytes(process.stdout)
        done[line] = Done(process.returncode, process.stdout, process.stderr)
    done["folder"] = folder  # type: ignore[assignment]
    return done


def test_the_chapter_shows_each_step():
    lines = chapter_lines()
    assert lines[0] == 'py -m pip install "creditbook[all]"'
    assert "creditbook --help" in lines
    assert "py -m creditbook --help" in lines
    assert any(line.startswith("creditbook addin build") for line in lines)
    assert any(" > " in line for line in lines)


def test_every_line_runs_without_a_traceback(ran):
    for line in chapter_lines():
        result = ran[line]
        assert result.code == 0, f"{line}\n{result}"
        assert "Traceback" not in result.out + result.err, line


def test_pip_finds_creditbook_with_every_extra_installed(ran):
    out = ran['py -m pip install "creditbook[all]"'].out
    assert "Requirement already satisfied: creditbook[all]" in out
    for package in ("openpyxl", "docxtpl", "xlwings", "python-calamine", "pypdf"):
        assert f"Requirement already satisfied: {package}" in out


def test_creditbook_and_py_m_creditbook_are_the_same_program(ran):
    assert ran["creditbook --help"].out == ran["py -m creditbook --help"].out
    assert "Commands:" in ran["creditbook --help"].out


def test_the_interpreter_line_prints_pythonw_beside_python(ran):
    [line] = [line for line in chapter_lines() if line.startswith("py -c")]
    assert ran[line].out.strip() == str(Path(sys.executable).with_name("pythonw.exe"))


def test_the_addin_is_built_with_the_interpreter_the_guide_names(ran):
    from creditbook.addin.xlam import read_config_sheet

    [line] = [line for line in chapter_lines() if line.startswith("creditbook addin build")]
    interpreter = shlex.split(line, posix=False)[-1].strip('"')
    config = read_config_sheet(ran["folder"] / "creditbook.xlam")  # type: ignore[operator]
    assert config["Interpreter_Win"] == interpreter
    assert config["UDF Modules"] == "creditbook.udfs"


def test_the_redirected_aging_is_a_gbk_file_notepad_reads(ran):
    [line] = [line for line in chapter_lines() if " > " in line]
    text = (ran["folder"] / line.split(" > ")[1]).read_bytes().decode(CONSOLE)  # type: ignore[operator]
    assert "合计" in text
    assert "…" not in text  # nothing cut short in a file
