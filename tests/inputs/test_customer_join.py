"""A hand-kept ledger keyed by 客户名称 joined to the register's 客户编码: the spellings of one
name, names several register rows share, names not in the register, no register at all, and
the notes' exact words (five names shown, then …)."""

from __future__ import annotations

import pandas as pd

from creditbook.inputs.customer_join import join_by_name, register_names
from creditbook.inputs.notes import Note, NoteLevel
from creditbook.inputs.problems import ProblemKind, ReadProblem

JOINED = "按客户名称对应客户信用档案 joined to the register by name: "
MERGED = "客户名称写法不同按同一客户计 spellings of one name made one customer: "
MISSING = "客户信用档案中没有这些客户名称 not in the register: "


def ledger(*names: str, codes: tuple[str, ...] = ()) -> pd.DataFrame:
    """A 手工台账 with one invoice per name, keyed by the name (客户编码 = 客户名称) unless
    ``codes`` gives the 客户编码 column."""
    ids = list(codes) or list(names)
    return pd.DataFrame(
        {
            "customer_id": ids,
            "customer_name": list(names),
            "invoice_no": [f"XS-{i:04d}" for i in range(1, len(names) + 1)],
            "amount": [100_000 * (i + 1) for i in range(len(names))],
        }
    )


def register(*rows: tuple[object, object]) -> pd.DataFrame:
    return pd.DataFrame(
        {"customer_id": [r[0] for r in rows], "customer_name": [r[1] for r in rows]}
    )


def test_the_register_keys_each_spelling_of_a_name_to_its_codes_once():
    found = register_names(
        register(
            ("KH01", "苏州达远（有限公司）"),
            ("KH02", "苏州 达远有限公司"),
            ("KH01", "苏州达远有限公司"),  # the same row twice
            ("KH03", None),  # a register row without a name
            ("KH04", ""),
            (105, "无锡恒通机电"),  # a code typed as a number
        )
    )
    assert found == {"苏州达远有限公司": ["KH01", "KH02"], "无锡恒通机电": ["105"]}


def test_an_empty_ledger_is_returned_as_it_is():
    empty = ledger()
    frame, notes, problems = join_by_name(empty, register(("KH01", "甲")), "台账.xlsx")
    assert frame is empty and notes == [] and problems == []


def test_each_spelling_of_a_registered_name_takes_the_register_code():
    book = ledger("苏州达远有限公司", "苏州 达远（有限公司）", "常州华达电气", "常州华达电气")
    book.attrs["prepayments"] = {"苏州 达远（有限公司）": 5_000, "西部": 1}
    entries = register(("KH01", "苏州达远有限公司"), ("KH02", "常州华达电气"))
    frame, notes, problems = join_by_name(book, entries, "手工台账.xlsx")
    assert problems == []
    assert frame["customer_id"].tolist() == ["KH01", "KH01", "KH02", "KH02"]
    assert frame["customer_name"].tolist() == book["customer_name"].tolist()
    assert book["customer_id"].tolist()[0] == "苏州达远有限公司"  # the caller's frame is kept
    assert frame.attrs["prepayments"] == {"KH01": 5_000, "西部": 1}
    assert notes == [
        Note(
            NoteLevel.INFO,
            JOINED + "3 个客户名称（苏州达远有限公司 → KH01、苏州 达远（有限公司） → KH01、"
            "常州华达电气 → KH02）",
        )
    ]


def test_a_ledger_already_keyed_by_code_or_by_a_register_code_is_left_alone():
    # KH01 is a register code; C9 is a code of the ledger's own (not the name)
    book = ledger("苏州达远有限公司", "常州华达电气", codes=("KH01", "C9"))
    frame, notes, problems = join_by_name(book, register(("KH01", "苏州达远有限公司")), "台账")
    assert frame is book and notes == [] and problems == []
    named_like_a_code = ledger("KH01")  # the name is itself a register code
    frame, notes, _ = join_by_name(named_like_a_code, register(("KH01", "KH01")), "台账")
    assert frame is named_like_a_code and notes == []


def test_a_name_several_register_rows_share_is_refused_naming_the_codes():
    book = ledger("华东贸易", "华 东贸易")
    entries = register(("KH01", "华东贸易"), ("KH07", "华东贸易"), ("KH09", "西部建材"))
    frame, notes, problems = join_by_name(book, entries, "手工台账.xlsx")
    assert problems == [
        ReadProblem(
            "手工台账.xlsx",
            None,
            None,
            None,
            None,
            "客户名称 华东贸易 在客户信用档案中对应多行 matches several register rows: "
            "KH01、KH07（无法判断是哪一个）; add a 客户编码 column to the ledger, or make the "
            "register's names unique",
            ProblemKind.DUPLICATE,
        )
    ]
    assert frame is book and notes == []  # neither joined nor merged nor called missing


