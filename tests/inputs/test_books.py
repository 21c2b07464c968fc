"""The ledger and register read together as a command reads them: --columns typed with
full-width commas or a stray '=', an encrypted pair, a register already read, each customer's
term from the register or from the policy's grade."""

from __future__ import annotations

import pandas as pd
import pytest
from erp_exports import D, save

from creditbook.core.errors import InvalidValue
from creditbook.core.policy import preset
from creditbook.inputs.books import parse_columns, read_books, register_terms
from creditbook.inputs.notes import Note, NoteLevel
from creditbook.inputs.options import ReadOptions
from creditbook.inputs.problems import ReadError
from creditbook.protect import encrypt_office_file

LEDGER = [
    ["客户编码", "客户名称", "单据号", "单据日期", "到期日", "金额"],
    ["KH01", "苏州恒通电子有限公司", "XS-1", D(2026, 10, 1), D(2026, 10, 31), 1000],
]
REGISTER_D = [["客户编码", "客户名称", "信用等级"], ["Y01", "无锡戊科技有限公司", "D"]]
STATEMENT = [
    ["应收账款明细账"],
    ["客户：无锡戊科技有限公司"],
    ["日期", "凭证字号", "摘要", "借方", "贷方", "方向", "余额"],
    [D(2026, 9, 1), "记-31", "销售发货", 4000, None, "借", 4000],
]


def test_columns_typed_with_full_width_commas_and_an_empty_part():
    assert parse_columns("往来单位=客户名称，本币金额=金额,, 备注 = - ") == {
        "往来单位": "客户名称",
        "本币金额": "金额",
        "备注": "-",
    }
    assert parse_columns(None) == {}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("往来单位=", "往来单位="),
        ("=客户名称", "=客户名称"),
        ("往来单位", "往来单位"),
        ("本币金额=金额, 往来单位：客户名称", "往来单位：客户名称"),
    ],
)
def test_a_columns_part_that_is_not_header_equals_canonical_is_refused(text, shown):
    with pytest.raises(InvalidValue) as raised:
        parse_columns(text)
    assert str(raised.value) == (
        f'--columns: "{shown}" is not YOUR_HEADER=CANONICAL（格式应为 '
        '"往来单位=客户名称,本币金额=金额"）'
    )


def test_a_second_equals_sign_makes_the_target_unknown():
    with pytest.raises(InvalidValue) as raised:
        parse_columns("往来单位=客户名称=金额")
    assert str(raised.value).startswith(
        '--columns "往来单位=客户名称=金额": 客户名称=金额 is not a column creditbook knows'
        "（未知的列名）"
    )


def test_terms_from_the_register_or_the_grade_and_none_for_the_others():
    register = pd.DataFrame(
        {
            "customer_id": ["KH01", "KH02", "KH03", "KH04"],
            "customer_name": ["苏州恒通", "无锡戊", "常州己", "南通庚"],
            "grade": ["A", "Z", "B", ""],
            "term_days": pd.array([pd.NA, pd.NA, 20, pd.NA], dtype="Int64"),
        }
    )
    assert register_terms(register, preset("abc")) == {
        "KH01": (60, "信用政策 A 级 policy grade", "KH01"),
        "苏州恒通": (60, "信用政策 A 级 policy grade", "KH01"),
        "KH03": (20, "客户信用档案 信用期限 register", "KH03"),
        "常州己": (20, "客户信用档案 信用期限 register", "KH03"),
    }
    assert register_terms(None, preset("abc")) == {}


def test_an_encrypted_ledger_and_register_with_mapped_headers(tmp_path):
    ledger = save(tmp_path / "台账.xlsx", {"台账": LEDGER})
    register = save(
        tmp_path / "档案.xlsx",
        {"客户信用档案": [["往来户号", "信用额度"], ["KH01", "300,000"]]},
    )
    for path in (ledger, register):
        encrypt_office_file(path, "华瑞2026")
    options = ReadOptions(columns={"往来户号": "客户编码"}, password="华瑞2026")
    books = read_books(ledger, register, options)
    assert books.ledger["amount"].tolist() == [100000]
    assert books.register[["customer_id", "limit"]].values.tolist() == [["KH01", 30000000]]
    assert books.notes == (
        Note(NoteLevel.INFO, "读取 read: 台账.xlsx 工作表 sheet 台账（单据明细 invoice form）"),
    )


def test_a_register_already_read_is_used_as_it_is(tmp_path):
    ledger = save(tmp_path / "台账.xlsx", {"台账": LEDGER})
    register = pd.DataFrame(
        {
            "customer_id": ["KH01"],
            "customer_name": ["苏州恒通电子有限公司"],
            "limit": pd.array([30000000], dtype="Int64"),  # fen
            "term_days": pd.array([30], dtype="Int64"),
        }
    )
    books = read_books(ledger, register)
    assert books.register is register
    assert books.register["limit"].tolist() == [30000000]


def test_a_register_that_cannot_be_read_is_reported_with_the_ledger(tmp_path):
    ledger = save(tmp_path / "台账.xlsx", {"台账": LEDGER})
    register = save(tmp_path / "档案.xlsx", {"客户信用档案": [["客户名称"], ["苏州恒通"]]})
    with pytest.raises(ReadError) as raised:
        read_books(ledger, register)
    assert [str(p) for p in raised.value.problems] == [
        "档案.xlsx 客户信用档案!1:1: missing column 客户编码 (customer_id)（缺少列）; accepted "
        "headers（可用表头）: 客户编码、customer_id、customer id、customer code、客户代码、"
        '客户编号、往来单位编码、客商编码; or map your own: --columns "你的表头=客户编码"'
    ]


def test_a_statement_customer_gets_the_term_of_its_grade_in_the_policy_given(tmp_path):
    ledger = save(tmp_path / "明细账.xlsx", {"无锡戊": STATEMENT})
    register = save(
        tmp_path / "档案.xlsx",
        {
            "客户信用档案": [
                ["客户编码", "客户名称", "信用等级"],
                ["Y01", "无锡戊科技有限公司", "D"],
            ]
        },
    )
    books = read_books(ledger, register, policy="abcd")  # grade D: 0 days, cash
    assert books.ledger[["customer_id", "invoice_no"]].values.tolist() == [["Y01", "记-31"]]
    assert books.ledger["due_date"].dt.date.tolist() == [D(2026, 9, 1)]
    with pytest.raises(ReadError):
        read_books(ledger, register)  # the default policy has no grade D
