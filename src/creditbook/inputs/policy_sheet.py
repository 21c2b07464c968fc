"""Read a credit policy from a range: a user's 政策 sheet, a range handed to a CB_ function,
or a policy table saved as CSV/XLSX (``creditbook policy check``).

The layout (three tables stacked, their headers, labels and choices) and the writer are the
policy model's, in ``core/policy_table.py``; this module reads a range of that layout back
and names every cell it cannot read as a ``ReadProblem`` (row within the range, the column's
header and its letter, a ``ProblemKind``), all at once in one ``PolicySheetError``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, get_args

from creditbook.core.errors import PolicyError
from creditbook.core.money import to_decimal
from creditbook.core.policy import (
    DEFAULT_PRESET,
    PRESETS,
    Policy,
    canonical_indicator,
    policy_from_dict,
    preset,
)
from creditbook.core.policy_table import (
    BASE_LABEL,
    BETTER,
    COMBINE,
    GRADE_FIELDS,
    GRADE_HEADER,
    KINDS,
    MODELS,
    OPTIONAL_GUARANTEE,
    SCORECARD_FIELDS,
    SCORECARD_HEADER,
    SOURCE,
    all_parameters,
)
from creditbook.inputs.problems import ProblemKind, ReadProblem, range_place
from creditbook.inputs.tables import column_letter

__all__ = ["PolicySheetError", "policy_from_table"]


class PolicySheetError(PolicyError):
    """A policy range that cannot be read: ``read_problems`` are the records (file, row,
    column, kind, message); ``problems`` their lines without the file, which the message
    names once (``SOURCE: line; line``), as every PolicyError does."""

    def __init__(self, problems: list[ReadProblem], source: str) -> None:
        self.read_problems = list(problems)
        super().__init__([problem.in_file() for problem in self.read_problems], source=source)


def _norm(value: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))).casefold()


def _header_key(value: Any) -> str:
    """'期限(天)' / '期限（天）' / ' 期限 ' → '期限'."""
    return re.sub(r"\(.*\)$", "", _norm(value))


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


@dataclass
class _Table:
    kind: str  # "grades" | "scorecard" | "parameters"
    header_row: int  # 1-based row number in the range
    columns: dict[str, int]  # field → column index
    rows: list[tuple[int, list[Any]]]


class _Problems(list[ReadProblem]):
    """The problems of one range, in the order found: each a ``ReadProblem`` with the row
    and column letter within the range, named by the row and its column's header
    (``range_place``), or, for a range that starts at A1 of its sheet (``on_sheet``), by
    the sheet's own cell (政策!C9 权重) as every reader names a cell."""

    def __init__(self, file: str = "", sheet: str | None = None, on_sheet: bool = False) -> None:
        super().__init__()
        self.file, self.sheet, self.on_sheet = file, sheet, on_sheet
        self.letters: dict[str, str] = {}  # header → its letter (the tables share no header)

    def at(
        self, row: int, column: str, message: str, kind: ProblemKind = ProblemKind.VALUE
    ) -> None:
        letter = self.letters.get(column)
        if self.on_sheet:
            problem = ReadProblem(self.file, self.sheet, row, letter, column, message, kind)
        else:
            place = range_place(row, column)
            problem = ReadProblem(self.file, self.sheet, row, letter, None, message, kind, place)
        self.append(problem)

    def row(self, row: int, message: str, kind: ProblemKind) -> None:
        place = None if self.on_sheet else range_place(row)
        self.append(ReadProblem(self.file, self.sheet, row, None, None, message, kind, place))

    def whole(self, message: str, kind: ProblemKind) -> None:
        self.append(ReadProblem(self.file, self.sheet, None, None, None, message, kind))


def _split_tables(rows: list[list[Any]], problems: _Problems) -> list[_Table]:
    tables: list[_Table] = []
    current: _Table | None = None
    for number, row in enumerate(rows, 1):
        if all(_blank(c) for c in row):
            current = None
            continue
        if current is not None:
            current.rows.append((number, row))
            continue
        current = _start_table(number, row, problems)
        if current is not None:
            tables.append(current)
        else:  # skip the rest of this unknown block
            current = _Table("unknown", number, {}, [])
    return [t for t in tables if t.kind != "unknown"]


