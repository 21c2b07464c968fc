"""Each preset does what its own policy text says: guarantees, cash, monitoring, approvals."""

import datetime as dt
from decimal import Decimal

import pytest

from creditbook.core.monitoring import recommend_adjustment, warning_signals
from creditbook.core.policy import Policy, preset
from creditbook.core.receivables import PaymentBehaviour

AS_OF = dt.date(2026, 11, 30)
SINCE = dt.date(2020, 1, 1)


def _window(judged: int, late: int) -> PaymentBehaviour:
    rate = (judged - late) / judged
    return PaymentBehaviour(
        "C1", judged, judged - late, rate, rate, late, Decimal(0), 5.0, 9, SINCE
    )


def test_the_scorecards_are_each_policys_own_list():
    names = {n: [i.name for i in preset(n).scorecard] for n in ("abc", "abcd", "aaa")}
    assert names["abc"] == [
        "资产负债率",
        "销售增长率",
        "销售净利率",
        "行业地位",
        "付款准时率",
        "逾期次数",
        "银行信用评级",
        "行业协会评价",
    ]
    assert names["abcd"][:5] == ["品质", "能力", "资本", "抵押", "条件"]
    assert "逾期金额" in names["aaa"] and "品质" not in names["aaa"]
    assert all("银行信用评级" in n for n in names.values())


def test_guarantee_and_cash_rules_follow_the_texts():
    abc, abcd, aaa = preset("abc"), preset("abcd"), preset("aaa")
    c = abc.grade("C")
    assert (c.guarantee_required, c.guarantee_optional) == (False, True)  # 或要求提供担保措施
    assert not abcd.grade("C").guarantee_required and not abcd.grade("C").guarantee_optional
    assert abcd.grade("D").cash_only  # 原则上不给予信用额度，采用现款交易
    assert not aaa.grade("B").guarantee_required
    assert not any(g.guarantee_required for p in (abc, abcd, aaa) for g in p.grades)


def test_aaa_downgrades_on_any_late_payment_and_abc_does_not():
    one_late = _window(24, 1)
    aaa = recommend_adjustment("AA", (), one_late, SINCE, AS_OF, "aaa")
    assert (aaa.grade, aaa.limit, aaa.suggested_grade) == ("下调", "下调", "A")
    assert aaa.reasons == ("近 12 个月逾期付款 1 次：按政策逾期付款即降级",)
    abc = recommend_adjustment("A", (), one_late, SINCE, AS_OF, "abc")
    assert (abc.grade, abc.limit) == ("维持", "维持")
    clean = recommend_adjustment("AA", (), _window(24, 0), SINCE, AS_OF, "aaa")
    assert clean.grade == "上调"


def test_a_failed_major_investment_is_a_warning_signal():
    signals = warning_signals(60, 0, Decimal(0), Decimal(1000), ["重大投资决策失误"], "abc")
    assert [(s.code, s.level, s.reason) for s in signals] == [
        ("INVESTMENT_FAILURE", "预警", "信用档案标记：重大投资决策失误")
    ]


@pytest.mark.parametrize(
    ("name", "amount", "chain"),
    [
        ("abc", "9000000", ("销售部门申请", "信用管理部门确定")),
        (
            "abcd",
            "500000",
            ("销售部门申请", "财务部门审核", "风险管理部门评估", "信用管理小组确定"),
        ),
        (
            "abcd",
            "500000.01",
            ("销售部门申请", "财务部门审核", "风险管理部门评估", "信用管理小组确定", "总经理审批"),
        ),
        ("aaa", "100", ("销售部门申请", "财务部门审核", "信用管理小组确定", "管理层审批")),
    ],
)
def test_approval_chains_are_each_policys(name, amount, chain):
    assert preset(name).approval_chain(Decimal(amount)) == chain


def test_a_policy_without_approval_tiers_takes_policy_3s_chain():
    data = preset("abc").model_dump()
    del data["approval"]
    chain = Policy.model_validate(data).approval_chain(Decimal(1))
    assert chain == ("销售部门申请", "财务部门审核", "信用管理小组确定", "管理层审批")
