"""`workbook new KIND`: build a standard credit workbook, deterministically, to a file."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl.packaging.custom import StringProperty
from openpyxl.workbook import Workbook

from creditbook.core.errors import CreditbookError
from creditbook.core.policy import Policy, resolve_policy
from creditbook.files import atomic_write_bytes
from creditbook.workbooks import _sample, _xlsx
from creditbook.workbooks._sheet import BookContext, new_workbook
from creditbook.workbooks.kinds import KIND_PROPERTY, KINDS

# Fixed document timestamps so that the same inputs give the same file.
STAMP = dt.datetime(2026, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Kind:
    """A standard workbook: its Chinese title, builder and sample-data source."""

    name: str
    title: str
    build: Callable[..., None]
    sample: Callable[..., object]  # evaluation: optionally one sample customer's id
    sample_options: Callable[[], dict[str, object]] = dict  # more sample data for the builder


def _kinds() -> dict[str, Kind]:
    from creditbook.workbooks import aging, contacts, evaluation, register, survey

    return {
        "evaluation": Kind("evaluation", evaluation.TITLE, evaluation.build, _sample.evaluation),
        "register": Kind(
            "register", register.TITLE, register.build, _sample.register, _sample.groups
        ),
        "aging": Kind("aging", aging.TITLE, aging.build, _sample.ledger),
        "contacts": Kind("contacts", contacts.TITLE, contacts.build, _sample.contacts),
        "survey": Kind("survey", survey.TITLE, survey.build, _sample.survey),
    }


class UnknownKind(CreditbookError):
    """The workbook kind is not one of KINDS."""


def kind(name: str) -> Kind:
    try:
        return _kinds()[name.strip().lower()]
    except KeyError:
        raise UnknownKind(
            f"未知的工作簿类型 unknown workbook kind {name!r}; choose one of {', '.join(KINDS)}"
        ) from None


def build_workbook(
    name: str,
    sample: bool = False,
    policy: Policy | str | Path | None = None,
    company: str | None = None,
) -> Workbook:
    """An openpyxl Workbook of kind ``name``; empty input rows, or sample data."""
    spec = kind(name)
    ctx = BookContext(
        company=company or (_sample.company() if sample else "（公司名称）"), title=spec.title
    )
    workbook = new_workbook(ctx)
    options = spec.sample_options() if sample else {}
    spec.build(workbook, ctx, resolve_policy(policy), spec.sample() if sample else None, **options)
    workbook.active = 0
    workbook.properties.created = STAMP
    # types-openpyxl does not declare Workbook.custom_doc_props (openpyxl 3.1 has it).
    props = workbook.custom_doc_props  # type: ignore[attr-defined]
    props.append(StringProperty(name=KIND_PROPERTY, value=spec.name))
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx bytes with fixed timestamps (openpyxl stamps 'modified' with now)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _xlsx.normalise(buffer.getvalue(), STAMP)


def new_workbook_file(
    name: str,
    out: str | Path,
    sample: bool = False,
    policy: Policy | str | Path | None = None,
    force: bool = False,
    company: str | None = None,
) -> Path:
    """Build and write a workbook; never over an existing file unless ``force``."""
    data = workbook_bytes(build_workbook(name, sample, policy, company))
    return atomic_write_bytes(out, data, force)


TEMPLATE_DIR = Path(__file__).resolve().parents[3] / "workbook_templates"


def template_name(name: str) -> str:
    """The file name of a shipped template, e.g. 'evaluation.xlsx'."""
    return f"{kind(name).name}.xlsx"


def write_templates(directory: str | Path = TEMPLATE_DIR, force: bool = False) -> list[Path]:
    """Write the empty template of every kind (default policy) into ``directory``."""
    directory = Path(directory)
    return [new_workbook_file(name, directory / template_name(name), force=force) for name in KINDS]
