"""Rendering Word templates: a sandboxed Jinja environment, Chinese filters, a fast batch path."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import time
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from pydantic import BaseModel

from creditbook.core.errors import CreditbookError
from creditbook.core.money import format_money, to_decimal
from creditbook.core.money import rmb_upper as _rmb_upper
from creditbook.documents.template_builder import TEMPLATE_FILES, build_template
from creditbook.inputlimits import check_package
from creditbook.portable import time_limit
from creditbook.usertext import xml_text

REPO_TEMPLATES = Path(__file__).resolve().parents[3] / "doc_templates"
MAX_OUTPUT_CHARS = 20_000_000  # one rendered part; a 20-page letter is about 200,000
MAX_RENDER_SECONDS = 30.0
_RENDERED_PART = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml$")
_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\a\n\f]")


class TemplateError(CreditbookError):
    """A template cannot be rendered: bad tag, unknown variable, forbidden operation."""


def money(value: object) -> str:
    """30778.27 → '30,778.27'; blank → '—'."""
    if value is None or value == "":
        return "—"
    return format_money(to_decimal(value))


def rmb_upper(value: object) -> str:
    return "—" if value is None or value == "" else _rmb_upper(value)


def cn_date(value: object) -> str:
    """date(2026, 11, 30) → '2026年11月30日'."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if not isinstance(value, dt.date):
        raise TemplateError(f"cn_date: not a date: {value!r}")
    return f"{value.year}年{value.month}月{value.day}日"


def iso(value: object) -> str:
    return "—" if value is None else value.isoformat() if isinstance(value, dt.date) else str(value)


def pct(value: object, digits: int = 1) -> str:
    """0.917 → '91.7%'."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{digits}f}%"  # type: ignore[arg-type]


def num(value: object, digits: int = 2) -> str:
    """78.6 → '78.6', 8.0 → '8', 6.45 → '6.45' (scores and weights)."""
    if value is None or value == "":
        return "—"
    text = f"{float(value):.{digits}f}"  # type: ignore[arg-type]
    return text.rstrip("0").rstrip(".") if "." in text else text


def _finalize(value: Any) -> Any:
    """Show characters XML cannot hold as � (a NUL in a customer name must not break the file)."""
    if isinstance(value, str):
        return xml_text(value)
    return value


class _Timeout(Exception):
    pass


def _time_limit(seconds: float) -> contextlib.AbstractContextManager[None]:
    """Interrupt a render that runs longer than ``seconds`` (main thread, any platform);
    elsewhere the output chunks are checked against the clock instead."""
    return time_limit(seconds, _Timeout)


class _LimitedTemplate(jinja2.Template):
    """A template whose output is capped in size and whose rendering is capped in time."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        parts, size = [], 0
        deadline = time.monotonic() + MAX_RENDER_SECONDS
        try:
            with _time_limit(MAX_RENDER_SECONDS):
                for chunk in self.generate(*args, **kwargs):
                    size += len(chunk)
                    if size > MAX_OUTPUT_CHARS:
                        raise SecurityError(
                            f"模板输出超过 {MAX_OUTPUT_CHARS:,} 个字符 output too large"
                        )
                    if time.monotonic() > deadline:
                        raise _Timeout
                    parts.append(chunk)
        except _Timeout:
            raise SecurityError(
                f"模板渲染超过 {MAX_RENDER_SECONDS:g} 秒 rendering took too long"
            ) from None
        return "".join(parts)


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, also refusing huge products ('a' * 10**9) and powers."""

    intercepted_binops = frozenset({"*", "**"})
    MAX_ITEMS = 100_000

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > 100:
            raise SecurityError("exponent too large in a template")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(count, int)
                if sized and len(seq) * count > self.MAX_ITEMS:
                    raise SecurityError("repetition too large in a template")
        return super().call_binop(context, operator, left, right)


@cache
def environment() -> SandboxedEnvironment:
    """The one Jinja environment every document is rendered with."""
    env = _Sandbox(autoescape=True, undefined=StrictUndefined, finalize=_finalize)
    env.template_class = _LimitedTemplate
    env.filters.update(rmb_upper=rmb_upper, money=money, cn_date=cn_date, pct=pct, num=num, iso=iso)
    return env


def template_path(kind: str, templates_dir: str | Path | None = None) -> Path:
    """The template of a document kind: the user's folder, else the shipped doc_templates/."""
    if kind not in TEMPLATE_FILES:
        raise TemplateError(f"unknown document kind {kind!r}; one of {', '.join(TEMPLATE_FILES)}")
    for folder in (templates_dir, REPO_TEMPLATES):
        if folder and (Path(folder) / TEMPLATE_FILES[kind]).exists():
            return Path(folder) / TEMPLATE_FILES[kind]
    return _built_template(kind)


