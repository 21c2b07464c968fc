"""Build creditbook.xlam from xlwings' own add-in template by editing the package's XML."""

# openpyxl refuses ``.xlam`` files, and the VBA project (``xl/vbaProject.bin``) must survive
# untouched, so the template is copied member by member and only four XML parts change:
# the config sheet's name (``_myaddin.conf`` → ``myaddin.conf``, which the template's VBA
# reads because its compiled ``PROJECT_NAME`` is ``myaddin``), its values (UDF Modules,
# optionally the interpreter), the shared strings, and the ribbon (tab 信用管理).

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from creditbook.addin.functions import UDF_MODULE
from creditbook.files import atomic_path
from creditbook.ribbon import BUTTON_LABEL, GROUP_LABEL, SCREENTIP, SUPERTIP

VBA_PROJECT_NAME = "myaddin"  # compiled into the template's VBA (Public Const PROJECT_NAME)
TEMPLATE_SHEET = f"_{VBA_PROJECT_NAME}.conf"  # the leading "_" switches the sheet off
CONFIG_SHEET = f"{VBA_PROJECT_NAME}.conf"
SHEET_PART = "xl/worksheets/sheet1.xml"
STRINGS_PART = "xl/sharedStrings.xml"
WORKBOOK_PART = "xl/workbook.xml"
RIBBON_PART = "customUI/customUI.xml"
EDITED_PARTS = (SHEET_PART, STRINGS_PART, WORKBOOK_PART, RIBBON_PART)
TAB_LABEL = "信用管理"

# The 文书 group's button calls the template's one VBA callback, RibbonMyAddin.RunMain, which
# runs ``import creditbook; creditbook.main()`` (the module is the add-in's file name).
RUN_MAIN = "RibbonMyAddin.RunMain"
SUPERTIP_BREAK = "&#13;"  # a line break inside the ScreenTip's description


def _ribbon_xml() -> str:
    supertip = SUPERTIP_BREAK.join(escape(line, {'"': "&quot;"}) for line in SUPERTIP.splitlines())
    return f"""<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui">
    <ribbon>
        <tabs>
            <tab id="creditbookTab" label="{TAB_LABEL}" keytip="CB">
                <group id="creditbookDocuments" label="{GROUP_LABEL}">
                    <button id="creditbookGenerate" label="{BUTTON_LABEL}" size="large"
                            imageMso="MacroPlay" onAction="{RUN_MAIN}" keytip="W"
                            screentip="{SCREENTIP}"
                            supertip="{supertip}" />
                </group>
                <group id="creditbookFunctions" label="信用函数 CB_ functions">
                    <control idMso="FunctionWizard" label="插入函数 Insert Function" size="large" />
                    <control idMso="CalculateNow" label="全部重算 Calculate Now" size="large" />
                    <control idMso="CalculateSheet" label="重算工作表 Calculate Sheet"
                             size="large" />
                </group>
            </tab>
        </tabs>
    </ribbon>
</customUI>"""


RIBBON_XML = _ribbon_xml()


def dll_names(path: str | Path) -> set[str]:
    """The xlwings DLLs the add-in's VBA declares, e.g. {'xlwings64-0.37.8.dll', …}.

    The VBA loads the DLL of exactly one xlwings release; Python must run that release.
    Reads the compressed VBA source with oletools (a development dependency).
    """
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(path))
    try:
        return {
            name
            for _, _, _, code in parser.extract_macros()
            for name in re.findall(r"xlwings(?:32|64)-[0-9][0-9.]*[0-9]\.dll", code)
        }
    finally:
        parser.close()


def expected_dll_names(version: str | None = None) -> set[str]:
    """The DLL names xlwings ``version`` (default: the installed one) ships for its VBA."""
    if version is None:
        import xlwings

        version = xlwings.__version__
    return {f"xlwings64-{version}.dll", f"xlwings32-{version}.dll"}


def template_path(ribbon: bool = True) -> Path:
    import xlwings

    name = "quickstart_addin_ribbon.xlam" if ribbon else "quickstart_addin.xlam"
    return Path(xlwings.__file__).parent / name


@dataclass(frozen=True)
class AddinSettings:
    """Values written into the add-in's config sheet (column B beside the key in column A)."""

    udf_modules: str = UDF_MODULE
    interpreter_win: str = ""

    def by_key(self) -> dict[str, str]:
        values = {"UDF Modules": self.udf_modules}
        if self.interpreter_win:
            values["Interpreter_Win"] = self.interpreter_win
        return values


