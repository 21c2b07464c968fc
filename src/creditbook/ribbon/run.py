"""One click of 生成文书: recognise the workbook, ask before overwriting, write, report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Protocol

from creditbook.core.errors import CreditbookError
from creditbook.ribbon.book import RibbonError, WorkbookValues, clean_text, title
from creditbook.ribbon.jobs import JOBS, Job, Outcome
from creditbook.settings import SETTINGS_FILE, Settings, load_settings
from creditbook.winnames import hashed_name, utf16_units

TITLE = "creditbook 生成文书"
MESSAGE_LIMIT = 1000  # Excel's message box shows about 1,024 characters
SHOWN_FILES = 12
SHOWN_FAILURES = 5
BOOK_UNITS = 40  # the workbook's name in its documents' folder name, in UTF-16 units


class Host(Protocol):
    """What a click needs from Excel (``ribbon.excel.ExcelHost``) or from a test."""

    def read(self) -> WorkbookValues: ...

    def ask(self, prompt: str) -> bool: ...  # 是 → True, 否 → False

    def tell(self, prompt: str, problem: bool = False) -> None: ...

    def open_folder(self, folder: Path) -> None: ...


def run(host: Host, today: dt.date | None = None) -> Outcome | None:
    """The button's whole action; every error ends as a message box, never a traceback."""
    try:
        return _run(host, today or dt.date.today())
    except CreditbookError as error:
        host.tell(
            clean_text(f"未能生成文书 cannot generate the documents:\n{error}", MESSAGE_LIMIT), True
        )
    except Exception as error:
        host.tell(
            clean_text(f"生成文书时出错 error ({type(error).__name__}): {error}", MESSAGE_LIMIT),
            True,
        )
    return None


def _run(host: Host, today: dt.date) -> Outcome | None:
    values = host.read()
    kind = values.kind
    if kind is None:
        raise RibbonError(
            f"{values.name} 不是 creditbook 的标准工作簿 is not a creditbook workbook. "
            f"生成文书适用于 works on: {'、'.join(title(k) for k in JOBS)} "
            "(由 creditbook workbook new 生成 made by `creditbook workbook new`)"
        )
    if kind not in JOBS:
        raise RibbonError(f"{title(kind)}不生成文书 has no documents to generate")
    if values.path is None:
        raise RibbonError("请先保存工作簿 save the workbook first: 文书写在工作簿所在的文件夹")
    settings, found = settings_for(values.path.parent)
    out = output_folder(values.path, values.name, today)
    force = _has_files(out)
    if force and not host.ask(
        clean_text(f"{out}\n已有文件。覆盖？ files exist: overwrite them?", MESSAGE_LIMIT)
    ):
        host.tell("未生成文书，已有文件保持不变 nothing written; the existing files are kept")
        return None
    outcome = JOBS[kind](Job(values, out, settings, force, today))
    if not found:
        outcome.notes.append(
            f"未找到 {SETTINGS_FILE}，使用默认公司信息 no settings file: default company details"
        )
    host.tell(summary(outcome, out, title(kind)), problem=bool(outcome.failed))
    if outcome.written:
        host.open_folder(out)
    return outcome


def settings_for(folder: Path) -> tuple[Settings, bool]:
    """creditbook.toml from the workbook's folder, else the user's home; else the defaults
    with the letter counter in the home folder. The flag says whether a file was found."""
    for candidate in (folder / SETTINGS_FILE, Path.home() / SETTINGS_FILE):
        if candidate.is_file():
            return load_settings(candidate), True
    return Settings(source=Path.home() / SETTINGS_FILE), False


def output_folder(path: Path, name: str, today: dt.date) -> Path:
    """``<workbook name> 文书/<date>/`` beside the workbook; a workbook name longer than
    ``BOOK_UNITS`` is cut and given its hash suffix, so the documents' paths stay short
    enough for Windows (MAX_PATH) and two long names never share a folder."""
    stem = Path(name).stem
    if utf16_units(stem) > BOOK_UNITS:
        stem = hashed_name(stem, BOOK_UNITS)
    return path.parent / f"{stem} 文书" / today.isoformat()


def _has_files(folder: Path) -> bool:
    return folder.is_dir() and any(folder.iterdir())


def summary(outcome: Outcome, out: Path, what: str) -> str:
    """The closing message: what was written (and where), what failed and why."""
    lines = [f"{what}：已生成 {len(outcome.written)} 个文件 written to", str(out)]
    names = [p.name for p in outcome.written]
    lines += [f"  {n}" for n in names[:SHOWN_FILES]]
    if len(names) > SHOWN_FILES:
        lines.append(f"  … 另 {len(names) - SHOWN_FILES} 个 and {len(names) - SHOWN_FILES} more")
    if outcome.failed:
        lines.append(f"失败 {len(outcome.failed)} 个 failed:")
        lines += [f"  {clean_text(f, 200)}" for f in outcome.failed[:SHOWN_FAILURES]]
        if len(outcome.failed) > SHOWN_FAILURES:
            lines.append(f"  … 另 {len(outcome.failed) - SHOWN_FAILURES} 个，见清单 see the list")
    lines += outcome.notes
    return clean_text("\n".join(lines), MESSAGE_LIMIT)
