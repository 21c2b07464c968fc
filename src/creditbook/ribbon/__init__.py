"""The ribbon's 生成文书 button: the documents of the workbook open in Excel, from its values."""
