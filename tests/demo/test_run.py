"""`run_demo` takes the sample company from ledger to archive; every file it lists opens."""

from __future__ import annotations

import shutil
from decimal import Decimal

import docx
import pytest
from openpyxl import load_workbook

from creditbook.archive import Archive
from creditbook.core.policy import preset
from creditbook.core.scoring import grade_for
from creditbook.demo import MARKER, prepare_folder, run_demo
from creditbook.files import OutputExists
from creditbook.sample import sample_data


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return run_demo(tmp_path_factory.mktemp("demo") / "creditbook-demo", by="演示")


def _overdue_customers() -> set[str]:
    data = sample_data()
    return {i.customer_id for i in data.invoices if i.open_amount > 0 and i.due_date < data.as_of}


@pytest.mark.slow
def test_every_file_listed_exists_and_opens(demo):
    assert demo.outputs
    for output in demo.outputs:
        path = output.path
        assert path.is_file(), path
        if path.suffix == ".xlsx":
            load_workbook(path, read_only=True).close()
        elif path.suffix == ".docx":
            assert docx.Document(str(path)).paragraphs
        elif path.suffix == ".pdf":
            assert path.read_bytes()[:5] == b"%PDF-"


@pytest.mark.slow
def test_every_customer_is_assessed_and_every_overdue_one_gets_a_letter(demo):
    assert (demo.customers, demo.invoices, demo.company) == (
        30,
        587,
        "苏州鼎润精密传动股份有限公司",
    )
    assert dict(demo.grades) == {"A": 6, "B": 7, "C": 17}
    assert demo.grade_source == "本次评估 assessed, policy abc"
    letters = {o.customer_id for o in demo.outputs if o.kind == "letter"}
    # The contact log holds KH0019's letter (promise to pay on 2026-12-03), raises KH0015,
    # KH0021 and KH0029 from 催款 to 最后催告 for a broken promise, and records KH0026 and
    # KH0028 handed to the legal department: no letter, the legal list only.
    assert letters == _overdue_customers() - {"KH0019", "KH0026", "KH0028"}
    assert dict(demo.stages) == {"付款提醒": 5, "催款": 4, "最后催告": 7}
    assert sum(demo.stages.values()) == len(letters) == 16
    assert demo.conversation == [
        "引用未兑现承诺 KH0015 深圳市联讯精密五金有限公司（承诺 2026-10-22 付 166,941.37），"
        "催款 → 最后催告",
        "暂缓 KH0019 昆山立达塑胶制品有限公司（承诺 2026-12-03 付 138,002.03）",
        "引用未兑现承诺 KH0021 无锡广源物资贸易有限公司（承诺 2026-11-25 付 48,844.11），"
        "催款 → 最后催告",
        "部分暂缓 KH0025 宜兴市金陵环保设备有限公司（承诺 2026-12-04 付 155,433.11），"
        "其余 ¥192,745.45 发函",
        "已移交法务 KH0026 泰州润达化工设备有限公司（2026-10-12），不发函，列入法律程序客户清单",
        "已移交法务 KH0028 盐城东泰机械制造有限公司（2026-10-24），不发函，列入法律程序客户清单",
        "引用未兑现承诺 KH0029 苏州宏泰光电材料有限公司（承诺 2026-10-28 付 44,622.06），"
        "催款 → 最后催告",
    ]
    assert not [note for note in demo.notes if "暂缓" in note]  # said once, in the table


@pytest.mark.slow
def test_the_worklist_and_the_paste_ready_contact_rows_are_written(demo):
    from creditbook.core.worklist import day_worklist
    from creditbook.inputs.contacts import contacts_or_raise
    from creditbook.sample import ledger_frame, register_frame

    data = sample_data()
    path = demo.out / "文档" / "催收工作清单.xlsx"
    assert path in [o.path for o in demo.outputs]
    log = contacts_or_raise(demo.out / "工作簿" / "客户联系与催收记录.xlsx")
    items = day_worklist(
        ledger_frame(data.invoices), register_frame(data.register), log, data.as_of, "abc"
    )
    book = load_workbook(path)
    assert book.sheetnames == sorted({i.collector for i in items})
    listed = [sheet.cell(r, 2).value for sheet in book for r in range(3, sheet.max_row + 1)]
    assert sorted(listed) == sorted(i.customer_id for i in items)
    assert "KH0019" in listed  # its letter is held; its promise falls due on 12-03
    # The aging workbook's 催收工作清单 sheet holds the same list, 经办人 first.
    aging = load_workbook(demo.out / "工作簿" / "应收账款账龄分析.xlsx")["催收工作清单"]
    in_aging = [r for r in aging.iter_rows(min_row=3, values_only=True)]
    in_file = [
        (sheet.title, *r) for sheet in book for r in sheet.iter_rows(min_row=3, values_only=True)
    ]
    assert sorted(in_aging, key=str) == sorted(in_file, key=str)
    assert len(in_aging) == len(items) == 19
    paste = load_workbook(demo.out / "文档" / "催收函" / "联系记录-待粘贴-催收函.xlsx")
    rows = list(paste["联系记录"].iter_rows(min_row=2, values_only=True))
    letters = [o for o in demo.outputs if o.kind == "letter" and o.path.suffix == ".docx"]
    assert [r[1] for r in rows] == [o.customer_id for o in letters]
    assert {(r[3], r[4]) for r in rows} == {("发函", "催收")}


