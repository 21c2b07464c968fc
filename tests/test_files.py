"""Safe output writing: no overwrite without force, nothing half-written, usual permissions."""

import pytest

from creditbook.files import OutputExists, atomic_path, atomic_write_text


def test_existing_output_is_kept_without_force(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(OutputExists, match="--force"):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    atomic_write_text(target, "new", force=True)
    assert target.read_text() == "new"


def test_a_failure_leaves_nothing_behind(tmp_path):
    target = tmp_path / "report.docx"
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_bytes(b"half")
        raise RuntimeError("render failed")
    assert list(tmp_path.iterdir()) == []


def test_output_gets_the_users_usual_permissions(tmp_path, monkeypatch):
    monkeypatch.setattr("creditbook.files._UMASK", 0o027)
    path = atomic_write_text(tmp_path / "letter.txt", "x")
    assert path.stat().st_mode & 0o777 == 0o640


def test_an_output_held_open_by_excel_on_windows_is_named_and_the_old_file_kept(
    tmp_path, monkeypatch
):
    """Windows refuses os.replace onto a file Excel or Word has open (PermissionError)."""
    from creditbook import files
    from creditbook.files import OutputInUse

    target = tmp_path / "账龄-2026-11.xlsx"
    target.write_bytes(b"last month")

    def held_open(source, destination):
        raise PermissionError(13, "Access is denied", str(destination))

    monkeypatch.setattr(files.os, "replace", held_open)
    with pytest.raises(OutputInUse) as raised:
        atomic_write_text(target, "this month", force=True)
    assert str(raised.value) == (
        f"{target}: 文件正被其他程序打开（例如 Excel 或 Word），请关闭后重试 the file is open in "
        "another program (Excel, Word): close it and run again"
    )
    assert target.read_bytes() == b"last month"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["账龄-2026-11.xlsx"]


def test_a_permission_error_without_an_earlier_file_is_not_called_in_use(tmp_path, monkeypatch):
    from creditbook import files

    def denied(source, destination):
        raise PermissionError(13, "Access is denied", str(destination))

    monkeypatch.setattr(files.os, "replace", denied)
    with pytest.raises(PermissionError):
        atomic_write_text(tmp_path / "新文件.csv", "x")
    assert list(tmp_path.iterdir()) == []
