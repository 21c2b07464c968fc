"""The invoice-form export corpus: each layout ages to the fen as computed by hand in
invoice_expected.json, or is refused naming the cell with a fix that works; and for generated
items every layout ages exactly as the canonical layout does.

Hand computation (as of 2026-11-30, 13 % VAT, amounts tax-inclusive):
K001  INV-101 due 06-09: 11,300.00 − 3,000.00 = 8,300.00 open, 21+31+31+30+31+30 = 174 days → 91-180
      INV-102 due 10-20: 5,650.00 open, 11+30 = 41 days → 31-60
      INV-103 due 12-15: 2,260.50 not yet due; INV-104 issued 12-02 is after the as-of day
      total 16,210.50, overdue 8,300.00 + 5,650.00 = 13,950.00, longest 174
K002  INV-201 paid in full; INV-202 due 11-24: 7,910.00 − 1,000.00 = 6,910.00, 6 days → 1-30
      INV-203 due 2025-10-31: 1,130.00, 365 + 30 = 395 days → 365天以上
      total = overdue = 8,040.00, longest 395
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shlex
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from invoice_exports import AGED, AS_OF, LAYOUTS, Item, build, canonical
from typer.testing import CliRunner

from creditbook.cli import app
from creditbook.core.receivables import age
from creditbook.inputs.readers import read_ledger

EXPECTED = json.loads((Path(__file__).parent / "invoice_expected.json").read_text("utf-8"))
runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("exports"))


def _aging(path: Path, out: Path, *options: str):
    result = runner.invoke(
        app,
        ["aging", str(path), "--as-of", EXPECTED["as_of"], "--out", str(out), *options],
        env={"COLUMNS": "400"},
    )
    return result


def _rows(out: Path) -> dict[str, dict[str, str]]:
    lines = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    header = lines[0]
    return {
        line[0]: {
            k: v for k, v in zip(header, line, strict=True) if k not in {"客户编码", "客户名称"}
        }
        for line in lines[1:-1]
    }


def test_the_corpus_has_every_layout_with_its_expectation():
    assert set(EXPECTED["layouts"]) == set(LAYOUTS)
    assert len(AGED) >= 8


@pytest.mark.parametrize("layout", AGED)
def test_each_layout_ages_to_the_fen_and_lists_the_invoice_after_the_as_of_day(
    layout, corpus, tmp_path
):
    out = tmp_path / "账龄.csv"
    result = _aging(corpus[layout], out)
    assert result.exit_code == 0, result.output
    assert _rows(out) == EXPECTED["layouts"][layout]["aging"]
    report = (tmp_path / "账龄_读取报告.txt").read_text("utf-8")
    assert "截止日后的单据 dated after --as-of 2026-11-30: 1 行（" in report
    assert " INV-104 2026-12-02），不计入账龄 not aged" in report
    printed = [line for line in result.output.splitlines() if line.startswith("截止日后的单据")]
    assert printed == [line for line in report.splitlines() if line.startswith("截止日后的单据")]
    assert f"已写出 written: {tmp_path / '账龄_读取报告.txt'}（读取报告 reading report）" in (
        result.output
    )


def _suggested(output: str) -> list[str]:
    found = re.search(r'(--(?:columns|form|sheet)) ("[^"]*"|\S+)', output)
    assert found, output
    return shlex.split(found.group(0))


def test_a_tax_column_beside_an_inclusive_amount_is_refused_and_its_fix_ages_exactly(
    corpus, tmp_path
):
    layout = EXPECTED["layouts"]["tax_column_only"]
    out = tmp_path / "账龄.csv"
    result = _aging(corpus["tax_column_only"], out)
    assert result.exit_code == 1
    assert layout["refusal"] in result.output
    assert not out.exists()
    fix = _suggested(result.output)
    assert fix == ["--columns", "税额=-"]
    result = _aging(corpus["tax_column_only"], out, *fix)
    assert result.exit_code == 0, result.output
    assert _rows(out) == layout["aging"]


def test_a_formula_that_cannot_be_computed_is_refused_naming_its_cell(corpus, tmp_path):
    out = tmp_path / "账龄.csv"
    result = _aging(corpus["lookup_formula"], out)
    assert result.exit_code == 1
    assert EXPECTED["layouts"]["lookup_formula"]["refusal"] in result.output
    assert "请在 Excel 中打开并保存后再读取 open it in Excel, save it and read it again" in (
        result.output
    )
    assert not out.exists()


def test_the_kingdee_reading_report_says_what_was_read(corpus):
    result = runner.invoke(
        app,
        ["inspect", str(corpus["kingdee_cloud"]), "--as-of", "2026-11-30"],
        env={"COLUMNS": "400"},
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "读取报告 reading report: 金蝶云星空应收款明细表.xlsx 工作表 sheet 应收款明细表（单据明细 "
        "invoice form）；表头在第 4 行 header row 4",
        "列 columns: 单据日期 ← A 业务日期；单据号 ← B 单据编号；客户编码 ← C 往来单位编码；"
        "客户名称 ← D 往来单位；到期日 ← E 到期日；币种 ← F 币别；金额 ← I 价税合计；"
        "已收金额 ← J 已核销金额；未收金额 ← K 未核销金额",
        "未用 not used: G 不含税金额 — 不含税金额 pre-tax amount; H 税额 — 税额 tax",
        "行 rows: 读取 read 7 行；跳过 skipped: 空行 1 行，表尾签字/打印日期行 1 行，"
        "合计/小计行 3 行",
        "合计 totals: G 不含税金额 55,885.40（未用 not used）；H 税额 7,265.10（未用 not used）；"
        "I 价税合计 63,150.50；J 已核销金额 37,900.00；K 未核销金额 25,250.50",
        "表中合计 the sheet's 合计 (第 14 行 row 14): 与读出的行相符 agrees with the rows read"
        "（I 价税合计、J 已核销金额、K 未核销金额）",
        "截止日后的单据 dated after --as-of 2026-11-30: 1 行（A8 INV-104 2026-12-02），不计入账龄 "
        "not aged",
    ]


def test_the_wan_yuan_ledger_reports_its_unit(corpus):
    result = runner.invoke(app, ["inspect", str(corpus["wan_yuan"])], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [
        "金额单位 unit: F 金额 以万元计 in 万元（× 10,000 读作元 read as 元）",
        "金额单位 unit: G 已收金额 以万元计 in 万元（× 10,000 读作元 read as 元）",
    ]


def test_the_merged_name_ledger_reports_the_merged_ranges(corpus):
    result = runner.invoke(app, ["inspect", str(corpus["merged_names"])], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert (
        "合并单元格 merged cells: A3:A6、A7:A9、B3:B6、B7:B9 的值填入所跨各行 carried to every row "
        "they span" in result.output
    )


# ── the property: any supported layout ages as the canonical one ──────────────────────────

NAMES = {
    "K001": "无锡市恒通机电设备有限公司",
    "K002": "常州新锐贸易有限公司",
    "K003": "南京华宁电子有限公司",
}


@st.composite
def items(draw):
    count = draw(st.integers(1, 8))
    found = []
    for n in range(count):
        code = draw(st.sampled_from(sorted(NAMES)))
        issued = dt.date(2024, 1, 1) + dt.timedelta(days=draw(st.integers(0, 1095)))
        due = issued + dt.timedelta(days=draw(st.integers(0, 120)))
        fen = draw(st.integers(1, 10**9))
        paid = draw(st.integers(0, fen) | st.just(0) | st.just(fen))
        found.append(
            Item(
                code,
                NAMES[code],
                f"FP{n:04d}",
                issued,
                due,
                Decimal(fen) / 100,
                Decimal(paid) / 100,
            )
        )
    return tuple(found)


def _aged(path: Path, columns=None) -> pd.DataFrame:
    frame, problems = read_ledger(path, columns=columns)
    assert problems == []
    return age(frame, AS_OF).table


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(generated=items())
def test_every_layout_ages_as_the_canonical_layout(generated, tmp_path):
    expected = _aged(canonical(tmp_path / "canonical.xlsx", generated))
    for layout in (*AGED, "tax_column_only"):
        file, write = LAYOUTS[layout]
        path = write(tmp_path / file, generated)
        columns = {"税额": "-"} if layout == "tax_column_only" else None
        pd.testing.assert_frame_equal(_aged(path, columns), expected, obj=layout)


@pytest.mark.parametrize("layout", AGED)
def test_every_reading_report_prints_unchanged_on_a_gbk_console(layout, corpus):
    from creditbook.cli._console import encodable

    frame, problems = read_ledger(corpus[layout], as_of=AS_OF)
    assert problems == []
    lines = frame.attrs["report"].lines()
    assert len(lines) >= 4
    assert [encodable(line, "gbk") for line in lines] == lines
