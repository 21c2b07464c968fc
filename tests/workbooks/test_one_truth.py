"""One truth by every route: the evaluation workbook, the report and approval form,
`creditbook evaluate` and the ribbon's 生成文书 give the same score, grade, term, limit and
approval chain — by hand for the part-paid case of issue 25, and for generated customers."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from routes import (
    calculated,
    evaluate_route,
    labelled,
    record_summary,
    report_payment,
    report_route,
    ribbon_route,
    workbook_route,
    write_book,
)

from creditbook.core.models import Customer, Invoice, Statement
from creditbook.workbooks._sample import Evaluation

pytestmark = pytest.mark.slow

AS_OF = dt.date(2026, 11, 30)
D = Decimal


def _invoice(no: str, due: dt.date, amount: str, paid: str, paid_on: dt.date | None) -> Invoice:
    return Invoice(
        customer_id="KH0101",
        customer_name="常州恒通机械有限公司",
        invoice_no=no,
        invoice_date=due - dt.timedelta(days=45),
        due_date=due,
        amount=D(amount),
        paid_amount=D(paid),
        paid_date=paid_on,
    )


# Four invoices: two paid on time, one part-paid before its due date with 102,000.00 still
# open 30 days past due, one not yet due. The workbook used to weight by amount and take
# the part payment's 收款日期 as paid: 付款准时率 100%, 逾期次数 0 beside 逾期金额 102,000.
PART_PAID = Evaluation(
    customer=Customer(customer_id="KH0101", name="常州恒通机械有限公司"),
    monthly_sales=D("200000"),
    current=Statement(
        period="2025年度",
        total_assets=D("10000000"),
        total_liabilities=D("4000000"),
        current_assets=D("6000000"),
        current_liabilities=D("3000000"),
        inventory=D("1500000"),
        receivables=D("2000000"),
        equity=D("6000000"),
        revenue=D("24000000"),
        cost_of_sales=D("18000000"),
        net_profit=D("1200000"),
    ),
    previous=Statement(
        period="2024年度",
        total_assets=D("9000000"),
        total_liabilities=D("3800000"),
        current_assets=D("5500000"),
        current_liabilities=D("2900000"),
        inventory=D("1500000"),
        receivables=D("2000000"),
        equity=D("5200000"),
        revenue=D("20000000"),
        cost_of_sales=D("15000000"),
        net_profit=D("900000"),
    ),
    history=(
        _invoice("XS-01", dt.date(2026, 6, 30), "100000", "100000", dt.date(2026, 6, 28)),
        _invoice("XS-02", dt.date(2026, 8, 31), "200000", "200000", dt.date(2026, 8, 31)),
        _invoice("XS-03", dt.date(2026, 10, 31), "300000", "198000", dt.date(2026, 10, 30)),
        _invoice("XS-04", dt.date(2026, 12, 31), "150000", "0", None),
    ),
    five_c={"银行信用评级": "AA", "行业口碑": 4},
    as_of=AS_OF,
)

# aaa by hand: 资产负债率 40% → 8/10 × 10 = 8; 流动比率 2.0 → 10/10 × 8 = 8; 速动比率 1.5 →
# 7; 销售净利率 5% → 7/10 × 8 = 5.6; 净资产收益率 1.2/5.6 = 21.4% → 7; 应收账款周转天数
# 360 × 2,000,000 / 24,000,000 = 30 → 8; 存货周转天数 360 × 1,500,000 / 18,000,000 = 30 → 7;
# 付款准时率 2 of 3 judged invoices = 66.7% → 4/10 × 15 = 6; 逾期次数 1 → 7/10 × 8 = 5.6;
# 逾期金额 102,000 → 4/10 × 7 = 2.8; 银行信用评级 AA → 9/10 × 5 = 4.5; 行业口碑 4/5 × 10 = 8.
# Total 77.5 → A (≥ 70): 45 天; 需求法 200,000 × 45/30 × 0.8 = 240,000, below 净资产
# 6,000,000 × 10% and 营运资金 3,000,000 × 20%; aaa has one approval tier.
EXPECTED = (D("77.50"), "A", 45, D("240000.00"))
CHAIN = ("销售部门申请", "财务部门审核", "信用管理小组确定", "管理层审批")


@pytest.fixture(scope="module")
def part_paid(tmp_path_factory):
    folder = tmp_path_factory.mktemp("part-paid")
    return calculated(write_book(PART_PAID, "aaa", folder / "评估-KH0101.xlsx"))


def test_the_payment_record_counts_invoices_and_a_part_payment_leaves_the_invoice_late(
    part_paid,
):
    import openpyxl

    record = openpyxl.load_workbook(part_paid, data_only=True)["信用记录"]
    assert labelled(record, "付款准时率") == pytest.approx(2 / 3)
    assert labelled(record, "逾期次数") == 1
    assert labelled(record, "逾期金额") == 102000
    assert labelled(record, "最长逾期天数") == 30
    days = {row[0].value: row[6].value for row in record.iter_rows(min_row=5, max_row=8)}
    assert days == {"XS-01": 0, "XS-02": 0, "XS-03": 30, "XS-04": 0}


def test_the_part_paid_case_gives_the_hand_computed_figures_by_every_route(part_paid, tmp_path):
    shown = workbook_route(part_paid)
    assert (shown.score, shown.grade, shown.term, shown.limit) == EXPECTED
    assert shown.chain == CHAIN
    report, (data, result) = report_route(part_paid)
    assert report == shown
    assert ribbon_route(part_paid) == shown
    assert evaluate_route(result, data, "aaa", tmp_path) == EXPECTED
    assert report_payment(part_paid) == record_summary(part_paid) == ("102,000.00 元", "30 天")


def test_the_ribbon_job_writes_the_same_conclusion(part_paid, tmp_path):
    import openpyxl

    from creditbook.ribbon.book import WorkbookValues
    from creditbook.ribbon.jobs import Job, evaluation
    from creditbook.settings import Settings

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))
    from docx_text import docx_text

    values = openpyxl.load_workbook(part_paid, data_only=True)
    sheets = {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in values}
    held = WorkbookValues(name="评估-KH0101.xlsx", path=None, properties={}, sheets=sheets)
    outcome = evaluation(Job(held, tmp_path, Settings(), False, AS_OF))
    assert outcome.failed == []
    report = docx_text(tmp_path / "客户信用评估报告.docx")
    assert "综合评分 77.5 分，评定为 A 级" in report
    assert "建议信用额度 240,000.00 元（人民币贰拾肆万元整），信用期限 45 天" in report


# ── Generated customers ──────────────────────────────────────────────────────────

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from creditbook.core.policy import preset  # noqa: E402

WAN = st.integers(min_value=1, max_value=5_000).map(lambda n: D(n) * 10_000)
MAYBE = st.one_of(st.none(), WAN)


@st.composite
def statements(draw) -> Statement:
    """A statement whose 资产总计 = 负债合计 + 所有者权益; optional lines may be blank."""
    assets = draw(st.integers(min_value=500, max_value=50_000)) * D(10_000)
    debt = (assets * draw(st.integers(min_value=5, max_value=95)) / 100).quantize(D(1))
    current = (assets * draw(st.integers(min_value=10, max_value=90)) / 100).quantize(D(1))
    return Statement(
        period="年度",
        total_assets=assets,
        total_liabilities=debt,
        current_assets=current,
        current_liabilities=draw(st.integers(min_value=1, max_value=int(debt) // 10_000 + 1))
        * D(10_000),
        inventory=draw(MAYBE),
        receivables=draw(MAYBE),
        other_non_quick=draw(st.one_of(st.none(), st.just(D(0)), WAN)),
        equity=assets - debt,
        revenue=draw(WAN),
        cost_of_sales=draw(MAYBE),
        net_profit=draw(st.integers(min_value=-500, max_value=2_000)) * D(1_000),
    )


@st.composite
def invoices(draw) -> tuple[Invoice, ...]:
    """Up to eight invoices: paid on time or late, part-paid with a 收款日期, open, not yet due,
    paid after the evaluation date, credit notes."""
    found = []
    for n in range(draw(st.integers(min_value=0, max_value=8))):
        due = AS_OF + dt.timedelta(days=draw(st.integers(min_value=-300, max_value=40)))
        amount = D(draw(st.integers(min_value=1_000, max_value=400_000))) + D("0.37")
        kind = draw(st.sampled_from(["paid", "part", "open", "credit"]))
        if kind == "credit":  # a credit note: it nets the overdue amount
            amount = -amount / 4
        part = (amount / 3).quantize(D("0.01"))
        paid = {"paid": amount, "part": part, "open": D(0), "credit": D(0)}[kind]
        paid_on = None
        if kind in ("paid", "part"):
            paid_on = due + dt.timedelta(days=draw(st.integers(min_value=-20, max_value=60)))
        found.append(_invoice(f"XS-{n + 1:02d}", due, str(amount), str(paid), paid_on))
    return tuple(found)


@st.composite
def customers(draw) -> tuple[str, Evaluation]:
    policy = draw(st.sampled_from(["abc", "abcd", "aaa"]))
    judged: dict[str, int | str] = {}
    for item in preset(policy).scorecard:
        if item.kind == "quantitative":
            continue
        if item.optional and draw(st.booleans()):
            continue  # left blank, as the sheet allows
        if item.kind == "rating":
            judged[item.name] = draw(st.sampled_from([r.label for r in item.ratings]))
        else:
            judged[item.name] = draw(st.integers(min_value=1, max_value=5))
    data = Evaluation(
        customer=Customer(
            customer_id="KH0201", name="无锡远航电气有限公司", is_new=draw(st.booleans())
        ),
        monthly_sales=draw(st.one_of(st.none(), WAN)),
        current=draw(statements()),
        previous=draw(st.one_of(statements(), st.just(Statement(period="上年")))),
        history=draw(invoices()),
        five_c=judged,
        as_of=AS_OF,
    )
    return policy, data


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=customers())
def test_every_route_gives_the_same_figures_for_generated_customers(case, tmp_path_factory):
    policy, data = case
    folder = tmp_path_factory.mktemp("generated")
    shown = workbook_route(calculated(write_book(data, policy, folder / "评估.xlsx")))
    report, (read, result) = report_route(folder / "评估-算好.xlsx")
    assert report == shown
    assert ribbon_route(folder / "评估-算好.xlsx") == shown
    assert report_payment(folder / "评估-算好.xlsx") == record_summary(folder / "评估-算好.xlsx")
    _payment_record_agrees(folder / "评估-算好.xlsx", read)
    assert evaluate_route(result, read, policy, folder) == (
        shown.score,
        shown.grade,
        shown.term,
        shown.limit,
    )


def _payment_record_agrees(calculated_book, data) -> None:
    """信用记录's 付款准时率, 逾期次数, 逾期金额 are the report's own figures."""
    import openpyxl

    from creditbook.inputs.evaluation import behaviour_indicators

    record = openpyxl.load_workbook(calculated_book, data_only=True)["信用记录"]
    expected = behaviour_indicators(data.behaviour())
    for name in ("付款准时率", "逾期次数", "逾期金额"):
        shown = labelled(record, name)
        if expected[name] is None:
            assert shown in ("", None, "待填"), name
        else:
            assert shown == pytest.approx(float(expected[name]), abs=1e-12), name


# ── 核定信用额度 and the approval chain: one meaning in the workbook and the form ─────


def _set(path, sheet: str, label: str, value) -> None:
    import openpyxl

    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    row = next(c.row for c in ws["A"] if c.value == label)
    ws[f"B{row}"] = value
    book.save(path)


def test_the_approved_limit_decides_the_chain_in_the_workbook_and_the_adjustment_form(tmp_path):
    """abcd: up to 500,000 four steps, above it 总经理审批. KH0008's recommended limit is
    below 500,000; an approver writes 核定信用额度 600,000 and the customer's current limit
    is 300,000. Both the 审批 sheet and `approval --type 调整` ask the 总经理; the form's
    现有 is 300,000, never the approved 600,000."""
    from creditbook.documents.evaluation import approval_context
    from creditbook.inputs.evaluation import evaluate
    from creditbook.settings import Settings
    from creditbook.workbooks.build import new_workbook_file
    from creditbook.workbooks.evaluation import read_evaluation

    path = new_workbook_file("evaluation", tmp_path / "评估.xlsx", sample=True, policy="abcd")
    _set(path, "审批", "现有信用额度(元)", 300_000)
    _set(path, "审批", "核定信用额度(元)", 600_000)
    shown = workbook_route(calculated(path))
    assert shown.limit < D("500000")
    five = ("销售部门申请", "财务部门审核", "风险管理部门评估", "信用管理小组确定", "总经理审批")
    assert shown.chain == five
    data = read_evaluation(tmp_path / "评估-算好.xlsx")
    assert (data.current_limit, data.approved_limit) == (D("300000.00"), D("600000.00"))
    form = approval_context(data, evaluate(data), Settings(), "调整")
    assert tuple(step.role for step in form.chain) == five
    assert form.current_limit == D("300000.00")
    assert form.recommended_limit == shown.limit
    # Without an approved limit both fall back to the recommended one: four steps.
    _set(path, "审批", "核定信用额度(元)", None)
    assert workbook_route(calculated(path)).chain == five[:4]
    data = read_evaluation(tmp_path / "评估-算好.xlsx")
    form = approval_context(data, evaluate(data), Settings(), "调整")
    assert tuple(step.role for step in form.chain) == five[:4]


def test_a_credit_note_nets_the_overdue_amount_in_the_workbook_and_the_report(tmp_path):
    """The part-paid case with a credit note of 50,000.00: 102,000 − 50,000 = 52,000.00 is
    overdue on 信用记录, in the score and in the report's payment section alike."""
    import dataclasses

    credit = _invoice("HC-01", dt.date(2026, 11, 15), "-50000", "0", None)
    data = dataclasses.replace(PART_PAID, history=(*PART_PAID.history, credit))
    book = calculated(write_book(data, "aaa", tmp_path / "评估-贷项.xlsx"))
    assert record_summary(book) == report_payment(book) == ("52,000.00 元", "30 天")
    _, (_data, result) = report_route(book)
    assert result.indicators["逾期金额"] == D("52000.00")


