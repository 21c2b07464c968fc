"""creditbook as a Windows user runs it: every command in a Python without the POSIX-only
modules, with creditbook's Windows branches taken (msvcrt locks, icacls, os.startfile) and
the console in code page 936 (GBK), as cmd.exe gives a redirected command."""

from __future__ import annotations

import csv
import json
import sys
import textwrap
from pathlib import Path

import pytest
from simwin import CONSOLE, run, run_python, start

from creditbook import portable
from creditbook.documents.numbering import read_log

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent
SETTINGS = """\
[company]
name = "苏州鼎润精密传动股份有限公司"
address = "苏州市工业园区星湖街 218 号"
phone = "0512-6288 1000"
contact = "王芳（应收账款）"

[letters]
number_prefix = "鼎润财函"
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("zhangmin")


@pytest.fixture(scope="module")
def demo(home) -> Path:
    """`creditbook demo --no-pdf`, run once for the module in the simulated Windows."""
    out = home / "Documents" / "信用管理" / "演示"
    done = run(["demo", "--out", out, "--no-pdf"], home)
    assert done.code == 0, done
    assert "Traceback" not in done.out + done.err
    return out


def test_the_child_python_is_windows_as_creditbook_sees_it(tmp_path):
    probe = textwrap.dedent(
        """
        import importlib, sys
        from creditbook import portable
        for name in ("fcntl", "termios", "pwd", "grp", "resource"):
            try:
                importlib.import_module(name)
            except ModuleNotFoundError:
                print(name, "missing")
        import msvcrt
        print(portable.is_windows(), msvcrt.__name__, sys.stdout.encoding)
        """
    )
    done = run_python(probe, tmp_path)
    assert done.code == 0, done
    assert done.out.split("\n") == [
        "fcntl missing",
        "termios missing",
        "pwd missing",
        "grp missing",
        "resource missing",
        "True fake_msvcrt gbk",
        "",
    ]


def test_help_of_every_command_runs(tmp_path):
    done = run(["--help"], tmp_path)
    assert done.code == 0, done
    listed = done.out.split("Commands:\n", 1)[1].splitlines()
    commands = [line.split()[0] for line in listed if line.startswith("  ")]
    assert {"aging", "letters", "demo", "archive", "report", "letter-log"} <= set(commands)
    for command in commands:
        done = run([command, "--help"], tmp_path)
        assert done.code == 0, (command, done)
        assert "Traceback" not in done.out + done.err


def test_the_demo_runs_and_its_archive_verifies(demo, home):
    assert (demo / "文档" / "催收函").is_dir()
    assert any((demo / "文档" / "催收函").glob("*.docx"))
    done = run(["archive", "verify", "--archive", demo / "archive"], home)
    assert done.code == 0, done
    from creditbook.archive.store import Archive

    filed = len(Archive(demo / "archive").entries())
    assert filed > 100  # every evaluation, report, notice and letter of the demo
    assert done.out.startswith(f"档案完好 archive intact: {filed} 条记录")
    # Windows keeps the archive private with an ACL (the demo's own folder first).
    lines = (home / "icacls.log").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == [
        str(demo / "archive"),
        "/inheritance:r",
        "/grant:r",
        "DINGRUN\\zhangmin:(OI)(CI)F",
        "*S-1-5-18:(OI)(CI)F",
        "/Q",
    ]


def test_archive_add_and_verify(tmp_path):
    archive = tmp_path / "archive"
    document = tmp_path / "客户信用评估报告.docx"
    document.write_bytes(b"PK\x03\x04 report")
    done = run(["archive", "add", document, "--customer", "KH0001", "--archive", archive], tmp_path)
    assert done.code == 0, done
    assert (archive / "KH0001" / "客户信用评估报告.docx").read_bytes() == document.read_bytes()
    done = run(["archive", "verify", "--archive", archive], tmp_path)
    assert done.code == 0, done
    assert done.out.startswith("档案完好 archive intact: 1 条记录")


def _letters(demo: Path, out: Path, config: Path, home: Path):
    inputs = demo / "输入数据"
    args = ["letters", inputs / "应收账款台账.xlsx", "--register", inputs / "客户信用档案.xlsx"]
    return start([*map(str, args), "--as-of", "2026-11-30", "--out", str(out),
                  "--config", str(config)], home)  # fmt: skip


def test_two_letter_runs_at_once_share_one_counter_without_a_duplicate_number(demo, home):
    company = home / "Documents" / "信用管理" / "公司"
    company.mkdir(parents=True)
    config = company / "creditbook.toml"
    config.write_text(SETTINGS, encoding="utf-8")
    runs = [_letters(demo, company / f"2026-11-{name}", config, home) for name in ("甲", "乙")]
    for process in runs:
        _out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode(CONSOLE)
    numbers = []
    for name in ("甲", "乙"):
        listed = json.loads(
            (company / f"2026-11-{name}" / "催收函-清单.json").read_text(encoding="utf-8")
        )
        numbers += [row["number"] for row in listed if row["number"]]
    assert len(numbers) == 2 * 19
    assert len(set(numbers)) == len(numbers)
    sequences = sorted(int(n.split("〕")[1].removesuffix("号")) for n in numbers)
    assert sequences == list(range(1, 39))  # one counter: 0001–0038, no gap, no repeat
    logged = [entry.number for entry in read_log(company / "发文登记簿.csv")]
    assert sorted(logged) == sorted(numbers)
    counter = json.loads((company / "creditbook-letter-numbers.json").read_text("utf-8"))
    assert counter["last"] == {"2026": 38}


def test_a_run_into_a_folder_another_run_holds_is_refused(demo, home, monkeypatch):
    """The folder lock held here through Windows' msvcrt calls (the stand-in) keeps the
    simulated Windows run out, with the message, and no number is used."""
    sys.path.insert(0, str(HERE))
    import fake_msvcrt

    from creditbook.documents.outfolder import folder_lock

    monkeypatch.setitem(sys.modules, "msvcrt", fake_msvcrt)
    monkeypatch.setattr(portable, "PLATFORM", "win32")
    company = home / "锁"
    company.mkdir()
    config = company / "creditbook.toml"
    config.write_text(SETTINGS, encoding="utf-8")
    out = company / "batch"
    out.mkdir()
    with folder_lock(out):
        process = _letters(demo, out, config, home)
        _stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 1
    message = "另一个批次正在写入此目录 another run is writing into this folder"
    assert message in stderr.decode(CONSOLE)
    assert not (company / "creditbook-letter-numbers.json").exists()
    assert list(out.iterdir()) == []  # the lock file went with the lock


RIBBON_CLICK = """
import json, sys
from pathlib import Path
import xlwings as xw
sys.path.insert(0, {tests!r})
from excel_stub import stub_book
import creditbook
from creditbook.workbooks.build import new_workbook_file

