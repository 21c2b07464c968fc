"""催收工作清单: who to act on today, for which collector, ranked by amount × days overdue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
from ledger_rows import AS_OF, ledger
from test_promises import log

from creditbook.core.collections import collection_review
from creditbook.core.promises import apply_follow_ups, follow_ups
from creditbook.core.worklist import UNASSIGNED, build_worklist, collectors

BOOKS = ledger(
    ("C1", "A", "2026-09-01", "2026-10-01", "60000.00", "0", None),  # 60 days overdue
    ("C1", "B", "2026-10-10", "2026-11-10", "40000.00", "0", None),
    ("C2", "C", "2026-10-01", "2026-11-20", "8000.00", "0", None),  # 10 days overdue
    ("C3", "D", "2026-11-01", "2026-12-31", "5000.00", "0", None),  # not yet due
    ("C4", "E", "2026-10-01", "2026-12-31", "7000.00", "0", None),  # not yet due
    ("C5", "F", "2026-11-01", "2026-12-31", "9000.00", "0", None),  # nothing to do
)
REGISTER = pd.DataFrame({"customer_id": ["C1", "C2"], "业务员": ["张三", "张三"]})


def _contact_log() -> pd.DataFrame:
    frame = log(
        ("2026-11-20", "C1", "李四", "催收", "部分回款承诺", "2026-11-30", "10000", "", ""),
        ("2026-11-25", "C3", "李四", "对账", "已完成", None, None, "", ""),
        ("2026-10-20", "C4", "", "争议", "数量差异", None, None, "E", "少发 20 件"),
        ("2026-11-01", "C5", "王五", "对账", "已完成", None, None, "", ""),
    )
    frame["next_date"] = pd.to_datetime([None, "2026-11-29", None, "2026-12-15"]).astype(
        "datetime64[ns]"
    )
    frame["next_step"] = ["", "寄送对账单", "", "回访"]
    frame["method"] = ["电话", "微信", "上门拜访", "电话"]
    return frame


def _worklist(contacts=None, register=REGISTER):
    contacts = _contact_log() if contacts is None else contacts
    talks = follow_ups(contacts, BOOKS, AS_OF)
    cases = apply_follow_ups(collection_review(BOOKS, AS_OF), talks)
    assigned = collectors(register, BOOKS, contacts, AS_OF)
    return build_worklist(cases, talks, contacts, AS_OF, None, assigned)


def test_the_register_assigns_the_collector_before_the_contact_log():
    assigned = collectors(REGISTER, BOOKS, _contact_log(), AS_OF)
    assert assigned == {"C1": "张三", "C2": "张三", "C3": "李四", "C5": "王五"}


def test_each_customer_to_act_on_is_listed_once_with_its_reasons_ranked_per_collector():
    items = _worklist()
    assert [(i.collector, i.customer_id, i.reasons) for i in items] == [
        ("张三", "C1", ("逾期", "承诺今日到期")),
        ("张三", "C2", ("逾期",)),
        ("未分配", "C4", ("争议超过 30 天（E）",)),
        ("李四", "C3", ("跟进日期已到（2026-11-29）",)),
    ]
    c1 = items[0]
    assert (c1.overdue, c1.demanded, c1.held, c1.max_days_overdue) == (
        Decimal("100000.00"),
        Decimal("90000.00"),
        Decimal("10000.00"),
        60,
    )
    assert c1.priority == Decimal("6000000.00")
    assert items[1].priority == Decimal("80000.00")
    assert c1.promise_status == "今日到期（承诺 2026-11-30 付 10,000.00）"
    assert c1.last_contact == "2026-11-20 电话 部分回款承诺（李四）"
    assert c1.next_step == (
        "核对今日到账，未到账即电话跟进；催款：发送催款函，销售人员上门催收；"
        "暂缓（承诺 2026-11-30 付 10,000.00），其余发函"
    )
    assert items[3].next_step == "寄送对账单"
    assert items[3].next_date == dt.date(2026, 11, 29)
    assert items[2].collector == UNASSIGNED
    assert items[2].next_step == "争议超期，提交销售与质量部门升级处理"


def test_a_contact_on_or_after_the_follow_up_date_clears_it():
    contacts = _contact_log()
    extra = log(("2026-11-29", "C3", "李四", "对账", "已完成", None, None, "", ""))
    extra["next_date"] = pd.Series([pd.NaT], dtype="datetime64[ns]")
    extra["next_step"], extra["method"] = [""], ["电话"]
    both = pd.concat([contacts, extra], ignore_index=True)
    assert "C3" not in {i.customer_id for i in _worklist(both)}


def test_a_broken_promise_shows_the_raised_stage_and_the_reason():
    contacts = log(
        ("2026-11-05", "C2", "李四", "催收", "已承诺付款", "2026-11-21", "8000", "", ""),
    )
    (c1, c2) = [i for i in _worklist(contacts) if i.customer_id in ("C1", "C2")]
    assert c2.reasons == ("逾期", "承诺未兑现")
    assert c2.stage == "催款（承诺未兑现，由付款提醒升级）"
    assert c2.promise_status == "已违约（承诺 2026-11-21 付 8,000.00）"
    assert c1.stage == "催款"


def test_an_overdue_customer_whose_overdue_invoices_are_all_disputed_still_gets_a_next_step():
    # C2's only overdue invoice C (8,000, 10 days) is disputed since 2026-11-25: no letter
    # goes out, and the collector is told why rather than shown an empty next step.
    contacts = log(("2026-11-25", "C2", "李四", "争议", "质量问题", None, None, "C", "划痕"))
    (c2,) = [i for i in _worklist(contacts) if i.customer_id == "C2"]
    assert c2.reasons == ("逾期",)
    assert (c2.overdue, c2.disputed, c2.demanded) == (
        Decimal("8000.00"),
        Decimal("8000.00"),
        Decimal("0.00"),
    )
    assert c2.next_step == "不发函：逾期单据均有争议（核实中） every overdue invoice is disputed"


def test_a_customer_the_ledger_shows_paid_since_the_as_of_date_gets_no_letter_step():
    # As of 2026-11-30 C9 owed 3,000.00 for 30 days (付款提醒); it paid on 2026-12-02 (the
    # ledger was updated since), so the list says why no letter goes, as `letters` does.
    books = ledger(
        ("C9", "P", "2026-09-01", "2026-10-31", "3000.00", "3000.00", "2026-12-02"),
        ("C8", "Q", "2026-09-01", "2026-10-31", "3000.00", "1000.00", "2026-12-02"),
    )
    from creditbook.core.worklist import day_worklist

    items = {i.customer_id: i for i in day_worklist(books, None, None, AS_OF)}
    assert items["C9"].overdue == Decimal("3000.00")
    assert items["C9"].next_step == (
        "不发函：截止日 2026-11-30 后已收款 3,000.00（收款日期至 2026-12-02），"
        "逾期欠款已付清 paid after the as-of date"
    )
    assert items["C8"].next_step == "付款提醒：电话提醒并发送付款提醒函"  # part paid: letter goes
