"""`creditbook archive` commands: add, show, verify (non-zero naming the problem), export."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from creditbook.cli import app
from creditbook.protect import decrypt_office_file, is_encrypted_office_file

runner = CliRunner()


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
    )
    assert result.exit_code == 0, result.output
    return base


def test_show_lists_letters_sent(tmp_path):
    base = _archive(tmp_path)
    result = runner.invoke(app, ["archive", "show", "KH0009", *base], terminal_width=200)
    assert result.exit_code == 0
    assert "鼎润财函〔2026〕017号" in result.output and "李娜" in result.output


def test_verify_passes_then_fails_naming_the_changed_file(tmp_path):
    base = _archive(tmp_path)
    assert runner.invoke(app, ["archive", "verify", *base]).exit_code == 0
    (tmp_path / "archive" / "KH0009" / "最后催告函-KH0009.xlsx").write_bytes(b"edited")
    result = runner.invoke(app, ["archive", "verify", *base], terminal_width=200)
    assert result.exit_code == 1
    assert "KH0009/最后催告函-KH0009.xlsx" in result.output and "file changed" in result.output


def test_export_with_a_password_encrypts_office_files(tmp_path):
    base = _archive(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["archive", "export", "KH0009", "--out", str(out), "--password", "pw", *base]
    )
    assert result.exit_code == 0, result.output
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


def test_show_of_an_unknown_customer_fails(tmp_path):
    base = _archive(tmp_path)
    assert runner.invoke(app, ["archive", "show", "KH9999", *base]).exit_code == 1
