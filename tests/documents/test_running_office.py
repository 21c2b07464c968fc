"""LibreOffice kept running for a command: reused by every batch, started again if it dies."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest

from creditbook.documents import samples
from creditbook.documents.render import FastTemplate, template_path
from creditbook.office import libreoffice as office
from creditbook.office.pdf import OfficeMissing, convert_to_pdf, find_soffice


@pytest.fixture
def letters(tmp_path):
    """Four demand letters, one with a hostile customer name."""
    template = FastTemplate(template_path("demand"))
    paths = []
    names = ["苏州恒通电子有限公司", samples.HOSTILE_NAME, "无锡吉祥贸易", "南京长兴"]
    for n, name in enumerate(names):
        path = tmp_path / f"催款函-{n}.docx"
        path.write_bytes(template.render_bytes(samples.letter("demand", name=name)))
        paths.append(path)
    return paths


@pytest.fixture
def pool():
    """The running workers of this test; stopped afterwards so no LibreOffice is left."""
    soffice = find_soffice()
    if office.uno_python(soffice) is None:
        if os.environ.get("CREDITBOOK_REQUIRE_OFFICE") == "1":
            pytest.fail("needs LibreOffice's Python bridge (apt-get install python3-uno)")
        pytest.skip("needs LibreOffice's Python bridge (python3-uno)")
    office.close_pools()
    yield lambda: next(iter(office._POOLS.values()))
    office.close_pools()


def _text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return "".join(out.stdout.split())


@pytest.mark.office
@pytest.mark.slow
def test_batches_reuse_the_running_libreoffice(pool, letters, tmp_path):
    first = convert_to_pdf(letters[:2], tmp_path / "pdf", workers=2)
    workers = pool().workers
    running = [w.office.pid for w in workers]
    second = convert_to_pdf(letters[2:], tmp_path / "pdf", workers=2)
    assert [w.office.pid for w in pool().workers] == running
    assert [w.starts for w in workers] == [1, 1]
    assert [p.name for p in first + second] == [f"催款函-{n}.pdf" for n in range(4)]
    assert "A&B<有限>{{x}}公司" in _text(first[1])
    assert "南京长兴" in _text(second[1])


@pytest.mark.office
@pytest.mark.slow
def test_a_libreoffice_that_died_is_started_again(pool, letters, tmp_path):
    convert_to_pdf(letters[:1], tmp_path / "a", workers=1)
    (worker,) = pool().workers
    os.killpg(worker.office.pid, signal.SIGKILL)  # the launcher and soffice.bin
    worker.office.wait()
    (again,) = convert_to_pdf(letters[1:2], tmp_path / "b", workers=1)
    assert worker.starts == 2 and worker.alive
    assert "A&B<有限>{{x}}公司" in _text(again)


@pytest.mark.office
@pytest.mark.slow
def test_without_the_python_bridge_each_batch_starts_libreoffice(letters, tmp_path, monkeypatch):
    office.close_pools()
    monkeypatch.setattr(office, "uno_python", lambda soffice: None)
    (pdf,) = convert_to_pdf(letters[:1], tmp_path)
    assert "苏州恒通电子有限公司" in _text(pdf) and office._POOLS == {}
    with pytest.raises(OfficeMissing, match="python3-uno"):
        convert_to_pdf(letters[1:2], tmp_path, persistent=True)
    assert not (tmp_path / "催款函-1.pdf").exists()
