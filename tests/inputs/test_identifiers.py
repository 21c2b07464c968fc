"""客户编码 and 客户名称 normalised once in the readers: a zero-width space, a bidi override or
full-width letters no longer make a second customer, and each change is a note naming the
cells."""

from __future__ import annotations

from decimal import Decimal

from erp_exports import D, save
from statement_sheets import read

from creditbook.core.receivables import age
from creditbook.inputs.identifiers import clean_identifier
from creditbook.inputs.notes import notes_of
from creditbook.inputs.readers import read_ledger, read_orders, read_register

HEADER = ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额"]
ZWSP, RLO, IDEOGRAPHIC_SPACE = "\u200b", "\u202e", "\u3000"


def test_codes_that_differ_only_by_invisible_or_full_width_characters_are_one_customer(tmp_path):
    rows = [
        ["KH06", "苏州恒通", "XS-1", D(2026, 9, 1), D(2026, 10, 1), 1000],
        ["KH06" + ZWSP, RLO + "苏州恒通", "XS-2", D(2026, 9, 2), D(2026, 10, 2), 2000],
        [" ＫＨ０６" + IDEOGRAPHIC_SPACE, "苏州恒通", "XS-3", D(2026, 9, 3), D(2026, 10, 3), 500],
    ]
    frame, problems = read_ledger(save(tmp_path / "台账.xlsx", {"应收明细": [HEADER, *rows]}))
    assert problems == []
    assert frame["customer_id"].tolist() == ["KH06", "KH06", "KH06"]
    assert frame["customer_name"].tolist() == ["苏州恒通", "苏州恒通", "苏州恒通"]
    assert [str(n) for n in notes_of(frame)] == [
        "读取 read: 台账.xlsx 工作表 sheet 应收明细（单据明细 invoice form）",
        '客户编码已规范化 normalised 客户编码 in 台账.xlsx 应收明细: 2 格（A3 "KH06<U+200B>" → '
        '"KH06"、A4 "ＫＨ０６" → "KH06"），去掉不可见字符、统一全角半角 invisible characters '
        "removed, full-width made half-width",
        '客户编码 "KH06" 与 "KH06<U+200B>" 与 "ＫＨ０６" 规范化后相同，按同一客户 KH06 计 one '
        "customer",
        '客户名称已规范化 normalised 客户名称 in 台账.xlsx 应收明细: 1 格（B3 "<U+202E>苏州恒通" → '
        '"苏州恒通"），去掉不可见字符 invisible characters removed',
        '客户名称 "苏州恒通" 与 "<U+202E>苏州恒通" 规范化后相同，为同一名称 one name',
    ]
    aging = age(frame, D(2026, 11, 30)).table
    assert aging[["customer_id", "customer_name", "total", "overdue"]].values.tolist() == [
        ["KH06", "苏州恒通", 350000, 350000]
    ]


def test_a_ledger_with_nothing_to_normalise_has_no_note(tmp_path):
    rows = [["KH06", "苏州恒通（集团）有限公司", "XS-1", D(2026, 9, 1), D(2026, 10, 1), 1000]]
    frame, _ = read_ledger(save(tmp_path / "台账.xlsx", {"应收明细": [HEADER, *rows]}))
    assert [str(n) for n in notes_of(frame)] == [
        "读取 read: 台账.xlsx 工作表 sheet 应收明细（单据明细 invoice form）"
    ]
    # names keep the NFKC every text cell gets (the same name in the register matches it)
    assert frame["customer_name"].tolist() == ["苏州恒通(集团)有限公司"]