@cache
def _built_template(kind: str) -> Path:
    """Outside a source checkout (installed package), build the template on first use."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="creditbook-templates-"))
    path = folder / TEMPLATE_FILES[kind]
    build_template(kind).save(str(path))
    return path


def context_dict(context: BaseModel | dict, **extra: Any) -> dict[str, Any]:
    data = context.model_dump() if isinstance(context, BaseModel) else dict(context)
    data.update(extra)
    return data


def _explain(error: Exception, template: Path) -> TemplateError:
    if isinstance(error, jinja2.exceptions.SecurityError):
        return TemplateError(f"{template.name}: 模板含有不允许的操作 forbidden operation: {error}")
    if isinstance(error, jinja2.exceptions.UndefinedError):
        return TemplateError(f"{template.name}: 未知变量 unknown variable: {error}")
    if isinstance(error, jinja2.exceptions.TemplateSyntaxError):
        return TemplateError(
            f"{template.name}: 标签语法错误 bad tag (line {error.lineno}): {error.message}; "
            "run `creditbook templates check` to find tags split across runs"
        )
    return TemplateError(f"{template.name}: {type(error).__name__}: {error}")


def render_docxtpl(
    template: str | Path, context: BaseModel | dict, images: dict[str, Path] | None = None
) -> DocxTemplate:
    """docxtpl's own render (with charts as InlineImage); returns the rendered document."""
    from docx.shared import Cm
    from docxtpl import InlineImage

    document = DocxTemplate(str(check_package(template)))
    extra = {
        name: InlineImage(document, str(path), width=Cm(14.5))
        for name, path in (images or {}).items()
    }
    try:
        document.render(context_dict(context, **extra), environment(), autoescape=True)
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError) as error:
        raise _explain(error, Path(template)) from None
    return document


class FastTemplate:
    """A template parsed once; each render fills the XML parts and reuses every other part.

    The XML is prepared with docxtpl's own ``patch_xml`` and post-processed with its
    ``resolve_listing``, so the text equals docxtpl's render (tests/documents prove it);
    it skips what letters do not use: images in loops and column loops.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = check_package(path)
        helper = DocxTemplate(str(self.path))
        self._resolve_listing = helper.resolve_listing
        self._parts: dict[str, jinja2.Template] = {}
        base = io.BytesIO()
        with (
            zipfile.ZipFile(self.path) as source,
            zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for info in source.infolist():
                data = source.read(info.filename)
                if _RENDERED_PART.match(info.filename) and b"{" in data:
                    xml = helper.patch_xml(data.decode("utf-8"))
                    xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
                    try:
                        self._parts[info.filename] = environment().from_string(xml)
                    except jinja2.TemplateError as error:
                        raise _explain(error, self.path) from None
                else:
                    target.writestr(info, data)
        self._base = base.getvalue()

    def render_bytes(self, context: BaseModel | dict) -> bytes:
        data = context_dict(context)
        rendered = {}
        try:
            for name, template in self._parts.items():
                rendered[name] = self._post(template.render(data))
        except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError) as error:
            raise _explain(error, self.path) from None
        buffer = io.BytesIO(self._base)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
            for name, xml in rendered.items():
                target.writestr(name, xml.encode("utf-8"))
        return buffer.getvalue()

    def _post(self, xml: str) -> str:
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
        xml = xml.replace("%_}", "%}")
        # docxtpl's listing pass only rewrites tabs, line and page breaks inside <w:t>; it is
        # most of a letter's render time, so it runs only when a text holds one of them
        return self._resolve_listing(xml) if _LISTING.search(xml) else xml
