"""Which column is the amount, the received and the open balance, as an accountant decides.

A header row may name several columns that could each be one money field: 金额 | 税额 |
价税合计 on a VAT invoice ledger, 原币 and 本位币 columns, two received columns. The rules
(``[amount_choice]`` in vocabulary.toml), in order:

1. a column the user named in --columns wins;
2. for the amount, the one tax-inclusive column (价税合计, 含税金额) wins over 金额 and the
   pre-tax and tax columns (不含税金额, 税额), which are reported as not used;
3. a pre-tax or tax column is never the amount; with a 税额 column and no tax-inclusive
   one, 金额 may be pre-tax, so the choice is the user's;
4. one candidate left is the field; two or more are a conflict the reader refuses, naming
   the columns and the --columns that settles it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace

from creditbook.inputs.problems import ProblemKind, ReadProblem
from creditbook.inputs.sources import Grid
from creditbook.inputs.tables import Header, column_letter
from creditbook.inputs.vocabulary import amount_choice, normalise_header, units

MONEY_FIELDS = ("amount", "paid_amount", "open_amount")
_UNIT = re.compile(r"^(.*?)[(\[【]\s*(?:单位\s*[:：]\s*)?(千元|万元|元)\s*[)\]】]$")

PRE_TAX = "不含税金额 pre-tax amount"
_PLAIN = normalise_header("金额")
TAX = "税额 tax"


def _kind(text: str) -> str | None:
    """'tax_inclusive', 'pre_tax', 'tax', 'plain' (金额 itself) or None for a header (a unit
    suffix aside)."""
    plain = unicodedata.normalize("NFKC", text).strip()
    found = _UNIT.match(plain)
    keys = {normalise_header(plain), normalise_header(found.group(1)) if found else ""}
    for kind, names in amount_choice().items():
        if keys & names:
            return kind
    return "plain" if _PLAIN in keys else None


def choose_money(header: Header) -> Header:
    """``header`` with each money field's column chosen by the rules above; the columns not
    used go to ``passed_over`` with the reason, undecided ones to ``conflicts``."""
    columns = dict(header.columns)
    passed = dict(header.passed_over)
    conflicts: list[tuple[str, tuple[int, ...]]] = []
    kinds = {col: _kind(text) for col, text in header.labels.items() if text}
    skip = header.ignored | header.mapped
    taxed = [c for c, k in kinds.items() if k in {"pre_tax", "tax"} and c not in skip]
    scales = dict(header.scales)
    for col in taxed:  # no field's header, so its unit (税额（万元）) is read here
        suffix = _UNIT.match(unicodedata.normalize("NFKC", header.labels[col]).strip())
        if suffix:
            scales.setdefault(col, units()[suffix.group(2)])
    for name in MONEY_FIELDS:
        found = [c for c in header.candidates.get(name, ()) if c not in header.ignored]
        if name == "amount":
            found += [c for c in taxed if c not in found]
        if not found:
            continue
        chosen, left = _choose(name, found, kinds, header.mapped)
        for col in left:
            passed.setdefault(col, _reason(kinds.get(col), chosen, header))
        if chosen is not None:
            columns[name] = chosen
            continue
        columns.pop(name, None)
        if not left:
            conflicts.append((name, tuple(found)))
    used = set(columns.values())
    passed = {col: reason for col, reason in passed.items() if reason and col not in used}
    return replace(
        header, columns=columns, passed_over=passed, conflicts=tuple(conflicts), scales=scales
    )


def _choose(
    name: str, found: list[int], kinds: dict[int, str | None], mapped: frozenset[int]
) -> tuple[int | None, list[int]]:
    """(the chosen column or None, the columns passed over)."""
    user = [c for c in found if c in mapped]
    if len(user) == 1:
        return user[0], [c for c in found if c != user[0]]
    if len(user) > 1:
        return None, []
    if name == "amount":
        inclusive = [c for c in found if kinds.get(c) == "tax_inclusive"]
        if len(inclusive) == 1:
            others = [c for c in found if c != inclusive[0]]
            # 金额 beside 价税合计 is the pre-tax part; another receivable column is not
            if all(kinds.get(c) in {"pre_tax", "tax", "plain"} for c in others):
                return inclusive[0], others
            return None, []
        if len(inclusive) > 1:
            return None, []
        if any(kinds.get(c) == "tax" for c in found):
            return None, []  # 金额 beside 税额 may be pre-tax: the user says which
        pre_tax = [c for c in found if kinds.get(c) == "pre_tax"]
        found = [c for c in found if c not in pre_tax]
        if len(found) == 1:
            return found[0], pre_tax  # the pre-tax columns beside it are reported not used
        if not found:
            return None, pre_tax  # never the amount: the column is reported missing
    if len(found) == 1:
        return found[0], []
    return None, []


def _reason(kind: str | None, chosen: int | None, header: Header) -> str:
    if kind == "tax":
        return TAX
    if kind == "pre_tax":
        return PRE_TAX
    if chosen is None:
        return ""
    chosen_label = header.labels[chosen]
    if chosen in header.mapped:
        return f"--columns 选定 chosen: {column_letter(chosen)} {chosen_label}"
    if _kind(chosen_label) == "tax_inclusive":
        return f"{PRE_TAX}（{chosen_label} 是含税金额 is the tax-inclusive amount）"
    return f"已用 {column_letter(chosen)} {chosen_label}"


def conflict_message(name: str, cols: tuple[int, ...], header: Header, label: str) -> str:
    """Why ``cols`` are refused as ``label``, with the --columns that settles it."""
    named = "、".join(f"{column_letter(c)} {header.labels[c]}" for c in cols)
    taxes = [c for c in cols if _kind(header.labels[c]) == "tax"]
    keep = next((c for c in cols if c not in taxes and _kind(header.labels[c]) != "pre_tax"), None)
    if name == "amount" and taxes and keep is not None:
        drop = ",".join(f"{header.labels[c]}=-" for c in cols if c != keep)
        return (
            f"有税额列时 {header.labels[keep]} 可能不含税 with a tax column, "
            f"{header.labels[keep]} may be the pre-tax amount: {named}（无法判断应收金额）; "
            f"应收金额应为价税合计 the receivable is the tax-inclusive amount: 请加一列价税合计 "
            f"add a 价税合计 column, 或 {header.labels[keep]} 已含税时 if it includes tax: "
            f'--columns "{drop}"'
        )
    if name == "amount" and keep is None:
        return (
            f"只有不含税金额和税额 only pre-tax and tax columns: {named}; 应收金额是价税合计 the "
            "receivable is the tax-inclusive amount: 请在台账中加一列价税合计（不含税金额 + 税额）"
            "add a 价税合计 column"
        )
    keep = cols[0] if keep is None else keep
    drop = ",".join(f"{header.labels[c]}=-" for c in cols if c != keep)
    return (
        f"{len(cols)} 列都可能是{label} {len(cols)} columns could be {label}: {named}"
        f'（无法判断用哪一列）; 请指定 choose one, e.g. --columns "{drop}" '
        f"（使用 uses {column_letter(keep)} {header.labels[keep]}）"
    )


def conflict_problems(grid: Grid, header: Header, labels: Mapping[str, str]) -> list[ReadProblem]:
    """One refusal per undecided field, at the header row, naming every column."""
    return [
        ReadProblem(
            grid.file,
            grid.sheet,
            grid.first_row + header.row,
            None,
            labels.get(name, name),
            conflict_message(name, cols, header, labels.get(name, name)),
            ProblemKind.MISSING_COLUMN,
        )
        for name, cols in header.conflicts
    ]
