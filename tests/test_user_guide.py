"""docs/用户手册.md: its command lines run in order on the sample company's files, and every
message its 常见问题 quotes is what the command prints on the input it describes."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from creditbook.sample import sample_data
from creditbook.workbooks.build import new_workbook_file
from creditbook.workbooks.sample_files import (
    LEDGER_FILE,
    REGISTER_FILE,
    STATEMENT_FILE,
    write_sample_files,
    write_statement_ledger,
)

ROOT = Path(__file__).parents[1]
GUIDE = (ROOT / "docs" / "用户手册.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[list[str]]:
    """The lines of every fenced block of ``language``, in the guide's order."""
    found = re.findall(rf"^ *```{language}\n(.*?)^ *```", GUIDE, flags=re.M | re.S)
    return [[line.strip() for line in block.splitlines()] for block in found]


def command_lines() -> list[str]:
    return [line for block in blocks("sh") for line in block if line.startswith("creditbook ")]


def creditbook(line: str, folder: Path) -> subprocess.CompletedProcess:
    """Run one guide line as the user types it, in ``folder``, with its own home folder."""
    args = shlex.split(line, comments=True)
    assert args[0] == "creditbook", line
    home = folder / "用户目录"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "CREDITBOOK_PASSWORD"}
    env |= {"PYTHONPATH": str(ROOT / "src"), "HOME": str(home), "USERPROFILE": str(home)}
    env |= {"COLUMNS": "2000", "PYTHONIOENCODING": "utf-8"}  # messages on one line each
    return subprocess.run(
        [sys.executable, "-m", "creditbook", *args[1:]],
        cwd=folder, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600,
        stdin=subprocess.DEVNULL,  # no terminal: init asks nothing
    )  # fmt: skip


def _erp_export(folder: Path) -> None:
    """应收款明细表.xlsx: the ledger as an ERP exports it, under a title, with two headers of
    its own (the guide's --columns example)."""
    book = openpyxl.load_workbook(folder / LEDGER_FILE)
    sheet = book.active
    sheet["B1"], sheet["F1"] = "购货单位名", "价税合计本币"
    sheet.insert_rows(1, 2)
    sheet["A1"] = "应收款明细表"
    sheet["A2"] = "组织：苏州鼎润精密传动股份有限公司    期间：2026-01-01 至 2026-11-30"
    book.save(folder / "应收款明细表.xlsx")


@pytest.fixture
def company(tmp_path) -> Path:
    """The working folder the guide assumes: the demo's 输入数据 files and an ERP export."""
    data = sample_data()
    write_sample_files(data, tmp_path)
    write_statement_ledger(data, tmp_path / STATEMENT_FILE)
    _erp_export(tmp_path)
    new_workbook_file("contacts", tmp_path / "客户联系与催收记录.xlsx", sample=True)
    return tmp_path


def office_free(line: str) -> str:
    """The guide line without the options that need LibreOffice."""
    return " ".join(word for word in line.split(" ") if word not in ("--pdf", "--merge"))


def test_the_office_free_variant_drops_only_the_pdf_options():
    line = "creditbook letters a.xlsx --out x --force --interest --pdf --merge"
    assert office_free(line) == "creditbook letters a.xlsx --out x --force --interest"


BOOKS = "应收账款台账.xlsx --register 客户信用档案.xlsx --as-of 2026-11-30"
AGING = "creditbook aging 应收账款台账.xlsx --as-of 2026-11-30"
MONITOR = f"creditbook monitor {BOOKS}"
LETTERS = f"creditbook letters {BOOKS} --out 催收函-2026-11"

# What the guide says the user sees after a command (checked against the guide and the output).
SEEN = {
    "creditbook init": "已生成 written: creditbook.toml",
    "creditbook addin build":
        "已生成 built creditbook.xlam  (myaddin.conf: UDF Modules = creditbook.udfs)",
    "creditbook addin lite": "已写入 written lite/requirements.txt",
    "creditbook workbook relink":
        "已改写 rewritten 0 个公式 formulas → 账龄分析工作簿-本机.xlsx",
    "creditbook workbook new register": "已生成 written: 信用档案工作簿.xlsx",
    "creditbook aging": "已写出 written: 账龄-2026-11.xlsx（29 户 customers）",
    f"{MONITOR} --out": "已写出 written: 信用监控-2026-11.xlsx（30 户 customers）",
    "creditbook recalc 账龄分析-示例.xlsx --out 账龄分析-已计算.xlsx":
        "已计算 calculated 414 个公式",
    "creditbook report": "已生成 written: 评估报告-KH0008.docx",
    "creditbook approval": "已生成 written: 审批表-KH0008.docx",
    "creditbook policy check": "OK 本公司政策.xlsx: policy 'abc' version 2026.2",
    LETTERS: "样稿 DRAFT: 文书标有「样稿」，不得寄出",  # creditbook.toml still the example's
    f"{LETTERS} --force": "已生成 19 份催收函 written 19",
    "creditbook letter-log --void":
        "已作废 voided: 鼎润财函〔2026〕0046号 常州天元液压机电有限公司",
    "creditbook letter-log check": "一致 consistent:",
    "creditbook archive add 审批表": "已归档 filed #1: archive/KH0008/审批表-KH0008.docx",
    "creditbook archive verify": "档案完好 archive intact: 2 条记录，链头 head",
    "creditbook worklist": "催收工作清单 collection worklist 2026-11-30: 19 户 customers",
    "creditbook check-order": "通过 passed",
    "creditbook letters 应收账款台账.xlsx --register 客户信用档案.xlsx --contacts":
        "KH0019 昆山立达塑胶制品有限公司: 暂缓（承诺 2026-12-03 付 138,002.03）",
}  # fmt: skip


