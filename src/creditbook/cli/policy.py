"""`creditbook policy show|check`: print or validate a credit policy."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from creditbook.cli._app import app, console, reports_errors
from creditbook.core.policy import Band, Policy, resolve_policy

policy_app = typer.Typer(help="信用政策 credit policy: show or check a preset or a TOML file.")
app.add_typer(policy_app, name="policy")


@policy_app.command("show")
@reports_errors
def show(
    spec: str = typer.Argument("abc", help="预设名 preset (abc/abcd/aaa) or a TOML file"),
) -> None:
    """Print the scorecard, grade scale and limit rule of a policy."""
    print_policy(resolve_policy(spec))


@policy_app.command("check")
@reports_errors
def check(file: Path = typer.Argument(..., help="policy TOML file")) -> None:
    """Validate a policy file; every problem is listed, naming its field."""
    policy = resolve_policy(file)
    console.print(f"[green]OK[/] {file}: policy {policy.name!r} version {policy.version}")


def print_policy(policy: Policy) -> None:
    console.print(f"[bold]{policy.title}[/] ({policy.name} v{policy.version})")
    scorecard = Table("指标 indicator", "类型 kind", "权重 weight", "方向 better", "区间 bands")
    for item in policy.scorecard:
        bands = "; ".join(_band_text(b) for b in item.bands) or "1–5"
        scorecard.add_row(item.name, item.kind, f"{item.weight:g}", item.better, bands)
    console.print(scorecard)
    grades = Table(
        "等级 grade",
        "最低分 min",
        "期限 term",
        "额度系数 factor",
        "担保",
        "现款",
        "复核(月)",
        "说明",
    )
    for g in policy.grades:
        grades.add_row(
            g.grade,
            f"{g.min_score:g}",
            str(g.term_days),
            str(g.limit_factor),
            "是" if g.guarantee_required else "",
            "是" if g.cash_only else "",
            str(g.review_months),
            g.description,
        )
    console.print(grades)
    console.print(f"额度规则 limit rule: {policy.limit.model_dump()}")


def _band_text(band: Band) -> str:
    low = "" if band.min is None else f"{band.min:g}"
    high = "" if band.max is None else f"{band.max:g}"
    return f"[{low}, {high})→{band.points:g}"
