"""Company settings (creditbook.toml): letterhead, bank details, letter numbering and wording."""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from creditbook.core.errors import CreditbookError
from creditbook.files import atomic_write_text

SETTINGS_FILE = "creditbook.toml"
COUNTER_FILE = "creditbook-letter-numbers.json"
LOG_FILE = "发文登记簿.csv"
PLAIN_PREFIX = "财函"  # a real company's prefix when it names none (not the example's)


STORE_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def check_store_url(url: str) -> str:
    """A shared-store URL fit for creditbook.toml: PostgreSQL, and no password in it."""
    from urllib.parse import urlsplit

    url = url.strip()
    if not url:
        return url
    parts = urlsplit(url)
    if parts.scheme not in STORE_SCHEMES:
        raise ValueError(
            "store: 只支持 PostgreSQL 地址 only postgresql://… URLs are supported, "
            f"not {parts.scheme!r}"
        )
    if parts.password is not None or "password=" in parts.query.lower():
        raise ValueError(
            "store: 设置文件中不能写密码 no password in creditbook.toml — 请删去地址中的密码，"
            "改用 pgpass 文件（Windows: %APPDATA%\\postgresql\\pgpass.conf）或环境变量 "
            "PGPASSWORD use libpq's pgpass file or PGPASSWORD"
        )
    return url


class SettingsError(CreditbookError):
    """creditbook.toml is missing a value or holds a wrong one."""


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CompanySettings(_Section):
    """本公司信息: printed on every document's letterhead and signature block."""

    name: str = "上海华瑞精密机械有限公司"
    address: str = "上海市闵行区申富路 618 号"
    postcode: str = "201108"
    phone: str = "021-6488 2350"
    contact: str = "王丽华（应收账款管理）"
    contact_phone: str = "021-6488 2356"
    email: str = "ar@huarui-precision.com.cn"
    bank_name: str = "中国工商银行上海闵行支行"
    bank_account: str = "1001 2345 0900 6789 012"
    account_name: str = ""  # 收款户名; empty = company name
    legal_department: str = "法务部"

    @property
    def payee(self) -> str:
        return self.account_name or self.name


class LetterSettings(_Section):
    """函件: numbering, deadlines, the contract wording and late-payment interest.

    Interest: ``interest_clause`` says whether the sales contract has a late-payment clause.
    Without one the letters rest on the statute (LPR plus ``interest_lpr_markup``, 30%–50%);
    with one on the contract: its daily rate (``interest_daily_rate``) or its LPR uplift.
    ``interest_text``, when set, replaces the generated sentence word for word.
    """

    number_prefix: str = "华瑞财函"
    payment_deadline_days: int = Field(default=10, ge=1, le=90)
    objection_days: int = Field(default=7, ge=1, le=60)
    contract_text: str = "根据双方签订的购销合同及对账记录，贵司应按约定的信用期限及时支付货款。"
    interest_clause: bool = False
    interest_daily_rate: Decimal | None = Field(default=None, gt=0, lt=1)
    interest_lpr_markup: Decimal = Field(default=Decimal("0.5"), ge=0, le=3)
    interest_day_basis: int = Field(default=365, ge=360, le=366)
    interest_text: str = ""
    lpr_file: str = ""  # your one-year LPR table (CSV); empty = the shipped one
    legal_text: str = (
        "如贵司逾期仍未付清全部欠款，我司将不再另行通知，依法向有管辖权的人民法院提起诉讼"
        "或申请仲裁，由此产生的诉讼费、律师费、保全费等一切费用及逾期利息均由贵司承担。"
    )

    @model_validator(mode="after")
    def _statutory_uplift(self) -> LetterSettings:
        if not self.interest_clause and not (
            Decimal("0.3") <= self.interest_lpr_markup <= Decimal("0.5")
        ):
            raise ValueError(
                "interest_lpr_markup: 合同无逾期付款条款时只能加计 30%–50% (0.3–0.5) "
                "without a contract clause the statutory uplift is 0.3–0.5"
            )
        if self.interest_daily_rate is not None and not self.interest_clause:
            raise ValueError(
                "interest_daily_rate: 日利率须有合同约定，请同时设置 interest_clause = true "
                "a daily rate needs a contract clause"
            )
        return self


