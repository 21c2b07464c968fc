"""顾客满意度调查分析报告 from the standard survey workbook: its columns read by their headers."""

from __future__ import annotations

from creditbook.documents.survey import survey_context
from creditbook.settings import Settings
from creditbook.workbooks.build import new_workbook_file


def test_only_the_score_columns_are_dimensions_and_the_comments_are_read(tmp_path):
    path = new_workbook_file("survey", tmp_path / "满意度调查.xlsx", sample=True)
    context = survey_context(path, Settings())
    assert [(d.name, d.average, d.responses) for d in context.dimensions] == [
        ("产品质量", 4.17, 30),
        ("服务质量", 4.07, 30),
        ("价格", 4.1, 30),
        ("交付", 3.43, 30),
        ("公司评价", 4.2, 30),
    ]
    # 客户编码, 填表人 and 意见和建议 are neither dimensions nor given corrective actions
    assert [a.dimension for a in context.actions] == ["交付"]
    assert context.comments[:2] == (
        "产品质量稳定，售后响应及时。（5 条）",
        "交付周期偏长，旺季尤为明显。（4 条）",
    )
