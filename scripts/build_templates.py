"""Regenerate workbook_templates/*.xlsx from the builders (run after changing a builder)."""

from creditbook.workbooks.build import write_templates

if __name__ == "__main__":
    for path in write_templates(force=True):
        print(path)
