"""Refusals that lead somewhere: every --columns / --form / --sheet a refusal suggests is typed
back exactly as shown, and that refusal is gone.

The cases are the broken inputs of tests/cli/test_broken_inputs.py and the refused ledgers of
test_refusals.py (and of the amount rules), each aged through the command line. A suggestion
holding a placeholder (你的表头, NAME) is a template for the user's own header, not a command
to type, and is not run; every other one is.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path

import pytest
from erp_exports import AS_OF, D, runner, save
from test_refusals import HEADER, ROW

from creditbook.cli import app


def _broken_inputs():
    path = Path(__file__).parents[1] / "cli" / "test_broken_inputs.py"
    spec = importlib.util.spec_from_file_location("broken_inputs_cases", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.BROKEN


BROKEN = _broken_inputs()
KEY = ["客户编码", "客户名称", "单据号", "单据日期", "到期日"]
KEYS = ["C1", "上海甲商贸有限公司", "N1", D(2026, 9, 1), D(2026, 10, 31)]
REFUSED = {  # test_refusals.py and the amount rules, as sheets of a workbook
    "receipts-unmapped": {"台账": [[*HEADER[:6], "本次核销额"], ROW]},
    "balance-unmapped": {"台账": [[*HEADER, "应收余额"], [*ROW, 1000]]},
    "due-unmapped": {"台账": [[*HEADER[:4], "到期时间", *HEADER[5:]], ROW]},
    "disagreeing-open": {"台账": [[*HEADER, "未收金额"], [*ROW, 900]]},
    "duplicate": {"台账": [HEADER, ROW, ROW]},
    "unknown-row": {"台账": [HEADER, ROW, ["注：以上金额含税"]]},
    "two-sheets": {"2025年": [HEADER, [*ROW[:5], 7000, 7000]], "2026年": [HEADER, ROW]},
    "missing-amount": {"台账": [[*HEADER[:5], "发生额"], ROW[:6]]},
    "no-header": {"台账": [["甲", "乙"], [1, 2]]},
    "open-blank": {"台账": [[*HEADER[:6], "未收金额"], [*ROW[:6], None]]},
    "amount-and-tax": {"台账": [[*KEY, "金额", "税额"], [*KEYS, 1130, 130]]},
    "two-amounts": {"台账": [[*KEY, "金额", "应收金额"], [*KEYS, 1130, 1130]]},
    "two-totals": {"台账": [[*KEY, "价税合计", "本位币价税合计"], [*KEYS, 1130, 1130]]},
    "two-received": {"台账": [[*KEY, "金额", "已收金额", "回款金额"], [*KEYS, 1130, 100, 100]]},
    "two-open": {"台账": [[*KEY, "金额", "未收金额", "余额"], [*KEYS, 1130, 100, 100]]},
}
_SUGGESTION = re.compile(r'--(?:columns|form|sheet) (?:"[^"]*"|[^\s（,;]+)')
_TEMPLATES = ("你的表头", "NAME", "YOUR_HEADER")


def _age(path: Path, *options: str) -> str:
    result = runner.invoke(
        app, ["aging", str(path), "--as-of", AS_OF, *options], env={"COLUMNS": "400"}
    )
    return result.output


def _refusals(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if _SUGGESTION.search(line)]


def _cases(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, (suffix, make) in BROKEN.items():
        paths[name] = tmp_path / f"{name}{suffix}"
        make(paths[name])
    for name, sheets in REFUSED.items():
        paths[name] = save(tmp_path / f"{name}.xlsx", sheets)
    return paths


def test_every_suggested_option_works_when_typed_as_shown(tmp_path):
    tried: dict[str, list[str]] = {}
    templates: dict[str, list[str]] = {}
    for name, path in _cases(tmp_path).items():
        output = _age(path)
        for line in _refusals(output):
            for suggestion in _SUGGESTION.findall(line):
                if any(t in suggestion for t in _TEMPLATES):
                    templates.setdefault(name, []).append(suggestion)
                    continue
                again = _age(path, *shlex.split(suggestion))
                assert line not in again, f"{name}: {suggestion} still gives\n{line}\n{again}"
                tried.setdefault(name, []).append(suggestion)
    assert tried == {
        "receipts-unmapped": ['--columns "本次核销额=已收金额"'],
        "balance-unmapped": ['--columns "应收余额=未收金额"'],
        "due-unmapped": ['--columns "到期时间=到期日"'],
        "two-sheets": ['--sheet "2026年"'],
        "amount-and-tax": ['--columns "税额=-"'],
        "two-amounts": ['--columns "应收金额=-"'],
        "two-totals": ['--columns "本位币价税合计=-"'],
        "two-received": ['--columns "回款金额=-"'],
        "two-open": ['--columns "余额=-"'],
    }
    assert templates == {
        "no-table": ['--columns "你的表头=客户编码,…"'],
        "empty-csv": ['--columns "你的表头=客户编码,…"'],
        "nul-csv": [
            '--columns "你的表头=单据号"',
            '--columns "你的表头=单据日期"',
            '--columns "你的表头=到期日"',
        ],
        "due-unmapped": ['--columns "你的表头=到期日"'],
        "two-sheets": ["--sheet NAME"],
        "missing-amount": ['--columns "你的表头=金额"'],
        "no-header": ['--columns "你的表头=客户编码,…"'],
    }


@pytest.mark.parametrize(
    ("name", "fix", "total"),
    [
        ("amount-and-tax", ["--columns", "税额=-"], "1130.00"),
        ("two-amounts", ["--columns", "应收金额=-"], "1130.00"),
        ("receipts-unmapped", ["--columns", "本次核销额=已收金额"], "1000.00"),
    ],
)
def test_a_fixed_ledger_ages(name, fix, total, tmp_path):
    path = save(tmp_path / f"{name}.xlsx", REFUSED[name])
    out = tmp_path / "账龄.csv"
    result = runner.invoke(
        app, ["aging", str(path), "--as-of", AS_OF, "--out", str(out), *fix], env={"COLUMNS": "400"}
    )
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8-sig").splitlines()[1].split(",")[-3] == total
