"""How a running LibreOffice is started in a group of its own and stopped with its
soffice.bin, on POSIX (a session, killpg) and on Windows (a process group, taskkill /T),
with Windows played through ``portable.PLATFORM`` and the process calls recorded."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from creditbook import portable
from creditbook.office import libreoffice as office


@pytest.fixture
def sleeper():
    """A real process standing in for the soffice launcher."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()


@pytest.fixture
def recorded(monkeypatch):
    calls: list[tuple] = []

    def run(command, **options):
        calls.append(("run", command, options))
        return subprocess.CompletedProcess(command, 0, b"", b"")

    def killpg(pid, signum):
        calls.append(("killpg", pid, signum))

    monkeypatch.setattr(portable.subprocess, "run", run)
    monkeypatch.setattr(portable.os, "killpg", killpg)
    return calls


def test_windows_starts_soffice_in_a_new_process_group(monkeypatch):
    monkeypatch.setattr(portable, "PLATFORM", "win32")
    assert portable.process_group_options() == {"creationflags": 0x200}


def test_posix_starts_soffice_in_a_new_session(monkeypatch):
    monkeypatch.setattr(portable, "PLATFORM", "linux")
    assert portable.process_group_options() == {"start_new_session": True}


def test_windows_stops_the_launcher_and_its_children_with_taskkill(sleeper, recorded, monkeypatch):
    monkeypatch.setattr(portable, "PLATFORM", "win32")
    portable.stop_process_group(sleeper)
    assert recorded == [
        (
            "run",
            ["taskkill", "/PID", str(sleeper.pid), "/T", "/F"],
            {"stdin": subprocess.DEVNULL, "capture_output": True, "timeout": 30},
        )
    ]


def test_windows_without_taskkill_goes_on(sleeper, monkeypatch):
    def run(command, **options):
        raise FileNotFoundError(command[0])

    monkeypatch.setattr(portable, "PLATFORM", "win32")
    monkeypatch.setattr(portable.subprocess, "run", run)
    portable.stop_process_group(sleeper)  # no error: stop() still ends the launcher


def test_posix_signals_the_group_term_while_running_kill_after(sleeper, recorded, monkeypatch):
    monkeypatch.setattr(portable, "PLATFORM", "linux")
    portable.stop_process_group(sleeper)
    sleeper.kill()
    sleeper.wait()
    portable.stop_process_group(sleeper)
    assert recorded == [
        ("killpg", sleeper.pid, signal.SIGTERM),
        ("killpg", sleeper.pid, signal.SIGKILL),
    ]


def test_a_worker_stopped_on_windows_uses_taskkill_and_ends_its_launcher(
    sleeper, recorded, monkeypatch, tmp_path
):
    monkeypatch.setattr(portable, "PLATFORM", "win32")
    worker = office.OfficeWorker("soffice.exe", "python.exe", {}, tmp_path)
    worker.office = sleeper
    worker.stop()
    assert [call[1][0] for call in recorded] == ["taskkill"]
    assert sleeper.poll() is not None and worker.office is None
