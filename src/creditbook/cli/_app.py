"""The Typer application object and the helpers every command shares."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console

from creditbook.cli._commands import LazyGroup
from creditbook.core.errors import CreditbookError, InvalidValue
from creditbook.extras import install_message
from creditbook.usertext import console_text

app = typer.Typer(
    name="creditbook",
    help="creditbook — 客户信用管理制度的工具：信用评估、额度、账龄、催收函与报告。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    cls=LazyGroup,  # the commands' modules are imported when a command runs
)
LazyGroup.app = app
console = Console()
err_console = Console(stderr=True)


@app.callback()
def _options(
    max_input_mb: float | None = typer.Option(
        None,
        "--max-input-mb",
        envvar="CREDITBOOK_MAX_INPUT_MB",
        min=1,
        help="输入文件上限 (MB): 工作簿解压后、CSV 文件的最大大小 input limit, default 200",
    ),
) -> None:
    from creditbook.inputlimits import set_max_input_mb

    set_max_input_mb(max_input_mb)


F = TypeVar("F", bound=Callable[..., Any])


# The options naming the files a command reads its data from: never written, even with --force.
DATA_INPUTS = ("ledger", "register", "contacts", "orders", "groups")


def reports_errors(command: F) -> F:
    """Turn creditbook's own exceptions, file-system failures and a missing optional library
    into a message on stderr and exit code 1 (no traceback)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from creditbook.files import reading

        inputs = [kwargs[name] for name in DATA_INPUTS if kwargs.get(name) is not None]
        try:
            with reading(inputs):
                return command(*args, **kwargs)
        except CreditbookError as error:
            message = console_text(error, keep_newlines=True)
            err_console.print(f"[bold red]错误 error:[/] {message}", highlight=False, markup=True)
            raise typer.Exit(1) from None
        except OSError as error:  # disk full, read-only folder, permission denied…
            where = f"{error.filename}: " if error.filename else ""
            message = console_text(f"{where}{error.strerror or error}")
            err_console.print(
                f"[bold red]文件系统错误 file system error:[/] {message}", highlight=False
            )
            raise typer.Exit(1) from None
        except ModuleNotFoundError as error:
            install = install_message(error)
            if install is None:
                raise
            err_console.print("错误 error: " + install, style="bold red", markup=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def option_date(text: str | None, option: str = "--as-of") -> dt.date:
    """A date option: 2026-11-30, 2026/11/30, 2026年11月30日 or 20261130; default today."""
    if not text:
        return dt.date.today()
    from creditbook.inputs.cells import parse_date

    day = parse_date(text)
    if day is None:
        raise InvalidValue(f"{option} {text!r} is not a date（日期格式应如 2026-11-30）")
    return day
