"""Which optional part (extra) of the package brings each optional library, and how to install it.

The base install serves the worksheet functions; reading and building workbooks needs the
``workbooks`` extra, Word/PDF documents and charts the ``documents`` extra. A command that
meets a missing library names the extra to install instead of showing a traceback.
"""

from __future__ import annotations

# import name → extra (pyproject.toml's [project.optional-dependencies]; a test keeps them equal)
EXTRAS: dict[str, str] = {
    "openpyxl": "workbooks",
    "python_calamine": "workbooks",
    "formulas": "workbooks",
    "msoffcrypto": "workbooks",
    "docxtpl": "documents",
    "docx": "documents",
    "jinja2": "documents",
    "matplotlib": "documents",
    "pypdf": "documents",
    "creditbook_fonts": "documents",
}


def missing_extra(error: ModuleNotFoundError) -> str | None:
    """The extra whose library ``error`` failed to import, or None for any other module."""
    top = (error.name or "").partition(".")[0]
    return EXTRAS.get(top)


def install_message(error: ModuleNotFoundError) -> str | None:
    """What to tell the user about a missing optional library (None if it is not one)."""
    extra = missing_extra(error)
    if extra is None:
        return None
    return (
        f"此功能需要安装可选组件 {extra}（缺少模块 {error.name}）：\n"
        f'    pip install "creditbook[{extra}]"\n'
        f"This needs the optional part '{extra}' (module {error.name!r} is not installed)."
    )
