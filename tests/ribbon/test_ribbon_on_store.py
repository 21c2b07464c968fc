"""生成文书 with a team's shared store (`store = "postgresql://…"` in creditbook.toml): the
letters and notices are numbered and logged in PostgreSQL, the same documents as with the
files of one PC, and a second PC's click continues the numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from excel_stub import stub_book
from test_ribbon_documents import SETTINGS, _manifest, _out, _texts

from creditbook.documents.numbering import read_log
from creditbook.documents.store.throwaway import missing, required, throwaway_cluster
from creditbook.workbooks.build import new_workbook_file

MISSING = missing()
pytestmark = pytest.mark.skipif(
    MISSING is not None and not required(), reason=f"needs PostgreSQL: {MISSING}"
)


@pytest.fixture(scope="module")
def store_url():
    if MISSING is not None:  # CREDITBOOK_REQUIRE_POSTGRES=1
        pytest.fail(f"CREDITBOOK_REQUIRE_POSTGRES=1 but {MISSING}")
    from creditbook.documents.store.postgres import PostgresStore

    with throwaway_cluster() as cluster:
        url = cluster.new_database()
        PostgresStore(url).init()
        yield url


def _pc(folder: Path, store: str = "") -> Path:
    """A PC's folder: its creditbook.toml (naming the shared store, if any), the month's aging
    workbook with a 合计 row the user added, and the register beside it."""
    folder.mkdir(parents=True)
    # `store` is a top-level key: it goes before the first [table]
    settings = (f'store = "{store}"\n' if store else "") + SETTINGS
    (folder / "creditbook.toml").write_text(settings, encoding="utf-8")
    new_workbook_file("aging", folder / "11月账龄分析.xlsx", sample=True)
    new_workbook_file("register", folder / "客户信用档案.xlsx", sample=True)
    return folder / "11月账龄分析.xlsx"


def test_the_aging_click_numbers_and_logs_on_the_shared_store(
    tmp_path, click, store_url, monkeypatch
):
    from creditbook.documents.store.postgres import PostgresStore

    monkeypatch.delenv("CREDITBOOK_STORE", raising=False)
    alone = _pc(tmp_path / "one PC")
    first = _pc(tmp_path / "PC 1", store_url)
    second = _pc(tmp_path / "PC 2", store_url)
    click(stub_book(alone))
    book = click(stub_book(first))

    assert _texts(_out(first)) == _texts(_out(alone))
    for stem in ("催收函-清单", "信用调整通知书-清单"):
        assert _manifest(_out(first), stem) == _manifest(_out(alone), stem)
    shown = book.app.alerts[0]["prompt"].splitlines()
    assert "催收函 19 份 written" in shown and "信用调整通知书 25 份 written" in shown
    assert (alone.parent / "发文登记簿.csv").is_file()
    assert not (first.parent / "发文登记簿.csv").exists()
    assert not (first.parent / "creditbook-letter-numbers.json").exists()

    store = PostgresStore(store_url)
    numbered = [row["number"] for row in _manifest(_out(first), "催收函-清单")]
    numbered += [row["number"] for row in _manifest(_out(first), "信用调整通知书-清单")]
    logged = {e.number: e.status for e in store.letters.latest()}
    assert sorted(numbered) == sorted(logged) and len(logged) == 44
    # drafts (样稿: the settings lack the bank account) are logged 作废 on either store
    local = {e.number: (e.status, e.note) for e in read_log(alone.parent / "发文登记簿.csv")}
    assert {e.number: (e.status, e.note) for e in store.letters.latest()} == local
    assert set(local.values()) == {("作废", "样稿，不得寄出 draft, not sent")}
    assert store.letters.counters() == {("华瑞财函", 2026): 44}

    click(stub_book(second))  # another PC of the team: its numbers follow the first's
    letters = _manifest(_out(second), "催收函-清单")
    assert (letters[0]["customer_id"], letters[0]["number"]) == ("KH0004", "华瑞财函〔2026〕0045号")
    assert store.letters.counters() == {("华瑞财函", 2026): 88}
    assert store.letters.problems() == []
