"""The evaluation workbook as a user fills it in: every cell read, or the whole book refused."""

import dataclasses
from decimal import Decimal

import openpyxl
import pytest

from creditbook.documents.evaluation import generate_report, report_context
from creditbook.inputs.evaluation import evaluate
from creditbook.inputs.evaluation_cells import EvaluationError
from creditbook.settings import Settings
from creditbook.workbooks.build import new_workbook_file
from creditbook.workbooks.evaluation import read_evaluation

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("evaluation")
    return new_workbook_file("evaluation", folder / "评估表.xlsx", sample=True, policy="abc")


def _row(ws, label: str, column: str = "A") -> int:
    return next(c.row for c in ws[column] if c.value == label)


def _edited(source, target, edit) -> object:
    book = openpyxl.load_workbook(source)
    edit(book)
    book.save(target)
    return target


def test_a_statement_in_wan_gives_the_same_assessment_as_in_yuan(sample_book, tmp_path):
    def in_wan(book):
        ws = book["财务报表"]
        ws["E3"] = "万元"
        for row in ws.iter_rows(min_row=5, max_row=16, min_col=2, max_col=3):
            for cell in row:
                if isinstance(cell.value, int | float | Decimal):
                    cell.value = float(Decimal(cell.value) / 10_000)
        info = book["客户信息"]
        info[f"B{_row(info, '预计月采购额(元)')}"] = "23万"

    original = read_evaluation(sample_book)
    wan = read_evaluation(_edited(sample_book, tmp_path / "万元.xlsx", in_wan))
    assert wan.statements == original.statements
    assert wan.monthly_purchases == original.monthly_purchases == Decimal("230000.00")
    before, after = evaluate(original), evaluate(wan)
    assert (after.total, after.grade.grade, after.limit.limit) == (
        before.total,
        before.grade.grade,
        before.limit.limit,
    )
    # KH0008 under abc: B; 需求法 230,000 × 45/30 × 0.7 = 241,500 → 241,000
    assert (after.grade.grade, after.limit.limit) == ("B", Decimal("241000.00"))


def test_every_unreadable_cell_is_listed_and_nothing_is_written(sample_book, tmp_path):
    refs = {}

    def spoil(book):
        info = book["客户信息"]
        refs["date"] = f"B{_row(info, '评估日期')}"
        refs["purchases"] = f"B{_row(info, '预计月采购额(元)')}"
        info[refs["date"]] = "下周一"
        info[refs["purchases"]] = "五十万"
        statement = book["财务报表"]
        refs["assets"] = f"B{_row(statement, '资产总计')}"
        statement[refs["assets"]] = "5,000万x"
        judged = book["定性评估"]
        refs["position"] = f"C{_row(judged, '行业地位')}"
        refs["rating"] = f"C{_row(judged, '银行信用评级')}"
        judged[refs["position"]] = None
        judged[refs["rating"]] = "AA+"
        record = book["信用记录"]
        record["C5"] = "2026-02-30"

    bad = _edited(sample_book, tmp_path / "有误.xlsx", spoil)
    with pytest.raises(EvaluationError) as caught:
        read_evaluation(bad)
    assert [problem.in_file() for problem in caught.value.problems] == [
        f'客户信息!{refs["date"]} 评估日期: "下周一" 不是日期 not a date'
        "（可写 2026-11-29、2026年11月29日）",
        f'客户信息!{refs["purchases"]} 预计月采购额(元): "五十万" 不是金额 not an amount'
        "（可写 500000、50万、1.2亿）",
        f'财务报表!{refs["assets"]} 资产总计: "5,000万x" 不是金额 not an amount'
        "（可写 500000、50万、1.2亿）",
        f"定性评估!{refs['position']} 行业地位: 空白 blank，政策未将此项列为可选，须评分",
        f'定性评估!{refs["rating"]} 银行信用评级: "AA+" 银行信用评级: 未知评级 unknown rating '
        "'AA+'（可选：AAA、AA、A、BBB、BB、B、CCC、CC、C）",
        '信用记录!C5 到期日: "2026-02-30" 不是日期 not a date（可写 2026-11-29、2026年11月29日）',
    ]
    out = tmp_path / "评估报告.docx"
    with pytest.raises(EvaluationError):
        generate_report(bad, out)
    assert not out.exists()


def test_the_report_states_band_edges_and_methods_without_data(sample_book):
    data = dataclasses.replace(read_evaluation(sample_book), monthly_purchases=None)
    context = report_context(data, evaluate(data), Settings())
    bands = {row.name: row.band for row in context.ratios}
    # KH0008: 资产负债率 51.6%, 销售增长率 6.4%, 付款准时率 81.8%, 逾期 2 次
    assert bands == {
        "资产负债率": "≥ 40% 且 < 55%",
        "销售增长率": "≥ 0% 且 < 10%",
        "销售净利率": "≥ 3% 且 < 8%",
        "付款准时率": "≥ 80% 且 < 90%",
        "逾期次数": "≥ 1 且 < 3",
    }
    methods = {m.method: (m.basis, m.figure) for m in context.limit_methods}
    assert methods["需求法"] == ("资料不足，未计算（缺少预计月采购额）", Decimal("0.00"))
    assert context.limit == Decimal("0.00")
    assert (
        context.conditions[0] == "B 级：信用期限 45 天，信用额度 0.00 元（需求法资料不足，未计算）"
    )