def _start_table(number: int, row: list[Any], problems: _Problems) -> _Table | None:
    first = next((c for c in row if not _blank(c)), None)
    kinds = {"等级": ("grades", GRADE_FIELDS), "指标": ("scorecard", SCORECARD_FIELDS)}
    kinds["参数"] = ("parameters", {"参数": "label", "值": "value"})
    key = _header_key(first)
    if key not in kinds:
        problems.row(
            number,
            "不是可识别的表头 not a known table header "
            f"({' | '.join(GRADE_HEADER)} / {' | '.join(SCORECARD_HEADER)} / 参数 | 值)",
            ProblemKind.LAYOUT,
        )
        return None
    kind, names = kinds[key]
    columns: dict[str, int] = {}
    for index, cell in enumerate(row):
        name = _header_key(cell) if not _blank(cell) else ""
        if name in names:
            columns[names[name]] = index
            problems.letters[name] = column_letter(index)
        elif name:
            message = f"未知列名 unknown column {cell!r}"
            problems.row(number, message, ProblemKind.UNMAPPED_COLUMN)
    for name, field in names.items():
        if field not in columns and name not in ("说明", "复核周期", "需担保", "现款", "区间"):
            message = f"缺少列 missing column 「{name}」"
            problems.row(number, message, ProblemKind.MISSING_COLUMN)
    return _Table(kind, number, columns, [])


def _get(table: _Table, row: list[Any], field: str) -> Any:
    index = table.columns.get(field)
    if index is None or index >= len(row) or _blank(row[index]):
        return None
    value = row[index]
    return value.strip() if isinstance(value, str) else value


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"需要数字 expected a number, got {value!r}")
    if isinstance(value, str):
        clean = _norm(value).replace(",", "")
        percent = clean.endswith("%")
        try:
            number = Decimal(clean.rstrip("%"))
        except InvalidOperation:
            raise ValueError(f"不是数字 not a number: {value!r}") from None
        return number / 100 if percent else number
    return to_decimal(value)


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    key = _norm(value)
    if key in ("是", "y", "yes", "true", "1", "√"):
        return True
    if key in ("否", "n", "no", "false", "0", "×", ""):
        return False
    raise ValueError(f"需要 是/否 expected yes/no, got {value!r}")


# Other ways people write the same choice.
_SYNONYMS = {
    "越大越好": "越高越好",
    "越小越好": "越低越好",
    "最小值": "最小",
    "最大值": "最大",
    "平均值": "平均",
    "min": "最小",
    "max": "最大",
    "average": "平均",
    "mean": "平均",
}


def _choice(value: Any, labels: dict[str, str]) -> str:
    key = _norm(value)
    key = _norm(_SYNONYMS.get(key, key))
    for label, code in labels.items():
        if key in (_norm(label), code):
            return code
    raise ValueError(f"应为 {'/'.join(labels)} expected one of them, got {value!r}")


def _read(problems: _Problems, row: int, column: str, convert: Any, value: Any) -> Any:
    try:
        return convert(value)
    except (ValueError, ArithmeticError) as error:
        problems.at(row, column, str(error))
        return None


def _read_grades(table: _Table, problems: _Problems) -> list[dict[str, Any]]:
    labels = {field: name for name, field in GRADE_FIELDS.items()}
    converters = {
        "min_score": lambda v: float(_decimal(v)),
        "term_days": lambda v: int(_decimal(v)),
        "limit_factor": _decimal,
        "guarantee_required": lambda v: _norm(v) != _norm(OPTIONAL_GUARANTEE) and _flag(v),
        "cash_only": _flag,
        "review_months": lambda v: int(_decimal(v)),
        "grade": str,
        "description": str,
    }
    grades = []
    for number, row in table.rows:
        grade: dict[str, Any] = {}
        for field, convert in converters.items():
            value = _get(table, row, field)
            if value is None:
                if field in ("grade", "min_score", "term_days", "limit_factor"):
                    problems.at(number, labels[field], "必填 required", ProblemKind.BLANK)
                continue
            grade[field] = _read(problems, number, labels[field], convert, value)
            if field == "guarantee_required" and _norm(value) == _norm(OPTIONAL_GUARANTEE):
                grade["guarantee_optional"] = True
        grades.append(grade)
    return grades


