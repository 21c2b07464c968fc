"""Domain records: customer, financial statement, invoice, register entry.

Records are frozen; money fields are ``Decimal`` rounded to the fen (``money.money``).
Tables of many records (a ledger of a million invoices) travel as pandas DataFrames with
the canonical column names below; their money columns hold whole fen as int64 so that
vectorised sums stay exact, and become Decimal again only at the edges
(``money.from_fen``/``money.to_fen``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from creditbook.core.money import money

# Canonical column names of the input tables (DESIGN.md, "Input tables").
LEDGER_COLUMNS = {
    "customer_id": "客户编码",
    "customer_name": "客户名称",
    "invoice_no": "单据号",
    "invoice_date": "单据日期",
    "due_date": "到期日",
    "amount": "金额",
    "paid_amount": "已收金额",
    "paid_date": "收款日期",
    "currency": "币种",
}
WARNING_FLAGS = (
    "经营亏损",
    "资金链紧张",
    "重大诉讼",
    "失信被执行",
    "被其他供应商追讨",
    "重大投资决策失误",  # 制度 2 第五节
)
REGISTER_COLUMNS = {
    "customer_id": "客户编码",
    "customer_name": "客户名称",
    "uscc": "统一社会信用代码",
    "contact": "联系人",
    "phone": "电话",
    "address": "地址",
    "grade": "信用等级",
    "limit": "信用额度",
    "term_days": "信用期限(天)",
    "evaluated_on": "评估日期",
    "next_review": "下次复核日期",
    "status": "状态",
    **{flag: flag for flag in WARNING_FLAGS},
}

# Optional register columns (inputs/groups.py): the group a customer belongs to and a
# temporary limit with its dates and approval number.
REGISTER_GROUP_COLUMNS = {
    "group": "所属集团",
    "temporary_limit": "临时额度",
    "temporary_starts": "临时额度生效日",
    "temporary_ends": "临时额度到期日",
    "temporary_approval": "临时额度审批编号",
}
# The 集团 sheet: one row per group of customers.
GROUP_COLUMNS = {
    "name": "集团名称",
    "code": "集团编码",
    "limit": "集团额度",
    "approved_on": "核定日期",
}


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _to_money(value: object) -> Decimal | None:
    return None if value is None else money(value)


class Statement(_Record):
    """One period's key balance-sheet and income-statement lines (财务报表).

    Attributes:
        period: label, e.g. '2025年度'.
        total_assets: 资产总计.  total_liabilities: 负债合计.
        current_assets: 流动资产合计.  current_liabilities: 流动负债合计.
        inventory: 存货.  receivables: 应收账款.  notes_receivable: 应收票据 (counted in
        应收账款周转天数 unless the policy says otherwise).  other_non_quick: 其他非速动资产
        (预付款项、一年内到期的非流动资产等).  revenue: 营业收入.  cost_of_sales: 营业成本.
        net_profit: 净利润.  equity: 所有者权益合计.
    """

    period: str = ""
    total_assets: Decimal | None = None
    total_liabilities: Decimal | None = None
    current_assets: Decimal | None = None
    current_liabilities: Decimal | None = None
    inventory: Decimal | None = None
    receivables: Decimal | None = None
    notes_receivable: Decimal | None = None
    other_non_quick: Decimal | None = None
    revenue: Decimal | None = None
    cost_of_sales: Decimal | None = None
    net_profit: Decimal | None = None
    equity: Decimal | None = None

    _money = field_validator(
        "total_assets",
        "total_liabilities",
        "current_assets",
        "current_liabilities",
        "inventory",
        "receivables",
        "notes_receivable",
        "other_non_quick",
        "revenue",
        "cost_of_sales",
        "net_profit",
        "equity",
        mode="before",
    )(_to_money)

    @property
    def working_capital(self) -> Decimal | None:
        if self.current_assets is None or self.current_liabilities is None:
            return None
        return self.current_assets - self.current_liabilities


class Customer(_Record):
    """A customer's basic information (基本信息).

    Attributes:
        customer_id: 客户编码.  name: full legal name 客户名称.  uscc: 统一社会信用代码.
        is_new: 新客户 (first year of trading) — gets the new-customer limit rule.
    """

    customer_id: str
    name: str
    uscc: str = ""
    legal_representative: str = ""
    registered_capital: Decimal | None = None
    industry: str = ""
    founded: dt.date | None = None
    contact: str = ""
    phone: str = ""
    address: str = ""
    salesperson: str = ""
    is_new: bool = False


class Invoice(_Record):
    """One line of the AR ledger (应收账款台账); negative amounts are credit notes."""

    customer_id: str
    customer_name: str = ""
    invoice_no: str
    invoice_date: dt.date
    due_date: dt.date
    amount: Decimal
    paid_amount: Decimal = Decimal("0.00")
    paid_date: dt.date | None = None
    currency: str = "CNY"

    _money = field_validator("amount", "paid_amount", mode="before")(money)

    @property
    def open_amount(self) -> Decimal:
        return self.amount - self.paid_amount


class RegisterEntry(_Record):
    """A row of the customer credit register (客户信用档案)."""

    customer_id: str
    customer_name: str
    uscc: str = ""
    contact: str = ""
    phone: str = ""
    address: str = ""
    grade: str = ""
    limit: Decimal = Decimal("0.00")
    term_days: int = Field(default=0, ge=0)
    evaluated_on: dt.date | None = None
    next_review: dt.date | None = None
    status: str = "正常"
    flags: frozenset[str] = frozenset()
    group: str = ""  # 所属集团: a group's name or code (集团 sheet)
    temporary_limit: Decimal | None = None  # 临时额度, from 生效日 to 到期日 (both included)
    temporary_starts: dt.date | None = None
    temporary_ends: dt.date | None = None
    temporary_approval: str = ""

    _money = field_validator("limit", mode="before")(money)
    _temporary = field_validator("temporary_limit", mode="before")(_to_money)
