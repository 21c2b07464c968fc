"""Builds the Word templates in doc_templates/ (reproducible); reports and form live here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocumentType

from creditbook.documents.docx_layout import (
    add_row,
    data_table,
    header_footer,
    heading,
    key_value_table,
    new_document,
    new_table,
    numbered_list,
    para,
    row_height,
    set_cell,
    spacer,
    tag_para,
    title,
)
from creditbook.documents.template_letters import letter_template, notice_template
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
    heading(doc, "五、定性评价与外部评级")
    data_table(
        doc,
        ["项目", "评分/评级", "权重", "加权得分", "评分依据"],
        "c in five_c",
        [
            "{{ c.name }}",
            "{{ c.value }}",
            "{{ c.weight|num }}",
            "{{ c.weighted|num }}",
            "{{ c.note }}",
        ],
        widths=(2.2, 2.2, 1.6, 2.2, 8.0),
        aligns="lccc" + "l",
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
    numbered_list(doc, "conditions", "c")
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
            (
                "近 12 个月销售额",
                "{% if sales_12m is none %}无（资料不足）"
                "{% else %}{{ sales_12m|money }}{% endif %}",
            ),
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
        "说明：审批环节依据《客户信用管理制度》的金额档次，按本表申请额度、评估建议额度与评估表"
        "“核定信用额度”中较高者确定，与评估表“审批”表同一规则；“现有”为调整前的信用额度"
        "（评估表“审批”表的“现有信用额度”）。各环节须签署意见、签字并注明日期，"
        "审批表与评估报告一并存入客户信用档案。",
        size=9,
        space_before=6,
    )
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
    numbered_list(doc, "comments", "c")
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
    "reminder": lambda: letter_template("reminder"),
    "demand": lambda: letter_template("demand"),
    "final": lambda: letter_template("final"),
    "notice": notice_template,
    "survey": _survey,
}


def build_template(kind: str) -> DocumentType:
    return BUILDERS[kind]()


def write_templates(out_dir: str | Path, force: bool = False) -> list[Path]:
    """Write every template into ``out_dir`` (the repository's doc_templates/)."""
    out_dir = Path(out_dir)
    written = []
    for kind, name in TEMPLATE_FILES.items():
        written.append(atomic_save(out_dir / name, _saver(build_template(kind)), force=force))
    return written


def _saver(document: DocumentType) -> Callable[[Path], None]:
    """``atomic_save``'s callback for a document (python-docx's save takes a str path)."""
    return lambda path: document.save(str(path))


if __name__ == "__main__":
    import sys

    target = sys.argv[1] if len(sys.argv) > 1 else "doc_templates"
    for written_path in write_templates(target, force=True):
        print(written_path)
