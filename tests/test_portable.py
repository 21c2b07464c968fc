"""creditbook.portable: each platform-only call, on its Windows path and its POSIX path."""

from __future__ import annotations

import ast
import errno
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from creditbook import portable

SRC = Path(__file__).resolve().parents[1] / "src" / "creditbook"
sys.path.insert(0, str(Path(__file__).resolve().parent / "windows"))
import fake_msvcrt  # noqa: E402

PLATFORM_ONLY = {"fcntl", "msvcrt", "termios", "pwd", "grp", "resource", "winreg", "_winapi"}
PLATFORM_ONLY_CALLS = {
    ("os", "killpg"), ("os", "getuid"), ("os", "geteuid"), ("os", "setsid"), ("os", "fork"),
    ("os", "startfile"), ("os", "chmod"), ("signal", "SIGALRM"), ("signal", "setitimer"),
    ("os", "getpgid"), ("os", "chown"),
}  # fmt: skip


def _sources() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p.name != "portable.py")


def test_no_module_but_portable_imports_a_platform_only_module():
    found = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            found += [
                f"{path.relative_to(SRC)}:{node.lineno} {name}"
                for name in names
                if name.split(".")[0] in PLATFORM_ONLY
            ]
    assert found == []


def test_no_module_but_portable_calls_a_platform_only_function():
    found = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and (node.value.id, node.attr) in PLATFORM_ONLY_CALLS
            ):
                found.append(f"{path.relative_to(SRC)}:{node.lineno} {node.value.id}.{node.attr}")
    assert found == []


@pytest.fixture(params=["linux", "win32"])
def platform(request, monkeypatch) -> str:
    """Each test runs on the POSIX path and on the Windows path (msvcrt's stand-in)."""
    monkeypatch.setattr(portable, "PLATFORM", request.param)
    if request.param == "win32":
        monkeypatch.setitem(sys.modules, "msvcrt", fake_msvcrt)
        fake_msvcrt.calls.clear()
    return request.param


def test_a_held_lock_keeps_a_second_holder_out_until_released(tmp_path, platform):
    path = tmp_path / "counter.json.lock"
    with (
        portable.exclusive_lock(path),
        pytest.raises(portable.LockHeld),
        portable.exclusive_lock(path, wait=False),
    ):
        pass
    with portable.exclusive_lock(path, wait=False):
        assert path.exists()
    if platform == "win32":
        # byte 0 locked and unlocked exactly, never waiting inside the C runtime
        assert fake_msvcrt.calls[:3] == [(fake_msvcrt.LK_NBLCK, 0, 1)] * 2 + [
            (fake_msvcrt.LK_UNLCK, 0, 1)
        ]
        assert fake_msvcrt.held == {}


def test_a_waiting_holder_gets_the_lock_when_the_first_lets_go(tmp_path, platform):
    path = tmp_path / "lock"
    order: list[str] = []
    taken = threading.Event()

    def first() -> None:
        with portable.exclusive_lock(path):
            taken.set()
            time.sleep(0.3)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    taken.wait(5)
    with portable.exclusive_lock(path):
        order.append("second in")
    thread.join()
    assert order == ["first done", "second in"]


HOLD = """
import sys, time
sys.path.insert(0, {windows!r})
from creditbook import portable
if {platform!r} == "win32":
    import fake_msvcrt
    sys.modules["msvcrt"] = fake_msvcrt
portable.PLATFORM = {platform!r}
with portable.exclusive_lock({path!r}):
    print("held", flush=True)
    time.sleep(1.0)
"""


def test_a_lock_held_by_another_process_keeps_this_one_out(tmp_path, platform):
    path = tmp_path / "lock"
    code = HOLD.format(
        windows=str(Path(__file__).parent / "windows"), platform=platform, path=str(path)
    )
    env = {**os.environ, "PYTHONPATH": str(SRC.parent)}
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, env=env)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        with pytest.raises(portable.LockHeld), portable.exclusive_lock(path, wait=False):
            pass
        started = time.monotonic()
        with portable.exclusive_lock(path):  # waits for the other process
            assert holder.poll() is not None or time.monotonic() - started > 0.2
    finally:
        holder.wait(10)