def _read_scorecard(table: _Table, base: Policy, problems: _Problems) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for number, row in table.rows:
        name = _get(table, row, "name")
        if name is not None:
            canonical = canonical_indicator(str(name))
            if canonical is None:
                problems.at(number, "指标", f"未知指标 unknown indicator {name!r}")
                canonical = str(name)
            items.append(_start_indicator(table, number, row, canonical, base, problems))
        elif not items:
            message = "第一行须填写指标名称 the first row needs an indicator"
            problems.at(number, "指标", message, ProblemKind.BLANK)
            continue
        if items[-1].get("kind") == "rating":
            rating = _read_rating(table, number, row, problems)
            if rating is not None:
                items[-1]["ratings"].append(rating)
            continue
        band = _read_band(table, number, row, problems)
        if band is not None and items[-1].get("kind") == "qualitative":
            continue  # the 得分 5 of a qualitative row is its full marks, not a band
        if band is not None:
            items[-1]["bands"].append(band)
    return items


def _read_rating(
    table: _Table, number: int, row: list[Any], problems: _Problems
) -> dict[str, Any] | None:
    label, points = _get(table, row, "min"), _get(table, row, "points")
    if label is None and points is None:
        return None
    if label is None or points is None:
        problems.at(
            number,
            "下限" if label is None else "得分",
            "评级须有名称和得分 a rating needs a name and points",
            ProblemKind.BLANK,
        )
        return None
    return {"label": str(label), "points": _read(problems, number, "得分", _to_float, points)}


def _start_indicator(
    table: _Table, number: int, row: list[Any], name: str, base: Policy, problems: _Problems
) -> dict[str, Any]:
    item: dict[str, Any] = {"name": name, "bands": [], "ratings": []}
    kind = _get(table, row, "kind")
    better = _get(table, row, "better")
    weight = _get(table, row, "weight")
    item["kind"] = (
        "quantitative"
        if kind is None
        else _read(problems, number, "类型", lambda v: _choice(v, KINDS), kind)
    )
    item["better"] = (
        "higher"
        if better is None
        else _read(problems, number, "方向", lambda v: _choice(v, BETTER), better)
    )
    if weight is None:
        problems.at(number, "权重", "必填 required", ProblemKind.BLANK)
    else:
        item["weight"] = _read(problems, number, "权重", lambda v: float(_decimal(v)), weight)
    known = base.indicator(name) or next(
        (preset(p).indicator(name) for p in PRESETS if preset(p).indicator(name)), None
    )
    if known is not None:
        item.update(guidance=known.guidance, optional=known.optional, precision=known.precision)
    return item


def _read_band(
    table: _Table, number: int, row: list[Any], problems: _Problems
) -> dict[str, Any] | None:
    low, high, points = (_get(table, row, f) for f in ("min", "max", "points"))
    if low is None and high is None and points is None:
        return None
    if points is None:
        problems.at(number, "得分", "区间须有得分 a band needs points", ProblemKind.BLANK)
        return None
    band: dict[str, Any] = {"points": _read(problems, number, "得分", _to_float, points)}
    if low is not None:
        band["min"] = _read(problems, number, "下限", _decimal, low)
    if high is not None:
        band["max"] = _read(problems, number, "上限", _decimal, high)
    return band


def _to_float(value: Any) -> float:
    return float(_decimal(value))


