"""docs/用户手册.md says of each preset what the preset does: its grades, which grade needs or
may ask for a guarantee or trades for cash, the new-customer rule and the approval chain.

The guide's table is compared with one generated from the presets, so a preset edited
without the guide (or the reverse) turns this red."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from creditbook.core.policy import PRESETS, Policy, preset

GUIDE = (Path(__file__).resolve().parents[1] / "docs" / "用户手册.md").read_text(encoding="utf-8")
HEADER = "| 预设 | 等级 | 担保与现款 | 新客户 | 审批链 |"
FACTORS = {"0.5": "五折"}


def guide_rows() -> dict[str, list[str]]:
    """The guide's preset table: preset name → its cells after the name."""
    lines = GUIDE.splitlines()
    start = lines.index(HEADER) + 2  # past the header and the |---| line
    rows: dict[str, list[str]] = {}
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        name = re.match(r"`(\w+)`", cells[0])
        assert name, line
        rows[name.group(1)] = cells[1:]
    return rows


def preset_row(policy: Policy) -> list[str]:
    """What the guide's table must say of ``policy``."""
    terms = []
    for grade in policy.grades:
        if grade.cash_only:
            terms.append(f"{grade.grade} 级现款")
        elif grade.guarantee_required:
            terms.append(f"{grade.grade} 级需担保")
        elif grade.guarantee_optional:
            terms.append(f"{grade.grade} 级可要求担保")
    rule = policy.limit
    factor = FACTORS.get(
        f"{rule.new_customer_factor.normalize():f}", f"× {rule.new_customer_factor}"
    )
    newcomer = f"额度{factor}"
    if rule.new_customer_cap is not None:
        newcomer += f"，不超过 {rule.new_customer_cap:,.0f} 元"
    longest = rule.new_customer_term_days
    newcomer += "；期限按等级" if longest is None else f"；期限不超过 {longest} 天"
    tiers = policy.approval
    chain = (
        " → ".join(tiers[0].chain)
        if len(tiers) == 1
        else "；".join(
            f"{'其余金额' if t.max_amount is None else f'{t.max_amount:,.0f} 元以内'}："
            + " → ".join(t.chain)
            for t in tiers
        )
    )
    return [" / ".join(policy.labels), "，".join(terms), newcomer, chain]


def test_the_guide_has_a_row_per_preset():
    assert sorted(guide_rows()) == sorted(PRESETS)


@pytest.mark.parametrize("name", PRESETS)
def test_the_guides_row_is_what_the_preset_does(name):
    assert guide_rows()[name] == preset_row(preset(name))


def test_every_preset_gives_a_newcomer_without_statements_a_limit_as_the_guide_says():
    assert "三套预设都不计净资产法和营运资金法" in GUIDE
    assert all(preset(name).limit.new_customer_omits_missing for name in PRESETS)


def test_the_guide_names_no_approval_step_that_no_preset_has():
    steps = {step for name in PRESETS for tier in preset(name).approval for step in tier.chain}
    named = set(re.findall(r"[\u4e00-\u9fff]+(?:申请|审核|评估|确定|审批)", GUIDE))
    roles = {
        n for n in named if n.endswith(("部门申请", "部门审核", "部门评估", "小组确定", "部门确定"))
    }
    assert roles <= steps
    assert "财务总监" not in GUIDE
