"""`templates check`: tags split across runs, unknown and missing variables, a trial render."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import jinja2
from docx import Document
from docxtpl import DocxTemplate
from jinja2 import meta, nodes
from lxml import etree

from creditbook.documents import samples
from creditbook.documents.contexts import CONTEXTS
from creditbook.documents.render import TemplateError, environment, render_docxtpl
from creditbook.documents.template_builder import TEMPLATE_FILES
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
UPPER = "rmb_upper"
REQUIRED: dict[str, dict[str, str]] = {
    # What the shipped templates show and a document cannot go out without: its number and
    # date, to whom, the amounts (in figures and, on a letter, in words) and who sends it.
    "letter": {
        "letter_no": "函件编号 letter number",
        "letter_date": "发函日期 date",
        "customer_name": "收函单位 addressee",
        "amount_owed": "欠款金额 amount owed",
        f"amount_owed|{UPPER}": "大写金额 amount in words",
        "company": "发函单位 sender",
    },
    "notice": {
        "notice_no": "通知书编号 notice number",
        "notice_date": "通知日期 date",
        "customer_name": "客户名称 addressee",
        "changes": "调整内容 changes (limit and term)",
        "company": "发出单位 sender",
    },
    "report": {
        "report_no": "报告编号 report number",
        "report_date": "报告日期 date",
        "customer": "客户 customer",
        "limit": "信用额度 limit",
        "company": "公司 company",
    },
    "approval": {
        "form_no": "审批表编号 form number",
        "form_date": "申请日期 date",
        "customer": "客户 customer",
        "requested_limit": "申请额度 requested limit",
        "recommended_limit": "建议额度 recommended limit",
        "company": "公司 company",
    },
    "survey": {
        "report_no": "报告编号 report number",
        "report_date": "报告日期 date",
        "company": "公司 company",
    },
}
LETTER_KINDS = ("reminder", "demand", "final")
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


def _group(kind: str) -> str:
    return "letter" if kind in LETTER_KINDS else kind


def _template_tree(path: Path) -> nodes.Template:
    """The Jinja tree of the body, headers and footers, as docxtpl renders them."""
    template = DocxTemplate(str(path))
    document = Document(str(path))
    xml = template.patch_xml(template.xml_to_string(document.element.body))
    for relation in document.part.rels.values():
        if relation.reltype in (template.HEADER_URI, template.FOOTER_URI):
            blob = relation.target_part.blob
            if blob:
                xml += template.patch_xml(template.xml_to_string(etree.fromstring(blob)))
    return environment().parse(xml)


def _filtered(tree: nodes.Template, name: str) -> set[str]:
    """Variables shown through the filter ``name`` ({{ amount_owed|rmb_upper }})."""
    return {
        f"{node.node.name}|{name}"
        for node in tree.find_all(nodes.Filter)
        if node.name == name and isinstance(node.node, nodes.Name)
    }


def _variables(path: Path, kind: str) -> list[Finding]:
    model = CONTEXTS[kind]
    allowed = set(model.model_fields) | set(model.model_computed_fields)
    allowed |= CHART_NAMES.get(kind, set())
    try:
        tree = _template_tree(path)
    except jinja2.TemplateSyntaxError as error:
        return [Finding("错误", f"第 {error.lineno} 行", f"标签语法错误 bad tag: {error.message}")]
    used = meta.find_undeclared_variables(tree)
    shown = used | _filtered(tree, UPPER)
    findings = [
        Finding("错误", name, f"未知变量 unknown variable '{name}' (not in {model.__name__})")
        for name in sorted(used - allowed)
    ]
    required = REQUIRED[_group(kind)]
    findings += [
        Finding(
            "错误",
            name,
            f"缺少必需变量 missing required variable '{{{{ {name} }}}}' ({what}): "
            "文书上会是空白 the document would show it blank",
        )
        for name, what in required.items()
        if name not in shown
    ]
    essential = ESSENTIAL[_group(kind)] - set(required)
    findings += [
        Finding("警告", name, f"缺少变量 missing variable '{name}': the document will not show it")
        for name in sorted(essential - used)
    ]
    if not any(f.level == "错误" for f in findings):
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


def check_templates_folder(folder: str | Path | None, kinds: tuple[str, ...]) -> None:
    """Refuse a ``--templates`` folder whose template for any of ``kinds`` has an error.

    Called by every command that takes ``--templates`` before it reads its inputs, reserves
    a number or writes a file: a template without the number, addressee or amount would
    send documents with blanks, and one with an unknown variable would fail each document
    after its number was taken. Kinds without a template in the folder use the shipped one.
    """
    if folder is None:
        return
    folder = Path(folder)
    if not folder.is_dir():
        raise TemplateError(f"--templates {folder}: 模板目录不存在 no such folder")
    lines = []
    for kind in kinds:
        path = folder / TEMPLATE_FILES[kind]
        if path.is_file():
            errors = [f for f in check_template(path, kind) if f.level == "错误"]
            lines += [f"  {TEMPLATE_FILES[kind]}: {f.where}: {f.message}" for f in errors]
    if lines:
        raise TemplateError(
            f"--templates {folder}: 模板有误，未生成任何文书、未占用编号 template errors, "
            "nothing written and no number used; 请修改后用 creditbook templates check 复查:\n"
            + "\n".join(lines)
        )