@pytest.mark.slow
def test_every_command_line_of_the_guide_runs_in_order_on_the_sample_files(company):
    lines = command_lines()
    assert len(lines) >= 25, "the guide shows each task's commands"
    seen = dict(SEEN)
    for line in lines:
        if shutil.which("soffice") is None:
            # Without LibreOffice the same letters are made without their PDFs, so the numbers
            # the later lines cite are the ones the guide shows (CI runs both ways).
            line = office_free(line)
        result = creditbook(line, company)
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"{line}\n{output}"
        assert "Traceback" not in output, f"{line}\n{output}"
        if line.startswith(f"{LETTERS} --force"):
            assert "样稿" not in output, "the company's own settings make the letters final"
        matches = [start for start in seen if line.startswith(start)]
        if matches:
            expected = seen.pop(max(matches, key=len))
            assert expected in GUIDE, f"the guide no longer says {expected!r}"
            assert expected in output, f"{line}\n{output}"
    assert not seen, f"commands the guide no longer shows: {list(seen)}"
    assert (company / "催收函-2026-11" / "法律程序客户清单.xlsx").is_file()
    assert (company / "archive" / "KH0006" / "KH0006_催款函.docx").is_file()
    assert (company / "发文登记簿-2026-11.xlsx").is_file()


# Each 常见问题 block, by its command: how the user's files got into that state.
def _cell(name: str, cell: str, value: object) -> Callable[[Path], None]:
    def breaks(folder: Path) -> None:
        book = openpyxl.load_workbook(folder / name)
        book.active[cell] = value
        book.save(folder / name)

    return breaks


def _without_due_date(folder: Path) -> None:
    book = openpyxl.load_workbook(folder / LEDGER_FILE)
    book.active.delete_cols(5)  # 到期日
    book.save(folder / LEDGER_FILE)


def _run_first(*lines: str) -> Callable[[Path], None]:
    def before(folder: Path) -> None:
        for line in lines:
            assert creditbook(line, folder).returncode == 0, line

    return before


def _statement_mistyped(folder: Path) -> None:
    book = openpyxl.load_workbook(folder / STATEMENT_FILE)
    book["KH0006"]["E7"] = 231143.73  # 231,143.37 in the ERP
    book.save(folder / STATEMENT_FILE)


def _weights_off(folder: Path) -> None:
    _run_first("creditbook policy table abc --out 本公司政策.xlsx")(folder)
    book = openpyxl.load_workbook(folder / "本公司政策.xlsx")
    sheet = book.active
    weight = next(c for row in sheet.iter_rows() for c in row if c.value == "权重")
    row = weight.row + 1
    sheet.cell(row=row, column=weight.column).value += 20
    book.save(folder / "本公司政策.xlsx")


def _tampered(folder: Path) -> None:
    _run_first(
        "creditbook workbook new evaluation --sample --out 评估-KH0008.xlsx",
        "creditbook approval 评估-KH0008.xlsx --out 审批表-KH0008.docx",
        "creditbook archive add 审批表-KH0008.docx --customer KH0008 --kind approval",
    )(folder)
    with (folder / "archive" / "KH0008" / "审批表-KH0008.docx").open("ab") as filed:
        filed.write(b"edited")


