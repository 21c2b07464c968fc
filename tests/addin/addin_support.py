"""Helpers shared by the add-in tests: modules under test and child-process probes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from creditbook.addin.officejs import run_requests

HERE = Path(__file__).parent
REPO = HERE.parents[1]
# Every test runs over each module listed here (a second UDF module would join this list).
UDF_MODULES = ["creditbook.udfs"]


def child_env() -> dict[str, str]:
    paths = [str(HERE), str(REPO / "src"), *sys.path]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in paths if p))


def officejs(requests: list[dict], extra_paths: list[str] = ()) -> list:
    """Answers of one server-mode child process; each request names its "module"."""
    return run_requests(requests, pythonpath=[str(HERE), *extra_paths])


def classic_vba(modules: list[str]) -> dict[str, dict]:
    """VBA wrappers and classic metadata per module, generated as on Windows (vba_probe.py)."""
    done = subprocess.run(
        [sys.executable, str(HERE / "vba_probe.py"), *modules],
        capture_output=True,
        text=True,
        env=child_env(),
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout)
