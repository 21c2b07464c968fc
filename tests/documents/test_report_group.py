"""客户信用评估报告 with the register and ledger: the customer's group, the group's exposure,
limit and available amount on the evaluation date (the sample's KH0001 in 华辰控股集团)."""

from __future__ import annotations

from creditbook.documents.evaluation import group_positions, report_context
from creditbook.inputs.evaluation import evaluate
from creditbook.sample import ledger_frame, register_frame, sample_data
from creditbook.settings import Settings
from creditbook.workbooks.build import kind
from creditbook.workbooks.evaluation import read_evaluation


def _workbook(tmp_path, customer_id):
    from creditbook.core.policy import resolve_policy
    from creditbook.workbooks._sheet import BookContext, new_workbook
    from creditbook.workbooks.build import workbook_bytes

    spec = kind("evaluation")
    ctx = BookContext(company="测试", title=spec.title)
    book = new_workbook(ctx)
    spec.build(book, ctx, resolve_policy("abc"), spec.sample(customer_id))
    path = tmp_path / f"{customer_id}.xlsx"
    path.write_bytes(workbook_bytes(book))
    return path


def test_the_report_shows_the_group_of_a_member_and_nothing_for_others(tmp_path):
    data = sample_data()
    books = (ledger_frame(data.invoices), register_frame(data.register), data.groups)
    member = read_evaluation(_workbook(tmp_path, "KH0001"))
    found = group_positions(*books, member.evaluated_on, member.policy)
    context = report_context(member, evaluate(member), Settings(), groups=found)
    rows = {p.label: p.value for p in context.payment}
    assert rows["所属集团"] == "华辰控股集团（JT001）"
    assert rows["集团敞口"] == "1,310,255.05 元（成员 KH0001、KH0009、KH0014）"
    assert rows["集团额度"] == "1,200,000.00 元"
    assert rows["集团可用额度"] == "-110,255.05 元（集团超额）"
    other = read_evaluation(_workbook(tmp_path, "KH0008"))
    alone = report_context(other, evaluate(other), Settings(), groups=found)
    assert "所属集团" not in {p.label for p in alone.payment}
