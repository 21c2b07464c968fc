"""The ``[policy]`` argument of CB_ functions: a preset name or a range from the 政策 sheet."""

from functools import lru_cache
from typing import Any

from creditbook.core import policy_table
from creditbook.core.errors import InvalidValue, MissingValue
from creditbook.core.policy import DEFAULT_PRESET, PRESETS, Policy, preset
from creditbook.udfs._convert import is_blank, matrix

__all__ = ["policy_arg"]


def policy_arg(value: Any = None) -> Policy:
    """None/blank → default preset; 'ABC'/'abcd'/'AAA' → preset; a range → its policy table.

    A range is parsed once per distinct content: a workbook recalculating 10,000 cells
    that all point at the same 政策 range pays for one parse, and each further call only
    hashes the cells as they arrive.
    """
    if isinstance(value, Policy):
        return value
    if hasattr(value, "tolist") and hasattr(value, "ndim"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        try:
            key = tuple(tuple(r) if isinstance(r, (list, tuple)) else (r,) for r in value)
            hash(key)
        except TypeError:
            return _policy(value)
        return _cached(key)
    return _policy(value)


@lru_cache(maxsize=64)
def _cached(content: tuple[tuple[Any, ...], ...]) -> Policy:
    return _policy([list(row) for row in content])


def _policy(value: Any) -> Policy:
    try:
        rows = None if is_blank(value) else matrix(value)
    except MissingValue:  # a blank range
        rows = None
    if rows is None:
        return preset(DEFAULT_PRESET)
    if len(rows) == 1 and len(rows[0]) == 1:
        name = str(rows[0][0]).strip().lower()
        if name in PRESETS:
            return preset(name)
        raise InvalidValue(
            f"未知的政策预设 unknown policy preset {rows[0][0]!r}; 可选 {'/'.join(PRESETS).upper()}"
        )
    return policy_table.policy_from_table(rows)
