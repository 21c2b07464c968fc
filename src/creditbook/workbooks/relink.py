"""`workbook relink`: CB_ calls that Excel saved through an add-in link, made plain again.

A workbook used with ``creditbook.xlam`` on one PC carries ``[1]!CB_SCORE(...)`` and an
external link to that PC's add-in path; opened where the add-in lives elsewhere (or with
the standard xlwings add-in, or in xlwings Lite), Excel asks to update the link and the
formulas fail. Saved without the add-in, Excel writes ``_xludf.CB_SCORE(...)``. Relinking
rewrites every such call to plain ``CB_SCORE(...)`` and removes the add-in's external link;
links to other workbooks are kept (and renumbered).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from creditbook.core.errors import CreditbookError
from creditbook.files import atomic_write_bytes, check_output
from creditbook.workbooks._links import without_addin_links


class RelinkError(CreditbookError):
    """The workbook cannot be read."""


@dataclass(frozen=True)
class RelinkResult:
    """What relinking changed.

    Attributes:
        path: the written workbook.
        formulas: formulas (cells and defined names) rewritten.
        removed: the add-in links removed, as Excel recorded their targets.
    """

    path: Path
    formulas: int
    removed: tuple[str, ...]


def relink_workbook(
    path: str | Path, out: str | Path | None = None, force: bool = False
) -> RelinkResult:
    """Write ``path`` with plain CB_ calls to ``out`` (default: ``path``, which needs ``force``)."""
    path = Path(path)
    target = Path(out) if out is not None else path
    check_output(target, force)
    try:
        data, removed, changed = without_addin_links(path.read_bytes())
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise RelinkError(
            f"{path}: 不是有效的 .xlsx 工作簿 not a readable workbook ({error})"
        ) from None
    atomic_write_bytes(target, data, force)
    return RelinkResult(target, changed, tuple(link.target for link in removed))