def build_xlam(
    out: str | Path,
    settings: AddinSettings = AddinSettings(),
    template: str | Path | None = None,
    force: bool = False,
) -> Path:
    """Write the add-in to ``out``; every template member but the edited XML is kept as is."""
    source = Path(template) if template else template_path()
    with zipfile.ZipFile(source) as zin, atomic_path(out, force) as temporary:
        parts = {info.filename: zin.read(info) for info in zin.infolist()}
        edited = _edit_parts(parts, settings)
        with zipfile.ZipFile(temporary, "w") as zout:
            for info in zin.infolist():
                zout.writestr(info, edited.get(info.filename, parts[info.filename]))
    return Path(out)


def _edit_parts(parts: dict[str, bytes], settings: AddinSettings) -> dict[str, bytes]:
    strings = _shared_strings(parts[STRINGS_PART].decode("utf-8"))
    sheet = parts[SHEET_PART].decode("utf-8")
    for key, value in settings.by_key().items():
        row = _row_of_key(sheet, strings, key)
        strings.append(value)
        sheet = _set_string_cell(sheet, f"B{row}", len(strings) - 1)
    workbook = parts[WORKBOOK_PART].decode("utf-8")
    if f'name="{TEMPLATE_SHEET}"' not in workbook:
        raise ValueError(f"template has no sheet {TEMPLATE_SHEET!r}")
    workbook = workbook.replace(f'name="{TEMPLATE_SHEET}"', f'name="{CONFIG_SHEET}"')
    edited = {
        SHEET_PART: sheet,
        STRINGS_PART: _render_shared_strings(strings),
        WORKBOOK_PART: workbook,
    }
    if RIBBON_PART in parts:
        edited[RIBBON_PART] = RIBBON_XML
    return {name: text.encode("utf-8") for name, text in edited.items()}


def _shared_strings(xml: str) -> list[str]:
    return [_unescape(text) for text in re.findall(r"<si><t[^>]*>(.*?)</t></si>", xml)]


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _render_shared_strings(strings: list[str]) -> str:
    items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    )


def _row_of_key(sheet: str, strings: list[str], key: str) -> int:
    wanted = key.upper()
    for row, index in re.findall(r'<c r="A(\d+)"[^>]*t="s"[^>]*><v>(\d+)</v></c>', sheet):
        if strings[int(index)].upper() == wanted:
            return int(row)
    raise ValueError(f"config sheet has no key {key!r} in column A")


def _set_string_cell(sheet: str, ref: str, string_index: int) -> str:
    """Put shared string ``string_index`` into cell ``ref`` (replacing a value or adding it)."""
    row = re.sub(r"\D", "", ref)
    cell = f'<c r="{ref}" s="1" t="s"><v>{string_index}</v></c>'
    existing = re.compile(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)')
    if existing.search(sheet):
        return existing.sub(cell, sheet, count=1)
    row_pattern = re.compile(rf'(<row r="{row}"[^>]*?)spans="\d+:\d+"([^>]*>)(.*?)(</row>)')
    match = row_pattern.search(sheet)
    if match is None:
        raise ValueError(f"config sheet has no row {row}")
    head, tail, cells, end = match.groups()
    replacement = f'{head}spans="1:2"{tail}{cells}{cell}{end}'
    return sheet[: match.start()] + replacement + sheet[match.end() :]


def read_config_sheet(path: str | Path) -> dict[str, str]:
    """Key → value of the add-in's config sheet (what the VBA's GetConfigFromSheet sees)."""
    with zipfile.ZipFile(path) as z:
        strings = _shared_strings(z.read(STRINGS_PART).decode("utf-8"))
        sheet = z.read(SHEET_PART).decode("utf-8")
    cells: dict[tuple[str, str], str] = {}
    for col, row, attrs, body in re.findall(r'<c r="([AB])(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', sheet):
        value = re.search(r"<v>(.*?)</v>", body or "")
        text = value.group(1) if value else ""
        if text and 't="s"' in attrs:
            text = strings[int(text)]
        elif 't="b"' in attrs:
            text = "TRUE" if text == "1" else "FALSE"
        cells[col, row] = text
    return {
        key: cells.get(("B", row), "") for (col, row), key in cells.items() if col == "A" and key
    }
