"""生成文书 with the 客户联系与催收记录 beside the workbook: its promises and disputes drive the
letters exactly as `letters --contacts` does."""

from __future__ import annotations

import openpyxl
from excel_stub import stub_book
from test_ribbon_documents import AS_OF, SETTINGS, _cli, _manifest, _out, _texts

from creditbook.workbooks.build import new_workbook_file

# A company whose letters may go out (not 样稿): its batches offer contact-log rows.
REAL = SETTINGS.replace(
    "\n\n[letters]",
    """
address = "无锡市新吴区长江路 18 号"
phone = "0510-8521 6600"
contact = "陈静（应收账款）"
contact_phone = "0510-8521 6606"
email = "ar@huarui-jg.cn"
bank_name = "中国工商银行无锡新区支行"
bank_account = "1103 0211 0900 0123 456"

[letters]""",
)


def _company(folder):
    folder.mkdir(parents=True)
    (folder / "creditbook.toml").write_text(REAL, encoding="utf-8")
    return folder


def _folder(tmp_path):
    folder = _company(tmp_path / "应收账款")
    new_workbook_file("aging", folder / "11月账龄分析.xlsx", sample=True)
    new_workbook_file("register", folder / "客户信用档案.xlsx", sample=True)
    new_workbook_file("contacts", folder / "客户联系与催收记录.xlsx", sample=True)
    return folder


def test_aging_button_reads_the_contact_log_beside_it_as_the_cli_does(tmp_path, click):
    folder = _folder(tmp_path)
    path = folder / "11月账龄分析.xlsx"
    book = click(stub_book(path))

    out = _out(path)
    cli = tmp_path / "cli"
    config = _company(tmp_path / "cli-settings") / "creditbook.toml"
    for command in ("letters", "notice"):
        _cli(command, path, "--register", folder / "客户信用档案.xlsx", "--as-of", AS_OF,
             "--contacts", folder / "客户联系与催收记录.xlsx",
             "--out", cli, "--config", config)  # fmt: skip
    # the command and the button both write the reading report (读取报告.txt) into the folder
    assert (cli / "读取报告.txt").is_file()
    assert (out / "读取报告.txt").is_file()
    made = sorted(p.name for p in cli.iterdir())
    assert sorted(p.name for p in out.iterdir()) == made
    assert _texts(out) == _texts(cli)
    for stem in ("催收函-清单", "信用调整通知书-清单"):
        assert _manifest(out, stem) == _manifest(cli, stem)
    letters = _manifest(out, "催收函-清单")
    # Without the log the sample gets 19 letters; KH0019's promise (2026-12-03) holds its one.
    assert len(letters) == 16  # KH0019 held; KH0026, KH0028 handed to legal
    assert "KH0019" not in {row["customer_id"] for row in letters}
    paste = openpyxl.load_workbook(out / "联系记录-待粘贴-催收函.xlsx")["联系记录"]
    cli_paste = openpyxl.load_workbook(cli / "联系记录-待粘贴-催收函.xlsx")["联系记录"]
    assert [[c.value for c in r] for r in paste.iter_rows()] == [
        [c.value for c in r] for r in cli_paste.iter_rows()
    ]
    prompt = book.app.alerts[0]["prompt"]
    assert "按客户联系与催收记录（客户联系与催收记录.xlsx）处理承诺付款与争议单据" in prompt
    assert "催收函 16 份 written" in prompt


def test_register_button_reads_the_contact_log_named_in_its_property(tmp_path, click):
    folder = _folder(tmp_path)
    (folder / "客户联系与催收记录.xlsx").rename(folder / "联系.xlsx")
    path = folder / "客户信用档案.xlsx"
    properties = {
        "creditbook.kind": "register",
        "creditbook.ledger": "11月账龄分析.xlsx",
        "creditbook.contacts": "联系.xlsx",
    }
    click(stub_book(path, properties=properties))

    letters = _manifest(_out(path), "催收函-清单")
    assert len(letters) == 16  # KH0019 held; KH0026, KH0028 handed to legal
    assert "KH0019" not in {row["customer_id"] for row in letters}


def test_the_button_says_which_overdue_customers_got_no_letter_and_why(tmp_path, click):
    # `letters --contacts` prints 未发函 … and 部分暂缓 … for these customers; the button's
    # message says the same instead of leaving them out unseen.
    folder = _folder(tmp_path)
    book = click(stub_book(folder / "11月账龄分析.xlsx"))
    lines = book.app.alerts[0]["prompt"].splitlines()
    start = lines.index("催收函 未发函 3 户 skipped:")
    assert lines[start + 1 : start + 6] == [
        "  KH0019 昆山立达塑胶制品有限公司: 暂缓（承诺 2026-12-03 付 138,002.03）",
        "  KH0026 泰州润达化工设备有限公司: 已移交法务（2026-10-12），不发函，列入法律程序客户清单",
        "  KH0028 盐城东泰机械制造有限公司: 已移交法务（2026-10-24），不发函，列入法律程序客户清单",
        "催收函 部分暂缓 1 户 held in part (promise to pay):",
        "  KH0025 宜兴市金陵环保设备有限公司: 暂缓（承诺 2026-12-04 付 155,433.11），"
        "其余 ¥192,745.45 发函",
    ]


def test_a_batch_that_stopped_or_lost_its_legal_list_is_a_failure_in_the_message(tmp_path):
    # and what the command prints as 注意 notice (a dispute matching no invoice) is shown too
    from creditbook.documents.batch import BatchResult
    from creditbook.ribbon.jobs import Outcome
    from creditbook.ribbon.run import summary

    outcome = Outcome()
    result = BatchResult(
        problems=["法律程序客户清单.xlsx: 文件被占用 in use"],
        aborted="磁盘已满 disk full",
        notices=["联系.xlsx 联系记录 第 5 行 单据号 XS-310: 台账中客户 KH003 没有这张单据"],
    )
    outcome.batch("催收函", result, tmp_path)
    assert outcome.failed == [
        "催收函: 法律程序客户清单.xlsx: 文件被占用 in use",
        "催收函 批次中止 batch stopped: 磁盘已满 disk full",
    ]
    assert "失败 2 个 failed:" in summary(outcome, tmp_path, "应收账款账龄分析")
    notice = "联系.xlsx 联系记录 第 5 行 单据号 XS-310: 台账中客户 KH003 没有这张单据"
    assert outcome.notes[-1] == f"催收函 注意 notice: {notice}"