@pytest.mark.parametrize(("is_new", "term"), [(False, 60), (True, 30)])
def test_a_new_customer_has_the_shorter_term_on_the_score_sheet_and_in_the_report(
    is_new, term, tmp_path
):
    """abcd (制度 3): the part-paid customer without its part-paid invoice, every 5C item
    4 of 5 and a bank rating AA, grades A (≥ 85), whose term is 60 天; as a new customer
    the term is at most new_customer_term_days = 30 — on 评分 (CB_TERM) as in the report,
    the ribbon job and ``evaluate``."""
    import dataclasses

    customer = PART_PAID.customer.model_copy(update={"is_new": is_new})
    history = tuple(i for i in PART_PAID.history if i.invoice_no != "XS-03")
    judged = {"品质": 4, "能力": 4, "资本": 4, "抵押": 4, "条件": 4, "银行信用评级": "AA"}
    data = dataclasses.replace(PART_PAID, customer=customer, history=history, five_c=judged)
    book = calculated(write_book(data, "abcd", tmp_path / "评估-新客户.xlsx"))
    shown = workbook_route(book)
    assert (shown.grade, shown.term) == ("A", term)
    report, (read, result) = report_route(book)
    assert report == shown
    assert ribbon_route(book) == shown
    assert evaluate_route(result, read, "abcd", tmp_path)[1:3] == ("A", term)
