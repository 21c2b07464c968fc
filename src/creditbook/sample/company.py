"""The sample seller and its thirty customers: names, registration codes, contacts."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from stdnum.cn import uscc

from creditbook.core.models import Customer

# GB 11714 organisation code: 8 body characters, weights, check 11 - sum mod 11 (10 → X).
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _org_check(body: str) -> str:
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(region: str, body: str, entity: str = "91") -> str:
    """统一社会信用代码 from a region code and an 8-character organisation body.

    >>> make_uscc("320594", "MA1MN8KT")
    '91320594MA1MN8KT09'
    """
    first17 = entity + region + body + _org_check(body)
    return uscc.validate(first17 + uscc.calc_check_digit(first17))


def _org_body(rng: random.Random, founded: dt.date) -> str:
    """Old companies carry an all-digit code; those founded since 2015 an 'MA…' code."""
    if founded.year >= 2015:
        tail = "".join(rng.choice(_USCC_ALPHABET[1:]) for _ in range(5))
        return "MA" + rng.choice("0123456789") + tail
    return str(rng.choice("567")) + "".join(rng.choice("0123456789") for _ in range(7))


@dataclass(frozen=True)
class Company:
    """The seller (本公司): letterhead, bank details and the people who sign.

    Field names follow the document settings (``CompanySettings``) where they overlap.
    """

    name: str
    short_name: str
    uscc: str
    legal_representative: str
    address: str
    postcode: str
    phone: str
    fax: str
    contact: str
    contact_phone: str
    email: str
    website: str
    bank_name: str
    bank_account: str
    legal_department: str
    letter_prefix: str
    general_manager: str
    finance_director: str
    credit_manager: str
    ar_accountant: str
    sales_director: str
    salespersons: tuple[str, ...]


SELLER = Company(
    name="苏州鼎润精密传动股份有限公司",
    short_name="鼎润传动",
    uscc=make_uscc("320594", "73826154"),
    legal_representative="沈志强",
    address="江苏省苏州市工业园区星龙街 428 号",
    postcode="215126",
    phone="0512-6283 5100",
    fax="0512-6283 5109",
    contact="李娜（应收账款管理）",
    contact_phone="0512-6283 5126",
    email="ar@dingrun-drive.com.cn",
    website="www.dingrun-drive.com.cn",
    bank_name="中国工商银行股份有限公司苏州工业园区支行",
    bank_account="1102 0203 0900 0158 627",
    legal_department="法务部",
    letter_prefix="鼎润财函",
    general_manager="沈志强",
    finance_director="孙丽华",
    credit_manager="赵建国",
    ar_accountant="李娜",
    sales_director="顾文斌",
    salespersons=("王磊", "陈静", "刘洋", "张伟", "周敏"),
)

# Financial strength (strong/good/fair/weak) and payment habit
# (prompt/mostly/late/chronic/default) of each customer; new = first year of trading.
# name, region code, city district address, industry, strength, habit, new, monthly sales ¥
# fmt: off
PROFILES: tuple[tuple[str, str, str, str, str, str, bool, int], ...] = (
    ("苏州工业园区华辰自动化设备有限公司", "320594", "江苏省苏州市工业园区唯亭街道春辉路 18 号",
     "专用设备制造业", "strong", "prompt", False, 620_000),
    ("昆山鼎信电子科技有限公司", "320583", "江苏省昆山市开发区前进东路 1088 号",
     "计算机、通信和其他电子设备制造业", "strong", "prompt", False, 480_000),
    ("无锡瑞丰精密机械股份有限公司", "320214", "江苏省无锡市新吴区长江南路 35 号",
     "通用设备制造业", "strong", "prompt", False, 850_000),
    ("常州天元液压机电有限公司", "320412", "江苏省常州市武进区湖塘镇延政西路 216 号",
     "通用设备制造业", "strong", "mostly", False, 360_000),
    ("南京同创智能装备股份有限公司", "320114", "江苏省南京市雨花台区软件大道 109 号",
     "专用设备制造业", "strong", "prompt", False, 540_000),
    ("上海沪桥机电工程有限公司", "310112", "上海市闵行区莘庄工业区春东路 508 号",
     "建筑安装业", "strong", "late", False, 410_000),
    ("杭州恒拓环保科技股份有限公司", "330106", "浙江省杭州市西湖区三墩镇西园路 9 号",
     "生态保护和环境治理业", "strong", "prompt", True, 280_000),
    ("宁波港兴模具有限公司", "330206", "浙江省宁波市北仑区大碶街道庐山西路 66 号",
     "专用设备制造业", "good", "mostly", False, 230_000),
    ("张家港市永盛金属制品有限公司", "320582", "江苏省张家港市杨舍镇塘市工业园 12 号",
     "金属制品业", "good", "prompt", False, 190_000),
    ("常熟市新瑞纺织机械有限公司", "320581", "江苏省常熟市虞山镇东南大道 118 号",
     "专用设备制造业", "good", "mostly", False, 260_000),
    ("太仓华安汽车零部件有限公司", "320585", "江苏省太仓市城厢镇太平北路 77 号",
     "汽车制造业", "good", "mostly", False, 330_000),
    ("南通海达船舶配套设备有限公司", "320612", "江苏省南通市通州区兴东街道金川路 21 号",
     "铁路、船舶、航空航天和其他运输设备制造业", "good", "late", False, 300_000),
    ("合肥科瑞新能源科技有限公司", "340104", "安徽省合肥市蜀山区经开区习友路 1655 号",
     "电气机械和器材制造业", "good", "mostly", True, 210_000),
    ("青岛海川冷链设备有限公司", "370214", "山东省青岛市城阳区流亭街道双元路 88 号",
     "通用设备制造业", "good", "mostly", False, 170_000),
    ("深圳市联讯精密五金有限公司", "440306", "广东省深圳市宝安区福永街道凤凰第一工业区 7 栋",
     "金属制品业", "good", "late", False, 150_000),
    ("乐清市正远电气有限公司", "330382", "浙江省乐清市柳市镇长虹路 301 号",
     "电气机械和器材制造业", "good", "prompt", False, 140_000),
    ("常州恒力轴承制造有限公司", "320411", "江苏省常州市新北区薛家镇顺园路 19 号",
     "通用设备制造业", "fair", "late", False, 180_000),
    ("苏州嘉禾建材科技有限公司", "320507", "江苏省苏州市相城区黄埭镇春申路 55 号",
     "非金属矿物制品业", "fair", "late", False, 160_000),
    ("昆山立达塑胶制品有限公司", "320583", "江苏省昆山市张浦镇德国工业园沪光路 6 号",
     "橡胶和塑料制品业", "fair", "mostly", False, 120_000),
    ("上海浦闵电梯配件有限公司", "310112", "上海市闵行区颛桥镇都会路 1788 号",
     "通用设备制造业", "fair", "chronic", False, 200_000),
    ("无锡广源物资贸易有限公司", "320213", "江苏省无锡市梁溪区通江大道 569 号",
     "批发业", "fair", "late", False, 140_000),
    ("苏州吴门工程安装有限公司", "320508", "江苏省苏州市姑苏区人民路 3118 号",
     "建筑安装业", "fair", "chronic", False, 110_000),
    ("南京聚力工业自动化股份有限公司", "320115", "江苏省南京市江宁区秣陵街道将军大道 159 号",
     "专用设备制造业", "fair", "mostly", True, 150_000),
    ("嘉兴禾丰印染机械有限公司", "330402", "浙江省嘉兴市南湖区大桥镇亚太路 778 号",
     "专用设备制造业", "fair", "late", False, 100_000),
    ("宜兴市金陵环保设备有限公司", "320282", "江苏省宜兴市高塍镇远东大道 26 号",
     "生态保护和环境治理业", "weak", "chronic", False, 130_000),
    ("泰州润达化工设备有限公司", "321202", "江苏省泰州市海陵区九龙镇振兴路 8 号",
     "专用设备制造业", "weak", "default", False, 160_000),
    ("绍兴柯桥锦程纺织品有限公司", "330603", "浙江省绍兴市柯桥区华舍街道蜀阜路 12 号",
     "纺织业", "weak", "chronic", False, 90_000),
    ("盐城东泰机械制造有限公司", "320903", "江苏省盐城市盐都区新区大庆路 16 号",
     "通用设备制造业", "weak", "default", False, 120_000),
    ("苏州宏泰光电材料有限公司", "320505", "江苏省苏州市高新区浒关工业园浒青路 122 号",
     "计算机、通信和其他电子设备制造业", "weak", "late", True, 80_000),
    ("扬州华扬输送设备有限公司", "321003", "江苏省扬州市邗江区杨庙镇工业集中区 3 号",
     "专用设备制造业", "fair", "mostly", False, 95_000),
)
# fmt: on

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志红玲海燕晓峰鹏辉斌宇浩凯琳雪梅婷飞"
_TITLES = ("财务经理", "采购经理", "财务总监", "总经理", "采购主管", "副总经理")
_MOBILE_PREFIXES = ("138", "139", "135", "136", "137", "150", "151", "158", "159", "186", "189")
# fmt: off
_AREA_CODES = {"3205": "0512", "3202": "0510", "3204": "0519", "3201": "025", "3106": "0513",
               "3101": "021", "3301": "0571", "3302": "0574", "3303": "0577", "3401": "0551",
               "3702": "0532", "4403": "0755", "3212": "0523", "3304": "0573", "3306": "0575",
               "3209": "0515", "3210": "0514", "3206": "0513"}
# fmt: on


def person_name(rng: random.Random) -> str:
    given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(_SURNAMES) + given


def mobile(rng: random.Random) -> str:
    return f"{rng.choice(_MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"


def landline(rng: random.Random, region: str) -> str:
    area = _AREA_CODES.get(region[:4], "0512")
    digits = 8 if len(area) == 3 or area in {"0512", "0510", "0519", "0571", "0574"} else 7
    return f"{area}-{rng.randrange(5 * 10 ** (digits - 1), 9 * 10 ** (digits - 1))}"


def build_customers(rng: random.Random) -> tuple[Customer, ...]:
    """Thirty customers with valid 统一社会信用代码, contacts and salespersons."""
    customers = []
    for index, (name, region, address, industry, strength, _, is_new, _) in enumerate(PROFILES):
        founded = dt.date(
            rng.randrange(2016, 2024) if is_new else rng.randrange(1998, 2016),
            rng.randrange(1, 13),
            rng.randrange(1, 29),
        )
        capital = {"strong": 5000, "good": 2000, "fair": 1000, "weak": 500}[strength]
        contact = person_name(rng)
        customers.append(
            Customer(
                customer_id=f"KH{index + 1:04d}",
                name=name,
                uscc=make_uscc(region, _org_body(rng, founded)),
                legal_representative=person_name(rng),
                registered_capital=Decimal(capital * rng.choice((1, 2, 3)) * 10_000),
                industry=industry,
                founded=founded,
                contact=f"{contact}（{rng.choice(_TITLES)}）",
                phone=mobile(rng) if rng.random() < 0.6 else landline(rng, region),
                address=address,
                salesperson=SELLER.salespersons[index % len(SELLER.salespersons)],
                is_new=is_new,
            )
        )
    return tuple(customers)
