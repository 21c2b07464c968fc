"""The ledger and register a command works from, read together with the user's options.

``read_books`` reads the register first (its 信用期限 and 信用等级 give a running statement's
due dates), then the ledger in whichever form it is, and returns both with the notes a
command prints: the sheet and form read, the rows skipped, the key used, each customer's
term and prepayment, and warnings such as an invalid 统一社会信用代码. A register workbook
is opened once (size and zip-bomb checked once): ``Books.register_groups`` reads its 集团
sheet from the same opened workbook for the commands that need the groups.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from creditbook.core.errors import InvalidValue
from creditbook.core.exposure import Group
from creditbook.core.policy import Policy, resolve_policy
from creditbook.inputlimits import check_package
from creditbook.inputs.customer_join import join_by_name, register_names
from creditbook.inputs.groups import groups_in
from creditbook.inputs.identifiers import name_key
from creditbook.inputs.notes import Note, notes_of
from creditbook.inputs.options import ReadOptions
from creditbook.inputs.problems import ReadError, ReadProblem
from creditbook.inputs.readers import Source, or_raise, read_ledger, read_orders, read_register
from creditbook.inputs.report import ReadingReport, frame_reports, reports_text
from creditbook.inputs.sources import EXCEL_SUFFIXES, Book
from creditbook.inputs.tables import (
    IGNORE,
    LEDGER_ALIASES,
    ORDER_ALIASES,
    REGISTER_ALIASES,
    STATEMENT_ALIASES,
    lookup_table,
)
from creditbook.inputs.vocabulary import label, normalise_header


@dataclass(frozen=True)
class Books:
    """The ledger (canonical columns, fen), the register if given, and what to tell the user:
    the reader's notes and the reading report of each file (``inputs.report``)."""

    ledger: pd.DataFrame
    register: pd.DataFrame | None
    notes: tuple[Note, ...]
    reports: tuple[ReadingReport, ...] = ()
    register_book: Book | None = field(default=None, repr=False, compare=False)

    def register_groups(self) -> tuple[list[Group], list[ReadProblem]]:
        """The register workbook's 集团 sheet → (groups, problems), read from the workbook
        the register was read from (not opened again); none for a CSV or a frame."""
        return groups_in(self.register_book) if self.register_book is not None else ([], [])

    def report_text(self) -> str:
        """Every reading report, as written beside an output (读取报告.txt), then the
        readers' notes the reports do not already say (statement blocks, periods, joins)."""
        return reports_text(self.reports, self.notes)


def parse_columns(text: str | None) -> dict[str, str]:
    """'往来单位=客户名称, 本币金额=金额' → {'往来单位': '客户名称', '本币金额': '金额'}."""
    mapping: dict[str, str] = {}
    for part in (text or "").replace("，", ",").split(","):
        if not part.strip():
            continue
        written, sign, target = part.partition("=")
        if not sign or not written.strip() or not target.strip():
            raise InvalidValue(
                f'--columns: "{part.strip()}" is not YOUR_HEADER=CANONICAL（格式应为 '
                '"往来单位=客户名称,本币金额=金额"）'
            )
        mapping[written.strip()] = target.strip()
    check_columns(mapping)
    return mapping


def check_columns(mapping: Mapping[str, str]) -> None:
    """Refuse a mapping whose target no table knows, listing the canonical headers."""
    known = {}
    for aliases in (LEDGER_ALIASES, STATEMENT_ALIASES, REGISTER_ALIASES, ORDER_ALIASES):
        known.update(lookup_table(aliases))
    for written, target in mapping.items():
        if target.strip() not in IGNORE and normalise_header(target) not in known:
            canonical = "、".join(
                [label("ledger", f) for f in LEDGER_ALIASES]
                + [label("statement", f) for f in ("debit", "credit", "balance", "direction")]
            )
            raise InvalidValue(
                f'--columns "{written}={target}": {target} is not a column creditbook knows'
                f"（未知的列名）; use one of: {canonical}, or - to keep the column unchecked"
            )