EXAMPLE_COMPANY = CompanySettings()
# Printed on letters; the example's would send the customer to someone else's phone.
CONTACT_FIELDS = {
    "address": "地址",
    "phone": "电话",
    "contact": "联系人",
    "contact_phone": "联系电话",
    "email": "邮箱",
}


class LedgerSettings(_Section):
    """[ledger]: how this company's ledger exports are read, set once instead of per command.

    ``columns`` maps your headers to creditbook's (往来单位 = "客户名称"); ``term_days`` is
    the credit term for running-statement customers the register does not cover.
    """

    columns: dict[str, str] = Field(default_factory=dict)
    sheet: str | None = None
    form: Literal["invoice", "statement"] | None = None
    term_days: int | None = Field(default=None, ge=0, le=3650)


class Settings(_Section):
    """Everything documents need about the issuing company; defaults are a sample company."""

    company: CompanySettings = CompanySettings()
    letters: LetterSettings = LetterSettings()
    ledger: LedgerSettings = LedgerSettings()
    policy: str = "abc"  # preset name (abc/abcd/aaa) or a policy TOML path
    counter_file: str = COUNTER_FILE  # letter-number counter, relative to this file's folder
    store: str = ""  # "postgresql://…": the team's shared store; empty = files beside this one
    source: Path | None = Field(default=None, exclude=True)

    @field_validator("store")
    @classmethod
    def _no_password(cls, url: str) -> str:
        return check_store_url(url)

    @property
    def counter_path(self) -> Path:
        return self._beside(self.counter_file)

    @property
    def log_path(self) -> Path:
        """The letter log (发文登记簿), beside the counter."""
        counter = self.counter_path
        return counter.with_name(LOG_FILE)

    @property
    def lpr_path(self) -> Path | None:
        return self._beside(self.letters.lpr_file) if self.letters.lpr_file else None

    def _beside(self, name: str) -> Path:
        path = Path(name)
        if path.is_absolute():
            return path
        base = self.source.parent if self.source else Path.cwd()
        return base / path

    @property
    def draft_reasons(self) -> tuple[str, ...]:
        """Why documents from these settings are only drafts (样稿): the sender's name or
        bank account is missing or still the shipped example. Empty when they may go out."""
        company, example = self.company, EXAMPLE_COMPANY
        found = []
        if not company.name.strip():
            found.append("公司名称为空 company name missing")
        elif company.name.strip() == example.name:
            found.append(f"公司名称仍是示例「{example.name}」 example company name")
        if not company.bank_account.strip() or not company.bank_name.strip():
            found.append("开户银行或银行账号为空 bank or account missing")
        elif company.bank_account.strip() == example.bank_account:
            found.append(f"银行账号仍是示例「{example.bank_account}」 example bank account")
        contacts = [
            label
            for key, label in CONTACT_FIELDS.items()
            if getattr(company, key).strip() and getattr(company, key) == getattr(example, key)
        ]
        if contacts and company.name.strip() != example.name:
            found.append(f"{'、'.join(contacts)}仍是示例 example contact details")
        return tuple(found)

    @property
    def is_draft(self) -> bool:
        return bool(self.draft_reasons)


def draft_warning(settings: Settings) -> str:
    """The warning a command prints when its documents are drafts ('' when they are not)."""
    if not settings.is_draft:
        return ""
    where = settings.source or f"{SETTINGS_FILE}（未找到 not found）"
    return (
        f"样稿 DRAFT: 文书标有「样稿」，不得寄出 — {'；'.join(settings.draft_reasons)}。"
        f"请在 {where} 中填写本公司名称和收款账户，或运行 `creditbook init` "
        "fill in your company and bank account in creditbook.toml or run `creditbook init`."
    )


