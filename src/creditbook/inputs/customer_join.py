"""A ledger keyed by 客户名称 joined to the credit register's 客户编码.

A hand-kept ledger or a statement without 客户编码 names each customer; the register keys
them by code. Unjoined, the letter has no address, the 信用调整通知书 says 未核定 and
``monitor`` lists the customer twice (once by name, once by code). Names are compared by
``identifiers.name_key`` (full/half width, spaces, ``(有限公司)``), the one comparison of
names. A ledger name that matches one register row takes its code; one that matches several
is refused (which one is meant cannot be guessed); one that matches none is said.
"""

from __future__ import annotations

import pandas as pd

from creditbook.inputs.identifiers import name_key
from creditbook.inputs.notes import Note, NoteLevel, warning
from creditbook.inputs.problems import ProblemKind, ReadProblem


def register_names(register: pd.DataFrame) -> dict[str, list[str]]:
    """name_key(客户名称) → the 客户编码 of every register row with that name."""
    found: dict[str, list[str]] = {}
    for code, name in zip(register["customer_id"], register["customer_name"], strict=True):
        if isinstance(name, str) and name:
            codes = found.setdefault(name_key(name), [])
            if str(code) not in codes:
                codes.append(str(code))
    return found


def join_by_name(
    ledger: pd.DataFrame, register: pd.DataFrame | None, where: str
) -> tuple[pd.DataFrame, list[Note], list[ReadProblem]]:
    """The ledger with each name-keyed customer (客户编码 = 客户名称, not a register code)
    given the register's code, and the spellings of one name that match no register row made
    one customer (the first spelling); the notes saying each join, each merge and each name
    not in the register; a problem for each name several register rows share. ``where``
    names the ledger file. Without a register, only the spellings are made one."""
    if ledger.empty:
        return ledger, [], []
    usable = register is not None and "customer_name" in register
    codes: set[str] = set()
    names: dict[str, list[str]] = {}
    if register is not None and usable:
        codes = set(register["customer_id"].astype(str))
        names = register_names(register)
    pairs = ledger[["customer_id", "customer_name"]].drop_duplicates()
    groups: dict[str, list[str]] = {}
    for customer_id, name in pairs.itertuples(index=False):
        if customer_id in codes or customer_id != name:
            continue
        spellings = groups.setdefault(name_key(str(name)), [])
        if customer_id not in spellings:
            spellings.append(customer_id)
    joined: dict[str, str] = {}
    merged: dict[str, str] = {}
    missing: list[str] = []
    problems: list[ReadProblem] = []
    for key, spellings in groups.items():
        matches = names.get(key, [])
        if len(matches) == 1:
            joined.update(dict.fromkeys(spellings, matches[0]))
            continue
        if matches:
            problems.append(
                ReadProblem(
                    where,
                    None,
                    None,
                    None,
                    None,
                    f"客户名称 {spellings[0]} 在客户信用档案中对应多行 matches several register "
                    f"rows: {'、'.join(matches)}（无法判断是哪一个）; add a 客户编码 column to "
                    "the ledger, or make the register's names unique",
                    ProblemKind.DUPLICATE,
                )
            )
            continue
        if usable:
            missing.append(spellings[0])
        merged.update({spelling: spellings[0] for spelling in spellings[1:]})
    notes: list[Note] = []
    if joined:
        shown = "、".join(f"{name} → {code}" for name, code in list(joined.items())[:5])
        more = "…" if len(joined) > 5 else ""
        notes.append(
            Note(
                NoteLevel.INFO,
                f"按客户名称对应客户信用档案 joined to the register by name: {len(joined)} 个客户"
                f"名称（{shown}{more}）",
            )
        )
    if merged:
        shown = "、".join(f'"{a}" → "{b}"' for a, b in list(merged.items())[:5])
        notes.append(
            Note(
                NoteLevel.INFO,
                f"客户名称写法不同按同一客户计 spellings of one name made one customer: {shown}"
                + ("…" if len(merged) > 5 else ""),
            )
        )
    if missing:
        shown = "、".join(missing[:5]) + ("…" if len(missing) > 5 else "")
        notes.append(
            warning(
                f"客户信用档案中没有这些客户名称 not in the register: {shown}"
                f"（{len(missing)} 个；无地址、额度未核定 no address or limit for them）"
            )
        )
    renamed = {**joined, **merged}
    if renamed:
        ledger = ledger.copy()
        ledger["customer_id"] = ledger["customer_id"].map(lambda c: renamed.get(c, c))
        prepaid = ledger.attrs.get("prepayments")
        if prepaid:  # a statement's 预收 per customer, keyed as the ledger is
            ledger.attrs["prepayments"] = {renamed.get(c, c): v for c, v in prepaid.items()}
    return ledger, notes, problems