folder = Path({folder!r})
folder.mkdir(parents=True, exist_ok=True)
(folder / "creditbook.toml").write_text({settings!r}, encoding="utf-8")
made = {{}}
for kind in ("evaluation", "survey", "register", "aging", "contacts"):
    made[kind] = new_workbook_file(kind, folder / f"{{kind}}.xlsx", sample=True)
report = {{}}
for kind, path in made.items():
    book = stub_book(path)
    xw.Book.caller = classmethod(lambda cls, book=book: book)
    creditbook.main()
    out = folder / f"{{path.stem}} 文书"
    report[kind] = {{
        "alerts": [(a["mode"], a["prompt"]) for a in book.app.alerts],
        "files": sorted(p.name for p in out.rglob("*") if p.is_file()),
    }}
print(json.dumps(report, ensure_ascii=False))
"""


def test_the_ribbon_button_on_every_workbook_kind(tmp_path):
    folder = tmp_path / "Documents" / "信用管理"
    code = RIBBON_CLICK.format(
        tests=str(HERE.parent / "ribbon"), folder=str(folder), settings=SETTINGS
    )
    done = run_python(code, tmp_path)
    assert done.code == 0, done
    report = json.loads(done.out)
    for kind in ("evaluation", "survey", "register", "aging"):
        modes = [mode for mode, _ in report[kind]["alerts"]]
        assert modes == ["info"], (kind, report[kind]["alerts"])
        assert "Traceback" not in report[kind]["alerts"][0][1]
    assert report["evaluation"]["files"] == ["信用额度审批表.docx", "客户信用评估报告.docx"]
    assert report["survey"]["files"] == ["顾客满意度调查分析报告.docx"]
    assert "催收函-清单.json" in report["aging"]["files"]
    assert "催收函-清单.json" in report["register"]["files"]
    assert report["contacts"]["files"] == []
    [(mode, prompt)] = report["contacts"]["alerts"]
    assert mode == "critical" and "不生成文书 has no documents to generate" in prompt
    # Each click that wrote documents opened its folder in Explorer (os.startfile).
    opened = (tmp_path / "startfile.log").read_text(encoding="utf-8").splitlines()
    assert len(opened) == 4
    assert all(Path(p).parent.name.endswith(" 文书") for p in opened)


def test_letter_log_csv_opens_in_chinese_excel(demo):
    """UTF-8 with a byte-order mark: Excel on Chinese Windows opens it by double-click."""
    for path in (demo / "发文登记簿.csv", demo / "文档" / "催收函" / "法律程序客户清单.csv"):
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), path
        rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
        assert len(rows) > 1