def test_a_removable_lock_leaves_no_file(tmp_path, platform):
    path = tmp_path / ".creditbook-batch.lock"
    with portable.exclusive_lock(path, wait=False, remove=True):
        assert path.exists()
    assert not path.exists()


def test_a_lock_file_removed_and_made_anew_after_opening_is_not_trusted(tmp_path, platform):
    path = tmp_path / "lock"
    handle = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        assert portable._still_at(handle, path)
        path.unlink()
        assert not portable._still_at(handle, path)
        path.write_bytes(b"")
        assert not portable._still_at(handle, path)
    finally:
        os.close(handle)


def test_a_symlink_at_the_lock_path_is_refused_not_followed(tmp_path, platform):
    target = tmp_path / "elsewhere"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "lock"
    link.symlink_to(target)
    with pytest.raises(portable.SymlinkRefused) as raised, portable.exclusive_lock(link):
        pass
    assert raised.value.errno == errno.ELOOP
    assert raised.value.filename == str(link)
    assert target.read_text(encoding="utf-8") == "keep"


def test_windows_lock_errors_other_than_busy_are_raised(tmp_path, monkeypatch):
    monkeypatch.setattr(portable, "PLATFORM", "win32")

    class Broken:
        LK_NBLCK, LK_UNLCK = 2, 0

        @staticmethod
        def locking(fd: int, mode: int, nbytes: int) -> None:
            raise OSError(errno.EBADF, "Bad file descriptor")

    monkeypatch.setitem(sys.modules, "msvcrt", Broken)
    lock = tmp_path / "lock"
    with pytest.raises(OSError, match="Bad file descriptor"), portable.exclusive_lock(lock):
        pass


def test_posix_owner_only_modes(tmp_path, monkeypatch):
    monkeypatch.setattr(portable, "PLATFORM", "linux")
    folder, file = tmp_path / "archive", tmp_path / "log"
    folder.mkdir()
    file.write_bytes(b"")
    portable.restrict_to_owner(folder)
    portable.restrict_to_owner(file)
    assert (folder.stat().st_mode & 0o777, file.stat().st_mode & 0o777) == (0o700, 0o600)


def test_windows_owner_only_is_an_acl_on_the_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(portable, "PLATFORM", "win32")
    monkeypatch.setenv("USERNAME", "zhangmin")
    monkeypatch.setenv("USERDOMAIN", "DINGRUN")
    ran: list[list[str]] = []

    def icacls(command, **kwargs):
        ran.append(command)
        return subprocess.CompletedProcess(command, 0, "Successfully processed 1 files", "")

    monkeypatch.setattr(portable.subprocess, "run", icacls)
    folder, file = tmp_path / "archive", tmp_path / "archive" / "log.sqlite"
    folder.mkdir()
    file.write_bytes(b"")
    mode = file.stat().st_mode
    assert portable.restrict_to_owner(folder) == folder
    assert portable.restrict_to_owner(file) == file
    assert ran == [
        ["icacls", str(folder), "/inheritance:r", "/grant:r", "DINGRUN\\zhangmin:(OI)(CI)F",
         "*S-1-5-18:(OI)(CI)F", "/Q"],
    ]  # fmt: skip
    assert file.stat().st_mode == mode  # a file inherits the folder's ACL


def test_windows_owner_only_failure_is_a_permission_error(tmp_path, monkeypatch):
    monkeypatch.setattr(portable, "PLATFORM", "win32")
    monkeypatch.setenv("USERNAME", "zhangmin")
    monkeypatch.delenv("USERDOMAIN", raising=False)
    monkeypatch.setattr(
        portable.subprocess,
        "run",
        lambda command, **kw: subprocess.CompletedProcess(command, 5, "", "Access is denied.\n"),
    )
    with pytest.raises(PermissionError) as raised:
        portable.restrict_to_owner(tmp_path)
    assert (raised.value.strerror, raised.value.filename) == (
        "icacls: Access is denied.",
        str(tmp_path),
    )
    assert portable.windows_user() == "zhangmin"
    monkeypatch.delenv("USERNAME")
    with pytest.raises(PermissionError, match="USERNAME is not set"):
        portable.windows_user()


