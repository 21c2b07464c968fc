"""CB_ calls as Excel saves them: through the add-in's external link, _xludf., _xldudf_.

A workbook that met the add-in on another PC (or was saved without it) must calculate
exactly as the same workbook with plain CB_ calls, and `workbook relink` must turn it
into that plain workbook.
"""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from typer.testing import CliRunner

from creditbook.cli import app
from creditbook.workbooks import _links, _xlsx
from creditbook.workbooks.recalc import ExcelError, calculate
from creditbook.workbooks.relink import relink_workbook

ADDIN = r"file:///C:\Users\财务\AppData\Roaming\Microsoft\AddIns\creditbook.xlam"
OTHER = "file:///D:/财务/2026年预算.xlsx"
CELLS = {
    "A1": "客户",
    "B1": "评分",
    "C1": "等级",
    "D1": "负债",
    "E1": "资产",
    "F1": "资产负债率",
    "G1": "大写",
    "A2": "苏州明远精密机械有限公司",
    "B2": 82,
    "D2": 5_400_000,
    "E2": 0,  # a company with no assets on file: 资产负债率 is #DIV/0!
    "A3": "无锡恒通电子有限公司",
    "B3": 64.5,
    "D3": 3_000_000,
    "E3": 7_500_000,
}
PLAIN = {
    "C2": "CB_GRADE(B2)",
    "C3": 'CB_GRADE(B3,"AAA")',
    "F2": "CB_DEBT_RATIO(D2,E2)",
    "F3": "CB_DEBT_RATIO(D3,E3)",
    "G2": "CB_RMB_UPPER(1004.05)",
    "H2": 'IF(ISERROR(F2),"缺资产",F2)',
}
FORMS = {
    "external link": lambda f: re.sub(r"CB_", "[1]!CB_", f),
    "_xludf": lambda f: re.sub(r"CB_", "_xludf.CB_", f),
    "_xldudf": lambda f: re.sub(r"CB_", "_xldudf_CB_", f),
    "_xldudf namespace": lambda f: re.sub(r"CB_", "_xldudf_XLWINGS_CB_", f),
}


