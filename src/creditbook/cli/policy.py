"""`creditbook policy show|check`: print or validate a credit policy."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import typer

from creditbook.cli._app import app, console, reports_errors
from creditbook.cli._console import Table
from creditbook.cli._inputs import checks_input_files
from creditbook.core.errors import PolicyError
from creditbook.core.policy import Band, Policy, resolve_policy
from creditbook.core.policy_table import policy_to_table
from creditbook.files import atomic_path, atomic_write_bytes
from creditbook.inputlimits import check_package
from creditbook.usertext import console_cell, console_text, csv_bytes, rows_workbook

TABLE_SUFFIXES = (".csv", ".xlsx")

policy_app = typer.Typer(
    help="信用政策 credit policy: show, check, or export as the 政策-sheet table."
)
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
@checks_input_files("file")
def check(
    file: Path = typer.Argument(..., help="policy TOML file, or a 政策 table (.csv/.xlsx)"),
) -> None:
    """Validate a policy file; every problem is listed, naming its field or table cell."""
    policy = load_any(file)
    shown = console_text(f"{file}: policy {policy.name!r} version {policy.version}")
    console.print(f"[green]OK[/] {shown}")


@policy_app.command("table")
@reports_errors
def table(
    spec: str = typer.Argument("abc", help="预设名 preset, a TOML file or a 政策 table"),
    out: Path | None = typer.Option(None, help="写入 write the table to this .csv/.xlsx"),
    force: bool = typer.Option(False, help="覆盖已有文件 overwrite an existing --out file"),
) -> None:
    """The policy as the 政策-sheet table (参数, 评分卡, 等级) that CB_ functions take."""
    rows = policy_to_table(policy_from_spec(spec))
    if out is None:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(["" if c is None else c for c in row] for row in rows)
        console.print(buffer.getvalue(), end="", highlight=False, markup=False)
        return
    if out.suffix.lower() == ".csv":
        atomic_write_bytes(out, csv_bytes(rows), force)
    elif out.suffix.lower() == ".xlsx":
        with atomic_path(out, force) as temporary:
            rows_workbook("政策", rows).save(temporary)
    else:
        raise typer.BadParameter("--out 须为 .csv 或 .xlsx (must end in .csv or .xlsx)")
    console.print(f"已写入 written {console_text(out)}")


def policy_from_spec(spec: str) -> Policy:
    """A preset name, a TOML file or a 政策 table (.csv/.xlsx): what every --policy accepts."""
    return load_any(Path(spec)) if _is_table(Path(spec)) else resolve_policy(spec)


def _is_table(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES


def load_any(path: Path) -> Policy:
    """A policy from a TOML file or from a 政策 table saved as CSV/XLSX."""
    if not _is_table(path):
        return resolve_policy(path)
    if not path.exists():
        raise PolicyError(["文件不存在 file not found"], source=str(path))
    check_package(path)
    if path.suffix.lower() == ".csv":
        from creditbook.inputs.sources import decode_csv  # UTF-8 or GBK, as Excel saves it

        text = decode_csv(path.read_bytes())
        rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    else:
        import pandas as pd

        frame = pd.read_excel(path, header=None, dtype=object, engine="calamine")
        rows = frame.astype(object).where(frame.notna(), None).values.tolist()
    from creditbook.inputs.policy_sheet import policy_from_table

    return policy_from_table(rows, file=str(path))  # every problem names the file once


def print_policy(policy: Policy) -> None:
    console.print(
        f"[bold]{console_text(policy.title)}[/] ({console_text(policy.name)} v{policy.version})"
    )
    scorecard = Table("指标 indicator", "类型 kind", "权重 weight", "方向 better", "区间 bands")
    for item in policy.scorecard:
        bands = "; ".join(_band_text(b, item.percent) for b in item.bands) or _judged(item)
        cells = (item.name, item.kind, f"{item.weight:g}", item.better, bands)
        scorecard.add_row(*map(console_cell, cells))
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
            console_cell(g.grade),
            f"{g.min_score:g}",
            str(g.term_days),
            str(g.limit_factor),
            "是" if g.guarantee_required else "",
            "是" if g.cash_only else "",
            str(g.review_months),
            console_cell(g.description),
        )
    console.print(grades)
    console.print(f"额度规则 limit rule: {console_text(policy.limit.model_dump())}")
    temporary, group = policy.temporary, policy.group
    console.print(
        f"临时额度 temporary limits: 不超过信用额度的 {temporary.max_share:.0%}，最长 "
        f"{temporary.max_days} 天（两端都算），到期前 {temporary.notice_days} 天提示",
        highlight=False,
    )
    cap = "，不超过各成员信用额度之和" if group.cap_at_member_sum else ""
    console.print(
        f"集团额度 group limits: 使用率 ≥ {group.utilization_watch:.0%} 关注{cap}；审批 "
        + " → ".join(policy.group_chain),
        highlight=False,
    )


def _band_text(band: Band, percent: bool = False) -> str:
    """'≥ 40% 且 < 55% → 8': the band with its included end, in Chinese."""
    return f"{band.text(percent)} → {band.points:g}"


def _judged(item) -> str:
    if item.kind == "rating":
        return "评级 " + "、".join(f"{r.label} {r.points:g}" for r in item.ratings)
    return "评分 1–5"
