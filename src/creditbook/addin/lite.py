"""The two files a user pastes into the xlwings Lite editor (Excel on Mac and the web)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from creditbook import __version__
from creditbook.core.errors import CreditbookError
from creditbook.files import atomic_write_text

# A wheel xlwings Lite can install: pure Python (Pyodide has no native code of ours).
_WHEEL = re.compile(r"^creditbook-(?P<version>[0-9][^-]*)-py3-none-any\.whl$")


class WheelUrlError(CreditbookError):
    """The --wheel-url is not a creditbook wheel that xlwings Lite can fetch."""


MAIN_PY = '''\
"""creditbook for xlwings Lite: paste this into the main.py tab of the xlwings Lite editor.

Every CB_ worksheet function of creditbook.udfs becomes a name of this module, which is
how xlwings Lite finds custom functions; functions added to creditbook later appear here
without editing this file. Your own functions may follow below.
"""

import creditbook.udfs

globals().update(
    {
        name: getattr(creditbook.udfs, name)
        for name in dir(creditbook.udfs)
        if name.startswith("CB_")
    }
)
'''


def requirements_txt(version: str = __version__, wheel_url: str | None = None) -> str:
    """The lines for Lite's requirements.txt tab: the package, or the company-hosted wheel."""
    head = """\
# creditbook for xlwings Lite: paste below the xlwings line of the requirements.txt tab
# (keep the xlwings line that xlwings Lite wrote; its version belongs to xlwings Lite).
"""
    if wheel_url is not None:
        check_wheel_url(wheel_url)
        return (
            head
            + f"""\
# The wheel is fetched by the browser: its server must send the CORS header
# Access-Control-Allow-Origin: https://addin.xlwings.org (see addin/README.md).
{wheel_url}
"""
        )
    return (
        head
        + f"""\
# creditbook is installed from your company's package index; without one, host the wheel
# and run `creditbook addin lite --wheel-url https://…/creditbook-{version}-py3-none-any.whl`.
creditbook=={version}
"""
    )


def check_wheel_url(url: str) -> str:
    """An https URL of a creditbook py3-none-any wheel; returns the wheel's version."""
    parts = urlsplit(url.strip())
    name = unquote(parts.path.rsplit("/", 1)[-1])
    if parts.scheme != "https" or not parts.netloc:
        raise WheelUrlError(
            f"--wheel-url 须为 https 地址（浏览器中的 xlwings Lite 不能从 http 或本地路径下载）"
            f" must be an https URL: {url!r}"
        )
    match = _WHEEL.match(name)
    if match is None:
        raise WheelUrlError(
            f"--wheel-url 须指向纯 Python 的 creditbook 轮子文件 creditbook-<版本>-py3-none-any.whl"
            f" must name a pure-Python creditbook wheel: {name!r}"
        )
    return match.group("version")


def lite_files(wheel_url: str | None = None) -> dict[str, str]:
    return {"main.py": MAIN_PY, "requirements.txt": requirements_txt(wheel_url=wheel_url)}


def write_lite_files(
    folder: str | Path, force: bool = False, wheel_url: str | None = None
) -> list[Path]:
    return [
        atomic_write_text(Path(folder) / name, text, force=force)
        for name, text in lite_files(wheel_url).items()
    ]
