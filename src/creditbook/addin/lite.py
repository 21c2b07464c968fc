"""The two files a user pastes into the xlwings Lite editor (Excel on Mac and the web)."""

from __future__ import annotations

from pathlib import Path

from creditbook import __version__
from creditbook.files import atomic_write_text

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


def requirements_txt(version: str = __version__) -> str:
    return f"""\
# creditbook for xlwings Lite: paste below the xlwings line of the requirements.txt tab
# (keep the xlwings line that xlwings Lite wrote; its version belongs to xlwings Lite).
# creditbook is installed from your company's package index; without one, replace the
# next line by the URL of the wheel creditbook-{version}-py3-none-any.whl (see addin/README.md).
creditbook=={version}
"""


def lite_files() -> dict[str, str]:
    return {"main.py": MAIN_PY, "requirements.txt": requirements_txt()}


def write_lite_files(folder: str | Path, force: bool = False) -> list[Path]:
    return [
        atomic_write_text(Path(folder) / name, text, force=force)
        for name, text in lite_files().items()
    ]
