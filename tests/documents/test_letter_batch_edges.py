"""A letter batch at its edges: a legal-stage customer whose letter fails is still listed with
what is open, the legal list is protected like the letters, and dates follow the letter date.

Letter batches with a real company's settings (letters 已发, not 样稿): what the 发文登记簿
records for each number, a rerun with --force, the letters cited, interest in the letter, the
customers skipped, and how an interrupted or half-failing batch is reported."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import errno
import hashlib
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from docx_text import docx_text
from letter_cases import AS_OF, Case, Line, make_case, real_settings

from creditbook.documents import batch as batch_module
from creditbook.documents import outfolder
from creditbook.documents.batch import DRAFT_NOTE, Numbering, Written, run_batch
from creditbook.documents.letters import Skipped, letter_files, write_letters
from creditbook.documents.numbering import RESERVED_NOTE, LogEntry, log_letters, read_log
from creditbook.documents.outfolder import FolderError, room_needed
from creditbook.files import OutputExists
from creditbook.office import pdf as pdf_module
from creditbook.settings import Settings


def _legal(customer_id="C009", amount="98000.00", received="18000.00"):
    case = make_case(customer_id, "南京长兴建材有限公司", 200, amount)
    line = dataclasses.replace(case.lines[0], received=Decimal(received))
    return dataclasses.replace(case, lines=(line,))


def letter_docx(*paragraphs: str) -> bytes:
    import io

    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_a_legal_customer_whose_letter_failed_is_listed_with_the_open_amount(settings, tmp_path):
    case = _legal()
    broken = dataclasses.replace(case, lines=(dataclasses.replace(case.lines[0], days_overdue=-1),))
    contacts = {"C009": {"contact": "陈律师", "phone": "025-8888", "address": "南京市江宁区"}}
    result = write_letters([broken], tmp_path, as_of=AS_OF, settings=settings, contacts=contacts)
    # the amount owed is the case's netted balance, known before (and without) the letter
    assert result.written[0].error.startswith("ValidationError: 1 validation error")
    assert result.written[0].amount == Decimal("80000.00")
    table = _rows(tmp_path / "法律程序客户清单.csv")
    assert table[1] == [
        "C009",
        "南京长兴建材有限公司",
        "80000.00",  # 98,000.00 invoiced less 18,000.00 received
        "200",
        "1",
        "华瑞财函〔2026〕0001号",
        "",
        "陈律师",
        "025-8888",
        "南京市江宁区",
    ]


def test_an_existing_legal_list_stops_the_batch_before_a_number_is_spent(settings, tmp_path):
    (tmp_path / "法律程序客户清单.xlsx").write_bytes(b"kept")
    with pytest.raises(OutputExists) as error:
        write_letters([_legal()], tmp_path, as_of=AS_OF, settings=settings)
    assert "法律程序客户清单.xlsx" in str(error.value)
    legal = _legal()
    assert not (tmp_path / letter_files([legal])[legal.customer_id]).exists()
    first = write_letters([make_case("C001", "甲", 12)], tmp_path, as_of=AS_OF, settings=settings)
    assert first.written[0].number == "华瑞财函〔2026〕0001号"  # a reminder needs no legal list
    assert (tmp_path / "法律程序客户清单.xlsx").read_bytes() == b"kept"


def test_an_existing_manifest_stops_the_batch(settings, tmp_path):
    (tmp_path / "催收函-清单.json").write_text("[]", encoding="utf-8")
    with pytest.raises(OutputExists):
        write_letters([make_case("C001", "甲", 12)], tmp_path, as_of=AS_OF, settings=settings)
    assert json.loads((tmp_path / "催收函-清单.json").read_text(encoding="utf-8")) == []


def test_the_letter_date_sets_the_number_year_and_the_payment_deadline(settings, tmp_path):
    letter_date = dt.date(2027, 1, 4)
    result = write_letters(
        [make_case("C002", "乙公司", 45)],
        tmp_path,
        as_of=AS_OF,
        settings=settings,
        letter_date=letter_date,
    )
    assert result.written[0].number == "华瑞财函〔2027〕0001号"
    text = docx_text(tmp_path / "C002_催款函.docx")
    assert "2027年1月14日" in text  # letter date + 10 days
    assert "2027年1月4日" in text


def test_without_a_letter_date_the_letter_is_dated_as_of(settings, tmp_path):
    write_letters([make_case("C002", "乙公司", 45)], tmp_path, as_of=AS_OF, settings=settings)
    text = docx_text(tmp_path / "C002_催款函.docx")
    assert "2026年11月30日" in text and "2026年12月10日" in text


def test_no_legal_list_when_no_customer_is_at_the_legal_stage(settings, tmp_path):
    result = write_letters([make_case("C001", "甲", 12)], tmp_path, as_of=AS_OF, settings=settings)
    assert result.extra == []
    assert not (tmp_path / "法律程序客户清单.csv").exists()
    assert [p.name for p in result.manifest] == ["催收函-清单.csv", "催收函-清单.json"]


NO = "恒达财函〔2026〕{:04d}号"


@pytest.fixture
def real(tmp_path) -> Settings:
    """A company's own settings: its letters go out (已发), they are not drafts."""
    return real_settings(counter_file=str(tmp_path / "函件.json"))


