"""Company settings (creditbook.toml): letterhead, bank details, letter numbering and wording."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from creditbook.core.errors import CreditbookError
from creditbook.files import atomic_write_text

SETTINGS_FILE = "creditbook.toml"
COUNTER_FILE = "creditbook-letter-numbers.json"


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
    """函件: numbering, deadlines and the contract/penalty wording."""

    number_prefix: str = "华瑞财函"
    payment_deadline_days: int = Field(default=10, ge=1, le=90)
    objection_days: int = Field(default=7, ge=1, le=60)
    contract_text: str = "根据双方签订的购销合同及对账记录，贵司应按约定的信用期限及时支付货款。"
    interest_text: str = (
        "逾期付款的，我司有权依据合同约定，自逾期之日起按全国银行间同业拆借中心公布的"
        "同期一年期贷款市场报价利率（LPR）上浮 50% 计收逾期付款利息，直至款项付清之日止。"
    )
    legal_text: str = (
        "如贵司逾期仍未付清全部欠款，我司将不再另行通知，依法向有管辖权的人民法院提起诉讼"
        "或申请仲裁，由此产生的诉讼费、律师费、保全费等一切费用及逾期利息均由贵司承担。"
    )


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
    source: Path | None = Field(default=None, exclude=True)

    @property
    def counter_path(self) -> Path:
        path = Path(self.counter_file)
        if path.is_absolute():
            return path
        base = self.source.parent if self.source else Path.cwd()
        return base / path


INIT_TEXT = """\
# creditbook 设置文件 company settings — read by every command from the current folder
# (or pass --config FILE). Edit the values; keep the quotes. Lines starting with # are comments.

policy = "abc"            # 信用政策: 预设 abc / abcd / aaa, or the path of a policy TOML file
counter_file = "{counter}"  # 函件编号计数器 letter-number counter (never delete)

[company]                 # 本公司信息, printed on the letterhead and signature block
name = "{c.name}"
address = "{c.address}"
postcode = "{c.postcode}"
phone = "{c.phone}"
contact = "{c.contact}"             # 联系人 shown on letters
contact_phone = "{c.contact_phone}"
email = "{c.email}"
bank_name = "{c.bank_name}"          # 开户银行
bank_account = "{c.bank_account}"    # 银行账号
account_name = ""                    # 收款户名; empty = company name
legal_department = "{c.legal_department}"  # receives the 法律程序 list

[letters]                 # 催收函件
number_prefix = "{l.number_prefix}"   # 函件编号 = prefix〔year〕sequence号, never reused
payment_deadline_days = {l.payment_deadline_days}     # 付款期限: days after the letter date
objection_days = {l.objection_days}             # 异议期: days to object to the amounts
# 合同条款 contract wording
contract_text = "{l.contract_text}"
# 逾期利息 penalty interest wording (LPR based; change the markup to your contract's)
interest_text = "{l.interest_text}"
# 法律程序 wording on the final notice
legal_text = "{l.legal_text}"

[ledger]                  # 台账读取 how your ledger exports are read (see docs/ledgers.md)
# sheet = "应收账款明细表"   # 工作表 the sheet to read (name or number)
# form = "statement"        # statement = 往来明细账 (借方/贷方/余额), invoice = 单据明细
# term_days = 60            # 往来明细账: term for customers without one in the register

[ledger.columns]          # 表头映射 your header = creditbook's header
# "往来单位" = "客户名称"
# "本币金额" = "金额"
"""


def init_text() -> str:
    """The commented creditbook.toml written by `creditbook init`."""
    default = Settings()
    return INIT_TEXT.format(c=default.company, l=default.letters, counter=COUNTER_FILE)


def write_settings(path: str | Path = SETTINGS_FILE, force: bool = False) -> Path:
    return atomic_write_text(path, init_text(), force=force)


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
