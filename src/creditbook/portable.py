"""What differs between Windows and POSIX, in one place.

creditbook's users are on Windows PCs first, and on macOS and Linux. Every call that exists
on one platform only goes through this module, each with a Windows path and a POSIX path:

- exclusive file locks (``msvcrt.locking`` on Windows, ``fcntl.flock`` on POSIX), taken on a
  lock file opened without following a planted symlink;
- owner-only permissions (an ACL set with ``icacls`` on Windows, ``chmod`` modes on POSIX);
- a time limit on a piece of work (``SIGALRM`` on POSIX, a watchdog thread that interrupts
  the main thread on Windows);
- opening a folder in the file manager (``os.startfile`` on Windows);
- starting a program with its children in a group of their own and stopping the whole group
  (a new process group and ``taskkill /T`` on Windows, a session and ``killpg`` on POSIX).

No other module of creditbook imports a platform-only module (``fcntl``, ``msvcrt``,
``termios``, ``pwd``, ``grp``, ``resource``, ``winreg``): a test reads every source file.
``PLATFORM`` is read at every call, so the test suite runs the Windows paths on any machine.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypedDict

PLATFORM = sys.platform
"""The platform the branches below follow (``win32``, ``darwin``, ``linux``)."""

POLL_SECONDS = 0.05
"""How often a waiting Windows lock tries again (``msvcrt`` has no blocking lock of its own)."""

_BUSY_ERRNOS = {errno.EACCES, errno.EAGAIN, getattr(errno, "EDEADLOCK", errno.EDEADLK)}


def is_windows() -> bool:
    return PLATFORM == "win32"


class LockHeld(Exception):
    """Another process holds the lock (raised only when not waiting for it)."""


class SymlinkRefused(OSError):
    """A lock file path is a symlink: it is refused, never followed."""


def _open_lock_file(path: Path) -> int:
    """Open (create) a lock file for reading and writing; never through a symlink.

    POSIX refuses a link in the same call (``O_NOFOLLOW``); Windows has no such flag, so a link
    is refused before the open and the opened file is checked to be the one at ``path``.
    """
    if path.is_symlink():
        raise SymlinkRefused(errno.ELOOP, "lock file is a symlink", str(path))
    flags = os.O_RDWR | os.O_CREAT
    for name in ("O_NOFOLLOW", "O_CLOEXEC", "O_BINARY", "O_NOINHERIT"):
        flags |= getattr(os, name, 0)
    try:
        return os.open(path, flags, 0o600)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise SymlinkRefused(errno.ELOOP, "lock file is a symlink", str(path)) from None
        raise


def _try_lock(handle: int) -> bool:
    """Take the lock without waiting; False when another process holds it."""
    if is_windows():
        import msvcrt

        # Windows locks byte ranges: byte 0 of the lock file, which may lie beyond its end.
        os.lseek(handle, 0, os.SEEK_SET)
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError as error:
            if error.errno in _BUSY_ERRNOS:
                return False
            raise
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in _BUSY_ERRNOS:
            return False
        raise
    return True


def _wait_lock(handle: int) -> None:
    if is_windows():
        while not _try_lock(handle):
            time.sleep(POLL_SECONDS)
        return
    import fcntl

    fcntl.flock(handle, fcntl.LOCK_EX)


def _unlock(handle: int) -> None:
    if is_windows():
        import msvcrt

        os.lseek(handle, 0, os.SEEK_SET)
        msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    import fcntl

    fcntl.flock(handle, fcntl.LOCK_UN)


def _still_at(handle: int, path: Path) -> bool:
    """True when ``path`` still names the opened file (a removable lock may have been
    removed and made anew by another run between our open and our lock)."""
    try:
        here, there = os.fstat(handle), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


@contextlib.contextmanager
def exclusive_lock(path: str | Path, *, wait: bool = True, remove: bool = False) -> Iterator[None]:
    """Hold an exclusive lock on the lock file ``path`` (created when missing).

    Works between processes on one PC and, on Windows, between PCs on a shared folder (SMB
    byte-range locks). ``wait=False`` raises ``LockHeld`` at once when another process holds
    it. ``remove=True`` deletes the lock file afterwards (an output folder is left clean); a
    run that locked a file another run had just removed tries again on the new one.
    A symlink at ``path`` raises ``SymlinkRefused``.
    """
    path = Path(path)
    while True:
        handle = _open_lock_file(path)
        try:
            if wait:
                _wait_lock(handle)
            elif not _try_lock(handle):
                raise LockHeld(str(path))
        except BaseException:
            os.close(handle)
            raise
        if not remove or _still_at(handle, path):
            break
        _unlock(handle)
        os.close(handle)
    try:
        yield
    finally:
        if remove and not is_windows():
            # POSIX: remove while still holding it, so no one can lock the old file after us.
            with contextlib.suppress(OSError):
                path.unlink()
        _unlock(handle)
        os.close(handle)
        if remove and is_windows():
            # Windows cannot delete a file that is open; a run that has it open keeps it.
            with contextlib.suppress(OSError):
                path.unlink()


OWNER_DIR_MODE = 0o700
OWNER_FILE_MODE = 0o600


def restrict_to_owner(path: str | Path) -> Path:
    """Let only the current user (and the system) read ``path``.

    POSIX: mode 0700 for a folder, 0600 for a file. Windows: the folder's ACL is replaced by
    full control for the user and SYSTEM, inherited by everything created inside it; a file
    written into such a folder already carries it, so files are left as they are.
    """
    path = Path(path)
    if not is_windows():
        os.chmod(path, OWNER_DIR_MODE if path.is_dir() else OWNER_FILE_MODE)
        return path
    if path.is_dir():
        user = windows_user()
        command = ["icacls", str(path), "/inheritance:r", "/grant:r"]
        command += [f"{user}:(OI)(CI)F", "*S-1-5-18:(OI)(CI)F", "/Q"]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode:
            raise PermissionError(
                errno.EACCES, f"icacls: {(done.stderr or done.stdout).strip()}", str(path)
            )
    return path


def windows_user() -> str:
    """``DOMAIN\\user`` of the signed-in Windows user (from the environment Windows sets)."""
    user = os.environ.get("USERNAME", "")
    if not user:
        raise PermissionError(errno.EACCES, "USERNAME is not set: cannot name the owner")
    domain = os.environ.get("USERDOMAIN", "")
    return f"{domain}\\{user}" if domain else user


def running_as_root() -> bool:
    """True for the POSIX superuser (uid 0); Windows has no such user, so always False."""
    return not is_windows() and hasattr(os, "geteuid") and os.geteuid() == 0


def open_in_file_manager(folder: str | Path) -> None:
    """Show ``folder`` in Explorer / Finder / the desktop's file manager."""
    if is_windows():
        os.startfile(folder)  # type: ignore[attr-defined]
    else:
        opener = "open" if PLATFORM == "darwin" else "xdg-open"
        subprocess.Popen([opener, str(folder)])