INIT_TEXT = """\
# creditbook 设置文件 company settings — read by every command from the current folder
# (or pass --config FILE). Edit the values; keep the quotes. Lines starting with # are comments.
# While name or bank_account below are empty or still the example (or the contact details
# are the example's), letters and notices are printed as 样稿 (drafts, not for sending).
# An empty contact, phone or email is simply left off the letters.

policy = "abc"            # 信用政策: 预设 abc / abcd / aaa, or the path of a policy TOML file
counter_file = "{counter}"  # 函件编号计数器 counter (never delete); 发文登记簿 beside it

[company]                 # 本公司信息, printed on the letterhead and signature block
name = {name}
address = {address}
postcode = {postcode}
phone = {phone}
contact = {contact}             # 联系人 shown on letters
contact_phone = {contact_phone}
email = {email}
bank_name = {bank_name}          # 开户银行
bank_account = {bank_account}    # 银行账号
account_name = ""                    # 收款户名; empty = company name
legal_department = {legal_department}  # receives the 法律程序 list

[letters]                 # 催收函件
number_prefix = {prefix}   # 函件编号 = prefix〔year〕sequence号, never reused
payment_deadline_days = {payment_deadline_days}     # 付款期限: days after the letter date
objection_days = {objection_days}             # 异议期: days to object to the amounts
# 合同条款 contract wording
contract_text = {contract_text}
# 逾期付款损失 late-payment interest. Does the sales contract have a late-payment clause?
#   false: the letters cite the statute (一年期 LPR 加计 30%–50%, interest_lpr_markup 0.3–0.5)
#   true:  the letters cite the contract; set interest_daily_rate (0.0005 = 每日万分之五)
#          or interest_lpr_markup to the contract's figure
interest_clause = false
# interest_daily_rate = 0.0005
interest_lpr_markup = 0.5
interest_day_basis = 365          # 计息天数 days per year for the LPR
# lpr_file = "lpr.csv"            # 你的一年期 LPR 表 your LPR table; empty = the shipped one
# interest_text = ""              # your own interest sentence (replaces the generated one)
# 法律程序 wording on the final notice
legal_text = {legal_text}

[ledger]                  # 台账读取 how your ledger exports are read (see docs/ledgers.md)
# sheet = "应收账款明细表"   # 工作表 the sheet to read (name or number)
# form = "statement"        # statement = 往来明细账 (借方/贷方/余额), invoice = 单据明细
# term_days = 60            # 往来明细账: term for customers without one in the register

[ledger.columns]          # 表头映射 your header = creditbook's header
# "往来单位" = "客户名称"
# "本币金额" = "金额"
"""


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    return json.dumps(text, ensure_ascii=False)


def init_text(
    name: str | None = None,
    address: str | None = None,
    bank_name: str | None = None,
    bank_account: str | None = None,
    prefix: str | None = None,
) -> str:
    """The commented creditbook.toml written by `creditbook init`; values not given are the
    example company's (and leave the settings a draft)."""
    default = Settings()
    company = default.company.model_dump()
    letters = default.letters
    real = bool(name) and name != default.company.name
    if real:
        # A real company: the example's postcode, phones, contact and e-mail would be wrong.
        company.update(dict.fromkeys(("address", "postcode", "phone", "contact"), ""))
        company.update(dict.fromkeys(("contact_phone", "email"), ""))
    given = {"name": name, "address": address, "bank_name": bank_name}
    company.update({k: v for k, v in {**given, "bank_account": bank_account}.items() if v})
    texts = {
        **company,
        "prefix": prefix or (PLAIN_PREFIX if real else letters.number_prefix),
        "contract_text": letters.contract_text,
        "legal_text": letters.legal_text,
    }
    return INIT_TEXT.format(
        **{key: _toml_string(str(value)) for key, value in texts.items()},
        counter=COUNTER_FILE,
        payment_deadline_days=letters.payment_deadline_days,
        objection_days=letters.objection_days,
    )


def write_settings(
    path: str | Path = SETTINGS_FILE, force: bool = False, **values: str | None
) -> Path:
    """Write creditbook.toml with the given company values (name, address, bank_name,
    bank_account, prefix); it is read back first, so a bad value never reaches the disk."""
    text = init_text(**values)
    Settings.model_validate(tomllib.loads(text))
    return atomic_write_text(path, text, force=force)


def load_settings(path: str | Path | None = None) -> Settings:
    """Read creditbook.toml from ``path`` or the current folder; defaults when absent."""
    if path is None:
        candidate = Path.cwd() / SETTINGS_FILE
        if not candidate.exists():
            return Settings()
        path = candidate
    path = Path(path)
    if not path.exists():
        raise SettingsError(f"{path}: 设置文件不存在 settings file not found")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: 不是有效的 TOML not valid TOML: {error}") from None
    try:
        return Settings.model_validate({**data, "source": path.resolve()})
    except ValidationError as error:
        problems = [
            f"{'.'.join(str(p) for p in item['loc'])}: {item['msg']}" for item in error.errors()
        ]
        raise SettingsError(f"{path}: " + "; ".join(problems)) from None
