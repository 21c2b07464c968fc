"""The pieces every document batch shares: safe file names, refusing to overwrite, a failed
item that does not stop the rest, the manifest's exact bytes (BOM, CRLF, amounts), and the
PDF step, with the converter replaced by a recorder (the real one needs LibreOffice and is
tested in test_pdf)."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal

import pytest
from letter_cases import AS_OF, make_case

from creditbook.documents.batch import (
    BatchResult,
    Written,
    add_pdfs,
    refuse_existing,
    safe_name,
    write_item,
    write_manifest,
)
from creditbook.documents.letters import write_letters
from creditbook.files import OutputExists
from creditbook.office import pdf as pdf_module


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("苏州恒通电子有限公司", "苏州恒通电子有限公司"),
        ('A/B\\C:D*E?F"G<H>I|J', "A_B_C_D_E_F_G_H_I_J"),
        ("KH\x00\x1f01", "KH_01"),
        (" .KH01. ", "KH01"),
        ("...", "_"),
        ("", "_"),
        ("甲" * 70, "甲" * 60),
        ("a//b", "a_b"),
    ],
    ids=["chinese", "reserved", "control", "dots", "only-dots", "empty", "long", "run"],
)
def test_safe_names(text, expected):
    assert safe_name(text) == expected


def test_existing_outputs_are_listed_before_anything_is_written(tmp_path):
    paths = [tmp_path / f"KH{n:02d}_催款函.docx" for n in range(7)]
    for path in paths:
        path.write_bytes(b"old")
    with pytest.raises(OutputExists) as error:
        refuse_existing(paths, force=False)
    shown = ", ".join(str(p) for p in paths[:5])
    assert str(error.value) == (
        f"文件已存在 files already exist: {shown} … (+2); use --force to overwrite"
    )
    with pytest.raises(OutputExists) as error:
        refuse_existing([paths[0], tmp_path / "new.docx"], force=False)
    assert str(error.value) == (
        f"文件已存在 files already exist: {paths[0]}; use --force to overwrite"
    )
    refuse_existing(paths, force=True)
    refuse_existing([tmp_path / "new.docx"], force=False)


def _item(customer_id="KH01", amount=Decimal("10128.27")):
    return Written(
        customer_id, "苏州恒通电子有限公司", "催款", "催款函", amount, "华瑞财函〔2026〕0001号"
    )


def test_a_written_item_records_its_file_hash_and_time(tmp_path):
    item = write_item(_item(), tmp_path / "KH01_催款函.docx", lambda: b"docx bytes", False)
    assert item.file == "KH01_催款函.docx" and item.error == ""
    assert item.sha256 == hashlib.sha256(b"docx bytes").hexdigest()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", item.time)
    assert (tmp_path / "KH01_催款函.docx").read_bytes() == b"docx bytes"


def test_a_failing_item_is_recorded_and_nothing_is_written(tmp_path):
    def broken() -> bytes:
        raise ValueError("模板缺少 {{ amount_owed }}")

    item = write_item(_item(), tmp_path / "KH01_催款函.docx", broken, False)
    assert item.error == "ValueError: 模板缺少 {{ amount_owed }}"
    assert (item.file, item.sha256, item.time) == ("", "", "")
    assert not (tmp_path / "KH01_催款函.docx").exists()
    result = BatchResult(written=[item, _item("KH02")])
    assert [w.customer_id for w in result.failed] == ["KH01"]
    assert [w.customer_id for w in result.ok] == ["KH02"]


def test_the_manifest_bytes(tmp_path):
    done = write_item(_item(), tmp_path / "KH01_催款函.docx", lambda: b"x", False)
    failed = _item("KH02", None)
    failed.error = "ValueError: 坏模板"
    result = BatchResult(written=[done, failed])
    paths = write_manifest(result, tmp_path, "催收函-清单", force=False)
    assert [p.name for p in paths] == ["催收函-清单.csv", "催收函-清单.json"]
    data = (tmp_path / "催收函-清单.csv").read_bytes()
    assert data.startswith(
        "\ufeff客户编码,客户名称,催收阶段,文书,金额,编号,文件,PDF,SHA-256,".encode()
    )
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].endswith(",生成时间,错误")
    assert lines[1].startswith(
        "KH01,苏州恒通电子有限公司,催款,催款函,10128.27,华瑞财函〔2026〕0001号,KH01_催款函.docx,,"
    )
    assert lines[2] == (
        "KH02,苏州恒通电子有限公司,催款,催款函,,华瑞财函〔2026〕0001号,,,,,ValueError: 坏模板"
    )
    assert lines[3] == ""
    rows = json.loads((tmp_path / "催收函-清单.json").read_text(encoding="utf-8"))
    assert [(r["amount"], r["error"]) for r in rows] == [
        ("10128.27", ""),
        ("", "ValueError: 坏模板"),
    ]
    assert rows[0]["sha256"] == hashlib.sha256(b"x").hexdigest()
    with pytest.raises(OutputExists):
        write_manifest(result, tmp_path, "催收函-清单", force=False)


def test_five_existing_outputs_are_all_shown_and_a_sixth_is_counted(tmp_path):
    paths = [tmp_path / f"KH{n:02d}.docx" for n in range(6)]
    for path in paths:
        path.write_bytes(b"old")
    with pytest.raises(OutputExists) as error:
        refuse_existing(paths[:5], force=False)
    assert str(error.value).endswith(f"{paths[4]}; use --force to overwrite")
    with pytest.raises(OutputExists) as error:
        refuse_existing(paths, force=False)
    assert str(error.value).endswith(f"{paths[4]} … (+1); use --force to overwrite")


def test_the_json_manifest_is_readable_chinese_indented_by_two(tmp_path):
    result = BatchResult(written=[_item()])
    write_manifest(result, tmp_path, "清单", force=False)
    text = (tmp_path / "清单.json").read_text(encoding="utf-8")
    assert text.startswith('[\n  {\n    "customer_id": "KH01",\n')
    assert '    "customer_name": "苏州恒通电子有限公司",\n' in text
    assert text.endswith("}\n]\n")


@pytest.fixture
def converter(monkeypatch):
    calls: dict[str, list] = {"convert": [], "merge": []}

    def convert_to_pdf(documents, out_dir=None, *, force=False, workers=None, timeout=600):
        calls["convert"].append(([p.name for p in documents], force))
        return pdf_module.PdfFiles([p.with_suffix(".pdf") for p in documents], "Microsoft Word")

    def merge_pdfs(pdfs, out, force=False):
        calls["merge"].append(([p.name for p in pdfs], out, force))
        return out

    monkeypatch.setattr(pdf_module, "convert_to_pdf", convert_to_pdf)
    monkeypatch.setattr(pdf_module, "merge_pdfs", merge_pdfs)
    return calls


def _written(customer_id, error=""):
    return Written(
        customer_id, "某公司", "催款", "催款函", Decimal("1.00"), "N", file=f"{customer_id}.docx",
        error=error,
    )  # fmt: skip


def test_only_written_documents_are_converted_and_merged(converter, tmp_path):
    result = BatchResult(
        written=[_written("KH01"), _written("KH02", "ValueError: x"), _written("KH03")]
    )
    add_pdfs(result, tmp_path, "合并打印.pdf", force=True)
    assert converter["convert"] == [(["KH01.docx", "KH03.docx"], True)]
    assert [w.pdf for w in result.written] == ["KH01.pdf", "", "KH03.pdf"]
    assert converter["merge"] == [(["KH01.pdf", "KH03.pdf"], tmp_path / "合并打印.pdf", True)]
    assert result.merged == tmp_path / "合并打印.pdf"
    assert result.pdf_made_by == "Microsoft Word"


def test_no_merge_without_a_name_or_without_pdfs(converter, tmp_path):
    result = BatchResult(written=[_written("KH01")])
    add_pdfs(result, tmp_path, None, force=False)
    assert converter["convert"] == [(["KH01.docx"], False)]
    assert converter["merge"] == [] and result.merged is None
    empty = BatchResult(written=[_written("KH02", "ValueError: x")])
    add_pdfs(empty, tmp_path, "合并打印.pdf", force=False)
    assert converter["merge"] == [] and empty.merged is None


def test_letters_with_pdf_and_merge(converter, settings, tmp_path):
    cases = [make_case("C001", "甲公司", 12), make_case("C002", "乙公司", 45)]
    result = write_letters(cases, tmp_path, as_of=AS_OF, settings=settings, pdf=True, merge=True)
    assert converter["convert"] == [(["C001_付款提醒函.docx", "C002_催款函.docx"], False)]
    assert [w.pdf for w in result.written] == ["C001_付款提醒函.pdf", "C002_催款函.pdf"]
    assert converter["merge"][0][1] == tmp_path / "催收函-合并打印.pdf"
    assert result.merged == tmp_path / "催收函-合并打印.pdf"


def test_letters_with_pdf_but_no_merge_make_no_print_file(converter, settings, tmp_path):
    write_letters(
        [make_case("C001", "甲公司", 12)], tmp_path, as_of=AS_OF, settings=settings, pdf=True
    )
    assert converter["merge"] == []
    assert len(converter["convert"]) == 1


def test_an_existing_pdf_or_print_file_stops_the_batch_first(converter, settings, tmp_path):
    case = make_case("C001", "甲公司", 12)
    (tmp_path / "催收函-合并打印.pdf").write_bytes(b"%PDF old")
    with pytest.raises(OutputExists):
        write_letters([case], tmp_path, as_of=AS_OF, settings=settings, pdf=True, merge=True)
    write_letters([case], tmp_path, as_of=AS_OF, settings=settings, pdf=True)  # no merge: fine
    other = tmp_path / "十二月"  # a folder holding only an old PDF of the letter
    other.mkdir()
    (other / "C002_催款函.pdf").write_bytes(b"%PDF old")
    with pytest.raises(OutputExists):
        write_letters(
            [make_case("C002", "乙公司", 45)], other, as_of=AS_OF, settings=settings, pdf=True
        )
    assert not (other / "C002_催款函.docx").exists()
    assert converter["convert"] == [(["C001_付款提醒函.docx"], False)]
