"""The letter templates: 付款提醒函, 催款函, 最后催告函 and 信用调整通知书."""

from __future__ import annotations

from docx.document import Document as DocumentType
from docx.oxml import OxmlElement
from docx.shared import RGBColor

from creditbook.documents.docx_layout import (
    HEADING_FONT,
    data_table,
    header_footer,
    key_value_table,
    new_document,
    numbered_list,
    para,
    run,
    spacer,
    tag_para,
    title,
)

RED = RGBColor(0xC0, 0x00, 0x00)
DRAFT_MARK = "样稿 · 不得寄出"
DRAFT_BANNER = "样稿：发函单位或收款账户为示例或未填写，不得寄出（DRAFT）"


def draft_marks(doc: DocumentType) -> None:
    """样稿 on every page (in the header) and a banner under the title, shown only while the
    company settings are missing or still the shipped example (``company.draft``)."""
    header = doc.sections[0].header.paragraphs[0]
    run(header, "{% if company.draft %}", size=9)
    run(header, "\t", size=9)
    run(header, DRAFT_MARK, bold=True, size=9, font=HEADING_FONT).font.color.rgb = RED
    run(header, "{% endif %}", size=9)


def draft_banner(doc: DocumentType) -> None:
    tag_para(doc, "{%p if company.draft %}")
    p = para(doc, "", align="center", space_after=6)
    run(p, DRAFT_BANNER, bold=True, size=10.5, font=HEADING_FONT).font.color.rgb = RED
    tag_para(doc, "{%p endif %}")


def letter_template(kind: str) -> DocumentType:
    titles = {"reminder": "付款提醒函", "demand": "催  款  函", "final": "最后催告函"}
    doc = new_document(titles[kind].replace(" ", ""))
    header_footer(doc, confidential=False)
    draft_marks(doc)
    title(doc, titles[kind])
    draft_banner(doc)
    para(doc, "编号：{{ letter_no }}", align="right", size=10.5, space_after=8)
    p = para(doc, "致：", bold=True)
    run(p, "{{ customer_name }}", bold=True, underline=True)
    tag_para(doc, "{%p if address or contact %}")
    para(doc, "地址：{{ address }}　　联系人：{{ contact }}", size=10.5, space_after=6)
    tag_para(doc, "{%p endif %}")
    if kind == "reminder":
        opening = "感谢贵司长期以来对我司的支持与信任。经核对账目，现将贵司欠款情况函告如下："
        para(doc, opening, indent=True, align="justify")
    else:
        # Earlier letters are cited from the 发文登记簿; with none, none is claimed.
        cited, plain = {
            "demand": (
                "{{ earlier_text }}截至本函发出之日，下列款项仍未收到。",
                "经核对账目，截至本函发出之日，贵司下列款项已逾期且仍未支付。",
            ),
            "final": (
                "{{ earlier_text }}贵司至今仍未付清欠款。现正式通知如下：",
                "经核对账目，贵司下列款项逾期已久，至今仍未付清。现正式通知如下：",
            ),
        }[kind]
        tag_para(doc, "{%p if earlier %}")
        para(doc, cited, indent=True, align="justify")
        tag_para(doc, "{%p else %}")
        para(doc, plain, indent=True, align="justify")
        tag_para(doc, "{%p endif %}")
    tag_para(doc, "{%p if broken_text %}")
    para(doc, "{{ broken_text }}", indent=True, align="justify")
    tag_para(doc, "{%p endif %}")
    p = para(
        doc, "截至 {{ as_of|cn_date }}，贵司应付我司逾期货款人民币 ", indent=True, align="justify"
    )
    run(p, "{{ amount_owed|money }}", bold=True)
    run(p, " 元（大写：")
    run(p, "{{ amount_owed|rmb_upper }}", bold=True)
    run(p, "），已逾期最长 {{ max_days_overdue }} 天。")
    run(p, "{% if invoices|selectattr('note')|list %}")
    run(p, "该金额已扣除下表所列的贷项冲减（红字发票、未核销收款）。")
    run(p, "{% endif %}")
    run(p, "明细如下：")
    spacer(doc, 3)
    data_table(
        doc,
        ["单据号", "单据日期", "到期日", "金额", "已收", "未收", "逾期天数"],
        "i in invoices",
        [
            "{{ i.invoice_no }}",
            "{{ i.invoice_date|iso }}",
            "{{ i.due_date|iso }}",
            "{{ i.amount|money }}",
            "{{ i.paid|money }}",
            "{{ i.open|money }}",
            "{{ i.note or i.days_overdue }}",
        ],
        widths=(3.0, 2.1, 2.1, 2.5, 2.2, 2.5, 1.8),
        aligns="lccrrrc",
        total=["合计", "", "", "", "", "{{ lines_total|money }}", ""],
        compact=True,
    )
    spacer(doc, 4)
    held_and_disputed(doc)
    para(doc, "{{ contract_text }}", indent=True, align="justify")
    ask = {
        "reminder": "烦请贵司安排财务人员核对，并于 {{ payment_deadline|cn_date }} 前将上述款项"
        "支付至我司以下账户：",
        "demand": "请贵司务必于 {{ payment_deadline|cn_date }} 前将上述欠款全部"
        "支付至我司以下账户：",
        "final": "现最后一次催告贵司：请于 {{ payment_deadline|cn_date }} 前将上述欠款全部"
        "支付至我司以下账户：",
    }[kind]
    para(doc, ask, indent=True, align="justify")
    bank = key_value_table(
        doc,
        [
            ("户    名", "{{ company.payee }}"),
            ("开户银行", "{{ company.bank_name }}"),
            ("账    号", "{{ company.bank_account }}"),
            ("付款期限", "{{ payment_deadline|cn_date }}"),
        ],
        widths=(2.4, 5.6, 2.4, 5.6),
    )
    del bank
    spacer(doc, 4)
    if kind != "reminder":
        para(doc, "{{ interest_text }}", indent=True, align="justify")
    interest_table(doc)
    if kind == "final":
        p = para(doc, "", indent=True, align="justify")
        run(p, "{{ legal_text }}", bold=True)
    para(
        doc,
        "如贵司对上述欠款金额有异议，请于收到本函之日起 {{ objection_days }} 日内以书面形式"
        "向我司提出并附相关凭证；逾期未提出异议的，视为贵司对上述欠款金额予以确认。",
        indent=True,
        align="justify",
    )
    if kind == "reminder":
        para(doc, "如贵司已安排付款，请忽略本函，并感谢贵司的配合。", indent=True)
    para(
        doc,
        "{% if company.contact %}联系人：{{ company.contact }}　{% endif %}"
        "{% if company.contact_phone %}电话：{{ company.contact_phone }}　{% endif %}"
        "{% if company.email %}邮箱：{{ company.email }}{% endif %}",
        indent=True,
        size=10.5,
        space_before=4,
    )
    seal_block(doc, "{{ company.name }}", "{{ letter_date|cn_date }}")
    if kind != "reminder":
        receipt_slip(doc)
    return doc


