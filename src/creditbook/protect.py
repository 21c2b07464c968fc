"""Confidentiality (保密): owner-only files and folders, password-protected Office files."""

from __future__ import annotations

import io
import stat
from pathlib import Path

from creditbook.core.errors import CreditbookError
from creditbook.files import atomic_write_bytes
from creditbook.portable import OWNER_DIR_MODE, OWNER_FILE_MODE, restrict_to_owner

OWNER_DIR = OWNER_DIR_MODE
OWNER_FILE = OWNER_FILE_MODE
OFFICE_SUFFIXES = (".docx", ".xlsx", ".xlsm", ".pptx")


class ProtectionError(CreditbookError):
    """A file could not be protected (unsupported type, already encrypted…)."""


def owner_only(path: str | Path) -> Path:
    """Restrict ``path`` to its owner: 0700 for folders, 0600 for files on POSIX; on Windows
    an owner-only ACL on folders, which the files written inside them inherit."""
    return restrict_to_owner(path)


def is_owner_only(path: str | Path) -> bool:
    """True when neither group nor others may read, write or enter ``path`` (POSIX modes)."""
    return stat.S_IMODE(Path(path).stat().st_mode) & 0o077 == 0


def is_encrypted_office_file(path: str | Path) -> bool:
    """Encrypted Office files are OLE containers, not zip files."""
    with open(path, "rb") as handle:
        return handle.read(4) == b"\xd0\xcf\x11\xe0"


def encrypt_office_file(
    path: str | Path, password: str, out: str | Path | None = None, force: bool = False
) -> Path:
    """Encrypt a .docx/.xlsx with ``password`` (Word/Excel ask for it on opening).

    Writes ``out`` (default: ``path`` itself, replaced in place) atomically and returns it.
    """
    import msoffcrypto  # imported here: only needed when a password is asked for
    from msoffcrypto.format.ooxml import OOXMLFile

    source = Path(path)
    if source.suffix.lower() not in OFFICE_SUFFIXES:
        raise ProtectionError(f"{source.name}: 只能加密 Office 文件 (.docx/.xlsx)，不支持此类型")
    if not password:
        raise ProtectionError("密码不能为空 (password must not be empty)")
    if is_encrypted_office_file(source):
        raise ProtectionError(f"{source.name}: 文件已加密 (already encrypted)")
    encrypted = io.BytesIO()
    try:
        with open(source, "rb") as handle:
            OOXMLFile(handle).encrypt(password, encrypted)
    except (
        msoffcrypto.exceptions.EncryptionError,
        msoffcrypto.exceptions.FileFormatError,
        ValueError,
        KeyError,
    ) as error:
        raise ProtectionError(f"{source.name}: 无法加密 ({error})") from None
    target = Path(out) if out is not None else source
    mode = stat.S_IMODE(source.stat().st_mode)  # a 0600 file stays 0600 once encrypted
    return atomic_write_bytes(target, encrypted.getvalue(), force=force or out is None, mode=mode)


def decrypt_office_file(path: str | Path, password: str) -> bytes:
    """The plain bytes of an encrypted Office file (to check a password in tests and tools)."""
    import msoffcrypto

    plain = io.BytesIO()
    with open(path, "rb") as handle:
        office = msoffcrypto.OfficeFile(handle)
        office.load_key(password=password)
        try:
            office.decrypt(plain)
        except msoffcrypto.exceptions.InvalidKeyError:
            raise ProtectionError(f"{Path(path).name}: 密码错误 (wrong password)") from None
    return plain.getvalue()


def is_encrypted_pdf(path: str | Path) -> bool:
    from pypdf import PdfReader

    return PdfReader(str(path)).is_encrypted


def encrypt_pdf(path: str | Path, password: str) -> Path:
    """Encrypt a PDF in place (AES-256; readers ask for the password); its mode is kept."""
    from pypdf import PdfReader, PdfWriter

    source = Path(path)
    if not password:
        raise ProtectionError("密码不能为空 (password must not be empty)")
    writer = PdfWriter(clone_from=PdfReader(str(source)))
    writer.encrypt(user_password=password, owner_password=password, algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    mode = stat.S_IMODE(source.stat().st_mode)
    return atomic_write_bytes(source, buffer.getvalue(), force=True, mode=mode)


def _list_rows(path: Path) -> list[list[object]]:
    """The rows of a CSV or JSON list this program wrote (the ' put before = + - @ is undone:
    in .xlsx the text is a string cell anyway)."""
    import csv
    import json

    from creditbook.usertext import CSV_LEADS

    if path.suffix.lower() == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        records = data if isinstance(data, list) else [data]
        headers = list(dict.fromkeys(k for r in records if isinstance(r, dict) for k in r))
        return [headers, *([_plain(r.get(k)) for k in headers] for r in records)]
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return [
        [v[1:] if v.startswith("'") and v[1:].startswith(CSV_LEADS) else v for v in row]
        for row in rows
    ]


def _plain(value: object) -> object:
    import json

    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def encrypt_list(path: str | Path, password: str) -> Path:
    """A CSV/JSON list with customer data → a password-protected .xlsx; the plain file is removed.

    ``清单.csv`` becomes ``清单.xlsx`` (``清单-csv.xlsx`` when that name is taken).
    """
    from creditbook.usertext import rows_workbook

    source = Path(path)
    target = source.with_suffix(".xlsx")
    if target.exists():
        target = source.with_name(f"{source.stem}-{source.suffix[1:].lower()}.xlsx")
    plain = io.BytesIO()
    rows_workbook(source.stem[:31] or "清单", _list_rows(source)).save(plain)
    staged = target.with_name(f".{target.stem}.plain.xlsx")  # owner-only, removed below
    try:
        atomic_write_bytes(staged, plain.getvalue(), force=True, mode=OWNER_FILE)
        encrypt_office_file(staged, password, out=target)
    finally:
        staged.unlink(missing_ok=True)
    source.unlink()
    return target


def protect_file(path: str | Path, password: str) -> Path:
    """Password-protect one output by its type; returns the protected file's path.

    .docx/.xlsx are encrypted (an already encrypted one is left as it is, with its own
    password), PDFs get AES-256, CSV/JSON lists become encrypted .xlsx.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in OFFICE_SUFFIXES:
        if not is_encrypted_office_file(path):
            encrypt_office_file(path, password)
        return path
    if suffix == ".pdf":
        return path if is_encrypted_pdf(path) else encrypt_pdf(path, password)
    if suffix in (".csv", ".json"):
        return encrypt_list(path, password)
    return path
