"""The ``[policy]`` argument of CB_ functions: a preset name or a range from the 政策 sheet."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from creditbook.core import policy_table
from creditbook.core.errors import InvalidValue
from creditbook.core.policy import DEFAULT_PRESET, PRESETS, Policy, preset
from creditbook.udfs._convert import is_blank, matrix

__all__ = ["policy_arg"]


@lru_cache(maxsize=64)
def _parse(content: tuple[tuple[Any, ...], ...]) -> Policy:
    # Keyed by the range's content: a workbook recalculating 10,000 cells that all point
    # at the same 政策 range parses it once.
    return policy_table.policy_from_table([list(row) for row in content])


def policy_arg(value: Any = None) -> Policy:
    """None/blank → default preset; 'ABC'/'abcd'/'AAA' → preset; a range → its policy table."""
    if isinstance(value, Policy):
        return value
    rows = None if is_blank(value) else matrix(value)
    if rows is None:
        return preset(DEFAULT_PRESET)
    if len(rows) == 1 and len(rows[0]) == 1:
        name = str(rows[0][0]).strip().lower()
        if name in PRESETS:
            return preset(name)
        raise InvalidValue(
            f"未知的政策预设 unknown policy preset {rows[0][0]!r}; 可选 {'/'.join(PRESETS).upper()}"
        )
    try:
        key = tuple(tuple(row) for row in rows)
        hash(key)
    except TypeError:
        return policy_table.policy_from_table(rows)
    return _parse(key)
