"""Run creditbook in a child Python that behaves as on Windows (see simulated/sitecustomize.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parents[1] / "src"
SIMULATED = HERE / "simulated"
TIMEOUT = 300
CONSOLE = "gbk"  # cmd.exe's code page on Chinese Windows when output is redirected


def windows_env(home: Path, encoding: str = CONSOLE) -> dict[str, str]:
    """A Windows user's environment: the stand-ins first on the paths, a home folder, the
    console's code page as Python's I/O encoding (cp936 when output is redirected)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(SIMULATED), str(SRC)])
    env["PATH"] = os.pathsep.join([str(SIMULATED / "bin"), env.get("PATH", "")])
    env["PYTHONIOENCODING"] = encoding
    env["USERNAME"] = "zhangmin"
    env["USERDOMAIN"] = "DINGRUN"
    env["HOME"] = env["USERPROFILE"] = str(home)
    env["CREDITBOOK_TEST_ICACLS_LOG"] = str(home / "icacls.log")
    env["CREDITBOOK_TEST_STARTFILE_LOG"] = str(home / "startfile.log")
    env.pop("COLUMNS", None)
    return env


def start(args: list[str], home: Path, cwd: Path | None = None, **kw: object) -> subprocess.Popen:
    """``creditbook ARGS`` started in the simulated Windows (not waited for)."""
    return subprocess.Popen(
        [sys.executable, "-m", "creditbook", *map(str, args)],
        env=windows_env(home, **kw),  # type: ignore[arg-type]
        cwd=cwd or home,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def run(args: list[object], home: Path, cwd: Path | None = None, **kw: object) -> Done:
    process = start([str(a) for a in args], home, cwd, **kw)
    out, err = process.communicate(timeout=TIMEOUT)
    return Done(process.returncode, out, err)


def run_python(code: str, home: Path, **kw: object) -> Done:
    """Python ``code`` in the simulated Windows."""
    process = subprocess.run(
        [sys.executable, "-c", code],
        env=windows_env(home, **kw),  # type: ignore[arg-type]
        cwd=home,
        capture_output=True,
        timeout=TIMEOUT,
    )
    return Done(process.returncode, process.stdout, process.stderr)


class Done:
    """A finished run: exit code and its output decoded as the console's code page."""

    def __init__(self, code: int, out: bytes, err: bytes, encoding: str = CONSOLE) -> None:
        self.code = code
        self.out = out.decode(encoding)  # fails the test if the bytes are not GBK
        self.err = err.decode(encoding)

    def __repr__(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.out[-3000:]}\n--- stderr\n{self.err[-3000:]}"
