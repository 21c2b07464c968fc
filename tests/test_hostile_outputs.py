"""Every command that writes .xlsx or .csv keeps hostile customer text as data.

The ledger, register and indicator table below name their customers with the shared
hostile names (tests/hostile_text.py): formulas, DDE, markup, control characters, Jinja,
Word XML and 10,000 characters. Whatever a command writes must show them as text: no
formula cell in any .xlsx, no CSV field beginning with = + - @ tab or CR, and the console
prints the names literally, without a traceback.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from creditbook.cli import app
from creditbook.core.policy import resolve_policy
from hostile_text import FORMULA_LEADS, HOSTILE_NAMES, in_csv, in_xlsx

runner = CliRunner()
AS_OF = "2026-11-30"
IDS = {key: f"KH{i:02d}" for i, key in enumerate(HOSTILE_NAMES, 1)}


def _write_csv(path: Path, rows: list[list[object]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    """A 用友-style ledger export (CSV, two invoices a customer) and a credit register."""
    folder = tmp_path_factory.mktemp("hostile-inputs")
    ledger = [["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额", "已收金额"]]
    register = [
        ["客户编码", "客户名称", "联系人", "电话", "地址", "信用等级", "信用额度", "信用期限(天)"]
    ]
    for key, name in HOSTILE_NAMES.items():
        cid = IDS[key]
        ledger.append([cid, name, f"XS{cid}-1", "2025-01-05", "2025-02-04", "12,500.00", "0"])
        ledger.append([cid, name, f"XS{cid}-2", "2026-10-10", "2026-11-09", "3000", "1000"])
        register.append([cid, name, name[:40], "=1+1", f"@{key} 路 8 号", "B", "5000", "30"])
    indicators = [
        ["客户编码", "客户名称", "资产负债率", "流动比率", "速动比率", "付款准时率", "逾期次数"]
    ]
    for key, name in HOSTILE_NAMES.items():
        indicators.append([IDS[key], name, "0.52", "1.71", "1.20", "0.93", "1"])
    return {
        "ledger": _write_csv(folder / "应收账款台账.csv", ledger),
        "register": _write_csv(folder / "客户信用档案.csv", register),
        "indicators": _write_csv(folder / "指标表.csv", indicators),
    }


def _csv_fields(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def assert_csv_is_data(path: Path, names: list[str]) -> None:
    rows = _csv_fields(path)
    fields = [field for row in rows for field in row]
    numbers = re.compile(r"-?\d+(\.\d+)?")  # a negative figure is a number, not a formula
    leads = [f for f in fields if f.startswith(FORMULA_LEADS) and not numbers.fullmatch(f)]
    assert leads == [], path.name
    for name in names:
        assert in_csv(name) in fields, (path.name, name[:40])


def assert_xlsx_is_data(path: Path, names: list[str]) -> None:
    with zipfile.ZipFile(path) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and all(b"<f>" not in package.read(n) for n in sheets), path.name
    book = load_workbook(path)
    values = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    values.add(cell.value)
    for name in names:
        assert in_xlsx(name) in values, (path.name, name[:40])


def assert_console_is_text(result) -> None:
    assert "Traceback" not in result.output and "MarkupError" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_aging_and_monitor_exports_keep_names_as_text(inputs, tmp_path, suffix):
    names = list(HOSTILE_NAMES.values())
    for command in ("aging", "monitor"):
        out = tmp_path / f"{command}{suffix}"
        result = runner.invoke(
            app,
            [command, str(inputs["ledger"]), "--register", str(inputs["register"]),
             "--as-of", AS_OF, "--out", str(out)],
            env={"COLUMNS": "30000"},
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert_console_is_text(result)
        assert (
            "[/bold]南京[bold red]某[/]公司[link=http://evil.example]点我[/link]" in result.output
        )
        assert "无锡\\x07某\\x1b[31m公司\\x00有限\\x0b责任" in result.output
        check = assert_csv_is_data if suffix == ".csv" else assert_xlsx_is_data
        check(out, names)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_evaluate_export_keeps_names_as_text(inputs, tmp_path, suffix):
    out = tmp_path / f"评估结果{suffix}"
    result = runner.invoke(app, ["evaluate", str(inputs["indicators"]), "--out", str(out)])
    assert result.exit_code == 0, result.output
    check = assert_csv_is_data if suffix == ".csv" else assert_xlsx_is_data
    check(out, list(HOSTILE_NAMES.values()))


def test_letters_write_every_letter_the_legal_list_and_the_manifest(inputs, tmp_path):
    config = tmp_path / "creditbook.toml"
    config.write_text("", encoding="utf-8")
    out = tmp_path / "催收函"
    result = runner.invoke(
        app,
        ["letters", str(inputs["ledger"]), "--register", str(inputs["register"]),
         "--as-of", AS_OF, "--out", str(out), "--config", str(config)],
        terminal_width=400,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert_console_is_text(result)
    names = list(HOSTILE_NAMES.values())
    assert len(list(out.glob("*.docx"))) == len(names)
    assert_csv_is_data(out / "催收函-清单.csv", names)
    assert_csv_is_data(out / "法律程序客户清单.csv", names)
    assert_xlsx_is_data(out / "法律程序客户清单.xlsx", names)
    legal = load_workbook(out / "法律程序客户清单.xlsx").active
    row = next(r for r in legal.iter_rows(min_row=3, values_only=True) if r[0] == IDS["dde"])
    assert row[1] == "=cmd|' /C calc'!A0" and row[8] == "=1+1"
    manifest = json.loads((out / "催收函-清单.json").read_text(encoding="utf-8"))
    assert {m["customer_name"] for m in manifest} == set(names)


def test_notice_manifest_keeps_names_as_text(inputs, tmp_path):
    config = tmp_path / "creditbook.toml"
    config.write_text("", encoding="utf-8")
    out = tmp_path / "通知书"
    result = runner.invoke(
        app,
        ["notice", str(inputs["ledger"]), "--register", str(inputs["register"]),
         "--as-of", AS_OF, "--out", str(out), "--config", str(config)],
        terminal_width=400,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert_console_is_text(result)
    assert_csv_is_data(out / "信用调整通知书-清单.csv", list(HOSTILE_NAMES.values()))


def test_archive_export_listing_keeps_by_and_note_as_text(tmp_path):
    document = tmp_path / "最后催告函.docx"
    document.write_bytes(b"PK fake docx")
    base = ["--archive", str(tmp_path / "archive")]
    hostile = [HOSTILE_NAMES["dde"], "\t=1+1", "\r@cmd", HOSTILE_NAMES["markup"]]
    for text in hostile:
        result = runner.invoke(
            app,
            ["archive", "add", str(document), "--customer", "KH01", "--by", text,
             "--kind", "letter", "--note", text, "--letter-no", text, *base],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    show = runner.invoke(app, ["archive", "show", "KH01", *base], env={"COLUMNS": "1000"})
    assert show.exit_code == 0, show.output
    assert HOSTILE_NAMES["markup"] in show.output
    assert "\\t=1+1" in show.output and "\\r@cmd" in show.output
    out = tmp_path / "审计"
    result = runner.invoke(app, ["archive", "export", "KH01", "--out", str(out), *base])
    assert result.exit_code == 0, result.output
    assert_csv_is_data(out / "档案清单.csv", hostile)


@pytest.mark.parametrize("key", ["dde", "control", "markup", "word_xml"])
def test_a_hostile_company_name_in_a_new_workbook_is_text(tmp_path, key):
    name = HOSTILE_NAMES[key]
    out = tmp_path / "客户信用档案.xlsx"
    result = runner.invoke(
        app, ["workbook", "new", "register", "--company", name, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.properties.creator == in_xlsx(name)
    sheet = book.worksheets[0]
    assert sheet.oddHeader.left.text == in_xlsx(name).replace("&", "&&")


def test_a_policy_with_a_hostile_title_is_shown_and_exported_as_text(tmp_path):
    from importlib import resources

    source = resources.files("creditbook.presets").joinpath("abc.toml").read_text("utf-8")
    title = HOSTILE_NAMES["markup"]
    policy = tmp_path / "我的政策.toml"
    policy.write_text(
        source.replace('title = "客户信用管理制度（A/B/C 三级）"', f"title = {json.dumps(title)}"),
        encoding="utf-8",
    )
    shown = runner.invoke(app, ["policy", "show", str(policy)], env={"COLUMNS": "300"})
    assert shown.exit_code == 0, shown.output
    version = resolve_policy("abc").version
    assert shown.output.startswith(f"{title} (abc v{version})")
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"政策{suffix}"
        result = runner.invoke(app, ["policy", "table", str(policy), "--out", str(out)])
        assert result.exit_code == 0, result.output
        check = assert_csv_is_data if suffix == ".csv" else assert_xlsx_is_data
        check(out, [title])


def test_worklist_keeps_names_and_collectors_as_text(inputs, tmp_path):
    """Hostile customer names and a hostile 经办人 (the sheet's name) stay data."""
    log = [["日期", "客户编码", "经办人", "事由", "结果", "下次跟进日期", "下一步"]]
    for key, name in HOSTILE_NAMES.items():
        log.append(["2026-11-20", IDS[key], name[:60], "催收", "未付款", "2026-11-25", name])
    contacts = _write_csv(tmp_path / "联系记录.csv", log)
    out = tmp_path / "工作清单.xlsx"
    result = runner.invoke(
        app,
        ["worklist", str(inputs["ledger"]), "--register", str(inputs["register"]),
         "--contacts", str(contacts), "--as-of", AS_OF, "--out", str(out)],
        env={"COLUMNS": "30000"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert_console_is_text(result)
    assert "无锡\\x07某\\x1b[31m公司\\x00有限\\x0b责任" in result.output
    assert_xlsx_is_data(out, list(HOSTILE_NAMES.values()))
    assert len(load_workbook(out).sheetnames) == len(HOSTILE_NAMES)
