"""A command's error message shows input text as it is, markup-like or not."""

import typer
from typer.testing import CliRunner

from creditbook.cli._app import reports_errors
from creditbook.core.errors import CreditbookError

app = typer.Typer()


@app.command()
@reports_errors
def fail() -> None:
    raise CreditbookError('财务报表!B5 资产总计: "[/bold]{{ x }}" 不是金额')


def test_markup_in_an_error_message_is_printed_as_text():
    result = CliRunner().invoke(app, [])
    assert result.exit_code == 1
    assert '错误 error: 财务报表!B5 资产总计: "[/bold]{{ x }}" 不是金额' in result.output
