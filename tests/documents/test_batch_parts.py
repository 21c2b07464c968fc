"""The pieces every document batch shares: safe file names, refusing to overwrite, a failed
item that does not stop the rest, and the manifest's exact bytes (BOM, CRLF, amounts)."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal

import pytest

from creditbook.documents.batch import (
    BatchResult,
    Written,
    refuse_existing,
    safe_name,
    write_item,
    write_manifest,
)
from creditbook.files import OutputExists


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
