"""Windows' ``msvcrt.locking`` on a POSIX test machine: the same calls and the same errors.

``locking(fd, mode, nbytes)`` locks ``nbytes`` from the file's current position, as the C
runtime's ``_locking`` does; a region must be unlocked exactly as it was locked. Between open
files the lock is exclusive (built on ``flock``, which, like Windows' locks, also excludes a
second open of the file in the same process). ``LK_LOCK`` tries ten times a second apart, then
fails with EDEADLOCK; ``LK_NBLCK`` fails at once with EACCES.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time

LK_UNLCK, LK_LOCK, LK_NBLCK, LK_RLCK, LK_NBRLCK = 0, 1, 2, 3, 4

held: dict[int, tuple[int, int]] = {}  # fd → (position, bytes) it has locked
calls: list[tuple[int, int, int]] = []  # (mode, position, bytes), for tests


def locking(fd: int, mode: int, nbytes: int) -> None:
    position = os.lseek(fd, 0, os.SEEK_CUR)
    calls.append((mode, position, nbytes))
    if mode == LK_UNLCK:
        if held.get(fd) != (position, nbytes):
            raise PermissionError(errno.EACCES, "Permission denied")
        fcntl.flock(fd, fcntl.LOCK_UN)
        del held[fd]
        return
    if fd in held:  # Windows refuses to lock a region the same handle already holds
        raise PermissionError(errno.EACCES, "Permission denied")
    tries = 10 if mode in (LK_LOCK, LK_RLCK) else 1
    for attempt in range(tries):
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if attempt + 1 < tries:
                time.sleep(1)
            continue
        held[fd] = (position, nbytes)
        return
    if tries == 1:
        raise PermissionError(errno.EACCES, "Permission denied")
    raise OSError(errno.EDEADLOCK, "Resource deadlock avoided")
