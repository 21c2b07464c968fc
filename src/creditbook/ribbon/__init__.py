"""The ribbon's 生成文书 button: the documents of the workbook open in Excel, from its values.

``creditbook.main()`` (run by the add-in's ``RunMain`` callback) → ``ribbon.excel.ExcelHost``
(xlwings) → ``ribbon.run.run`` → one job per workbook kind in ``ribbon.jobs``.
"""

BUTTON_LABEL = "生成文书"
GROUP_LABEL = "文书"
SCREENTIP = "生成文书 Generate documents"
# What the button writes for each standard workbook (the ScreenTip's description).
DOCUMENTS = (
    ("客户信用评估表", "客户信用评估报告、信用额度审批表"),
    ("应收账款账龄分析 / 客户信用档案", "本月催收函、信用调整通知书、法律程序客户清单"),
    ("顾客满意度调查", "顾客满意度调查分析报告"),
)
SUPERTIP = "\n".join(
    [
        "按当前工作簿的内容生成文书，保存到工作簿旁的“<工作簿名> 文书\\<日期>”文件夹：",
        *(f"{book} → {documents}" for book, documents in DOCUMENTS),
    ]
)