def held_and_disputed(doc: DocumentType) -> None:
    """The part an open promise to pay holds back, and the invoices under dispute: both
    outside the amount this letter demands."""
    tag_para(doc, "{%p if held_text %}")
    para(
        doc,
        "上表合计人民币 {{ lines_total|money }} 元中，{{ held_text }}；"
        "本函催收金额为人民币 {{ amount_owed|money }} 元。",
        indent=True,
        align="justify",
    )
    tag_para(doc, "{%p endif %}")
    tag_para(doc, "{%p if disputed %}")
    para(doc, "有争议单据（核实中，不在本次催收金额内）：", indent=True, bold=True, space_before=4)
    spacer(doc, 3)
    data_table(
        doc,
        ["单据号", "单据日期", "到期日", "未收", "争议原因", "提出日期"],
        "d in disputed",
        [
            "{{ d.invoice_no }}",
            "{{ d.invoice_date|iso }}",
            "{{ d.due_date|iso }}",
            "{{ d.open|money }}",
            "{{ d.reason }}",
            "{{ d.since|iso }}",
        ],
        widths=(3.0, 2.1, 2.1, 2.5, 4.6, 2.1),
        aligns="lccrlc",
        total=["合计", "", "", "{{ disputed_total|money }}", "", ""],
        compact=True,
    )
    para(
        doc,
        "上述单据我司正在核实，核实结果将另行函告；核实期间不影响其他款项的支付。",
        indent=True,
        align="justify",
        size=10.5,
        space_before=4,
    )
    spacer(doc, 4)
    tag_para(doc, "{%p endif %}")


def interest_table(doc: DocumentType) -> None:
    """逾期付款损失 per invoice, when computed: its own claim, beside the principal."""
    tag_para(doc, "{%p if interest %}")
    para(
        doc,
        "逾期付款损失（另行计算，未计入上述欠款）：计至 {{ interest_to|cn_date }}，"
        "合计人民币 {{ interest_total|money }} 元（{{ interest_total|rmb_upper }}），明细如下：",
        indent=True,
        align="justify",
        space_before=4,
    )
    spacer(doc, 3)
    data_table(
        doc,
        ["单据号", "计息本金", "起算日", "天数", "利率", "损失金额"],
        "r in interest",
        [
            "{{ r.invoice_no }}",
            "{{ r.principal|money }}",
            "{{ r.start|iso }}",
            "{{ r.days }}",
            "{{ r.rate }}",
            "{{ r.amount|money if r.amount is not none else r.note }}",
        ],
        widths=(3.2, 2.4, 2.1, 1.0, 5.6, 1.9),
        aligns="lrcclr",
        total=["合计", "", "", "", "", "{{ interest_total|money }}"],
        compact=True,
    )
    spacer(doc, 4)
    tag_para(doc, "{%p endif %}")


