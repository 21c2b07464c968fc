"""What a running statement's title lines say: whose account it is and from when.

用友 U8/T+ and 金蝶 print the customer and the period above the header (or above each
customer's block when several customers follow one another on one sheet):

- ``客户：KH101 无锡市恒通机电设备有限公司`` (code and name), ``客户：无锡市恒通…`` (name),
  ``往来单位：…``, ``客户：[KH101]无锡…`` / ``【KH101】…`` / ``(KH101)…``;
- ``期间：2026.06–2026.11``, ``会计期间 2026年1期至2026年11期``, ``2026年1月``,
  ``日期：2026-06-01 至 2026-11-30``.

An undated 期初余额 / 上年结转 is dated at the start of the period (``period_start``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from creditbook.inputs.identifiers import clean_identifier

_CUSTOMER = re.compile(
    r"^\s*(?:客户(?:名称|编码)?|往来单位(?:名称)?|单位名称)\s*[:：]\s*(?P<text>\S.*?)\s*$"
)
# Where a customer's text stops when the same cell goes on with the period or the account.
_CUT = re.compile(r"\s{2,}|\s*(?:会计期间|期间|币种|科目|日期|月份|起止日期)\s*[:：]?\s*\d")
_BRACKETED = re.compile(r"^[\[【(〔]\s*(?P<code>[^\]】)〕]+?)\s*[\]】)〕]\s*(?P<name>\S.*)$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-/]*$")
_PERIOD_WORDS = re.compile(
    r"(?:会计期间|期间|起止日期|日期范围|查询期间|所属期间|(?:^|(?<=\s))日期)\s*[:：]?\s*"
)
_YEAR_MONTH = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*(?:年|[.\-/])\s*(?P<m>\d{1,2})"
    r"(?:\s*(?:月|期)\s*(?:(?P<d1>\d{1,2})\s*日)?|\s*[.\-/]\s*(?P<d2>\d{1,2})(?!\d))?"
)
_LONE_PERIOD = re.compile(
    r"^\s*(?:19|20)\d\d\s*年\s*\d{1,2}\s*(?:月|期)"
    r"(?:\s*(?:[-–—~～至到])\s*(?:(?:19|20)\d\d\s*年\s*)?\d{1,2}\s*(?:月|期))?\s*$"
)
_TITLE_WORDS = re.compile(r"^\s*(?:科目|币种|会计科目|本币|部门|业务员|单位)\s*[:：]")


@dataclass(frozen=True)
class TitleCustomer:
    """The customer a title line names: its 客户编码 when written, and its name."""

    code: str
    name: str

    @property
    def key(self) -> str:
        return self.code or self.name


def title_customer(text: object) -> TitleCustomer | None:
    """``客户：KH101 无锡…`` → (KH101, 无锡…); ``客户：无锡…`` → ('', 无锡…); else None."""
    if not isinstance(text, str):
        return None
    found = _CUSTOMER.match(unicodedata.normalize("NFKC", text))
    if not found:
        return None
    rest = _CUT.split(found.group("text"), maxsplit=1)[0].strip()
    if not rest:
        return None
    bracketed = _BRACKETED.match(rest)
    if bracketed and _CODE.match(bracketed.group("code")):
        return TitleCustomer(
            clean_identifier(bracketed.group("code"), code=True),
            clean_identifier(bracketed.group("name"), code=False),
        )
    first, _, name = rest.partition(" ")
    if name.strip() and _CODE.match(first) and any(c.isdigit() for c in first):
        return TitleCustomer(clean_identifier(first, code=True), clean_identifier(name, code=False))
    return TitleCustomer("", clean_identifier(rest, code=False))


def is_title_line(text: object) -> bool:
    """A line such as 科目：1122 应收账款 or 期间：… printed inside a sheet above a block."""
    if not isinstance(text, str):
        return False
    normal = unicodedata.normalize("NFKC", text)
    return bool(
        _TITLE_WORDS.match(normal)
        or period_start(normal) is not None
        or title_customer(normal) is not None
    )


def period_start(text: object) -> dt.date | None:
    """The first day of the period a title cell states, or None when it states none.

    ``期间：2026.06-2026.11`` → 2026-06-01; ``会计期间 2026年1期至2026年11期`` → 2026-01-01;
    ``2026年1月`` → 2026-01-01; ``日期：2026-06-15 至 2026-11-30`` → 2026-06-15. A date
    in any other sentence (打印日期：2026-12-01) is not a period.
    """
    if not isinstance(text, str):
        return None
    normal = unicodedata.normalize("NFKC", text)
    words = _PERIOD_WORDS.search(normal)
    if words:
        rest = normal[words.end() :]
    elif _LONE_PERIOD.match(normal):
        rest = normal
    else:
        return None
    found = _YEAR_MONTH.match(rest.strip())
    if not found:
        return None
    day = found.group("d1") or found.group("d2") or "1"
    try:
        return dt.date(int(found.group("y")), int(found.group("m")), int(day))
    except ValueError:
        return None
