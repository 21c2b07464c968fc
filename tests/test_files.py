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
