"""Archive folders and filed names are legal on Windows: an id Windows would refuse, or would
put in the same folder as another (case, a trailing dot), gets a folder of its own, the
same in every run; ordinary ids keep ``archive/<客户编码>/``."""

from __future__ import annotations

import hashlib

import pytest

from creditbook.archive import Archive
from creditbook.archive.store import FILE_UNITS


@pytest.fixture
def store(tmp_path):
    return Archive(tmp_path / "archive")


def _doc(tmp_path, name="付款提醒函.docx", data=b"letter"):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def _sha6(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


def test_ids_alike_on_windows_are_filed_in_folders_of_their_own(store, tmp_path):
    bidi = "华东\u202e机电"
    ids = ["KH01", "kh01", "KH01.", "CON", bidi]
    files = [store.file(cid, _doc(tmp_path, data=cid.encode()), "letter").file for cid in ids]
    assert files == [
        "KH01/付款提醒函.docx",
        f"kh01-{_sha6('kh01')}/付款提醒函.docx",
        f"KH01-{_sha6('KH01.')}/付款提醒函.docx",
        f"_CON-{_sha6('CON')}/付款提醒函.docx",
        f"华东_机电-{_sha6(bidi)}/付款提醒函.docx",
    ]
    folders = sorted(p.name for p in store.root.iterdir() if p.is_dir())
    assert len({name.casefold() for name in folders}) == len(ids) == len(folders)
    assert store.verify().ok
    assert [e.customer_id for e in store.entries()] == ids


def test_the_same_customer_is_filed_in_the_same_folder_in_every_run(store, tmp_path):
    first = store.file("kh01", _doc(tmp_path, data=b"one"), "letter")
    again = Archive(store.root).file("kh01", _doc(tmp_path, data=b"two"), "letter")
    folder = f"kh01-{_sha6('kh01')}"
    assert (first.file, again.file) == (f"{folder}/付款提醒函.docx", f"{folder}/付款提醒函-2.docx")
    assert [p.name for p in store.root.iterdir() if p.is_dir()] == [folder]


def test_a_filed_name_is_made_legal_and_kept_short(store, tmp_path):
    device = store.file("KH01", _doc(tmp_path, "aux .docx"), "document")
    long_name = store.file("KH01", _doc(tmp_path, "x" * 250 + ".pdf"), "document")
    assert device.file == "KH01/_aux.docx"
    assert long_name.file == "KH01/" + "x" * 116 + ".pdf"
    assert FILE_UNITS == 120
    assert store.verify().ok


def test_names_that_differ_only_by_case_are_not_filed_over_each_other(store, tmp_path):
    upper = store.file("KH01", _doc(tmp_path, "REPORT.docx", b"upper"), "document")
    (tmp_path / "in" / "REPORT.docx").unlink()
    lower = store.file("KH01", _doc(tmp_path, "report.docx", b"lower"), "document")
    assert (upper.file, lower.file) == ("KH01/REPORT.docx", "KH01/report-2.docx")
    assert (store.root / "KH01" / "REPORT.docx").read_bytes() == b"upper"
    assert store.verify().ok


def test_an_archive_filed_under_the_plain_id_before_still_verifies(store, tmp_path):
    """Entries keep the path they were filed under: an older archive that used ``kh01/``
    verifies, and the customer's new documents go to its Windows-safe folder."""
    old = store.file("KH0001", _doc(tmp_path), "letter")
    (store.root / "kh01").mkdir()
    (store.root / "kh01" / "旧函.docx").write_bytes(b"old")
    assert [p.file for p in store.verify().problems] == ["kh01/旧函.docx"]
    assert old.file == "KH0001/付款提醒函.docx"
