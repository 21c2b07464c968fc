"""python-docx building blocks for the templates: CJK styles, A4 page, header, footer, tables."""

from __future__ import annotations

from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
GREY = "D9D9D9"


def set_fonts(rpr_owner, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set w:rFonts (including w:eastAsia) and w:lang eastAsia=zh-CN on a style or run."""
    if hasattr(rpr_owner, "get_or_add_rPr"):
        rpr = rpr_owner.get_or_add_rPr()
    else:  # w:rPrDefault, a plain lxml element
        rpr = rpr_owner.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_owner.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asia), ("cs", latin)):
        fonts.set(qn(f"w:{key}"), value)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _style(doc: DocumentType, name: str, font: str, size: float, bold: bool = False):
    style = doc.styles[name]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element, font)
    return style


def new_document(title: str) -> DocumentType:
    """An empty A4 document with 宋体 body, 黑体 headings and zh-CN language."""
    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.author = ""
    doc.core_properties.language = "zh-CN"
    normal = _style(doc, "Normal", BODY_FONT, 12)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.25
    for level, size in ((1, 14), (2, 12)):
        heading = _style(doc, f"Heading {level}", HEADING_FONT, size, bold=False)
        heading.paragraph_format.space_before = Pt(10)
        heading.paragraph_format.space_after = Pt(4)
        heading.paragraph_format.keep_with_next = True
    _style(doc, "Title", HEADING_FONT, 20).paragraph_format.space_after = Pt(6)
    title_style = doc.styles["Title"]
    title_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _remove_title_border(title_style)
    table_text = doc.styles.add_style("Table Text", 1)
    table_text.base_style = normal
    _style(doc, "Table Text", BODY_FONT, 10)
    table_text.paragraph_format.line_spacing = 1.0
    _page(doc)
    _doc_defaults_lang(doc)
    return doc


def _remove_title_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _doc_defaults_lang(doc: DocumentType) -> None:
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    set_fonts(rpr_default, BODY_FONT)
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is None:
        theme_lang = OxmlElement("w:themeFontLang")
        settings.append(theme_lang)
    theme_lang.set(qn("w:val"), "en-US")
    theme_lang.set(qn("w:eastAsia"), "zh-CN")


def _page(doc: DocumentType) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.left_margin, section.right_margin = Cm(2.6), Cm(2.2)
    section.header_distance, section.footer_distance = Cm(1.3), Cm(1.2)


def header_footer(doc: DocumentType, confidential: bool) -> None:
    """Header: company name (and 机密 on internal documents); footer: 第 X 页 共 Y 页."""
    section = doc.sections[0]
    paragraph = section.header.paragraphs[0]
    tabs = paragraph.paragraph_format.tab_stops
    for inherited in (Twips(4680), Twips(9360)):  # the Header style's centre and right tabs
        tabs.add_tab_stop(inherited, WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(Cm(16.2), WD_TAB_ALIGNMENT.RIGHT)
    run(paragraph, "{{ company.name }}", size=9)
    if confidential:
        run(paragraph, "\t机密 · 仅限内部使用", size=9, font=HEADING_FONT)
    _bottom_border(paragraph)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(footer, "第 ", size=9)
    _field(footer, "PAGE")
    run(footer, " 页 共 ", size=9)
    _field(footer, "NUMPAGES")
    run(footer, " 页", size=9)


def _bottom_border(paragraph: Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    ppr.append(borders)


def _field(paragraph: Paragraph, code: str) -> None:
    """A complex field (PAGE / NUMPAGES) with a placeholder result."""
    for kind, text in (("begin", None), ("instr", f" {code} "), ("separate", None), ("t", "1")):
        r = run(paragraph, "", size=9)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)
        elif kind == "t":
            r.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r._r.append(char)
    end = run(paragraph, "", size=9)
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._r.append(char)


def run(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    size: float | None = None,
    font: str | None = None,
    underline: bool = False,
):
    """One run; a template tag passed here stays inside this single run."""
    r = paragraph.add_run(text)
    r.bold = bold or None
    r.underline = underline or None
    if size:
        r.font.size = Pt(size)
    if font:
        set_fonts(r._r, font)
    return r


def para(
    doc_or_cell,
    text: str = "",
    *,
    style: str | None = None,
    align: str = "left",
    bold: bool = False,
    size: float | None = None,
    font: str | None = None,
    indent: bool = False,
    space_before: float = 0,
    space_after: float = 0,
) -> Paragraph:
    paragraph = doc_or_cell.add_paragraph(style=style)
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    fmt = paragraph.paragraph_format
    if indent:
        fmt.first_line_indent = Pt(24)
    fmt.space_before, fmt.space_after = Pt(space_before), Pt(space_after)
    if text:
        run(paragraph, text, bold=bold, size=size, font=font)
    return paragraph


def tag_para(doc, tag: str) -> Paragraph:
    """A paragraph holding only a {%p ... %} tag (docxtpl removes it when rendering)."""
    return para(doc, tag)


def numbered_list(doc, items: str, var: str) -> None:
    """1. 2. 3. …: one indented paragraph per entry of the context list ``items``."""
    tag_para(doc, f"{{%p for {var} in {items} %}}")
    para(doc, f"{{{{ loop.index }}}}. {{{{ {var} }}}}", indent=True)
    tag_para(doc, "{%p endfor %}")


def heading(doc: DocumentType, text: str, level: int = 1) -> Paragraph:
    return doc.add_paragraph(text, style=f"Heading {level}")


def title(doc: DocumentType, text: str, subtitle: str = "") -> None:
    para(doc, text, style="Title", align="center", space_after=6)
    if subtitle:
        para(doc, subtitle, align="right", size=10.5, space_after=6)


def set_cell(
    cell: _Cell, text: str, *, bold: bool = False, align: str = "left", shade: bool = False
) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = "Table Text"
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    if text:
        run(paragraph, text, bold=bold, font=HEADING_FONT if bold else None)
    if shade:
        _shade(cell)


def _shade(cell: _Cell, color: str = GREY) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), color)
    tcpr.append(shading)


def new_table(doc, columns: int, widths: Sequence[float]) -> Table:
    table = doc.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    return table


def add_row(table: Table, texts: Sequence[str], *, header: bool = False, aligns: str = "") -> None:
    cells = table.add_row().cells
    for index, (cell, text) in enumerate(zip(cells, texts, strict=True)):
        align = {"l": "left", "c": "center", "r": "right"}[aligns[index] if aligns else "l"]
        set_cell(cell, text, bold=header, align="center" if header else align, shade=header)
    if header:
        _repeat_header(table.rows[-1])
    _widths(table)


def _widths(table: Table) -> None:
    for column in table.columns:
        for cell in column.cells:
            cell.width = column.width


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    trpr.append(element)


def row_height(table: Table, height_cm: float) -> None:
    row = table.rows[-1]
    row.height = Cm(height_cm)


def data_table(
    doc,
    headers: Sequence[str],
    loop: str,
    cells: Sequence[str],
    widths: Sequence[float],
    aligns: str,
    total: Sequence[str] | None = None,
    height: float | None = None,
    compact: bool = False,
) -> Table:
    """A table with a header row and one row per item: {%tr for …%} / cells / {%tr endfor %}."""
    table = new_table(doc, len(headers), widths)
    add_row(table, headers, header=True)
    add_row(table, [f"{{%tr for {loop} %}}"] + [""] * (len(headers) - 1))
    add_row(table, cells, aligns=aligns)
    if height:
        row_height(table, height)
    add_row(table, ["{%tr endfor %}"] + [""] * (len(headers) - 1))
    if total:
        add_row(table, total, aligns=aligns)
        for cell in table.rows[-1].cells:
            for r in cell.paragraphs[0].runs:
                r.bold = True
    if compact:
        _compact(table)
    return table


def _compact(table: Table, margin_twips: int = 45, size: float = 9) -> None:
    """Narrow cell margins and 小五 (9 pt) text, for tables with many numeric columns."""
    tblpr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(margin_twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tblpr.append(margins)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for r in paragraph.runs:
                    r.font.size = Pt(size)


def key_value_table(doc, pairs: Sequence[tuple[str, str]], widths=(3.3, 4.8, 3.3, 4.8)) -> Table:
    """Label/value pairs laid out two per row, labels shaded."""
    table = new_table(doc, 4, widths)
    for index in range(0, len(pairs), 2):
        chunk = list(pairs[index : index + 2])
        while len(chunk) < 2:
            chunk.append(("", ""))
        cells = table.add_row().cells
        for offset, (label, value) in enumerate(chunk):
            set_cell(cells[offset * 2], label, bold=bool(label), shade=bool(label))
            set_cell(cells[offset * 2 + 1], value)
    _widths(table)
    return table


def spacer(doc, points: float = 6) -> None:
    para(doc, "", space_after=points)