ENCRYPT = "creditbook encrypt 客户信用档案.xlsx --out 客户信用档案-加密.xlsx --password 2026Q4"
FAQ: dict[str, Callable[[Path], None] | None] = {
    f"{AGING}  # 到期日 E5 填成了 2026-13-45": _cell(LEDGER_FILE, "E5", "2026-13-45"),
    f"{AGING}  # 金额 F7 填成了“一万二”": _cell(LEDGER_FILE, "F7", "一万二"),
    f"{AGING}  # 删掉了“到期日”列": _without_due_date,
    "creditbook aging 应收款明细表.xlsx --as-of 2026-11-30": None,
    "creditbook aging 应收账款明细账.xlsx --register 客户信用档案.xlsx --as-of 2026-11-30"
    "  # KH0006 表 E7 的贷方录成了 231,143.73": _statement_mistyped,
    "creditbook aging 应收账款明细账.xlsx --as-of 2026-11-30": None,
    "creditbook monitor 应收账款台账.xlsx --register 客户信用档案-加密.xlsx --as-of 2026-11-30":
        _run_first(ENCRYPT),
    "creditbook monitor 应收账款台账.xlsx --register 客户信用档案-加密.xlsx --as-of 2026-11-30"
    " --password 1234": _run_first(ENCRYPT),
    f"{MONITOR}  # 档案 A4 的客户编码空着": _cell(REGISTER_FILE, "A4", None),
    f"{AGING} --out 账龄-2026-11.xlsx  # 第二次运行":
        _run_first(f"{AGING} --out 账龄-2026-11.xlsx"),
    f"{LETTERS}  # 第二次运行": _run_first(LETTERS),
    "creditbook aging 应收帐款台账.xlsx --as-of 2026-11-30": None,
    "creditbook aging 应收账款台账.xlsx --as-of 2026/11/31": None,
    "creditbook monitor 应收账款台账.xlsx --as-of 2026-11-30": None,
    "creditbook report 应收账款台账.xlsx --out 评估报告.docx": None,
    "creditbook approval 评估-KH0008.xlsx --out 审批表-KH0008.docx --type 变更":
        _run_first("creditbook workbook new evaluation --sample --out 评估-KH0008.xlsx"),
    "creditbook workbook new ledger --out 台账.xlsx": None,
    "creditbook policy check 本公司政策.xlsx": _weights_off,
    "creditbook archive verify": _tampered,
    "creditbook archive verify --expect-head "
    "6a6a17992d912a3afb2fe58ef91ab313375b04872072d129a4907fcaf0a129f2": _run_first(
        "creditbook workbook new evaluation --sample --out 评估-KH0008.xlsx",
        "creditbook archive add 评估-KH0008.xlsx --customer KH0008 --kind evaluation",
    ),
    "creditbook archive add 审批表-KH0009.pdf --customer KH0009 --kind approval": None,
    "creditbook archive show KH9999": None,
    "creditbook archive show KH0099": _run_first(
        "creditbook workbook new evaluation --sample --out 评估-KH0008.xlsx",
        "creditbook archive add 评估-KH0008.xlsx --customer KH0008 --kind evaluation",
    ),
}  # fmt: skip


def faq_blocks() -> list[list[str]]:
    return [block for block in blocks("text") if block and block[0].startswith("$ creditbook ")]


def test_every_faq_block_has_the_input_it_describes():
    assert [block[0][2:] for block in faq_blocks()] == list(FAQ)


@pytest.mark.slow
@pytest.mark.parametrize("block", faq_blocks(), ids=[f"faq-{i:02d}" for i in range(len(FAQ))])
def test_each_faq_message_is_what_the_command_prints(block, company):
    line = block[0][2:]
    if FAQ[line]:
        FAQ[line](company)
    result = creditbook(line, company)
    output = [" ".join(out.split()) for out in (result.stdout + result.stderr).splitlines()]
    assert result.returncode != 0, line
    for expected in block[1:]:
        assert " ".join(expected.split()) in output, f"{line}\n" + "\n".join(output)


def reference_sections() -> dict[str, str]:
    """docs/cli.md (every command's --help, kept current by its own test) by command."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    parts = re.split(r"^## `([^`]+)`$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_command_and_option_the_guide_names_exists():
    sections = reference_sections()
    spans = re.findall(r"`(creditbook [^`]+)`", GUIDE) + command_lines()
    spans += [block[0][2:] for block in faq_blocks()]
    for span in spans:
        words = shlex.split(span, comments=True)
        names = [w for w in words if not w.startswith("-")]
        command = next(
            " ".join(names[:k]) for k in range(len(names), 0, -1) if " ".join(names[:k]) in sections
        )
        if command in ("creditbook", "creditbook workbook", "creditbook archive"):
            assert words[1:] == ["--help"], f"{span}: no such command"
        missing = [w for w in words if w.startswith("--") and w not in sections[command]]
        assert not missing, f"{span}: {command} has no {missing}"


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_link_anchor_and_picture_resolves():
    docs = ROOT / "docs"
    targets = re.findall(r"\]\(([^)\s]+)\)", GUIDE) + re.findall(r'src="([^"]+)"', GUIDE)
    anchors = {_slug(h) for h in re.findall(r"^#+ (.+)$", GUIDE, flags=re.M)}
    anchors |= set(re.findall(r'<a id="([^"]+)">', GUIDE))
    for target in [t for t in targets if not re.match(r"[a-z]+:", t)]:
        path, _, anchor = target.partition("#")
        assert not path or (docs / path).exists(), f"missing file {target}"
        assert path or anchor in anchors, f"no heading for #{anchor}"


def test_every_picture_is_made_by_a_script():
    pictures = re.findall(r'src="images/([^"]+)\.png"', GUIDE)
    made = set(_script("render_guide_images").PICTURES)
    made |= {f"workbook-{kind}" for kind in _script("render_workbook_images").SHOWCASE}
    assert pictures and set(pictures) <= made, set(pictures) - made