def _entry(n, customer_id, name, document, stage, amount, file="", status="已发", note=""):
    sha256 = hashlib.sha256(Path(file).read_bytes()).hexdigest() if file else ""
    return LogEntry(
        NO.format(n), AS_OF, customer_id, name, document, stage, Decimal(amount), file, status,
        note, sha256,
    )  # fmt: skip


def test_each_letter_sent_is_logged_with_its_customer_stage_amount_and_file(real, tmp_path):
    out = tmp_path / "letters"
    cases = [make_case("C001", "苏州恒通电子有限公司", 12), make_case("C002", "无锡𠮷祥贸易", 45)]
    write_letters(cases, out, as_of=AS_OF, settings=real)
    assert read_log(real.log_path) == [
        _entry(1, "C001", "苏州恒通电子有限公司", "付款提醒函", "付款提醒", "12128.27",
               str(out.resolve() / "C001_付款提醒函.docx")),
        _entry(2, "C002", "无锡𠮷祥贸易", "催款函", "催款", "12128.27",
               str(out.resolve() / "C002_催款函.docx")),
    ]  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Reviewed(Case):
    skip_reason: str = ""


def test_customers_with_a_skip_reason_get_no_letter_and_no_number(real, tmp_path):
    covered = Reviewed(**vars(make_case("C003", "常州新材有限公司", 45)), skip_reason="贷项已冲抵")
    result = write_letters(
        [make_case("C001", "甲公司", 12), covered], tmp_path, as_of=AS_OF, settings=real
    )
    assert result.skipped == [Skipped("C003", "常州新材有限公司", "贷项已冲抵")]
    assert [(w.customer_id, w.number) for w in result.written] == [("C001", NO.format(1))]
    assert [e.customer_id for e in read_log(real.log_path)] == ["C001"]


def _demand(customer_id="KH0107"):
    return make_case(customer_id, "苏州恒通电子有限公司", 45)


def test_a_rerun_with_force_voids_the_letter_it_replaced_and_never_cites_it(real, tmp_path):
    first, other = tmp_path / "十一月", tmp_path / "补发"
    write_letters([_demand()], first, as_of=AS_OF, settings=real)  # 0001, replaced below
    write_letters([_demand()], other, as_of=AS_OF, settings=real)  # 0002, sent
    again = write_letters([_demand()], first, as_of=AS_OF, settings=real, force=True)  # 0003
    assert again.problems == [] and again.written[0].error == ""
    text = docx_text(first / "KH0107_催款函.docx")
    assert NO.format(3) in text
    assert "我司已于2026年11月30日发出《催款函》（恒达财函〔2026〕0002号），" in text
    assert NO.format(1) not in text
    log = [(e.number, e.status, e.note) for e in read_log(real.log_path)]
    assert log == [
        (NO.format(1), "作废", f"文件已被 {NO.format(3)} 覆盖，未寄出"),
        (NO.format(2), "已发", ""),
        (NO.format(3), "已发", ""),
    ]


def test_a_rerun_with_force_rewrites_the_letter_the_manifest_and_the_legal_list(real, tmp_path):
    legal = make_case("C004", "南京长兴建材有限公司", 200, "98000.00")
    write_letters([legal], tmp_path, as_of=AS_OF, settings=real)
    result = write_letters([legal], tmp_path, as_of=AS_OF, settings=real, force=True)
    assert result.problems == [] and result.written[0].error == ""
    assert NO.format(2) in docx_text(tmp_path / "C004_最后催告函.docx")
    manifest = (tmp_path / "催收函-清单.json").read_text(encoding="utf-8")
    assert f'"number": "{NO.format(2)}"' in manifest and "南京长兴建材有限公司" in manifest
    assert f",{NO.format(2)}," in (tmp_path / "法律程序客户清单.csv").read_text("utf-8-sig")


@dataclasses.dataclass(frozen=True)
class CreditLine(Line):
    """A 贷项冲减 line of the case, as the receivables core labels it."""

    note: str = ""


