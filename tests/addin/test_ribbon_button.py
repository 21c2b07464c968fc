"""The 生成文书 button: customUI XML within the 2006/01 customUI schema, calling a real macro.

No picture of the ribbon can be rendered without Windows Excel; the XML is checked against
the schema's element and attribute names instead, and the callback against the VBA project.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from xml.etree import ElementTree

import pytest

import creditbook
from creditbook.addin.xlam import RIBBON_PART, RUN_MAIN, TAB_LABEL, build_xlam
from creditbook.ribbon import DOCUMENTS

NS = "http://schemas.microsoft.com/office/2006/01/customui"

# From the customUI schema (http://schemas.microsoft.com/office/2006/01/customui, the Office
# 2007 customUI.xsd), for the elements used here: CT_CustomUI, CT_Ribbon, CT_Tabs, CT_Tab,
# CT_Group, CT_Button and CT_ControlClone — allowed attributes and child elements.


def _names(text: str) -> set[str]:
    return set(text.split())


_LOOK = (
    "label getLabel image imageMso getImage screentip getScreentip supertip getSupertip "
    "insertAfterMso insertBeforeMso insertAfterQ insertBeforeQ visible getVisible keytip getKeytip"
)
_CONTROL = (
    f"{_LOOK} enabled getEnabled description getDescription showLabel getShowLabel showImage "
    "getShowImage idQ idMso tag size getSize"
)
_TAB = (
    "id idQ idMso tag label getLabel insertAfterMso insertBeforeMso insertAfterQ insertBeforeQ "
    "visible getVisible keytip getKeytip"
)
_GROUP_CHILDREN = (
    "control button checkBox comboBox dropDown editBox gallery labelControl menu dynamicMenu "
    "splitButton toggleButton buttonGroup box separator dialogBoxLauncher"
)
SCHEMA: dict[str, tuple[set[str], set[str]]] = {
    "customUI": (_names("onLoad loadImage"), _names("commands ribbon")),
    "ribbon": (_names("startFromScratch"), _names("officeMenu qat tabs contextualTabs")),
    "tabs": (set(), _names("tab")),
    "tab": (_names(_TAB), _names("group")),
    "group": (_names(f"id idQ idMso tag {_LOOK}"), _names(_GROUP_CHILDREN)),
    "button": (_names(f"id onAction {_CONTROL}"), set()),
    "control": (_names(_CONTROL), set()),
}
SIZES = {"normal", "large"}  # ST_Size
MAX_TEXT = 1024  # ST_String: label, screentip, supertip
MAX_KEYTIP = 3  # ST_Keytip


@pytest.fixture(scope="module")
def xlam(tmp_path_factory):
    return build_xlam(tmp_path_factory.mktemp("addin") / "creditbook.xlam")


@pytest.fixture(scope="module")
def ribbon(xlam) -> ElementTree.Element:
    with zipfile.ZipFile(xlam) as package:
        return ElementTree.fromstring(package.read(RIBBON_PART))


def _local(tag: str) -> str:
    namespace, name = tag[1:].split("}")
    assert namespace == NS, tag
    return name


def test_every_element_and_attribute_is_in_the_customui_schema(ribbon):
    assert _local(ribbon.tag) == "customUI"
    checked = 0
    for element in ribbon.iter():
        name = _local(element.tag)
        attributes, children = SCHEMA[name]
        assert set(element.attrib) <= attributes, (name, set(element.attrib) - attributes)
        assert {_local(c.tag) for c in element} <= children, name
        if "size" in element.attrib:
            assert element.attrib["size"] in SIZES
        for key in ("label", "screentip", "supertip"):
            assert len(element.attrib.get(key, "")) <= MAX_TEXT
        assert 1 <= len(element.attrib.get("keytip", "x")) <= MAX_KEYTIP
        checked += 1
    assert checked == 10


def test_ids_are_unique_xml_names(ribbon):
    ids = [e.attrib["id"] for e in ribbon.iter() if "id" in e.attrib]
    assert len(ids) == len(set(ids)) == 4
    assert all(re.fullmatch(r"[A-Za-z_][\w.-]*", i) for i in ids)


def test_the_documents_group_has_one_large_button_calling_run_main(ribbon):
    (tab,) = ribbon.iter(f"{{{NS}}}tab")
    assert tab.attrib["label"] == TAB_LABEL
    groups = tab.findall(f"{{{NS}}}group")
    assert [g.attrib["label"] for g in groups] == ["文书", "信用函数 CB_ functions"]
    (button,) = groups[0]
    assert button.attrib["label"] == "生成文书"
    assert button.attrib["size"] == "large"
    assert button.attrib["onAction"] == RUN_MAIN == "RibbonMyAddin.RunMain"
    assert button.attrib["screentip"] == "生成文书 Generate documents"
    lines = button.attrib["supertip"].split("\r")
    assert lines[1:] == [
        "客户信用评估表 → 客户信用评估报告、信用额度审批表",
        "应收账款账龄分析 / 客户信用档案 → 本月催收函、信用调整通知书、法律程序客户清单",
        "顾客满意度调查 → 顾客满意度调查分析报告",
    ]
    assert len(lines) == len(DOCUMENTS) + 1
    assert "<工作簿名> 文书\\<日期>" in lines[0]


def test_run_main_is_in_the_vba_project_and_imports_the_add_ins_module(xlam):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # oletools' use of older pyparsing names
        from oletools.olevba import VBA_Parser

    with zipfile.ZipFile(xlam) as package:
        parser = VBA_Parser("vbaProject.bin", data=package.read("xl/vbaProject.bin"))
    modules = {name: code for _, _, name, code in parser.extract_macros()}
    module, procedure = RUN_MAIN.split(".")
    code = modules[f"{module}.bas"]
    assert f"Sub {procedure}(control As IRibbonControl)" in code
    # the module imported is the add-in's file name: creditbook.xlam → creditbook.main()
    assert 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in code
    assert xlam.stem == creditbook.__name__
    assert callable(creditbook.main)