CREATE_NEW_PROCESS_GROUP = 0x00000200  # subprocess.CREATE_NEW_PROCESS_GROUP (Windows only)


class GroupOptions(TypedDict, total=False):
    """The keyword arguments ``process_group_options`` gives ``subprocess.Popen``."""

    creationflags: int
    start_new_session: bool


def process_group_options() -> GroupOptions:
    """Popen options that start a program (LibreOffice's launcher) in a group of its own, so
    that ``stop_process_group`` also reaches the children it starts (soffice.bin).

    POSIX: a new session, whose process group is signalled. Windows has no sessions: a new
    process group, whose tree ``taskkill /T`` stops.
    """
    if is_windows():
        return {"creationflags": CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """Stop a program started with ``process_group_options`` and every child it started."""
    if is_windows():
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):  # gone, or no taskkill
            subprocess.run(
                ["taskkill", "/PID", str(process.pid), "/T", "/F"],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=30,
            )
        return
    running = process.poll() is None
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGTERM if running else signal.SIGKILL)


class _Watchdog:
    """Interrupts the main thread once ``seconds`` have passed, unless stopped first."""

    def __init__(self, seconds: float) -> None:
        self.guard = threading.Lock()
        self.done = False
        self.fired = False
        self.received = False
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True

    def _fire(self) -> None:
        with self.guard:
            if not self.done:
                self.fired = True
                import _thread

                _thread.interrupt_main()

    def stop(self) -> None:
        with self.guard:
            self.done = True
        self.timer.cancel()
        if self.fired and not self.received:
            # The interrupt was sent: let it arrive here rather than in the caller's code.
            with contextlib.suppress(KeyboardInterrupt):
                for _ in range(1000):
                    time.sleep(0.001)


@contextlib.contextmanager
def time_limit(seconds: float, expired: Callable[[], BaseException]) -> Iterator[None]:
    """Raise ``expired()`` inside the block once it has run ``seconds``.

    Only the main thread can be interrupted (POSIX: ``SIGALRM``; Windows, which has no alarm
    signal: a watchdog thread interrupts the main thread). Elsewhere, or when a limit is
    already running, the block runs unlimited: callers keep their own checks of the clock.
    """
    main = threading.current_thread() is threading.main_thread()
    if not main:
        yield
        return
    if not is_windows() and hasattr(signal, "setitimer"):
        if signal.getitimer(signal.ITIMER_REAL)[0]:
            yield
            return

        def expire(_signum: int, _frame: object) -> None:
            raise expired()

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    watchdog = _Watchdog(seconds)
    watchdog.timer.start()
    try:
        yield
    except KeyboardInterrupt:
        if not watchdog.fired:
            raise  # the user's own Ctrl+C
        watchdog.received = True
        raise expired() from None
    finally:
        watchdog.stop()
