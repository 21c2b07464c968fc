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
