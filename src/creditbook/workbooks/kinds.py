"""The names of the standard workbook kinds, importable without openpyxl (CLI help)."""

from __future__ import annotations

KINDS = ("evaluation", "register", "aging", "contacts", "survey")

# Custom document property naming a workbook's kind (File → 信息 → 属性 → 高级属性 → 自定义);
# `workbook new` writes it, the ribbon's 生成文书 button reads it.
KIND_PROPERTY = "creditbook.kind"