def seal_block(doc: DocumentType, party: str, date_tag: str) -> None:
    para(doc, "", space_after=18)
    para(doc, f"{party}（盖章）", align="right")
    para(doc, "授权代表签字：____________", align="right", space_before=10)
    para(doc, date_tag, align="right", space_before=6)


def receipt_slip(doc: DocumentType) -> None:
    """The 回执 tear-off slip, in a borderless one-cell table whose row may not split, so
    that Word and LibreOffice both move it whole to the next page when it does not fit."""
    table = doc.add_table(rows=1, cols=1)
    row = table.rows[0]
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cell = row.cells[0]
    placeholder = cell.paragraphs[0]
    para(
        cell,
        "- - - - - - - - - - - - - - - 沿 此 线 剪 开 - - - - - - - - - - - - - - -",
        align="center",
        size=9,
        space_before=16,
        space_after=8,
    )
    para(cell, "回    执", align="center", font=HEADING_FONT, size=14, space_after=6)
    p = para(cell, "")
    run(p, "{{ company.name }}", underline=True)
    run(p, "：")
    para(
        cell,
        "贵司编号为 {{ letter_no }} 的《{{ title }}》已收悉。截至 {{ as_of|cn_date }}，"
        "我司应付贵司逾期货款人民币 {{ lines_total|money }} 元（{{ lines_total|rmb_upper }}）"
        "{% if disputed %}，不含有争议单据人民币 {{ disputed_total|money }} 元{% endif %}。",
        indent=True,
        align="justify",
    )
    para(cell, "□ 确认无误，将于 ______年____月____日前付清。", indent=True)
    para(cell, "□ 有异议，异议内容及理由：__________________________________________", indent=True)
    para(cell, "客户名称（盖章）：{{ customer_name }}", align="right", space_before=12)
    para(cell, "经办人：____________　　日期：______年____月____日", align="right", space_before=8)
    placeholder._p.getparent().remove(placeholder._p)


def notice_template() -> DocumentType:
    doc = new_document("信用调整通知书")
    header_footer(doc, confidential=False)
    draft_marks(doc)
    title(doc, "信用调整通知书")
    draft_banner(doc)
    para(doc, "编号：{{ notice_no }}", align="right", size=10.5, space_after=8)
    p = para(doc, "致：", bold=True)
    run(p, "{{ customer_name }}", bold=True, underline=True)
    tag_para(doc, "{%p if address or contact %}")
    para(doc, "地址：{{ address }}　　联系人：{{ contact }}", size=10.5, space_after=6)
    tag_para(doc, "{%p endif %}")
    para(
        doc,
        "感谢贵司一直以来的合作。根据我司客户信用管理制度及对贵司信用状况的定期评估，"
        "自 {{ effective_date|cn_date }} 起，贵司的信用条件调整如下：",
        indent=True,
        align="justify",
    )
    spacer(doc, 3)
    data_table(
        doc,
        ["项目", "调整前", "调整后"],
        "c in changes",
        ["{{ c.item }}", "{{ c.before }}", "{{ c.after }}"],
        widths=(5.0, 5.5, 5.5),
        aligns="lcc",
    )
    para(doc, "调整原因：", bold=True, space_before=6)
    numbered_list(doc, "reasons", "r")
    tag_para(doc, "{%p if actions %}")
    para(doc, "相关措施：", bold=True, space_before=4)
    tag_para(doc, "{%p endif %}")
    numbered_list(doc, "actions", "a")
    para(
        doc,
        "贵司信用状况改善后，我司将重新评估并及时恢复或提高信用条件。如对本次调整有异议，"
        "请于收到本通知之日起 {{ objection_days }} 日内与我司联系。",
        indent=True,
        align="justify",
        space_before=4,
    )
    para(
        doc,
        "{% if company.contact %}联系人：{{ company.contact }}　{% endif %}"
        "{% if company.contact_phone %}电话：{{ company.contact_phone }}{% endif %}",
        indent=True,
        size=10.5,
        space_before=4,
    )
    seal_block(doc, "{{ company.name }}", "{{ notice_date|cn_date }}")
    return doc
