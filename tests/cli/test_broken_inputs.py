"""Every command that reads a user's file, on every kind of broken file a user can hand it:
the answer is a message naming the file (exit 1, or 2 for a usage error), never a traceback,
and nothing is written."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from creditbook.cli import app


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _random_bytes(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 40)


def _zip_not_excel(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("readme.txt", "not a workbook")


def _truncated_workbook(path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["客户编码", "客户名称", "金额"])
    data = io.BytesIO()
    book.save(data)
    path.write_bytes(data.getvalue()[: len(data.getvalue()) // 2])


def _ole_encrypted_looking(path: Path) -> None:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)


def _workbook_without_a_table(path: Path) -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "本表无数据"
    book.active["C7"] = "=1/0"
    book.save(path)


def _header_only(path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额"])
    book.save(path)


def _hostile_cells(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额"])
    sheet.append(["=cmd|' /C calc'!A0", "[/bold]{{ x }}", "X1", "昨天", 45000, "1e308", "abc"])
    sheet.append(["KH1", "A" * 10000, "X2", "2026-13-45", None, "100000000000000000", None])
    book.save(path)


def _csv_gbk_garbage(path: Path) -> None:
    path.write_bytes("客户编码,金额\nKH1,壹万\n".encode("gbk") + b"\xff\xfe\x00\x81")


def _csv_with_nul(path: Path) -> None:
    path.write_bytes(b"\xef\xbb\xbfcustomer,amount\nKH1,1\x00\x00\n")


BROKEN: dict[str, tuple[str, Callable[[Path], None]]] = {
    "empty-xlsx": (".xlsx", _empty),
    "random-bytes-xlsx": (".xlsx", _random_bytes),
    "zip-not-excel": (".xlsx", _zip_not_excel),
    "truncated-xlsx": (".xlsx", _truncated_workbook),
    "encrypted-looking": (".xlsx", _ole_encrypted_looking),
    "no-table": (".xlsx", _workbook_without_a_table),
    "header-only": (".xlsx", _header_only),
    "hostile-cells": (".xlsx", _hostile_cells),
    "empty-csv": (".csv", _empty),
    "gbk-garbage-csv": (".csv", _csv_gbk_garbage),
    "nul-csv": (".csv", _csv_with_nul),
    "missing-file": (".xlsx", lambda path: None),
}

# Each command with the broken file in the place of its input ({file}), output into {out}.
COMMANDS = {
    "aging": ["aging", "{file}", "--as-of", "2026-11-30"],
    "monitor": ["monitor", "{file}", "--register", "{register}", "--as-of", "2026-11-30"],
    "letters": ["letters", "{file}", "--as-of", "2026-11-30", "--out", "{out}"],
    "notice": ["notice", "{file}", "--as-of", "2026-11-30", "--out", "{out}"],
    "worklist": [
        "worklist",
        "{file}",
        "--contacts",
        "{contacts}",
        "--as-of",
        "2026-11-30",
        "--out",
        "{out}.xlsx",
    ],
    "evaluate": ["evaluate", "{file}"],
    "report": ["report", "{file}", "--out", "{out}.docx"],
    "approval": ["approval", "{file}", "--out", "{out}.docx"],
    "survey-report": ["survey-report", "{file}", "--out", "{out}.docx"],
    "recalc": ["recalc", "{file}", "--out", "{out}.xlsx"],
    "policy-check": ["policy", "check", "{file}"],
    "relink": ["workbook", "relink", "{file}", "--out", "{out}.xlsx"],
    "templates-check": ["templates", "check", "{file}", "--kind", "demand"],
    "register": ["monitor", "{ledger}", "--register", "{file}", "--as-of", "2026-11-30"],
    "contacts": ["letters", "{ledger}", "--contacts", "{file}", "--out", "{out}"],
}


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> dict[str, Path]:
    """Good files, for the commands whose other file is the broken one."""
    from creditbook.workbooks.build import new_workbook_file

    folder = tmp_path_factory.mktemp("good")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额"])
    sheet.append(["KH1", "苏州甲有限公司", "XS-1", "2026-08-01", "2026-09-01", 1000, 0])
    book.save(folder / "台账.xlsx")
    return {
        "ledger": folder / "台账.xlsx",
        "register": new_workbook_file("register", folder / "客户信用档案.xlsx"),
        "contacts": new_workbook_file("contacts", folder / "客户联系与催收记录.xlsx"),
    }


@pytest.mark.parametrize("broken", list(BROKEN))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_broken_input_gets_a_message_not_a_traceback(command, broken, good, tmp_path):
    suffix, make = BROKEN[broken]
    if command == "templates-check":
        suffix = ".docx"
    path = tmp_path / f"用户文件{suffix}"
    make(path)
    out = tmp_path / "输出"
    args = [a.format(file=path, out=out, **good) for a in COMMANDS[command]]
    result = CliRunner().invoke(app, args, catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{command} on {broken}: {type(result.exception).__name__}: {result.exception}\n"
        f"{result.output}"
    )
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        assert result.exit_code in (1, 2), result.output
        flat = "".join(result.output.split())
        # the file is named, or (recalc of a sheet with =1/0) the cell that holds the error
        assert path.name in flat or "用户文件" in flat or "Sheet!C7:#DIV/0!" in flat, result.output
        assert not out.exists() or not any(out.iterdir()), "nothing is written after a refusal"
