"""Converts documents to PDF through a LibreOffice that is already running; one JSON per line.

Started by creditbook.office.pdf with a Python that has LibreOffice's ``uno`` module
(Debian: python3-uno; Windows/macOS: LibreOffice's own python), so it imports nothing
from creditbook. Usage: ``python _uno_client.py PIPE_NAME START_TIMEOUT``; it prints
{"ready": true} once connected, then answers each {"source": …, "target": …} request
with {"ok": true} or {"ok": false, "error": …}.
"""

from __future__ import annotations

import json
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def properties(**values):
    found = []
    for name, value in values.items():
        item = PropertyValue()
        item.Name, item.Value = name, value
        found.append(item)
    return tuple(found)


def connect(pipe: str, timeout: float):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:  # NoConnectException until soffice listens
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


def convert(desktop, source: str, target: str) -> None:
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source), "_blank", 0, properties(Hidden=True, ReadOnly=True)
    )
    if document is None:
        raise RuntimeError(f"LibreOffice cannot open {source}")
    try:
        spreadsheet = document.supportsService("com.sun.star.sheet.SpreadsheetDocument")
        export = "calc_pdf_Export" if spreadsheet else "writer_pdf_Export"
        document.storeToURL(uno.systemPathToFileUrl(target), properties(FilterName=export))
    finally:
        document.close(True)


def main() -> None:
    desktop = connect(sys.argv[1], float(sys.argv[2]))
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        reply: dict[str, object]
        try:
            convert(desktop, request["source"], request["target"])
            reply = {"ok": True}
        except Exception as error:  # reported to the caller, which knows the document
            reply = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
