"""Several `archive add` runs at once: one lock covers choosing the name, writing the file and
appending its entry, so no filed document is replaced and the chain stays whole."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from creditbook.archive import Archive, ArchiveError
from creditbook.archive.store import NAME_BYTES
from creditbook.cli import app

runner = CliRunner()
WORKERS, FILES = 4, 50

_WORKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from creditbook.archive import Archive

    root, sources, worker = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    while not (sources / "go").exists():
        time.sleep(0.005)
    store = Archive(root)
    for number in range({files}):
        # even numbers: one name shared by every run; odd numbers: a name of this run's own
        name = "催款函-KH0006.docx" if number % 2 == 0 else f"对账单-{{worker}}-{{number}}.docx"
        source = sources / str(worker) / str(number) / name
        source.parent.mkdir(parents=True)
        source.write_bytes(f"run {{worker}} document {{number}}".encode())
        store.file("KH0006", source, "letter", by=f"run{{worker}}")
    """
).format(files=FILES)


def test_four_runs_filing_fifty_documents_each_keep_every_file_and_an_intact_chain(tmp_path):
    root, sources = tmp_path / "archive", tmp_path / "sources"
    sources.mkdir()
    env = {"PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(root), str(sources), str(worker)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(WORKERS)
    ]
    (sources / "go").touch()
    errors = [run.communicate(timeout=300)[1] for run in runs]
    assert [run.returncode for run in runs] == [0] * WORKERS, errors

    store = Archive(root)
    verification = store.verify()
    assert verification.problems == ()
    assert verification.entries == WORKERS * FILES
    entries = store.entries()
    expected = {
        hashlib.sha256(f"run {w} document {n}".encode()).hexdigest()
        for w in range(WORKERS)
        for n in range(FILES)
    }
    # every document logged exactly once, each under its own file, each file still its own
    assert sorted(e.sha256 for e in entries) == sorted(expected)
    assert len({e.file for e in entries}) == WORKERS * FILES
    on_disk = {hashlib.sha256(p.read_bytes()).hexdigest() for p in (root / "KH0006").iterdir()}
    assert on_disk == expected
    shared = sorted(e.file for e in entries if e.file.startswith("KH0006/催款函-KH0006"))
    assert shared == sorted(
        ["KH0006/催款函-KH0006.docx"]
        + [f"KH0006/催款函-KH0006-{n}.docx" for n in range(2, WORKERS * FILES // 2 + 1)]
    )
    assert sorted(p.name for p in root.iterdir()) == [
        "KH0006",
        "archive-log.lock",
        "archive-log.sqlite3",
    ]


def _add(tmp_path: Path, source: Path) -> str:
    result = runner.invoke(
        app,
        ["archive", "add", str(source), "--customer", "KH0006", "--archive", str(tmp_path / "a")],
        env={"COLUMNS": "2000"},
    )
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_a_244_byte_name_is_filed_twice_the_second_beside_the_first(tmp_path):
    name = "催" * 79 + "ab.docx"  # 79 × 3 + 7 bytes
    assert len(name.encode()) == 244
    source = tmp_path / name
    source.write_bytes(b"first")
    assert _add(tmp_path, source) == f"已归档 filed #1: {tmp_path / 'a' / 'KH0006' / name}"
    source.write_bytes(b"second")
    second = "催" * 79 + "ab-2.docx"
    assert _add(tmp_path, source) == f"已归档 filed #2: {tmp_path / 'a' / 'KH0006' / second}"
    assert (tmp_path / "a" / "KH0006" / name).read_bytes() == b"first"
    assert (tmp_path / "a" / "KH0006" / second).read_bytes() == b"second"
    assert Archive(tmp_path / "a").verify().problems == ()


def test_a_numbered_copy_of_a_255_byte_name_shortens_the_stem_to_stay_within_the_limit(tmp_path):
    name = "甲" * 83 + "x.docx"  # 255 bytes, 89 UTF-16 units: within FILE_UNITS, kept whole
    assert len(name.encode()) == NAME_BYTES
    store = Archive(tmp_path / "archive")
    for content in (b"one", b"two", b"three"):
        source = tmp_path / name
        source.write_bytes(content)
        store.file("KH0006", source, "document", by="李娜")
    assert [e.file for e in store.entries()] == [
        f"KH0006/{name}",
        f"KH0006/{'甲' * 82}-2.docx",
        f"KH0006/{'甲' * 82}-3.docx",
    ]
    assert store.verify().problems == ()


def test_the_lock_file_is_not_reported_as_an_unlogged_file_but_a_stray_part_file_is(tmp_path):
    store = Archive(tmp_path / "archive")
    source = tmp_path / "x.docx"
    source.write_bytes(b"x")
    store.file("KH0006", source, "document", by="李娜")
    assert (store.root / "archive-log.lock").is_file()
    assert store.verify().problems == ()
    (store.root / "KH0006" / ".0123456789ab.part").write_bytes(b"half")
    assert [str(p) for p in store.verify().problems] == [
        "KH0006/.0123456789ab.part: 未登记的文件 (file not in the log)"
    ]


def test_a_lock_file_swapped_for_a_symlink_is_refused_and_nothing_is_filed(tmp_path):
    store = Archive(tmp_path / "archive")
    source = tmp_path / "x.docx"
    source.write_bytes(b"x")
    store.file("KH0006", source, "document", by="李娜")
    lock = store.root / "archive-log.lock"
    lock.unlink()
    lock.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(ArchiveError) as refused:
        store.file("KH0006", source, "document", by="李娜")
    assert str(refused.value) == f"{lock}: 档案锁文件是符号链接 the lock file is a symlink; 已拒绝"
    assert [e.file for e in store.entries()] == ["KH0006/x.docx"]
    assert not (tmp_path / "elsewhere").exists()
