"""The CJK font creditbook's documents use, as a package of its own (``creditbook-fonts``).

Creditbook Sans SC is a subset of Noto Sans CJK SC (SIL Open Font License 1.1, ``OFL.txt``):
matplotlib draws the charts of the reports with it, and ``fonts.conf`` points LibreOffice at
it (and maps Word's Chinese font names to Noto CJK). It is installed with the ``documents``
extra only, so the base wheel — what xlwings Lite downloads for the CB_ functions — does not
carry its 2.9 MB. Built from this folder: ``pip wheel src/creditbook_fonts``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

FONT_FILE = "CreditbookSansSC-Regular.otf"
FONTCONFIG_FILE = "fonts.conf"


def data_file(name: str) -> Path:
    """A file of this package (the font, ``fonts.conf``, ``OFL.txt``) on disk."""
    return Path(str(resources.files(__name__).joinpath(name)))
