"""A batch's output folder: proven writable and roomy before numbers are used; one run at a time."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from creditbook.core.errors import CreditbookError
from creditbook.portable import LockHeld, SymlinkRefused, exclusive_lock

LOCK_NAME = ".creditbook-batch.lock"
BYTES_PER_DOCUMENT = 300 * 1024  # a letter is about 40 KB, a PDF about 150 KB
RESERVE_BYTES = 2 * 1024 * 1024  # manifest, legal list and some slack
FATAL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EACCES, errno.EPERM}


class FolderError(CreditbookError):
    """The output folder cannot take the batch (read-only, full, or in use by another run)."""


def is_fatal(error: BaseException) -> bool:
    """A failure of the folder itself (disk full, read-only), not of one document."""
    return isinstance(error, OSError) and error.errno in FATAL_ERRNOS


def room_needed(documents: int, pdf: bool = False) -> int:
    return documents * BYTES_PER_DOCUMENT * (2 if pdf else 1) + RESERVE_BYTES


def check_folder(folder: Path, documents: int, pdf: bool = False) -> Path:
    """Create ``folder`` if needed, prove a file can be written there and that there is room.

    Called before any letter number is reserved, so a folder that cannot take the batch
    costs no numbers.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".creditbook-probe-{os.getpid()}"
        with open(probe, "wb") as handle:
            handle.write(b"\0" * 4096)
            handle.flush()
            os.fsync(handle.fileno())
        probe.unlink()
    except OSError as error:
        raise FolderError(
            f"{folder}: 输出目录不可写 output folder not writable ({error.strerror or error}); "
            "未使用任何函件编号 no letter number was used"
        ) from None
    free, needed = shutil.disk_usage(folder).free, room_needed(documents, pdf)
    if free < needed:
        raise FolderError(
            f"{folder}: 磁盘空间不足 not enough free space ({free // 1024:,} KB free, "
            f"about {needed // 1024:,} KB needed for {documents} documents); "
            "未使用任何函件编号 no letter number was used"
        )
    return folder


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the folder for one batch; a second run into the same folder is refused at once.

    The lock file is opened without following symlinks (a planted link is refused) and
    removed when the batch ends.
    """
    path = folder / LOCK_NAME
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(exclusive_lock(path, wait=False, remove=True))
        except SymlinkRefused:
            raise FolderError(f"{path}: 锁文件是符号链接 lock file is a symlink; 已拒绝") from None
        except LockHeld:
            raise FolderError(
                f"{folder}: 另一个批次正在写入此目录 another run is writing into this folder; "
                "请等它完成或换一个输出目录 wait for it or use another --out"
            ) from None
        except OSError as error:
            raise FolderError(
                f"{folder}: 输出目录不可写 output folder not writable ({error.strerror})"
            ) from None
        yield