def test_more_than_five_changed_codes_are_counted_and_the_first_five_named(tmp_path):
    rows = [
        [f"KH0{n}{ZWSP}", "", f"XS-{n}", D(2026, 9, 1), D(2026, 10, 1), 100] for n in range(1, 8)
    ]
    frame, _ = read_ledger(save(tmp_path / "台账.xlsx", {"应收明细": [HEADER, *rows]}))
    assert str(notes_of(frame)[1]) == (
        '客户编码已规范化 normalised 客户编码 in 台账.xlsx 应收明细: 7 格（A2 "KH01<U+200B>" → '
        '"KH01"、A3 "KH02<U+200B>" → "KH02"、A4 "KH03<U+200B>" → "KH03"、A5 "KH04<U+200B>" → '
        '"KH04"、A6 "KH05<U+200B>" → "KH05"…），去掉不可见字符、统一全角半角 invisible '
        "characters removed, full-width made half-width"
    )
    assert frame["customer_id"].tolist() == [f"KH0{n}" for n in range(1, 8)]


def test_a_code_of_invisible_characters_only_is_blank(tmp_path):
    rows = [[ZWSP + "\u2060", "苏州恒通", "XS-1", D(2026, 9, 1), D(2026, 10, 1), 1000]]
    _, problems = read_ledger(save(tmp_path / "台账.xlsx", {"应收明细": [HEADER, *rows]}))
    assert [str(p) for p in problems] == ["台账.xlsx 应收明细!A2 客户编码: is blank（缺少必填值）"]


def test_register_and_orders_codes_are_normalised_the_same_way(tmp_path):
    register = save(
        tmp_path / "客户信用档案.xlsx",
        {"客户信用档案": [["客户编码", "客户名称", "信用等级"], ["KH06" + ZWSP, "苏州恒通", "A"]]},
    )
    frame, problems = read_register(register)
    assert problems == []
    assert frame["customer_id"].tolist() == ["KH06"]
    assert [str(n) for n in notes_of(frame)] == [
        "客户编码已规范化 normalised 客户编码 in 客户信用档案.xlsx 客户信用档案: 1 格（A2 "
        '"KH06<U+200B>" → "KH06"），去掉不可见字符、统一全角半角 invisible characters removed, '
        "full-width made half-width"
    ]
    orders = save(
        tmp_path / "未发货订单.xlsx",
        {"未发货订单": [["客户编码", "未发货订单金额"], ["KH06", 100], ["ＫＨ０６" + ZWSP, 50]]},
    )
    assert read_orders(orders) == ({"KH06": Decimal("150.00")}, [])


STATEMENT = ["客户编码", "客户名称", "凭证日期", "凭证编号", "摘要", "借方发生额", "贷方发生额"]
STATEMENT += ["借或贷", "余额"]


def test_a_statement_account_continues_across_a_code_with_a_zero_width_space():
    rows = [
        STATEMENT,
        ["K001", "华东贸易", "2026-09-01", "记-1", "销售发货", "1,000.00", None, "借", "1,000.00"],
        ["K001" + ZWSP, "华东贸易", "2026-09-05", "记-2", "销售发货", "500.00", None, "借",
         "1,500.00"],
    ]  # fmt: skip
    frame, problems = read(rows, default_term=30)
    assert problems == []
    assert frame["customer_id"].tolist() == ["K001", "K001"]
    assert [str(n) for n in notes_of(frame)][1:3] == [
        "客户编码已规范化 normalised 客户编码 in 往来明细账.xlsx 往来明细账: 1 格（A3 "
        '"K001<U+200B>" → "K001"），去掉不可见字符、统一全角半角 invisible characters removed, '
        "full-width made half-width",
        '客户编码 "K001" 与 "K001<U+200B>" 规范化后相同，按同一客户 K001 计 one customer',
    ]
    aging = age(frame, D(2026, 11, 30)).table
    assert aging[["customer_id", "total"]].values.tolist() == [["K001", 150000]]


def test_the_normaliser_removes_each_listed_character_and_trims():
    invisible = [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x200E, 0x200F]
    invisible += [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    for point in invisible:
        assert clean_identifier(f"K{chr(point)}H06", code=True) == "KH06", hex(point)
        assert clean_identifier(f"苏州{chr(point)}恒通", code=False) == "苏州恒通", hex(point)
    assert clean_identifier("\u3000ＫＨ０６ ", code=True) == "KH06"
    assert clean_identifier("\u3000苏州恒通（集团）\u3000", code=False) == "苏州恒通（集团）"