def plain_book(path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "评级"
    for ref, value in CELLS.items():
        ws[ref] = value
    for ref, formula in PLAIN.items():
        ws[ref] = "=" + formula
    book.save(path)
    return path


def with_links(data: bytes, targets: list[tuple[str, list[str]]]) -> bytes:
    """Add external links the way Excel writes them: one part (and rels) per linked file."""
    rid = 900
    package = zipfile.ZipFile(io.BytesIO(data))
    parts = {name: package.read(name) for name in package.namelist()}
    references, relationships, overrides = "", "", ""
    for n, (target, names) in enumerate(targets, start=1):
        rid += 1
        defined = "".join(f'<definedName name="{name}"/>' for name in names)
        sheet = "" if names else '<sheetNames><sheetName val="Sheet1"/></sheetNames>'
        parts[f"xl/externalLinks/externalLink{n}.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<externalLink xmlns="{_xlsx.MAIN_NS}" xmlns:r="{_xlsx.REL_NS}">'
            f'<externalBook r:id="rId1">{sheet}<definedNames>{defined}</definedNames>'
            "</externalBook></externalLink>"
        ).encode()
        parts[f"xl/externalLinks/_rels/externalLink{n}.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="{_xlsx.PKG_REL_NS}"><Relationship Id="rId1" '
            f'Type="{_xlsx.REL_NS}/externalLinkPath" Target="{target}" TargetMode="External"/>'
            "</Relationships>"
        ).encode()
        references += f'<externalReference r:id="rId{rid}"/>'
        relationships += (
            f'<Relationship Id="rId{rid}" Type="{_links.EXTERNAL_LINK}" '
            f'Target="externalLinks/externalLink{n}.xml"/>'
        )
        overrides += (
            f'<Override PartName="/xl/externalLinks/externalLink{n}.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>'
        )
    workbook = parts["xl/workbook.xml"].decode()
    parts["xl/workbook.xml"] = workbook.replace(
        "</sheets>",
        f'</sheets><externalReferences xmlns:r="{_xlsx.REL_NS}">{references}</externalReferences>',
    ).encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>", relationships + "</Relationships>"
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace("</Types>", overrides + "</Types>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return out.getvalue()


def saved_as(path, form: str, links: list[tuple[str, list[str]]] | None = None):
    """The plain workbook as Excel saved it with ``form``; returns its path."""
    change = FORMS[form]

    def formulas(name: str, xml: bytes) -> bytes:
        if not name.startswith("xl/worksheets/"):
            return xml
        return _xlsx.FORMULA.sub(
            lambda m: m.group(1) + change(m.group(2).decode()).encode() + m.group(3), xml
        )

    data = _xlsx.rewrite(path.read_bytes(), formulas)
    if form == "external link":
        names = sorted({m for f in PLAIN.values() for m in re.findall(r"CB_\w+", f)})
        data = with_links(data, links or [(ADDIN, names)])
    saved = path.with_name(f"{form}.xlsx")
    saved.write_bytes(data)
    return saved


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    path = plain_book(tmp_path_factory.mktemp("plain") / "plain.xlsx")
    return path, calculate(path)


def test_the_plain_workbook_calculates_what_a_user_expects(plain):
    _, result = plain
    values = result.values["评级"]
    assert values["C2"] == "A" and values["C3"] == "B"
    assert values["F2"] == ExcelError("#DIV/0!")
    assert values["F3"] == pytest.approx(0.4)
    assert values["G2"] == "人民币壹仟零肆元零伍分"
    assert values["H2"] == "缺资产"  # the error reached ISERROR as an error


@pytest.mark.parametrize("form", list(FORMS))
def test_every_saved_form_calculates_as_the_plain_calls(plain, form, tmp_path):
    path, expected = plain
    saved = saved_as(_copy(path, tmp_path), form)
    result = calculate(saved)
    assert result.values == expected.values
    assert result.formulas["评级"]["C2"] == "=" + FORMS[form]("CB_GRADE(B2)")  # kept as saved


def _copy(path, folder):
    target = folder / path.name
    target.write_bytes(path.read_bytes())
    return target


@pytest.mark.parametrize("form", list(FORMS))
def test_relink_rewrites_every_form_to_plain_calls(plain, form, tmp_path):
    path, expected = plain
    saved = saved_as(_copy(path, tmp_path), form)
    before = saved.read_bytes()
    result = relink_workbook(saved, tmp_path / "relinked.xlsx")
    assert saved.read_bytes() == before  # the input is not touched
    relinked = calculate(result.path)
    assert relinked.formulas["评级"] == {ref: "=" + f for ref, f in PLAIN.items()}
    assert relinked.values == expected.values
    assert result.formulas == sum("CB_" in f for f in PLAIN.values())
    names = zipfile.ZipFile(result.path).namelist()
    assert not [n for n in names if "externalLink" in n]
    if form == "external link":
        assert result.removed == (ADDIN,)
        package = zipfile.ZipFile(result.path)
        assert b"externalReference" not in package.read("xl/workbook.xml")
        assert b"externalLink" not in package.read("[Content_Types].xml")
        assert b"externalLink" not in package.read("xl/_rels/workbook.xml.rels")
    openpyxl.load_workbook(result.path)  # still a package Excel's readers accept


def test_relink_keeps_links_to_other_workbooks_and_renumbers_them(plain, tmp_path):
    path, _ = plain
    book = openpyxl.load_workbook(path)
    book["评级"]["I2"] = "=[2]Sheet1!$A$1*2"  # a budget figure from another workbook
    book.save(tmp_path / "plain.xlsx")
    names = sorted({m for f in PLAIN.values() for m in re.findall(r"CB_\w+", f)})
    saved = saved_as(tmp_path / "plain.xlsx", "external link", [(ADDIN, names), (OTHER, [])])
    saved_formulas = {ref: text for ref, text, _ in _xlsx.formula_cells(_sheet(saved))}
    assert saved_formulas["I2"] == "[2]Sheet1!$A$1*2"
    assert saved_formulas["C2"] == "[1]!CB_GRADE(B2)"
    result = relink_workbook(saved, tmp_path / "relinked.xlsx")
    formulas = {ref: text for ref, text, _ in _xlsx.formula_cells(_sheet(result.path))}
    assert formulas["I2"] == "[1]Sheet1!$A$1*2"
    assert formulas["C2"] == "CB_GRADE(B2)"
    links = _links.external_links(result.path.read_bytes())
    assert [(link.index, link.target) for link in links] == [(1, OTHER)]


def _sheet(path) -> bytes:
    return zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")


def test_cli_relink_needs_force_to_rewrite_the_book_itself(plain, tmp_path):
    path, _ = plain
    saved = saved_as(_copy(path, tmp_path), "_xludf")
    before = saved.read_bytes()
    refused = CliRunner().invoke(app, ["workbook", "relink", str(saved)])
    assert refused.exit_code == 1 and "--force" in refused.output
    assert saved.read_bytes() == before
    done = CliRunner().invoke(app, ["workbook", "relink", str(saved), "--force"])
    assert done.exit_code == 0, done.output
    assert "已改写 rewritten 5 个公式" in done.output
    assert b"_xludf" not in _sheet(saved)


def test_renumbering_leaves_text_in_quotes_alone():
    formula = "[2]Sheet1!$A$1&\"[2] 见预算\"&'[3]2026年预算'!B2"
    assert _links._renumber(formula, {2: 1, 3: 2}) == (
        "[1]Sheet1!$A$1&\"[2] 见预算\"&'[2]2026年预算'!B2"
    )