def test_the_legal_list_counts_invoices_not_the_credits_against_them(real, tmp_path):
    case = make_case("C004", "南京长兴建材有限公司", 200, "98000.00")
    credit = dataclasses.replace(
        case.lines[0], invoice_no="HZ-2026-0501", amount=Decimal("-8000.00"), days_overdue=0
    )
    credit = CreditLine(**vars(credit), note="贷项冲减")
    write_letters(
        [dataclasses.replace(case, lines=(case.lines[0], credit))],
        tmp_path,
        as_of=AS_OF,
        settings=real,
    )
    row = (tmp_path / "法律程序客户清单.csv").read_text("utf-8-sig").splitlines()[1]
    assert row.startswith("C004,南京长兴建材有限公司,90000.00,200,1,")


def test_interest_is_claimed_in_the_letter_only_when_asked(real, tmp_path):
    case = make_case("KH0107", "苏州恒通电子有限公司", 62, "7128.27")
    write_letters([case], tmp_path / "plain", as_of=AS_OF, settings=real)
    assert "LPR 3.00%" not in docx_text(tmp_path / "plain" / "KH0107_催款函.docx")
    write_letters([case], tmp_path / "interest", as_of=AS_OF, settings=real, interest=True)
    text = docx_text(tmp_path / "interest" / "KH0107_催款函.docx")
    # 7,128.27 × (3.00% × 1.5) × 62 / 365 = 54.487… → 54.49
    assert "LPR 3.00% 加计 50% = 4.50%" in text and "54.49" in text
    assert "2026-09-30" in text


def test_interest_uses_the_companys_own_lpr_table(real, tmp_path):
    table = tmp_path / "LPR.csv"
    table.write_text("生效日期,一年期LPR(%)\n2019-08-20,4.25\n2026-09-22,2.90\n", encoding="utf-8")
    settings = real.model_copy(
        update={"letters": real.letters.model_copy(update={"lpr_file": str(table)})}
    )
    case = make_case("KH0107", "苏州恒通电子有限公司", 62, "7128.27")
    write_letters([case], tmp_path / "out", as_of=AS_OF, settings=settings, interest=True)
    assert "LPR 2.90% 加计 50% = 4.35%" in docx_text(tmp_path / "out" / "KH0107_催款函.docx")


