"""Call CB_ functions the way Excel's Office.js runtimes do (xlwings Lite and Server)."""

# xlwings only attaches function metadata in server mode (XLWINGS_ON_SERVER=true before
# xlwings is first imported), so run_requests() starts a child process
# (``python -m creditbook.addin.officejs``) that reads a JSON batch on stdin and answers
# with JSON on stdout: one process serves many calls.

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import json
import os
import subprocess
import sys
from types import ModuleType
from typing import Any

from creditbook.addin.functions import PREFIX, UDF_MODULE

RUNTIME = "1.4"  # Excel custom functions requirement set with error objects and data types


class NotServerMode(RuntimeError):
    """xlwings was imported without XLWINGS_ON_SERVER=true: no Office.js metadata exists."""


def server_module(name: str = UDF_MODULE) -> ModuleType:
    if os.environ.get("XLWINGS_ON_SERVER") != "true":
        raise NotServerMode("set XLWINGS_ON_SERVER=true before importing xlwings")
    return importlib.import_module(name)


def metadata(module: ModuleType) -> dict[str, Any]:
    """``custom_functions_meta`` restricted to the CB_ functions, sorted by name."""
    from xlwings.server import custom_functions_meta

    meta = custom_functions_meta(module)
    meta["functions"] = sorted(
        (f for f in meta["functions"] if f["id"].startswith(PREFIX)), key=lambda f: f["id"]
    )
    return meta


def payload(func_name: str, args: list[Any]) -> dict[str, Any]:
    """The request body Excel's Office.js add-in posts for one formula evaluation."""
    import xlwings

    return {
        "func_name": func_name,
        "args": [value if isinstance(value, list) else [[value]] for value in args],
        "caller_address": "Sheet1!A1",
        "formula_name": func_name.upper(),
        "version": xlwings.__version__,
        "runtime": RUNTIME,
        "client": "Office.js",
        "culture_info_name": "zh-CN",
        "date_format": "yyyy/m/d",
    }


class OfficeJsCaller:
    """Evaluates formulas through ``xlwings.server.custom_functions_call`` on one event loop."""

    def __init__(self, module: ModuleType) -> None:
        from xlwings.server import custom_functions_call

        self.module = module
        self._call = custom_functions_call
        self._loop = asyncio.new_event_loop()

    def __call__(self, func_name: str, args: list[Any]) -> Any:
        coroutine = self._call(payload(func_name, args), self.module)
        return self._loop.run_until_complete(coroutine)

    def close(self) -> None:
        self._loop.close()


def decode(value: Any) -> Any:
    """JSON → Python: ``{"$date": "2025-01-31"}`` becomes a datetime (as pywin32 delivers)."""
    if isinstance(value, dict) and "$date" in value:
        return dt.datetime.fromisoformat(value["$date"])
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def _answer(caller: OfficeJsCaller, request: dict[str, Any]) -> Any:
    op, module = request["op"], caller.module
    if op == "meta":
        return metadata(module)
    try:
        if op == "call":
            return {"value": caller(request["func"], request["args"])}
        if op == "direct":
            return {"value": getattr(module, request["func"])(*decode(request["args"]))}
    except Exception as error:  # reported to the parent, which decides what it means
        return {"raised": f"{type(error).__name__}: {error}"}
    raise ValueError(f"unknown op {op!r}")


def serve(batch: dict[str, Any]) -> list[Any]:
    """Answer each request; a request's own "module" overrides the batch's."""
    callers: dict[str, OfficeJsCaller] = {}
    answers = []
    try:
        for request in batch["requests"]:
            name = request.get("module", batch.get("module", UDF_MODULE))
            if name not in callers:
                callers[name] = OfficeJsCaller(server_module(name))
            answers.append(_answer(callers[name], request))
    finally:
        for caller in callers.values():
            caller.close()
    return answers


def run_requests(
    requests: list[dict[str, Any]],
    module: str = UDF_MODULE,
    pythonpath: list[str] | None = None,
    timeout: float = 300,
) -> list[Any]:
    """Run a batch of requests in a server-mode child process and return its answers."""
    env = dict(os.environ, XLWINGS_ON_SERVER="true")
    env.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    paths = [*(pythonpath or []), *sys.path]
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    done = subprocess.run(
        [sys.executable, "-m", "creditbook.addin.officejs"],
        input=json.dumps({"module": module, "requests": requests}),
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"Office.js probe failed:\n{done.stderr}")
    return json.loads(done.stdout)


def load_metadata(module: str = UDF_MODULE, pythonpath: list[str] | None = None) -> dict:
    return run_requests([{"op": "meta"}], module, pythonpath)[0]


def _default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    return repr(value)


if __name__ == "__main__":
    answers = serve(json.load(sys.stdin))
    json.dump(answers, sys.stdout, default=_default, ensure_ascii=False)
