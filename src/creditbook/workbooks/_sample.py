"""Sample data for `--sample`: a fictitious company's customers, statements, ledger, contacts."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from creditbook.core.models import Customer, Invoice, RegisterEntry, Statement

AS_OF = dt.date(2026, 3, 31)
COMPANY = "华东精密机械有限公司"


@dataclass(frozen=True)
class Evaluation:
    """Inputs of one credit evaluation: customer, two statements, payment history, 5C scores."""

    customer: Customer
    monthly_sales: Decimal
    current: Statement
    previous: Statement
    history: tuple[Invoice, ...]
    five_c: dict[str, int]
    notes: dict[str, str] = field(default_factory=dict)
    as_of: dt.date = AS_OF


@dataclass(frozen=True)
class Contact:
    """One entry of the contact and collection log."""

    date: dt.date
    customer_id: str
    customer_name: str
    channel: str
    person: str
    handler: str
    summary: str
    amount_due: Decimal
    promised_date: dt.date | None
    promised_amount: Decimal | None
    outcome: str
    next_step: str
    follow_up: dt.date | None


_NAMES = [
    ("C001", "苏州恒达电子科技有限公司", "91320500MA1MXXN21P", "王建国", "0512-65281234"),
    ("C002", "无锡宏远机电设备有限公司", "91320200MA1N2QK98C", "李秀英", "0510-82306789"),
    ("C003", "常州天诚金属制品有限公司", "91320400MA1P7GJ45L", "张伟", "0519-86654321"),
    ("C004", "南京瑞丰自动化工程有限公司", "91320100MA1Q8RT36W", "刘洋", "025-84561230"),
    ("C005", "杭州北辰智能装备有限公司", "91330100MA2B3LM17X", "陈静", "0571-87012345"),
    ("C006", "宁波海通贸易有限公司", "91330200MA2C9HP52D", "杨帆", "0574-87123456"),
    ("C007", "上海申达工业控制有限公司", "91310000MA1FL4Z83E", "赵敏", "021-64287890"),
    ("C008", "合肥安和机械制造有限公司", "91340100MA2N1TW64K", "黄磊", "0551-65432109"),
    ("C009", "嘉兴新源包装材料有限公司", "91330400MA2D5YR29A", "周婷", "0573-82234567"),
    ("C010", "扬州永盛五金制品有限公司", "91321000MA1R6UE71J", "吴强", "0514-87345678"),
    ("C011", "绍兴康达纺织机械有限公司", "91330600MA2E8KF30N", "徐丽", "0575-88456789"),
    ("C012", "镇江华信电气有限公司", "91321100MA1T3VC58M", "孙浩", "0511-85567890"),
]


def _uscc(seed: str) -> str:
    """A code with a valid check digit (the sample's codes are fictitious)."""
    from stdnum.cn import uscc

    body = "".join(ch if ch in "0123456789ABCDEFGHJKLMNPQRTUWXY" else "0" for ch in seed[:17])
    return body + uscc.calc_check_digit(body)


def customers() -> list[Customer]:
    return [
        Customer(
            customer_id=cid,
            name=name,
            uscc=_uscc(code),
            legal_representative=person,
            registered_capital=Decimal(5_000_000 + 1_000_000 * i),
            industry="通用设备制造业",
            founded=dt.date(2008 + i, 1 + i % 12, 1 + i),
            contact=person,
            phone=phone,
            address=f"{name[:2]}市工业园区{10 + i}号",
            salesperson=["陈刚", "林晓", "郑伟"][i % 3],
            is_new=i in (5, 9),
        )
        for i, (cid, name, code, person, phone) in enumerate(_NAMES)
    ]


def evaluation() -> Evaluation:
    customer = customers()[0]
    current = Statement(
        period="2025年度",
        total_assets=Decimal("48600000"),
        total_liabilities=Decimal("23800000"),
        current_assets=Decimal("29500000"),
        current_liabilities=Decimal("16200000"),
        inventory=Decimal("7800000"),
        receivables=Decimal("8900000"),
        other_non_quick=Decimal("600000"),
        revenue=Decimal("62500000"),
        cost_of_sales=Decimal("47800000"),
        net_profit=Decimal("4150000"),
        equity=Decimal("24800000"),
    )
    previous = Statement(
        period="2024年度",
        total_assets=Decimal("44200000"),
        total_liabilities=Decimal("22600000"),
        current_assets=Decimal("26800000"),
        current_liabilities=Decimal("15400000"),
        inventory=Decimal("7200000"),
        receivables=Decimal("8100000"),
        other_non_quick=Decimal("500000"),
        revenue=Decimal("56800000"),
        cost_of_sales=Decimal("43900000"),
        net_profit=Decimal("3420000"),
        equity=Decimal("21600000"),
    )
    rng = random.Random(20260331)
    history = []
    for n in range(12):
        issued = dt.date(2025, 1 + n, 5)
        due = issued + dt.timedelta(days=45)
        late = rng.choice([0, 0, 0, 0, 0, 3, 12])
        paid = due + dt.timedelta(days=late) if due + dt.timedelta(days=late) <= AS_OF else None
        amount = Decimal(rng.randrange(280, 620) * 1000)
        history.append(
            Invoice(
                customer_id=customer.customer_id,
                customer_name=customer.name,
                invoice_no=f"XS2025{n + 1:04d}",
                invoice_date=issued,
                due_date=due,
                amount=amount,
                paid_amount=amount if paid else Decimal(0),
                paid_date=paid,
            )
        )
    return Evaluation(
        customer=customer,
        monthly_sales=Decimal("450000"),
        current=current,
        previous=previous,
        history=tuple(history),
        five_c={"品质": 4, "能力": 4, "资本": 4, "抵押": 3, "条件": 3},
        notes={
            "品质": "合作五年，守约记录良好，管理层稳定",
            "能力": "主营业务突出，经营现金流为正",
            "资本": "净资产约 2,480 万元，注册资本已实缴",
            "抵押": "可提供股东个人连带责任保证",
            "条件": "行业景气度一般，区域竞争加剧",
        },
    )


def register() -> list[tuple[RegisterEntry, Decimal, int]]:
    """Register rows with each customer's current exposure and longest days overdue."""
    rng = random.Random(7)
    rows = []
    grades = ["A", "A", "B", "B", "C", "B", "A", "C", "B", "C", "B", "A"]
    for i, customer in enumerate(customers()):
        grade = grades[i]
        limit = Decimal({"A": 800_000, "B": 400_000, "C": 150_000}[grade])
        term = {"A": 60, "B": 45, "C": 30}[grade]
        exposure = (limit * Decimal(rng.randrange(20, 115)) / 100).quantize(Decimal("0.01"))
        overdue = rng.choice([0, 0, 0, 8, 25, 40, 75, 120])
        flags = frozenset({"资金链紧张"} if i == 4 else {"重大诉讼"} if i == 9 else set())
        entry = RegisterEntry(
            customer_id=customer.customer_id,
            customer_name=customer.name,
            uscc=customer.uscc,
            contact=customer.contact,
            phone=customer.phone,
            address=customer.address,
            grade=grade,
            limit=limit,
            term_days=term,
            evaluated_on=dt.date(2025, 1 + i % 12, 10),
            next_review=dt.date(2026, 1 + i % 12, 10),
            status="暂停" if i == 9 else "关注" if flags else "正常",
            flags=flags,
        )
        rows.append((entry, exposure, overdue))
    return rows


def ledger(count: int = 40) -> list[Invoice]:
    rng = random.Random(11)
    people = customers()
    invoices = []
    for n in range(count):
        customer = people[n % len(people)]
        issued = AS_OF - dt.timedelta(days=rng.randrange(5, 420))
        due = issued + dt.timedelta(days=rng.choice([30, 45, 60]))
        amount = Decimal(rng.randrange(20, 480) * 1000 + rng.randrange(0, 100) * 10)
        state = rng.random()
        if due > AS_OF or state < 0.45:
            paid, paid_on = Decimal(0), None
        elif state < 0.7:
            paid, paid_on = (amount / 2).quantize(Decimal("0.01")), due
        else:
            paid, paid_on = amount, min(due + dt.timedelta(days=rng.randrange(0, 20)), AS_OF)
        invoices.append(
            Invoice(
                customer_id=customer.customer_id,
                customer_name=customer.name,
                invoice_no=f"XS{issued:%Y%m}{n + 1:04d}",
                invoice_date=issued,
                due_date=due,
                amount=amount,
                paid_amount=paid,
                paid_date=paid_on,
            )
        )
    return invoices


def contacts() -> list[Contact]:
    people = customers()
    steps = [
        ("电话", "电话提醒到期货款", "承诺付款", "按承诺日期核对到账"),
        ("发函", "寄送付款提醒函", "进行中", "7 天后电话跟进"),
        ("拜访", "上门拜访财务负责人，核对对账单", "部分付款", "跟进余款"),
        ("电话", "催收逾期 45 天货款", "承诺付款", "到期未付则发催款函"),
        ("发函", "寄送催款函（第二阶段）", "无回应", "安排上门催收"),
        ("拜访", "年度客户拜访，了解经营情况", "已完成", "更新客户档案"),
        ("法律程序", "移交法务，发送律师函", "进行中", "准备起诉材料"),
        ("电话", "确认收款并致谢", "已付款", "结案"),
    ]
    log = []
    for i in range(16):
        customer = people[(i * 5) % len(people)]
        channel, summary, outcome, next_step = steps[i % len(steps)]
        day = AS_OF - dt.timedelta(days=75 - i * 4)
        promised = day + dt.timedelta(days=10) if outcome == "承诺付款" else None
        due = Decimal(60_000 + 17_500 * (i % 6))
        log.append(
            Contact(
                date=day,
                customer_id=customer.customer_id,
                customer_name=customer.name,
                channel=channel,
                person=customer.contact,
                handler=customer.salesperson,
                summary=summary,
                amount_due=due,
                promised_date=promised,
                promised_amount=due if promised else None,
                outcome=outcome,
                next_step=next_step,
                follow_up=day + dt.timedelta(days=7) if outcome != "已付款" else None,
            )
        )
    return log


SURVEY_DIMENSIONS = ("产品质量", "服务质量", "价格", "交付", "公司评价")


def survey(count: int = 24) -> list[tuple[str, dt.date, tuple[int, ...], str]]:
    rng = random.Random(3)
    people = customers()
    centre = {"产品质量": 4.4, "服务质量": 4.0, "价格": 3.3, "交付": 3.7, "公司评价": 4.1}
    remarks = ["", "", "希望缩短交货周期", "-价格偏高，建议调整", "售后响应及时", "", "包装需改进"]
    rows = []
    for n in range(count):
        scores = tuple(max(1, min(5, round(rng.gauss(centre[d], 0.7)))) for d in SURVEY_DIMENSIONS)
        rows.append(
            (
                people[n % len(people)].name,
                dt.date(2026, 3, 1) + dt.timedelta(days=n % 20),
                scores,
                rng.choice(remarks),
            )
        )
    return rows
