"""The .xlsx package as a zip of XML parts: rewrite parts, fix timestamps, keep the rest."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

ZIP_STAMP = (2026, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def required(element: etree._Element, name: str) -> str:
    """An attribute the package format requires (a cell's r, a relationship's Id …); a part
    without it is not a workbook creditbook can rewrite."""
    value = element.get(name)
    if value is None:
        raise ValueError(f"{element.tag!r} has no {name} attribute: not a valid workbook part")
    return value


def bounds(span: str) -> tuple[int, int, int, int]:
    """(min_col, min_row, max_col, max_row) of an array formula's range, which is always a
    bounded block (openpyxl's range_boundaries allows A:A or 1:1, with None ends)."""
    from openpyxl.utils.cell import range_boundaries

    left, top, right, bottom = range_boundaries(span)
    if left is None or top is None or right is None or bottom is None:
        raise ValueError(f"{span}: an array formula's range must be a bounded block")
    return left, top, right, bottom


def rewrite(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """A new package with every part passed through ``change(name, content)``.

    Part order and compression are kept; zip entry times are fixed so that equal content
    gives equal bytes. A part for which ``change`` returns None is left out.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = change(item.filename, source.read(item.filename))
            if content is None:
                continue
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            target.writestr(info, content)
    return out.getvalue()


def normalise(data: bytes, stamp: dt.datetime) -> bytes:
    """Fix docProps/core.xml's modified time and the zip entry times."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    def change(name: str, content: bytes) -> bytes:
        if name == "docProps/core.xml":
            return _MODIFIED.sub(rb"\g<1>" + iso + rb"\g<2>", content)
        return content

    return rewrite(data, change)


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_Q = f"{{{MAIN_NS}}}"


def sheet_parts(data: bytes) -> dict[str, str]:
    """Sheet name → its part in the package (e.g. '评分' → 'xl/worksheets/sheet6.xml')."""
    from lxml import etree

    package = zipfile.ZipFile(io.BytesIO(data))
    workbook = etree.fromstring(package.read("xl/workbook.xml"))
    rels = etree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {
        required(r, "Id"): required(r, "Target") for r in rels.iter(f"{{{PKG_REL_NS}}}Relationship")
    }
    parts = {}
    for sheet in workbook.iter(f"{_Q}sheet"):
        target = targets[required(sheet, f"{{{REL_NS}}}id")]
        parts[required(sheet, "name")] = (
            target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        )
    return parts


def parse(xml: bytes) -> etree._Element:
    """A sheet part as a tree, to be read and rewritten without parsing it again."""
    from lxml import etree

    return etree.fromstring(xml)


def formula_cells(xml: bytes | etree._Element) -> Iterator[tuple[str, str, str | None]]:
    """(cell, formula text, array range or None) for each formula cell of a sheet part
    (its XML, or its tree from ``parse``), in the part's order.

    Cells that share a formula (Excel's fill-down, ``<f t="shared" si="0"/>``) get the
    anchor's formula translated to their own position.
    """
    from openpyxl.formula.translate import Translator

    root = parse(xml) if isinstance(xml, bytes) else xml
    shared: dict[str, tuple[str, str]] = {}
    for f, cell in formula_elements(root):
        ref = required(cell, "r")
        text = f.text or ""
        if f.get("t") == "shared":
            si = f.get("si", "")
            if text:
                shared[si] = (ref, text)
            elif si in shared:
                origin, anchor_text = shared[si]
                text = Translator("=" + anchor_text, origin=origin).translate_formula(ref)[1:]
        array = f.get("ref") if f.get("t") == "array" else None
        yield ref, text, array


def formula_elements(root: etree._Element) -> Iterator[tuple[etree._Element, etree._Element]]:
    """(<f>, its <c>) for each cell with a formula: the first <f> of each cell, found by
    walking the <f> elements only (a sheet has many more cells than formulas)."""
    last = None
    for f in root.iter(f"{_Q}f"):
        cell = f.getparent()
        if cell is None or cell.tag != f"{_Q}c" or cell is last:
            continue
        last = cell
        yield f, cell


def missing_cached_values(xml: bytes) -> bool:
    """Whether any formula cell of the sheet part has no cached value."""
    from lxml import etree

    root = etree.fromstring(xml)
    for cell in root.iter(f"{_Q}c"):
        if cell.find(f"{_Q}f") is not None:
            v = cell.find(f"{_Q}v")
            if v is None or (v.text is None and cell.get("t") != "str"):
                return True
    return False


def set_cached_values(xml: bytes | etree._Element, values: dict[str, object]) -> bytes:
    """Write cached values into the cells named in ``values``; everything else is kept.

    ``xml`` is the sheet part or its tree from ``parse`` (which is changed). A value is a
    number, bool, text, None (blank) or an error code object whose class is named
    ExcelError. Cells that are missing (e.g. inside an array formula's range) are created
    in column order within their row, and rows in row order.
    """
    from lxml import etree

    root = parse(xml) if isinstance(xml, bytes) else xml
    data = root.find(f"{_Q}sheetData")
    if data is None:
        raise ValueError("a worksheet part without <sheetData>: not a valid workbook part")
    rows = {int(required(r, "r")): r for r in data.iter(f"{_Q}row")}
    cells: dict[str, etree._Element] = {}
    for c in data.iter(f"{_Q}c"):
        ref = c.get("r") or required(c, "r")
        if ref in values:  # only the cells to write are looked up
            cells[ref] = c
    for ref, value in values.items():
        cell = cells.get(ref)
        if cell is None:
            cell = _new_cell(data, rows, ref)
            cells[ref] = cell
        _put(cell, value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _split(ref: str) -> tuple[int, int]:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(ref)
    return row, column_index_from_string(letters)


def _new_cell(data: etree._Element, rows: dict[int, etree._Element], ref: str) -> etree._Element:
    from lxml import etree

    row_number, column = _split(ref)
    row = rows.get(row_number)
    if row is None:
        row = etree.Element(f"{_Q}row", r=str(row_number))
        later = [n for n in rows if n > row_number]
        if later:
            rows[min(later)].addprevious(row)
        else:
            data.append(row)
        rows[row_number] = row
    cell = etree.Element(f"{_Q}c", r=ref)
    for existing in row.iter(f"{_Q}c"):
        if _split(required(existing, "r"))[1] > column:
            existing.addprevious(cell)
            break
    else:
        row.append(cell)
    return cell


def _put(cell: etree._Element, value: object) -> None:
    f = None
    for child in list(cell):
        tag = child.tag
        if tag in (_V, _IS):
            cell.remove(child)
        elif tag == _F and f is None:
            f = child
    if value is None and f is None:
        cell.attrib.pop("t", None)
        return
    v = cell.makeelement(_V)
    if type(value).__name__ == "ExcelError":
        cell.set("t", "e")
        v.text = str(value)
    elif isinstance(value, bool):
        cell.set("t", "b")
        v.text = "1" if value else "0"
    elif isinstance(value, int | float):
        cell.attrib.pop("t", None)
        v.text = repr(float(value)) if isinstance(value, float) else str(value)
        if v.text.endswith(".0"):
            v.text = v.text[:-2]
    else:
        cell.set("t", "str")
        v.text = "" if value is None else str(value)
    if f is not None:
        f.addnext(v)
    else:
        is_or_v_position = len([c for c in cell if c.tag != f"{_Q}extLst"])
        cell.insert(is_or_v_position, v)


_F, _V, _IS = f"{_Q}f", f"{_Q}v", f"{_Q}is"


def without_formulas(xml: bytes) -> bytes:
    """A sheet part whose formula cells keep only their cached values (a print copy)."""
    from lxml import etree

    root = etree.fromstring(xml)
    for cell in root.iter(f"{_Q}c"):
        f = cell.find(f"{_Q}f")
        if f is None:
            continue
        cell.remove(f)
        if cell.get("t") == "str":
            v = cell.find(f"{_Q}v")
            text = "" if v is None or v.text is None else v.text
            if v is not None:
                cell.remove(v)
            cell.set("t", "inlineStr")
            inline = etree.SubElement(cell, f"{_Q}is")
            etree.SubElement(inline, f"{_Q}t").text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# How Excel may have saved a CB_ call: through the add-in's external link ([1]!CB_X, or
# 'C:\...\creditbook.xlam'!CB_X while the link is open), as a function it did not know
# when the workbook was saved without the add-in (_xludf.CB_X), or as an Office.js custom
# function (xlwings Lite) with the _xldudf_ prefix, with or without a namespace.
_UDF_CALL = re.compile(
    r"(?:\[\d+\]!|'[^'<]*?\.xla[mx]?'!|[\w.\\:-]+\.xla[mx]?!)?"
    r"(?:_xludf\.|_xldudf_(?:[A-Za-z0-9]+_)??)?(CB_\w+)\("
)
FORMULA = re.compile(rb"(<f\b[^>]*>)([^<]*)(</f>)")
DEFINED_NAME = re.compile(rb"(<definedName\b[^>]*>)([^<]*)(</definedName>)")


def plain_udf_calls(formula: str) -> str:
    """'[1]!CB_SCORE(' / '_xludf.CB_SCORE(' / '_xldudf_CB_SCORE(' → 'CB_SCORE('."""
    if "]!" not in formula and ".xla" not in formula and "_xl" not in formula:
        return formula  # every linked form has one of these (a plain CB_X( stays as it is)
    return _UDF_CALL.sub(r"\1(", formula)


def with_plain_udf_calls(xml: bytes) -> bytes:
    return FORMULA.sub(_plain_match, xml)


def _plain_match(match: re.Match[bytes]) -> bytes:
    text = plain_udf_calls(match.group(2).decode("utf-8"))
    return match.group(1) + text.encode("utf-8") + match.group(3)
