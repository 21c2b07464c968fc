"""Builds the Word templates in doc_templates/ (reproducible; users may edit the results)."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentType

from creditbook.documents.docx_layout import (
    HEADING_FONT,
    add_row,
    data_table,
    header_footer,
    heading,
    key_value_table,
    new_document,
    new_table,
    para,
    row_height,
    run,
    set_cell,
    spacer,
    tag_para,
    title,
)
from creditbook.files import atomic_save

TEMPLATE_FILES: dict[str, str] = {
    "report": "客户信用评估报告.docx",
    "approval": "信用额度审批表.docx",
    "reminder": "付款提醒函.docx",
    "demand": "催款函.docx",
    "final": "最后催告函.docx",
    "notice": "信用调整通知书.docx",
    "survey": "顾客满意度调查分析报告.docx",
}


def _letter(kind: str) -> DocumentType:
    titles = {"reminder": "付款提醒函", "demand": "催  款  函", "final": "最后催告函"}
    doc = new_document(titles[kind].replace(" ", ""))
    header_footer(doc, confidential=False)
    title(doc, titles[kind])
    para(doc, "编号：{{ letter_no }}", align="right", size=10.5, space_after=8)
    p = para(doc, "致：", bold=True)
    run(p, "{{ customer_name }}", bold=True, underline=True)
    tag_para(doc, "{%p if address or contact %}")
    para(doc, "地址：{{ address }}　　联系人：{{ contact }}", size=10.5, space_after=6)
    tag_para(doc, "{%p endif %}")
    opening = {
        "reminder": "感谢贵司长期以来对我司的支持与信任。经核对账目，现将贵司欠款情况函告如下：",
        "demand": "我司曾就下列款项多次提醒贵司付款，但截至本函发出之日仍未收到。",
        "final": "我司此前已多次向贵司发出付款提醒及催款函，贵司至今仍未付清欠款。现正式通知如下：",
    }[kind]
    para(doc, opening, indent=True, align="justify")
    p = para(doc, "截至 {{ as_of|cn_date }}，贵司尚欠我司货款人民币 ", indent=True, align="justify")
    run(p, "{{ amount_owed|money }}", bold=True)
    run(p, " 元（大写：")
    run(p, "{{ amount_owed|rmb_upper }}", bold=True)
    run(p, "），已逾期最长 {{ max_days_overdue }} 天，明细如下：")
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
            "{{ i.days_overdue }}",
        ],
        widths=(3.0, 2.1, 2.1, 2.5, 2.2, 2.5, 1.8),
        aligns="lccrrrc",
        total=["合计", "", "", "", "", "{{ amount_owed|money }}", ""],
        compact=True,
    )
    spacer(doc, 4)
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
        "联系人：{{ company.contact }}　电话：{{ company.contact_phone }}　"
        "邮箱：{{ company.email }}",
        indent=True,
        size=10.5,
        space_before=4,
    )
    _seal(doc, "{{ company.name }}", "{{ letter_date|cn_date }}")
    if kind != "reminder":
        _receipt(doc)
    return doc


def _seal(doc: DocumentType, party: str, date_tag: str) -> None:
    para(doc, "", space_after=18)
    para(doc, f"{party}（盖章）", align="right")
    para(doc, "授权代表签字：____________", align="right", space_before=10)
    para(doc, date_tag, align="right", space_before=6)


def _receipt(doc: DocumentType) -> None:
    first = len(doc.paragraphs)
    para(
        doc,
        "- - - - - - - - - - - - - - - 沿 此 线 剪 开 - - - - - - - - - - - - - - -",
        align="center",
        size=9,
        space_before=16,
        space_after=8,
    )
    para(doc, "回    执", align="center", font=HEADING_FONT, size=14, space_after=6)
    p = para(doc, "")
    run(p, "{{ company.name }}", underline=True)
    run(p, "：")
    para(
        doc,
        "贵司编号为 {{ letter_no }} 的《{{ title }}》已收悉。截至 {{ as_of|cn_date }}，"
        "我司尚欠贵司货款人民币 {{ amount_owed|money }} 元（{{ amount_owed|rmb_upper }}）。",
        indent=True,
        align="justify",
    )
    para(doc, "□ 确认无误，将于 ______年____月____日前付清。", indent=True)
    para(doc, "□ 有异议，异议内容及理由：__________________________________________", indent=True)
    para(doc, "客户名称（盖章）：{{ customer_name }}", align="right", space_before=12)
    para(doc, "经办人：____________　　日期：______年____月____日", align="right", space_before=8)
    for paragraph in doc.paragraphs[first:-1]:  # the slip never splits across pages
        paragraph.paragraph_format.keep_with_next = True


def _report() -> DocumentType:
    doc = new_document("客户信用评估报告")
    header_footer(doc, confidential=True)
    title(doc, "客户信用评估报告")
    para(
        doc,
        "报告编号：{{ report_no }}　　评估日期：{{ report_date|cn_date }}",
        align="center",
        size=10.5,
    )
    para(doc, "依据：{{ policy_title }}", align="center", size=10.5, space_after=8)
    heading(doc, "一、客户基本信息")
    key_value_table(
        doc,
        [
            ("客户名称", "{{ customer.name }}"),
            ("客户编码", "{{ customer.customer_id }}"),
            ("统一社会信用代码", "{{ customer.uscc }}"),
            ("法定代表人", "{{ customer.legal_representative }}"),
            ("注册资本", "{{ customer.registered_capital }}"),
            ("成立时间", "{{ customer.founded }}"),
            ("所属行业", "{{ customer.industry }}"),
            ("销售负责人", "{{ customer.salesperson }}"),
            ("联系人", "{{ customer.contact }}"),
            ("联系电话", "{{ customer.phone }}"),
            ("地址", "{{ customer.address }}"),
            ("合作情况", "{{ customer.relationship }}"),
        ],
    )
    heading(doc, "二、财务状况摘要（单位：元）")
    data_table(
        doc,
        ["项目", "{{ previous_period }}", "{{ current_period }}"],
        "f in financials",
        ["{{ f.item }}", "{{ f.previous|money }}", "{{ f.current|money }}"],
        widths=(5.6, 5.2, 5.2),
        aligns="lrr",
    )
    heading(doc, "三、财务比率与评分区间")
    data_table(
        doc,
        ["指标", "{{ previous_period }}", "{{ current_period }}", "所在区间", "得分"],
        "r in ratios",
        [
            "{{ r.name }}",
            "{{ r.previous }}",
            "{{ r.current }}",
            "{{ r.band }}",
            "{{ r.points|num }} / {{ r.max_points|num }}",
        ],
        widths=(4.4, 2.7, 2.7, 3.6, 2.6),
        aligns="lrrcc",
    )
    para(doc, "{{ chart_ratios }}", align="center", space_before=4)
    heading(doc, "四、付款行为与应收账款")
    data_table(
        doc,
        ["项目", "情况"],
        "p in payment",
        ["{{ p.label }}", "{{ p.value }}"],
        widths=(6.0, 10.0),
        aligns="lr",
    )
    para(doc, "{{ chart_aging }}", align="center", space_before=4)
    heading(doc, "五、5C 定性评价")
    data_table(
        doc,
        ["维度", "评分（1–5）", "权重", "加权得分"],
        "c in five_c",
        ["{{ c.name }}", "{{ c.value }}", "{{ c.weight|num }}", "{{ c.weighted|num }}"],
        widths=(5.0, 3.6, 3.6, 3.8),
        aligns="lccc",
    )
    heading(doc, "六、评分明细")
    data_table(
        doc,
        ["指标", "类型", "指标值", "得分(0–10)", "权重", "加权得分"],
        "s in score_items",
        [
            "{{ s.name }}",
            "{{ s.kind }}",
            "{{ s.value }}",
            "{{ s.points|num }}",
            "{{ s.weight|num }}",
            "{{ s.weighted|num }}",
        ],
        widths=(4.2, 1.8, 2.6, 2.6, 2.0, 2.8),
        aligns="lcrccc",
        total=["总分", "", "", "", "", "{{ score|num }}"],
    )
    para(doc, "{{ chart_score }}", align="center", space_before=4)
    heading(doc, "七、信用等级与授信建议")
    key_value_table(
        doc,
        [
            ("综合评分", "{{ score|num }}"),
            ("信用等级", "{{ grade }}"),
            ("建议信用额度", "{{ limit|money }} 元"),
            ("建议信用期限", "{{ term_days }} 天"),
            ("现有信用额度", "{{ current_limit|money }}"),
            ("等级说明", "{{ grade_description }}"),
        ],
    )
    spacer(doc, 4)
    data_table(
        doc,
        ["额度测算方法", "计算依据", "测算额度（元）"],
        "m in limit_methods",
        ["{{ m.method }}", "{{ m.basis }}", "{{ m.figure|money }}"],
        widths=(3.4, 9.0, 3.6),
        aligns="llr",
    )
    para(doc, "授信条件：", bold=True, space_before=6)
    tag_para(doc, "{%p for c in conditions %}")
    para(doc, "{{ loop.index }}. {{ c }}", indent=True)
    tag_para(doc, "{%p endfor %}")
    heading(doc, "八、预警信号")
    tag_para(doc, "{%p for w in warnings %}")
    para(doc, "⚠ {{ w }}", indent=True)
    tag_para(doc, "{%p endfor %}")
    tag_para(doc, "{%p if not warnings %}")
    para(doc, "未发现预警信号。", indent=True)
    tag_para(doc, "{%p endif %}")
    heading(doc, "九、评估结论")
    para(doc, "{{ conclusion }}", indent=True, align="justify")
    spacer(doc, 8)
    _sign_table(doc, [("评估人", "{{ evaluator }}"), ("复核人", "{{ reviewer }}")])
    return doc


def _sign_table(doc: DocumentType, roles: list[tuple[str, str]]) -> None:
    table = new_table(doc, 4, (2.6, 5.4, 2.6, 5.4))
    for role, name in roles:
        add_row(table, [role, name, "签字/日期", ""])
        for index in (0, 2):
            set_cell(table.rows[-1].cells[index], "", shade=True)
        row_height(table, 1.2)


def _approval() -> DocumentType:
    doc = new_document("信用额度审批表")
    header_footer(doc, confidential=True)
    title(doc, "信用额度审批表")
    para(
        doc,
        "编号：{{ form_no }}　　申请日期：{{ form_date|cn_date }}",
        align="right",
        size=10.5,
        space_after=6,
    )
    key_value_table(
        doc,
        [
            (
                "申请类型",
                "{{ request_type }}{% if expiry %}（临时额度，有效期至 "
                "{{ expiry|cn_date }}）{% endif %}",
            ),
            ("客户编码", "{{ customer.customer_id }}"),
            ("客户名称", "{{ customer.name }}"),
            ("销售人员", "{{ customer.salesperson }}"),
            ("近 12 个月销售额", "{{ sales_12m|money }}"),
            ("统一社会信用代码", "{{ customer.uscc }}"),
        ],
    )
    spacer(doc, 4)
    table = new_table(doc, 4, (4.0, 4.0, 4.0, 4.0))
    add_row(table, ["项目", "现有", "申请", "评估建议"], header=True)
    add_row(
        table,
        [
            "信用额度（元）",
            "{{ current_limit|money }}",
            "{{ requested_limit|money }}",
            "{{ recommended_limit|money }}",
        ],
        aligns="lrrr",
    )
    add_row(
        table,
        [
            "信用期限（天）",
            "{{ current_term if current_term is not none else '—' }}",
            "{{ requested_term }}",
            "{{ recommended_term }}",
        ],
        aligns="lrrr",
    )
    spacer(doc, 4)
    key_value_table(
        doc,
        [
            ("应收账款余额", "{{ receivables|money }}"),
            ("其中逾期金额", "{{ overdue|money }}"),
            ("最长逾期天数", "{{ max_days_overdue }} 天"),
            ("信用评分 / 等级", "{{ score|num }} / {{ grade }}"),
            ("担保措施", "{{ guarantees }}"),
            ("", ""),
        ],
    )
    spacer(doc, 4)
    table = new_table(doc, 2, (3.2, 12.8))
    add_row(table, ["申请理由", "{{ reasons }}"])
    set_cell(table.rows[-1].cells[0], "", shade=True)
    row_height(table, 2.2)
    heading(doc, "审批流程")
    data_table(
        doc,
        ["环节", "意见", "签字", "日期"],
        "s in chain",
        ["{{ s.role }}", "", "", "      年    月    日"],
        widths=(3.6, 6.6, 2.8, 3.2),
        aligns="llcc",
        height=1.5,
    )
    para(
        doc,
        "说明：审批环节依据《客户信用管理制度》按申请额度确定；各环节须签署意见、签字并注明日期，"
        "审批表与评估报告一并存入客户信用档案。",
        size=9,
        space_before=6,
    )
    return doc


def _notice() -> DocumentType:
    doc = new_document("信用调整通知书")
    header_footer(doc, confidential=False)
    title(doc, "信用调整通知书")
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
    tag_para(doc, "{%p for r in reasons %}")
    para(doc, "{{ loop.index }}. {{ r }}", indent=True)
    tag_para(doc, "{%p endfor %}")
    tag_para(doc, "{%p if actions %}")
    para(doc, "相关措施：", bold=True, space_before=4)
    tag_para(doc, "{%p endif %}")
    tag_para(doc, "{%p for a in actions %}")
    para(doc, "{{ loop.index }}. {{ a }}", indent=True)
    tag_para(doc, "{%p endfor %}")
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
        "联系人：{{ company.contact }}　电话：{{ company.contact_phone }}",
        indent=True,
        size=10.5,
        space_before=4,
    )
    _seal(doc, "{{ company.name }}", "{{ notice_date|cn_date }}")
    return doc


def _survey() -> DocumentType:
    doc = new_document("顾客满意度调查分析报告")
    header_footer(doc, confidential=False)
    title(doc, "顾客满意度调查分析报告")
    para(
        doc,
        "{{ period }}　　编号：{{ report_no }}　　日期：{{ report_date|cn_date }}",
        align="center",
        size=10.5,
        space_after=8,
    )
    heading(doc, "一、调查概况")
    key_value_table(
        doc,
        [
            ("调查期间", "{{ period }}"),
            ("评分标度", "1–{{ scale }} 分"),
            ("发放问卷", "{{ sent }} 份"),
            ("有效回收", "{{ returned }} 份"),
            ("回收率", "{{ response_rate|pct }}"),
            ("综合满意度", "{{ overall|num }} 分"),
        ],
    )
    heading(doc, "二、各维度满意度")
    data_table(
        doc,
        ["维度", "平均分", "目标值", "差距", "结论"],
        "d in dimensions",
        [
            "{{ d.name }}",
            "{{ d.average|num }}",
            "{{ d.target|num }}",
            "{{ d.gap|num }}",
            "{{ '低于目标' if d.below else '达标' }}",
        ],
        widths=(4.8, 2.6, 2.6, 2.6, 3.4),
        aligns="lcccc",
    )
    para(doc, "{{ chart_dimensions }}", align="center", space_before=4)
    heading(doc, "三、低于目标的维度及纠正措施")
    tag_para(doc, "{%p if not below_target %}")
    para(doc, "各维度均达到目标值。", indent=True)
    tag_para(doc, "{%p endif %}")
    data_table(
        doc,
        ["维度", "纠正措施", "责任部门", "完成期限"],
        "a in actions",
        ["{{ a.dimension }}", "{{ a.action }}", "{{ a.owner }}", "{{ a.due|cn_date }}"],
        widths=(2.8, 6.6, 2.8, 4.0),
        aligns="llcc",
    )
    heading(doc, "四、顾客意见摘录")
    tag_para(doc, "{%p for c in comments %}")
    para(doc, "{{ loop.index }}. {{ c }}", indent=True)
    tag_para(doc, "{%p endfor %}")
    spacer(doc, 8)
    table = new_table(doc, 6, (2.0, 3.4, 2.0, 3.4, 2.0, 3.2))
    add_row(table, ["编制", "{{ prepared_by }}", "审核", "", "批准", ""])
    for index in (0, 2, 4):
        set_cell(table.rows[-1].cells[index], "", shade=True)
    row_height(table, 1.2)
    return doc


BUILDERS = {
    "report": _report,
    "approval": _approval,
    "reminder": lambda: _letter("reminder"),
    "demand": lambda: _letter("demand"),
    "final": lambda: _letter("final"),
    "notice": _notice,
    "survey": _survey,
}


def build_template(kind: str) -> DocumentType:
    return BUILDERS[kind]()


def write_templates(out_dir: str | Path, force: bool = False) -> list[Path]:
    """Write every template into ``out_dir`` (the repository's doc_templates/)."""
    out_dir = Path(out_dir)
    written = []
    for kind, name in TEMPLATE_FILES.items():
        written.append(atomic_save(out_dir / name, build_template(kind).save, force=force))
    return written


if __name__ == "__main__":
    import sys

    target = sys.argv[1] if len(sys.argv) > 1 else "doc_templates"
    for written_path in write_templates(target, force=True):
        print(written_path)
