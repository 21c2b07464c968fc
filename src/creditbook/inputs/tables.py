"""Finding a table in a sheet: its header row (below any title rows) and which column is which."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Accepted headers per canonical column (keys as models.LEDGER_COLUMNS / REGISTER_COLUMNS):
# the Chinese header, the English name, and common variants.
LEDGER_ALIASES: dict[str, tuple[str, ...]] = {
    "customer_id": (
        "客户编码",
        "客户代码",
        "客户编号",
        "customer_id",
        "customer id",
        "customer code",
    ),
    "customer_name": ("客户名称", "客户", "customer_name", "customer name", "customer"),
    "invoice_no": (
        "单据号",
        "单据编号",
        "发票号",
        "发票号码",
        "invoice_no",
        "invoice no",
        "invoice number",
        "document no",
    ),
    "invoice_date": ("单据日期", "发票日期", "开票日期", "invoice_date", "invoice date", "date"),
    "due_date": ("到期日", "到期日期", "应收日期", "due_date", "due date", "due"),
    "amount": ("金额", "应收金额", "发票金额", "amount", "invoice amount"),
    "paid_amount": ("已收金额", "已收", "收款金额", "paid_amount", "paid amount", "paid"),
    "paid_date": ("收款日期", "回款日期", "paid_date", "paid date", "payment date"),
    "currency": ("币种", "货币", "currency"),
}
REGISTER_ALIASES: dict[str, tuple[str, ...]] = {
    "customer_id": LEDGER_ALIASES["customer_id"],
    "customer_name": LEDGER_ALIASES["customer_name"],
    "uscc": ("统一社会信用代码", "社会信用代码", "uscc", "credit code"),
    "contact": ("联系人", "contact"),
    "phone": ("电话", "联系电话", "phone", "telephone"),
    "address": ("地址", "address"),
    "grade": ("信用等级", "等级", "grade", "credit grade"),
    "limit": ("信用额度", "额度", "limit", "credit limit", "credit_limit"),
    "term_days": (
        "信用期限(天)",
        "信用期限",
        "期限",
        "term_days",
        "term",
        "credit term",
        "term days",
    ),
    "evaluated_on": ("评估日期", "evaluated_on", "evaluation date", "evaluated on"),
    "next_review": ("下次复核日期", "复核日期", "next_review", "next review", "review date"),
    "status": ("状态", "信用状态", "status"),
    "经营亏损": ("经营亏损", "operating_loss", "operating loss", "loss"),
    "资金链紧张": ("资金链紧张", "资金链断裂", "cash_strain", "cash strain", "liquidity strain"),
    "重大诉讼": ("重大诉讼", "重大法律纠纷", "major_litigation", "litigation"),
    "失信被执行": ("失信被执行", "失信被执行人", "失信", "dishonest_debtor", "dishonest debtor"),
    "被其他供应商追讨": (
        "被其他供应商追讨",
        "被追讨",
        "pursued_by_suppliers",
        "pursued by other suppliers",
    ),
}

ORDER_ALIASES: dict[str, tuple[str, ...]] = {
    "customer_id": LEDGER_ALIASES["customer_id"],
    "customer_name": LEDGER_ALIASES["customer_name"],
    "amount": (
        "未发货订单金额",
        "在途订单金额",
        "未完成订单金额",
        "订单金额",
        "金额",
        "open_orders",
        "open orders",
        "order amount",
        "amount",
    ),
}

HEADER_SCAN_ROWS = 30
_SPACES = re.compile(r"[\s_\-]+")


def normalise_header(text: object) -> str:
    """'  Invoice_No ' / '信用期限（天）' → 'invoiceno' / '信用期限(天)' for matching."""
    folded = unicodedata.normalize("NFKC", str(text)).strip().casefold()
    return _SPACES.sub("", folded)


def column_letter(index: int) -> str:
    """0 → 'A', 25 → 'Z', 26 → 'AA'."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(frozen=True)
class Header:
    """Where a table's header is: ``row`` (0-based in the grid) and canonical name → column."""

    row: int
    columns: dict[str, int]
    labels: dict[int, str] = field(default_factory=dict)  # column → header text as written

    def extras(self) -> dict[int, str]:
        """Columns that are not canonical, kept under their own header."""
        known = set(self.columns.values())
        return {col: text for col, text in self.labels.items() if col not in known and text}


def _lookup(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {normalise_header(a): name for name, names in aliases.items() for a in names}


def find_header(
    rows: list[list[object]], aliases: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> Header | None:
    """The first row among the top ``HEADER_SCAN_ROWS`` naming every required column.

    When none names them all, the row naming the most canonical columns is returned so that
    the caller can say which ones are missing; None when no row names any.
    """
    lookup = _lookup(aliases)
    best: Header | None = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        labels: dict[int, str] = {}
        for col, cell in enumerate(row):
            text = "" if cell is None else str(cell).strip()
            labels[col] = text
            name = lookup.get(normalise_header(text)) if text else None
            if name and name not in columns:
                columns[name] = col
        header = Header(index, columns, labels)
        if all(name in columns for name in required):
            return header
        if columns and (best is None or len(columns) > len(best.columns)):
            best = header
    return best
