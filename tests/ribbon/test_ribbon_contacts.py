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