def test_letters_can_come_from_the_companys_own_templates(real, tmp_path):
    shipped = Path(__file__).parents[2] / "doc_templates" / "催款函.docx"
    own = tmp_path / "模板"
    own.mkdir()
    with zipfile.ZipFile(shipped) as source, zipfile.ZipFile(own / "催款函.docx", "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"{{ letter_no }}", "函号 {{ letter_no }}".encode(), 1)
            target.writestr(info, data)
    write_letters([_demand()], tmp_path / "out", as_of=AS_OF, settings=real, templates_dir=own)
    assert f"函号 {NO.format(1)}" in docx_text(tmp_path / "out" / "KH0107_催款函.docx")


@pytest.fixture
def converter(monkeypatch):
    calls = []

    def convert_to_pdf(documents, out_dir=None, *, force=False, workers=None, timeout=600):
        calls.append([p.name for p in documents])
        return pdf_module.PdfFiles([p.with_suffix(".pdf") for p in documents], "LibreOffice")

    monkeypatch.setattr(pdf_module, "convert_to_pdf", convert_to_pdf)
    return calls


def test_without_pdf_nothing_is_converted_and_an_old_pdf_does_not_stop_the_batch(
    converter, real, tmp_path
):
    (tmp_path / "KH0107_催款函.pdf").write_bytes(b"%PDF old")
    result = write_letters([_demand()], tmp_path, as_of=AS_OF, settings=real)
    assert converter == [] and result.written[0].pdf == "" and result.problems == []
    assert (tmp_path / "KH0107_催款函.pdf").read_bytes() == b"%PDF old"


def test_a_failing_pdf_conversion_is_reported_and_the_letters_stay(real, tmp_path, monkeypatch):
    def convert_to_pdf(*args, **kwargs):
        raise RuntimeError("soffice 无响应")

    monkeypatch.setattr(pdf_module, "convert_to_pdf", convert_to_pdf)
    result = write_letters([_demand()], tmp_path, as_of=AS_OF, settings=real, pdf=True)
    assert result.problems == ["PDF 未能写出 not written: RuntimeError: soffice 无响应"]
    assert result.written[0].file == "KH0107_催款函.docx" and result.manifest


def test_a_failing_manifest_is_reported(real, tmp_path, monkeypatch):
    def write_manifest(*args, **kwargs):
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(batch_module, "write_manifest", write_manifest)
    result = write_letters([_demand()], tmp_path, as_of=AS_OF, settings=real)
    assert result.problems == ["清单 manifest 未能写出 not written: OSError: [Errno 5] I/O error"]
    assert result.manifest == []


def test_a_pdf_batch_needs_room_for_the_pdfs_too(real, tmp_path, monkeypatch):
    class Usage:
        free = room_needed(1) + 1024

    monkeypatch.setattr(outfolder.shutil, "disk_usage", lambda _path: Usage)
    with pytest.raises(FolderError, match="磁盘空间不足 not enough free space"):
        write_letters([_demand()], tmp_path / "pdf", as_of=AS_OF, settings=real, pdf=True)
    assert not real.counter_path.exists()
    result = write_letters([_demand()], tmp_path / "docx", as_of=AS_OF, settings=real)
    assert result.written[0].number == NO.format(1)


def _numbering(tmp_path, amounts=True) -> Numbering:
    return Numbering(
        tmp_path / "函件.json", "恒达财函", AS_OF, tmp_path / "发文登记簿.csv", amounts=amounts
    )


def _jobs(folder: Path, renders):
    def make(index: int, number: str):
        item = Written(f"KH0{index + 1}", "苏州恒通电子有限公司", "额度下调", "信用调整通知书",
                       Decimal("50000.00"), number)  # fmt: skip
        return item, folder / f"KH0{index + 1}.docx", renders[index]

    return make


def test_numbers_are_in_the_log_before_their_document_is_written(tmp_path):
    numbering = _numbering(tmp_path, amounts=False)
    seen = []

    def render() -> bytes:
        seen.extend((e.number, e.amount, e.status, e.note) for e in read_log(numbering.log))
        return b"docx"

    out = tmp_path / "out"
    result = run_batch(
        out, 1, _jobs(out, [render]), numbering=numbering, expected=[], manifest_stem="清单"
    )
    assert seen == [(NO.format(1), None, "作废", RESERVED_NOTE)]
    assert result.written[0].pdf == "" and result.problems == []
    assert [(e.number, e.amount, e.status) for e in read_log(numbering.log)] == [
        (NO.format(1), None, "已发")
    ]
    with pytest.raises(OutputExists):
        run_batch(
            out, 1, _jobs(out, [render]), numbering=numbering,
            expected=[out / "KH01.docx"], manifest_stem="清单",
        )  # fmt: skip


def test_an_interrupted_batch_stops_voids_the_rest_and_is_raised_again(tmp_path):
    numbering = _numbering(tmp_path)

    def interrupted() -> bytes:
        raise KeyboardInterrupt

    out = tmp_path / "out"
    renders = [lambda: b"docx", interrupted, lambda: b"docx"]
    with pytest.raises(KeyboardInterrupt):
        run_batch(out, 3, _jobs(out, renders), numbering=numbering, expected=[],
                  manifest_stem="清单")  # fmt: skip
    assert [(e.number, e.amount, e.status, e.note) for e in read_log(numbering.log)] == [
        (NO.format(1), Decimal("50000.00"), "已发", ""),
        (NO.format(2), Decimal("50000.00"), "作废", "生成失败 failed: 已中断 interrupted"),
        (NO.format(3), Decimal("50000.00"), "作废",
         "生成失败 failed: 未生成 not written: 已中断 interrupted"),
    ]  # fmt: skip
    assert not (out / "KH03.docx").exists()


def test_an_interrupt_between_documents_still_settles_the_log(tmp_path):
    numbering = _numbering(tmp_path)

    def progress(done, total, who):
        if done == 1:
            raise KeyboardInterrupt

    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_batch(out, 2, _jobs(out, [lambda: b"a", lambda: b"b"]), numbering=numbering,
                  expected=[], manifest_stem="清单", progress=progress)  # fmt: skip
    assert [(e.status, e.note) for e in read_log(numbering.log)] == [
        ("已发", ""),
        ("作废", "未生成 not written: 运行中断 the run stopped before it"),
    ]


def test_a_log_that_cannot_be_updated_lists_the_numbers_to_void_by_hand(tmp_path, monkeypatch):
    numbering = _numbering(tmp_path)
    real_log_letters = batch_module.log_letters
    calls = []

    def log_letters(path, entries):
        calls.append(len(entries))
        if len(calls) > 1:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_log_letters(path, entries)

    def broken() -> bytes:
        raise ValueError("模板错误")

    monkeypatch.setattr(batch_module, "log_letters", log_letters)
    out = tmp_path / "out"
    renders = [broken, lambda: b"docx", broken]
    result = run_batch(out, 3, _jobs(out, renders), numbering=numbering, expected=[],
                       manifest_stem="清单")  # fmt: skip
    assert result.voided == [NO.format(1), NO.format(3)]
    assert result.problems == [
        f"发文登记簿未能更新 could not update the letter log {numbering.log} "
        f"(Read-only file system); 作废编号 void numbers {NO.format(1)}, {NO.format(3)} "
        "请手工登记 record them by hand"
    ]


def test_a_draft_over_a_sent_letter_leaves_it_sent_and_logs_the_draft_void(real, tmp_path):
    """A 样稿 says nothing about the letter it overwrote: that one went out and stays 已发."""
    write_letters([_demand()], tmp_path, as_of=AS_OF, settings=real)  # 0001, sent
    draft = Settings(counter_file=real.counter_file)
    assert draft.is_draft and draft.log_path == real.log_path
    write_letters([_demand()], tmp_path, as_of=AS_OF, settings=draft, force=True)
    log = [(e.status, e.note) for e in read_log(real.log_path)]
    assert log == [("已发", ""), ("作废", DRAFT_NOTE)]


def test_a_batch_first_settles_what_an_interrupted_run_left_and_says_so(tmp_path):
    numbering = _numbering(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    finished = out / "KH01.docx"
    finished.write_bytes(letter_docx(NO.format(1)))
    reserved = [
        LogEntry(
            NO.format(n), AS_OF, f"KH0{n}", "甲", "催款函", "催款", None, str(out / f"KH0{n}.docx")
        )
        for n in (1, 2)
    ]  # a run killed after its first letter
    log_letters(numbering.log, reserved)
    numbering.counter.write_text('{"last": {"2026": 2}}', encoding="utf-8")
    result = run_batch(out, 1, _jobs(out, [lambda: b"docx"]), numbering=numbering, expected=[],
                       manifest_stem="清单", force=True)  # fmt: skip
    assert result.notices == [
        "发现上次中断的批次 an interrupted run was found：1 份已生成（未确认寄出）generated, "
        "not confirmed sent，1 个编号作废 numbers void；已记入发文登记簿 recorded in the letter log"
    ]
    assert result.written[0].number == NO.format(3)
    assert [(e.number, e.status) for e in read_log(numbering.log)] == [
        (NO.format(1), "作废"),
        (NO.format(2), "作废"),
        (NO.format(3), "已发"),
    ]  # fmt: skip  (0001 was generated, then this run's KH01.docx replaced it)
    assert read_log(numbering.log)[0].note == f"文件已被 {NO.format(3)} 覆盖，未寄出"


def test_a_refused_batch_still_settles_the_interrupted_run_and_says_so_first(tmp_path):
    numbering = _numbering(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "KH01.docx").write_bytes(letter_docx(NO.format(1)))
    entry = LogEntry(
        NO.format(1), AS_OF, "KH01", "甲", "催款函", "催款", None, str(out / "KH01.docx")
    )
    log_letters(numbering.log, [entry])
    with pytest.raises(OutputExists) as error:
        run_batch(out, 1, _jobs(out, [lambda: b"docx"]), numbering=numbering,
                  expected=[out / "KH01.docx"], manifest_stem="清单")  # fmt: skip
    assert str(error.value) == (
        "发现上次中断的批次 an interrupted run was found：1 份已生成（未确认寄出）generated, "
        "not confirmed sent，0 个编号作废 numbers void；已记入发文登记簿 recorded in the "
        f"letter log\n文件已存在 files already exist: {out / 'KH01.docx'}; use --force to overwrite"
    )
    assert read_log(numbering.log)[0].status == "已生成（未确认寄出）"


def test_a_counter_behind_the_log_is_repaired_and_said_in_the_result(tmp_path):
    numbering = _numbering(tmp_path)
    log_letters(numbering.log, [
        LogEntry(NO.format(4), AS_OF, "KH04", "甲", "催款函", "催款", None, "", "已发", "")
    ])  # fmt: skip
    out = tmp_path / "out"
    result = run_batch(out, 1, _jobs(out, [lambda: b"docx"]), numbering=numbering, expected=[],
                       manifest_stem="清单")  # fmt: skip
    assert result.written[0].number == NO.format(5)
    assert result.notices == [
        f"{numbering.counter}: 函件编号计数器落后于发文登记簿 the counter is behind the letter log "
        "(2026 年计数器 counter 无 none，登记簿已用到 log has 4); 已修正，从 5 续编 repaired, "
        "continuing from 5"
    ]
