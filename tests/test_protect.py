"""Password protection of generated Word/Excel files."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from creditbook.protect import (
    ProtectionError,
    decrypt_office_file,
    encrypt_office_file,
    is_encrypted_office_file,
)


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "客户信用档案.xlsx"
    book = Workbook()
    book.active["A1"] = "客户编码"
    book.save(path)
    return path


def test_an_encrypted_workbook_opens_only_with_its_password(workbook, tmp_path):
    target = encrypt_office_file(workbook, "s3cret", out=tmp_path / "加密.xlsx")
    assert is_encrypted_office_file(target) and not is_encrypted_office_file(workbook)
    plain = decrypt_office_file(target, "s3cret")
    assert load_workbook(io.BytesIO(plain)).active["A1"].value == "客户编码"
    with pytest.raises(ProtectionError, match="密码错误"):
        decrypt_office_file(target, "wrong")


def test_in_place_encryption_and_refusals(workbook, tmp_path):
    encrypt_office_file(workbook, "pw")
    assert is_encrypted_office_file(workbook)
    with pytest.raises(ProtectionError, match="已加密"):
        encrypt_office_file(workbook, "pw")
    text = tmp_path / "note.txt"
    text.write_text("x")
    with pytest.raises(ProtectionError, match="只能加密"):
        encrypt_office_file(text, "pw")


def test_encrypting_in_place_keeps_an_owner_only_file_owner_only(workbook):
    import stat

    workbook.chmod(0o600)
    encrypt_office_file(workbook, "s3cret")
    assert is_encrypted_office_file(workbook)
    assert stat.S_IMODE(workbook.stat().st_mode) == 0o600


def test_a_csv_list_becomes_an_encrypted_workbook_and_the_plain_file_goes(tmp_path):
    from creditbook.protect import protect_file
    from creditbook.usertext import csv_bytes

    listing = tmp_path / "催收函-清单.csv"
    listing.write_bytes(
        csv_bytes([["客户编码", "客户名称", "电话"], ["KH01", "=cmd|' /C calc'!A0", "+86 21 5555"]])
    )
    protected = protect_file(listing, "s3cret")
    assert protected == tmp_path / "催收函-清单.xlsx" and not listing.exists()
    sheet = load_workbook(io.BytesIO(decrypt_office_file(protected, "s3cret"))).active
    assert [c.value for c in sheet[2]] == ["KH01", "=cmd|' /C calc'!A0", "+86 21 5555"]
    assert sheet["B2"].data_type == "s"
    assert [p.name for p in tmp_path.iterdir()] == ["催收函-清单.xlsx"]


def test_a_json_list_beside_its_csv_twin_gets_its_own_name(tmp_path):
    from creditbook.protect import protect_file

    (tmp_path / "清单.xlsx").write_bytes(b"taken")
    listing = tmp_path / "清单.json"
    listing.write_text('[{"number": "HR〔2026〕0001号", "amount": "-12.50"}]', encoding="utf-8")
    protected = protect_file(listing, "pw")
    assert protected.name == "清单-json.xlsx"
    sheet = load_workbook(io.BytesIO(decrypt_office_file(protected, "pw"))).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["number", "amount"],
        ["HR〔2026〕0001号", "-12.50"],
    ]


def test_a_pdf_gets_a_password_and_an_encrypted_file_is_left_as_it_is(workbook, tmp_path):
    from pypdf import PdfReader, PdfWriter

    from creditbook.protect import protect_file

    pdf = tmp_path / "催款函.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    with open(pdf, "wb") as handle:
        writer.write(handle)
    protect_file(pdf, "pw")
    reader = PdfReader(str(pdf))
    assert reader.is_encrypted and reader.decrypt("pw") and len(reader.pages) == 1
    encrypt_office_file(workbook, "first")
    before = workbook.read_bytes()
    assert protect_file(workbook, "second") == workbook and workbook.read_bytes() == before
    assert decrypt_office_file(workbook, "first")
