"""`approval --type 临时`: the expiry and amount the policy allows, and the chain by the
temporary amount's tier (the sample evaluation: 2026-11-30, recommended limit 241,000)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from creditbook.core.errors import InvalidValue
from creditbook.core.exposure import temporary_request_problems
from creditbook.core.policy import preset
from creditbook.documents.evaluation import approval_context
from creditbook.inputs.evaluation import evaluate
from creditbook.settings import Settings
from creditbook.workbooks.build import new_workbook_file
from creditbook.workbooks.evaluation import read_evaluation

D = Decimal
FORM = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    path = new_workbook_file(
        "evaluation", tmp_path_factory.mktemp("ev") / "评估表.xlsx", sample=True
    )
    data = read_evaluation(path)
    return data, evaluate(data)


def context(sample, amount, expiry):
    data, result = sample
    return approval_context(data, result, Settings(), "临时", amount, expiry)


def test_a_temporary_request_within_the_policy_gets_the_chain(sample):
    made = context(sample, D("120500.00"), dt.date(2027, 2, 27))  # 50% of 241,000; 90 days
    assert (made.request_type, made.expiry, made.requested_limit) == (
        "临时",
        dt.date(2027, 2, 27),
        D("120500.00"),
    )
    assert [s.role for s in made.chain] == ["销售部门申请", "信用管理部门确定"]


@pytest.mark.parametrize(
    ("amount", "expiry", "message"),
    [
        (
            "100000",
            None,
            "临时额度须注明到期日 --expiry（a temporary limit needs its expiry date）",
        ),
        (
            "100000",
            FORM,
            "到期日 2026-11-30 须晚于申请日期 2026-11-30（expiry must be after the form date）",
        ),
        (
            "100000",
            dt.date(2027, 2, 28),
            "临时额度期限 91 天超过政策上限 90 天（两端都算），到期日最晚 2027-02-27",
        ),
        (
            "120500.01",
            dt.date(2026, 12, 31),
            "临时额度 120,500.01 超过信用额度 241,000.00 的 50%（上限 120,500.00）",
        ),
    ],
)
def test_a_temporary_request_outside_the_policy_is_refused(sample, amount, expiry, message):
    with pytest.raises(InvalidValue) as raised:
        context(sample, D(amount), expiry)
    assert str(raised.value) == message


def test_a_temporary_request_needs_its_amount(sample):
    with pytest.raises(InvalidValue, match="--requested"):
        context(sample, None, dt.date(2026, 12, 31))


def test_the_chain_follows_the_temporary_amount_tier_in_abcd():
    abcd = preset("abcd")
    assert abcd.temporary_chain(D("100000")) == ("销售部门申请", "财务部门审核", "信用管理小组确定")
    assert abcd.temporary_chain(D("100000.01"))[-1] == "总经理审批"
    # abc has no tiers of its own: its approval chain for any amount
    assert preset("abc").temporary_chain(D("5000000")) == ("销售部门申请", "信用管理部门确定")
    assert abcd.group_chain[-1] == "总经理审批"  # group limits: the top tier


def test_the_policy_rules_alone():
    abc = preset("abc")
    assert temporary_request_problems(D("50"), D("100"), FORM, dt.date(2026, 12, 1), abc) == []
    assert temporary_request_problems(D("51"), None, FORM, dt.date(2026, 12, 1), abc) == []


def test_an_existing_customers_sample_workbook_carries_its_current_limit(tmp_path):
    """The sample evaluation of a 老客户 fills 审批!现有信用额度 from the register, so the
    demo's 调整 form shows the limit before the change instead of —."""
    from creditbook.demo.outputs import evaluation_workbook
    from creditbook.sample import sample_data

    book = evaluation_workbook("KH0001", tmp_path / "评估表.xlsx", "abc", "测试公司")
    data = read_evaluation(book)
    registered = sample_data().register_entry("KH0001").limit
    assert data.current_limit == registered and registered > 0
    made = approval_context(data, evaluate(data), Settings(), "调整")
    assert made.current_limit == registered
