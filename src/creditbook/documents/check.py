"""`templates check`: tags split across runs, unknown and missing variables, a trial render."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from lxml import etree

from creditbook.documents import samples
from creditbook.documents.contexts import CONTEXTS
from creditbook.documents.render import TemplateError, environment, render_docxtpl
from creditbook.inputlimits import check_package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_OPEN = re.compile(r"\{[{%#]")
_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml$")
CHART_NAMES = {
    "report": {"chart_score", "chart_ratios", "chart_aging"},
    "survey": {"chart_dimensions"},
}
ESSENTIAL = {
    "letter": {
        "letter_no",
        "customer_name",
        "amount_owed",
        "invoices",
        "payment_deadline",
        "company",
        "objection_days",
        "letter_date",
    },
    "report": {"customer", "score", "grade", "limit", "term_days", "limit_methods", "conclusion"},
    "approval": {"customer", "requested_limit", "recommended_limit", "chain", "grade"},
    "notice": {"customer_name", "changes", "reasons", "effective_date", "company"},
    "survey": {"dimensions", "actions"},
}
PART_NAMES = {"document": "正文", "header": "页眉", "footer": "页脚", "footnotes": "脚注"}


@dataclass(frozen=True)
class Finding:
    level: str  # 错误 error / 警告 warning
    where: str
    message: str

    def __str__(self) -> str:
        return f"[{self.level}] {self.where}: {self.message}"


def check_template(path: str | Path, kind: str) -> list[Finding]:
    """Every problem of a user's template for a document kind, errors first."""
    path = Path(path)
    if kind not in CONTEXTS:
        raise TemplateError(f"unknown kind {kind!r}; one of {', '.join(CONTEXTS)}")
    check_package(path)
    try:
        with zipfile.ZipFile(path) as package:
            parts = {n: package.read(n) for n in package.namelist() if _PARTS.match(n)}
    except (OSError, zipfile.BadZipFile) as error:
        raise TemplateError(f"{path}: 不是有效的 Word 文件 not a .docx file ({error})") from None
    findings: list[Finding] = []
    for name, xml in sorted(parts.items()):
        findings.extend(split_tags(name, xml))
    if not any(f.level == "错误" for f in findings):
        findings.extend(_variables(path, kind))
    return sorted(findings, key=lambda f: f.level != "错误")


def _part_label(name: str) -> str:
    stem = Path(name).stem
    return PART_NAMES.get(re.sub(r"\d+$", "", stem), stem)


def split_tags(name: str, xml: bytes) -> list[Finding]:
    """Tags whose text is spread over several runs (Word splits them on formatting changes)."""
    found = []
    tree = etree.fromstring(xml)
    for number, paragraph in enumerate(tree.iter(f"{W}p"), start=1):
        pieces = [(t.text or "") for t in paragraph.iter(f"{W}t")]
        text = "".join(pieces)
        if "{" not in text:
            continue
        owner = [i for i, piece in enumerate(pieces) for _ in piece]
        where = f"{_part_label(name)} 第 {number} 段"
        matched_spans = []
        for match in _TAG.finditer(text):
            matched_spans.append(match.span())
            if owner[match.start()] != owner[match.end() - 1]:
                found.append(
                    Finding(
                        "错误",
                        where,
                        f"标签被拆分到多个文本段 tag split across "
                        f"runs: {match.group(0)} — retype it in one go",
                    )
                )
        for match in _OPEN.finditer(text):
            if not any(start <= match.start() < end for start, end in matched_spans):
                snippet = text[match.start() : match.start() + 30]
                found.append(Finding("错误", where, f"标签未闭合 unclosed tag: {snippet}"))
    return found


def _variables(path: Path, kind: str) -> list[Finding]:
    model = CONTEXTS[kind]
    allowed = set(model.model_fields) | set(model.model_computed_fields)
    allowed |= CHART_NAMES.get(kind, set())
    try:
        used = DocxTemplate(str(path)).get_undeclared_template_variables(environment())
    except jinja2.TemplateSyntaxError as error:
        return [Finding("错误", f"第 {error.lineno} 行", f"标签语法错误 bad tag: {error.message}")]
    findings = [
        Finding("错误", name, f"未知变量 unknown variable '{name}' (not in {model.__name__})")
        for name in sorted(used - allowed)
    ]
    essential = ESSENTIAL["letter" if kind in ("reminder", "demand", "final") else kind]
    findings += [
        Finding("警告", name, f"缺少变量 missing variable '{name}': the document will not show it")
        for name in sorted(essential - used)
    ]
    if not findings:
        try:
            render_docxtpl(path, samples.sample(kind), _placeholder_images(kind))
        except TemplateError as error:
            findings.append(Finding("错误", "试渲染 trial render", str(error)))
    return findings


def _placeholder_images(kind: str) -> dict[str, Path]:
    import tempfile

    from creditbook.documents.single import _charts

    folder = Path(tempfile.mkdtemp(prefix="creditbook-check-"))
    return _charts(samples.sample(kind), folder) if kind in CHART_NAMES else {}