@pytest.mark.slow
def test_the_aging_summary_adds_up_to_the_ledgers_open_amounts(demo):
    data = sample_data()
    open_total = sum((i.open_amount for i in data.invoices), Decimal(0))
    overdue = sum((i.open_amount for i in data.invoices if i.due_date < data.as_of), Decimal(0))
    *buckets, total, overdue_row = demo.aging
    assert total == ("合计 total", open_total) == ("合计 total", Decimal("15340402.56"))
    assert (
        overdue_row == ("其中逾期 overdue", overdue) == ("其中逾期 overdue", Decimal("5970807.54"))
    )
    assert sum(amount for _, amount in buckets) == open_total
    assert [label for label, _ in buckets] == [
        "未到期",
        "1-30天",
        "31-60天",
        "61-90天",
        "91-180天",
        "181-365天",
        "365天以上",
    ]
    assert sum(amount for label, amount in buckets if label != "未到期") == overdue


@pytest.mark.slow
def test_three_customers_get_an_evaluation_workbook_report_and_approval_form(demo):
    evaluated = {cid for cid, *_ in demo.evaluated}
    assert len(evaluated) == 3
    for cid in evaluated:
        kinds = {(o.kind, o.path.suffix) for o in demo.outputs if o.customer_id == cid}
        assert {("evaluation", ".xlsx"), ("evaluation", ".docx"), ("approval", ".docx")} <= kinds
    assert demo.evaluated == [
        ("KH0001", 92.5, "A", Decimal("1240000.00"), 60),
        ("KH0008", 72.0, "B", Decimal("241000.00"), 45),
        ("KH0020", 42.5, "C", Decimal("80000.00"), 30),
    ]
    policy = preset("abc")
    for _cid, score, grade, _limit, term in demo.evaluated:
        assert grade_for(score, policy).grade == grade and policy.grade(grade).term_days == term


@pytest.mark.slow
def test_adjustment_notices_and_the_survey_analysis_are_written(demo):
    notices = [o for o in demo.outputs if o.kind == "adjustment" and o.path.suffix == ".docx"]
    assert notices and all(dict(o.facts)["letter_no"] for o in notices)
    assert any(o.path.name == "顾客满意度调查分析报告.docx" for o in demo.outputs)


@pytest.mark.slow
def test_pdfs_are_made_when_libreoffice_is_installed(demo):
    pdfs = [o for o in demo.outputs if o.kind == "letter" and o.path.suffix == ".pdf"]
    reports = [o for o in demo.outputs if o.kind == "approval" and o.path.suffix == ".pdf"]
    if shutil.which("soffice"):
        held_or_legal = {"KH0019", "KH0026", "KH0028"}
        assert len(pdfs) == len(_overdue_customers() - held_or_legal) and len(reports) == 3
    else:
        assert not pdfs and any("LibreOffice" in note for note in demo.notes)


@pytest.mark.slow
def test_the_archive_holds_evaluations_warnings_and_letters_and_verifies(demo):
    assert demo.archive is not None and demo.archive.ok
    entries = Archive(demo.out / "archive").entries()
    evaluations = [e for e in entries if e.kind == "evaluation" and e.file is None]
    assert len(evaluations) == 30
    assert all(
        {"grade", "limit", "score", "inputs_hash", "policy_version"} <= e.facts.keys()
        for e in evaluations
    )
    letters = [e for e in entries if e.kind == "letter" and e.file.endswith(".docx")]
    assert {e.facts["letter_no"] for e in letters} == {
        dict(o.facts)["letter_no"] for o in demo.outputs if o.kind == "letter"
    }
    assert any(e.kind == "warning" for e in entries)
    approvals = {e.customer_id for e in entries if e.kind == "approval"}
    assert approvals == {cid for cid, *_ in demo.evaluated}
    assert all(e.recorded_by == "演示" for e in entries)


def test_force_never_replaces_a_folder_the_demo_did_not_make(tmp_path):
    (tmp_path / "工作").mkdir()
    (tmp_path / "工作" / "重要.xlsx").write_bytes(b"keep")
    with pytest.raises(OutputExists, match="不是演示目录"):
        prepare_folder(tmp_path / "工作", force=True)
    assert (tmp_path / "工作" / "重要.xlsx").read_bytes() == b"keep"
    demo = prepare_folder(tmp_path / "demo")
    (demo / "old.txt").write_text("x")
    with pytest.raises(OutputExists):
        prepare_folder(demo)
    prepare_folder(demo, force=True)
    assert not (demo / "old.txt").exists() and (demo / MARKER).exists()


@pytest.mark.slow
def test_the_warning_list_names_each_signal(demo):
    assert len(demo.warnings) == 26
    assert (
        "KH0006",
        "上海沪桥机电工程有限公司",
        "[严重] 最长逾期 52 天，超过信用期限 30 天的 100%（30 天）；"
        "[预警] 信用敞口 ¥811,621.18 超过信用额度 ¥164,000.00，超出 ¥647,621.18（使用率 494.9%）",
    ) in (demo.warnings)


@pytest.mark.slow
def test_the_group_over_its_limit_and_the_expired_temporary_limit_are_reported(demo):
    assert demo.groups == [
        (
            "华辰控股集团",
            "成员 KH0001、KH0009、KH0014；集团敞口 1,310,255.05，集团额度 1,200,000.00",
            "[预警] 集团超额：华辰控股集团 集团敞口 ¥1,310,255.05 超过集团额度 ¥1,200,000.00，"
            "超出 ¥110,255.05（使用率 109.2%），各成员均未超出本身额度",
        )
    ]
    members = {"KH0001", "KH0009", "KH0014"}
    assert not [w for w in demo.warnings if w[0] in members]  # each within its own limit
    (kh0002,) = [w for w in demo.warnings if w[0] == "KH0002"]
    assert kh0002[2].endswith(
        "[预警] 临时额度已到期，余额超出信用额度：临时额度 ¥300,000.00 于 2026-11-15 到期，"
        "应收余额 ¥1,177,904.08 超过信用额度 ¥960,000.00，超出 ¥217,904.08"
    )
