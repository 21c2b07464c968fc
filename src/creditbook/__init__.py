"""creditbook: a company's customer credit policy as Excel functions, workbooks and documents."""

__version__ = "0.1.0"


def main() -> None:
    """生成文书: the add-in ribbon's button (its VBA runs ``import creditbook; creditbook.main()``).

    Writes the documents of the active workbook beside it; see ``creditbook.ribbon``.
    """
    import xlwings as xw

    from creditbook.ribbon.excel import ExcelHost
    from creditbook.ribbon.run import run

    run(ExcelHost(xw.Book.caller()))
