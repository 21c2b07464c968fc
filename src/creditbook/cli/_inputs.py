"""The ledger options every reading command shares, and the one step that reads with them.

``@ledger_options`` adds --columns, --sheet, --password, --form, --term and --period-start to
a command and hands it a ``ReadOptions`` as ``read_options``; ``read_books_for`` merges those
with the [ledger] section of creditbook.toml, reads the ledger and register, prints what the reader
decided (sheet, form, skipped rows, terms, prepayments, warnings) and stops on any problem.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import inspect
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from creditbook.cli._app import err_console, option_date

if TYPE_CHECKING:
    from decimal import Decimal

    from creditbook.inputs.books import Books
    from creditbook.inputs.notes import Note
    from creditbook.inputs.options import ReadOptions
    from creditbook.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


class FormChoice(StrEnum):
    statement = "statement"
    invoice = "invoice"


_OPTIONS: dict[str, tuple[Any, Any]] = {
    "columns": (
        str | None,
        typer.Option(
            None,
            "--columns",
            help='表头映射 your headers: "往来单位=客户名称,本币金额=金额" (also [ledger.columns])',
        ),
    ),
    "sheet": (
        str | None,
        typer.Option(None, "--sheet", help="台账工作表 the ledger's sheet: name or number"),
    ),
    "password": (
        str | None,
        typer.Option(
            None,
            "--password",
            envvar="CREDITBOOK_PASSWORD",
            show_envvar=True,
            help="打开密码 password of an encrypted ledger/register (read in memory only)",
        ),
    ),
    "form": (
        FormChoice | None,
        typer.Option(
            None,
            "--form",
            help="台账形式: statement = 往来明细账, invoice = 单据明细; default 自动",
        ),
    ),
    "term": (
        int | None,
        typer.Option(
            None, "--term", min=0, help="往来明细账: 信用期限(天) for customers without one"
        ),
    ),
    "period_start": (
        str | None,
        typer.Option(
            None,
            "--period-start",
            help="往来明细账: 期间开始日 the period's first day, dates an undated 期初余额 "
            "(default: the title's 期间)",
        ),
    ),
}


def checks_input_files(*names: str, suffixes: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Check the files in the parameters ``names`` (a path or a list of paths) before the
    command runs: a file that cannot be what its name says, or whose type is not one of
    ``suffixes``, is refused naming it (``inputs.sources.check_input_file``). Goes under
    ``reports_errors``."""

    def decorate(command: F) -> F:
        signature = inspect.signature(command)

        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            from creditbook.inputs.sources import check_input_file

            bound = signature.bind_partial(*args, **kwargs).arguments
            for name in names:
                value = bound.get(name)
                for path in value if isinstance(value, list) else [value]:
                    if path is not None:
                        check_input_file(Path(path), suffixes)
            return command(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def ledger_options(command: F) -> F:
    """Add the shared ledger options to ``command``, which receives ``read_options``."""
    from creditbook.inputs.options import ReadOptions

    signature = inspect.signature(command)
    kept = [p for p in signature.parameters.values() if p.name != "read_options"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=kind)
        for name, (kind, option) in _OPTIONS.items()
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = {name: kwargs.pop(name, None) for name in _OPTIONS}
        form = given["form"]
        start = given["period_start"]
        options = ReadOptions(
            columns=_columns(given["columns"]),
            sheet=given["sheet"],
            password=given["password"],
            form=None if form is None else FormChoice(form).value,
            term_days=given["term"],
            period_start=option_date(start, "--period-start") if start else None,
        )
        return command(*args, read_options=options, **kwargs)

    annotations = {k: v for k, v in command.__annotations__.items() if k != "read_options"}
    wrapper.__annotations__ = {**annotations, **{n: k for n, (k, _) in _OPTIONS.items()}}
    wrapper.__signature__ = signature.replace(parameters=[*kept, *added])  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def _columns(text: str | None) -> dict[str, str]:
    # the first command's import of the readers (pandas, numpy …) makes many objects and no
    # garbage: Python's cycle collector is paused rather than walking them again and again
    was_on = gc.isenabled()
    gc.disable()
    try:
        from creditbook.inputs.books import parse_columns
    finally:
        if was_on:
            gc.enable()
    return parse_columns(text)


def with_settings(options: ReadOptions, settings: Settings | None) -> ReadOptions:
    """Command-line options over the [ledger] section of creditbook.toml."""
    from dataclasses import replace

    from creditbook.inputs.books import check_columns
    from creditbook.settings import load_settings

    ledger = (settings or load_settings(None)).ledger
    check_columns(ledger.columns)
    return replace(
        options,
        columns={**ledger.columns, **options.columns},
        sheet=options.sheet or ledger.sheet,
        form=options.form or ledger.form,
        term_days=options.term_days if options.term_days is not None else ledger.term_days,
    )


def read_books_for(
    ledger: Path,
    register: Path | None,
    options: ReadOptions | None,
    policy: Any = None,
    settings: Settings | None = None,
    as_of: dt.date | None = None,
) -> Books:
    """Read ledger and register as the user asked; print the notes and the reading report
    (documents after ``as_of`` counted there); exit 1 on any problem."""
    from dataclasses import replace

    from creditbook.inputs.books import read_books
    from creditbook.inputs.options import ReadOptions

    options = replace(with_settings(options or ReadOptions(), settings), as_of=as_of)
    books = reporting(lambda: read_books(ledger, register, options, policy))
    from rich.text import Text

    print_notes(books.notes)
    for report in books.reports:
        for line in report.details():
            style = "yellow" if line.startswith(("截止日后", "未用")) else "dim"
            err_console.print(Text(line, style=style), highlight=False, soft_wrap=True)
    return books


def report_path(out: Path, folder: bool = False) -> Path:
    """Where the reading report goes beside an output: in an output folder 读取报告.txt, beside
    an output file NAME_读取报告.txt."""
    from creditbook.inputs.report import REPORT_FILE

    if folder:
        return out / REPORT_FILE
    return out.with_name(f"{out.stem}_{REPORT_FILE}")


def write_reading_report(books: Books, out: Path, folder: bool = False) -> Path:
    """Write the reading report of ``books`` beside ``out`` (into it when it is the output
    folder) and say so. It belongs to the output just written, so the one a previous run
    left there is replaced."""
    from creditbook.files import atomic_write_text
    from creditbook.usertext import console_text

    if folder:
        out.mkdir(parents=True, exist_ok=True)
    path = atomic_write_text(report_path(out, folder), books.report_text(), force=True)
    err_console.print(f"已写出 written: {console_text(path)}（读取报告 reading report）")
    return path


def read_contacts_for(contacts: Path, options: ReadOptions | None = None, register: Any = None):
    """The contact log 客户联系与催收记录 (--contacts), read with the same --password; its
    notes are printed; exit 1 on any problem, each naming file, sheet, row and column. A log
    keyed by 客户名称 is joined to the ``register`` by name, as the ledger is, so that its
    promises and disputes reach the customer the ledger names by code."""
    from creditbook.inputs.contacts import contacts_or_raise
    from creditbook.inputs.customer_join import join_by_name
    from creditbook.inputs.notes import notes_of
    from creditbook.inputs.problems import ReadError

    password = options.password if options else None

    def read() -> Any:
        log = contacts_or_raise(contacts, password=password)
        joined, notes, problems = join_by_name(log, register, Path(contacts).name)
        if problems:
            raise ReadError(problems)
        joined.attrs["notes"] = [*notes_of(log), *notes]
        return joined

    frame = reporting(read)
    print_notes(notes_of(frame))
    return frame


def print_notes(notes: Iterable[Note]) -> None:
    """The readers' notes on the error console: warnings yellow, the rest dim. File text
    (names, sheets) is data, never markup."""
    from rich.text import Text

    from creditbook.inputs.notes import NoteLevel

    for note in notes:
        style = "yellow" if note.level is NoteLevel.WARNING else "dim"
        err_console.print(Text(str(note), style=style), highlight=False, soft_wrap=True)


def read_orders_for(orders: Path, options: ReadOptions | None) -> dict[str, Decimal]:
    """Open orders per customer, read with the same --columns and --password."""
    from creditbook.inputs.books import read_open_orders
    from creditbook.inputs.options import ReadOptions

    settled = with_settings(options or ReadOptions(), None)
    reports: list[Any] = []
    found = reporting(lambda: read_open_orders(orders, settled, reports))
    from rich.text import Text

    for report in reports:  # which column became the order amount, rows skipped, the total
        for line in report.lines():
            err_console.print(Text(line, style="dim"), highlight=False, soft_wrap=True)
    return found


def reporting(read: Callable[[], T]) -> T:
    """Run a reader; on ReadError print every problem and exit 1 (nothing written)."""
    from creditbook.inputs.problems import ReadError

    try:
        return read()
    except ReadError as error:
        count = len(error.problems)
        err_console.print(
            f"[bold red]无法读取输入 cannot read the input[/]: {count} 个问题 problem(s)"
        )
        for problem in error.problems:
            err_console.print(f"  {problem}", highlight=False, markup=False)
        err_console.print("未写出任何文件 nothing was written.")
        raise typer.Exit(1) from None


def read_groups_for(
    register: Path, groups: Path | None, options: ReadOptions | None, books: Books | None = None
):
    """The 集团 table: --groups FILE when given, else the register workbook's 集团 sheet if it
    has one (else no groups), from the workbook ``books`` read the register from when given;
    exit 1 on any problem, each naming file, sheet, row and column."""
    from creditbook.inputs.groups import groups_beside, read_groups
    from creditbook.inputs.readers import or_raise

    password = options.password if options else None
    if groups is not None:
        return reporting(lambda: or_raise(read_groups(groups, password=password)))
    if books is not None:
        return reporting(lambda: or_raise(books.register_groups()))  # not opened again
    return reporting(lambda: or_raise(groups_beside(register, password)))
