"""The Windows add-in: xlwings' template with its config sheet and ribbon set for creditbook."""

from __future__ import annotations

import zipfile
from xml.dom import minidom

import pytest
from addin_support import REPO
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from creditbook.addin.xlam import (
    CONFIG_SHEET,
    EDITED_PARTS,
    TAB_LABEL,
    TEMPLATE_SHEET,
    AddinSettings,
    build_xlam,
    dll_names,
    expected_dll_names,
    read_config_sheet,
    template_path,
)
from creditbook.cli import app
from creditbook.files import OutputExists


@pytest.fixture
def xlam(tmp_path):
    return build_xlam(tmp_path / "creditbook.xlam")


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def test_every_template_part_but_the_edited_xml_is_kept_byte_for_byte(xlam):
    template, built = members(template_path()), members(xlam)
    assert list(built) == list(template)
    unchanged = [name for name in template if name not in EDITED_PARTS]
    assert "xl/vbaProject.bin" in unchanged
    for name in unchanged:
        assert built[name] == template[name], name


def test_every_xml_part_is_well_formed(xlam):
    for name, data in members(xlam).items():
        if name.endswith((".xml", ".rels")):
            minidom.parseString(data)


def test_config_sheet_is_switched_on_and_points_at_creditbook_udfs(xlam):
    assert CalamineWorkbook.from_path(str(template_path())).sheet_names == [TEMPLATE_SHEET]
    book = CalamineWorkbook.from_path(str(xlam))
    assert book.sheet_names == [CONFIG_SHEET]
    rows = {row[0]: row[1] for row in book.get_sheet_by_name(CONFIG_SHEET).to_python()}
    assert rows["UDF Modules"] == "creditbook.udfs"
    assert rows["Interpreter_Win"] == ""  # python from PATH unless set at build time


def test_config_keys_other_than_udf_modules_keep_their_template_values(xlam):
    template, built = read_config_sheet(template_path()), read_config_sheet(xlam)
    assert set(built) == set(template)
    assert {k: v for k, v in built.items() if k != "UDF Modules"} == {
        k: v for k, v in template.items() if k != "UDF Modules"
    }


def test_interpreter_is_written_when_given(tmp_path):
    path = build_xlam(tmp_path / "a.xlam", AddinSettings(interpreter_win=r"C:\Py\python.exe"))
    assert read_config_sheet(path)["Interpreter_Win"] == r"C:\Py\python.exe"


def test_ribbon_has_the_credit_tab_with_builtin_controls_and_one_callback(xlam):
    ribbon = minidom.parseString(members(xlam)["customUI/customUI.xml"])
    tabs = ribbon.getElementsByTagName("tab")
    assert [t.getAttribute("label") for t in tabs] == [TAB_LABEL]
    controls = ribbon.getElementsByTagName("control")
    assert {c.getAttribute("idMso") for c in controls} >= {"FunctionWizard", "CalculateNow"}
    # the template's one VBA callback, behind 生成文书 (tests/addin/test_ribbon_button.py)
    callbacks = [n for n in ribbon.getElementsByTagName("*") if n.hasAttribute("onAction")]
    assert [n.getAttribute("onAction") for n in callbacks] == ["RibbonMyAddin.RunMain"]


def test_an_existing_add_in_is_not_overwritten_without_force(xlam):
    before = xlam.read_bytes()
    with pytest.raises(OutputExists):
        build_xlam(xlam)
    assert xlam.read_bytes() == before
    build_xlam(xlam, force=True)


def test_cli_build_writes_the_add_in(tmp_path):
    out = tmp_path / "addin" / "creditbook.xlam"
    result = CliRunner().invoke(app, ["addin", "build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert read_config_sheet(out)["UDF Modules"] == "creditbook.udfs"
    again = CliRunner().invoke(app, ["addin", "build", "--out", str(out)])
    assert again.exit_code == 1
    assert "--force" in again.output


def test_committed_add_in_is_what_the_builder_makes(xlam):
    committed = members(REPO / "addin" / "creditbook.xlam")
    assert committed == members(xlam), "rebuild: creditbook addin build --force"


def pinned_windows_xlwings() -> str:
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = [
        Requirement(r)
        for r in project["dependencies"]
        if r.startswith("xlwings") and "win32" in r and "==" in r
    ]
    assert len(pins) == 1, "pyproject.toml pins no xlwings release for Windows"
    (spec,) = pins[0].specifier
    assert pins[0].marker.evaluate({"sys_platform": "win32"})
    assert not pins[0].marker.evaluate({"sys_platform": "emscripten"})  # Lite has its own
    return spec.version


OLETOOLS_WARNINGS = pytest.mark.filterwarnings("ignore::DeprecationWarning:oletools.olevba")


@OLETOOLS_WARNINGS
def test_committed_add_in_loads_the_dll_of_the_installed_and_pinned_xlwings():
    import xlwings

    committed = dll_names(REPO / "addin" / "creditbook.xlam")
    assert committed == expected_dll_names(pinned_windows_xlwings())
    assert committed == expected_dll_names(xlwings.__version__), (
        f"addin/creditbook.xlam loads {sorted(committed)} but xlwings {xlwings.__version__} "
        "is installed: pin that release in pyproject.toml and rebuild the add-in"
    )


@OLETOOLS_WARNINGS
def test_dll_check_tells_releases_apart(xlam):
    assert dll_names(xlam) == expected_dll_names()
    assert dll_names(xlam) != expected_dll_names("0.38.0")
    assert dll_names(template_path()) == expected_dll_names()