def test_opening_a_folder(tmp_path, monkeypatch):
    opened: list[object] = []
    monkeypatch.setattr(portable.os, "startfile", opened.append, raising=False)
    monkeypatch.setattr(portable.subprocess, "Popen", opened.append)
    for platform in ("win32", "darwin", "linux"):
        monkeypatch.setattr(portable, "PLATFORM", platform)
        portable.open_in_file_manager(tmp_path)
    assert opened == [tmp_path, ["open", str(tmp_path)], ["xdg-open", str(tmp_path)]]


def test_root_is_uid_0_on_posix_and_nobody_on_windows(monkeypatch):
    monkeypatch.setattr(portable.os, "geteuid", lambda: 0, raising=False)
    monkeypatch.setattr(portable, "PLATFORM", "linux")
    assert portable.running_as_root() is True
    monkeypatch.setattr(portable, "PLATFORM", "win32")
    assert portable.running_as_root() is False
    monkeypatch.setattr(portable, "PLATFORM", "linux")
    monkeypatch.setattr(portable.os, "geteuid", lambda: 1000, raising=False)
    assert portable.running_as_root() is False


class Expired(Exception):
    pass


def test_a_runaway_loop_is_stopped_at_the_time_limit(platform):
    started = time.monotonic()
    with pytest.raises(Expired), portable.time_limit(0.3, Expired):
        while True:
            pass
    assert 0.25 < time.monotonic() - started < 5


def test_a_quick_block_is_not_interrupted_afterwards(platform):
    with portable.time_limit(0.2, Expired):
        total = sum(range(1000))
    time.sleep(0.4)  # a late interrupt would arrive here
    assert total == 499500


def test_the_users_own_ctrl_c_is_not_taken_for_the_time_limit(monkeypatch):
    monkeypatch.setattr(portable, "PLATFORM", "win32")
    with pytest.raises(KeyboardInterrupt), portable.time_limit(5, Expired):
        raise KeyboardInterrupt


def test_outside_the_main_thread_the_block_runs_unlimited(platform):
    results: list[object] = []

    def work() -> None:
        try:
            with portable.time_limit(0.05, Expired):
                time.sleep(0.2)
            results.append("finished")
        except Expired:
            results.append("expired")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert results == ["finished"]


def test_a_windows_render_of_a_template_that_loops_without_output_is_stopped(tmp_path, monkeypatch):
    """Windows has no SIGALRM: the watchdog must stop a loop that never yields output."""
    from creditbook.documents import render, samples
    from creditbook.documents.render import FastTemplate, TemplateError

    sys.path.insert(0, str(Path(__file__).parent / "documents"))
    monkeypatch.setattr(portable, "PLATFORM", "win32")
    monkeypatch.setattr(render, "MAX_RENDER_SECONDS", 0.5)
    from test_render import _template_with

    loops = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    path = _template_with(loops, tmp_path)
    started = time.monotonic()
    with pytest.raises(TemplateError, match=r"模板渲染超过 0\.5 秒 rendering took too long"):
        FastTemplate(path).render_bytes(samples.letter("demand"))
    assert time.monotonic() - started < 10


def test_the_windows_child_cannot_import_posix_modules():
    code = textwrap.dedent(
        """
        import sys
        sys.modules["fcntl"] = None
        from creditbook.documents import numbering, outfolder  # noqa: F401
        from creditbook.cli import app  # noqa: F401
        print("ok")
        """
    )
    env = {**os.environ, "PYTHONPATH": str(SRC.parent)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert (done.returncode, done.stdout) == (0, "ok\n"), done.stderr
