"""LibreOffice kept running for the whole command: one soffice per worker, reused by every batch.

Starting LibreOffice costs about a second; a command that prints letters in several
batches used to pay it for each. Here each worker is an soffice listening on a pipe and
a small UNO client (``_uno_client.py``, run by a Python that has LibreOffice's ``uno``
module) that converts one document per request. Workers start on first use, are reused
until the command ends, and a worker whose LibreOffice died is started again.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

from creditbook.core.errors import CreditbookError
from creditbook.portable import is_windows, process_group_options, stop_process_group

START_TIMEOUT = 60.0
CLIENT = Path(__file__).with_name("_uno_client.py")
_names = itertools.count(1)


class OfficeDied(CreditbookError):
    """LibreOffice stopped while converting (it is started again for the next document)."""


@cache
def uno_python(soffice: str) -> str | None:
    """A Python that can import LibreOffice's ``uno`` module, or None (then: batch mode)."""
    candidates = [
        os.environ.get("CREDITBOOK_UNO_PYTHON", ""),
        "/usr/bin/python3",
        str(Path(soffice).resolve().parent / ("python.exe" if is_windows() else "python")),
        sys.executable,
    ]
    for candidate in dict.fromkeys(c for c in candidates if c and Path(c).exists()):
        try:
            probe = subprocess.run(
                [candidate, "-c", "import uno"], env=_client_env(), capture_output=True, timeout=30
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return candidate
    return None


def _client_env() -> dict[str, str]:
    """The environment without this interpreter's own paths (the client's Python differs)."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


class OfficeWorker:
    """One soffice and its UNO client; ``convert`` starts them, or starts them again."""

    def __init__(self, soffice: str, python: str, env: dict[str, str], folder: Path) -> None:
        self.soffice, self.python, self.env, self.folder = soffice, python, env, folder
        self.office: subprocess.Popen | None = None
        self.client: subprocess.Popen | None = None
        self.replies: queue.Queue[str | None] = queue.Queue()
        self.starts = 0

    @property
    def alive(self) -> bool:
        running = (p is not None and p.poll() is None for p in (self.office, self.client))
        return all(running)

    def start(self) -> None:
        self.stop()
        pipe = f"creditbook{os.getpid()}n{next(_names)}"
        profile = self.folder / "profile"
        self.office = subprocess.Popen(
            [
                self.soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--invisible",
                "--norestore",
                "--nolockcheck",
                "--nodefault",
                "--nologo",
                f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
            ],
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **process_group_options(),  # soffice.bin is a child of the launcher: stop both
        )
        log = open(self.folder / "client.log", "ab")  # noqa: SIM115 - the client's whole life
        self.client = subprocess.Popen(
            [self.python, str(CLIENT), pipe, str(START_TIMEOUT)],
            env=_client_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            encoding="utf-8",
        )
        log.close()
        self.replies = queue.Queue()
        threading.Thread(target=_read_lines, args=(self.client, self.replies), daemon=True).start()
        self.starts += 1
        if self._reply(START_TIMEOUT + 5) is None:
            self.stop()
            raise OfficeDied(f"LibreOffice 未能启动 did not start: {self._log_tail()}")

    def convert(self, source: Path, target: Path, timeout: float) -> None:
        """``source`` → PDF at ``target``; a LibreOffice that died is started again once."""
        for attempt in (1, 2):
            if not self.alive:
                self.start()
            assert self.client is not None and self.client.stdin is not None
            request = json.dumps({"source": str(source), "target": str(target)})
            try:
                self.client.stdin.write(request + "\n")
                self.client.stdin.flush()
            except OSError:
                reply = None
            else:
                reply = self._reply(timeout)
            if reply is not None and reply.get("ok"):
                return
            if reply is not None and self.alive:
                raise OfficeDied(f"{source.name}: {reply.get('error')}")
            self.stop()
            if attempt == 2:
                raise OfficeDied(f"{source.name}: LibreOffice 意外退出 stopped while converting")

    def _reply(self, timeout: float) -> dict | None:
        try:
            line = self.replies.get(timeout=timeout)
        except queue.Empty:
            return None
        return json.loads(line) if line else None

    def _log_tail(self) -> str:
        try:
            return (self.folder / "client.log").read_text(errors="replace")[-500:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.office is not None:
            stop_process_group(self.office)
        for process in (self.client, self.office):
            if process is None or process.poll() is not None:
                continue
            if process is self.client and process.stdin:
                with contextlib.suppress(OSError):
                    process.stdin.close()
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.client is not None and self.client.stdout is not None:
            with contextlib.suppress(OSError, ValueError):
                self.client.stdout.close()
        self.office = self.client = None


def _read_lines(process: subprocess.Popen, replies: queue.Queue) -> None:
    assert process.stdout is not None
    with contextlib.suppress(OSError, ValueError):  # closed by stop()
        for line in process.stdout:
            replies.put(line)
    replies.put(None)


class OfficePool:
    """Up to ``size`` workers for one command; each document goes to one of them."""

    def __init__(self, soffice: str, python: str, env: dict[str, str], size: int) -> None:
        self.soffice, self.python, self.env, self.size = soffice, python, env, size
        self.folder = Path(tempfile.mkdtemp(prefix="creditbook-office-"))
        self.workers: list[OfficeWorker] = []
        self.lock = threading.Lock()

    def convert(self, jobs: Sequence[tuple[Path, Path]], timeout: float) -> None:
        """Convert every (source, target) pair, the workers in parallel."""
        count = max(1, min(self.size, len(jobs)))
        with self.lock:
            while len(self.workers) < count:
                folder = self.folder / f"w{len(self.workers)}"
                folder.mkdir()
                self.workers.append(OfficeWorker(self.soffice, self.python, self.env, folder))
        shares = [jobs[i::count] for i in range(count)]

        def run(worker: OfficeWorker, share: Sequence[tuple[Path, Path]]) -> None:
            for source, target in share:
                worker.convert(source, target, timeout)

        with ThreadPoolExecutor(count) as threads:
            pairs = zip(self.workers[:count], shares, strict=True)
            for future in [threads.submit(run, worker, share) for worker, share in pairs]:
                future.result()

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers = []
        shutil.rmtree(self.folder, ignore_errors=True)


_POOLS: dict[tuple[str, int], OfficePool] = {}


def office_pool(
    soffice: str, env_for: Callable[[], dict[str, str]], size: int
) -> OfficePool | None:
    """The command's pool of running LibreOffice workers (None where ``uno`` is missing)."""
    python = uno_python(soffice)
    if python is None:
        return None
    key = (soffice, size)
    if key not in _POOLS:
        _POOLS[key] = OfficePool(soffice, python, env_for(), size)
        atexit.register(_POOLS[key].close)
    return _POOLS[key]


def close_pools() -> None:
    """Stop every LibreOffice this process started (also done when the process ends)."""
    for pool in _POOLS.values():
        pool.close()
    _POOLS.clear()
