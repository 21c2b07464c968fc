"""The .xlsx package as a zip of XML parts: rewrite parts, fix timestamps, keep the rest."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable

ZIP_STAMP = (2026, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def rewrite(data: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    """A new package with every part passed through ``change(name, content)``.

    Part order and compression are kept; zip entry times are fixed so that equal content
    gives equal bytes.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = change(item.filename, source.read(item.filename))
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
