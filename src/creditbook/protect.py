"""Confidentiality (保密): owner-only files and folders, password-protected Office files."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

from creditbook.core.errors import CreditbookError
from creditbook.files import atomic_write_bytes

OWNER_DIR = 0o700
OWNER_FILE = 0o600
OFFICE_SUFFIXES = (".docx", ".xlsx", ".xlsm", ".pptx")


class ProtectionError(CreditbookError):
    """A file could not be protected (unsupported type, already encrypted…)."""


def owner_only(path: str | Path) -> Path:
    """Restrict ``path`` to its owner: 0700 for folders, 0600 for files."""
    path = Path(path)
    os.chmod(path, OWNER_DIR if path.is_dir() else OWNER_FILE)
    return path


def is_owner_only(path: str | Path) -> bool:
    """True when neither group nor others may read, write or enter ``path``."""
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
    return atomic_write_bytes(target, encrypted.getvalue(), force=force or out is None)


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
