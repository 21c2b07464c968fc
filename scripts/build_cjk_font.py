"""Rebuild src/creditbook_fonts/CreditbookSansSC-Regular.otf from Noto Sans CJK SC.

The shipped font is a subset of Noto Sans CJK SC Regular (SIL Open Font License 1.1, see
OFL.txt beside it): every character of GB 2312 (6,763 hanzi and its symbols), ASCII,
Latin-1, general and CJK punctuation, fullwidth forms, and every character that creditbook's
own sources, presets and templates use. It is renamed "Creditbook Sans SC" as a modified
version of the font should be. Run it on a machine with fonts-noto-cjk installed:

    python scripts/build_cjk_font.py [/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src/creditbook_fonts/CreditbookSansSC-Regular.otf"
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FAMILY = "Creditbook Sans SC"
RANGES = ((0x20, 0x7F), (0xA0, 0x180), (0x2000, 0x2070), (0x2100, 0x2200), (0x3000, 0x3040))


def gb2312() -> set[str]:
    found = set()
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                found.add(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return found


def project_text() -> set[str]:
    """Every non-ASCII character in the sources, presets and document templates' builders."""
    found: set[str] = set()
    for pattern in ("src/**/*.py", "src/**/*.toml", "README.md", "docs/**/*.md"):
        for path in ROOT.glob(pattern):
            found.update(ch for ch in path.read_text(encoding="utf-8") if ord(ch) > 0x7F)
    return found


def characters() -> str:
    chars = gb2312() | project_text()
    for start, end in RANGES:
        chars.update(chr(c) for c in range(start, end))
    chars.update(chr(c) for c in range(0xFF01, 0xFFEF))
    return "".join(sorted(chars))


def source_font(path: Path) -> TTFont:
    if path.suffix.lower() == ".ttc":
        for font in TTCollection(str(path)).fonts:
            if font["name"].getDebugName(1) == "Noto Sans CJK SC":
                return font
        raise SystemExit(f"{path}: no Noto Sans CJK SC in the collection")
    return TTFont(str(path))


def rename(font: TTFont) -> None:
    names = font["name"]
    postscript = FAMILY.replace(" ", "") + "-Regular"
    for record in names.names:
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID == 3:
            record.string = f"{postscript};subset of Noto Sans CJK SC 2.004"
        elif record.nameID == 4:
            record.string = f"{FAMILY} Regular"
        elif record.nameID == 6:
            record.string = postscript
    font["CFF "].cff.fontNames = [postscript]


def main(source: Path = SOURCE) -> None:
    font = source_font(source)
    options = subset.Options()
    options.layout_features = ["ccmp", "locl", "kern", "palt", "halt", "vert", "vrt2"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters())
    subsetter.subset(font)
    rename(font)
    font.save(str(TARGET))
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(*[Path(a) for a in sys.argv[1:2]])