def register_terms(
    register: pd.DataFrame | None, policy: Policy
) -> dict[str, tuple[int, str, str]]:
    """客户编码 and ``name_key(客户名称)`` → (信用期限 days, where it came from, 客户编码): the
    register's own term, else the policy's term for the customer's 信用等级. A statement that
    names its customer only by name so gets the register's 客户编码; a name two register rows
    share gives none (``customer_join`` refuses it)."""
    if register is None:
        return {}
    terms: dict[str, tuple[int, str, str]] = {}
    labels = set(policy.labels)
    shared = {key for key, codes in register_names(register).items() if len(codes) > 1}
    for row in register.to_dict("records"):
        days, grade = row.get("term_days"), str(row.get("grade") or "")
        customer_id = str(row["customer_id"])
        if not pd.isna(days):
            term = (int(days), "客户信用档案 信用期限 register", customer_id)
        elif grade in labels:
            term = (policy.grade(grade).term_days, f"信用政策 {grade} 级 policy grade", customer_id)
        else:
            continue
        terms[customer_id] = term
        key = name_key(str(row["customer_name"]))
        if key not in shared:
            terms.setdefault(key, term)
    return terms


def read_books(
    ledger: Source,
    register: Source | None = None,
    options: ReadOptions | None = None,
    policy: Policy | str | None = None,
) -> Books:
    """Read the ledger (and register); raise ReadError listing the problems of both."""
    options = options or ReadOptions()
    problems: list[ReadProblem] = []
    register_frame = None
    notes: list[Note] = []
    book = _register_book(register, options.password)
    if register is not None:
        register_frame, problems = _register(book or register, options)
        notes += notes_of(register_frame)
    terms = register_terms(register_frame, resolve_policy(policy))
    ledger_frame, more = read_ledger(
        ledger,
        options.sheet,
        columns=options.columns,
        password=options.password,
        form=options.form,
        terms=terms,
        default_term=options.term_days,
        period_start=options.period_start,
        as_of=options.as_of,
    )
    ledger_notes = notes_of(ledger_frame)
    ledger_frame, joined, unjoined = join_by_name(ledger_frame, register_frame, source_name(ledger))
    problems = [*more, *unjoined, *problems]
    if problems:
        raise ReadError(problems)
    ledger_frame.attrs["notes"] = [*ledger_notes, *joined]
    notes = [*notes_of(ledger_frame), *notes]
    reports = frame_reports(ledger_frame, register_frame)
    return Books(ledger_frame, register_frame, tuple(notes), reports, book)


def _register_book(register: Source | None, password: str | None) -> Book | None:
    """The register workbook, opened once after the size and zip-bomb check, for its rows
    and its 集团 sheet; None for a CSV, a frame or a file that is not there (the reader
    then says what is wrong with it)."""
    if not isinstance(register, str | Path):
        return None
    path = Path(register)
    if path.suffix.lower() not in EXCEL_SUFFIXES or not path.exists():
        return None
    check_package(path)
    return Book(path, password)


def source_name(source: Source) -> str:
    """The file name a problem about ``source`` names (a frame has none)."""
    if isinstance(source, str | Path):
        return Path(source).name
    return getattr(source, "file", None) or "台账 ledger"


def _register(register: Source, options: ReadOptions) -> tuple[pd.DataFrame, list[ReadProblem]]:
    if isinstance(register, pd.DataFrame) and "customer_id" in register and "term_days" in register:
        return register, []  # already read
    return read_register(register, columns=options.columns, password=options.password)


def read_open_orders(
    source: str | Path | pd.DataFrame,
    options: ReadOptions | None = None,
    reports: list[ReadingReport] | None = None,
) -> dict[str, Decimal]:
    """Open orders per customer; raise ReadError listing every problem. ``reports``, when
    given, receives the reading report of the sheet read."""
    options = options or ReadOptions()
    return or_raise(
        read_orders(source, columns=options.columns, password=options.password, reports=reports)
    )