def _parameter_converter(path: str) -> Any:
    """How a parameter cell becomes the field's value, from the field's annotation."""
    if path == "limit.combine":
        return lambda v: _choice(v, COMBINE)
    section, _, field = path.rpartition(".")
    model = MODELS[section]
    annotation = model.model_fields[field].annotation
    types = set(get_args(annotation)) or {annotation}
    if bool in types:
        return _flag
    if int in types:
        return lambda v: int(_decimal(v))
    if Decimal in types:
        return _decimal
    if float in types:
        return _to_float
    return str


def _nullable(path: str) -> bool:
    section, _, field = path.rpartition(".")
    model = MODELS[section]
    return type(None) in get_args(model.model_fields[field].annotation)


def _read_parameters(table: _Table, problems: _Problems) -> tuple[str | None, dict[str, Any]]:
    by_label = {_norm(label): path for label, path in all_parameters().items()}
    by_label.update({_norm(path): path for path in all_parameters().values()})
    base: str | None = None
    values: dict[str, Any] = {}
    for number, row in table.rows:
        label = _get(table, row, "label")
        value = _get(table, row, "value")
        if label is None:
            message = "缺少参数名 the parameter has no name"
            problems.at(number, "参数", message, ProblemKind.BLANK)
            continue
        if _norm(label) in (_norm(BASE_LABEL), "base", "preset"):
            base = None if value is None else str(value).strip().lower()
            if base is not None and base not in PRESETS:
                problems.at(
                    number, "值", f"未知预设 unknown preset {value!r} ({'/'.join(PRESETS)})"
                )
                base = None
            continue
        path = by_label.get(_norm(label))
        if path is None:
            problems.at(number, "参数", f"未知参数 unknown parameter {label!r}")
        elif value is not None:
            values[path] = _read(problems, number, "值", _parameter_converter(path), value)
        elif _nullable(path):
            values[path] = None
    return base, values


def policy_from_table(
    rows: list[list[Any]],
    base: Policy | str | None = None,
    *,
    file: str = "",
    sheet: str | None = None,
    on_sheet: bool = False,
) -> Policy:
    """Read a policy from a range; what it leaves out comes from the base preset.

    ``base`` is used when the range names no 基础预设 (default: the default preset).
    ``file`` (and ``sheet``) name where the range came from, in every problem and message;
    ``on_sheet``: the range starts at A1 of ``sheet``, so problems name its cells (政策!C9).
    Raises ``PolicySheetError`` listing every problem (a ``ReadProblem``) with its row
    (1-based within the range) and column, or ``PolicyError`` naming the policy field that
    the combined result gets wrong.
    """
    problems = _Problems(file, sheet, on_sheet)
    source = file or SOURCE
    grid = [list(row) if isinstance(row, (list, tuple)) else [row] for row in rows]
    tables = _split_tables(grid, problems)
    if not tables and not problems:
        problems.whole("区域中没有政策表 the range holds no policy table", ProblemKind.FILE)
    found: dict[str, _Table] = {}
    for table in tables:
        if table.kind in found:
            problems.row(
                table.header_row,
                f"重复的表 the {table.kind} table appears twice "
                f"(first at row {found[table.kind].header_row})",
                ProblemKind.DUPLICATE,
            )
        found[table.kind] = table
    base_name, parameters = (
        _read_parameters(found["parameters"], problems) if "parameters" in found else (None, {})
    )
    if base_name is not None:
        base_policy = preset(base_name)
    elif isinstance(base, Policy):
        base_policy = base
    else:
        base_policy = preset(base or DEFAULT_PRESET)
    data = base_policy.model_dump()
    if "scorecard" in found:
        data["scorecard"] = _read_scorecard(found["scorecard"], base_policy, problems)
    if "grades" in found:
        data["grades"] = _read_grades(found["grades"], problems)
    for path, value in parameters.items():
        section, _, field = path.rpartition(".")
        (data[section] if section else data)[field] = value
    if problems:
        raise PolicySheetError(problems, source)
    return policy_from_dict(data, source=f"{file} {sheet}" if file and sheet else source)
