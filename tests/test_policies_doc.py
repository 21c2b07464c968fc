"""docs/policies.md stays in step with the presets: every value it states is the preset's."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from creditbook.core.policy import PRESETS, Policy, preset

DOC = Path(__file__).resolve().parents[1] / "docs" / "policies.md"
ROW = re.compile(r"^\| (?P<clause>[^|]+) \| `(?P<path>[^`]+)` \| (?P<value>.+) \|$")


def _tables() -> dict[str, list[tuple[str, str, str]]]:
    tables: dict[str, list[tuple[str, str, str]]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## `(\w+)`", line)
        if heading:
            current = tables.setdefault(heading.group(1), [])
        elif current is not None and (row := ROW.match(line)):
            current.append((row["clause"], row["path"], row["value"]))
    return tables


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, float):
        return f"{value:g}"
    return "无" if value is None else str(value)


def field_text(policy: Policy, path: str) -> str:
    """The preset's value at ``path`` as the document writes it."""
    if path == "approval":
        return "；".join(
            f"{'其余金额' if t.max_amount is None else f'≤ {t.max_amount:,.0f} 元'}："
            + " → ".join(t.chain)
            for t in policy.approval
        )
    head, _, rest = path.partition(".")
    if head == "scorecard":
        name, _, field = rest.rpartition(".")
        item = policy.indicator(name)
        assert item is not None, f"{policy.name} has no scorecard item {name}"
        if field == "ratings":
            return "、".join(f"{r.label} {r.points:g}" for r in item.ratings)
        if field == "bands":
            return "；".join(f"{b.text(item.percent)} → {b.points:g}" for b in item.bands)
        return _shown(getattr(item, field))
    if head == "grades":
        label, _, field = rest.partition(".")
        return _shown(getattr(policy.grade(label), field))
    if path == "temporary.approval":
        tiers = policy.temporary.approval
        if not tiers:
            return "按 approval 档次"
        return "；".join(
            f"{'其余金额' if t.max_amount is None else f'≤ {t.max_amount:,.0f} 元'}："
            + " → ".join(t.chain)
            for t in tiers
        )
    if path == "group.approval":
        return " → ".join(policy.group_chain)
    if head in ("limit", "monitoring", "collections", "temporary", "group"):
        return _shown(getattr(getattr(policy, head), rest))
    return _shown(getattr(policy, path))


TABLES = _tables()


def test_the_document_has_a_table_per_preset():
    assert sorted(TABLES) == sorted(PRESETS)


@pytest.mark.parametrize(
    ("name", "clause", "path", "value"),
    [(name, *row) for name, rows in TABLES.items() for row in rows],
    ids=lambda v: str(v)[:40],
)
def test_every_stated_value_is_the_presets(name, clause, path, value):
    assert field_text(preset(name), path) == value, f"{name}: {clause}"


@pytest.mark.parametrize("name", PRESETS)
def test_every_scorecard_item_grade_and_the_approval_chain_are_documented(name):
    paths = {path for _clause, path, _value in TABLES[name]}
    policy = preset(name)
    for item in policy.scorecard:
        assert f"scorecard.{item.name}.weight" in paths
    for grade in policy.grades:
        assert any(p.startswith(f"grades.{grade.grade}.") for p in paths), grade.grade
    assert "approval" in paths
