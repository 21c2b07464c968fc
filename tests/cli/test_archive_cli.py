"""`creditbook archive` commands: add, show, verify (non-zero naming the problem), export."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from creditbook.archive import Archive
from creditbook.cli import app
from creditbook.protect import decrypt_office_file, is_encrypted_office_file

runner = CliRunner()
WIDE = {"COLUMNS": "400"}  # rich wraps at the terminal width


def _archive(tmp_path):
    document = tmp_path / "最后催告函-KH0009.xlsx"
    book = Workbook()
    book.active["A1"] = "最后催告"
    book.save(document)
    base = ["--archive", str(tmp_path / "archive")]
    result = runner.invoke(
        app,
        [
            "archive",
            "add",
            str(document),
            "--customer",
            "KH0009",
            "--kind",
            "letter",
            "--letter-no",
            "鼎润财函〔2026〕017号",
            "--by",
            "李娜",
            *base,
        ],
        env=WIDE,
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        f"已归档 filed #1: {tmp_path / 'archive' / 'KH0009' / '最后催告函-KH0009.xlsx'}"
    )
    return base


def _rows(output: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip("│").split("│")]
        for line in output.splitlines()
        if line.startswith("│")
    ]


def test_show_lists_letters_sent(tmp_path):
    base = _archive(tmp_path)
    result = runner.invoke(app, ["archive", "show", "KH0009", *base], env=WIDE)
    assert result.exit_code == 0
    today = dt.date.today().isoformat()
    assert "KH0009 已发函件 (letters sent)" in result.output
    assert _rows(result.output) == [
        [today, "鼎润财函〔2026〕017号", "", "", "李娜"],
        [today, "催收函", "KH0009/最后催告函-KH0009.xlsx"],
    ]


def test_show_lists_the_grade_and_limit_filed_with_an_evaluation(tmp_path):
    base = _archive(tmp_path)
    report = tmp_path / "信用评估报告-KH0009.docx"
    report.write_bytes(b"report")
    filed = runner.invoke(
        app,
        ["archive", "add", str(report), "--customer", "KH0009", "--kind", "evaluation",
         "--grade", "B", "--limit", "300000", "--by", "赵建国", *base],
    )  # fmt: skip
    assert filed.exit_code == 0, filed.output
    result = runner.invoke(app, ["archive", "show", "KH0009", *base], env=WIDE)
    today = dt.date.today().isoformat()
    assert _rows(result.output)[0] == [today, "信用评估", "", "B", "300,000.00", "", "", "赵建国"]


def test_show_prints_a_filed_limit_to_the_fen_and_a_text_limit_as_filed(tmp_path):
    base = _archive(tmp_path)
    report = tmp_path / "信用评估报告-KH0009.docx"
    report.write_bytes(b"report")
    for limit in ("12345678901234567.89", "三十万"):
        filed = runner.invoke(
            app,
            ["archive", "add", str(report), "--customer", "KH0009", "--kind", "evaluation",
             "--grade", "B", "--limit", limit, "--by", "赵建国", *base],
        )  # fmt: skip
        assert filed.exit_code == 0, filed.output
    result = runner.invoke(app, ["archive", "show", "KH0009", *base], env=WIDE)
    assert result.exit_code == 0, result.output
    assert [row[4] for row in _rows(result.output)[:2]] == ["12,345,678,901,234,567.89", "三十万"]


def test_verify_passes_then_fails_naming_the_changed_file(tmp_path):
    base = _archive(tmp_path)
    intact = runner.invoke(app, ["archive", "verify", *base], env=WIDE)
    assert intact.exit_code == 0
    (entry,) = Archive(tmp_path / "archive").entries()
    assert intact.output.strip() == f"档案完好 archive intact: 1 条记录，链头 head {entry.hash}"
    (tmp_path / "archive" / "KH0009" / "最后催告函-KH0009.xlsx").write_bytes(b"edited")
    result = runner.invoke(app, ["archive", "verify", *base], env=WIDE)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "✗ 第 1 条 KH0009/最后催告函-KH0009.xlsx: 文件已被改动 (file changed)",
        "档案校验未通过: 1 个问题 (verification failed)",
    ]


def test_export_with_a_password_encrypts_office_files(tmp_path):
    base = _archive(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["archive", "export", "KH0009", "--out", str(out), "--password", "pw", *base],
        env=WIDE,
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"已导出 3 个文件到 {out}"
    assert sorted(p.name for p in out.iterdir()) == [
        "最后催告函-KH0009.xlsx",
        "档案日志.xlsx",
        "档案清单.xlsx",
    ]
    listing = load_workbook(io.BytesIO(decrypt_office_file(out / "档案清单.xlsx", "pw"))).active
    row = [c.value for c in listing[2]]
    assert row[2:5] == ["李娜", "催收函", "最后催告函-KH0009.xlsx"] and row[6] == "一致"
    exported = out / "最后催告函-KH0009.xlsx"
    assert is_encrypted_office_file(exported) and decrypt_office_file(exported, "pw")
    original = tmp_path / "archive" / "KH0009" / "最后催告函-KH0009.xlsx"
    assert not is_encrypted_office_file(original)


def test_export_without_a_password_lists_the_files_in_a_csv_for_excel(tmp_path):
    base = _archive(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["archive", "export", "KH0009", "--out", str(out), *base])
    assert result.exit_code == 0, result.output
    manifest = (out / "档案清单.csv").read_bytes()
    assert manifest.startswith(b"\xef\xbb\xbf")
    (row,) = list(csv.DictReader(io.StringIO(manifest.decode("utf-8-sig"))))
    assert (row["文件"], row["文件校验"], row["函件编号"]) == (
        "最后催告函-KH0009.xlsx",
        "一致",
        "鼎润财函〔2026〕017号",
    )


def test_show_of_an_unknown_customer_fails(tmp_path):
    base = _archive(tmp_path)
    result = runner.invoke(app, ["archive", "show", "KH9999", *base], env=WIDE)
    assert result.exit_code == 1
    assert result.output.strip() == "档案中没有客户 KH9999 的记录"
