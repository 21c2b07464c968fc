"""Find the CB_ worksheet functions a UDF module exposes (every runtime uses the same list)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

UDF_MODULE = "creditbook.udfs"
PREFIX = "CB_"


def udf_module(name: str = UDF_MODULE) -> ModuleType:
    return importlib.import_module(name)


def cb_functions(module: ModuleType | str = UDF_MODULE) -> dict[str, Callable[..., Any]]:
    """Every public callable whose name starts with ``CB_``, by name, sorted."""
    if isinstance(module, str):
        module = udf_module(module)
    return {
        name: getattr(module, name)
        for name in sorted(dir(module))
        if name.startswith(PREFIX) and callable(getattr(module, name))
    }
