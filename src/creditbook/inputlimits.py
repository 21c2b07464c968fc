"""Limits on the files users bring: a workbook or Word file is measured before it is parsed.

An .xlsx/.docx is a zip; a 4 MB file can hold a sheet that expands to gigabytes (a "zip
bomb"). Before any parser sees it, the zip's directory is read and the file is refused when
a part, or all parts together, would expand beyond the limit (default 200 MB, option
``--max-input-mb``), or a large part is compressed more than real spreadsheets ever are.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import BinaryIO, TypeVar

from creditbook.core.errors import CreditbookError

_Package = TypeVar("_Package", bound=BinaryIO)

DEFAULT_MAX_MB = 200
MAX_RATIO = 200  # uncompressed / compressed; real sheets stay well below 100
RATIO_FLOOR = 10 * 1024 * 1024  # parts smaller than this may be compressed as much as they like
ENVIRONMENT = "CREDITBOOK_MAX_INPUT_MB"

_max_mb: float | None = None


class InputTooLarge(CreditbookError):
    """An input file (or a part inside it) is larger than the input limit."""


def set_max_input_mb(megabytes: float | None) -> None:
    """Set the limit for this process (``--max-input-mb``); ``None`` restores the default."""
    global _max_mb
    if megabytes is not None and megabytes <= 0:
        raise InputTooLarge("--max-input-mb 须大于 0 (must be positive)")
    _max_mb = megabytes


def max_input_bytes() -> int:
    """The limit in bytes: ``--max-input-mb``, else $CREDITBOOK_MAX_INPUT_MB, else 200 MB."""
    megabytes = _max_mb
    if megabytes is None:
        try:
            megabytes = float(os.environ.get(ENVIRONMENT, "") or DEFAULT_MAX_MB)
        except ValueError:
            megabytes = DEFAULT_MAX_MB
    return int(megabytes * 1024 * 1024)


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB"


def check_size(path: str | Path) -> Path:
    """Refuse a file larger than the limit (CSV and every other input)."""
    path = Path(path)
    limit = max_input_bytes()
    try:
        size = path.stat().st_size
    except OSError:
        return path  # the reader reports a missing file in its own words
    if size > limit:
        raise InputTooLarge(
            f"{path.name}: 文件大小 {_mb(size)} 超过上限 {_mb(limit)} (input larger than the "
            "limit); 如确需读取请用 --max-input-mb 提高上限"
        )
    return path


def check_package(path: str | Path) -> Path:
    """Refuse an .xlsx/.docx whose parts would expand beyond the limit, before parsing it.

    Files that are not zips (.xls, .csv, encrypted Office files) are only checked for size.
    """
    path = check_size(path)
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return path  # not a zip: the parser gives its own message
    _check_parts(path.name, infos)
    return path


def check_package_bytes(name: str, data: _Package) -> _Package:
    """The same check for a package held in memory (a decrypted workbook)."""
    try:
        with zipfile.ZipFile(data) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        infos = []
    finally:
        data.seek(0)
    _check_parts(name, infos)
    return data


def _check_parts(name: str, infos: list[zipfile.ZipInfo]) -> None:
    limit = max_input_bytes()
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limit or total > limit:
            raise InputTooLarge(
                f"{name}: 解压后 {info.filename} 等部件共 {_mb(total)}，超过上限 "
                f"{_mb(limit)} (uncompressed size over the limit); 如确需读取请用 "
                "--max-input-mb 提高上限"
            )
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise InputTooLarge(
                f"{name}: 部件 {info.filename} 压缩比 {ratio:,.0f}:1 异常 "
                "(compression ratio of a zip bomb); 文件未被读取"
            )
