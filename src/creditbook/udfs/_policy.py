"""The ``[policy]`` argument of CB_ functions: a preset name or a range from the 政策 sheet."""

from functools import lru_cache
from typing import Any

from creditbook.core.errors import InvalidValue, MissingValue
from creditbook.core.policy import DEFAULT_PRESET, PRESETS, Policy, preset
from creditbook.inputs import policy_sheet
from creditbook.udfs._cells import CellRows, content_key
from creditbook.udfs._convert import is_blank, matrix

__all__ = ["policy_arg"]


def policy_arg(value: Any = None) -> Policy:
    """None/blank → default preset; 'ABC'/'abcd'/'AAA' → preset; a range → its policy table.

    A range is parsed once per distinct content: a workbook recalculating 10,000 cells
    that all point at the same 政策 range pays for one parse, and each further call only
    hashes the cells as they arrive (``bench/bench_policy_range.py``: at most twice the
    cost of a preset name).
    """
    if isinstance(value, Policy):
        return value
    if isinstance(value, CellRows):  # equal ranges arrive as one shared CellRows
        known = _BY_ROWS.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        policy = _policy_of_rows(value)
        if len(_BY_ROWS) >= 64:
            _BY_ROWS.clear()
        _BY_ROWS[id(value)] = (value, policy)
        return policy
    return _policy_of_rows(value)


# id → (the CellRows, its policy); the CellRows is kept so that its id is not reused.
_BY_ROWS: dict[int, tuple[CellRows, Policy]] = {}


def _policy_of_rows(value: Any) -> Policy:
    if hasattr(value, "tolist") and hasattr(value, "ndim"):
        value = value.tolist()
    if isinstance(value, (list, tuple)) and value:
        rows = value if isinstance(value[0], (list, tuple)) else [[v] for v in value]
        key = content_key(rows)
        return _policy(value) if key is None else _cached(key)
    return _policy(value)


@lru_cache(maxsize=64)
def _cached(key: tuple[Any, ...]) -> Policy:
    return _policy([list(row) for row in key[0]])


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
    return policy_sheet.policy_from_table(rows)
