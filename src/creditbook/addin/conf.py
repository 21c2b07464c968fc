"""Merge ``UDF MODULES = creditbook.udfs`` into the user's xlwings.conf, keeping the rest."""

# xlwings.conf holds one "KEY","VALUE" pair per line; the xlwings add-in (and its ribbon
# field "UDF Modules") reads it from ~/.xlwings/xlwings.conf. Modules are separated by ";".

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from creditbook.addin.functions import UDF_MODULE
from creditbook.files import atomic_write_text
from creditbook.portable import is_windows

UDF_KEY = "UDF MODULES"
_QUOTED = re.compile(r'"[^"]*"')


def user_config_path(home: str | Path | None = None) -> Path:
    base = Path(home) if home is not None else Path.home()
    return base / ".xlwings" / "xlwings.conf"


def parse_conf(text: str) -> dict[str, str]:
    """Key (upper case) → value, read the way xlwings and its VBA read the file."""
    config = {}
    for line in text.splitlines():
        values = _QUOTED.findall(line)
        if len(values) >= 2:
            config[values[0].strip('"').upper()] = values[1].strip('"')
    return config


def merge_modules(current: str, module: str = UDF_MODULE) -> str:
    """Add ``module`` to a ``;``-separated module list unless it is already there."""
    modules = [m.strip() for m in current.split(";") if m.strip()]
    if module not in modules:
        modules.append(module)
    return ";".join(modules)


def merge_udf_modules(text: str, module: str = UDF_MODULE) -> str:
    """The conf text with ``module`` in UDF MODULES; every other line kept verbatim."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        values = _QUOTED.findall(line)
        if len(values) >= 2 and values[0].strip('"').strip().upper() == UDF_KEY:
            merged = merge_modules(values[1].strip('"'), module)
            ending = line[len(line.rstrip("\r\n")) :] or "\n"
            lines[i] = f'{values[0]},"{merged}"{ending}'
            return "".join(lines)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return "".join(lines) + f'"{UDF_KEY}","{module}"\n'


@dataclass(frozen=True)
class InstallResult:
    config: Path
    changed: bool
    xlwings_addin: str  # what `xlwings addin install` printed ("" where it was not run)
    xlwings_failed: bool = False  # it ran and did not install the add-in


def install(home: str | Path | None = None, run_xlwings: bool | None = None) -> InstallResult:
    """Write/merge the user's xlwings.conf; on Windows also run ``xlwings addin install``."""
    path = user_config_path(home)
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    after = merge_udf_modules(before)
    changed = after != before
    if changed:
        atomic_write_text(path, after, force=True)
    if run_xlwings is None:
        run_xlwings = is_windows()
    if not run_xlwings:
        return InstallResult(path, changed, "")
    code, output = _install_xlwings_addin()
    return InstallResult(path, changed, output, xlwings_failed=code != 0)


def _install_xlwings_addin() -> tuple[int, str]:
    command = [sys.executable, "-m", "xlwings.cli", "addin", "install"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return done.returncode, (done.stdout + done.stderr).strip()