def test_names_not_in_the_register_are_warned_and_their_spellings_made_one():
    book = ledger("西部建材", "西部 建材", "ＡＢＣ机电", "abc机电", "华东贸易")
    frame, notes, problems = join_by_name(book, register(("KH01", "华东贸易")), "台账.csv")
    assert problems == []
    assert frame["customer_id"].tolist() == [
        "西部建材",
        "西部建材",
        "ＡＢＣ机电",
        "ＡＢＣ机电",
        "KH01",
    ]
    assert notes == [
        Note(NoteLevel.INFO, JOINED + "1 个客户名称（华东贸易 → KH01）"),
        Note(NoteLevel.INFO, MERGED + '"西部 建材" → "西部建材"、"abc机电" → "ＡＢＣ机电"'),
        Note(
            NoteLevel.WARNING,
            MISSING
            + "西部建材、ＡＢＣ机电（2 个；无地址、额度未核定 no address or limit for them）",
        ),
    ]


def test_without_a_register_only_the_spellings_are_made_one_and_nothing_is_missing():
    book = ledger("西部建材", "西部建材 ", "华东贸易")
    for entries in (None, pd.DataFrame({"customer_id": ["KH01"], "limit": [1]})):
        frame, notes, problems = join_by_name(book, entries, "台账.csv")
        assert problems == []
        assert frame["customer_id"].tolist() == ["西部建材", "西部建材", "华东贸易"]
        assert notes == [Note(NoteLevel.INFO, MERGED + '"西部建材 " → "西部建材"')]


def test_five_names_are_shown_and_a_sixth_only_counted():
    five = [f"客户{i}" for i in range(1, 6)]
    entries = register(*((f"KH{i}", f"客户{i}") for i in range(1, 7)))
    _, notes, _ = join_by_name(ledger(*five), entries, "台账")
    shown = "、".join(f"客户{i} → KH{i}" for i in range(1, 6))
    assert notes == [Note(NoteLevel.INFO, JOINED + f"5 个客户名称（{shown}）")]
    _, notes, _ = join_by_name(ledger(*five, "客户6"), entries, "台账")
    assert notes == [Note(NoteLevel.INFO, JOINED + f"6 个客户名称（{shown}…）")]


def test_five_merged_and_five_missing_names_are_shown_and_more_are_counted():
    names = [f"门店{i}" for i in range(1, 7)]
    spelt = [n for name in names for n in (name, f"{name} ")]
    _, notes, _ = join_by_name(ledger(*spelt[:10]), register(("KH01", "总部")), "台账")
    merged = "、".join(f'"{n} " → "{n}"' for n in names[:5])
    missing = "、".join(names[:5])
    assert notes == [
        Note(NoteLevel.INFO, MERGED + merged),
        Note(
            NoteLevel.WARNING,
            MISSING + f"{missing}（5 个；无地址、额度未核定 no address or limit for them）",
        ),
    ]
    _, notes, _ = join_by_name(ledger(*spelt), register(("KH01", "总部")), "台账")
    assert notes == [
        Note(NoteLevel.INFO, MERGED + merged + "…"),
        Note(
            NoteLevel.WARNING,
            MISSING + f"{missing}…（6 个；无地址、额度未核定 no address or limit for them）",
        ),
    ]


def test_rows_keyed_by_code_before_the_named_ones_stop_nothing():
    # a hand ledger where the first invoices carry the register code, the later ones only the name
    book = ledger("苏州达远有限公司", "常州华达电气", codes=("KH01", "常州华达电气"))
    entries = register(("KH01", "苏州达远有限公司"), ("KH02", "常州华达电气"))
    frame, notes, problems = join_by_name(book, entries, "手工台账.xlsx")
    assert problems == []
    assert frame["customer_id"].tolist() == ["KH01", "KH02"]
    assert notes == [Note(NoteLevel.INFO, JOINED + "1 个客户名称（常州华达电气 → KH02）")]


def test_a_shared_name_is_refused_and_the_names_after_it_are_still_joined():
    book = ledger("华东贸易", "常州华达电气", "西部建材")
    entries = register(("KH01", "华东贸易"), ("KH07", "华东贸易"), ("KH02", "常州华达电气"))
    frame, notes, problems = join_by_name(book, entries, "手工台账.xlsx")
    assert [p.kind for p in problems] == [ProblemKind.DUPLICATE]
    assert frame["customer_id"].tolist() == ["华东贸易", "KH02", "西部建材"]
    assert notes == [
        Note(NoteLevel.INFO, JOINED + "1 个客户名称（常州华达电气 → KH02）"),
        Note(
            NoteLevel.WARNING,
            MISSING + "西部建材（1 个；无地址、额度未核定 no address or limit for them）",
        ),
    ]
