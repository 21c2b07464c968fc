"""Every path creditbook writes is legal on Windows and short enough for MAX_PATH.

The demo (sample company) and a letters and notices batch whose customer ids are the ones
Windows refuses or confuses (device names, case twins, a trailing dot, bidi and zero-width
characters, characters outside the BMP, 10,000 characters) are written; then every file
and folder written is walked: each name is Windows-legal and at most 255 bytes, no two
names in a folder differ only by case, and every path relative to the output folder, and
the temporary name written beside each file, fits ``RELATIVE_UNITS`` UTF-16 units, so that
under C:\\Users\\<20 characters>\\Documents\\信用管理\\2026-11\\ it stays within 259.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from creditbook.cli import app
from creditbook.files import temporary_affixes
from creditbook.winnames import FULL_PATH_UNITS, RELATIVE_UNITS, is_reserved, utf16_units
from hostile_text import LONG

runner = CliRunner()
WINDOWS_FOLDER = "C:\\Users\\" + "u" * 20 + "\\Documents\\信用管理\\2026-11\\"
WIDE = "\U00020000"
HOSTILE_IDS = [
    "CON", "con", "Nul.txt", "aux .", "COM1", "Lpt9.docx", "KH01", "kh01", "KH01.", "KH/01",
    "\u202eKH02", "KH\u200b03", f"{WIDE}客户", LONG, "华东" + WIDE * 40,
]  # fmt: skip
_ILLEGAL = re.compile('[<>:"/\\\\|?*\x00-\x1f\x7f\u200b-\u200d\u202a-\u202e\u2066-\u2069\ufeff]')


def windows_problems(folder: Path) -> tuple[list[str], list[str], str]:
    """(illegal names, case-only clashes, the longest relative path or temporary path)."""
    illegal, clashes, longest = [], [], ""
    for path in sorted(folder.rglob("*")):
        name, relative = path.name, path.relative_to(folder).as_posix()
        if (
            is_reserved(name) or _ILLEGAL.search(name) or name.endswith((" ", "."))
            or len(name.encode("utf-8")) > 255
        ):  # fmt: skip
            illegal.append(relative)
        if path.is_dir():
            names = [p.name.casefold() for p in path.iterdir()]
            if len(set(names)) != len(names):
                clashes.append(relative)
        candidates = [relative]
        if path.is_file():
            prefix, suffix = temporary_affixes(name)
            temporary = f"{prefix}abcdefgh{suffix}"
            assert len(temporary.encode("utf-8")) <= 255, relative
            candidates.append(path.parent.relative_to(folder).joinpath(temporary).as_posix())
        longest = max([longest, *candidates], key=utf16_units)
    return illegal, clashes, longest


def assert_windows_safe(folder: Path) -> str:
    illegal, clashes, longest = windows_problems(folder)
    assert illegal == []
    assert clashes == []
    assert utf16_units(longest) <= RELATIVE_UNITS, longest
    assert utf16_units(WINDOWS_FOLDER + longest.replace("/", "\\")) <= FULL_PATH_UNITS
    return longest


def test_the_walk_finds_what_windows_refuses(tmp_path):
    (tmp_path / "CON.docx").write_bytes(b"")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.docx").write_bytes(b"")
    (tmp_path / "a" / "X.DOCX").write_bytes(b"")
    (tmp_path / "b\u202e").mkdir()
    (tmp_path / ("a" * 201)).mkdir()
    illegal, clashes, longest = windows_problems(tmp_path)
    assert illegal == ["CON.docx", "b\u202e"]
    assert clashes == ["a"]
    assert longest == "a" * 201


def test_the_windows_folder_of_the_budget_is_53_units():
    assert utf16_units(WINDOWS_FOLDER) == 53
    assert utf16_units(WINDOWS_FOLDER) + RELATIVE_UNITS <= FULL_PATH_UNITS


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("windows-demo") / "演示"
    result = runner.invoke(app, ["demo", "--out", str(out), "--no-pdf", "--by", "演示"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.slow
def test_every_path_the_demo_writes_is_windows_safe(demo):
    longest = assert_windows_safe(demo)
    written = max((p.relative_to(demo).as_posix() for p in demo.rglob("*")), key=utf16_units)
    assert len(list(demo.rglob("*.docx"))) > 40
    print(f"\nlongest path written: {utf16_units(written)} UTF-16 units: {written}")
    print(f"longest with temporary names: {utf16_units(longest)} UTF-16 units: {longest}")


def _write_csv(path: Path, rows: list[list[object]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.fixture(scope="module")
def batches(tmp_path_factory) -> Path:
    """Letters and notices for every hostile id, in one output folder each."""
    folder = tmp_path_factory.mktemp("windows-ids")
    ledger = [["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额"]]
    register = [["客户编码", "客户名称", "信用等级", "信用额度", "信用期限(天)"]]
    for n, cid in enumerate(HOSTILE_IDS, 1):
        ledger.append([cid, f"客户{n}", f"XS{n}-1", "2025-01-05", "2025-02-04", "12500", "0"])
        ledger.append([cid, f"客户{n}", f"XS{n}-2", "2026-10-10", "2026-11-09", "3000", "1000"])
        register.append([cid, f"客户{n}", "B", "5000", "30"])
    config = folder / "creditbook.toml"
    config.write_text("", encoding="utf-8")
    out = folder / "out"
    for command, sub in (("letters", "催收函"), ("notice", "通知书")):
        result = runner.invoke(
            app,
            [command, str(_write_csv(folder / "台账.csv", ledger)), "--register",
             str(_write_csv(folder / "档案.csv", register)), "--as-of", "2026-11-30",
             "--out", str(out / sub), "--config", str(config)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    return out


def test_letters_and_notices_for_hostile_ids_are_windows_safe(batches):
    assert_windows_safe(batches)
    manifest = json.loads((batches / "催收函" / "催收函-清单.json").read_text(encoding="utf-8"))
    files = {row["customer_id"]: row["file"] for row in manifest}
    # the readers drop bidi and zero-width characters from a 客户编码 (and say so)
    normalised = [cid.replace("\u202e", "").replace("\u200b", "") for cid in HOSTILE_IDS]
    assert sorted(files) == sorted(normalised)
    assert len({f.casefold() for f in files.values()}) == len(HOSTILE_IDS)
    assert files["KH01"].startswith("KH01-") and files["kh01"].startswith("kh01-")
    assert files["CON"].startswith("_CON-") and files["aux ."].startswith("_aux-")
